//! Daily quotas per user: answers scored and LLM requests, each counted in a
//! window that ends at the next UTC midnight (one day for everyone, so the
//! message "resets at 00:00 UTC" is true for every user).
//!
//! The counters are [`rate_limit`](crate::features::rate_limit) rules on the
//! shared [`Kv`](crate::store::kv::Kv) store (Redis when configured, so several
//! `serve` processes share them; in process otherwise). The key carries the
//! UTC date, so a counter never outlives its day even if its expiry drifts.
//! Limits: `quota_scored_answers_per_day` and `quota_llm_calls_per_day`
//! (`crate::config::Config`).

use std::time::Duration;

use chrono::{DateTime, Days, Utc};

use crate::error::{Error, Result};
use crate::features::rate_limit::{self, Rule};
use crate::state::AppState;

/// What a quota counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quota {
    /// Answers scored (a mock-interview answer, each answer of a posted record).
    ScoredAnswers,
    /// Requests to the LLM or the transcription endpoint.
    LlmCalls,
}

impl Quota {
    fn name(self) -> &'static str {
        match self {
            Quota::ScoredAnswers => "scored",
            Quota::LlmCalls => "llm",
        }
    }

    /// The configured events per day.
    pub fn limit(self, state: &AppState) -> u64 {
        match self {
            Quota::ScoredAnswers => state.config.quota_scored_answers_per_day,
            Quota::LlmCalls => state.config.quota_llm_calls_per_day,
        }
    }
}

/// One quota of one user today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// Events allowed per day.
    pub limit: u64,
    /// Events counted today, at most `limit`.
    pub used: u64,
    /// When the count starts again from 0 (the next UTC midnight).
    pub resets_at: DateTime<Utc>,
}

/// The next UTC midnight after `now`.
pub fn next_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.date_naive();
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    tomorrow.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc())
}

fn key(quota: Quota, user_id: i64, now: DateTime<Utc>) -> String {
    format!("quota:{}:{user_id}:{}", quota.name(), now.format("%Y-%m-%d"))
}

fn rule(quota: Quota, state: &AppState, now: DateTime<Utc>) -> Rule {
    let left = (next_midnight(now) - now).to_std().unwrap_or(Duration::from_secs(1));
    Rule { max: quota.limit(state), window: left.max(Duration::from_secs(1)) }
}

/// Count one event of `quota` for `user_id`.
///
/// # Errors
/// 429 `quota_exceeded` (with `Retry-After` and `resets_at`) when today's
/// quota was already used up; 503 when Redis is down.
pub async fn charge(state: &AppState, user_id: i64, quota: Quota) -> Result<()> {
    let now = Utc::now();
    match rate_limit::hit(&state.kv, &key(quota, user_id, now), rule(quota, state, now)).await {
        Ok(_) => Ok(()),
        Err(Error::RateLimited { limit, .. }) => {
            let resets_at = next_midnight(now);
            let retry_after = (resets_at - now).num_seconds().max(1) as u64;
            Err(Error::QuotaExceeded { retry_after, limit, resets_at })
        }
        Err(e) => Err(e),
    }
}

/// Count one event of `quota` for `user_id` if today's quota allows it:
/// `false` when it is used up (the caller does without, e.g. scores with the
/// built-in scorer instead of the LLM).
///
/// # Errors
/// 503 when Redis is down.
pub async fn try_charge(state: &AppState, user_id: i64, quota: Quota) -> Result<bool> {
    match charge(state, user_id, quota).await {
        Ok(()) => Ok(true),
        Err(Error::QuotaExceeded { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// `user_id`'s use of `quota` today.
///
/// # Errors
/// 503 when Redis is down.
pub async fn usage(state: &AppState, user_id: i64, quota: Quota) -> Result<Usage> {
    let now = Utc::now();
    let limit = quota.limit(state);
    let (used, _) = state.kv.count(&key(quota, user_id, now)).await?;
    Ok(Usage { limit, used: used.min(limit), resets_at: next_midnight(now) })
}

/// What the mock-interview page may offer `user_id` today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Recordings can be transcribed (an endpoint is configured).
    pub transcription: bool,
    /// Answers are judged by the LLM (when LLM calls are left).
    pub llm: bool,
    /// Today's scored answers.
    pub scored_answers: Usage,
    /// Today's LLM calls.
    pub llm_calls: Usage,
}

/// The mock-interview settings of `user_id` ([`Settings`]).
///
/// # Errors
/// 503 when Redis is down.
pub async fn settings(state: &AppState, user_id: i64) -> Result<Settings> {
    Ok(Settings {
        transcription: state.transcriber.is_some(),
        llm: state.llm.is_some(),
        scored_answers: usage(state, user_id, Quota::ScoredAnswers).await?,
        llm_calls: usage(state, user_id, Quota::LlmCalls).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_ends_at_the_next_utc_midnight() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc);
        assert_eq!(next_midnight(t("2026-12-07T04:27:36Z")), t("2026-12-08T00:00:00Z"));
        assert_eq!(next_midnight(t("2026-12-31T23:59:59Z")), t("2027-01-01T00:00:00Z"));
        assert_eq!(next_midnight(t("2026-12-07T00:00:00Z")), t("2026-12-08T00:00:00Z"));
    }
}
