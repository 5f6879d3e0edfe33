//! Logging in and out: password login with its failure limits, token
//! refresh, logout; [`start_session`] is also the end of a code login.

use std::time::Duration;

use super::session::{self, AuthSession, Client, Issued};
use crate::entity::enums::UserStatus;
use crate::entity::user;
use crate::error::{Error, Result};
use crate::features::rate_limit::{self, Rule};
use crate::state::AppState;
use crate::store::users;

/// A new session and the user it belongs to.
#[derive(Clone, Debug)]
pub struct LoggedIn {
    /// The session.
    pub issued: Issued,
    /// Its user.
    pub user: user::Model,
}

/// The failed-login quota per account (`login_max_failures_per_account` per
/// `login_window_secs`).
pub(super) fn account_rule(state: &AppState) -> Rule {
    Rule { max: state.config.login_max_failures_per_account, window: Duration::from_secs(state.config.login_window_secs) }
}

/// The rate-limit key of failed logins for an account name as typed.
pub(super) fn account_key(account: &str) -> String {
    format!("lf:a:{}", account.trim().to_lowercase())
}

/// Log `u` in: record the login and issue a session.
///
/// # Errors
/// Database failures.
pub async fn start_session(state: &AppState, u: user::Model, keep: bool, client: Client<'_>) -> Result<LoggedIn> {
    users::record_login(&state.db, u.id, client.ip).await?;
    let issued = session::issue(state, &u, keep, client).await?;
    Ok(LoggedIn { issued, user: u })
}

/// Log in with a password. `account` is an account name, email or phone.
/// The same `invalid_credentials` answer (and the same argon2 cost) for an
/// unknown account and a wrong password. After
/// `login_max_failures_per_account` failures for one account, or
/// `login_max_failures_per_ip` from one address, within
/// `login_window_secs`, answers 429 until the window ends.
///
/// # Errors
/// 400 `invalid_credentials`; 403 `account_disabled`,
/// `account_not_initialized` (a phone-first account without a password);
/// 429 `rate_limited`.
pub async fn login(state: &AppState, account: &str, password: &str, keep: bool, client: Client<'_>) -> Result<LoggedIn> {
    let acct_rule = account_rule(state);
    let ip_rule = Rule { max: state.config.login_max_failures_per_ip, window: acct_rule.window };
    let acct_key = account_key(account);
    let ip_key = format!("lf:i:{}", client.ip);
    rate_limit::check(&state.kv, &acct_key, acct_rule).await?;
    rate_limit::check(&state.kv, &ip_key, ip_rule).await?;

    let found = super::find_by_identifier(state, account).await?;
    if let Some(u) = &found
        && !u.initialized
        && u.password_hash.is_none()
    {
        return Err(Error::Forbidden("account_not_initialized"));
    }
    let hash = found.as_ref().and_then(|u| u.password_hash.as_deref());
    if !state.passwords.verify(password, hash).await? {
        rate_limit::hit(&state.kv, &acct_key, acct_rule).await?;
        rate_limit::hit(&state.kv, &ip_key, ip_rule).await?;
        return Err(Error::BadRequest("invalid_credentials"));
    }
    let u = found.ok_or(Error::BadRequest("invalid_credentials"))?;
    if u.status != UserStatus::Active.as_str() {
        return Err(Error::Forbidden("account_disabled"));
    }
    state.kv.del(&acct_key).await?;
    start_session(state, u, keep, client).await
}

/// Revoke the session `s` at once.
///
/// # Errors
/// Database or Redis failures.
pub async fn logout(state: &AppState, s: &AuthSession) -> Result<()> {
    session::revoke(state, s).await
}

/// Exchange session `s` for a new token in the same chain: same login time,
/// same absolute deadline (a refresh does not make a session live longer);
/// the old token stops working at once.
///
/// # Errors
/// 401 `unauthorized` when the session or its user is gone,
/// `session_expired` when the session ended; database failures.
pub async fn refresh(state: &AppState, s: &AuthSession, client: Client<'_>) -> Result<LoggedIn> {
    let chain = session::chain_of(state, s).await?;
    let u = users::live_by_id(&state.db, s.user_id).await?.ok_or(Error::Unauthorized)?;
    session::revoke(state, s).await?;
    let issued = session::issue_in(state, &u, chain, client).await?;
    Ok(LoggedIn { issued, user: u })
}
