//! Fixed-window counters on the shared [`Kv`](crate::store::kv::Kv) store for the
//! domain's rate rules (verification code sends per target and per IP), and
//! escalating [`Lockout`]s for password checks (logins, re-authentication).
//! Exceeding a rule answers 429 with `Retry-After` and the `RateLimit-*`
//! headers of draft-ietf-httpapi-ratelimit-headers.

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

/// An escalating lockout, OWASP Authentication Cheat Sheet "Protect against
/// automated attacks" (lockout with growing delays): the `free`-th failure
/// at a key locks it for `base`, and each failure after a lock has ended
/// doubles the lock (failure `free + k` locks for `base × 2^k`), at most
/// `cap`; while locked, attempts are refused without being checked. Failures are remembered
/// for `memory` from the first one (a fixed window, so a quiet key forgets).
///
/// Keys: `<key>:n` holds the failure count, `<key>:lock` the lock's deadline
/// (Unix milliseconds), so `Retry-After` is exact on both
/// [`Kv`] backends.
#[derive(Clone, Copy, Debug)]
pub struct Lockout {
    /// Failures allowed before the first lock.
    pub free: u64,
    /// Length of the first lock.
    pub base: Duration,
    /// Longest lock.
    pub cap: Duration,
    /// How long failures are counted.
    pub memory: Duration,
}

impl Lockout {
    /// The lock that the `failures`-th failure sets, if any.
    pub fn delay(&self, failures: u64) -> Option<Duration> {
        let over = failures.checked_sub(self.free.max(1))?;
        let factor = 1u32.checked_shl(u32::try_from(over).unwrap_or(u32::MAX)).unwrap_or(u32::MAX);
        Some(self.base.saturating_mul(factor).min(self.cap).max(Duration::from_secs(1)))
    }

    /// Fail with 429 while `key` is locked.
    ///
    /// # Errors
    /// 429 `rate_limited` with the seconds left of the lock; 503 when Redis is down.
    pub async fn check(&self, kv: &Kv, key: &str) -> Result<()> {
        let Some(deadline) = kv.get(&format!("{key}:lock")).await?.and_then(|v| v.parse::<i64>().ok()) else {
            return Ok(());
        };
        let left_ms = deadline - chrono::Utc::now().timestamp_millis();
        if left_ms > 0 {
            let retry_after = u64::try_from(left_ms).unwrap_or(0).div_ceil(1000);
            return Err(Error::RateLimited { retry_after, limit: self.free });
        }
        Ok(())
    }

    /// Count one failure at `key` and lock it when over the allowance.
    ///
    /// # Errors
    /// 503 when Redis is down.
    pub async fn fail(&self, kv: &Kv, key: &str) -> Result<Failure> {
        let (count, _) = kv.incr(&format!("{key}:n"), self.memory).await?;
        let Some(delay) = self.delay(count) else { return Ok(Failure { lock: None, first: false }) };
        let deadline = chrono::Utc::now().timestamp_millis() + i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2);
        kv.set(&format!("{key}:lock"), &deadline.to_string(), delay).await?;
        Ok(Failure { lock: Some(delay), first: count == self.free.max(1) })
    }

    /// Forget the failures at `key` (after a success).
    ///
    /// # Errors
    /// 503 when Redis is down.
    pub async fn clear(&self, kv: &Kv, key: &str) -> Result<()> {
        kv.del(&format!("{key}:n")).await?;
        kv.del(&format!("{key}:lock")).await
    }
}

/// What one [`Lockout::fail`] did.
#[derive(Clone, Copy, Debug)]
pub struct Failure {
    /// The lock this failure set, if any.
    pub lock: Option<Duration>,
    /// This was the failure that used up the allowance (exactly the
    /// `free`-th): it is still answered as a plain failure, while every later
    /// one, in a burst or after a lock ended, is answered 429.
    pub first: bool,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::Lockout;

    #[test]
    fn locks_double_from_the_first_failure_over_the_allowance_up_to_the_cap() {
        let l = Lockout { free: 5, base: Duration::from_secs(60), cap: Duration::from_secs(3600), memory: Duration::from_secs(86_400) };
        assert_eq!(l.delay(4), None);
        let secs: Vec<u64> = (5..=13).map(|n| l.delay(n).unwrap().as_secs()).collect();
        assert_eq!(secs, [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(l.delay(u64::MAX).unwrap().as_secs(), 3600, "no overflow");
    }
}
