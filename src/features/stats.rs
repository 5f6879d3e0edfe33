//! Site statistics for administrators (`GET /api/admin/stats?days=N`): the
//! last `N` UTC calendar days, today included, with a value for every day
//! (zero where nothing happened) and totals over the range.
//!
//! Definitions (the data the store keeps decides them):
//! - *users*: live accounts now; *new users*: accounts made that day;
//! - *new posts*: 面经 written by users (imported ones left out) plus
//!   discussions started that day, not deleted since;
//! - *active users*: distinct users who logged in, made a request with a
//!   session, or wrote (面经, discussion, comment, mock interview) that day —
//!   [`crate::store::stats::ACTIVE_SOURCES`]; logins of sessions that have
//!   since ended count only when they were the user's last login;
//! - *mock interviews*: started that day.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::stats::{self as store, DayCount};

/// Most days one request may cover.
pub const MAX_DAYS: u32 = 366;

/// One day's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// The UTC date.
    pub date: NaiveDate,
    /// Accounts made.
    pub new_users: u64,
    /// 面经 posted.
    pub experiences: u64,
    /// Discussions started.
    pub discussions: u64,
    /// Distinct active users.
    pub active_users: u64,
    /// Mock interviews started.
    pub mock_interviews: u64,
}

/// Totals over the range and the figures per day, oldest first.
#[derive(Clone, Debug)]
pub struct Stats {
    /// Days covered.
    pub days: u32,
    /// First day (UTC).
    pub from: NaiveDate,
    /// Last day (UTC), today.
    pub to: NaiveDate,
    /// Live accounts now.
    pub users: u64,
    /// Sums of the per-day figures, except `active_users`, which counts
    /// each user once over the range.
    pub totals: Day,
    /// One entry per day, `from` to `to`.
    pub series: Vec<Day>,
}

fn by_day(rows: &[DayCount]) -> HashMap<&str, u64> {
    rows.iter().map(|r| (r.day.as_str(), r.n.max(0) as u64)).collect()
}

/// The figures of the last `days` days.
///
/// # Errors
/// 400 `days` (`range`) outside 1–[`MAX_DAYS`]; database failures.
pub async fn site(state: &AppState, days: u32) -> Result<Stats> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(Error::field("days", "range"));
    }
    let to = Utc::now().date_naive();
    let from = to - Duration::days(i64::from(days) - 1);
    let since = from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let raw = store::site_stats(&state.db, since).await?;
    let (nu, ex, di, ac, mi) = (by_day(&raw.new_users), by_day(&raw.experiences), by_day(&raw.discussions), by_day(&raw.active_users), by_day(&raw.mock_interviews));
    let mut series = Vec::with_capacity(days as usize);
    let mut totals = Day { date: to, new_users: 0, experiences: 0, discussions: 0, active_users: raw.active_total, mock_interviews: 0 };
    for date in from.iter_days().take(days as usize) {
        let key = date.format("%Y-%m-%d").to_string();
        let get = |m: &HashMap<&str, u64>| m.get(key.as_str()).copied().unwrap_or(0);
        let d = Day { date, new_users: get(&nu), experiences: get(&ex), discussions: get(&di), active_users: get(&ac), mock_interviews: get(&mi) };
        totals.new_users += d.new_users;
        totals.experiences += d.experiences;
        totals.discussions += d.discussions;
        totals.mock_interviews += d.mock_interviews;
        series.push(d);
    }
    Ok(Stats { days, from, to, users: raw.users, totals, series })
}
