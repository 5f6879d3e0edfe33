//! "有帮助" (helpful) votes as the store keeps them: `helpful_votes`, one row
//! per user and target (the primary key `(user_id, target_type, target_id)`
//! decides), and the `helpful_count` column of the target (`experiences`,
//! `comments`; migration 30).
//!
//! The count moves in the same transaction as the vote row, and only when a
//! row was really inserted or deleted, so it stays exact under any mix of
//! concurrent requests (as favorites do, [`crate::store::favorites`]).

use std::collections::HashSet;

use chrono::Utc;
use sea_orm::{ConnectionTrait, FromQueryResult, SqlErr, TransactionTrait};

use crate::error::Result;
use crate::store::sql::Sql;
use crate::store::Db;

/// What a helpful vote is on (`target_type` of `helpful_votes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HelpfulTarget {
    /// A 面经.
    Experience,
    /// A comment on a 面经 or a discussion.
    Comment,
}

impl HelpfulTarget {
    /// The stored `target_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            HelpfulTarget::Experience => "experience",
            HelpfulTarget::Comment => "comment",
        }
    }

    fn table(self) -> &'static str {
        match self {
            HelpfulTarget::Experience => "experiences",
            HelpfulTarget::Comment => "comments",
        }
    }
}

/// After a vote was cast or withdrawn: whether a row really changed, and the
/// target's `helpful_count` after the commit.
#[derive(Clone, Copy, Debug)]
pub struct Toggled {
    /// A vote row was inserted or deleted (the count moved).
    pub changed: bool,
    /// The target's helpful count.
    pub count: i64,
}

#[derive(FromQueryResult)]
struct AuthorCount {
    author_id: i64,
    n: i32,
}

/// The author and `helpful_count` of live `target` `id` (`None` when it is
/// missing or deleted). Read through the write pool: a vote follows.
///
/// # Errors
/// Database failures.
pub async fn live_author(db: &Db, target: HelpfulTarget, id: i64) -> Result<Option<(i64, i64)>> {
    let mut sql = Sql::new(db.backend);
    sql.push(&format!("SELECT author_id, helpful_count AS n FROM {} WHERE deleted_at IS NULL AND id = ", target.table())).bind(id);
    Ok(AuthorCount::find_by_statement(sql.build()).one(&db.write).await?.map(|r| (r.author_id, i64::from(r.n))))
}

async fn count_on<C: ConnectionTrait>(db: &C, target: HelpfulTarget, id: i64) -> Result<i64> {
    #[derive(FromQueryResult)]
    struct N {
        n: i32,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("SELECT helpful_count AS n FROM {} WHERE id = ", target.table())).bind(id);
    Ok(N::find_by_statement(sql.build()).one(db).await?.map_or(0, |r| i64::from(r.n)))
}

async fn bump<C: ConnectionTrait>(db: &C, target: HelpfulTarget, id: i64, delta: i64) -> Result<()> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("UPDATE {} SET helpful_count = helpful_count + ", target.table())).bind(delta).push(" WHERE id = ").bind(id);
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Record the vote of `user_id` on `target` `id` and count it, in one
/// transaction; an existing vote changes nothing.
///
/// # Errors
/// Database failures.
pub async fn insert(db: &Db, user_id: i64, target: HelpfulTarget, id: i64) -> Result<Toggled> {
    let txn = db.write.begin().await?;
    let mut sql = Sql::new(db.backend);
    sql.push("INSERT INTO helpful_votes (user_id, target_type, target_id, created_at) VALUES (")
        .bind(user_id)
        .push(", ")
        .bind(target.as_str())
        .push(", ")
        .bind(id)
        .push(", ")
        .bind(Utc::now())
        .push(")");
    let changed = match txn.execute_raw(sql.build()).await {
        Ok(_) => {
            bump(&txn, target, id, 1).await?;
            txn.commit().await?;
            true
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            false
        }
        Err(e) => return Err(e.into()),
    };
    Ok(Toggled { changed, count: count_on(&db.write, target, id).await? })
}

/// Withdraw the vote of `user_id` on `target` `id` and uncount it, in one
/// transaction; a missing vote changes nothing.
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, user_id: i64, target: HelpfulTarget, id: i64) -> Result<Toggled> {
    let txn = db.write.begin().await?;
    let mut sql = Sql::new(db.backend);
    sql.push("DELETE FROM helpful_votes WHERE user_id = ").bind(user_id).push(" AND target_type = ").bind(target.as_str()).push(" AND target_id = ").bind(id);
    let removed = txn.execute_raw(sql.build()).await?.rows_affected();
    if removed > 0 {
        bump(&txn, target, id, -(removed as i64)).await?;
    }
    txn.commit().await?;
    Ok(Toggled { changed: removed > 0, count: count_on(&db.write, target, id).await? })
}

/// The ids among `ids` of `target` that `user_id` voted helpful (none for
/// a logged-out caller), from the read pool.
///
/// # Errors
/// Database failures.
pub async fn voted(db: &Db, user_id: Option<i64>, target: HelpfulTarget, ids: &[i64]) -> Result<HashSet<i64>> {
    let Some(user_id) = user_id else { return Ok(HashSet::new()) };
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        target_id: i64,
    }
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT target_id FROM helpful_votes WHERE user_id = ")
        .bind(user_id)
        .push(" AND target_type = ")
        .bind(target.as_str())
        .push(" AND target_id IN ")
        .bind_list(ids.iter().copied());
    Ok(Row::find_by_statement(sql.build()).all(&db.read).await?.into_iter().map(|r| r.target_id).collect())
}
