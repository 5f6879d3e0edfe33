//! Sessions: who is calling, issuing and revoking sessions, and their cache.
//!
//! A session is an opaque 256-bit token ([`token`]); only its SHA-256 is
//! stored (`sessions.token_hash`). Each session records the user's
//! `token_version` at creation; bumping the version (password change or
//! reset, disabling, deletion) revokes every older session at once.
//! Browsers carry the token in a cookie and must echo a CSRF token, an HMAC
//! of the session under the server secret ([`csrf_token`]), so it cannot be
//! forged from another site.
//!
//! Lookups are cached in the shared [`Kv`](crate::store::kv::Kv) store for
//! 60 s under `sess:<hash>` and `user:<id>`; every write that changes a
//! session or a user's auth state deletes the affected key, so revocation is
//! immediate on all nodes sharing the store.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::token;
use crate::entity::enums::UserStatus;
use crate::entity::user;
use crate::error::Result;
use crate::state::AppState;
use crate::store::sessions::{self, NewSession};
use crate::store::users;

const CACHE_TTL: Duration = Duration::from_secs(60);

/// Who is calling, for any valid session (including uninitialised accounts).
#[derive(Clone, Debug)]
pub struct AuthSession {
    /// `users.id`.
    pub user_id: i64,
    /// `sessions.id`.
    pub session_id: i64,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Whether the user is an administrator.
    pub is_admin: bool,
    /// Whether the account finished initialisation (set-up of phone sign-ups).
    pub initialized: bool,
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
            let Some(row) = sessions::by_token_hash(&state.db, &token_hash).await? else {
                return Ok(None);
            };
            let s = CachedSession { sid: row.id, uid: row.user_id, ver: row.token_version, exp: row.expires_at.timestamp() };
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
    Ok(Some(AuthSession { user_id: sess.uid, session_id: sess.sid, token_hash, is_admin: u.admin, initialized: u.init }))
}

async fn cached_user(state: &AppState, user_id: i64) -> Result<Option<CachedUser>> {
    let ukey = format!("user:{user_id}");
    if let Some(u) = state.kv.get(&ukey).await?.and_then(|v| serde_json::from_str::<CachedUser>(&v).ok()) {
        return Ok(Some(u));
    }
    let Some(row) = users::by_id(&state.db, user_id).await? else {
        return Ok(None);
    };
    if row.deleted_at.is_some() {
        return Ok(None);
    }
    let u = CachedUser {
        ver: row.token_version,
        active: row.status == UserStatus::Active.as_str(),
        admin: row.is_admin,
        init: row.initialized,
    };
    state.kv.set(&ukey, &serde_json::to_string(&u).unwrap_or_default(), CACHE_TTL).await?;
    Ok(Some(u))
}

/// The CSRF token of the session whose token hashes to `token_hash`: what
/// the `mj_csrf` cookie carries and unsafe requests echo in `X-CSRF-Token`.
pub fn csrf_token(state: &AppState, token_hash: &str) -> String {
    token::sign(&state.secret, "csrf", token_hash)
}

/// Whether `sent` is the CSRF token of session `s` (constant time).
pub fn csrf_ok(state: &AppState, s: &AuthSession, sent: &str) -> bool {
    token::verify_signature(&state.secret, "csrf", &s.token_hash, sent)
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
#[derive(Clone, Debug)]
pub struct Issued {
    /// The bearer token (shown once).
    pub token: String,
    /// Its CSRF token ([`csrf_token`]), for the browser's cookie.
    pub csrf: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// Lifetime in seconds (for the cookie's `Max-Age`).
    pub max_age: i64,
}

/// Where a request comes from, as sessions record it.
#[derive(Clone, Copy, Debug)]
pub struct Client<'a> {
    /// The client's address ([`crate::config::Config::trust_proxy`] decides
    /// whether `X-Forwarded-For` counts).
    pub ip: &'a str,
    /// Its `User-Agent`.
    pub user_agent: Option<&'a str>,
}

/// Create a session for `u`, valid `session_keep_days` with `keep`, else
/// `session_hours`; concurrent calls for one user each get their own row
/// and token.
///
/// # Errors
/// Database failures.
pub async fn issue(state: &AppState, u: &user::Model, keep: bool, client: Client<'_>) -> Result<Issued> {
    let max_age = if keep { state.config.session_keep_days * 86_400 } else { state.config.session_hours * 3_600 };
    let expires_at = Utc::now() + chrono::Duration::seconds(max_age);
    let token = token::new_token();
    let token_hash = token::hash_token(&token);
    let csrf = csrf_token(state, &token_hash);
    sessions::insert(
        &state.db,
        NewSession {
            user_id: u.id,
            token_hash,
            token_version: u.token_version,
            user_agent: client.user_agent.map(|s| s.chars().take(300).collect()),
            ip: Some(client.ip.chars().take(64).collect()),
            expires_at,
        },
    )
    .await?;
    Ok(Issued { token, csrf, expires_at, max_age })
}

/// Revoke one session now.
///
/// # Errors
/// Database or Redis failures.
pub async fn revoke(state: &AppState, s: &AuthSession) -> Result<()> {
    sessions::delete(&state.db, s.session_id).await?;
    state.kv.del(&format!("sess:{}", s.token_hash)).await
}

/// After a store write revoked every session of `user_id` but `keep`
/// (`crate::store::sessions::revoke_all_in`): drop the cached state so it
/// applies at once.
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
