//! Mock interviews (SPEC §3, seeds 001 and 004): set up a `topic` drill or a
//! `full` round, answer one question at a time (the interviewer may ask one
//! follow-up, 追问, on an answer that missed key points), finish, read the
//! report; history and the seed-001 `interview_records` view.
//!
//! Answers are scored when submitted (see [`crate::features::scoring`]) but the scores
//! are only shown in the report, as in a real interview. A finished
//! interview is read-only (409 `interview_finished`).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::questions::{self, QuestionQuery};
use super::{JsonBody, Paged, PageParams, ValidJson, ValidQuery};
use crate::http::auth::AuthUser;
use crate::entity::{career, file, mock_interview as interview, mock_interview_answer as answer, question};
use crate::error::{Error, FieldError, Result};
use crate::i18n::Lang;
use crate::features::scoring::{self, Dimensions, Scored};
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_interviews, create_interview))
        .routes(routes!(get_interview))
        .routes(routes!(submit_answer))
        .routes(routes!(finish_interview))
        .routes(routes!(list_records, create_record))
}

/// Career whose questions are behavioural (scored with STAR).
pub const BEHAVIOURAL: &str = "行为面试";

fn valid_kind(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "topic" | "full") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}
fn valid_round(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "first" | "second" | "third" | "hr") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}
fn valid_difficulty(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "easy" | "medium" | "hard") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

/// `POST /api/mock-interviews` body.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInterview {
    /// `topic` (drill one career/tag at a difficulty) or `full` (one round for a target role).
    #[validate(custom(function = "valid_kind"))]
    pub kind: String,
    pub career_id: Option<i64>,
    #[validate(length(max = 50))]
    pub tag: Option<String>,
    /// Target position (full interviews), ≤ 100.
    #[validate(length(max = 100))]
    pub position: Option<String>,
    /// Company: its real 面经 questions come first.
    #[validate(length(max = 100))]
    pub company: Option<String>,
    /// Job posting to personalise a full interview, ≤ 20000.
    #[validate(length(max = 20000))]
    pub job_description: Option<String>,
    /// Personalise with the caller's resume.
    #[serde(default)]
    pub use_resume: bool,
    /// `first` (technical basics) | `second` (depth) | `third` (overall ability) | `hr`.
    #[validate(custom(function = "valid_round"))]
    pub round: Option<String>,
    /// `easy` (初级) | `medium` (中级) | `hard` (高级).
    #[validate(custom(function = "valid_difficulty"))]
    pub difficulty: Option<String>,
    /// Topic: 5–10; full: 3–10. Default 5.
    pub question_count: Option<u32>,
    /// Practise exactly these questions (1–20), e.g. from the mistake notebook.
    pub question_ids: Option<Vec<i64>>,
}

/// A question as asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct AskedQuestion {
    /// Position in the interview, from 1; follow-ups get the next free index.
    pub index: i32,
    /// Bank question, null for follow-ups.
    pub question_id: Option<i64>,
    pub content: String,
    /// For a follow-up, the index it follows up on.
    pub follow_up_of: Option<i32>,
    /// Whether it has been answered.
    pub answered: bool,
    /// The answer (shown to its owner).
    pub answer: Option<String>,
    pub duration_seconds: Option<i32>,
    pub speech_rate: Option<f64>,
    pub recording_file_id: Option<i64>,
}

/// One answer in the report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AnswerReport {
    pub index: i32,
    pub question: String,
    pub question_id: Option<i64>,
    pub follow_up_of: Option<i32>,
    pub answer: Option<String>,
    /// 0–100 (0 when unanswered).
    pub score: i32,
    pub feedback: String,
    /// Characters (or English words) per minute.
    pub speech_rate: Option<f64>,
    pub improved: Vec<String>,
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
    pub answered: i32,
    pub total: i32,
    /// Mean sub-scores (0–100) over the answered questions.
    pub dimensions: BTreeMap<String, i32>,
    /// Mean score per career/tag.
    pub topics: BTreeMap<String, i32>,
    /// Mean speech rate over answers with a duration.
    pub speech_rate: Option<f64>,
    /// The most useful hints, most frequent first.
    pub improved: Vec<String>,
    pub answers: Vec<AnswerReport>,
    /// `builtin` or `llm` (when any answer was scored by the LLM).
    pub scorer: String,
}

/// A mock interview.
#[derive(Debug, Serialize, ToSchema)]
pub struct Interview {
    pub id: i64,
    /// `topic` | `full` | `record`.
    pub kind: String,
    pub round: Option<String>,
    pub career_id: Option<i64>,
    pub tag: Option<String>,
    pub position: Option<String>,
    pub company: Option<String>,
    pub difficulty: Option<String>,
    /// `in_progress` | `finished`.
    pub status: String,
    pub question_count: i32,
    pub answered_count: i32,
    pub overall_score: Option<i32>,
    pub questions: Vec<AskedQuestion>,
    /// Present once finished.
    pub report: Option<Report>,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub finished_at: Option<chrono::DateTime<Utc>>,
}

/// A question chosen for an interview.
struct Pick {
    question_id: Option<i64>,
    content: String,
    reference: Option<String>,
    topic: Option<String>,
}

async fn career_id_by_name<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<i64>> {
    Ok(career::Entity::find().filter(career::Column::Name.eq(name)).one(db).await?.map(|c| c.id))
}

async fn picks_for(state: &AppState, ids: &[i64], tag: Option<&str>) -> Result<Vec<Pick>> {
    let careers: BTreeMap<i64, String> = career::Entity::find().all(&state.db.read).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let models = question::Entity::find().filter(question::Column::Id.is_in(ids.to_vec())).all(&state.db.read).await?;
    Ok(ids
        .iter()
        .filter_map(|id| models.iter().find(|q| q.id == *id))
        .map(|q| Pick {
            question_id: Some(q.id),
            content: q.content.clone(),
            reference: q.answer.clone(),
            topic: tag.map(str::to_owned).or_else(|| q.career_id.and_then(|c| careers.get(&c).cloned())),
        })
        .collect())
}

/// Fill `taken` up to `n` ids with questions matching `q`, answered ones
/// first (they can be scored against a reference answer).
async fn draw(state: &AppState, q: QuestionQuery, n: usize, taken: &mut Vec<i64>) -> Result<()> {
    for has_answer in [Some(true), None] {
        if taken.len() >= n {
            break;
        }
        let query = QuestionQuery { has_answer, ..clone_query(&q) };
        // Ask for extra rows: some may already be taken.
        for id in questions::draw(state, &query, (n + taken.len()) as u64).await? {
            if taken.len() >= n {
                break;
            }
            if !taken.contains(&id) {
                taken.push(id);
            }
        }
    }
    Ok(())
}

fn clone_query(q: &QuestionQuery) -> QuestionQuery {
    QuestionQuery {
        career_id: q.career_id,
        difficulty: q.difficulty.clone(),
        tag: q.tag.clone(),
        q: None,
        lang: q.lang.clone(),
        company: q.company.clone(),
        has_answer: q.has_answer,
        page: None,
        per_page: None,
    }
}

async fn select(state: &AppState, user_id: i64, req: &CreateInterview, count: usize) -> Result<Vec<Pick>> {
    if let Some(ids) = &req.question_ids {
        let picks = picks_for(state, ids, req.tag.as_deref()).await?;
        if picks.len() != ids.len() {
            return Err(Error::field("question_ids", "not_found"));
        }
        return Ok(picks);
    }
    let mut ids: Vec<i64> = Vec::new();
    let base = QuestionQuery { career_id: req.career_id, tag: req.tag.clone(), difficulty: req.difficulty.clone(), ..Default::default() };
    if let Some(company) = req.company.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        // The company's real 面经 questions first.
        let q = QuestionQuery { company: Some(company.to_owned()), ..Default::default() };
        for id in questions::draw(state, &q, count as u64).await? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if req.kind == "topic" {
        draw(state, base, count, &mut ids).await?;
    } else {
        let round = req.round.as_deref().unwrap_or("first");
        // Personalised part: keywords of the posting and/or resume.
        let mut text = req.job_description.clone().unwrap_or_default();
        if let Some(p) = &req.position {
            text.push('\n');
            text.push_str(p);
        }
        if req.use_resume {
            text.push('\n');
            text.push_str(&super::resumes::resume_text(state, user_id).await?);
        }
        let behavioural = career_id_by_name(&state.db.read, BEHAVIOURAL).await?;
        let design = career_id_by_name(&state.db.read, "系统设计").await?;
        match round {
            "hr" => draw(state, QuestionQuery { career_id: behavioural, ..Default::default() }, count, &mut ids).await?,
            _ => {
                if !text.trim().is_empty() && round != "first" {
                    let kws = tokio::task::spawn_blocking(move || crate::features::skills::extract(&text, 10)).await.map_err(|e| Error::Internal(e.into()))?;
                    let terms: Vec<(String, f64)> = kws.into_iter().map(|k| (k.term, k.weight)).collect();
                    for (id, _, _) in questions::score_by_terms(state, &terms, None, 100).await?.into_iter().take(count) {
                        if ids.len() < count && !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
                let difficulty = req.difficulty.clone().or_else(|| Some(if round == "first" { "easy" } else { "hard" }.into()));
                if round == "third" {
                    let half = ids.len() + (count.saturating_sub(ids.len())).div_ceil(2);
                    draw(state, QuestionQuery { career_id: design, ..Default::default() }, half.min(count), &mut ids).await?;
                    draw(state, QuestionQuery { career_id: behavioural, ..Default::default() }, count, &mut ids).await?;
                }
                let base = QuestionQuery { difficulty, ..clone_query(&base) };
                draw(state, base, count, &mut ids).await?;
                // Not enough at that difficulty: any difficulty of the career.
                draw(state, QuestionQuery { career_id: req.career_id, tag: req.tag.clone(), ..Default::default() }, count, &mut ids).await?;
            }
        }
    }
    ids.truncate(count);
    picks_for(state, &ids, req.tag.as_deref()).await
}

/// Start a mock interview. 400 `no_questions` when nothing matches the set-up.
#[utoipa::path(post, path = "/api/mock-interviews", tag = "mock interviews", security(("bearer" = [])), request_body = CreateInterview, responses(
    (status = 201, body = Interview), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn create_interview(State(state): State<AppState>, me: AuthUser, JsonBody(req): JsonBody<CreateInterview>) -> Result<(StatusCode, Json<Interview>)> {
    let mut errors = super::validation_fields(&req);
    let count = req.question_count.unwrap_or(5) as usize;
    let range = if req.kind == "topic" { 5..=10 } else { 3..=10 };
    if req.question_ids.is_none() && !range.contains(&count) {
        errors.entry("question_count".into()).or_default().push(FieldError {
            code: "range",
            params: vec![("min", range.start().to_string()), ("max", range.end().to_string())],
        });
    }
    if let Some(ids) = &req.question_ids
        && (ids.is_empty() || ids.len() > 20) {
            errors.entry("question_ids".into()).or_default().push(FieldError { code: "range", params: vec![("min", "1".into()), ("max", "20".into())] });
        }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let picks = select(&state, me.user_id, &req, count).await?;
    if picks.is_empty() {
        return Err(Error::BadRequest("no_questions"));
    }
    let now = Utc::now();
    let txn = state.db.write.begin().await?;
    let saved = interview::ActiveModel {
        user_id: Set(me.user_id),
        kind: Set(req.kind.clone()),
        round: Set(if req.kind == "full" { Some(req.round.clone().unwrap_or_else(|| "first".into())) } else { None }),
        career_id: Set(req.career_id),
        tag: Set(req.tag.clone()),
        position: Set(req.position.clone()),
        company: Set(req.company.clone()),
        job_description: Set(req.job_description.clone()),
        use_resume: Set(req.use_resume),
        difficulty: Set(req.difficulty.clone()),
        status: Set("in_progress".into()),
        question_count: Set(picks.len() as i32),
        overall_score: Set(None),
        report: Set(None),
        finished_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let rows: Vec<answer::ActiveModel> = picks
        .into_iter()
        .enumerate()
        .map(|(i, p)| answer::ActiveModel {
            interview_id: Set(saved.id),
            idx: Set(i as i32 + 1),
            parent_idx: Set(None),
            question_id: Set(p.question_id),
            question: Set(p.content),
            reference: Set(p.reference),
            dimension: Set(p.topic),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    answer::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    txn.commit().await?;
    Ok((StatusCode::CREATED, Json(load(&state, me.user_id, saved.id, true).await?)))
}

async fn owned(state: &AppState, user_id: i64, id: i64, written: bool) -> Result<interview::Model> {
    let db = if written { &state.db.write } else { &state.db.read };
    let m = interview::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound)?;
    if m.user_id != user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    Ok(m)
}

async fn load(state: &AppState, user_id: i64, id: i64, written: bool) -> Result<Interview> {
    let db = if written { &state.db.write } else { &state.db.read };
    let m = owned(state, user_id, id, written).await?;
    let rows = answer::Entity::find().filter(answer::Column::InterviewId.eq(id)).order_by_asc(answer::Column::Idx).all(db).await?;
    let answered = rows.iter().filter(|r| r.answered_at.is_some()).count() as i32;
    Ok(Interview {
        id: m.id,
        kind: m.kind,
        round: m.round,
        career_id: m.career_id,
        tag: m.tag,
        position: m.position,
        company: m.company,
        difficulty: m.difficulty,
        status: m.status,
        question_count: m.question_count,
        answered_count: answered,
        overall_score: m.overall_score,
        questions: rows
            .into_iter()
            .map(|r| AskedQuestion {
                index: r.idx,
                question_id: r.question_id,
                content: r.question,
                follow_up_of: r.parent_idx,
                answered: r.answered_at.is_some(),
                answer: r.answer,
                duration_seconds: r.duration_seconds,
                speech_rate: r.speech_rate,
                recording_file_id: r.recording_file_id,
            })
            .collect(),
        report: m.report.as_deref().and_then(|r| serde_json::from_str(r).ok()),
        created_at: m.created_at,
        finished_at: m.finished_at,
    })
}

/// One mock interview of the caller: questions, answers and (once finished) the report.
#[utoipa::path(get, path = "/api/mock-interviews/{id}", tag = "mock interviews", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Interview), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn get_interview(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<Interview>> {
    Ok(Json(load(&state, me.user_id, id, false).await?))
}

/// A history entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewSummary {
    pub id: i64,
    pub kind: String,
    pub round: Option<String>,
    pub career_id: Option<i64>,
    pub tag: Option<String>,
    pub company: Option<String>,
    pub status: String,
    pub question_count: i32,
    pub overall_score: Option<i32>,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub finished_at: Option<chrono::DateTime<Utc>>,
}

/// The caller's mock interviews, newest first (unfinished ones can be resumed).
#[utoipa::path(get, path = "/api/mock-interviews", tag = "mock interviews", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<InterviewSummary>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn list_interviews(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<InterviewSummary>>> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let (page, per_page) = p.resolve();
    let q = interview::Entity::find().filter(interview::Column::UserId.eq(me.user_id)).filter(interview::Column::Kind.ne("record"));
    let total = q.clone().count(&state.db.read).await?;
    let items = q
        .order_by_desc(interview::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(&state.db.read)
        .await?
        .into_iter()
        .map(|m| InterviewSummary {
            id: m.id,
            kind: m.kind,
            round: m.round,
            career_id: m.career_id,
            tag: m.tag,
            company: m.company,
            status: m.status,
            question_count: m.question_count,
            overall_score: m.overall_score,
            created_at: m.created_at,
            finished_at: m.finished_at,
        })
        .collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// `POST /api/mock-interviews/{id}/answers` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// The question's index.
    #[validate(range(min = 1, max = 100))]
    pub index: i32,
    /// 1–10000 characters (a transcript for spoken answers).
    #[validate(length(min = 1, max = 10000))]
    pub answer: String,
    /// Seconds spent answering, 1–3600 (gives the speech rate).
    #[validate(range(min = 1, max = 3600))]
    pub duration_seconds: Option<i32>,
    /// A `recording` file of the caller.
    pub recording_file_id: Option<i64>,
}

/// A follow-up question.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUp {
    pub index: i32,
    pub content: String,
}

/// What an answer submission returns.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerAccepted {
    pub index: i32,
    /// Characters (or English words) per minute; null without a duration.
    pub speech_rate: Option<f64>,
    /// The interviewer's follow-up (追问), at most one per question.
    pub follow_up: Option<FollowUp>,
}

fn behavioural(topic: Option<&str>, round: Option<&str>) -> bool {
    topic == Some(BEHAVIOURAL) || round == Some("hr")
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

/// Answer one question. The interviewer may answer with a follow-up on a
/// main question whose answer missed key points (once per question).
#[utoipa::path(post, path = "/api/mock-interviews/{id}/answers", tag = "mock interviews", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AnswerInput, responses(
    (status = 200, body = AnswerAccepted), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody, description = "interview_finished")))]
async fn submit_answer(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>, ValidJson(input): ValidJson<AnswerInput>) -> Result<Json<AnswerAccepted>> {
    let m = owned(&state, me.user_id, id, true).await?;
    if m.status == "finished" {
        return Err(Error::Conflict("interview_finished"));
    }
    let text = input.answer.trim().to_owned();
    if text.is_empty() {
        return Err(Error::field("answer", "not_empty"));
    }
    if let Some(fid) = input.recording_file_id {
        let ok = file::Entity::find_by_id(fid).one(&state.db.read).await?.is_some_and(|f| f.owner_id == me.user_id && f.purpose == "recording");
        if !ok {
            return Err(Error::field("recording_file_id", "not_found"));
        }
    }
    let rows = answer::Entity::find().filter(answer::Column::InterviewId.eq(id)).all(&state.db.write).await?;
    let row = rows.iter().find(|r| r.idx == input.index).cloned().ok_or_else(|| Error::field("index", "not_found"))?;
    let scored = score(&state, lang, &row.question, row.reference.as_deref(), &text, input.duration_seconds, behavioural(row.dimension.as_deref(), m.round.as_deref())).await?;
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
    let now = Utc::now();
    let txn = state.db.write.begin().await?;
    // Re-check inside the transaction: a concurrent finish wins.
    if interview::Entity::find_by_id(id).one(&txn).await?.is_none_or(|m| m.status == "finished") {
        return Err(Error::Conflict("interview_finished"));
    }
    let details = serde_json::json!({"dimensions": scored.dimensions, "covered": scored.covered, "missed": scored.missed, "fillers": scored.fillers, "scorer": scored.scorer});
    let mut am: answer::ActiveModel = row.clone().into();
    am.answer = Set(Some(text));
    am.duration_seconds = Set(input.duration_seconds);
    am.recording_file_id = Set(input.recording_file_id);
    am.speech_rate = Set(rate);
    am.score = Set(Some(scored.score));
    am.feedback = Set(Some(scored.feedback.clone()));
    am.improved = Set(Some(serde_json::to_string(&scored.improved).unwrap_or_else(|_| "[]".into())));
    am.details = Set(Some(details.to_string()));
    am.answered_at = Set(Some(now));
    am.updated_at = Set(now);
    am.update(&txn).await?;
    let mut follow_up = None;
    if let Some(content) = follow_up_text {
        let next = rows.iter().map(|r| r.idx).max().unwrap_or(0) + 1;
        let inserted = answer::ActiveModel {
            interview_id: Set(id),
            idx: Set(next),
            parent_idx: Set(Some(row.idx)),
            question_id: Set(None),
            question: Set(content.clone()),
            // Scored for relevance to the follow-up itself, which names what was missed.
            reference: Set(None),
            dimension: Set(row.dimension.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        // A concurrent answer to the same question may have added it first.
        if inserted.is_ok() {
            follow_up = Some(FollowUp { index: next, content });
        }
    }
    txn.commit().await?;
    Ok(Json(AnswerAccepted { index: input.index, speech_rate: rate, follow_up }))
}

fn report_of(rows: &[answer::Model], lang: Lang) -> Report {
    let unanswered = match lang {
        Lang::En => "Not answered.",
        Lang::ZhTw => "未作答。",
        Lang::ZhCn => "未作答。",
    };
    let answers: Vec<AnswerReport> = rows
        .iter()
        .map(|r| {
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
        })
        .collect();
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
        for (k, v) in [("coverage", Some(d.coverage)), ("structure", Some(d.structure)), ("fluency", Some(d.fluency)), ("length", Some(d.length)), ("pace", d.pace)] {
            if let Some(v) = v {
                let e = dims.entry(k.to_owned()).or_insert((0.0, 0));
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    let mut topics: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for a in &main {
        let e = topics.entry(a.topic.clone().unwrap_or_else(|| "综合".into())).or_insert((0.0, 0));
        e.0 += effective(a);
        e.1 += 1;
    }
    let mut freq: Vec<(String, usize)> = Vec::new();
    for h in answered.iter().flat_map(|a| a.improved.iter()) {
        // Group hints by their lead words (e.g. every "补充要点：…" together).
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
        improved: freq.into_iter().take(6).map(|(h, _)| h).collect(),
        answers,
        scorer: if llm_used { "llm".into() } else { "builtin".into() },
    }
}

/// Finish: score the whole interview and store the report. Unanswered
/// questions count 0. Finishing twice is 409 `interview_finished`.
#[utoipa::path(post, path = "/api/mock-interviews/{id}/finish", tag = "mock interviews", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Report), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody, description = "interview_finished")))]
async fn finish_interview(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>) -> Result<Json<Report>> {
    owned(&state, me.user_id, id, true).await?;
    let txn = state.db.write.begin().await?;
    let m = interview::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    if m.status == "finished" {
        return Err(Error::Conflict("interview_finished"));
    }
    let rows = answer::Entity::find().filter(answer::Column::InterviewId.eq(id)).order_by_asc(answer::Column::Idx).all(&txn).await?;
    let report = report_of(&rows, lang);
    let now = Utc::now();
    let mut am: interview::ActiveModel = m.into();
    am.status = Set("finished".into());
    am.overall_score = Set(Some(report.overall_score));
    am.report = Set(Some(serde_json::to_string(&report).unwrap_or_default()));
    am.finished_at = Set(Some(now));
    am.updated_at = Set(now);
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(Json(report))
}

/// One question and answer of the seed-001 view.
#[derive(Debug, Deserialize, Serialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionAndAnswer {
    /// 1–2000 characters.
    #[validate(length(min = 1, max = 2000))]
    pub question: String,
    /// ≤ 10000 characters.
    #[validate(length(max = 10000))]
    pub answer: String,
    /// Characters (or words) per minute.
    pub speech_rate: Option<f64>,
}

/// Seed 001's interview record.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewRecord {
    pub interview_id: i64,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    pub question_and_answer: Vec<QuestionAndAnswer>,
    pub improved: Vec<String>,
    pub overall_score: Option<i32>,
}

/// `POST /api/interview_records` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRecord {
    /// 1–50 pairs.
    #[validate(length(min = 1, max = 50), nested)]
    pub question_and_answer: Vec<QuestionAndAnswer>,
    /// Hints; computed by the scorer when omitted.
    #[validate(length(max = 20))]
    pub improved: Option<Vec<String>>,
}

fn record_of(m: &interview::Model, rows: &[answer::Model]) -> InterviewRecord {
    let report: Option<Report> = m.report.as_deref().and_then(|r| serde_json::from_str(r).ok());
    InterviewRecord {
        interview_id: m.id,
        created_at: m.created_at,
        question_and_answer: rows
            .iter()
            .map(|r| QuestionAndAnswer { question: r.question.clone(), answer: r.answer.clone().unwrap_or_default(), speech_rate: r.speech_rate })
            .collect(),
        improved: report.map(|r| r.improved).unwrap_or_default(),
        overall_score: m.overall_score,
    }
}

/// The caller's finished interviews in seed 001's shape.
#[utoipa::path(get, path = "/api/interview_records", tag = "mock interviews", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<InterviewRecord>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn list_records(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<InterviewRecord>>> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let (page, per_page) = p.resolve();
    let q = interview::Entity::find().filter(interview::Column::UserId.eq(me.user_id)).filter(interview::Column::Status.eq("finished"));
    let total = q.clone().count(&state.db.read).await?;
    let list = q.order_by_desc(interview::Column::Id).offset((page - 1) * per_page).limit(per_page).all(&state.db.read).await?;
    let ids: Vec<i64> = list.iter().map(|m| m.id).collect();
    let rows = answer::Entity::find().filter(answer::Column::InterviewId.is_in(ids)).order_by_asc(answer::Column::Idx).all(&state.db.read).await?;
    let items = list
        .iter()
        .map(|m| {
            let mine: Vec<answer::Model> = rows.iter().filter(|r| r.interview_id == m.id).cloned().collect();
            record_of(m, &mine)
        })
        .collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// Store an interview done elsewhere (seed 001): each answer is scored by the
/// built-in scorer (against the bank's reference when the question is in the
/// bank) and the record is finished at once.
#[utoipa::path(post, path = "/api/interview_records", tag = "mock interviews", security(("bearer" = [])), request_body = CreateRecord, responses(
    (status = 201, body = InterviewRecord), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn create_record(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidJson(req): ValidJson<CreateRecord>) -> Result<(StatusCode, Json<InterviewRecord>)> {
    let now = Utc::now();
    let mut rows = Vec::new();
    for (i, qa) in req.question_and_answer.iter().enumerate() {
        let bank = question::Entity::find().filter(question::Column::ContentKey.eq(crate::features::questions::content_key(&qa.question))).one(&state.db.read).await?;
        let reference = bank.as_ref().and_then(|q| q.answer.clone());
        let answered = !qa.answer.trim().is_empty();
        let scored = if answered { Some(score(&state, lang, &qa.question, reference.as_deref(), &qa.answer, None, false).await?) } else { None };
        rows.push(answer::Model {
            id: 0,
            interview_id: 0,
            idx: i as i32 + 1,
            parent_idx: None,
            question_id: bank.as_ref().map(|q| q.id),
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
    if let Some(hints) = req.improved.filter(|h| !h.is_empty()) {
        report.improved = hints.into_iter().map(|h| h.chars().take(300).collect()).collect();
    }
    let txn = state.db.write.begin().await?;
    let saved = interview::ActiveModel {
        user_id: Set(me.user_id),
        kind: Set("record".into()),
        use_resume: Set(false),
        status: Set("finished".into()),
        question_count: Set(rows.len() as i32),
        overall_score: Set(Some(report.overall_score)),
        report: Set(Some(serde_json::to_string(&report).unwrap_or_default())),
        finished_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let models: Vec<answer::ActiveModel> = rows
        .iter()
        .map(|r| {
            let mut am: answer::ActiveModel = r.clone().into();
            am.id = sea_orm::ActiveValue::NotSet;
            am.interview_id = Set(saved.id);
            am
        })
        .collect();
    answer::Entity::insert_many(models).exec_without_returning(&txn).await?;
    txn.commit().await?;
    let stored = answer::Entity::find().filter(answer::Column::InterviewId.eq(saved.id)).order_by_asc(answer::Column::Idx).all(&state.db.write).await?;
    Ok((StatusCode::CREATED, Json(record_of(&saved, &stored))))
}

/// Used by the learning records: the user's scored main answers, oldest first.
pub(crate) async fn scored_answers(state: &AppState, user_id: i64) -> Result<Vec<(interview::Model, answer::Model)>> {
    let interviews = interview::Entity::find().filter(interview::Column::UserId.eq(user_id)).all(&state.db.read).await?;
    let ids: Vec<i64> = interviews.iter().map(|m| m.id).collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows = answer::Entity::find()
        .filter(answer::Column::InterviewId.is_in(ids))
        .filter(answer::Column::AnsweredAt.is_not_null())
        .order_by_asc(answer::Column::AnsweredAt)
        .order_by_asc(answer::Column::Id)
        .all(&state.db.read)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| interviews.iter().find(|m| m.id == r.interview_id).cloned().map(|m| (m, r)))
        .collect())
}

