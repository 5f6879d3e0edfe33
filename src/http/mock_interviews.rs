//! Mock interview endpoints: set up a `topic` drill or a `full` round,
//! answer one question at a time (with at most one follow-up, 追问, per
//! question), finish and read the report; history, and the
//! `interview_records` view of finished interviews. While an interview is in
//! progress only the questions reached so far are sent; generated texts
//! (follow-ups, feedback, hints, explanations, dimension names) are rendered
//! in the caller's language (`Accept-Language`). The rules are in
//! [`crate::features::interviews`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::questions::valid_difficulty;
use super::{validation_fields, JsonBody, PageParams, Paged, ValidJson, ValidQuery};
use crate::entity::enums::{InterviewKind, InterviewRound};
use crate::entity::mock_interview as interview;
use crate::error::Result;
pub use crate::features::interviews::report::{AnswerReport, KeyPoint, Report};
use crate::features::interviews::select::Setup;
use crate::features::interviews::{self as interviews, Exchange};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_interviews, create_interview))
        .routes(routes!(get_interview))
        .routes(routes!(submit_answer))
        .routes(routes!(finish_interview))
        .routes(routes!(list_records, create_record))
}

/// A kind a user may start: `topic` or `full` (`record`s are posted to `/api/interview_records`).
fn valid_kind(s: &str) -> std::result::Result<(), ValidationError> {
    match s.parse::<InterviewKind>() {
        Ok(InterviewKind::Topic | InterviewKind::Full) => Ok(()),
        _ => Err(ValidationError::new("enum_value")),
    }
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
    #[validate(custom(function = "super::code::<InterviewRound>"))]
    pub round: Option<String>,
    /// `easy` (初级) | `medium` (中级) | `hard` (高级).
    #[validate(custom(function = "valid_difficulty"))]
    pub difficulty: Option<String>,
    /// 3–10. Default 5.
    pub question_count: Option<u32>,
    /// Practise exactly these questions (1–20), e.g. from the mistake notebook.
    pub question_ids: Option<Vec<i64>>,
    /// Language of the questions, `zh` | `en`; default from
    /// `Accept-Language` (English → `en`, otherwise `zh`). Only questions in
    /// it are asked (fewer rather than the other language).
    #[validate(custom(function = "super::questions::valid_lang"))]
    pub lang: Option<String>,
}

impl From<CreateInterview> for Setup {
    /// Codes that do not parse are already reported by `validation_fields`;
    /// an unknown kind is set up as `full` so that its question count is
    /// checked against the wider range.
    fn from(r: CreateInterview) -> Self {
        Setup {
            kind: r.kind.parse().ok().filter(|k| *k == InterviewKind::Topic).unwrap_or(InterviewKind::Full),
            round: r.round.and_then(|s| s.parse().ok()),
            career_id: r.career_id,
            tag: r.tag,
            position: r.position,
            company: r.company,
            job_description: r.job_description,
            use_resume: r.use_resume,
            difficulty: r.difficulty.and_then(|s| s.parse().ok()),
            question_count: r.question_count,
            question_ids: r.question_ids,
            lang: r.lang.and_then(|s| s.parse().ok()),
        }
    }
}

/// A question as asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct AskedQuestion {
    /// Position in the interview, from 1; follow-ups get the next free index.
    pub index: i32,
    /// Bank question, null for follow-ups.
    pub question_id: Option<i64>,
    /// The question (a follow-up in the caller's language).
    pub content: String,
    /// When it was put to the candidate (the per-question timer counts from
    /// it); null for questions asked before this was recorded.
    pub asked_at: Option<ApiTime>,
    /// For a follow-up, the index it follows up on.
    pub follow_up_of: Option<i32>,
    /// Whether it has been answered.
    pub answered: bool,
    /// The answer (shown to its owner).
    pub answer: Option<String>,
    /// Length of the answer's recording in seconds; null for a typed answer.
    pub duration_seconds: Option<i32>,
    /// Characters (or English words) per minute of a recorded answer.
    pub speech_rate: Option<f64>,
    pub recording_file_id: Option<i64>,
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
    /// Language of the questions, `zh` | `en` (null for interviews before it was recorded).
    pub lang: Option<String>,
    /// `in_progress` | `finished`.
    pub status: String,
    /// Main questions in the interview, reached or not.
    pub question_count: i32,
    pub answered_count: i32,
    pub overall_score: Option<i32>,
    /// While in progress, the questions reached so far (answered ones, their
    /// follow-ups and the current one); once finished, all.
    pub questions: Vec<AskedQuestion>,
    /// Present once finished.
    pub report: Option<Report>,
    pub created_at: ApiTime,
    pub finished_at: Option<ApiTime>,
}

impl From<interviews::Interview> for Interview {
    fn from(i: interviews::Interview) -> Self {
        let m = i.interview;
        Interview {
            id: m.id,
            kind: m.kind,
            round: m.round,
            career_id: m.career_id,
            tag: m.tag,
            position: m.position,
            company: m.company,
            difficulty: m.difficulty,
            lang: m.lang,
            status: m.status,
            question_count: m.question_count,
            answered_count: i.answered,
            overall_score: m.overall_score,
            questions: i
                .questions
                .into_iter()
                .map(|r| AskedQuestion {
                    index: r.idx,
                    question_id: r.question_id,
                    content: r.question,
                    asked_at: r.asked_at.map(ApiTime),
                    follow_up_of: r.parent_idx,
                    answered: r.answered_at.is_some(),
                    answer: r.answer,
                    duration_seconds: r.duration_seconds,
                    speech_rate: r.speech_rate,
                    recording_file_id: r.recording_file_id,
                })
                .collect(),
            report: i.report,
            created_at: m.created_at.into(),
            finished_at: m.finished_at.map(ApiTime),
        }
    }
}

/// Start a mock interview. 400 `no_questions` when nothing matches the set-up.
#[utoipa::path(post, path = "/api/mock-interviews", tag = "mock interviews", security(("bearer" = [])), request_body = CreateInterview, responses(
    (status = 201, body = Interview), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn create_interview(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, JsonBody(req): JsonBody<CreateInterview>) -> Result<(StatusCode, Json<Interview>)> {
    write_limits::charge(&state, Action::MockInterview, Some(&me.0), &ip).await?;
    let errors = validation_fields(&req);
    let started = interviews::start(&state, lang, me.user_id, Setup::from(req).or_lang(lang), errors).await?;
    Ok((StatusCode::CREATED, Json(started.into())))
}

/// One mock interview of the caller: the questions reached so far with the
/// answers, or once finished every question and the report, in the caller's
/// language.
#[utoipa::path(get, path = "/api/mock-interviews/{id}", tag = "mock interviews", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Interview), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn get_interview(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>) -> Result<Json<Interview>> {
    Ok(Json(interviews::get(&state, lang, me.user_id, id).await?.into()))
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
    /// Language of the questions, `zh` | `en` (null for interviews before it was recorded).
    pub lang: Option<String>,
    pub status: String,
    pub question_count: i32,
    pub overall_score: Option<i32>,
    pub created_at: ApiTime,
    pub finished_at: Option<ApiTime>,
}

impl From<interview::Model> for InterviewSummary {
    fn from(m: interview::Model) -> Self {
        InterviewSummary {
            id: m.id,
            kind: m.kind,
            round: m.round,
            career_id: m.career_id,
            tag: m.tag,
            company: m.company,
            lang: m.lang,
            status: m.status,
            question_count: m.question_count,
            overall_score: m.overall_score,
            created_at: m.created_at.into(),
            finished_at: m.finished_at.map(ApiTime),
        }
    }
}

/// The caller's mock interviews, newest first (unfinished ones can be resumed).
#[utoipa::path(get, path = "/api/mock-interviews", tag = "mock interviews", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<InterviewSummary>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn list_interviews(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<InterviewSummary>>> {
    let (page, per_page) = p.resolve();
    let (list, total) = interviews::list(&state, me.user_id, page, per_page).await?;
    Ok(Json(Paged { items: list.into_iter().map(InterviewSummary::from).collect(), total, page, per_page }))
}

/// `POST /api/mock-interviews/{id}/answers` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// The question's index (a question reached so far).
    #[validate(range(min = 1, max = 100))]
    pub index: i32,
    /// 1–10000 characters (a transcript for spoken answers).
    #[validate(length(min = 1, max = 10000))]
    pub answer: String,
    /// The recording's length in seconds, 1–3600: with `recording_file_id`
    /// it gives the speech rate and pace; ignored for a typed answer.
    #[validate(range(min = 1, max = 3600))]
    pub duration_seconds: Option<i32>,
    /// A `recording` file of the caller: the answer was spoken (its transcript is `answer`).
    pub recording_file_id: Option<i64>,
}

/// A follow-up question.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUp {
    pub index: i32,
    /// The question in the caller's language.
    pub content: String,
}

/// What an answer submission returns.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerAccepted {
    pub index: i32,
    /// Characters (or English words) per minute of a recorded answer; null for a typed one.
    pub speech_rate: Option<f64>,
    /// The interviewer's follow-up (追问), at most one per question.
    pub follow_up: Option<FollowUp>,
}

/// Answer one question. The interviewer may answer with a follow-up on a
/// main question whose answer missed key points (once per question).
#[utoipa::path(post, path = "/api/mock-interviews/{id}/answers", tag = "mock interviews", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AnswerInput, responses(
    (status = 200, body = AnswerAccepted), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody, description = "interview_finished"), (status = 429, body = crate::error::ErrorBody, description = "rate_limited, quota_exceeded")))]
async fn submit_answer(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>, ValidJson(input): ValidJson<AnswerInput>) -> Result<Json<AnswerAccepted>> {
    write_limits::charge(&state, Action::ScoredAnswer, Some(&me.0), &ip).await?;
    let input = interviews::AnswerInput { index: input.index, answer: input.answer, duration_seconds: input.duration_seconds, recording_file_id: input.recording_file_id };
    let a = interviews::answer(&state, lang, me.user_id, id, input).await?;
    Ok(Json(AnswerAccepted { index: a.index, speech_rate: a.speech_rate, follow_up: a.follow_up.map(|(index, content)| FollowUp { index, content }) }))
}

/// Finish: score the whole interview and store the report. Unanswered
/// questions count 0. Finishing twice is 409 `interview_finished`.
#[utoipa::path(post, path = "/api/mock-interviews/{id}/finish", tag = "mock interviews", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Report), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody, description = "interview_finished")))]
async fn finish_interview(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>) -> Result<Json<Report>> {
    Ok(Json(interviews::finish(&state, lang, me.user_id, id).await?))
}

/// One question and its answer in an interview record.
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

/// A finished interview as a record: its questions and answers, hints and score.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewRecord {
    pub interview_id: i64,
    pub created_at: ApiTime,
    pub question_and_answer: Vec<QuestionAndAnswer>,
    /// Hints in the caller's language (those given with the record as given).
    pub improved: Vec<String>,
    pub overall_score: Option<i32>,
}

impl From<interviews::Record> for InterviewRecord {
    fn from(r: interviews::Record) -> Self {
        InterviewRecord {
            interview_id: r.interview_id,
            created_at: r.created_at.into(),
            question_and_answer: r.exchanges.into_iter().map(|e| QuestionAndAnswer { question: e.question, answer: e.answer, speech_rate: e.speech_rate }).collect(),
            improved: r.improved,
            overall_score: r.overall_score,
        }
    }
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

/// The caller's finished interviews as records, newest first.
#[utoipa::path(get, path = "/api/interview_records", tag = "mock interviews", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<InterviewRecord>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn list_records(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<InterviewRecord>>> {
    let (page, per_page) = p.resolve();
    let (list, total) = interviews::records(&state, lang, me.user_id, page, per_page).await?;
    Ok(Json(Paged { items: list.into_iter().map(InterviewRecord::from).collect(), total, page, per_page }))
}

/// Store an interview done elsewhere: each answer is scored by the built-in
/// scorer (against the bank's reference when the question is in the bank)
/// and the record is finished at once.
#[utoipa::path(post, path = "/api/interview_records", tag = "mock interviews", security(("bearer" = [])), request_body = CreateRecord, responses(
    (status = 201, body = InterviewRecord), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn create_record(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, ValidJson(req): ValidJson<CreateRecord>) -> Result<(StatusCode, Json<InterviewRecord>)> {
    write_limits::charge(&state, Action::MockInterview, Some(&me.0), &ip).await?;
    let exchanges = req.question_and_answer.into_iter().map(|qa| Exchange { question: qa.question, answer: qa.answer, speech_rate: qa.speech_rate }).collect();
    let record = interviews::create_record(&state, lang, me.user_id, exchanges, req.improved).await?;
    Ok((StatusCode::CREATED, Json(record.into())))
}
