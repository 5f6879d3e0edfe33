//! Drafts (草稿) over HTTP: the caller's autosaved 面经 and discussion
//! forms. `…/drafts/{kind}` is the draft of a new post,
//! `…/drafts/{kind}/{post_id}` the draft of an edit of post `post_id`;
//! `kind` is `experience` or `discussion`. The rules (privacy, size,
//! publishing removes the draft) are in [`crate::features::community::drafts`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::{PageParams, Paged, ValidJson, ValidQuery};
use crate::entity::enums::DraftKind;
use crate::error::{Error, Result};
use crate::features::community::drafts::{self, Draft};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp};
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_drafts))
        .routes(routes!(get_new_draft, put_new_draft, delete_new_draft))
        .routes(routes!(get_edit_draft, put_edit_draft, delete_edit_draft))
}

/// A saved draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftInfo {
    /// `experience` | `discussion`.
    pub kind: DraftKind,
    /// The post being edited; `null` for a new post.
    pub post_id: Option<i64>,
    /// The form's fields as last saved (the UI's shape).
    #[schema(value_type = Object)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// When it was last saved.
    pub updated_at: ApiTime,
}

impl From<Draft> for DraftInfo {
    fn from(d: Draft) -> Self {
        DraftInfo { kind: d.kind, post_id: d.post_id, fields: d.fields, updated_at: d.updated_at.into() }
    }
}

/// The body of a save.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DraftInput {
    /// The form's fields, a JSON object of at most 256 KiB serialised
    /// (413 `payload_too_large` over it; anything but an object is 400
    /// `bad_request`).
    #[schema(value_type = Object)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// `kind` of the path, or 400 `validation_failed` on `kind` (`enum_value`).
fn kind(s: &str) -> Result<DraftKind> {
    s.parse().map_err(|_| Error::field("kind", "enum_value"))
}

/// The caller's drafts, most recently saved first.
#[utoipa::path(get, path = "/api/drafts", tag = "drafts", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<DraftInfo>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn list_drafts(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<DraftInfo>>> {
    let (page, per_page) = p.resolve();
    Ok(Json(Paged::from_page(drafts::list(&state, me.user_id, page, per_page).await?, DraftInfo::from)))
}

/// The caller's draft of a new post of `kind`; 404 when there is none.
#[utoipa::path(get, path = "/api/drafts/{kind}", tag = "drafts", security(("bearer" = [])), params(("kind" = DraftKind, Path)), responses(
    (status = 200, body = DraftInfo), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn get_new_draft(State(state): State<AppState>, me: AuthUser, Path(k): Path<String>) -> Result<Json<DraftInfo>> {
    Ok(Json(drafts::get(&state, me.user_id, kind(&k)?, None).await?.into()))
}

/// Save (create or replace) the caller's draft of a new post of `kind`.
#[utoipa::path(put, path = "/api/drafts/{kind}", tag = "drafts", security(("bearer" = [])), params(("kind" = DraftKind, Path)), request_body = DraftInput, responses(
    (status = 200, body = DraftInfo), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 413, body = crate::error::ErrorBody, description = "payload_too_large"), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn put_new_draft(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(k): Path<String>, ValidJson(input): ValidJson<DraftInput>) -> Result<Json<DraftInfo>> {
    let kind = kind(&k)?;
    write_limits::charge(&state, Action::Draft, Some(&me.0), &ip).await?;
    Ok(Json(drafts::save(&state, me.user_id, kind, None, input.fields).await?.into()))
}

/// Discard the caller's draft of a new post of `kind`; 404 when there is none.
#[utoipa::path(delete, path = "/api/drafts/{kind}", tag = "drafts", security(("bearer" = [])), params(("kind" = DraftKind, Path)), responses(
    (status = 204), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_new_draft(State(state): State<AppState>, me: AuthUser, Path(k): Path<String>) -> Result<StatusCode> {
    drafts::discard(&state, me.user_id, kind(&k)?, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's draft of an edit of their post `post_id` of `kind`; 404
/// when there is none.
#[utoipa::path(get, path = "/api/drafts/{kind}/{post_id}", tag = "drafts", security(("bearer" = [])), params(("kind" = DraftKind, Path), ("post_id" = i64, Path)), responses(
    (status = 200, body = DraftInfo), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn get_edit_draft(State(state): State<AppState>, me: AuthUser, Path((k, post_id)): Path<(String, i64)>) -> Result<Json<DraftInfo>> {
    Ok(Json(drafts::get(&state, me.user_id, kind(&k)?, Some(post_id)).await?.into()))
}

/// Save (create or replace) the caller's draft of an edit of their live
/// post `post_id` of `kind`: 404 for a missing or deleted post, 403 for
/// someone else's.
#[utoipa::path(put, path = "/api/drafts/{kind}/{post_id}", tag = "drafts", security(("bearer" = [])), params(("kind" = DraftKind, Path), ("post_id" = i64, Path)), request_body = DraftInput, responses(
    (status = 200, body = DraftInfo), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 413, body = crate::error::ErrorBody, description = "payload_too_large"), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn put_edit_draft(
    State(state): State<AppState>,
    me: AuthUser,
    ClientIp(ip): ClientIp,
    Path((k, post_id)): Path<(String, i64)>,
    ValidJson(input): ValidJson<DraftInput>,
) -> Result<Json<DraftInfo>> {
    let kind = kind(&k)?;
    write_limits::charge(&state, Action::Draft, Some(&me.0), &ip).await?;
    Ok(Json(drafts::save(&state, me.user_id, kind, Some(post_id), input.fields).await?.into()))
}

/// Discard the caller's draft of an edit of post `post_id` of `kind`; 404
/// when there is none.
#[utoipa::path(delete, path = "/api/drafts/{kind}/{post_id}", tag = "drafts", security(("bearer" = [])), params(("kind" = DraftKind, Path), ("post_id" = i64, Path)), responses(
    (status = 204), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_edit_draft(State(state): State<AppState>, me: AuthUser, Path((k, post_id)): Path<(String, i64)>) -> Result<StatusCode> {
    drafts::discard(&state, me.user_id, kind(&k)?, Some(post_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
