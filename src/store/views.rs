//! Buffered view counters.
//!
//! A detail read must not take the database's write lock (on SQLite every
//! read would become a serialised write). Reads call
//! [`ViewCounter::record`], which only bumps an in-memory count; a background
//! task adds the pending counts to `view_counts` every [`FLUSH_EVERY`] in one
//! transaction, and the server flushes once more on graceful shutdown. What a
//! crash can lose: the views of at most the last flush interval (2 s) on the
//! crashed node. Detail responses show the stored count plus this node's
//! pending views, so a reader sees their own view.
//!
//! Counts live in their own narrow table, `view_counts (target_type,
//! target_id, view_count)`, not in the posts' rows: a flush touches thousands
//! of posts, and on SQLite each update of a post row rewrote a page of the
//! wide posts table (migration `m20261122_000020_view_counts`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, TransactionTrait};

use crate::store::sql::Sql;

/// Flush period.
pub const FLUSH_EVERY: Duration = Duration::from_secs(2);

/// What can be viewed: the `target_type` of its `view_counts` rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Viewed {
    /// `experiences`.
    Experience,
    /// `discussions`.
    Discussion,
}

impl Viewed {
    /// `target_type` in `view_counts` (as in comments and favorites).
    fn target_type(self) -> &'static str {
        match self {
            Viewed::Experience => crate::entity::enums::TargetType::Experience.as_str(),
            Viewed::Discussion => crate::entity::enums::TargetType::Discussion.as_str(),
        }
    }
}

/// Rows per `INSERT` of a flush: 3 bound values each, well under every
/// backend's limit of bound values (SQLite 32,766; MySQL, PostgreSQL 65,535).
const ROWS_PER_STATEMENT: usize = 500;

/// Pending view counts of this process.
#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<(Viewed, i64), i64>>,
}

impl ViewCounter {
    /// Count one view; returns this node's pending views of the row.
    pub fn record(&self, kind: Viewed, id: i64) -> i64 {
        let mut map = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry((kind, id)).or_insert(0);
        *n += 1;
        *n
    }

    /// Add every pending count to the database in one transaction. On failure
    /// the counts are put back and retried at the next flush. Returns the
    /// rows updated (callers drop cached copies of them:
    /// `AppState::flush_views`).
    ///
    /// # Errors
    /// Database failures.
    pub async fn flush(&self, db: &DatabaseConnection) -> Result<Vec<(Viewed, i64)>, sea_orm::DbErr> {
        let mut batch: Vec<((Viewed, i64), i64)> = {
            let mut map = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            map.drain().collect()
        };
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        // In key order: neighbouring rows share pages, and concurrent
        // flushes of several nodes lock rows in the same order.
        batch.sort_unstable_by_key(|((kind, id), _)| (kind.target_type(), *id));
        let backend = db.get_database_backend();
        let result = async {
            let txn = db.begin().await?;
            for chunk in batch.chunks(ROWS_PER_STATEMENT) {
                let mut sql = Sql::new(backend);
                sql.push("INSERT INTO view_counts (target_type, target_id, view_count) VALUES ");
                for (i, ((kind, id), n)) in chunk.iter().enumerate() {
                    sql.push(if i == 0 { "(" } else { ", (" }).bind(kind.target_type()).push(", ").bind(*id).push(", ").bind(*n).push(")");
                }
                sql.push(match backend {
                    DbBackend::MySql => " ON DUPLICATE KEY UPDATE view_count = view_count + VALUES(view_count)",
                    _ => " ON CONFLICT (target_type, target_id) DO UPDATE SET view_count = view_counts.view_count + excluded.view_count",
                });
                txn.execute_raw(sql.build()).await?;
            }
            txn.commit().await
        }
        .await;
        if let Err(e) = result {
            let mut map = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            for (key, n) in batch {
                *map.entry(key).or_insert(0) += n;
            }
            return Err(e);
        }
        Ok(batch.into_iter().map(|(key, _)| key).collect())
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectOptions, Database, Statement};
    use sea_orm_migration::MigratorTrait;

    use super::*;

    async fn stored(db: &DatabaseConnection) -> Vec<(String, i64, i64)> {
        let sql = "SELECT target_type, target_id, view_count FROM view_counts ORDER BY target_type, target_id";
        let rows = db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql)).await.unwrap();
        rows.iter().map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(1).unwrap(), r.try_get_by_index(2).unwrap())).collect()
    }

    /// Several statements per flush, inserts and additions to stored counts,
    /// on the real schema (SQLite; the API tests flush on every database).
    #[tokio::test]
    async fn flushes_insert_new_counts_and_add_to_stored_ones() {
        let mut opts = ConnectOptions::new("sqlite::memory:");
        opts.max_connections(1).min_connections(1).sqlx_logging(false);
        let db = Database::connect(opts).await.unwrap();
        crate::store::migration::Migrator::up(&db, None).await.unwrap();
        let counter = ViewCounter::default();
        let n = ROWS_PER_STATEMENT as i64 * 2 + 1;
        for id in 1..=n {
            counter.record(Viewed::Experience, id);
        }
        assert_eq!(counter.record(Viewed::Experience, 1), 2);
        counter.record(Viewed::Discussion, 1);
        assert_eq!(counter.flush(&db).await.unwrap().len(), n as usize + 1);
        assert!(counter.flush(&db).await.unwrap().is_empty(), "nothing pending");
        for id in (1..=n).step_by(2) {
            counter.record(Viewed::Experience, id);
        }
        counter.flush(&db).await.unwrap();
        let rows = stored(&db).await;
        assert_eq!(rows.len(), n as usize + 1);
        assert_eq!(rows[0], ("discussion".to_owned(), 1, 1));
        assert_eq!(rows[1], ("experience".to_owned(), 1, 3));
        assert_eq!(rows[2], ("experience".to_owned(), 2, 1));
        assert_eq!(rows[n as usize], ("experience".to_owned(), n, 2), "in the last statement of both flushes");
        assert_eq!(rows.iter().map(|r| r.2).sum::<i64>(), 1 + (n + 1) + (n + 1) / 2);
    }
}
