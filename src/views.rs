//! Buffered view counters.
//!
//! A detail read must not take the database's write lock (on SQLite every
//! read would become a serialised write — BENCH.md). Reads call
//! [`ViewCounter::record`], which only bumps an in-memory count; a background
//! task adds the pending counts to `view_count` every
//! [`FLUSH_EVERY`] in one transaction, and the server flushes once more on
//! graceful shutdown. What a crash can lose: the views of at most the last
//! flush interval (2 s) on the crashed node. Detail responses show the stored
//! count plus this node's pending views, so a reader sees their own view.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};

use crate::db::sql::Sql;

/// Flush period.
pub const FLUSH_EVERY: Duration = Duration::from_secs(2);

/// Tables whose rows have a `view_count` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Viewed {
    /// `experiences`.
    Experience,
    /// `discussions`.
    Discussion,
}

impl Viewed {
    fn table(self) -> &'static str {
        match self {
            Viewed::Experience => "experiences",
            Viewed::Discussion => "discussions",
        }
    }
}

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
        let batch: Vec<((Viewed, i64), i64)> = {
            let mut map = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            map.drain().collect()
        };
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let result = async {
            let txn = db.begin().await?;
            for ((kind, id), n) in &batch {
                let mut sql = Sql::new(db.get_database_backend());
                sql.push(&format!("UPDATE {} SET view_count = view_count + ", kind.table()))
                    .bind(*n)
                    .push(" WHERE id = ")
                    .bind(*id);
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
