//! Administrators' curation of the reference lists: careers, schools and
//! discussion tags (create, rename, delete, merge), each write in one
//! transaction so nothing is left half-done.
//!
//! What references what (and so what a delete would orphan):
//! - a career: `questions`, `experiences` and `mock_interviews.career_id`;
//! - a school: `users.school_id`;
//! - a tag: `discussion_tags.tag_id` (its `usage_count` counts the live
//!   discussions carrying it, see [`crate::store::tags`]).

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};

use crate::entity::{career, discussion_tag, school, tag, user};
use crate::error::{Error, Result};
use crate::store::sql::{like_pattern, Sql};
use crate::store::Db;

/// A career and how many rows use it.
#[derive(Clone, Debug)]
pub struct CareerUse {
    /// The row.
    pub career: career::Model,
    /// Questions, 面经 and mock interviews with this career.
    pub uses: u64,
}

/// Rows of `careers` referenced by other tables, counted per career.
async fn career_uses<C: ConnectionTrait>(db: &C, id: Option<i64>) -> Result<std::collections::HashMap<i64, u64>> {
    #[derive(FromQueryResult)]
    struct Row {
        career_id: i64,
        n: i64,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT career_id, COUNT(*) AS n FROM (");
    for (i, table) in ["questions", "experiences", "mock_interviews"].iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push(&format!("SELECT career_id FROM {table} WHERE career_id IS NOT NULL"));
        if let Some(id) = id {
            sql.push(" AND career_id = ").bind(id);
        }
    }
    sql.push(") u GROUP BY career_id");
    Ok(Row::find_by_statement(sql.build()).all(db).await?.into_iter().map(|r| (r.career_id, r.n.max(0) as u64)).collect())
}

/// Every career in display order with its number of uses.
///
/// # Errors
/// Database failures.
pub async fn careers(db: &Db) -> Result<Vec<CareerUse>> {
    let rows = career::Entity::find().order_by_asc(career::Column::SortOrder).order_by_asc(career::Column::Id).all(&db.read).await?;
    let uses = career_uses(&db.read, None).await?;
    Ok(rows.into_iter().map(|c| CareerUse { uses: uses.get(&c.id).copied().unwrap_or(0), career: c }).collect())
}

/// Whether a career other than `except` is named `name`.
async fn career_name_taken<C: ConnectionTrait>(db: &C, name: &str, except: Option<i64>) -> Result<bool> {
    let mut q = career::Entity::find().filter(career::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(career::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

/// Add a career at the end of the display order (`sort_order` given or one
/// past the last).
///
/// # Errors
/// 409 `name_taken`; database failures.
pub async fn create_career(db: &Db, name: &str, sort_order: Option<i32>) -> Result<CareerUse> {
    let txn = db.write.begin().await?;
    if career_name_taken(&txn, name, None).await? {
        return Err(Error::Conflict("name_taken"));
    }
    let last = career::Entity::find().order_by_desc(career::Column::SortOrder).one(&txn).await?.map_or(0, |c| c.sort_order);
    let now = Utc::now();
    let c = career::ActiveModel {
        name: Set(name.to_owned()),
        sort_order: Set(sort_order.unwrap_or(last.saturating_add(1))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(CareerUse { career: c, uses: 0 })
}

/// Rename career `id` and/or move it in the display order; everything that
/// references it keeps the id, so it follows.
///
/// # Errors
/// 404 for an unknown career; 409 `name_taken`; database failures.
pub async fn update_career(db: &Db, id: i64, name: Option<&str>, sort_order: Option<i32>) -> Result<CareerUse> {
    let txn = db.write.begin().await?;
    let c = career::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    if let Some(name) = name
        && career_name_taken(&txn, name, Some(id)).await? {
            return Err(Error::Conflict("name_taken"));
        }
    let mut am: career::ActiveModel = c.into();
    if let Some(name) = name {
        am.name = Set(name.to_owned());
    }
    if let Some(s) = sort_order {
        am.sort_order = Set(s);
    }
    am.updated_at = Set(Utc::now());
    let c = am.update(&txn).await?;
    let uses = career_uses(&txn, Some(id)).await?.get(&id).copied().unwrap_or(0);
    txn.commit().await?;
    Ok(CareerUse { career: c, uses })
}

/// Delete career `id` when nothing references it.
///
/// # Errors
/// 404 for an unknown career; 409 `in_use` while questions, 面经 or mock
/// interviews carry it; database failures.
pub async fn delete_career(db: &Db, id: i64) -> Result<()> {
    let txn = db.write.begin().await?;
    career::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    if career_uses(&txn, Some(id)).await?.get(&id).copied().unwrap_or(0) > 0 {
        return Err(Error::Conflict("in_use"));
    }
    career::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A school and the number of users who picked it.
#[derive(Clone, Debug)]
pub struct SchoolUse {
    /// The row.
    pub school: school::Model,
    /// Users (deleted ones included) whose profile names it.
    pub users: u64,
}

async fn school_users<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<std::collections::HashMap<i64, u64>> {
    #[derive(FromQueryResult)]
    struct Row {
        school_id: i64,
        n: i64,
    }
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT school_id, COUNT(*) AS n FROM users WHERE school_id IN ").bind_list(ids.iter().copied()).push(" GROUP BY school_id");
    Ok(Row::find_by_statement(sql.build()).all(db).await?.into_iter().map(|r| (r.school_id, r.n.max(0) as u64)).collect())
}

/// Page `page` (1-based) of `per_page` schools by id whose name contains
/// `q` literally, with their users, and how many match.
///
/// # Errors
/// Database failures.
pub async fn schools(db: &Db, q: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<SchoolUse>, u64)> {
    let (rows, total) = crate::store::catalog::schools(db, q, page, per_page).await?;
    let users = school_users(&db.read, &rows.iter().map(|s| s.id).collect::<Vec<_>>()).await?;
    Ok((rows.into_iter().map(|s| SchoolUse { users: users.get(&s.id).copied().unwrap_or(0), school: s }).collect(), total))
}

async fn school_name_taken<C: ConnectionTrait>(db: &C, name: &str, except: Option<i64>) -> Result<bool> {
    let mut q = school::Entity::find().filter(school::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(school::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

/// Add a school.
///
/// # Errors
/// 409 `name_taken`; database failures.
pub async fn create_school(db: &Db, name: &str, region: Option<&str>) -> Result<SchoolUse> {
    let txn = db.write.begin().await?;
    if school_name_taken(&txn, name, None).await? {
        return Err(Error::Conflict("name_taken"));
    }
    let now = Utc::now();
    let s = school::ActiveModel { name: Set(name.to_owned()), region: Set(region.map(str::to_owned)), created_at: Set(now), updated_at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    txn.commit().await?;
    Ok(SchoolUse { school: s, users: 0 })
}

/// Rename school `id` and/or set its region (`Some(None)` clears it).
///
/// # Errors
/// 404 for an unknown school; 409 `name_taken`; database failures.
pub async fn update_school(db: &Db, id: i64, name: Option<&str>, region: Option<Option<&str>>) -> Result<SchoolUse> {
    let txn = db.write.begin().await?;
    let s = school::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    if let Some(name) = name
        && school_name_taken(&txn, name, Some(id)).await? {
            return Err(Error::Conflict("name_taken"));
        }
    let mut am: school::ActiveModel = s.into();
    if let Some(name) = name {
        am.name = Set(name.to_owned());
    }
    if let Some(region) = region {
        am.region = Set(region.map(str::to_owned));
    }
    am.updated_at = Set(Utc::now());
    let s = am.update(&txn).await?;
    let users = school_users(&txn, &[id]).await?.get(&id).copied().unwrap_or(0);
    txn.commit().await?;
    Ok(SchoolUse { school: s, users })
}

/// Delete school `id` when no user picked it.
///
/// # Errors
/// 404 for an unknown school; 409 `in_use`; database failures.
pub async fn delete_school(db: &Db, id: i64) -> Result<()> {
    let txn = db.write.begin().await?;
    school::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    if school_users(&txn, &[id]).await?.get(&id).copied().unwrap_or(0) > 0 {
        return Err(Error::Conflict("in_use"));
    }
    school::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Merge school `id` into `into`: its users move to `into`, then it is
/// deleted, in one transaction. Returns the ids of the users who moved
/// (their cached profiles are stale).
///
/// # Errors
/// 404 when either is unknown; database failures.
pub async fn merge_school(db: &Db, id: i64, into: i64) -> Result<(SchoolUse, Vec<i64>)> {
    let txn = db.write.begin().await?;
    school::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    let target = school::Entity::find_by_id(into).one(&txn).await?.ok_or(Error::NotFound)?;
    let moved: Vec<i64> = user::Entity::find().select_only().column(user::Column::Id).filter(user::Column::SchoolId.eq(id)).into_tuple().all(&txn).await?;
    user::Entity::update_many().col_expr(user::Column::SchoolId, Expr::value(into)).filter(user::Column::SchoolId.eq(id)).exec(&txn).await?;
    school::Entity::delete_by_id(id).exec(&txn).await?;
    let users = school_users(&txn, &[into]).await?.get(&into).copied().unwrap_or(0);
    txn.commit().await?;
    Ok((SchoolUse { school: target, users }, moved))
}

/// Page `page` (1-based) of `per_page` tags, unused ones included, most
/// used first, optionally those whose name contains `q` ignoring case; and
/// how many match.
///
/// # Errors
/// Database failures.
pub async fn tags(db: &Db, q: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<tag::Model>, u64)> {
    let mut find = tag::Entity::find();
    if let Some(q) = q {
        find = find.filter(tag::Column::NameKey.like(like_pattern(&q.to_lowercase())));
    }
    let total = find.clone().count(&db.read).await?;
    let items = find
        .order_by_desc(tag::Column::UsageCount)
        .order_by_asc(tag::Column::NameKey)
        .order_by_asc(tag::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(&db.read)
        .await?;
    Ok((items, total))
}

async fn tag_by_key<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<tag::Model>> {
    Ok(tag::Entity::find().filter(tag::Column::NameKey.eq(key)).one(db).await?)
}

/// Add an unused tag (authors can then find it among the existing ones).
///
/// # Errors
/// 409 `name_taken` when a tag with the name ignoring case exists; database failures.
pub async fn create_tag(db: &Db, name: &str) -> Result<tag::Model> {
    let txn = db.write.begin().await?;
    if tag_by_key(&txn, &name.to_lowercase()).await?.is_some() {
        return Err(Error::Conflict("name_taken"));
    }
    let now = Utc::now();
    let t = tag::ActiveModel { name: Set(name.to_owned()), name_key: Set(name.to_lowercase()), usage_count: Set(0), created_at: Set(now), updated_at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    txn.commit().await?;
    Ok(t)
}

/// Rename tag `id`; every discussion carrying it shows the new name. A
/// change of case only is a rename; a name another tag has is not (merge).
///
/// # Errors
/// 404 for an unknown tag; 409 `name_taken`; database failures.
pub async fn rename_tag(db: &Db, id: i64, name: &str) -> Result<tag::Model> {
    let txn = db.write.begin().await?;
    let t = tag::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    if tag_by_key(&txn, &name.to_lowercase()).await?.is_some_and(|o| o.id != id) {
        return Err(Error::Conflict("name_taken"));
    }
    let mut am: tag::ActiveModel = t.into();
    am.name = Set(name.to_owned());
    am.name_key = Set(name.to_lowercase());
    am.updated_at = Set(Utc::now());
    let t = am.update(&txn).await?;
    txn.commit().await?;
    Ok(t)
}

/// Delete tag `id`, detaching it from every discussion, in one transaction.
///
/// # Errors
/// 404 for an unknown tag; database failures.
pub async fn delete_tag(db: &Db, id: i64) -> Result<()> {
    let txn = db.write.begin().await?;
    tag::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    discussion_tag::Entity::delete_many().filter(discussion_tag::Column::TagId.eq(id)).exec(&txn).await?;
    tag::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Merge tag `id` into `into`: discussions carrying `id` carry `into`
/// instead (once, where they carried both), `id` is deleted and the usage
/// count of `into` is recounted from the live discussions, in one
/// transaction.
///
/// # Errors
/// 404 when either is unknown; database failures.
pub async fn merge_tag(db: &Db, id: i64, into: i64) -> Result<tag::Model> {
    let txn = db.write.begin().await?;
    tag::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    let target = tag::Entity::find_by_id(into).one(&txn).await?.ok_or(Error::NotFound)?;
    let both: Vec<i64> = discussion_tag::Entity::find()
        .select_only()
        .column(discussion_tag::Column::DiscussionId)
        .filter(discussion_tag::Column::TagId.eq(into))
        .into_tuple()
        .all(&txn)
        .await?;
    if !both.is_empty() {
        discussion_tag::Entity::delete_many()
            .filter(discussion_tag::Column::TagId.eq(id))
            .filter(discussion_tag::Column::DiscussionId.is_in(both))
            .exec(&txn)
            .await?;
    }
    discussion_tag::Entity::update_many().col_expr(discussion_tag::Column::TagId, Expr::value(into)).filter(discussion_tag::Column::TagId.eq(id)).exec(&txn).await?;
    tag::Entity::delete_by_id(id).exec(&txn).await?;
    let mut count = Sql::new(txn.get_database_backend());
    count
        .push("SELECT COUNT(*) AS n FROM discussion_tags dt JOIN discussions d ON d.id = dt.discussion_id WHERE d.deleted_at IS NULL AND dt.tag_id = ")
        .bind(into);
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let n = N::find_by_statement(count.build()).one(&txn).await?.map_or(0, |r| r.n);
    let mut am: tag::ActiveModel = target.into();
    am.usage_count = Set(n as i32);
    am.updated_at = Set(Utc::now());
    let t = am.update(&txn).await?;
    txn.commit().await?;
    Ok(t)
}

/// The SQL of the UTC calendar day (`YYYY-MM-DD`) of timestamp column
/// `col` on `backend`: SQLite stores timestamps as ISO text, PostgreSQL as
/// `timestamptz` (formatted in UTC, whatever the session's zone), MySQL as
/// `DATETIME(6)` holding UTC.
pub fn day_of(backend: DbBackend, col: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        DbBackend::MySql => format!("DATE_FORMAT({col}, '%Y-%m-%d')"),
        _ => format!("substr({col}, 1, 10)"),
    }
}
