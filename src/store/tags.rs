//! Discussion tags: `tags` (one row per name ignoring case, `name_key`, with
//! the number of live discussions carrying it, `usage_count`) and
//! `discussion_tags` (the tags of a discussion in the author's order).
//!
//! `usage_count` moves in the transaction that changes a discussion's tags
//! or deletes it, so it stays exact.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set};

use crate::entity::{discussion_tag, tag};
use crate::error::{Error, Result};
use crate::store::sql::Sql;
use crate::store::Db;

/// The tags of each of the discussions `ids`, in the author's order
/// (discussions without tags are absent).
///
/// # Errors
/// Database failures.
pub(crate) async fn of_discussions<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    #[derive(FromQueryResult)]
    struct T {
        discussion_id: i64,
        name: String,
    }
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT dt.discussion_id, t.name FROM discussion_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.discussion_id IN ")
        .bind_list(ids.iter().copied())
        .push(" ORDER BY dt.discussion_id, dt.position");
    for t in T::find_by_statement(sql.build()).all(db).await? {
        out.entry(t.discussion_id).or_default().push(t.name);
    }
    Ok(out)
}

/// Stop counting the tags of `discussion_id` (a deleted discussion, inside
/// the caller's transaction `txn`); the links stay.
///
/// # Errors
/// Database failures.
pub(crate) async fn uncount<C: ConnectionTrait>(txn: &C, discussion_id: i64) -> Result<()> {
    drop_counts(txn, discussion_id, false).await
}

/// Uncount the tags of `discussion_id` and, with `unlink`, take them off it.
async fn drop_counts<C: ConnectionTrait>(txn: &C, discussion_id: i64, unlink: bool) -> Result<()> {
    let old: Vec<i64> = discussion_tag::Entity::find()
        .filter(discussion_tag::Column::DiscussionId.eq(discussion_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| t.tag_id)
        .collect();
    if old.is_empty() {
        return Ok(());
    }
    if unlink {
        discussion_tag::Entity::delete_many().filter(discussion_tag::Column::DiscussionId.eq(discussion_id)).exec(txn).await?;
    }
    tag::Entity::update_many()
        .col_expr(tag::Column::UsageCount, Expr::col(tag::Column::UsageCount).sub(1))
        .filter(tag::Column::Id.is_in(old))
        .exec(txn)
        .await?;
    Ok(())
}

/// Replace the tags of `discussion_id` with `tags` (inside the caller's
/// transaction `txn`), creating unknown tags and keeping `usage_count` exact.
///
/// # Errors
/// Database failures.
pub(crate) async fn set_for_discussion<C: ConnectionTrait>(txn: &C, discussion_id: i64, tags: &[String]) -> Result<()> {
    drop_counts(txn, discussion_id, true).await?;
    let now = Utc::now();
    for (position, name) in tags.iter().enumerate() {
        let key = name.to_lowercase();
        tag::Entity::insert(tag::ActiveModel {
            name: Set(name.clone()),
            name_key: Set(key.clone()),
            usage_count: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(tag::Column::NameKey).do_nothing_on([tag::Column::NameKey]).to_owned())
        .exec_without_returning(txn)
        .await?;
        let t = tag::Entity::find().filter(tag::Column::NameKey.eq(key)).one(txn).await?.ok_or(Error::NotFound)?;
        discussion_tag::ActiveModel { discussion_id: Set(discussion_id), tag_id: Set(t.id), position: Set(position as i32), created_at: Set(now), updated_at: Set(now) }
            .insert(txn)
            .await?;
        tag::Entity::update_many()
            .col_expr(tag::Column::UsageCount, Expr::col(tag::Column::UsageCount).add(1))
            .filter(tag::Column::Id.eq(t.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// A tag and the number of live discussions carrying it.
#[derive(Clone, Debug, FromQueryResult)]
pub struct TagCount {
    /// The tag as first written.
    pub name: String,
    /// Live discussions carrying it.
    pub count: i32,
}

/// A page of the tags in use (`page` 1-based), most used first, optionally
/// only those whose name contains `q` ignoring case; and their number
/// (cached for a few seconds, [`Db::count_cached`]).
///
/// # Errors
/// Database failures.
pub async fn page(db: &Db, q: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<TagCount>, u64)> {
    let q = q.map(str::to_lowercase);
    let filter = |sql: &mut Sql| {
        sql.push(" FROM tags WHERE usage_count > 0");
        if let Some(q) = &q {
            sql.push(" AND name_key LIKE ").bind(crate::store::sql::like(q)).push(" ESCAPE '!'");
        }
    };
    let mut count = Sql::new(db.backend);
    count.push("SELECT COUNT(*) AS n");
    filter(&mut count);
    let total = db.count_cached(format!("tags|{q:?}"), count).await?;
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT name, usage_count AS count");
    filter(&mut sql);
    sql.push(" ORDER BY usage_count DESC, name LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let items = TagCount::find_by_statement(sql.build()).all(&db.read).await?;
    Ok((items, total))
}
