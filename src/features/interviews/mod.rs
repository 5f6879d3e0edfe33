//! Mock interviews: set up a `topic` drill or a `full` round (which
//! questions, [`select`]), answer one question at a time (the interviewer may
//! ask one follow-up, 追问, on an answer that missed key points), finish,
//! read the report ([`report`]); history, and records of interviews done
//! elsewhere (`interview_records`).
//!
//! Answers are scored when submitted ([`crate::features::scoring`]) but the
//! scores are only shown in the report, as in a real interview. Only the
//! owner sees an interview (403 `forbidden` for others); a finished
//! interview is read-only (409 `interview_finished`).

pub mod report;
pub mod select;

use chrono::{DateTime, Utc};

use self::report::{report_of, Report};
use self::select::{Setup, BEHAVIOURAL};
use crate::entity::enums::{InterviewKind, InterviewRound, InterviewStatus};
use crate::entity::{mock_interview as interview, mock_interview_answer as answer};
use crate::error::{Error, FieldErrors, Result};
use crate::features::questions::content_key;
use crate::features::scoring::{self, Scored};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store::interviews::{self as store, NewFollowUp, NewInterview, Outcome, ScoredAnswer};
use crate::store::questions as bank;

/// A mock interview with its asked questions.
#[derive(Clone, Debug)]
pub struct Interview {
    /// The interview row.
    pub interview: interview::Model,
    /// Its asked questions by index, main and follow-ups.
    pub questions: Vec<answer::Model>,
    /// Questions answered so far.
    pub answered: i32,
    /// The report, once finished.
    pub report: Option<Report>,
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

async fn load(state: &AppState, user_id: i64, id: i64, fresh: bool) -> Result<Interview> {
    let m = owned(state, user_id, id, fresh).await?;
    let db = if fresh { &state.db.write } else { &state.db.read };
    let questions = store::answers(db, id).await?;
    let answered = questions.iter().filter(|r| r.answered_at.is_some()).count() as i32;
    let report = m.report.as_deref().and_then(|r| serde_json::from_str(r).ok());
    Ok(Interview { interview: m, questions, answered, report })
}

/// Start `user_id`'s mock interview set up as `setup`. `errors` are those
/// already found in the request; [`Setup::problems`] are added, and any
/// fails the call with one 400.
///
/// # Errors
/// 400 (`validation_failed`; `no_questions` when nothing matches the set-up;
/// `question_ids` `not_found`); database failures.
pub async fn start(state: &AppState, user_id: i64, setup: Setup, mut errors: FieldErrors) -> Result<Interview> {
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
    load(state, user_id, id, true).await
}

/// `user_id`'s interview `id`.
///
/// # Errors
/// 403 `forbidden` for another user's, 404 `not_found`; database failures.
pub async fn get(state: &AppState, user_id: i64, id: i64) -> Result<Interview> {
    load(state, user_id, id, false).await
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
    /// Seconds spent answering (gives the speech rate).
    pub duration_seconds: Option<i32>,
    /// A `recording` file of the owner.
    pub recording_file_id: Option<i64>,
}

/// What an accepted answer gives back.
#[derive(Clone, Debug)]
pub struct Accepted {
    /// The question's index.
    pub index: i32,
    /// Characters (or English words) per minute, without a duration none.
    pub speech_rate: Option<f64>,
    /// The interviewer's follow-up, `(index, text)`.
    pub follow_up: Option<(i32, String)>,
}

/// Behavioural questions (scored with STAR): those of [`BEHAVIOURAL`] and
/// every question of an `hr` round.
fn behavioural(topic: Option<&str>, round: Option<&str>) -> bool {
    topic == Some(BEHAVIOURAL) || round == Some(InterviewRound::Hr.as_str())
}

/// Score with the built-in scorer and, when configured, the LLM.
async fn score(state: &AppState, lang: Lang, q: &str, reference: Option<&str>, a: &str, duration: Option<i32>, star: bool) -> Result<Scored> {
    let (q2, r2, a2) = (q.to_owned(), reference.map(str::to_owned), a.to_owned());
    let built = tokio::task::spawn_blocking(move || scoring::builtin(lang, &q2, r2.as_deref(), &a2, duration, star)).await.map_err(|e| Error::Internal(e.into()))?;
    Ok(match &state.llm {
        Some(llm) => match llm.score(lang, q, reference, a).await {
            Some(v) => scoring::llm_score(built, v),
            None => built,
        },
        None => built,
    })
}

/// Answer one question of `user_id`'s interview `id`. The interviewer may
/// answer with a follow-up on a main question whose answer missed key points
/// (once per question).
///
/// # Errors
/// 400 (`answer` `not_empty`, `recording_file_id` or `index` `not_found`),
/// 403, 404, 409 `interview_finished`; database failures.
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
    let row = rows.iter().find(|r| r.idx == input.index).cloned().ok_or_else(|| Error::field("index", "not_found"))?;
    let scored = score(state, lang, &row.question, row.reference.as_deref(), &text, input.duration_seconds, behavioural(row.dimension.as_deref(), m.round.as_deref())).await?;
    let rate = scoring::speech_rate(&text, input.duration_seconds);
    let wants_follow_up = row.parent_idx.is_none() && !rows.iter().any(|r| r.parent_idx == Some(row.idx));
    let follow_up_text = if wants_follow_up {
        match scoring::follow_up(lang, &scored, row.reference.is_some()) {
            Some(builtin_q) => Some(match &state.llm {
                Some(llm) => llm.follow_up(lang, &row.question, row.reference.as_deref(), &text).await.unwrap_or(builtin_q),
                None => builtin_q,
            }),
            None => None,
        }
    } else {
        None
    };
    let details = serde_json::json!({"dimensions": scored.dimensions, "covered": scored.covered, "missed": scored.missed, "fillers": scored.fillers, "scorer": scored.scorer});
    let next = rows.iter().map(|r| r.idx).max().unwrap_or(0) + 1;
    let follow_up = follow_up_text.map(|content| NewFollowUp { index: next, follows: row.idx, content, topic: row.dimension.clone() });
    let saved = ScoredAnswer {
        answer: text,
        duration_seconds: input.duration_seconds,
        recording_file_id: input.recording_file_id,
        speech_rate: rate,
        score: scored.score,
        feedback: scored.feedback.clone(),
        improved: serde_json::to_string(&scored.improved).unwrap_or_else(|_| "[]".into()),
        details: details.to_string(),
    };
    let asked = follow_up.as_ref().map(|f| (f.index, f.content.clone()));
    match store::save_answer(&state.db, id, &row, saved, follow_up, Utc::now()).await? {
        Outcome::Done(added) => Ok(Accepted { index: input.index, speech_rate: rate, follow_up: asked.filter(|_| added) }),
        Outcome::Finished | Outcome::Missing => Err(Error::Conflict("interview_finished")),
    }
}

/// Finish `user_id`'s interview `id`: score the whole interview
/// ([`report_of`]) and store the report. Unanswered questions count 0.
///
/// # Errors
/// 403, 404, 409 `interview_finished` when finished before; database failures.
pub async fn finish(state: &AppState, lang: Lang, user_id: i64, id: i64) -> Result<Report> {
    owned(state, user_id, id, true).await?;
    let outcome = store::finish(
        &state.db,
        id,
        |rows| {
            let report = report_of(rows, lang);
            (report.overall_score, serde_json::to_string(&report).unwrap_or_default(), report)
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
    /// The report's hints.
    pub improved: Vec<String>,
    /// The report's overall score.
    pub overall_score: Option<i32>,
}

fn record_of(m: &interview::Model, rows: &[answer::Model]) -> Record {
    let report: Option<Report> = m.report.as_deref().and_then(|r| serde_json::from_str(r).ok());
    Record {
        interview_id: m.id,
        created_at: m.created_at,
        exchanges: rows.iter().map(|r| Exchange { question: r.question.clone(), answer: r.answer.clone().unwrap_or_default(), speech_rate: r.speech_rate }).collect(),
        improved: report.map(|r| r.improved).unwrap_or_default(),
        overall_score: m.overall_score,
    }
}

/// A page of `user_id`'s finished interviews as records, newest first, with the total.
///
/// # Errors
/// Database failures.
pub async fn records(state: &AppState, user_id: i64, page: u64, per_page: u64) -> Result<(Vec<Record>, u64)> {
    let (list, total) = store::finished_page(&state.db, user_id, page, per_page).await?;
    Ok((list.iter().map(|(m, rows)| record_of(m, rows)).collect(), total))
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
        let scored = if answered { Some(score(state, lang, &qa.question, reference.as_deref(), &qa.answer, None, false).await?) } else { None };
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
            feedback: scored.as_ref().map(|s| s.feedback.clone()),
            improved: scored.as_ref().map(|s| serde_json::to_string(&s.improved).unwrap_or_default()),
            details: scored.as_ref().map(|s| serde_json::json!({"dimensions": s.dimensions, "scorer": s.scorer}).to_string()),
            answered_at: answered.then_some(now),
            created_at: now,
            updated_at: now,
        });
    }
    let mut report = report_of(&rows, lang);
    if let Some(hints) = improved.filter(|h| !h.is_empty()) {
        report.improved = hints.into_iter().map(|h| h.chars().take(MAX_HINT).collect()).collect();
    }
    let json = serde_json::to_string(&report).unwrap_or_default();
    let (saved, stored) = store::create_record(&state.db, user_id, report.overall_score, json, &rows, now).await?;
    Ok(record_of(&saved, &stored))
}
