//! Logging in and out: password login with its failure limits, the
//! re-authentication of sensitive actions, token refresh, logout;
//! [`start_session`] is also the end of a code login.

use std::net::IpAddr;
use std::time::Duration;

use super::session::{self, AuthSession, Client, Issued};
use super::{device, notices};
use crate::entity::enums::UserStatus;
use crate::entity::user;
use crate::error::{Error, Result};
use crate::features::rate_limit::Lockout;
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

/// Log `u` in: record the login and issue a session.
///
/// # Errors
/// Database failures.
pub async fn start_session(state: &AppState, u: user::Model, keep: bool, client: Client<'_>) -> Result<LoggedIn> {
    users::record_login(&state.db, u.id, client.ip).await?;
    let issued = session::issue(state, &u, keep, client).await?;
    Ok(LoggedIn { issued, user: u })
}

/// The lockout of one client on one account: `login_max_failures_per_client`.
fn client_lockout(state: &AppState) -> Lockout {
    lockout(state, state.config.login_max_failures_per_client, state.config.login_failure_memory_secs)
}

/// The account-wide lockout of clients without the account's device token.
fn account_lockout(state: &AppState) -> Lockout {
    lockout(state, state.config.login_max_failures_per_account, state.config.login_failure_memory_secs)
}

/// The lockout of one address (IPv6: /64) for clients without a device token.
fn address_lockout(state: &AppState) -> Lockout {
    lockout(state, state.config.login_max_failures_per_ip, state.config.login_window_secs)
}

fn lockout(state: &AppState, free: u64, memory_secs: u64) -> Lockout {
    Lockout {
        free,
        base: Duration::from_secs(state.config.login_lockout_secs),
        cap: Duration::from_secs(state.config.login_lockout_max_secs.max(state.config.login_lockout_secs)),
        memory: Duration::from_secs(memory_secs),
    }
}

/// The network a client address is counted under: the address itself, but
/// for IPv6 its /64, which one subscriber usually holds whole (so rotating
/// addresses inside it does not reset the count).
pub fn client_network(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map_or_else(|| ip.to_owned(), |v4| v4.to_string()),
        _ => ip.to_owned(),
    }
}

/// Log in with a password. `account` is an account name, email or phone
/// (any spelling of it); `device_token` is the token an earlier login
/// returned, from the `mj_device` cookie or the request body.
///
/// Failed logins are counted per account, not per spelling (OWASP
/// Authentication Cheat Sheet, "Protect against automated attacks"; the
/// device-cookie scheme of "Slow Down Online Guessing Attacks with Device
/// Cookies"). The subject is the user id once resolved, else the
/// [`normalize_identifier`](super::normalize_identifier) spelling, so unknown
/// and known accounts do the same work and answer alike. Each
/// [`Lockout`] escalates (`login_lockout_secs`, doubling, at most
/// `login_lockout_max_secs`):
/// - (account, client): `login_max_failures_per_client`; the client is the
///   device id of a valid device token for this account, else the address;
/// - clients without the account's device token, together:
///   `login_max_failures_per_account` (the owner gets a notice mail when it
///   engages, at most once per `login_failure_memory_secs`);
/// - one address (IPv6 /64) for clients without a device token:
///   `login_max_failures_per_ip` per `login_window_secs`.
///
/// A client with a valid device token for the account is subject only to
/// its own counter, so an attacker elsewhere cannot lock the owner out of a
/// device they used before. Locked attempts are refused before the password
/// is checked, and the locks are checked again afterwards, so the answers
/// to a burst of parallel guesses that outruns the counters are 429 once a
/// lock engages, right or wrong. The failure that uses up an allowance is
/// still answered 400; a failure after a lock ended re-locks at once
/// (doubled) and is answered 429 with the new `Retry-After`.
///
/// # Errors
/// 400 `invalid_credentials`; 403 `account_disabled`,
/// `account_not_initialized` (a phone-first account without a password);
/// 429 `rate_limited` with `Retry-After`.
pub async fn login(state: &AppState, account: &str, password: &str, keep: bool, client: Client<'_>, device_token: Option<&str>) -> Result<LoggedIn> {
    let found = super::find_by_identifier(state, account).await?;
    let subject = found.as_ref().map_or_else(|| format!("n:{}", super::normalize_identifier(account)), |u| format!("u:{}", u.id));
    let device = device_token
        .and_then(|t| device::verify(&state.secret, t))
        .filter(|d| found.as_ref().is_some_and(|u| u.id == d.user_id));
    let network = client_network(client.ip);
    let client_key = match &device {
        Some(d) => format!("lf:d:{subject}:{}", d.id),
        None => format!("lf:c:{subject}:{network}"),
    };
    let account_key = format!("lf:a:{subject}");
    let address_key = format!("lf:i:{network}");
    let (per_client, per_account, per_address) = (client_lockout(state), account_lockout(state), address_lockout(state));

    // `spent` names the keys whose allowance this very failure used up: their
    // new lock is not held against this answer (see `Failure::first`).
    let trusted = device.is_some();
    let (kv, keys) = (&state.kv, [client_key.as_str(), account_key.as_str(), address_key.as_str()]);
    let check_locks = |spent: [bool; 3]| async move {
        if !spent[0] {
            per_client.check(kv, keys[0]).await?;
        }
        if !trusted {
            if !spent[1] {
                per_account.check(kv, keys[1]).await?;
            }
            if !spent[2] {
                per_address.check(kv, keys[2]).await?;
            }
        }
        Ok::<(), Error>(())
    };
    check_locks([false; 3]).await?;
    if let Some(u) = &found
        && !u.initialized
        && u.password_hash.is_none()
    {
        return Err(Error::Forbidden("account_not_initialized"));
    }
    let ok = state.passwords.verify(password, found.as_ref().and_then(|u| u.password_hash.as_deref())).await?;
    let mut spent = [false; 3];
    if ok {
        per_client.clear(&state.kv, &client_key).await?;
    } else {
        spent[0] = per_client.fail(&state.kv, &client_key).await?.first;
        if device.is_none() {
            spent[2] = per_address.fail(&state.kv, &address_key).await?.first;
            let failure = per_account.fail(&state.kv, &account_key).await?;
            spent[1] = failure.first;
            if let Some(lock) = failure.lock
                && let Some(u) = &found
                && state.kv.set_nx(&format!("lf:noticed:{}", u.id), "1", per_account.memory).await?.is_none()
            {
                tracing::warn!(user_id = u.id, ip = client.ip, lock_secs = lock.as_secs(), "login locked for clients without a device token");
                notices::login_locked(state, u, client.ip, lock);
            }
        }
    }
    // A lock that engaged while this check ran (a burst of parallel guesses,
    // or this failure after an earlier lock ended) is answered 429 whatever
    // the password, so a burst learns no more than sequential guesses.
    check_locks(spent).await?;
    if !ok {
        return Err(Error::BadRequest("invalid_credentials"));
    }
    let u = found.ok_or(Error::BadRequest("invalid_credentials"))?;
    if u.status != UserStatus::Active.as_str() {
        return Err(Error::Forbidden("account_disabled"));
    }
    start_session(state, u, keep, client).await
}

/// Check the password of `u`, who is already logged in, before a sensitive
/// action (password change, account deletion). Every check is counted on
/// its own per-account [`Lockout`] (`reauth_max_failures`, escalating like
/// logins, remembered `login_failure_memory_secs`), separate from the login
/// counters so a stolen session cannot be used to guess the password and
/// login failures cannot block the owner's own settings.
///
/// # Errors
/// 400 `wrong_password`; 429 `rate_limited` with `Retry-After`.
pub async fn reauthenticate(state: &AppState, u: &user::Model, password: &str) -> Result<()> {
    let rule = lockout(state, state.config.reauth_max_failures, state.config.login_failure_memory_secs);
    let key = format!("ra:{}", u.id);
    rule.check(&state.kv, &key).await?;
    let ok = state.passwords.verify(password, u.password_hash.as_deref()).await?;
    let spent = if ok {
        rule.clear(&state.kv, &key).await?;
        false
    } else {
        rule.fail(&state.kv, &key).await?.first
    };
    if !spent {
        rule.check(&state.kv, &key).await?;
    }
    if ok { Ok(()) } else { Err(Error::BadRequest("wrong_password")) }
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

#[cfg(test)]
mod tests {
    use super::client_network;

    #[test]
    fn ipv6_clients_count_by_their_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(client_network("203.0.113.7"), "203.0.113.7");
        assert_eq!(client_network("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(client_network("2001:db8:1:2::ffff"), "2001:db8:1:2::/64");
        assert_eq!(client_network("::ffff:198.51.100.1"), "198.51.100.1");
        assert_eq!(client_network("unknown"), "unknown");
    }
}
