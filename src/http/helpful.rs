//! "有帮助" (helpful) votes: idempotent `PUT`/`DELETE …/helpful` on 面经 and
//! comments. The rules (one vote per user, none on one's own post, exact
//! counts) are in [`crate::features::community::helpful`].

use axum::extract::{Path, State};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ErrorBody, Result};
use crate::features::community::helpful::{self, HelpfulState, HelpfulTarget};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp};
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(vote_experience, unvote_experience)).routes(routes!(vote_comment, unvote_comment))
}

/// Count a 面经 helpful (idempotent). Not on one's own post.
#[utoipa::path(put, path = "/api/experiences/{id}/helpful", tag = "helpful", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = HelpfulState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "helpful_own_post"),
    (status = 404, body = ErrorBody), (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn vote_experience(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<HelpfulState>> {
    write_limits::charge(&state, Action::Helpful, Some(&me.0), &ip).await?;
    Ok(Json(helpful::vote(&state, &me.0, HelpfulTarget::Experience, id).await?))
}

/// Withdraw a helpful vote on a 面经 (idempotent).
#[utoipa::path(delete, path = "/api/experiences/{id}/helpful", tag = "helpful", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = HelpfulState), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn unvote_experience(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<HelpfulState>> {
    write_limits::charge(&state, Action::Helpful, Some(&me.0), &ip).await?;
    Ok(Json(helpful::unvote(&state, &me.0, HelpfulTarget::Experience, id).await?))
}

/// Count a comment helpful (idempotent). Not on one's own comment.
#[utoipa::path(put, path = "/api/comments/{id}/helpful", tag = "helpful", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = HelpfulState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "helpful_own_post"),
    (status = 404, body = ErrorBody), (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn vote_comment(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<HelpfulState>> {
    write_limits::charge(&state, Action::Helpful, Some(&me.0), &ip).await?;
    Ok(Json(helpful::vote(&state, &me.0, HelpfulTarget::Comment, id).await?))
}

/// Withdraw a helpful vote on a comment (idempotent).
#[utoipa::path(delete, path = "/api/comments/{id}/helpful", tag = "helpful", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = HelpfulState), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn unvote_comment(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<HelpfulState>> {
    write_limits::charge(&state, Action::Helpful, Some(&me.0), &ip).await?;
    Ok(Json(helpful::unvote(&state, &me.0, HelpfulTarget::Comment, id).await?))
}
