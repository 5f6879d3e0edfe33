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

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub use crate::config::{ActionLimits, WriteLimits};
use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::state::AppState;
use crate::store::files;

/// A kind of write that is rate limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Creating an account (password sign-up, finishing a phone-first account).
    Signup,
    /// Sharing a 面经.
    Experience,
    /// A comment or reply.
    Comment,
    /// Starting a discussion.
    Discussion,
    /// A feedback message.
    Feedback,
    /// Adding or removing a favorite.
    Favorite,
    /// A file upload.
    Upload,
    /// Starting a mock interview or storing an interview record.
    MockInterview,
    /// Submitting an answer for scoring.
    ScoredAnswer,
}

impl Action {
    /// Every action, in the order of the README's table.
    pub const ALL: [Action; 9] = [
        Action::Signup,
        Action::Experience,
        Action::Comment,
        Action::Discussion,
        Action::Feedback,
        Action::Favorite,
        Action::Upload,
        Action::MockInterview,
        Action::ScoredAnswer,
    ];

    /// Name in counter keys and logs; the key of its `[limits]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Signup => "signups",
            Action::Experience => "experiences",
            Action::Comment => "comments",
            Action::Discussion => "discussions",
            Action::Feedback => "feedback",
            Action::Favorite => "favorites",
            Action::Upload => "uploads",
            Action::MockInterview => "mock_interviews",
            Action::ScoredAnswer => "scored_answers",
        }
    }

    /// The configured limits of this action.
    pub fn limits(self, limits: &WriteLimits) -> ActionLimits {
        match self {
            Action::Signup => limits.signups,
            Action::Experience => limits.experiences,
            Action::Comment => limits.comments,
            Action::Discussion => limits.discussions,
            Action::Feedback => limits.feedback,
            Action::Favorite => limits.favorites,
            Action::Upload => limits.uploads,
            Action::MockInterview => limits.mock_interviews,
            Action::ScoredAnswer => limits.scored_answers,
        }
    }
}

/// Who a limit counts: one user, or one client address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Scope {
    User,
    Ip,
}

/// How long a limit's count runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Span {
    Minute,
    Day,
}

impl Span {
    fn duration(self) -> Duration {
        match self {
            Span::Minute => Duration::from_secs(60),
            Span::Day => Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// One limit: at most `max` writes of `action` per `span` per `scope`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rule {
    action: Action,
    scope: Scope,
    span: Span,
    max: u32,
}

/// The limits of `action`, bursts first: a refused burst then leaves the
/// day's counts alone. Limits set to 0 are left out; each count is
/// multiplied by `limits.scale`.
fn rules(limits: &WriteLimits, action: Action) -> Vec<Rule> {
    let l = action.limits(limits);
    let scale = limits.scale.max(1);
    [
        (Scope::User, Span::Minute, l.user_per_minute),
        (Scope::Ip, Span::Minute, l.ip_per_minute),
        (Scope::User, Span::Day, l.user_per_day),
        (Scope::Ip, Span::Day, l.ip_per_day),
    ]
    .into_iter()
    .filter(|(_, _, max)| *max > 0)
    .map(|(scope, span, max)| Rule { action, scope, span, max: max.saturating_mul(scale) })
    .collect()
}

/// The address a per-IP limit counts: an IPv4 address as it is, an IPv6
/// address by its /64 (a subscriber's block: counting single addresses would
/// let one client rotate through 2^64 of them). Anything else as given.
fn ip_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

/// One GCRA limiter per rule, and a count of its checks for housekeeping.
struct Keyed {
    rule: Rule,
    limiter: DefaultKeyedRateLimiter<String>,
    checks: AtomicU64,
}

/// Checks between two sweeps of a limiter's idle keys.
const SWEEP_EVERY: u64 = 4096;

/// The in-process limiters of every configured rule (unused, and empty of
/// keys, when Redis is configured). Part of [`AppState`].
pub struct WriteLimiter {
    keyed: Vec<Keyed>,
}

impl std::fmt::Debug for WriteLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteLimiter").field("rules", &self.keyed.len()).finish()
    }
}

impl WriteLimiter {
    /// The limiters of `limits` (governor quotas: a burst of `max`, one
    /// more every span / `max`).
    pub fn new(limits: &WriteLimits) -> Self {
        let keyed = Action::ALL
            .into_iter()
            .flat_map(|a| rules(limits, a))
            .filter_map(|rule| {
                let max = NonZeroU32::new(rule.max)?;
                let quota = Quota::with_period(rule.span.duration() / rule.max)?.allow_burst(max);
                Some(Keyed { rule, limiter: RateLimiter::keyed(quota), checks: AtomicU64::new(0) })
            })
            .collect();
        WriteLimiter { keyed }
    }

    /// Count one write at `key` under `rule`, or say how long to wait.
    fn check(&self, rule: Rule, key: &str) -> std::result::Result<(), Duration> {
        let Some(k) = self.keyed.iter().find(|k| k.rule == rule) else { return Ok(()) };
        // Keys whose state is back to "full burst available" carry no
        // information: drop them now and then so memory stays bounded.
        if k.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            k.limiter.retain_recent();
            k.limiter.shrink_to_fit();
        }
        k.limiter.check_key(&key.to_owned()).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

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
    fn ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(ip_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(ip_key("2001:db8:1:2:ffff::1"), ip_key("2001:db8:1:2::9"));
        assert_ne!(ip_key("2001:db8:1:2::1"), ip_key("2001:db8:1:3::1"));
        assert_eq!(ip_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(ip_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(ip_key("unknown"), "unknown");
    }

    #[test]
    fn rules_skip_zero_limits_put_bursts_first_and_scale() {
        let mut limits = WriteLimits::default();
        limits.comments = ActionLimits { user_per_minute: 2, user_per_day: 0, ip_per_minute: 0, ip_per_day: 7 };
        limits.scale = 3;
        let r = rules(&limits, Action::Comment);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].scope, r[0].span, r[0].max), (Scope::User, Span::Minute, 6));
        assert_eq!((r[1].scope, r[1].span, r[1].max), (Scope::Ip, Span::Day, 21));
    }

    #[test]
    fn the_in_process_limiter_lets_a_burst_through_then_names_the_wait() {
        let mut limits = WriteLimits::default();
        limits.comments = ActionLimits { user_per_minute: 3, user_per_day: 0, ip_per_minute: 0, ip_per_day: 0 };
        let lim = WriteLimiter::new(&limits);
        let rule = rules(&limits, Action::Comment)[0];
        for _ in 0..3 {
            assert!(lim.check(rule, "u:1").is_ok());
        }
        let wait = lim.check(rule, "u:1").expect_err("the fourth is refused");
        assert!(wait > Duration::from_secs(15) && wait <= Duration::from_secs(20), "one every 20 s: {wait:?}");
        assert!(lim.check(rule, "u:2").is_ok(), "another user has their own count");
    }

    #[test]
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

    #[test]
    fn every_action_has_a_default_limit() {
        let limits = WriteLimits::default();
        for a in Action::ALL {
            assert!(!rules(&limits, a).is_empty(), "{} is unlimited by default", a.name());
        }
    }
}
