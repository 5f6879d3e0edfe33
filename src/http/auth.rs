//! The request side of authentication: the extractors every handler uses,
//! the session cookies and the headers a token comes in.
//!
//! Clients send the session token as `Authorization: Bearer`, as the
//! `token` header of the original API, or — the web UI — as the HttpOnly
//! `mj_session` cookie, in which case unsafe methods must also carry
//! `X-CSRF-Token` equal to the `mj_csrf` cookie. What a token means, and
//! its cache, is [`crate::features::accounts::session`].

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::error::{Error, Result};
use crate::features::accounts::session::{self, Authenticated, Client, Issued};
use crate::state::AppState;

/// Session cookie name (HttpOnly).
pub const SESSION_COOKIE: &str = "mj_session";
/// CSRF cookie name (readable by the UI's script).
pub const CSRF_COOKIE: &str = "mj_csrf";
/// CSRF request header.
pub const CSRF_HEADER: &str = "x-csrf-token";

pub use crate::features::accounts::session::AuthSession;

/// A logged-in, initialised user. Rejects with 401 `unauthorized` (or
/// `session_expired` for a session past its idle timeout or lifetime) or 403
/// `account_not_initialized`.
#[derive(Clone, Debug)]
pub struct AuthUser(pub AuthSession);

/// A logged-in administrator. Rejects with 401 or 403 `forbidden`.
#[derive(Clone, Debug)]
pub struct AdminUser(pub AuthSession);

/// An optional initialised user; never rejects for a missing token.
#[derive(Clone, Debug)]
pub struct MaybeAuthUser(pub Option<AuthSession>);

/// An optional session of any account (including uninitialised ones).
#[derive(Clone, Debug)]
pub struct MaybeSession(pub Option<AuthSession>);

impl std::ops::Deref for AuthUser {
    type Target = AuthSession;
    fn deref(&self) -> &AuthSession {
        &self.0
    }
}

impl std::ops::Deref for AdminUser {
    type Target = AuthSession;
    fn deref(&self) -> &AuthSession {
        &self.0
    }
}

/// Where the token came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Header,
    Cookie,
}

fn token_from(headers: &HeaderMap) -> Option<(String, Source)> {
    if let Some(v) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        && let Some(t) = v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")) {
            return Some((t.trim().to_owned(), Source::Header));
        }
    if let Some(t) = headers.get("token").and_then(|v| v.to_str().ok()) {
        return Some((t.trim().to_owned(), Source::Header));
    }
    cookie(headers, SESSION_COOKIE).map(|t| (t, Source::Cookie))
}

/// Value of cookie `name` in the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| Cookie::parse(c.trim().to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// `Set-Cookie` values for a new session: the HttpOnly session cookie and the
/// script-readable CSRF cookie, both `SameSite=Lax; Path=/`.
pub fn session_cookies(state: &AppState, issued: &Issued) -> [HeaderValue; 2] {
    let max_age = time_duration(issued.max_age);
    let secure = state.config.cookie_secure;
    let session = Cookie::build((SESSION_COOKIE, issued.token.clone()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(max_age)
        .build();
    let csrf = Cookie::build((CSRF_COOKIE, issued.csrf.clone())).same_site(SameSite::Lax).path("/").secure(secure).max_age(max_age).build();
    [header_value(&session), header_value(&csrf)]
}

/// The [`Client`] of a request: its address (from [`ClientIp`]) and `User-Agent`.
pub fn client<'a>(ip: &'a str, headers: &'a HeaderMap) -> Client<'a> {
    Client { ip, user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()) }
}

/// `Set-Cookie` values that delete both cookies.
pub fn clear_cookies() -> [HeaderValue; 2] {
    [SESSION_COOKIE, CSRF_COOKIE].map(|name| {
        let c = Cookie::build((name, "")).path("/").max_age(time_duration(0)).build();
        header_value(&c)
    })
}

fn header_value(c: &Cookie<'_>) -> HeaderValue {
    HeaderValue::from_str(&c.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn time_duration(secs: i64) -> cookie::time::Duration {
    cookie::time::Duration::seconds(secs)
}

/// The caller as resolved once per request (memoised in the request
/// extensions): a live session, or whether the token named an ended one.
#[derive(Clone)]
struct Resolved {
    session: Option<AuthSession>,
    expired: bool,
}

/// Resolve the caller once per request.
async fn resolve(parts: &mut Parts, state: &AppState) -> Result<Resolved> {
    if let Some(cached) = parts.extensions.get::<Resolved>() {
        return Ok(cached.clone());
    }
    let found = match token_from(&parts.headers) {
        None => Resolved { session: None, expired: false },
        Some((token, source)) => match session::authenticate(state, &token).await? {
            Authenticated::Session(s) => {
                let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
                let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
                if source == Source::Cookie && unsafe_method && !session::csrf_ok(state, &s, sent) {
                    return Err(Error::Forbidden("csrf_failed"));
                }
                Resolved { session: Some(s), expired: false }
            }
            Authenticated::Expired => Resolved { session: None, expired: true },
            Authenticated::Unknown => Resolved { session: None, expired: false },
        },
    };
    parts.extensions.insert(found.clone());
    Ok(found)
}

impl FromRequestParts<AppState> for AuthSession {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let r = resolve(parts, state).await?;
        r.session.ok_or(if r.expired { Error::SessionExpired } else { Error::Unauthorized })
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let s = AuthSession::from_request_parts(parts, state).await?;
        if !s.initialized {
            return Err(Error::Forbidden("account_not_initialized"));
        }
        Ok(AuthUser(s))
    }
}

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let s = AuthUser::from_request_parts(parts, state).await?;
        if !s.is_admin {
            return Err(Error::Forbidden("forbidden"));
        }
        Ok(AdminUser(s.0))
    }
}

impl FromRequestParts<AppState> for MaybeAuthUser {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Ok(MaybeAuthUser(resolve(parts, state).await?.session.filter(|s| s.initialized)))
    }
}

/// The client's address: the first `X-Forwarded-For` hop when `trust_proxy`
/// is set, else the TCP peer.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        if state.config.trust_proxy
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                return Ok(ClientIp(ip.to_owned()));
            }
        let peer = parts
            .extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string());
        Ok(ClientIp(peer))
    }
}

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Ok(MaybeSession(resolve(parts, state).await?.session))
    }
}
