//! Voice answers and what the mock-interview page may offer:
//! `POST /api/mock-interviews/{id}/transcriptions` turns a `recording` file
//! into text (the rules in [`crate::features::transcription`]);
//! `GET /api/mock-interviews/settings` says whether transcription and the
//! LLM are available and how much of the daily quotas
//! ([`crate::features::quota`]) is left.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::ValidJson;
use crate::error::Result;
use crate::features::{quota, transcription};
use crate::http::auth::AuthUser;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(transcribe_answer)).routes(routes!(interview_settings))
}

/// `POST /api/mock-interviews/{id}/transcriptions` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranscriptionInput {
    /// A `recording` file of the caller (uploaded through `POST /api/files`).
    pub recording_file_id: i64,
}

/// A transcribed recording.
#[derive(Debug, Serialize, ToSchema)]
pub struct Transcription {
    /// What was said; the client shows it as the answer, editable before submitting.
    pub text: String,
    /// Length of the recording, seconds (from the endpoint, else a WAV header); null when unknown.
    pub duration_seconds: Option<f64>,
}

/// Transcribe a recorded answer (speech to text through the configured
/// OpenAI-compatible `/audio/transcriptions`). Uses one of the caller's LLM
/// calls of the day.
#[utoipa::path(post, path = "/api/mock-interviews/{id}/transcriptions", tag = "mock interviews", security(("bearer" = [])), params(("id" = i64, Path)), request_body = TranscriptionInput, responses(
    (status = 200, body = Transcription), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody, description = "forbidden: another user's interview or file"),
    (status = 404, body = crate::error::ErrorBody, description = "not_found: no such interview or file"),
    (status = 429, body = crate::error::ErrorBody, description = "quota_exceeded: the day's LLM calls are used up; `Retry-After` seconds, `resets_at` in the body"),
    (status = 502, body = crate::error::ErrorBody, description = "transcription_failed: the speech-to-text endpoint failed or timed out"),
    (status = 503, body = crate::error::ErrorBody, description = "transcription_unavailable: no speech-to-text endpoint is configured")))]
async fn transcribe_answer(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>, ValidJson(input): ValidJson<TranscriptionInput>) -> Result<Json<Transcription>> {
    let t = transcription::transcribe(&state, me.user_id, id, input.recording_file_id).await?;
    Ok(Json(Transcription { text: t.text, duration_seconds: t.duration_seconds }))
}

/// One daily quota.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuotaUsage {
    /// Allowed per UTC day.
    pub limit: u64,
    /// Used today (at most `limit`).
    pub used: u64,
    /// When `used` starts again from 0: the next UTC midnight.
    pub resets_at: ApiTime,
}

impl From<quota::Usage> for QuotaUsage {
    fn from(u: quota::Usage) -> Self {
        QuotaUsage { limit: u.limit, used: u.used, resets_at: u.resets_at.into() }
    }
}

/// The caller's daily quotas.
#[derive(Debug, Serialize, ToSchema)]
pub struct Quotas {
    /// Answers scored (over it, answers are refused with 429 `quota_exceeded`).
    pub scored_answers: QuotaUsage,
    /// LLM requests: scoring with its follow-up, and transcriptions (over it,
    /// the built-in scorer scores and transcription answers 429).
    pub llm_calls: QuotaUsage,
}

/// What the mock-interview page may offer the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewSettings {
    /// Recordings can be transcribed.
    pub transcription: bool,
    /// Answers are judged by an LLM (while LLM calls are left).
    pub llm: bool,
    pub quotas: Quotas,
}

/// Whether transcription and the LLM are available, and the caller's daily quotas.
#[utoipa::path(get, path = "/api/mock-interviews/settings", tag = "mock interviews", security(("bearer" = [])), responses(
    (status = 200, body = InterviewSettings), (status = 401, body = crate::error::ErrorBody)))]
async fn interview_settings(State(state): State<AppState>, me: AuthUser) -> Result<Json<InterviewSettings>> {
    let s = quota::settings(&state, me.user_id).await?;
    Ok(Json(InterviewSettings {
        transcription: s.transcription,
        llm: s.llm,
        quotas: Quotas { scored_answers: s.scored_answers.into(), llm_calls: s.llm_calls.into() },
    }))
}
