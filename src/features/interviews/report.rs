//! The report of a mock interview, built when it is read from the stored
//! answer rows (their scores and the scorer's notes, [`Details`]) and
//! rendered in the reader's language: nothing is re-scored, and the report
//! of an interview finished in Chinese reads in English with
//! `Accept-Language: en`. What is stored when an interview finishes is the
//! language-free [`Summary`] (overall score and scores per topic).
//!
//! The rules:
//! - an unanswered question scores 0;
//! - a main question answered with a follow-up (追问) counts
//!   (2 × main + follow-up) / 3, so the follow-up can mend or spoil it;
//! - `overall_score` is the mean of the main questions' scores, rounded (the
//!   stored one is shown once the interview is finished);
//! - `dimensions` are the means (× 100, rounded) of the scorer's sub-scores
//!   over every answered question that has them; `fluency` and `pace` exist
//!   only for spoken answers (those with a recording), typed text has no
//!   speech to judge (issue 17);
//! - `topics` are the mean main scores per career or tag ([`GENERAL`]
//!   without one);
//! - `improved` are up to [`HINTS`] hints grouped by their message key (every
//!   "add the missed point" together), most frequent first, the first of a
//!   group standing for it;
//! - `speech_rate` is the mean over recorded answers, to one decimal.
//!
//! Rows stored before the scorer produced notes (plain-text `feedback` and
//! `improved`) are shown as they were written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entity::mock_interview_answer as answer;
use crate::features::scoring::{Dimensions, Note, Scored};
use crate::i18n::{tr, Lang};

/// Most hints in a report.
pub const HINTS: usize = 6;

/// Topic of questions without a career or tag (stored as is; shown through
/// the message `interview.flow.topic.general`).
pub const GENERAL: &str = "综合";

/// Version of [`Details`] written since the scorer gives notes.
pub const DETAILS_VERSION: u8 = 2;

/// A key point of the question and whether the answer covered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct KeyPoint {
    /// The point, in the reference answer's words.
    pub point: String,
    /// Whether the answer covered it.
    pub covered: bool,
    /// The answer's own words that cover it, when covered.
    pub evidence: Option<String>,
}

/// What is stored of a scored answer (`mock_interview_answers.details`,
/// JSON): sub-scores and the scorer's texts as notes, rendered when read.
/// Rows written before version 2 hold only `dimensions`, `fillers` and
/// `scorer` (their texts are in the `feedback` and `improved` columns).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Details {
    /// [`DETAILS_VERSION`]; 0 for older rows.
    #[serde(default)]
    pub v: u8,
    /// Sub-scores, 0–1.
    #[serde(default)]
    pub dimensions: Option<Dimensions>,
    /// What the answer did well and what it missed.
    #[serde(default)]
    pub feedback: Vec<Note>,
    /// Improvement hints.
    #[serde(default)]
    pub improved: Vec<Note>,
    /// One sentence explaining the score.
    #[serde(default)]
    pub explanation: Option<Note>,
    /// Key points and whether each was covered.
    #[serde(default)]
    pub key_points: Vec<KeyPoint>,
    /// No reference answer: the score is a rough estimate.
    #[serde(default)]
    pub estimate: bool,
    /// Filler words found.
    #[serde(default)]
    pub fillers: usize,
    /// `builtin` or `llm`.
    #[serde(default)]
    pub scorer: String,
}

impl Details {
    /// What is stored of the scorer's result: the one place that reads
    /// [`Scored`] for storage.
    pub fn of(s: &Scored) -> Details {
        Details {
            v: DETAILS_VERSION,
            dimensions: Some(s.dimensions.clone()),
            feedback: s.feedback.clone(),
            improved: s.improved.clone(),
            explanation: Some(s.explanation.clone()),
            key_points: s.key_points.iter().map(|k| KeyPoint { point: k.point.clone(), covered: k.covered, evidence: k.evidence.clone() }).collect(),
            estimate: s.estimate,
            fillers: s.fillers,
            scorer: s.scorer.clone(),
        }
    }

    /// The details of a row; empty when it has none or they do not parse.
    pub fn of_row(r: &answer::Model) -> Details {
        r.details.as_deref().and_then(|d| serde_json::from_str(d).ok()).unwrap_or_default()
    }

    /// As stored (JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A text of the report: a note, or plain text of a row stored before notes.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    Note(Note),
    Text(String),
}

impl Said {
    fn render(&self, lang: Lang) -> String {
        match self {
            Said::Note(n) => n.render(lang),
            Said::Text(t) => t.clone(),
        }
    }

    /// What hints are grouped by: the message key (the text for old rows).
    fn group(&self) -> &str {
        match self {
            Said::Note(n) => &n.key,
            Said::Text(t) => t,
        }
    }
}

/// What a row's scorer said, old rows included.
struct Texts {
    feedback: Vec<Said>,
    improved: Vec<Said>,
    explanation: Option<Said>,
}

fn said_of(r: &answer::Model, d: &Details) -> Texts {
    if d.v >= DETAILS_VERSION {
        return Texts {
            feedback: d.feedback.iter().cloned().map(Said::Note).collect(),
            improved: d.improved.iter().cloned().map(Said::Note).collect(),
            explanation: d.explanation.clone().map(Said::Note),
        };
    }
    Texts {
        feedback: r.feedback.clone().map(Said::Text).into_iter().collect(),
        improved: r.improved.as_deref().and_then(|i| serde_json::from_str::<Vec<String>>(i).ok()).unwrap_or_default().into_iter().map(Said::Text).collect(),
        explanation: None,
    }
}

/// A follow-up's question as its note says it in `lang`, else as stored.
pub fn question_text(r: &answer::Model, lang: Lang) -> String {
    r.question_note.as_deref().and_then(|n| serde_json::from_str::<Note>(n).ok()).map_or_else(|| r.question.clone(), |n| n.render(lang))
}

/// A career or tag as shown in `lang` ([`GENERAL`] translated).
pub fn topic_label(lang: Lang, name: &str) -> String {
    if name == GENERAL {
        return tr(lang, "interview.flow.topic.general", &[]);
    }
    crate::features::catalog::career_label(lang, name)
}

/// The message key naming a sub-score (`coverage`, `structure`, …).
pub fn dimension_key(code: &str) -> String {
    format!("interview.flow.dimension.{code}")
}

/// Whether the row was answered by voice: only then do speech rate, pace
/// and fluency mean anything.
fn spoken(r: &answer::Model) -> bool {
    r.recording_file_id.is_some()
}

/// One asked question in the report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AnswerReport {
    /// Position in the interview, from 1.
    pub index: i32,
    /// The question as asked, in the reader's language for a follow-up.
    pub question: String,
    /// Bank question, null for follow-ups.
    pub question_id: Option<i64>,
    /// For a follow-up, the index it follows up on.
    pub follow_up_of: Option<i32>,
    /// The answer, null when unanswered.
    pub answer: Option<String>,
    /// 0–100 (0 when unanswered).
    pub score: i32,
    /// The scorer's feedback ("not answered" when unanswered).
    pub feedback: String,
    /// One sentence explaining the score; null for answers scored before
    /// explanations existed.
    pub explanation: Option<String>,
    /// The key points and whether the answer covered each (evidence: the
    /// answer's own words).
    pub key_points: Vec<KeyPoint>,
    /// No reference answer: the score is a rough estimate.
    pub estimate: bool,
    /// Characters (or English words) per minute of a recorded answer; null
    /// for typed ones.
    pub speech_rate: Option<f64>,
    /// The answer's recording (a `recording` file of the owner), to replay.
    pub recording_file_id: Option<i64>,
    /// Improvement hints.
    pub improved: Vec<String>,
    /// The scorer's sub-scores, 0–1; `fluency` and `pace` only for recorded answers.
    pub dimensions: Option<Dimensions>,
    /// Reference answer, when the bank has one.
    pub reference_answer: Option<String>,
    /// Career or tag the question counts for, in the reader's language.
    pub topic: Option<String>,
}

/// The report of a finished interview.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// 0–100: mean of the main questions' scores (a main answer's score blends
    /// in its follow-up: (2 × main + follow-up) / 3), unanswered counting 0.
    pub overall_score: i32,
    /// One sentence on the whole interview: its strongest and weakest topic
    /// (or sub-score).
    pub summary: String,
    /// Questions answered, follow-ups included.
    pub answered: i32,
    /// Questions asked, follow-ups included.
    pub total: i32,
    /// Mean sub-scores (0–100) over the answered questions, by code
    /// (`coverage`, `structure`, `length`, `fluency`, `pace`).
    pub dimensions: BTreeMap<String, i32>,
    /// The names of the codes in `dimensions`, in the reader's language.
    pub dimension_names: BTreeMap<String, String>,
    /// Mean score per career/tag, by its name in the reader's language.
    pub topics: BTreeMap<String, i32>,
    /// Mean speech rate over recorded answers.
    pub speech_rate: Option<f64>,
    /// The most useful hints, most frequent first.
    pub improved: Vec<String>,
    /// Every asked question, by index.
    pub answers: Vec<AnswerReport>,
    /// `builtin` or `llm` (when any answer was scored by the LLM).
    pub scorer: String,
}

/// What is stored with a finished interview (`mock_interviews.report`,
/// JSON): the figures that do not depend on the reader's language. Reports
/// stored whole before (they have these fields too) parse as this.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// As [`Report::overall_score`].
    #[serde(default)]
    pub overall_score: i32,
    /// Mean main score per career/tag, by its stored name.
    #[serde(default)]
    pub topics: BTreeMap<String, i32>,
    /// Hints given with a record of an interview done elsewhere; they
    /// replace the computed ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_hints: Option<Vec<String>>,
}

impl Summary {
    /// The stored summary of an interview; empty when none or unreadable.
    pub fn parse(json: Option<&str>) -> Summary {
        json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
    }
}

/// Effective score of main question `idx` (blending in its answered follow-up).
fn effective(rows: &[answer::Model], r: &answer::Model) -> f64 {
    let main = r.score.unwrap_or(0);
    match rows.iter().find(|f| f.parent_idx == Some(r.idx) && f.answered_at.is_some()) {
        Some(f) => f64::from(2 * main + f.score.unwrap_or(0)) / 3.0,
        None => f64::from(main),
    }
}

/// The language-free figures over an interview's asked questions `rows`.
pub fn summary_of(rows: &[answer::Model]) -> Summary {
    let main: Vec<&answer::Model> = rows.iter().filter(|r| r.parent_idx.is_none()).collect();
    let overall = if main.is_empty() { 0 } else { (main.iter().map(|r| effective(rows, r)).sum::<f64>() / main.len() as f64).round() as i32 };
    let mut topics: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for r in &main {
        let e = topics.entry(r.dimension.clone().unwrap_or_else(|| GENERAL.into())).or_insert((0.0, 0));
        e.0 += effective(rows, r);
        e.1 += 1;
    }
    Summary { overall_score: overall, topics: topics.into_iter().map(|(k, (s, n))| (k, (s / n as f64).round() as i32)).collect(), given_hints: None }
}

/// The sub-scores of a row as shown: `fluency` and `pace` dropped for typed
/// answers (rows stored before the rule may have them).
fn shown_dimensions(r: &answer::Model, d: &Details) -> Option<Dimensions> {
    d.dimensions.clone().map(|mut dims| {
        if !spoken(r) {
            dims.fluency = None;
            dims.pace = None;
        }
        dims
    })
}

fn answer_report(r: &answer::Model, d: &Details, lang: Lang) -> AnswerReport {
    let said = said_of(r, d);
    let sep = if lang == Lang::En { " " } else { "" };
    let answered = r.answered_at.is_some();
    let feedback = if answered { said.feedback.iter().map(|s| s.render(lang)).collect::<Vec<_>>().join(sep) } else { tr(lang, "interview.flow.unanswered", &[]) };
    let explanation = if answered { said.explanation.map(|e| e.render(lang)) } else { Some(tr(lang, "interview.flow.explain.unanswered", &[])) };
    AnswerReport {
        index: r.idx,
        question: question_text(r, lang),
        question_id: r.question_id,
        follow_up_of: r.parent_idx,
        answer: r.answer.clone(),
        score: r.score.unwrap_or(0),
        feedback,
        explanation,
        key_points: d.key_points.clone(),
        estimate: d.estimate,
        speech_rate: r.speech_rate.filter(|_| spoken(r)),
        recording_file_id: r.recording_file_id,
        improved: said.improved.iter().map(|s| s.render(lang)).collect(),
        dimensions: shown_dimensions(r, d),
        reference_answer: r.reference.clone(),
        topic: r.dimension.as_deref().map(|t| topic_label(lang, t)),
    }
}

/// The one sentence on the whole interview: strongest and weakest topic when
/// the main questions span two or more topics that differ, else strongest
/// and weakest sub-score.
fn summary_sentence(lang: Lang, overall: i32, answered: usize, topics: &BTreeMap<String, i32>, dims: &BTreeMap<String, i32>) -> String {
    if answered == 0 {
        return tr(lang, "interview.flow.summary.unanswered", &[]);
    }
    let ends = |m: &BTreeMap<String, i32>| -> Option<((String, i32), (String, i32))> {
        let strong = m.iter().max_by_key(|(_, v)| **v)?;
        let weak = m.iter().min_by_key(|(_, v)| **v)?;
        (strong.1 != weak.1).then(|| ((strong.0.clone(), *strong.1), (weak.0.clone(), *weak.1)))
    };
    let note = if let Some(((s, sv), (w, wv))) = ends(topics) {
        Note::new("interview.flow.summary.topics").with("strong", topic_label(lang, &s)).with("strong_score", sv.to_string()).with("weak", topic_label(lang, &w)).with("weak_score", wv.to_string())
    } else if let Some(((s, sv), (w, wv))) = ends(dims) {
        Note::new("interview.flow.summary.dimensions").with("strong", dimension_key(&s)).with("strong_score", sv.to_string()).with("weak", dimension_key(&w)).with("weak_score", wv.to_string())
    } else {
        Note::new("interview.flow.summary.even")
    };
    note.with("overall", overall.to_string()).render(lang)
}

/// The report over an interview's asked questions `rows` (by index), its
/// texts in `lang`. `stored` is the summary kept when it finished (its
/// overall score stands, and hints given with a record replace the
/// computed ones).
pub fn report_of(rows: &[answer::Model], stored: Option<&Summary>, lang: Lang) -> Report {
    let details: Vec<Details> = rows.iter().map(Details::of_row).collect();
    let answers: Vec<AnswerReport> = rows.iter().zip(&details).map(|(r, d)| answer_report(r, d, lang)).collect();
    let computed = summary_of(rows);
    let overall = stored.map_or(computed.overall_score, |s| s.overall_score);
    let answered: Vec<(&answer::Model, &Details)> = rows.iter().zip(&details).filter(|(r, _)| r.answered_at.is_some()).collect();
    let mut dims: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for (r, d) in &answered {
        let Some(d) = shown_dimensions(r, d) else { continue };
        for (k, v) in [("coverage", Some(d.coverage)), ("structure", Some(d.structure)), ("length", Some(d.length)), ("fluency", d.fluency), ("pace", d.pace)] {
            if let Some(v) = v {
                let e = dims.entry(k.to_owned()).or_insert((0.0, 0));
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    let dimensions: BTreeMap<String, i32> = dims.into_iter().map(|(k, (s, n))| (k, (s / n as f64 * 100.0).round() as i32)).collect();
    let mut groups: Vec<(Said, usize)> = Vec::new();
    for s in answered.iter().flat_map(|(r, d)| said_of(r, d).improved) {
        match groups.iter_mut().find(|(g, _)| g.group() == s.group()) {
            Some((_, n)) => *n += 1,
            None => groups.push((s, 1)),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.1));
    let improved = match stored.and_then(|s| s.given_hints.clone()) {
        Some(given) => given,
        None => groups.into_iter().take(HINTS).map(|(s, _)| s.render(lang)).collect(),
    };
    let rates: Vec<f64> = answered.iter().filter(|(r, _)| spoken(r)).filter_map(|(r, _)| r.speech_rate).collect();
    let llm_used = answered.iter().any(|(_, d)| d.scorer == "llm");
    Report {
        overall_score: overall,
        summary: summary_sentence(lang, overall, answered.len(), &computed.topics, &dimensions),
        answered: answered.len() as i32,
        total: answers.len() as i32,
        dimension_names: dimensions.keys().map(|k| (k.clone(), tr(lang, &dimension_key(k), &[]))).collect(),
        dimensions,
        topics: computed.topics.iter().map(|(k, v)| (topic_label(lang, k), *v)).collect(),
        speech_rate: (!rates.is_empty()).then(|| (rates.iter().sum::<f64>() / rates.len() as f64 * 10.0).round() / 10.0),
        improved,
        answers,
        scorer: if llm_used { "llm".into() } else { "builtin".into() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    /// An asked question; answered when `score` is given.
    fn row(idx: i32, parent: Option<i32>, topic: Option<&str>, score: Option<i32>) -> answer::Model {
        answer::Model {
            id: i64::from(idx),
            interview_id: 1,
            idx,
            parent_idx: parent,
            question_id: parent.is_none().then_some(100 + i64::from(idx)),
            question: format!("Q{idx}"),
            reference: None,
            dimension: topic.map(str::to_owned),
            answer: score.map(|_| format!("A{idx}")),
            duration_seconds: None,
            recording_file_id: None,
            speech_rate: None,
            score,
            feedback: score.map(|_| "ok".to_owned()),
            improved: None,
            details: None,
            answered_at: score.map(|_| Utc::now()),
            asked_at: None,
            question_note: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn dims(coverage: f64, structure: f64, fluency: Option<f64>, pace: Option<f64>) -> Dimensions {
        Dimensions { coverage, structure, length: 0.8, fluency, pace }
    }

    /// A row scored with notes (version 2 details).
    fn noted(mut r: answer::Model, d: Dimensions, hints: &[Note], scorer: &str) -> answer::Model {
        let details = Details {
            v: DETAILS_VERSION,
            dimensions: Some(d),
            feedback: vec![Note::new("interview.note_selftest").with("name", "X")],
            improved: hints.to_vec(),
            explanation: Some(Note::new("interview.note_selftest").with("name", "E")),
            key_points: vec![KeyPoint { point: "AOF".into(), covered: true, evidence: Some("用 AOF".into()) }],
            estimate: false,
            fillers: 0,
            scorer: scorer.into(),
        };
        r.details = Some(details.to_json());
        r
    }

    fn cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn a_follow_up_blends_into_its_main_question_and_unanswered_ones_count_zero() {
        // Main 1 scored 80 with a follow-up scored 50: (2 × 80 + 50) / 3 = 70.
        // Main 2 scored 40; main 3 unanswered: 0. Overall (70 + 40 + 0) / 3 = 36.7 → 37.
        let rows = [row(1, None, Some("后端"), Some(80)), row(2, None, Some("后端"), Some(40)), row(3, None, None, None), row(4, Some(1), Some("后端"), Some(50))];
        let r = report_of(&rows, None, Lang::ZhCn);
        assert_eq!(r.overall_score, 37);
        assert_eq!((r.answered, r.total), (3, 4));
        assert_eq!(r.topics, BTreeMap::from([("后端".to_owned(), 55), ("综合".to_owned(), 0)]));
        assert_eq!(r.answers[2].feedback, "未作答。");
        let en = report_of(&rows, None, Lang::En);
        assert_eq!(en.answers[2].feedback, "Not answered.");
        assert_eq!(en.topics.get("General"), Some(&0), "{:?}", en.topics);
        assert_eq!(r.scorer, "builtin");
        assert_eq!(r.speech_rate, None);
        assert_eq!(summary_of(&rows).overall_score, 37);
    }

    #[test]
    fn the_stored_overall_score_stands_and_given_hints_replace_computed_ones() {
        let rows = [row(1, None, None, Some(80))];
        let stored = Summary { overall_score: 64, topics: BTreeMap::new(), given_hints: Some(vec!["多练习".into()]) };
        let r = report_of(&rows, Some(&stored), Lang::En);
        assert_eq!(r.overall_score, 64);
        assert_eq!(r.improved, vec!["多练习".to_owned()]);
        // A whole report stored by an older version parses as a summary.
        let old = r#"{"overall_score": 71, "answered": 1, "total": 1, "dimensions": {}, "topics": {"后端": 71}, "speech_rate": null, "improved": ["x"], "answers": [], "scorer": "builtin"}"#;
        let s = Summary::parse(Some(old));
        assert_eq!((s.overall_score, s.topics.get("后端"), s.given_hints), (71, Some(&71), None));
    }

    #[test]
    fn an_unanswered_follow_up_leaves_its_main_score_alone() {
        let rows = [row(1, None, None, Some(90)), row(2, Some(1), None, None)];
        assert_eq!(report_of(&rows, None, Lang::ZhCn).overall_score, 90);
        assert_eq!(report_of(&[], None, Lang::ZhCn).overall_score, 0);
    }

    #[test]
    fn pace_fluency_and_speech_rate_come_only_from_recorded_answers() {
        let mut spoken = noted(row(1, None, None, Some(70)), dims(0.5, 1.0, Some(1.0), Some(1.0)), &[], "builtin");
        spoken.recording_file_id = Some(9);
        spoken.speech_rate = Some(200.0);
        // A typed answer stored by an older version with a pace and a rate from the time on the page.
        let mut typed = noted(row(2, None, None, Some(50)), dims(0.25, 0.5, Some(0.9), Some(0.0)), &[], "builtin");
        typed.speech_rate = Some(7110.0);
        let r = report_of(&[spoken, typed], None, Lang::ZhCn);
        let d: Vec<(&str, i32)> = r.dimensions.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(d, vec![("coverage", 38), ("fluency", 100), ("length", 80), ("pace", 100), ("structure", 75)]);
        assert_eq!(r.speech_rate, Some(200.0));
        assert_eq!(r.answers[1].speech_rate, None);
        assert_eq!(r.answers[1].dimensions.as_ref().map(|d| (d.fluency, d.pace)), Some((None, None)));
        assert_eq!(r.answers[0].recording_file_id, Some(9));
        assert_eq!(r.dimension_names.len(), 5);
    }

    #[test]
    fn hints_are_grouped_by_key_and_texts_render_in_the_readers_language() {
        let missed = |p: &str| Note::new("interview.note_selftest").with("name", p);
        let other = Note::new("interview.flow.unanswered");
        // Tags as topics (career names are translated by the catalog).
        let a = noted(row(1, None, Some("Redis"), Some(70)), dims(0.5, 1.0, None, None), &[missed("缓存击穿"), other.clone()], "builtin");
        let b = noted(row(2, None, Some("MySQL"), Some(50)), dims(0.25, 0.5, None, None), &[missed("布隆过滤器")], "llm");
        let rows = [a, b];
        let zh = report_of(&rows, None, Lang::ZhCn);
        assert_eq!(zh.improved, vec!["备注 缓存击穿".to_owned(), "未作答。".to_owned()], "two hints of one key count as one group, shown by the first");
        assert_eq!(zh.scorer, "llm");
        let en = report_of(&rows, None, Lang::En);
        assert_eq!(en.improved, vec!["Note 缓存击穿".to_owned(), "Not answered.".to_owned()]);
        assert_eq!(en.answers[0].feedback, "Note X");
        assert_eq!(en.answers[0].explanation.as_deref(), Some("Note E"));
        assert_eq!(en.answers[0].key_points[0].evidence.as_deref(), Some("用 AOF"));
        assert!(!cjk(&en.summary) && !en.dimension_names.values().any(|n| cjk(n)), "{} {:?}", en.summary, en.dimension_names);
        assert_eq!(en.summary, "Overall 60: strongest in Redis (70), weakest in MySQL (50).");
        let one_topic = [noted(row(1, None, None, Some(70)), dims(0.5, 1.0, None, None), &[], "builtin")];
        let s = report_of(&one_topic, None, Lang::En).summary;
        assert_eq!(s, "Overall 70: your best side was Structure (100), the one to work on is Key points (50).");
        let tw = report_of(&rows, None, Lang::ZhTw);
        assert_ne!(tw.improved, zh.improved);
        assert_ne!(tw.summary, zh.summary);
    }

    #[test]
    fn rows_stored_before_notes_show_their_plain_text() {
        let mut r = row(1, None, None, Some(60));
        r.feedback = Some("答到了：索引。".into());
        r.improved = Some(serde_json::to_string(&["补充要点：B+ 树"]).unwrap());
        r.details = Some(r#"{"dimensions": {"coverage": 0.5, "structure": 1.0, "fluency": 1.0, "length": 0.6, "pace": null}, "covered": ["索引"], "missed": ["B+ 树"], "fillers": 0, "scorer": "builtin"}"#.into());
        let rep = report_of(&[r], None, Lang::En);
        assert_eq!(rep.answers[0].feedback, "答到了：索引。");
        assert_eq!(rep.improved, vec!["补充要点：B+ 树".to_owned()]);
        assert_eq!(rep.answers[0].explanation, None);
        assert_eq!(rep.dimensions.get("coverage"), Some(&50));
        assert!(!rep.dimensions.contains_key("fluency"), "typed: no fluency");
    }

    #[test]
    fn a_follow_up_question_renders_from_its_note() {
        let mut r = row(2, Some(1), None, None);
        r.question = "那 AOF 呢？".into();
        r.question_note = Some(serde_json::to_string(&Note::new("interview.note_selftest").with("name", "AOF")).unwrap());
        assert_eq!(question_text(&r, Lang::En), "Note AOF");
        assert_eq!(question_text(&r, Lang::ZhTw), "備註 AOF");
        r.question_note = None;
        assert_eq!(question_text(&r, Lang::En), "那 AOF 呢？");
    }
}
