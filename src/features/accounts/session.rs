//! Sessions: who is calling, issuing, listing and revoking sessions, their
//! lifetimes and their cache.
//!
//! A session is an opaque 256-bit token ([`token`]); only its SHA-256 is
//! stored (`sessions.token_hash`). Each session records the user's
//! `token_version` at creation; bumping the version (password change or
//! reset, disabling, deletion, "end all sessions") revokes every older
//! session at once. Browsers carry the token in a cookie and must echo a
//! CSRF token, an HMAC of the session under the server secret
//! ([`csrf_token`]), so it cannot be forged from another site.
//!
//! Lifetimes (ASVS 5.0 V7.3; README, "Sessions"): a session ends at an
//! absolute deadline, `session_hours` (or `session_keep_days` with
//! `keep_logged_in`) after the login, which a token refresh keeps
//! (V7.3.2); and after an idle timeout, `session_idle_minutes` (or
//! `session_keep_idle_minutes`) without a request (V7.3.1). Either answers
//! 401 `session_expired`. The last request is written at most once a minute
//! per session, so the idle timeout is exact to the minute and a busy
//! session costs one write a minute, not one per request.
//!
//! Cache: the session row is kept in the shared [`Kv`](crate::store::kv::Kv)
//! for 60 s under `sess:<hash>`; every write that changes or ends a session
//! deletes its key. The user's auth state (token version, status, admin
//! flag) is kept 60 s under `user:<id>` only when the Kv is Redis, where
//! every process (the server's nodes and `mianjing admin …`) shares the keys
//! and deletes them on a change. With the in-process Kv another process
//! cannot reach the server's cache, so the state is read from the database
//! on every authenticated request (one primary-key read, inline on SQLite):
//! `mianjing admin grant|revoke|disable` then applies to the very next
//! request.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::token;
use crate::entity::enums::UserStatus;
use crate::entity::{session as session_row, user};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::kv::Kv;
use crate::store::sessions::{self, NewSession, UserAuth};
use crate::store::users;

const CACHE_TTL: Duration = Duration::from_secs(60);

/// `last_seen_at` is written at most this often per session, seconds.
pub const SEEN_RESOLUTION_SECS: i64 = 60;

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

/// What a token turned out to be.
#[derive(Clone, Debug)]
pub enum Authenticated {
    /// A live session.
    Session(AuthSession),
    /// A session that passed its idle timeout or absolute deadline (401 `session_expired`).
    Expired,
    /// Unknown, revoked, or of a disabled or deleted user (401 `unauthorized`).
    Unknown,
}

#[derive(Clone, Serialize, Deserialize)]
struct CachedSession {
    sid: i64,
    uid: i64,
    ver: i32,
    /// Absolute deadline, Unix seconds.
    exp: i64,
    /// Last request, Unix seconds (to the minute).
    seen: i64,
    keep: bool,
}

impl CachedSession {
    fn of(row: &session_row::Model) -> Self {
        CachedSession {
            sid: row.id,
            uid: row.user_id,
            ver: row.token_version,
            exp: row.expires_at.timestamp(),
            seen: row.last_seen().timestamp(),
            keep: row.keep_logged_in,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct CachedUser {
    ver: i32,
    active: bool,
    admin: bool,
    init: bool,
}

/// The idle timeout of a session, seconds; `None` when turned off.
pub fn idle_timeout_secs(state: &AppState, keep: bool) -> Option<i64> {
    let minutes = if keep { state.config.session_keep_idle_minutes } else { state.config.session_idle_minutes };
    (minutes > 0).then(|| minutes.saturating_mul(60))
}

/// The absolute lifetime of a session from its login, seconds.
pub fn lifetime_secs(state: &AppState, keep: bool) -> i64 {
    if keep { state.config.session_keep_days.saturating_mul(86_400) } else { state.config.session_hours.saturating_mul(3_600) }
}

/// Whether a session with deadline `exp` last seen at `seen` (Unix seconds)
/// has ended at `now`.
fn ended(state: &AppState, exp: i64, seen: i64, keep: bool, now: i64) -> bool {
    exp <= now || idle_timeout_secs(state, keep).is_some_and(|idle| now - seen >= idle)
}

/// Resolve a token to its session.
///
/// # Errors
/// Database or Redis failures.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Authenticated> {
    let token_hash = token::hash_token(token);
    let skey = format!("sess:{token_hash}");
    let sess = match state.kv.get(&skey).await?.and_then(|v| serde_json::from_str::<CachedSession>(&v).ok()) {
        Some(s) => s,
        None => {
            let Some(row) = sessions::by_token_hash(&state.db, &token_hash).await? else {
                return Ok(Authenticated::Unknown);
            };
            let s = CachedSession::of(&row);
            state.kv.set(&skey, &serde_json::to_string(&s).unwrap_or_default(), CACHE_TTL).await?;
            s
        }
    };
    let Some(u) = user_state(state, sess.uid).await? else {
        return Ok(Authenticated::Unknown);
    };
    if !u.active || u.ver != sess.ver {
        return Ok(Authenticated::Unknown);
    }
    let now = Utc::now();
    if ended(state, sess.exp, sess.seen, sess.keep, now.timestamp()) {
        return Ok(Authenticated::Expired);
    }
    if now.timestamp() - sess.seen >= SEEN_RESOLUTION_SECS {
        seen_now(state, &skey, sess.clone(), now).await?;
    }
    Ok(Authenticated::Session(AuthSession { user_id: sess.uid, session_id: sess.sid, token_hash, is_admin: u.admin, initialized: u.init }))
}

/// Record a request with session `sess` at `now`: one caller a minute (a
/// `seen:<id>` claim in the Kv) writes `last_seen_at` and refreshes the
/// cached row. A failed write is logged, not the request's failure: the
/// next request tries again.
async fn seen_now(state: &AppState, skey: &str, mut sess: CachedSession, now: DateTime<Utc>) -> Result<()> {
    let claim = Duration::from_secs(SEEN_RESOLUTION_SECS.unsigned_abs() - 5);
    if state.kv.set_nx(&format!("seen:{}", sess.sid), "1", claim).await?.is_some() {
        return Ok(());
    }
    if let Err(e) = sessions::touch(&state.db, sess.sid, now).await {
        tracing::warn!(session = sess.sid, error = %e, "cannot record the last request of a session");
        return Ok(());
    }
    sess.seen = now.timestamp();
    state.kv.set(skey, &serde_json::to_string(&sess).unwrap_or_default(), CACHE_TTL).await
}

/// The auth state of live user `user_id`: cached in a shared (Redis) Kv,
/// else read each time (see the module documentation).
async fn user_state(state: &AppState, user_id: i64) -> Result<Option<CachedUser>> {
    let of = |u: UserAuth| CachedUser { ver: u.token_version, active: u.status == UserStatus::Active.as_str(), admin: u.is_admin, init: u.initialized };
    if matches!(state.kv, Kv::Memory(_)) {
        return Ok(sessions::user_auth(&state.db, user_id).await?.map(of));
    }
    let ukey = format!("user:{user_id}");
    if let Some(u) = state.kv.get(&ukey).await?.and_then(|v| serde_json::from_str::<CachedUser>(&v).ok()) {
        return Ok(Some(u));
    }
    let Some(u) = sessions::user_auth(&state.db, user_id).await?.map(of) else {
        return Ok(None);
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
    /// The absolute deadline (the idle timeout may end it earlier).
    pub expires_at: DateTime<Utc>,
    /// Seconds until `expires_at` (for the cookie's `Max-Age`).
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

/// The chain a token belongs to: the login's time, its deadline and kind.
#[derive(Clone, Copy, Debug)]
pub struct Chain {
    /// When the login happened.
    pub logged_in_at: DateTime<Utc>,
    /// The absolute deadline.
    pub expires_at: DateTime<Utc>,
    /// Logged in with `keep_logged_in`.
    pub keep: bool,
}

/// Create a session for `u` after a login: a new chain whose deadline is
/// `session_keep_days` away with `keep`, else `session_hours`. Concurrent
/// calls for one user each get their own row and token. The user's ended
/// sessions are deleted on the way, so the table does not grow with logins.
///
/// # Errors
/// Database failures.
pub async fn issue(state: &AppState, u: &user::Model, keep: bool, client: Client<'_>) -> Result<Issued> {
    let now = Utc::now();
    let idle_before = |keep| idle_timeout_secs(state, keep).map(|s| now - chrono::Duration::seconds(s));
    sessions::delete_ended(&state.db, u.id, now, idle_before(false), idle_before(true)).await?;
    let chain = Chain { logged_in_at: now, expires_at: now + chrono::Duration::seconds(lifetime_secs(state, keep)), keep };
    issue_in(state, u, chain, client).await
}

/// Create a session for `u` in `chain` (a refresh keeps the chain).
///
/// # Errors
/// Database failures.
pub async fn issue_in(state: &AppState, u: &user::Model, chain: Chain, client: Client<'_>) -> Result<Issued> {
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
            expires_at: chain.expires_at,
            logged_in_at: chain.logged_in_at,
            keep_logged_in: chain.keep,
        },
    )
    .await?;
    let max_age = (chain.expires_at - Utc::now()).num_seconds().max(0);
    Ok(Issued { token, csrf, expires_at: chain.expires_at, max_age })
}

/// The chain of session `s`, for a refresh.
///
/// # Errors
/// 401 `unauthorized` when the session is gone, `session_expired` when it
/// ended; database failures.
pub async fn chain_of(state: &AppState, s: &AuthSession) -> Result<Chain> {
    let row = sessions::by_id(&state.db, s.session_id).await?.ok_or(Error::Unauthorized)?;
    if ended(state, row.expires_at.timestamp(), row.last_seen().timestamp(), row.keep_logged_in, Utc::now().timestamp()) {
        return Err(Error::SessionExpired);
    }
    Ok(Chain { logged_in_at: row.logged_in(), expires_at: row.expires_at, keep: row.keep_logged_in })
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

/// One live session of a user, as its owner sees it.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    /// `sessions.id`.
    pub id: i64,
    /// The `User-Agent` it logged in (or last refreshed) with.
    pub user_agent: Option<String>,
    /// The address it logged in (or last refreshed) from.
    pub ip: Option<String>,
    /// When the login happened.
    pub logged_in_at: DateTime<Utc>,
    /// The last request, to the minute.
    pub last_seen_at: DateTime<Utc>,
    /// The absolute deadline.
    pub expires_at: DateTime<Utc>,
    /// When it ends without another request (`None`: no idle timeout).
    pub idle_expires_at: Option<DateTime<Utc>>,
    /// The session of the caller.
    pub current: bool,
}

/// The live sessions of the caller, theirs first, then the most recently used.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, me: &AuthSession) -> Result<Vec<SessionInfo>> {
    let now = Utc::now();
    let mut out: Vec<SessionInfo> = sessions::of_user(&state.db, me.user_id)
        .await?
        .into_iter()
        .filter(|r| !ended(state, r.expires_at.timestamp(), r.last_seen().timestamp(), r.keep_logged_in, now.timestamp()))
        .map(|r| SessionInfo {
            id: r.id,
            current: r.id == me.session_id,
            idle_expires_at: idle_timeout_secs(state, r.keep_logged_in).map(|s| (r.last_seen() + chrono::Duration::seconds(s)).min(r.expires_at)),
            last_seen_at: if r.id == me.session_id { now } else { r.last_seen() },
            logged_in_at: r.logged_in(),
            expires_at: r.expires_at,
            user_agent: r.user_agent,
            ip: r.ip,
        })
        .collect();
    out.sort_by_key(|s| (!s.current, std::cmp::Reverse(s.last_seen_at)));
    Ok(out)
}

/// End the caller's session `id` (their current one too: that is a logout).
///
/// # Errors
/// 404 when `id` is not one of the caller's sessions (another user's id
/// answers the same as an unknown one); database or Redis failures.
pub async fn end_one(state: &AppState, me: &AuthSession, id: i64) -> Result<()> {
    let row = sessions::by_id_of_user(&state.db, id, me.user_id).await?.ok_or(Error::NotFound)?;
    sessions::delete(&state.db, row.id).await?;
    state.kv.del(&format!("sess:{}", row.token_hash)).await
}

/// End every session of the caller but the current one.
///
/// # Errors
/// Database or Redis failures.
pub async fn end_others(state: &AppState, me: &AuthSession) -> Result<()> {
    sessions::revoke_all(&state.db, me.user_id, Some(me.session_id)).await?;
    after_revoke_all(state, me.user_id, Some(me)).await
}

/// End every session of live user `user_id` (an administrator's action, or
/// `mianjing admin logout`); the account stays usable.
///
/// # Errors
/// 404 for an unknown or deleted user; database or Redis failures.
pub async fn end_all(state: &AppState, user_id: i64) -> Result<()> {
    users::live_by_id(&state.db, user_id).await?.ok_or(Error::NotFound)?;
    sessions::revoke_all(&state.db, user_id, None).await?;
    after_revoke_all(state, user_id, None).await
}

/// The browser and operating system named by a `User-Agent`, as far as
/// woothee (the project's shared UA table) knows them; `None` for either
/// it does not recognise.
pub fn device(user_agent: &str) -> (Option<String>, Option<String>) {
    let Some(r) = woothee::parser::Parser::new().parse(user_agent) else {
        return (None, None);
    };
    let known = |s: &str| (!s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN).then(|| s.to_owned());
    let os = known(r.os).map(|os| match os.as_str() {
        "Mac OSX" => "macOS".to_owned(),
        "iPhone" | "iPad" | "iPod" => format!("iOS ({os})"),
        _ => os,
    });
    (known(r.name), os)
}

#[cfg(test)]
mod tests {
    use super::device;

    #[test]
    fn user_agents_read_as_browser_and_os() {
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(device(mac), (Some("Chrome".into()), Some("macOS".into())));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device(iphone), (Some("Safari".into()), Some("iOS (iPhone)".into())));
        assert_eq!(device("curl/8.5.0").1, None);
        assert_eq!(device(""), (None, None));
    }
}
