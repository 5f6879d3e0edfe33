//! Authentication: sessions, the request extractors and cookies.
//!
//! A session is an opaque 256-bit token; only its SHA-256 is stored
//! (`sessions.token_hash`). Clients send it as `Authorization: Bearer`, as the
//! seed-001 `token` header, or — the web UI — as the HttpOnly `mj_session`
//! cookie, in which case unsafe methods must also carry `X-CSRF-Token` equal
//! to the `mj_csrf` cookie (an HMAC of the session, so it cannot be forged
//! from another site). Each session records the user's `token_version` at
//! creation; bumping the version (password change/reset, disable) revokes
//! every older session at once (seed 003).
//!
//! Lookups are cached in [`crate::store::kv`] for 60 s under `sess:<hash>` and
//! `user:<id>`; every write that changes a session or a user's auth state
//! deletes the affected key, so revocation is immediate on all nodes sharing
//! the store.

use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use crate::entity::{session, user};
use crate::error::{Error, Result};
use crate::features::accounts::token;
use crate::state::AppState;

/// Session cookie name (HttpOnly).
pub const SESSION_COOKIE: &str = "mj_session";
/// CSRF cookie name (readable by the UI's script).
pub const CSRF_COOKIE: &str = "mj_csrf";
/// CSRF request header.
pub const CSRF_HEADER: &str = "x-csrf-token";
const CACHE_TTL: Duration = Duration::from_secs(60);

pub use crate::features::accounts::session::AuthSession;

/// A logged-in, initialised user. Rejects with 401 `unauthorized` or 403
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

#[derive(Serialize, Deserialize)]
struct CachedSession {
    sid: i64,
    uid: i64,
    ver: i32,
    exp: i64,
}

#[derive(Serialize, Deserialize)]
struct CachedUser {
    ver: i32,
    active: bool,
    admin: bool,
    init: bool,
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

/// Resolve a token to its session, or `None` when unknown, expired or revoked.
///
/// # Errors
/// Database or Redis failures.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Option<AuthSession>> {
    let token_hash = token::hash_token(token);
    let skey = format!("sess:{token_hash}");
    let sess = match state.kv.get(&skey).await?.and_then(|v| serde_json::from_str::<CachedSession>(&v).ok()) {
        Some(s) => s,
        None => {
            let Some(row) = session::Entity::find()
                .filter(session::Column::TokenHash.eq(&token_hash))
                .one(&state.db.read)
                .await?
            else {
                return Ok(None);
            };
            let s = CachedSession {
                sid: row.id,
                uid: row.user_id,
                ver: row.token_version,
                exp: row.expires_at.timestamp(),
            };
            state.kv.set(&skey, &serde_json::to_string(&s).unwrap_or_default(), CACHE_TTL).await?;
            s
        }
    };
    if sess.exp <= Utc::now().timestamp() {
        return Ok(None);
    }
    let Some(u) = cached_user(state, sess.uid).await? else {
        return Ok(None);
    };
    if !u.active || u.ver != sess.ver {
        return Ok(None);
    }
    Ok(Some(AuthSession {
        user_id: sess.uid,
        session_id: sess.sid,
        token_hash,
        is_admin: u.admin,
        initialized: u.init,
    }))
}

async fn cached_user(state: &AppState, user_id: i64) -> Result<Option<CachedUser>> {
    let ukey = format!("user:{user_id}");
    if let Some(u) = state.kv.get(&ukey).await?.and_then(|v| serde_json::from_str::<CachedUser>(&v).ok()) {
        return Ok(Some(u));
    }
    let Some(row) = user::Entity::find_by_id(user_id).one(&state.db.read).await? else {
        return Ok(None);
    };
    if row.deleted_at.is_some() {
        return Ok(None);
    }
    let u = CachedUser {
        ver: row.token_version,
        active: row.status == user::status::ACTIVE,
        admin: row.is_admin,
        init: row.initialized,
    };
    state.kv.set(&ukey, &serde_json::to_string(&u).unwrap_or_default(), CACHE_TTL).await?;
    Ok(Some(u))
}

/// Forget the cached auth state of `user_id`; call after any change to the
/// user's status, admin flag, initialisation, token version or deletion.
///
/// # Errors
/// Redis failures.
pub async fn forget_user(state: &AppState, user_id: i64) -> Result<()> {
    state.kv.del(&format!("user:{user_id}")).await
}

/// A freshly issued session.
pub struct Issued {
    /// The bearer token (shown once).
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// Lifetime in seconds (for the cookie's `Max-Age`).
    pub max_age: i64,
}

/// Create a session for `u`; concurrent calls for one user each get their own
/// row and token (seed 002's shared-token race cannot happen).
///
/// # Errors
/// Database failures.
pub async fn issue(state: &AppState, u: &user::Model, keep: bool, ip: &str, ua: Option<&str>) -> Result<Issued> {
    let max_age = if keep { state.config.session_keep_days * 86_400 } else { state.config.session_hours * 3_600 };
    let now = Utc::now();
    let expires_at = now + chrono::Duration::seconds(max_age);
    let token = token::new_token();
    session::ActiveModel {
        user_id: Set(u.id),
        token_hash: Set(token::hash_token(&token)),
        token_version: Set(u.token_version),
        user_agent: Set(ua.map(|s| s.chars().take(300).collect())),
        ip: Set(Some(ip.chars().take(64).collect())),
        expires_at: Set(expires_at),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db.write)
    .await?;
    Ok(Issued { token, expires_at, max_age })
}

/// Revoke one session now.
///
/// # Errors
/// Database or Redis failures.
pub async fn revoke(state: &AppState, s: &AuthSession) -> Result<()> {
    session::Entity::delete_by_id(s.session_id).exec(&state.db.write).await?;
    state.kv.del(&format!("sess:{}", s.token_hash)).await
}

/// Revoke every session of `user_id` except `keep` (by bumping the user's
/// token version and re-stamping the kept session), inside `txn`.
///
/// # Errors
/// Database failures.
pub async fn revoke_all_in<C: sea_orm::ConnectionTrait>(txn: &C, user_id: i64, keep: Option<&AuthSession>) -> Result<()> {
    user::Entity::update_many()
        .col_expr(user::Column::TokenVersion, Expr::col(user::Column::TokenVersion).add(1))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    let mut del = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        del = del.filter(session::Column::Id.ne(keep.session_id));
        let ver = user::Entity::find_by_id(user_id).one(txn).await?.map_or(0, |u| u.token_version);
        session::Entity::update_many()
            .col_expr(session::Column::TokenVersion, Expr::value(ver))
            .filter(session::Column::Id.eq(keep.session_id))
            .exec(txn)
            .await?;
    }
    del.exec(txn).await?;
    Ok(())
}

/// After [`revoke_all_in`] committed: drop cached state so it applies at once.
///
/// # Errors
/// Redis failures.
pub async fn after_revoke_all(state: &AppState, user_id: i64, keep: Option<&AuthSession>) -> Result<()> {
    forget_user(state, user_id).await?;
    if let Some(keep) = keep {
        state.kv.del(&format!("sess:{}", keep.token_hash)).await?;
    }
    Ok(())
}

/// `Set-Cookie` values for a new session: the HttpOnly session cookie and the
/// script-readable CSRF cookie, both `SameSite=Lax; Path=/`.
pub fn session_cookies(state: &AppState, issued: &Issued) -> [HeaderValue; 2] {
    let csrf = token::sign(&state.secret, "csrf", &token::hash_token(&issued.token));
    let max_age = time_duration(issued.max_age);
    let secure = state.config.cookie_secure;
    let session = Cookie::build((SESSION_COOKIE, issued.token.clone()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(max_age)
        .build();
    let csrf = Cookie::build((CSRF_COOKIE, csrf)).same_site(SameSite::Lax).path("/").secure(secure).max_age(max_age).build();
    [header_value(&session), header_value(&csrf)]
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

/// Resolve the caller once per request (memoised in the request extensions).
async fn resolve(parts: &mut Parts, state: &AppState) -> Result<Option<AuthSession>> {
    if let Some(cached) = parts.extensions.get::<Option<AuthSession>>() {
        return Ok(cached.clone());
    }
    let found = match token_from(&parts.headers) {
        None => None,
        Some((token, source)) => {
            let s = authenticate(state, &token).await?;
            if let (Some(s), Source::Cookie) = (&s, source) {
                let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
                let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
                if unsafe_method && !token::verify_signature(&state.secret, "csrf", &s.token_hash, sent) {
                    return Err(Error::Forbidden("csrf_failed"));
                }
            }
            s
        }
    };
    parts.extensions.insert(found.clone());
    Ok(found)
}

impl FromRequestParts<AppState> for AuthSession {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        resolve(parts, state).await?.ok_or(Error::Unauthorized)
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
        Ok(MaybeAuthUser(resolve(parts, state).await?.filter(|s| s.initialized)))
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
        Ok(MaybeSession(resolve(parts, state).await?))
    }
}
