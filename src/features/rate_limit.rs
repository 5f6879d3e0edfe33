//! Fixed-window counters on the shared [`Kv`](crate::store::kv::Kv) store for the
//! domain's rate rules: failed logins per account and per IP, verification
//! code sends per target. Exceeding a rule answers 429 with `Retry-After` and
//! the `RateLimit-*` headers of draft-ietf-httpapi-ratelimit-headers.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::store::kv::Kv;

/// A quota: at most `max` events per `window`.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Events allowed in one window.
    pub max: u64,
    /// Window length.
    pub window: Duration,
}

/// Fail with 429 if `key` already reached `rule.max` in its current window.
///
/// # Errors
/// 429 `rate_limited`; 503 when Redis is down.
pub async fn check(kv: &Kv, key: &str, rule: Rule) -> Result<()> {
    let (count, left) = kv.count(key).await?;
    if count >= rule.max {
        return Err(Error::RateLimited { retry_after: left.max(1), limit: rule.max });
    }
    Ok(())
}

/// Count one event at `key`; fail with 429 when it goes over `rule.max`.
/// Returns events left in the window.
///
/// # Errors
/// 429 `rate_limited`; 503 when Redis is down.
pub async fn hit(kv: &Kv, key: &str, rule: Rule) -> Result<u64> {
    let (count, left) = kv.incr(key, rule.window).await?;
    if count > rule.max {
        return Err(Error::RateLimited { retry_after: left.max(1), limit: rule.max });
    }
    Ok(rule.max - count)
}
