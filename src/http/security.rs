//! Hardened responses and the security log (README, "Security headers and logs").
//!
//! Two middlewares, because they need different sides of the error renderer
//! ([`crate::i18n::localize`]):
//!
//! - [`harden`], the outermost layer, validates the client's `X-Request-Id`
//!   before anything logs it, and gives every response its final headers:
//!   `Content-Security-Policy` (a page policy on HTML, a separate one for the
//!   Swagger UI under `/api/docs`, `default-src 'none'` on everything else),
//!   `charset=utf-8` on JSON, `Cache-Control: no-store` on answers to
//!   requests that carry a session and on answers that set cookies,
//!   `nosniff`, `Referrer-Policy`, `X-Frame-Options` and, behind an https
//!   `public_url`, `Strict-Transport-Security`. It runs after `localize` has
//!   turned error statuses into JSON bodies, so those get the same headers.
//! - [`log_events`], just inside `localize`, sees the [`ApiError`] a handler
//!   failed with (its stable `code`) and the [`Caller`] the extractors filled
//!   in, and writes one structured line per security event with the tracing
//!   target `security`.
//!
//! Sources: OWASP ASVS 5.0 V3.4 (browser security headers), V14.3.2
//! (`no-store` on sensitive data), V16.2–16.3 (security events with who,
//! when, where, never secrets), OWASP Logging Cheat Sheet (log-injection).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::{default_code, ApiError};
use crate::http::auth::{self, Caller};
use crate::state::AppState;

/// Policy of the web UI's HTML. Scripts only from this origin (the Vite
/// build has no inline script). Styles also `'unsafe-inline'`: Ant Design's
/// CSS-in-JS inserts `<style>` elements at run time and a nonce would have to
/// be minted per response into the embedded, cached `index.html` and handed
/// to antd's `ConfigProvider csp` — while a style cannot run code, so the
/// script policy is what stops XSS. Images may come from any https host
/// (avatars can be web addresses), `data:` and `blob:` (a recording's
/// preview plays from a `blob:` URL).
pub const APP_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob: https:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; \
object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Policy of the Swagger UI (`/api/docs`): its bundled scripts, inline
/// styles (React style attributes, highlighted code) and `data:` icons; the
/// "try it out" requests go to this origin.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'";

/// Policy of every other response (JSON, scripts, metrics): nothing may load
/// and nothing may frame it, should a browser ever render one as a page.
pub const NONE_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Policy of a downloaded file shown in the browser (an avatar, a
/// recording): a sandboxed document that may show itself and run nothing,
/// so an uploaded file that a browser would render as a page is inert.
pub const FILE_CSP: &str = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'";

/// Longest client-supplied `X-Request-Id` kept, characters.
pub const MAX_REQUEST_ID: usize = 64;

/// Whether a client's `X-Request-Id` may be used as the request id: 1–64 of
/// `A-Z a-z 0-9 . _ -`. Anything else (line breaks, quotes, braces, spaces)
/// could forge or break log lines, so it is replaced by a fresh UUID.
pub fn valid_request_id(value: &[u8]) -> bool {
    !value.is_empty() && value.len() <= MAX_REQUEST_ID && value.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Drop every `X-Request-Id` unless exactly one valid value was sent; the
/// request-id layer inside then generates one.
fn sanitize_request_id(headers: &mut HeaderMap) {
    let values: Vec<&HeaderValue> = headers.get_all("x-request-id").iter().collect();
    let keep = values.len() == 1 && valid_request_id(values[0].as_bytes());
    if !values.is_empty() && !keep {
        headers.remove("x-request-id");
    }
}

/// Outermost middleware: see the module documentation.
pub async fn harden(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    sanitize_request_id(req.headers_mut());
    let docs = req.uri().path().starts_with("/api/docs");
    let api = req.uri().path().starts_with("/api/");
    let with_session = auth::carries_token(req.headers());
    let mut resp = next.run(req).await;
    let sets_cookie = resp.headers().contains_key(header::SET_COOKIE);
    let h = resp.headers_mut();
    let content_type = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let json = content_type.starts_with("application/json");
    if content_type == "application/json" {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = match (content_type.starts_with("text/html"), docs) {
            (true, true) => DOCS_CSP,
            (true, false) => APP_CSP,
            (false, _) => NONE_CSP,
        };
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    }
    // A file's own caching (public avatars) stands; JSON for a session never
    // goes into a shared or back/forward cache.
    if sets_cookie || (with_session && api && (json || !h.contains_key(header::CACHE_CONTROL))) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    if state.config.public_url.as_deref().is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://")) {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    resp
}

/// A security event: the `event` field of a `security` log line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A password or code check failed (`invalid_credentials`, or
    /// `invalid_code` when logging in by code).
    LoginFailed,
    /// 429 on a login endpoint: the account or client is locked out for now.
    Lockout,
    /// Any other 429 (rate limits, daily quotas).
    RateLimited,
    /// 403 `csrf_failed`.
    CsrfFailed,
    /// 401: no valid session.
    Unauthorized,
    /// Any other 403.
    Forbidden,
    /// A successful write by an administrator through an admin-only endpoint
    /// (or the `mianjing admin` command line).
    AdminAction,
}

impl Event {
    /// The `event` field's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::LoginFailed => "login_failed",
            Event::Lockout => "lockout",
            Event::RateLimited => "rate_limited",
            Event::CsrfFailed => "csrf_failed",
            Event::Unauthorized => "unauthorized",
            Event::Forbidden => "forbidden",
            Event::AdminAction => "admin_action",
        }
    }
}

/// Paths that log a user in; a 429 there is a lockout.
fn is_login(path: &str) -> bool {
    path.starts_with("/api/users/login")
}

/// The event a response is, if any: from its status and error `code`, the
/// method and path, and whether an administrator passed [`auth::AdminUser`].
pub fn classify(method: &Method, path: &str, status: StatusCode, code: &str, admin: bool) -> Option<Event> {
    let unsafe_method = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    Some(match (status, code) {
        (_, "invalid_credentials") => Event::LoginFailed,
        (_, "invalid_code") if is_login(path) => Event::LoginFailed,
        (StatusCode::TOO_MANY_REQUESTS, _) if is_login(path) => Event::Lockout,
        (StatusCode::TOO_MANY_REQUESTS, _) => Event::RateLimited,
        (_, "csrf_failed") => Event::CsrfFailed,
        (StatusCode::UNAUTHORIZED, _) => Event::Unauthorized,
        (StatusCode::FORBIDDEN, _) => Event::Forbidden,
        (s, _) if s.is_success() && admin && unsafe_method => Event::AdminAction,
        _ => return None,
    })
}

/// Longest path written to a log line, bytes (the query is never logged: it
/// can hold a signed link's signature).
const MAX_LOGGED_PATH: usize = 200;

/// Middleware inside `localize`: one `security` line per [`Event`] with the
/// fields `event`, `time`, `status`, `code`, `user_id` (when a valid token
/// came with the request), `ip` ([`auth::client_ip`]), `request_id`, `method`
/// and `path`. No body, query, header value, e-mail address or token is
/// ever written.
pub async fn log_events(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let caller = Caller::default();
    req.extensions_mut().insert(caller.clone());
    // Cheap copies (reference-counted) for the rare request that is an event;
    // the strings are built only then.
    let method = req.method().clone();
    let uri = req.uri().clone();
    let peer = auth::peer(req.extensions());
    let mut forwarded = HeaderMap::new();
    if state.config.trust_proxy {
        for v in req.headers().get_all("x-forwarded-for") {
            forwarded.append("x-forwarded-for", v.clone());
        }
    }
    let request_id = req.headers().get("x-request-id").cloned();
    let resp = next.run(req).await;
    let status = resp.status();
    let code = resp.extensions().get::<ApiError>().map_or_else(|| if status.is_success() { "" } else { default_code(status) }, |e| e.code);
    if let Some(event) = classify(&method, uri.path(), status, code, caller.acted_as_admin()) {
        let time = crate::time::fmt(&chrono::Utc::now());
        let user_id = caller.user_id();
        let status = status.as_u16();
        let event = event.as_str();
        let ip = auth::client_ip(&state.config, &forwarded, peer);
        let request_id = request_id.as_ref().and_then(|v| v.to_str().ok()).unwrap_or("-");
        let path: String = uri.path().chars().take(MAX_LOGGED_PATH).collect();
        match event {
            "unauthorized" => tracing::info!(target: "security", event, time, status, code, user_id, ip, request_id, %method, path, "security event"),
            _ => tracing::warn!(target: "security", event, time, status, code, user_id, ip, request_id, %method, path, "security event"),
        }
    }
    resp
}

/// Log an administrator's change made with the `mianjing admin` command line
/// (`action` is `create`, `grant`, `revoke`, `disable` or `enable`; the
/// target by its id, never its e-mail address).
pub fn log_admin_cli(action: &str, target_user_id: i64) {
    let time = crate::time::fmt(&chrono::Utc::now());
    tracing::warn!(target: "security", event = Event::AdminAction.as_str(), time, source = "cli", action, target_user_id, "security event");
}

#[cfg(test)]
mod tests {
    use axum::http::{Method, StatusCode};

    use super::{classify, valid_request_id, Event};

    #[test]
    fn request_ids_are_short_and_plain() {
        assert!(valid_request_id(b"abc-123"));
        assert!(valid_request_id(b"0f8e.A_b-9"));
        assert!(valid_request_id("x".repeat(64).as_bytes()));
        assert!(!valid_request_id("x".repeat(65).as_bytes()));
        assert!(!valid_request_id(b""));
        for bad in ["a b", "a\"b", "a\nb", "{\"event\":1}", "a\tb", "ä", "a/b"] {
            assert!(!valid_request_id(bad.as_bytes()), "{bad:?}");
        }
    }

    #[test]
    fn responses_map_to_events() {
        let post = Method::POST;
        let login = "/api/users/login";
        let at = |m: &Method, p: &str, s: u16, c: &str, admin: bool| classify(m, p, StatusCode::from_u16(s).unwrap(), c, admin);
        assert_eq!(at(&post, login, 400, "invalid_credentials", false), Some(Event::LoginFailed));
        assert_eq!(at(&Method::DELETE, "/api/users/me", 400, "invalid_credentials", false), Some(Event::LoginFailed));
        assert_eq!(at(&post, "/api/users/login/code", 400, "invalid_code", false), Some(Event::LoginFailed));
        assert_eq!(at(&post, "/api/users/signup", 400, "invalid_code", false), None);
        assert_eq!(at(&post, login, 429, "rate_limited", false), Some(Event::Lockout));
        assert_eq!(at(&post, "/api/comments", 429, "rate_limited", false), Some(Event::RateLimited));
        assert_eq!(at(&post, "/api/comments", 403, "csrf_failed", false), Some(Event::CsrfFailed));
        assert_eq!(at(&Method::GET, "/api/users/profile", 401, "unauthorized", false), Some(Event::Unauthorized));
        assert_eq!(at(&Method::GET, "/api/admin/users", 403, "forbidden", false), Some(Event::Forbidden));
        assert_eq!(at(&Method::PATCH, "/api/admin/users/3", 200, "", true), Some(Event::AdminAction));
        assert_eq!(at(&Method::GET, "/api/admin/users", 200, "", true), None);
        assert_eq!(at(&Method::PATCH, "/api/admin/users/3", 404, "not_found", true), None);
        assert_eq!(at(&post, "/api/experiences", 201, "", false), None);
    }
}
