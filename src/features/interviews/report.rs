//! The report of a mock interview: each asked question with its answer and
//! score, and the whole interview's scores. A report is stored with the
//! finished interview (`mock_interviews.report`, JSON in this shape, which is
//! also the API's) and never recomputed.
//!
//! The rules:
//! - an unanswered question scores 0;
//! - a main question answered with a follow-up (追问) counts
//!   (2 × main + follow-up) / 3, so the follow-up can mend or spoil it;
//! - `overall_score` is the mean of the main questions' scores, rounded;
//! - `dimensions` are the means (× 100, rounded) of the scorer's sub-scores
//!   over every answered question that has them;
//! - `topics` are the mean main scores per career or tag (`综合` without one);
//! - `improved` are up to [`HINTS`] hints, grouped by their first four
//!   characters (every "补充要点：…" together), most frequent first;
//! - `speech_rate` is the mean over answers that have one, to one decimal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entity::mock_interview_answer as answer;
use crate::features::scoring::Dimensions;
use crate::i18n::Lang;

/// Most hints in a report.
pub const HINTS: usize = 6;

/// Topic of questions without a career or tag.
pub const GENERAL: &str = "综合";

/// One asked question in the report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AnswerReport {
    /// Position in the interview, from 1.
    pub index: i32,
    /// The question as asked.
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
    /// Characters (or English words) per minute.
    pub speech_rate: Option<f64>,
    /// Improvement hints.
    pub improved: Vec<String>,
    /// The scorer's sub-scores.
    pub dimensions: Option<Dimensions>,
    /// Reference answer, when the bank has one.
    pub reference_answer: Option<String>,
    /// Career or tag the question counts for in the ability chart.
    pub topic: Option<String>,
}

/// The report of a finished interview.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// 0–100: mean of the main questions' scores (a main answer's score blends
    /// in its follow-up: (2 × main + follow-up) / 3), unanswered counting 0.
    pub overall_score: i32,
    /// Questions answered, follow-ups included.
    pub answered: i32,
    /// Questions asked, follow-ups included.
    pub total: i32,
    /// Mean sub-scores (0–100) over the answered questions.
    pub dimensions: BTreeMap<String, i32>,
    /// Mean score per career/tag.
    pub topics: BTreeMap<String, i32>,
    /// Mean speech rate over answers with a duration.
    pub speech_rate: Option<f64>,
    /// The most useful hints, most frequent first.
    pub improved: Vec<String>,
    /// Every asked question, by index.
    pub answers: Vec<AnswerReport>,
    /// `builtin` or `llm` (when any answer was scored by the LLM).
    pub scorer: String,
}

fn answer_report(r: &answer::Model, unanswered: &str) -> AnswerReport {
    let details: Option<serde_json::Value> = r.details.as_deref().and_then(|d| serde_json::from_str(d).ok());
    AnswerReport {
        index: r.idx,
        question: r.question.clone(),
        question_id: r.question_id,
        follow_up_of: r.parent_idx,
        answer: r.answer.clone(),
        score: r.score.unwrap_or(0),
        feedback: r.feedback.clone().unwrap_or_else(|| unanswered.to_owned()),
        speech_rate: r.speech_rate,
        improved: r.improved.as_deref().and_then(|i| serde_json::from_str(i).ok()).unwrap_or_default(),
        dimensions: details.as_ref().and_then(|d| serde_json::from_value(d["dimensions"].clone()).ok()),
        reference_answer: r.reference.clone(),
        topic: r.dimension.clone(),
    }
}

/// The report over an interview's asked questions `rows` (by index), its
/// texts in `lang`.
pub fn report_of(rows: &[answer::Model], lang: Lang) -> Report {
    let unanswered = match lang {
        Lang::En => "Not answered.",
        Lang::ZhTw => "未作答。",
        Lang::ZhCn => "未作答。",
    };
    let answers: Vec<AnswerReport> = rows.iter().map(|r| answer_report(r, unanswered)).collect();
    let main: Vec<&AnswerReport> = answers.iter().filter(|a| a.follow_up_of.is_none()).collect();
    let effective = |a: &AnswerReport| -> f64 {
        match answers.iter().find(|f| f.follow_up_of == Some(a.index) && f.answer.is_some()) {
            Some(f) => f64::from(2 * a.score + f.score) / 3.0,
            None => f64::from(a.score),
        }
    };
    let overall = if main.is_empty() { 0 } else { (main.iter().map(|a| effective(a)).sum::<f64>() / main.len() as f64).round() as i32 };
    let answered: Vec<&AnswerReport> = answers.iter().filter(|a| a.answer.is_some()).collect();
    let mut dims: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for d in answered.iter().filter_map(|a| a.dimensions.as_ref()) {
        for (k, v) in [("coverage", Some(d.coverage)), ("structure", Some(d.structure)), ("fluency", d.fluency), ("length", Some(d.length)), ("pace", d.pace)] {
            if let Some(v) = v {
                let e = dims.entry(k.to_owned()).or_insert((0.0, 0));
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    let mut topics: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for a in &main {
        let e = topics.entry(a.topic.clone().unwrap_or_else(|| GENERAL.into())).or_insert((0.0, 0));
        e.0 += effective(a);
        e.1 += 1;
    }
    let mut freq: Vec<(String, usize)> = Vec::new();
    for h in answered.iter().flat_map(|a| a.improved.iter()) {
        let head: String = h.chars().take(4).collect();
        match freq.iter_mut().find(|(k, _)| k.chars().take(4).collect::<String>() == head) {
            Some((_, n)) => *n += 1,
            None => freq.push((h.clone(), 1)),
        }
    }
    freq.sort_by_key(|f| std::cmp::Reverse(f.1));
    let rates: Vec<f64> = answered.iter().filter_map(|a| a.speech_rate).collect();
    let llm_used = rows.iter().any(|r| r.details.as_deref().is_some_and(|d| d.contains("\"scorer\":\"llm\"")));
    Report {
        overall_score: overall,
        answered: answered.len() as i32,
        total: answers.len() as i32,
        dimensions: dims.into_iter().map(|(k, (s, n))| (k, (s / n as f64 * 100.0).round() as i32)).collect(),
        topics: topics.into_iter().map(|(k, (s, n))| (k, (s / n as f64).round() as i32)).collect(),
        speech_rate: (!rates.is_empty()).then(|| (rates.iter().sum::<f64>() / rates.len() as f64 * 10.0).round() / 10.0),
        improved: freq.into_iter().take(HINTS).map(|(h, _)| h).collect(),
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
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn scored(mut r: answer::Model, dims: serde_json::Value, hints: &[&str], rate: Option<f64>, scorer: &str) -> answer::Model {
        r.details = Some(serde_json::json!({"dimensions": dims, "scorer": scorer}).to_string());
        r.improved = Some(serde_json::to_string(hints).unwrap());
        r.speech_rate = rate;
        r
    }

    #[test]
    fn a_follow_up_blends_into_its_main_question_and_unanswered_ones_count_zero() {
        // Main 1 scored 80 with a follow-up scored 50: (2 × 80 + 50) / 3 = 70.
        // Main 2 scored 40; main 3 unanswered: 0. Overall (70 + 40 + 0) / 3 = 36.7 → 37.
        let rows = [row(1, None, Some("后端"), Some(80)), row(2, None, Some("后端"), Some(40)), row(3, None, None, None), row(4, Some(1), Some("后端"), Some(50))];
        let r = report_of(&rows, Lang::ZhCn);
        assert_eq!(r.overall_score, 37);
        assert_eq!((r.answered, r.total), (3, 4));
        assert_eq!(r.topics, BTreeMap::from([("后端".to_owned(), 55), (GENERAL.to_owned(), 0)]));
        assert_eq!(r.answers[2].feedback, "未作答。");
        assert_eq!(report_of(&rows, Lang::En).answers[2].feedback, "Not answered.");
        assert_eq!(r.scorer, "builtin");
        assert_eq!(r.speech_rate, None);
    }

    #[test]
    fn an_unanswered_follow_up_leaves_its_main_score_alone() {
        let rows = [row(1, None, None, Some(90)), row(2, Some(1), None, None)];
        assert_eq!(report_of(&rows, Lang::ZhCn).overall_score, 90);
        assert_eq!(report_of(&[], Lang::ZhCn).overall_score, 0);
    }

    #[test]
    fn dimensions_rates_and_hints_are_averaged_and_grouped() {
        let a = scored(
            row(1, None, None, Some(70)),
            serde_json::json!({"coverage": 0.5, "structure": 1.0, "fluency": 1.0, "length": 0.8, "pace": 1.0}),
            &["补充要点：缓存击穿", "减少口头禅"],
            Some(200.0),
            "builtin",
        );
        let b = scored(
            row(2, None, None, Some(50)),
            serde_json::json!({"coverage": 0.25, "structure": 0.5, "fluency": 0.9, "length": 0.6, "pace": null}),
            &["补充要点：布隆过滤器"],
            Some(250.0),
            "llm",
        );
        let r = report_of(&[a, b], Lang::ZhCn);
        let dims: Vec<(&str, i32)> = r.dimensions.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(dims, vec![("coverage", 38), ("fluency", 95), ("length", 70), ("pace", 100), ("structure", 75)]);
        assert_eq!(r.speech_rate, Some(225.0));
        assert_eq!(r.improved, vec!["补充要点：缓存击穿".to_owned(), "减少口头禅".to_owned()], "hints with the same lead are counted together");
        assert_eq!(r.scorer, "llm");
        assert_eq!(r.overall_score, 60);
    }
}
