//! Learning records, computed from the user's answered mock-interview
//! questions: every answered question (做题记录), the mistake notebook
//! (错题本) and the ability analysis (能力分析).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::entity::enums::InterviewStatus;
use crate::entity::{mock_interview as interview, mock_interview_answer as answer, question};
use crate::error::Result;
use crate::features::interviews::report::{question_text, Summary, GENERAL};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store::{interviews, questions};

/// Below this score an answer is a mistake.
pub const PASS: i32 = 60;

/// The sub-scores of an answer, in the order the ability analysis lists them.
pub const SKILLS: [&str; 5] = ["coverage", "structure", "fluency", "length", "pace"];

/// A page of the questions `user_id` answered, newest first, each with its
/// interview, and the total. A follow-up's question is as `lang` says it.
///
/// # Errors
/// Database failures.
pub async fn practice(state: &AppState, lang: Lang, user_id: i64, page: u64, per_page: u64) -> Result<(Vec<(interview::Model, answer::Model)>, u64)> {
    let mut all = interviews::answered(&state.db, user_id).await?;
    all.reverse();
    let total = all.len() as u64;
    let items = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|(m, mut r)| {
            r.question = question_text(&r, lang);
            (m, r)
        })
        .collect();
    Ok((items, total))
}

/// A question in the mistake notebook.
#[derive(Clone, Debug)]
pub struct Mistake {
    /// The user's latest answer to it.
    pub latest: answer::Model,
    /// Times the user answered it.
    pub attempts: i32,
    /// The bank question, when it still exists.
    pub question: Option<question::Model>,
}

/// The latest main answer to each bank question that scored below
/// [`PASS`], with the number of attempts, most recent first (`answers`
/// oldest first). A later answer scoring [`PASS`] or more takes a question out.
pub fn mistakes_of(answers: Vec<answer::Model>) -> Vec<(answer::Model, i32)> {
    let mut latest: BTreeMap<i64, (answer::Model, i32)> = BTreeMap::new();
    for r in answers.into_iter().filter(|r| r.parent_idx.is_none()) {
        if let Some(qid) = r.question_id {
            let attempts = latest.get(&qid).map_or(0, |(_, n)| *n) + 1;
            latest.insert(qid, (r, attempts));
        }
    }
    let mut wrong: Vec<(answer::Model, i32)> = latest.into_values().filter(|(r, _)| r.score.unwrap_or(0) < PASS).collect();
    wrong.sort_by_key(|w| std::cmp::Reverse(w.0.answered_at));
    wrong
}

/// A page of `user_id`'s mistake notebook ([`mistakes_of`]), with the total.
///
/// # Errors
/// Database failures.
pub async fn mistakes(state: &AppState, user_id: i64, page: u64, per_page: u64) -> Result<(Vec<Mistake>, u64)> {
    let all = interviews::answered(&state.db, user_id).await?;
    let wrong = mistakes_of(all.into_iter().map(|(_, r)| r).collect());
    let total = wrong.len() as u64;
    let page_rows: Vec<(answer::Model, i32)> = wrong.into_iter().skip(((page - 1) * per_page) as usize).take(per_page as usize).collect();
    let ids: Vec<i64> = page_rows.iter().filter_map(|(r, _)| r.question_id).collect();
    let bank: BTreeMap<i64, question::Model> = questions::find_many(&state.db.read, &ids).await?.into_iter().map(|q| (q.id, q)).collect();
    let items = page_rows
        .into_iter()
        .map(|(latest, attempts)| {
            let question = latest.question_id.and_then(|id| bank.get(&id).cloned());
            Mistake { latest, attempts, question }
        })
        .collect();
    Ok((items, total))
}

/// Mean score of one career or tag.
#[derive(Clone, Debug, PartialEq)]
pub struct AbilityDimension {
    /// Career or tag ([`GENERAL`] without one).
    pub name: String,
    /// Mean score 0–100, rounded.
    pub score: i32,
    /// Answers counted.
    pub answers: i32,
}

/// One finished interview on the trend line.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    /// The interview.
    pub interview_id: i64,
    /// When it finished.
    pub finished_at: DateTime<Utc>,
    /// Its overall score.
    pub overall_score: i32,
    /// Its mean score per career/tag.
    pub topics: BTreeMap<String, i32>,
}

/// The ability analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Ability {
    /// Per career/tag over all answered main questions, by name.
    pub dimensions: Vec<AbilityDimension>,
    /// Mean answer sub-scores ([`SKILLS`]) × 100, rounded; `fluency` and
    /// `pace` over recorded answers only.
    pub skills: BTreeMap<String, i32>,
    /// Finished interviews, oldest first.
    pub trend: Vec<TrendPoint>,
}

/// The ability analysis over answered questions with their interviews
/// (oldest first): main answers count per career/tag and per sub-score;
/// every finished interview among them is a point of the trend.
pub fn ability_of(all: &[(interview::Model, answer::Model)]) -> Ability {
    let mut dims: BTreeMap<String, (i64, i32)> = BTreeMap::new();
    let mut skills: BTreeMap<String, (f64, i32)> = BTreeMap::new();
    for (_, r) in all.iter().filter(|(_, r)| r.parent_idx.is_none()) {
        let name = r.dimension.clone().unwrap_or_else(|| GENERAL.into());
        let e = dims.entry(name).or_insert((0, 0));
        e.0 += i64::from(r.score.unwrap_or(0));
        e.1 += 1;
        if let Some(d) = r.details.as_deref().and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok()) {
            // Fluency and pace judge speech: only recorded answers have them
            // (older rows stored them for typed text too).
            let spoken = r.recording_file_id.is_some();
            for k in SKILLS.into_iter().filter(|k| spoken || !matches!(*k, "fluency" | "pace")) {
                if let Some(v) = d["dimensions"][k].as_f64() {
                    let e = skills.entry(k.to_owned()).or_insert((0.0, 0));
                    e.0 += v;
                    e.1 += 1;
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut trend: Vec<TrendPoint> = Vec::new();
    for (m, _) in all {
        if m.status != InterviewStatus::Finished.as_str() || !seen.insert(m.id) {
            continue;
        }
        trend.push(TrendPoint {
            interview_id: m.id,
            finished_at: m.finished_at.unwrap_or(m.updated_at),
            overall_score: m.overall_score.unwrap_or(0),
            topics: Summary::parse(m.report.as_deref()).topics,
        });
    }
    trend.sort_by_key(|t| t.finished_at);
    Ability {
        dimensions: dims.into_iter().map(|(name, (sum, n))| AbilityDimension { name, score: (sum as f64 / f64::from(n)).round() as i32, answers: n }).collect(),
        skills: skills.into_iter().map(|(k, (s, n))| (k, (s / f64::from(n) * 100.0).round() as i32)).collect(),
        trend,
    }
}

/// `user_id`'s ability analysis ([`ability_of`]).
///
/// # Errors
/// Database failures.
pub async fn ability(state: &AppState, user_id: i64) -> Result<Ability> {
    Ok(ability_of(&interviews::answered(&state.db, user_id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 8, minute, 0).single().unwrap_or_default()
    }

    fn answered(question_id: i64, parent: Option<i32>, topic: Option<&str>, score: i32, minute: u32) -> answer::Model {
        answer::Model {
            id: i64::from(minute),
            interview_id: 1,
            idx: 1,
            parent_idx: parent,
            question_id: Some(question_id),
            question: format!("Q{question_id}"),
            reference: None,
            dimension: topic.map(str::to_owned),
            answer: Some("A".into()),
            duration_seconds: None,
            recording_file_id: None,
            speech_rate: None,
            score: Some(score),
            feedback: None,
            improved: None,
            details: Some(serde_json::json!({"dimensions": {"coverage": score as f64 / 100.0, "pace": null}}).to_string()),
            answered_at: Some(at(minute)),
            asked_at: None,
            question_note: None,
            created_at: at(minute),
            updated_at: at(minute),
        }
    }

    fn interview(id: i64, finished: Option<u32>, overall: Option<i32>) -> interview::Model {
        interview::Model {
            id,
            user_id: 1,
            kind: "topic".into(),
            round: None,
            career_id: None,
            tag: None,
            position: None,
            company: None,
            job_description: None,
            use_resume: false,
            lang: None,
            difficulty: None,
            status: if finished.is_some() { "finished" } else { "in_progress" }.into(),
            question_count: 1,
            overall_score: overall,
            report: None,
            finished_at: finished.map(at),
            created_at: at(0),
            updated_at: at(0),
        }
    }

    #[test]
    fn the_latest_answer_decides_whether_a_question_is_a_mistake() {
        let wrong = mistakes_of(vec![
            answered(1, None, None, 30, 1),
            answered(2, None, None, 40, 2),
            answered(1, None, None, 80, 3), // question 1 mended
            answered(2, None, None, 59, 4), // still below 60, second attempt
            answered(3, Some(1), None, 10, 5), // a follow-up is no mistake
        ]);
        let got: Vec<(Option<i64>, i32)> = wrong.iter().map(|(r, n)| (r.question_id, *n)).collect();
        assert_eq!(got, vec![(Some(2), 2)]);
    }

    #[test]
    fn ability_averages_main_answers_per_topic_and_lists_finished_interviews_by_time() {
        let all = vec![
            (interview(2, Some(9), Some(70)), answered(1, None, Some("Redis"), 70, 1)),
            (interview(2, Some(9), Some(70)), answered(2, None, Some("Redis"), 45, 2)),
            (interview(1, Some(5), Some(20)), answered(3, None, None, 20, 3)),
            (interview(3, None, None), answered(4, Some(1), Some("Redis"), 0, 4)),
        ];
        let a = ability_of(&all);
        assert_eq!(
            a.dimensions,
            vec![AbilityDimension { name: "Redis".into(), score: 58, answers: 2 }, AbilityDimension { name: GENERAL.into(), score: 20, answers: 1 }]
        );
        assert_eq!(a.skills, BTreeMap::from([("coverage".to_owned(), 45)]));
        assert_eq!(a.trend.iter().map(|t| (t.interview_id, t.overall_score)).collect::<Vec<_>>(), vec![(1, 20), (2, 70)]);
    }

    #[test]
    fn fluency_and_pace_count_only_for_recorded_answers() {
        let details = serde_json::json!({"dimensions": {"coverage": 0.5, "fluency": 1.0, "pace": 0.0}}).to_string();
        let mut typed = answered(1, None, None, 50, 1);
        typed.details = Some(details.clone());
        let mut spoken = answered(2, None, None, 50, 2);
        spoken.details = Some(details.replace("\"pace\":0.0", "\"pace\":0.8"));
        spoken.recording_file_id = Some(7);
        let skills = ability_of(&[(interview(1, None, None), typed.clone())]).skills;
        assert_eq!(skills, BTreeMap::from([("coverage".to_owned(), 50)]), "typed text has no speech to judge");
        let skills = ability_of(&[(interview(1, None, None), typed), (interview(1, None, None), spoken)]).skills;
        assert_eq!((skills.get("fluency"), skills.get("pace")), (Some(&100), Some(&80)));
    }
}
