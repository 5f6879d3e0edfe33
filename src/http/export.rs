//! Export of one's own data over HTTP: `GET /api/users/me/export`, a JSON
//! attachment. The document and its sections are built in
//! [`crate::features::export`]; `mianjing export user ACCOUNT` prints the
//! same document.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{Error, Result};
use crate::features::export;
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp};
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_me))
}

/// Download everything the caller owns as one JSON document
/// (`format: "mianjing-export/1"`): profile, 面经 (anonymous ones too),
/// comments, discussions, favorites, question notes, resume and file
/// metadata, mock interviews with answers and scores, practice records,
/// open sessions. Never password hashes, tokens or codes. Sent as the
/// attachment `mianjing-export-<account>-<YYYY-MM-DD>.json`; limited by
/// `[limits.exports]` (3 a minute, 20 a day per user by default).
#[utoipa::path(get, path = "/api/users/me/export", tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, content_type = "application/json", body = Object, description = "the export document",
        headers(("Content-Disposition" = String, description = "attachment; filename=\"mianjing-export-<account>-<date>.json\""))),
    (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody, description = "account_not_initialized"),
    (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn export_me(State(state): State<AppState>, ClientIp(ip): ClientIp, me: AuthUser) -> Result<Response> {
    write_limits::charge(&state, Action::Export, Some(&me.0), &ip).await?;
    let doc = export::export(&state, me.user_id).await?;
    let name = export::file_name(&doc);
    let body = serde_json::to_vec_pretty(&doc).map_err(|e| Error::Internal(e.into()))?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).map_err(|e| Error::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}
