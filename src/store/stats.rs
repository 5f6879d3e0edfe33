//! Site statistics for administrators: counts per UTC calendar day since a
//! moment, bucketed in SQL ([`crate::store::curation::day_of`] writes the
//! day expression of each backend), so only one row per day travels.

use chrono::{DateTime, Utc};
use sea_orm::FromQueryResult;

use crate::error::Result;
use crate::store::curation::day_of;
use crate::store::sql::Sql;
use crate::store::Db;

/// How many on one day.
#[derive(Clone, Debug, FromQueryResult, PartialEq, Eq)]
pub struct DayCount {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// The count.
    pub n: i64,
}

/// The raw figures of [`site_stats`]; days without any are absent.
#[derive(Clone, Debug, Default)]
pub struct SiteStats {
    /// Live accounts now.
    pub users: u64,
    /// Accounts made per day (deleted ones included: the sign-up happened).
    pub new_users: Vec<DayCount>,
    /// Live 面经 posted per day by users (imported ones left out).
    pub experiences: Vec<DayCount>,
    /// Live discussions started per day.
    pub discussions: Vec<DayCount>,
    /// Mock interviews started per day.
    pub mock_interviews: Vec<DayCount>,
    /// Distinct active users per day (see [`ACTIVE_SOURCES`]).
    pub active_users: Vec<DayCount>,
    /// Distinct active users over the whole range.
    pub active_total: u64,
}

/// What makes a user active on a day: `(user column, timestamp expression,
/// table)`. A login (a session's login time, or the account's last login),
/// a request with a session (its last-seen minute), or a write (a 面经, a
/// discussion, a comment, a mock interview). Sessions are deleted when they
/// end, so an old day counts the logins whose session is still on record or
/// that were the user's last one; writes are kept for good.
pub const ACTIVE_SOURCES: &[(&str, &str, &str)] = &[
    ("user_id", "COALESCE(logged_in_at, created_at)", "sessions"),
    ("user_id", "last_seen_at", "sessions"),
    ("id", "last_login_at", "users"),
    ("author_id", "created_at", "experiences"),
    ("author_id", "created_at", "discussions"),
    ("author_id", "created_at", "comments"),
    ("user_id", "created_at", "mock_interviews"),
];

async fn per_day(db: &Db, table: &str, filter: &str, since: DateTime<Utc>) -> Result<Vec<DayCount>> {
    let day = day_of(db.backend, "created_at");
    let mut sql = Sql::new(db.backend);
    sql.push(&format!("SELECT {day} AS day, COUNT(*) AS n FROM {table} WHERE created_at >= "))
        .bind(since)
        .push(filter)
        .push(&format!(" GROUP BY {day} ORDER BY day"));
    Ok(DayCount::find_by_statement(sql.build()).all(&db.read).await?)
}

/// Append `SELECT day, who` of every active-user source since `since`,
/// UNIONed, to `sql`.
fn active_union(sql: &mut Sql, since: DateTime<Utc>) {
    let backend = sql.backend();
    for (i, (user, at, table)) in ACTIVE_SOURCES.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ");
        }
        let day = day_of(backend, at);
        sql.push(&format!("SELECT {day} AS day, {user} AS who FROM {table} WHERE {at} IS NOT NULL AND {at} >= ")).bind(since);
    }
}

/// The figures of every day from `since` (UTC) on.
///
/// # Errors
/// Database failures.
pub async fn site_stats(db: &Db, since: DateTime<Utc>) -> Result<SiteStats> {
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let mut users = Sql::new(db.backend);
    users.push("SELECT COUNT(*) AS n FROM users WHERE deleted_at IS NULL");
    let users = N::find_by_statement(users.build()).one(&db.read).await?.map_or(0, |r| r.n.max(0) as u64);

    let mut daily = Sql::new(db.backend);
    daily.push("SELECT day, COUNT(DISTINCT who) AS n FROM (");
    active_union(&mut daily, since);
    daily.push(") a GROUP BY day ORDER BY day");
    let mut total = Sql::new(db.backend);
    total.push("SELECT COUNT(DISTINCT who) AS n FROM (");
    active_union(&mut total, since);
    total.push(") a");

    Ok(SiteStats {
        users,
        new_users: per_day(db, "users", "", since).await?,
        experiences: per_day(db, "experiences", " AND deleted_at IS NULL AND import_key IS NULL", since).await?,
        discussions: per_day(db, "discussions", " AND deleted_at IS NULL", since).await?,
        mock_interviews: per_day(db, "mock_interviews", "", since).await?,
        active_users: DayCount::find_by_statement(daily.build()).all(&db.read).await?,
        active_total: N::find_by_statement(total.build()).one(&db.read).await?.map_or(0, |r| r.n.max(0) as u64),
    })
}
