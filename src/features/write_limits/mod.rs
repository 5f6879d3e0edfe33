//! Limits on every write: per-user and per-IP rate limits of sign-ups, 面经,
//! comments, discussions, feedback, favorites, uploads, mock interviews and
//! scored answers, and the per-user storage quota of uploads.
//!
//! Each kind of write ([`Action`]) has four limits ([`ActionLimits`]): a burst
//! per minute and a sustained count per day, each per user and per client
//! address (an IPv6 address counts per /64, the block one subscriber gets).
//! A write over any of them answers 429 `rate_limited` with `Retry-After`
//! (seconds) and the `RateLimit-*` headers. This is the anti-automation
//! control of OWASP ASVS 5.0 V2.4.1 ("anti-automation controls … to protect
//! against excessive calls to application functions"); the defaults in the
//! README's "Write limits" are set so that a real heavy user never meets them.
//!
//! Administrators are exempt from the rate limits (moderation and bulk work
//! are theirs, and the admin role is granted by the operator); the storage
//! quota applies to everyone, since it protects the disk, not the community.
//!
//! Two backends, as for [`Kv`](crate::store::kv::Kv):
//! - In process (no `redis_url`): [`governor`]'s keyed GCRA limiters. A limit
//!   of *n* per minute lets *n* writes through at once and then one every
//!   60/*n* s, so `Retry-After` is the time until the next one.
//! - With Redis: fixed windows on the shared [`Kv::incr`] counters (atomic
//!   `INCR` + `EXPIRE NX` in one `MULTI`), so every node counts the same
//!   writes; `Retry-After` is the rest of the window. No Redis-backed GCRA
//!   crate fits: the maintained Rust limiters are in-process (governor), need
//!   a server module (redis-cell), or bring their own Redis client and
//!   connection (a second `redis` major version, no shared key prefix, no
//!   share in the one-second bound of our Redis calls). Counters that are
//!   already shared and atomic keep one code path for every Redis call.
//!
//! Both backends let exactly *n* writes of a burst through and refuse the
//! next, which is what the tests pin; they differ only in how soon the
//! refused client may write again (at most a window later).
//!
//! [`Kv::incr`]: crate::store::kv::Kv::incr

pub mod limiter;

pub use limiter::{Action, WriteLimiter};
use limiter::{ip_key, rules, Scope, Span};

pub use crate::config::{ActionLimits, WriteLimits};
use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::state::AppState;
use crate::store::files;

/// Count one write of `action` by `user` (none for a sign-up) from client
/// address `ip`; refuse it when it goes over one of the action's limits.
/// Administrators are not counted.
///
/// # Errors
/// 429 `rate_limited` with `retry_after` (whole seconds, at least 1) and the
/// refusing limit's count; 503 when Redis is down.
pub async fn charge(state: &AppState, action: Action, user: Option<&AuthSession>, ip: &str) -> Result<()> {
    if user.is_some_and(|u| u.is_admin) {
        return Ok(());
    }
    let ip = ip_key(ip);
    for rule in rules(&state.config.limits, action) {
        let who = match (rule.scope, user) {
            (Scope::User, Some(u)) => format!("u:{}", u.user_id),
            (Scope::User, None) => continue,
            (Scope::Ip, _) => format!("ip:{ip}"),
        };
        let refused = if state.kv.is_shared() {
            let key = format!("wl:{}:{who}:{}", action.name(), if rule.span == Span::Minute { "m" } else { "d" });
            let (count, left) = state.kv.incr(&key, rule.span.duration()).await?;
            (count > u64::from(rule.max)).then_some(left)
        } else {
            state.write_limits.check(rule, &who).err().map(|wait| wait.as_secs_f64().ceil() as u64)
        };
        if let Some(retry_after) = refused {
            tracing::info!(action = action.name(), limit = ?rule.scope, span = ?rule.span, max = rule.max, user_id = user.map(|u| u.user_id), ip = %ip, "write rate limit reached");
            return Err(Error::RateLimited { retry_after: retry_after.max(1), limit: u64::from(rule.max) });
        }
    }
    Ok(())
}

/// Refuse an upload of `adding` bytes by `owner_id` when it would take the
/// owner's files over `storage_quota_mib_per_user` (no quota when 0). Two
/// uploads racing each other may both pass, so the quota can be exceeded by
/// at most the uploads in flight (bounded by the upload rate limit).
///
/// # Errors
/// 413 `storage_quota_exceeded`; database failures.
pub async fn check_storage(state: &AppState, owner_id: i64, adding: u64) -> Result<()> {
    let quota_mib = state.config.storage_quota_mib_per_user;
    if quota_mib == 0 {
        return Ok(());
    }
    let used = u64::try_from(files::total_size(&state.db, owner_id).await?).unwrap_or(0);
    if used.saturating_add(adding) > quota_mib.saturating_mul(1024 * 1024) {
        return Err(Error::StorageQuotaExceeded);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's closure returns figment's error
    fn limits_come_from_the_toml_table_and_nested_environment_variables() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("mianjing.toml", "[limits]\nscale = 2\n[limits.uploads]\nip_per_day = 7\n")?;
            jail.set_env("MIANJING_LIMITS__COMMENTS__USER_PER_MINUTE", "42");
            jail.set_env("MIANJING_STORAGE_QUOTA_MIB_PER_USER", "5");
            let c = crate::config::Config::load(Some(std::path::Path::new("mianjing.toml"))).map_err(|e| *e)?;
            let d = WriteLimits::default();
            assert_eq!(c.limits.scale, 2);
            assert_eq!(c.limits.uploads, ActionLimits { ip_per_day: 7, ..d.uploads }, "the other fields keep their defaults");
            assert_eq!(c.limits.comments, ActionLimits { user_per_minute: 42, ..d.comments });
            assert_eq!(c.limits.signups, d.signups);
            assert_eq!(c.storage_quota_mib_per_user, 5);
            jail.set_env("MIANJING_LIMITS__COMMENTS__NO_SUCH_FIELD", "1");
            assert!(crate::config::Config::load(None).is_err(), "an unknown limit is an error naming it");
            Ok(())
        });
    }

}
