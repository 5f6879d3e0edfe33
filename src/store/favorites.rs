//! Favorites as the store keeps them (`favorites`, keyed by target type and
//! id), and the `favorites_count` column of their targets.
//!
//! A target's `favorites_count` moves in the same transaction as the favorite
//! row, and only when a row was really inserted or deleted (the unique index
//! `(user_id, target_type, target_id)` decides), so the count stays exact
//! under any mix of concurrent requests.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set, SqlErr, TransactionTrait};

use crate::entity::enums::TargetType;
use crate::entity::favorite;
use crate::error::Result;
use crate::store::sql::Sql;
use crate::store::Db;

/// The table of a target: where its `favorites_count`, `comments_count` and
/// (for posts) `deleted_at` live.
pub(crate) fn table(target: TargetType) -> &'static str {
    match target {
        TargetType::Experience => "experiences",
        TargetType::Discussion => "discussions",
        TargetType::Question => "questions",
    }
}

/// The ids among `ids` of `target_type` that `user_id` has favorited.
///
/// # Errors
/// Database failures.
pub async fn favorited_ids<C: ConnectionTrait>(db: &C, user_id: Option<i64>, target_type: &str, ids: &[i64]) -> Result<HashSet<i64>> {
    let Some(user_id) = user_id else { return Ok(HashSet::new()) };
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        target_id: i64,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT target_id FROM favorites WHERE user_id = ")
        .bind(user_id)
        .push(" AND target_type = ")
        .bind(target_type)
        .push(" AND target_id IN ")
        .bind_list(ids.iter().copied());
    let rows = Row::find_by_statement(sql.build()).all(db).await?;
    Ok(rows.into_iter().map(|r| r.target_id).collect())
}

/// [`favorited_ids`] on the read pool, for a typed target.
///
/// # Errors
/// Database failures.
pub async fn favorited(db: &Db, user_id: Option<i64>, target: TargetType, ids: &[i64]) -> Result<HashSet<i64>> {
    favorited_ids(&db.read, user_id, target.as_str(), ids).await
}

/// `favorites_count` of `target` `id`; `None` when there is no such row
/// (or, with `live_only`, when it is deleted). Read on the read pool.
///
/// # Errors
/// Database failures.
pub async fn count(db: &Db, target: TargetType, id: i64, live_only: bool) -> Result<Option<i64>> {
    count_on(&db.read, target, id, live_only).await
}

async fn count_on<C: ConnectionTrait>(db: &C, target: TargetType, id: i64, live_only: bool) -> Result<Option<i64>> {
    #[derive(FromQueryResult)]
    struct Favs {
        n: i32,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("SELECT favorites_count AS n FROM {} WHERE id = ", table(target))).bind(id);
    if live_only {
        sql.push(" AND deleted_at IS NULL");
    }
    Ok(Favs::find_by_statement(sql.build()).one(db).await?.map(|c| i64::from(c.n)))
}

async fn bump<C: ConnectionTrait>(db: &C, target: TargetType, id: i64, delta: i64) -> Result<()> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("UPDATE {} SET favorites_count = favorites_count + ", table(target))).bind(delta).push(" WHERE id = ").bind(id);
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// After a favorite was added or removed: whether a row really changed, and
/// the target's `favorites_count` after the commit (read through the write
/// pool, which has seen it).
#[derive(Clone, Copy, Debug)]
pub struct Toggled {
    /// A favorite row was inserted or deleted (the count moved).
    pub changed: bool,
    /// The target's favorite count.
    pub favorites: i64,
}

/// Insert the favorite of `user_id` on `target` `id` and count it, in one
/// transaction; an existing favorite changes nothing. The target must exist
/// (see [`count`]).
///
/// # Errors
/// Database failures.
pub async fn insert(db: &Db, user_id: i64, target: TargetType, id: i64) -> Result<Toggled> {
    let txn = db.write.begin().await?;
    let now = Utc::now();
    let inserted = favorite::ActiveModel {
        user_id: Set(user_id),
        target_type: Set(target.as_str().into()),
        target_id: Set(id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let changed = match inserted {
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
    let favorites = count_on(&db.write, target, id, false).await?.unwrap_or(0);
    Ok(Toggled { changed, favorites })
}

/// Delete the favorite of `user_id` on `target` `id` and uncount it, in one
/// transaction; a missing favorite changes nothing.
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, user_id: i64, target: TargetType, id: i64) -> Result<Toggled> {
    let txn = db.write.begin().await?;
    let res = favorite::Entity::delete_many()
        .filter(favorite::Column::UserId.eq(user_id))
        .filter(favorite::Column::TargetType.eq(target.as_str()))
        .filter(favorite::Column::TargetId.eq(id))
        .exec(&txn)
        .await?;
    if res.rows_affected > 0 {
        bump(&txn, target, id, -(res.rows_affected as i64)).await?;
    }
    txn.commit().await?;
    let favorites = count_on(&db.write, target, id, false).await?.unwrap_or(0);
    Ok(Toggled { changed: res.rows_affected > 0, favorites })
}

/// A page of `user_id`'s favorite ids of `target` (newest favorite first,
/// `page` 1-based), live targets only (questions are never deleted), with
/// when each was favorited; and the number of such favorites.
///
/// # Errors
/// Database failures.
pub async fn page(db: &Db, user_id: i64, target: TargetType, page: u64, per_page: u64) -> Result<(Vec<(i64, DateTime<Utc>)>, u64)> {
    #[derive(FromQueryResult)]
    struct Row {
        target_id: i64,
        created_at: DateTime<Utc>,
    }
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    let live = if target == TargetType::Question { "" } else { " AND t.deleted_at IS NULL" };
    let from = format!(" FROM favorites f JOIN {} t ON t.id = f.target_id WHERE f.user_id = ", table(target));
    let mut count = Sql::new(db.backend);
    count.push("SELECT COUNT(*) AS n").push(&from).bind(user_id).push(" AND f.target_type = ").bind(target.as_str()).push(live);
    let total = Count::find_by_statement(count.build()).one(&db.read).await?.map_or(0, |c| c.n.max(0) as u64);
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT f.target_id, f.created_at").push(&from).bind(user_id).push(" AND f.target_type = ").bind(target.as_str()).push(live);
    sql.push(" ORDER BY f.id DESC LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let rows = Row::find_by_statement(sql.build()).all(&db.read).await?;
    Ok((rows.into_iter().map(|r| (r.target_id, r.created_at)).collect(), total))
}
