//! Mock interviews: set up a `topic` drill or a `full` round (which
//! questions, [`select`]), answer one question at a time (the interviewer may
//! ask one follow-up, 追问, on an answer that missed key points), finish,
//! read the report ([`report`]); history, and records of interviews done
//! elsewhere (`interview_records`).
//!
//! Answers are scored when submitted ([`crate::features::scoring`]) but the
//! scores are only shown in the report, as in a real interview. While an
//! interview is in progress only the questions reached so far are shown
//! (answered ones, their follow-ups and the current one), each with the
//! time it was asked (`asked_at`, the per-question timer's start), and only
//! they can be answered. Speech rate and pace come only from recorded
//! answers (the recording's length); a typed answer has none. The scorer's
//! texts are stored as notes and the report is built when read, in the
//! reader's language ([`report`]). Only the owner sees an interview (403
//! `forbidden` for others); a finished interview is read-only (409
//! `interview_finished`).

pub mod judge;
pub mod report;
pub mod select;

use chrono::{DateTime, Utc};

use self::report::{question_text, report_of, summary_of, Details, Report, Summary};
use self::select::{Setup, BEHAVIOURAL};
use crate::entity::enums::{InterviewKind, InterviewRound, InterviewStatus};
use crate::entity::{mock_interview as interview, mock_interview_answer as answer};
use crate::error::{Error, FieldErrors, Result};
use crate::features::questions::content_key;
use crate::features::scoring::{self, Scored, Spoken};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store::interviews::{self as store, NewFollowUp, NewInterview, Outcome, ScoredAnswer};
use crate::store::questions as bank;

/// A mock interview with its asked questions, as its owner sees it.
#[derive(Clone, Debug)]
pub struct Interview {
    /// The interview row.
    pub interview: interview::Model,
    /// Its questions by index, main and follow-ups: while in progress only
    /// those reached ([`reached`]); follow-ups' `question` in the reader's
    /// language.
    pub questions: Vec<answer::Model>,
    /// Questions answered so far.
    pub answered: i32,
    /// The report, once finished, in the reader's language.
    pub report: Option<Report>,
}

/// The questions of an interview in progress that the candidate has
/// reached: answered ones, follow-ups (added only when reached) and those
/// asked (`asked_at`). A pending follow-up is answered before the next main
/// question comes. Interviews started before `asked_at` existed have none:
/// their first unanswered main question is the current one.
pub fn reached(rows: &[answer::Model]) -> Vec<&answer::Model> {
    let legacy = rows.iter().all(|r| r.asked_at.is_none());
    let current = rows.iter().filter(|r| legacy && r.parent_idx.is_none() && r.answered_at.is_none()).map(|r| r.idx).min();
    rows.iter().filter(|r| r.answered_at.is_some() || r.asked_at.is_some() || r.parent_idx.is_some() || Some(r.idx) == current).collect()
}

/// The interview `id` if `user_id` owns it; read from the writer with `fresh`.
async fn owned(state: &AppState, user_id: i64, id: i64, fresh: bool) -> Result<interview::Model> {
    let db = if fresh { &state.db.write } else { &state.db.read };
    let m = store::find(db, id).await?.ok_or(Error::NotFound)?;
    if m.user_id != user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    Ok(m)
}

async fn load(state: &AppState, lang: Lang, user_id: i64, id: i64, fresh: bool) -> Result<Interview> {
    let m = owned(state, user_id, id, fresh).await?;
    let db = if fresh { &state.db.write } else { &state.db.read };
    let rows = store::answers(db, id).await?;
    let answered = rows.iter().filter(|r| r.answered_at.is_some()).count() as i32;
    let finished = m.status == InterviewStatus::Finished.as_str();
    let report = finished.then(|| report_of(&rows, Some(&Summary::parse(m.report.as_deref())), lang));
    let shown: Vec<answer::Model> = if finished { rows.iter().collect() } else { reached(&rows) }
        .into_iter()
        .map(|r| answer::Model { question: question_text(r, lang), ..r.clone() })
        .collect();
    Ok(Interview { interview: m, questions: shown, answered, report })
}

/// Start `user_id`'s mock interview set up as `setup`. `errors` are those
/// already found in the request; [`Setup::problems`] are added, and any
/// fails the call with one 400.
///
/// # Errors
/// 400 (`validation_failed`; `no_questions` when nothing matches the set-up;
/// `question_ids` `not_found`); database failures.
pub async fn start(state: &AppState, lang: Lang, user_id: i64, setup: Setup, mut errors: FieldErrors) -> Result<Interview> {
    for (field, list) in setup.problems() {
        errors.entry(field).or_default().extend(list);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let questions = select::questions(state, user_id, &setup).await?;
    if questions.is_empty() {
        return Err(Error::BadRequest("no_questions"));
    }
    let new = NewInterview {
        lang: setup.lang(),
        user_id,
        kind: setup.kind,
        round: (setup.kind == InterviewKind::Full).then(|| setup.round.unwrap_or(InterviewRound::First)),
        career_id: setup.career_id,
        tag: setup.tag,
        position: setup.position,
        company: setup.company,
        job_description: setup.job_description,
        use_resume: setup.use_resume,
        difficulty: setup.difficulty,
    };
    let id = store::create(&state.db, new, questions, Utc::now()).await?;
    load(state, lang, user_id, id, true).await
}

/// `user_id`'s interview `id` as its owner sees it in `lang`.
///
/// # Errors
/// 403 `forbidden` for another user's, 404 `not_found`; database failures.
pub async fn get(state: &AppState, lang: Lang, user_id: i64, id: i64) -> Result<Interview> {
    load(state, lang, user_id, id, false).await
}

/// A page of `user_id`'s practice interviews, newest first, with the total.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, user_id: i64, page: u64, per_page: u64) -> Result<(Vec<interview::Model>, u64)> {
    Ok(store::page(&state.db, user_id, page, per_page).await?)
}

/// An answer to one asked question.
#[derive(Clone, Debug)]
pub struct AnswerInput {
    /// The question's index.
    pub index: i32,
    /// The answer (a transcript for spoken answers).
    pub answer: String,
    /// The recording's length in seconds; counts only with a recording
    /// (it gives the speech rate and pace), ignored for a typed answer.
    pub duration_seconds: Option<i32>,
    /// A `recording` file of the owner: the answer was spoken.
    pub recording_file_id: Option<i64>,
}

/// What an accepted answer gives back.
#[derive(Clone, Debug)]
pub struct Accepted {
    /// The question's index.
    pub index: i32,
    /// Characters (or English words) per minute of a recorded answer; none
    /// for a typed one.
    pub speech_rate: Option<f64>,
    /// The interviewer's follow-up, `(index, text in the caller's language)`.
    pub follow_up: Option<(i32, String)>,
}

/// Behavioural questions (scored with STAR): those of [`BEHAVIOURAL`] and
/// every question of an `hr` round.
fn behavioural(topic: Option<&str>, round: Option<&str>) -> bool {
    topic == Some(BEHAVIOURAL) || round == Some(InterviewRound::Hr.as_str())
}

/// Score with the built-in scorer and, when configured and within the
/// user's quota, the LLM ([`judge::judge`], whose follow-up question replaces
/// the built-in one). The one place answers are scored. Without
/// `may_follow_up` (a follow-up exists already, or this is one) there is no
/// follow-up.
///
/// # Errors
/// 429 `quota_exceeded`; see [`judge::judge`].
async fn score(state: &AppState, user_id: i64, lang: Lang, asked: judge::Asked<'_>, a: &str, spoken: Option<Spoken>, may_follow_up: bool) -> Result<Scored> {
    let judged = judge::judge(state, user_id, lang, asked, a, spoken.map(|s| s.duration_seconds)).await?;
    let mut scored = judged.scored;
    match (may_follow_up, judged.follow_up) {
        (true, Some(question)) => {
            let point = scored.follow_up.as_ref().map(|f| f.point.clone()).unwrap_or_default();
            scored.follow_up = Some(scoring::FollowUp { point, question });
        }
        _ => scored.follow_up = None,
    }
    Ok(scored)
}

/// The missed key point a follow-up asks about (the `point` parameter of
/// its question's note), `None` for main questions and follow-ups asking for
/// an example.
fn follow_up_point(row: &answer::Model) -> Option<String> {
    let note: scoring::Note = serde_json::from_str(row.question_note.as_deref()?).ok()?;
    note.params.get("point").filter(|p| !p.trim().is_empty()).cloned()
}

/// Answer one question of `user_id`'s interview `id` (one reached so far).
/// The interviewer may answer with a follow-up on a main question whose
/// answer missed key points (once per question); the follow-up, or else the
/// next main question, is asked now.
///
/// # Errors
/// 400 (`answer` `not_empty`, `recording_file_id` `not_found`, `index`
/// `not_found` also for a question not reached yet), 403, 404, 409
/// `interview_finished`; database failures.
pub async fn answer(state: &AppState, lang: Lang, user_id: i64, id: i64, input: AnswerInput) -> Result<Accepted> {
    let m = owned(state, user_id, id, true).await?;
    if m.status == InterviewStatus::Finished.as_str() {
        return Err(Error::Conflict("interview_finished"));
    }
    let text = input.answer.trim().to_owned();
    if text.is_empty() {
        return Err(Error::field("answer", "not_empty"));
    }
    if let Some(fid) = input.recording_file_id {
        let ok = crate::features::files::owned(state, user_id, fid, crate::entity::enums::FilePurpose::Recording).await?.is_some();
        if !ok {
            return Err(Error::field("recording_file_id", "not_found"));
        }
    }
    let rows = store::answers(&state.db.write, id).await?;
    let row = reached(&rows).into_iter().find(|r| r.idx == input.index).cloned().ok_or_else(|| Error::field("index", "not_found"))?;
    // Only a recording has a length that is speaking time; the time a typed
    // answer took is thinking and typing (issue 17: "7110 字/分钟").
    let duration = input.duration_seconds.filter(|_| input.recording_file_id.is_some());
    let spoken = duration.map(|d| Spoken { duration_seconds: f64::from(d) });
    let may_follow_up = row.parent_idx.is_none() && !rows.iter().any(|r| r.parent_idx == Some(row.idx));
    let star = behavioural(row.dimension.as_deref(), m.round.as_deref());
    // Key points an admin set for the bank question replace the derived ones.
    // A follow-up about a missed point is judged on that point, against its
    // main question's reference answer.
    let (reference, key_points) = match (row.parent_idx, follow_up_point(&row)) {
        (Some(parent), Some(point)) => (rows.iter().find(|r| r.idx == parent).and_then(|r| r.reference.clone()), Some(vec![point])),
        _ => {
            let points = match row.question_id {
                Some(qid) => bank::find(&state.db.read, qid).await?.and_then(|q| bank::parse_key_points(q.key_points.as_deref())),
                None => None,
            };
            (row.reference.clone(), points)
        }
    };
    let key_points = key_points.filter(|_| reference.is_some());
    let asked = judge::Asked { question: &row.question, reference: reference.as_deref(), key_points: key_points.as_deref(), behavioural: star };
    let scored = score(state, user_id, lang, asked, &text, spoken, may_follow_up).await?;
    let rate = scoring::speech_rate(&text, duration.map(f64::from));
    let next = rows.iter().map(|r| r.idx).max().unwrap_or(0) + 1;
    let follow_up = scored.follow_up.as_ref().map(|f| NewFollowUp {
        index: next,
        follows: row.idx,
        content: f.question.render(lang),
        note: serde_json::to_string(&f.question).ok(),
        topic: row.dimension.clone(),
    });
    let sep = if lang == Lang::En { " " } else { "" };
    let saved = ScoredAnswer {
        answer: text,
        duration_seconds: duration,
        recording_file_id: input.recording_file_id,
        speech_rate: rate,
        score: scored.score,
        feedback: scored.feedback.iter().map(|n| n.render(lang)).collect::<Vec<_>>().join(sep),
        improved: serde_json::to_string(&scored.improved.iter().map(|n| n.render(lang)).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into()),
        details: Details::of(&scored).to_json(),
    };
    let asked = follow_up.as_ref().map(|f| (f.index, f.content.clone()));
    match store::save_answer(&state.db, id, &row, saved, follow_up, Utc::now()).await? {
        Outcome::Done(added) => Ok(Accepted { index: input.index, speech_rate: rate, follow_up: asked.filter(|_| added) }),
        Outcome::Finished | Outcome::Missing => Err(Error::Conflict("interview_finished")),
    }
}

/// Finish `user_id`'s interview `id`: store its overall score and scores
/// per topic ([`summary_of`]) and give the report in `lang`. Unanswered
/// questions count 0.
///
/// # Errors
/// 403, 404, 409 `interview_finished` when finished before; database failures.
pub async fn finish(state: &AppState, lang: Lang, user_id: i64, id: i64) -> Result<Report> {
    owned(state, user_id, id, true).await?;
    let outcome = store::finish(
        &state.db,
        id,
        |rows| {
            let summary = summary_of(rows);
            let report = report_of(rows, Some(&summary), lang);
            (summary.overall_score, serde_json::to_string(&summary).unwrap_or_default(), report)
        },
        Utc::now(),
    )
    .await?;
    match outcome {
        Outcome::Done(report) => Ok(report),
        Outcome::Finished => Err(Error::Conflict("interview_finished")),
        Outcome::Missing => Err(Error::NotFound),
    }
}

/// One question and its answer in a record.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The question.
    pub question: String,
    /// The answer (empty when unanswered).
    pub answer: String,
    /// Characters (or words) per minute.
    pub speech_rate: Option<f64>,
}

/// A finished interview as a record: its questions and answers, hints and score.
#[derive(Clone, Debug)]
pub struct Record {
    /// The interview.
    pub interview_id: i64,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// Its questions and answers by index.
    pub exchanges: Vec<Exchange>,
    /// The report's hints, in the reader's language (hints given with the
    /// record as they were given).
    pub improved: Vec<String>,
    /// The report's overall score.
    pub overall_score: Option<i32>,
}

fn record_of(m: &interview::Model, rows: &[answer::Model], lang: Lang) -> Record {
    let report = report_of(rows, Some(&Summary::parse(m.report.as_deref())), lang);
    Record {
        interview_id: m.id,
        created_at: m.created_at,
        exchanges: rows.iter().map(|r| Exchange { question: question_text(r, lang), answer: r.answer.clone().unwrap_or_default(), speech_rate: r.speech_rate }).collect(),
        improved: report.improved,
        overall_score: m.overall_score,
    }
}

/// A page of `user_id`'s finished interviews as records in `lang`, newest
/// first, with the total.
///
/// # Errors
/// Database failures.
pub async fn records(state: &AppState, lang: Lang, user_id: i64, page: u64, per_page: u64) -> Result<(Vec<Record>, u64)> {
    let (list, total) = store::finished_page(&state.db, user_id, page, per_page).await?;
    Ok((list.iter().map(|(m, rows)| record_of(m, rows, lang)).collect(), total))
}

/// Most characters of a hint given with a record.
pub const MAX_HINT: usize = 300;

/// Store `user_id`'s interview done elsewhere: each answer is scored by the
/// built-in scorer (and the LLM when configured), against the bank's
/// reference when the question is in the bank, and the record is finished
/// at once. Given `improved` hints replace the computed ones.
///
/// # Errors
/// Database failures.
pub async fn create_record(state: &AppState, lang: Lang, user_id: i64, exchanges: Vec<Exchange>, improved: Option<Vec<String>>) -> Result<Record> {
    let now = Utc::now();
    let mut rows = Vec::with_capacity(exchanges.len());
    for (i, qa) in exchanges.iter().enumerate() {
        let in_bank = bank::find_by_key(&state.db.read, &content_key(&qa.question)).await?;
        let reference = in_bank.as_ref().and_then(|q| q.answer.clone());
        let answered = !qa.answer.trim().is_empty();
        let key_points = in_bank.as_ref().and_then(|q| bank::parse_key_points(q.key_points.as_deref()));
        let asked = judge::Asked { question: &qa.question, reference: reference.as_deref(), key_points: key_points.as_deref(), behavioural: false };
        let scored = if answered { Some(score(state, user_id, lang, asked, &qa.answer, None, false).await?) } else { None };
        rows.push(answer::Model {
            id: 0,
            interview_id: 0,
            idx: i as i32 + 1,
            parent_idx: None,
            question_id: in_bank.as_ref().map(|q| q.id),
            question: qa.question.trim().to_owned(),
            reference,
            dimension: None,
            answer: answered.then(|| qa.answer.trim().to_owned()),
            duration_seconds: None,
            recording_file_id: None,
            speech_rate: qa.speech_rate.filter(|r| r.is_finite() && *r >= 0.0),
            score: scored.as_ref().map(|s| s.score),
            feedback: scored.as_ref().map(|s| s.feedback.iter().map(|n| n.render(lang)).collect::<Vec<_>>().join(if lang == Lang::En { " " } else { "" })),
            improved: scored.as_ref().map(|s| serde_json::to_string(&s.improved.iter().map(|n| n.render(lang)).collect::<Vec<_>>()).unwrap_or_default()),
            details: scored.as_ref().map(|s| Details::of(s).to_json()),
            answered_at: answered.then_some(now),
            asked_at: None,
            question_note: None,
            created_at: now,
            updated_at: now,
        });
    }
    let mut summary = summary_of(&rows);
    summary.given_hints = improved.filter(|h| !h.is_empty()).map(|hints| hints.into_iter().map(|h| h.chars().take(MAX_HINT).collect()).collect());
    let json = serde_json::to_string(&summary).unwrap_or_default();
    let (saved, stored) = store::create_record(&state.db, user_id, summary.overall_score, json, &rows, now).await?;
    Ok(record_of(&saved, &stored, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(idx: i32, parent: Option<i32>, asked: bool, answered: bool) -> answer::Model {
        let now = Utc::now();
        answer::Model {
            id: i64::from(idx),
            interview_id: 1,
            idx,
            parent_idx: parent,
            question_id: None,
            question: format!("Q{idx}"),
            reference: None,
            dimension: None,
            answer: answered.then(|| "A".to_owned()),
            duration_seconds: None,
            recording_file_id: None,
            speech_rate: None,
            score: answered.then_some(50),
            feedback: None,
            improved: None,
            details: None,
            answered_at: answered.then_some(now),
            asked_at: asked.then_some(now),
            question_note: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn idx(rows: &[answer::Model]) -> Vec<i32> {
        reached(rows).iter().map(|r| r.idx).collect()
    }

    #[test]
    fn only_asked_answered_and_follow_up_questions_are_reached() {
        assert_eq!(idx(&[row(1, None, true, false), row(2, None, false, false)]), vec![1]);
        // A pending follow-up comes before the next main question.
        assert_eq!(idx(&[row(1, None, true, true), row(2, None, false, false), row(3, Some(1), true, false)]), vec![1, 3]);
        assert_eq!(idx(&[row(1, None, true, true), row(2, None, true, false), row(3, Some(1), true, true)]), vec![1, 2, 3]);
    }

    #[test]
    fn an_interview_from_before_asked_at_shows_its_first_unanswered_question() {
        assert_eq!(idx(&[row(1, None, false, true), row(2, None, false, false), row(3, None, false, false)]), vec![1, 2]);
        assert_eq!(idx(&[row(1, None, false, false), row(2, None, false, false)]), vec![1]);
    }
}
