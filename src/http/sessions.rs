//! One's own sessions over HTTP: list them, end one, end all others
//! (`/api/users/me/sessions`). The rules are in
//! [`crate::features::accounts::session`]; administrators end a user's
//! sessions in [`super::admin`].

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::Result;
use crate::features::accounts::session::{self, SessionInfo};
use crate::http::auth::{self, AuthSession};
use crate::i18n::{tr, Lang};
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_sessions, end_other_sessions)).routes(routes!(end_session))
}

/// One live session of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// `sessions.id`.
    pub id: i64,
    /// Browser and system read from the `User-Agent`, in the caller's
    /// language ("Chrome on macOS", "macOS 上的 Chrome"); the first 60
    /// characters of an unrecognised one; a translated "unknown device"
    /// without one.
    pub device: String,
    /// The browser's name, when recognised.
    pub browser: Option<String>,
    /// The operating system, when recognised.
    pub os: Option<String>,
    /// The client's address at login or the last token refresh.
    pub ip: Option<String>,
    /// When the login happened (a token refresh keeps it).
    pub created_at: ApiTime,
    /// The last request, to the minute (now for the current session).
    pub last_seen_at: ApiTime,
    /// The absolute deadline: `session_hours` (or `session_keep_days`) after the login.
    pub expires_at: ApiTime,
    /// When the session ends unless another request comes first (the idle
    /// timeout, never after `expires_at`); `null` when there is no idle timeout.
    pub idle_expires_at: Option<ApiTime>,
    /// This is the session of the request.
    pub current: bool,
}

fn view(lang: Lang, s: SessionInfo) -> SessionView {
    let (browser, os) = s.user_agent.as_deref().map(session::device).unwrap_or_default();
    let device = match (&browser, &os, s.user_agent.as_deref().map(str::trim).filter(|u| !u.is_empty())) {
        (Some(b), Some(o), _) => tr(lang, "sessions.device", &[("browser", b.clone()), ("os", o.clone())]),
        (Some(one), None, _) | (None, Some(one), _) => one.clone(),
        (None, None, Some(ua)) => ua.chars().take(60).collect(),
        (None, None, None) => tr(lang, "sessions.unknown_device", &[]),
    };
    SessionView {
        id: s.id,
        device,
        browser,
        os,
        ip: s.ip,
        created_at: s.logged_in_at.into(),
        last_seen_at: s.last_seen_at.into(),
        expires_at: s.expires_at.into(),
        idle_expires_at: s.idle_expires_at.map(ApiTime),
        current: s.current,
    }
}

/// The caller's live sessions: the current one first, then the most
/// recently used. Ended sessions (idle timeout, lifetime) are not listed.
#[utoipa::path(get, path = "/api/users/me/sessions", tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = Vec<SessionView>), (status = 401, body = crate::error::ErrorBody, description = "unauthorized, session_expired")))]
async fn list_sessions(State(state): State<AppState>, lang: Lang, s: AuthSession) -> Result<Json<Vec<SessionView>>> {
    Ok(Json(session::list(&state, &s).await?.into_iter().map(|i| view(lang, i)).collect()))
}

/// End every session of the caller except the current one, at once.
#[utoipa::path(delete, path = "/api/users/me/sessions", tag = "accounts", security(("bearer" = [])), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody, description = "unauthorized, session_expired"),
    (status = 403, body = crate::error::ErrorBody, description = "csrf_failed")))]
async fn end_other_sessions(State(state): State<AppState>, s: AuthSession) -> Result<StatusCode> {
    session::end_others(&state, &s).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End one of the caller's sessions at once. Ending the current one is a
/// logout (the session cookies are cleared). Another user's session id
/// answers 404, like an unknown one.
#[utoipa::path(delete, path = "/api/users/me/sessions/{id}", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody, description = "unauthorized, session_expired"),
    (status = 403, body = crate::error::ErrorBody, description = "csrf_failed"),
    (status = 404, body = crate::error::ErrorBody)))]
async fn end_session(State(state): State<AppState>, s: AuthSession, Path(id): Path<i64>) -> Result<Response> {
    session::end_one(&state, &s, id).await?;
    let mut resp = StatusCode::NO_CONTENT.into_response();
    if id == s.session_id {
        for c in auth::clear_cookies() {
            resp.headers_mut().append(header::SET_COOKIE, c);
        }
    }
    Ok(resp)
}
