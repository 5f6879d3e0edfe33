//! The in-process half of the write limits: which limits an action has
//! ([`rules`]), the counted address of a client ([`ip_key`]) and governor's
//! keyed GCRA limiters ([`WriteLimiter`], held by [`crate::state::AppState`]).
//! Knows nothing of sessions or the state, so the state can hold it.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::{ActionLimits, WriteLimits};

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
    /// Casting or withdrawing a helpful (有帮助) vote.
    Helpful,
    /// A file upload.
    Upload,
    /// Starting a mock interview or storing an interview record.
    MockInterview,
    /// Submitting an answer for scoring.
    ScoredAnswer,
    /// Exporting one's own data (`GET /api/users/me/export`): a read, but
    /// it loads everything the user owns at once.
    Export,
    /// Creating, editing or deleting a tracked job application.
    Application,
    /// Reporting (举报) a 面经, discussion or comment.
    Report,
    /// Autosaving a draft of a 面经 or discussion.
    Draft,
}

impl Action {
    /// Every action, in the order of the README's table.
    pub const ALL: [Action; 14] = [
        Action::Signup,
        Action::Experience,
        Action::Comment,
        Action::Discussion,
        Action::Feedback,
        Action::Favorite,
        Action::Helpful,
        Action::Upload,
        Action::MockInterview,
        Action::ScoredAnswer,
        Action::Export,
        Action::Application,
        Action::Report,
        Action::Draft,
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
            Action::Helpful => "helpful_votes",
            Action::Upload => "uploads",
            Action::MockInterview => "mock_interviews",
            Action::ScoredAnswer => "scored_answers",
            Action::Export => "exports",
            Action::Application => "applications",
            Action::Report => "reports",
            Action::Draft => "drafts",
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
            Action::Helpful => limits.helpful_votes,
            Action::Upload => limits.uploads,
            Action::MockInterview => limits.mock_interviews,
            Action::ScoredAnswer => limits.scored_answers,
            Action::Export => limits.exports,
            Action::Application => limits.applications,
            Action::Report => limits.reports,
            Action::Draft => limits.drafts,
        }
    }
}

/// Who a limit counts: one user, or one client address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// One user.
    User,
    /// One client address.
    Ip,
}

/// How long a limit's count runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Span {
    /// 60 seconds: the burst.
    Minute,
    /// 24 hours: the sustained rate.
    Day,
}

impl Span {
    /// The length of the count.
    pub fn duration(self) -> Duration {
        match self {
            Span::Minute => Duration::from_secs(60),
            Span::Day => Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// One limit: at most `max` writes of `action` per `span` per `scope`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The write counted.
    pub action: Action,
    /// Per user or per address.
    pub scope: Scope,
    /// Per minute or per day.
    pub span: Span,
    /// Writes allowed in the span (scaled).
    pub max: u32,
}

/// The limits of `action`, bursts first: a refused burst then leaves the
/// day's counts alone. Limits set to 0 are left out; each count is
/// multiplied by `limits.scale`.
pub fn rules(limits: &WriteLimits, action: Action) -> Vec<Rule> {
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
pub fn ip_key(ip: &str) -> String {
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
    pub fn check(&self, rule: Rule, key: &str) -> std::result::Result<(), Duration> {
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
        let comments = ActionLimits { user_per_minute: 2, user_per_day: 0, ip_per_minute: 0, ip_per_day: 7 };
        let limits = WriteLimits { scale: 3, comments, ..WriteLimits::default() };
        let r = rules(&limits, Action::Comment);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].scope, r[0].span, r[0].max), (Scope::User, Span::Minute, 6));
        assert_eq!((r[1].scope, r[1].span, r[1].max), (Scope::Ip, Span::Day, 21));
    }

    #[test]
    fn the_in_process_limiter_lets_a_burst_through_then_names_the_wait() {
        let comments = ActionLimits { user_per_minute: 3, user_per_day: 0, ip_per_minute: 0, ip_per_day: 0 };
        let limits = WriteLimits { comments, ..WriteLimits::default() };
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
    fn every_action_has_a_default_limit() {
        let limits = WriteLimits::default();
        for a in Action::ALL {
            assert!(!rules(&limits, a).is_empty(), "{} is unlimited by default", a.name());
        }
    }
}
