//! `PUT`/`DELETE /api/questions/{id}/note`: the caller's private note on a question.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::error::Result;
use crate::features::questions::notes;
use crate::http::auth::AuthUser;
use crate::http::ValidJson;
use crate::state::AppState;
use crate::time::ApiTime;

/// `PUT /api/questions/{id}/note` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// 1–5000 characters.
    #[validate(length(min = 1, max = 5000))]
    pub content: String,
}

/// The caller's note on a question.
#[derive(Debug, Serialize, ToSchema)]
pub struct Note {
    pub question_id: i64,
    pub content: String,
    pub updated_at: ApiTime,
}

/// Write (create or replace) the caller's private note on a question.
#[utoipa::path(put, path = "/api/questions/{id}/note", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NoteInput, responses(
    (status = 200, body = Note), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub(super) async fn put_note(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>, ValidJson(input): ValidJson<NoteInput>) -> Result<Json<Note>> {
    let n = notes::put(&state, me.user_id, id, &input.content).await?;
    Ok(Json(Note { question_id: n.question_id, content: n.content, updated_at: n.updated_at.into() }))
}

/// Delete the caller's note on a question (idempotent).
#[utoipa::path(delete, path = "/api/questions/{id}/note", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub(super) async fn delete_note(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    notes::delete(&state, me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
