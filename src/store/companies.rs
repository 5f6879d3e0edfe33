//! Companies in the database: `companies`, their spellings
//! (`company_aliases`, unique `alias_key`) and the aggregates the company
//! page shows, read from the aggregate tables `company_stats`,
//! `company_position_stats` and `company_question_stats`, which triggers keep
//! exact in the transaction of every 面经 write (see migration
//! `m20261208_000033_company_stats`).
//! Callers pass alias keys already normalised
//! (`crate::features::companies::alias_key`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Set, TransactionTrait};

use crate::entity::{company, company_alias};
use crate::error::{Error, Result};
use crate::store::sql::{like, Sql};
use crate::store::Db;

/// A company with its number of live 面经 (index and autocomplete rows).
#[derive(Clone, Debug, FromQueryResult)]
pub struct CompanyRow {
    pub id: i64,
    pub name: String,
    /// Live 面经 mapped to it.
    pub count: i64,
}

/// How [`list`] orders companies.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum CompanyOrder {
    /// Most live 面经 first, then by name.
    Count,
    /// By canonical name (byte order of the UTF-8 text on every backend).
    Name,
}

/// One row of the outcome/difficulty/month aggregate of a company's live 面经.
#[derive(Clone, Debug, FromQueryResult)]
pub struct StatsCell {
    pub interview_result: Option<String>,
    pub interview_difficulty: Option<String>,
    /// `YYYY-MM` of the interview date, else of the posting date.
    pub month: Option<String>,
    pub n: i64,
    /// Sum and number of the `interview_evaluation`s given (1–5 each).
    pub rating_sum: Option<i64>,
    pub rating_n: i64,
}

/// A position and its outcomes among a company's live 面经.
#[derive(Clone, Debug, FromQueryResult)]
pub struct PositionCell {
    pub position: Option<String>,
    pub n: i64,
    pub offers: i64,
    pub rejected: i64,
}

/// A bank question and how many of a company's live 面经 report it.
#[derive(Clone, Debug, FromQueryResult)]
pub struct AskedQuestion {
    pub id: i64,
    pub content: String,
    pub n: i64,
}

/// Everything the company page aggregates, as stored.
#[derive(Clone, Debug)]
pub struct StatsRows {
    pub cells: Vec<StatsCell>,
    pub positions: Vec<PositionCell>,
    pub questions: Vec<AskedQuestion>,
}

/// The company of spelling `key`, if one has it.
///
/// # Errors
/// Database failures.
pub async fn by_key<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<i64>> {
    Ok(company_alias::Entity::find().filter(company_alias::Column::AliasKey.eq(key)).one(db).await?.map(|a| a.company_id))
}

/// The company of spelling `name` (key `key`): the one with that alias, or a
/// new company named `name` with it as its first alias. A concurrent insert
/// of the same key loses the unique index race and reads the winner's.
///
/// # Errors
/// Database failures.
pub async fn resolve(db: &Db, name: &str, key: &str, now: DateTime<Utc>) -> Result<i64> {
    if let Some(id) = by_key(&db.read, key).await? {
        return Ok(id);
    }
    let txn = db.write.begin().await?;
    if let Some(id) = by_key(&txn, key).await? {
        return Ok(id);
    }
    let id = company::Entity::insert(company::ActiveModel { name: Set(name.to_owned()), created_at: Set(now), updated_at: Set(now), ..Default::default() }).exec(&txn).await?.last_insert_id;
    let alias = company_alias::ActiveModel { company_id: Set(id), alias: Set(name.to_owned()), alias_key: Set(key.to_owned()), created_at: Set(now), updated_at: Set(now), ..Default::default() };
    match company_alias::Entity::insert(alias).exec(&txn).await {
        Ok(_) => {
            txn.commit().await?;
            Ok(id)
        }
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            by_key(&db.write, key).await?.ok_or(Error::Conflict("conflict"))
        }
        Err(e) => Err(e.into()),
    }
}

/// The companies with live 面经 whose name or an alias key contains `q_key`
/// (all without it), one page in `order`, with the number of such companies.
///
/// # Errors
/// Database failures.
pub async fn list(db: &Db, q_key: Option<&str>, order: CompanyOrder, page: u64, per_page: u64) -> Result<(Vec<CompanyRow>, u64)> {
    let backend = db.backend;
    let filter = |sql: &mut Sql, column: &str| {
        if let Some(q) = q_key {
            sql.push(" AND ").push(column).push(" IN (SELECT company_id FROM company_aliases WHERE alias_key LIKE ").bind(like(q)).push(" ESCAPE '!')");
        }
    };
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    // Live 面经 per company, from the trigger-maintained position counts
    // (one row per company and position, far fewer than posts).
    let counts = format!("SELECT ps.company_id, {} AS cnt FROM company_position_stats ps GROUP BY ps.company_id HAVING SUM(ps.n) > 0", sum(backend, "ps.n"));
    let counts = counts.as_str();
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n FROM (").push(counts).push(") t WHERE 1 = 1");
    filter(&mut count, "t.company_id");
    let total = N::find_by_statement(count.build()).one(&db.read).await?.map_or(0, |r| r.n);
    let mut sql = Sql::new(backend);
    sql.push("SELECT c.id, c.name, n.cnt AS count FROM companies c JOIN (").push(counts).push(") n ON n.company_id = c.id WHERE 1 = 1");
    filter(&mut sql, "c.id");
    sql.push(match order {
        CompanyOrder::Count => " ORDER BY n.cnt DESC, c.name, c.id",
        CompanyOrder::Name => " ORDER BY c.name, c.id",
    });
    sql.push(" LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let rows = CompanyRow::find_by_statement(sql.build()).all(&db.read).await?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// The aliases of each of the companies `ids` (canonical name included), by id order.
///
/// # Errors
/// Database failures.
pub async fn aliases_of<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = company_alias::Entity::find()
        .filter(company_alias::Column::CompanyId.is_in(ids.iter().copied()))
        .order_by_asc(company_alias::Column::Id)
        .all(db)
        .await?;
    for a in rows {
        out.entry(a.company_id).or_default().push(a.alias);
    }
    Ok(out)
}

/// Company `id` with its number of live 面经, `None` when there is none.
///
/// # Errors
/// Database failures.
pub async fn get(db: &Db, id: i64) -> Result<Option<CompanyRow>> {
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT c.id, c.name, ")
        .push(&format!("COALESCE({}, 0)", sum(db.backend, "ps.n")))
        .push(" AS count FROM companies c LEFT JOIN company_position_stats ps ON ps.company_id = c.id WHERE c.id = ")
        .bind(id)
        .push(" GROUP BY c.id, c.name");
    Ok(CompanyRow::find_by_statement(sql.build()).one(&db.read).await?)
}

/// `SUM(expr)` as a 64-bit integer: MySQL sums integers into `DECIMAL`,
/// and PostgreSQL sums `BIGINT`s into `NUMERIC`, neither of which decodes as `i64`.
fn sum(backend: DbBackend, expr: &str) -> String {
    match backend {
        DbBackend::MySql => format!("CAST(SUM({expr}) AS SIGNED)"),
        DbBackend::Postgres => format!("CAST(SUM({expr}) AS BIGINT)"),
        _ => format!("SUM({expr})"),
    }
}

/// The aggregates of company `id`'s live 面经: outcome × difficulty × month
/// cells with rating sums, the `positions` most common positions, and the
/// `questions` bank questions most of its posts report.
///
/// # Errors
/// Database failures.
pub async fn stats(db: &Db, id: i64, positions: u64, questions: u64) -> Result<StatsRows> {
    let backend = db.backend;
    // '' stands for "none" in the aggregates' keys (see migration 33).
    let none = |col: &str| format!("CASE WHEN {col} = '' THEN NULL ELSE {col} END");
    let mut sql = Sql::new(backend);
    sql.push("SELECT ")
        .push(&none("s.result"))
        .push(" AS interview_result, ")
        .push(&none("s.difficulty"))
        .push(" AS interview_difficulty, ")
        .push(&none("s.month"))
        .push(" AS month, s.n, s.rating_sum, s.rating_n FROM company_stats s WHERE s.company_id = ")
        .bind(id)
        .push(" AND s.n > 0");
    let cells = StatsCell::find_by_statement(sql.build()).all(&db.read).await?;

    let mut sql = Sql::new(backend);
    sql.push("SELECT ")
        .push(&none("p.position"))
        .push(" AS position, p.n, p.offers, p.rejected FROM company_position_stats p WHERE p.company_id = ")
        .bind(id)
        .push(" AND p.n > 0 ORDER BY p.n DESC, p.position LIMIT ")
        .bind(positions as i64);
    let positions = PositionCell::find_by_statement(sql.build()).all(&db.read).await?;

    let mut sql = Sql::new(backend);
    sql.push("SELECT q.id, q.content, s.n FROM company_question_stats s JOIN questions q ON q.id = s.question_id WHERE s.company_id = ")
        .bind(id)
        .push(" AND s.n > 0 ORDER BY s.n DESC, q.id LIMIT ")
        .bind(questions as i64);
    let questions = AskedQuestion::find_by_statement(sql.build()).all(&db.read).await?;
    Ok(StatsRows { cells, positions, questions })
}

/// Rename company `id` to `name`, adding `name` (key `key`) as an alias when
/// no company has it; one transaction.
///
/// # Errors
/// 404 `not_found`; 409 `alias_taken` when another company has the key;
/// database failures.
pub async fn rename(db: &Db, id: i64, name: &str, key: &str, now: DateTime<Utc>) -> Result<()> {
    let txn = db.write.begin().await?;
    let found = company::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    match by_key(&txn, key).await? {
        Some(other) if other != id => return Err(Error::Conflict("alias_taken")),
        Some(_) => {}
        None => {
            let alias = company_alias::ActiveModel { company_id: Set(id), alias: Set(name.to_owned()), alias_key: Set(key.to_owned()), created_at: Set(now), updated_at: Set(now), ..Default::default() };
            company_alias::Entity::insert(alias).exec(&txn).await?;
        }
    }
    let mut am: company::ActiveModel = found.into();
    am.name = Set(name.to_owned());
    am.updated_at = Set(now);
    company::Entity::update(am).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Replace the aliases of company `id` with `aliases` (`(alias, key)`, keys
/// distinct); the key of its canonical name `name_key` always stays. One
/// transaction.
///
/// # Errors
/// 404 `not_found`; 409 `alias_taken` when another company has one of the
/// keys; database failures.
pub async fn set_aliases(db: &Db, id: i64, name_key: &str, aliases: &[(String, String)], now: DateTime<Utc>) -> Result<()> {
    let txn = db.write.begin().await?;
    company::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    let keys: Vec<&str> = aliases.iter().map(|(_, k)| k.as_str()).collect();
    let taken = company_alias::Entity::find()
        .filter(company_alias::Column::AliasKey.is_in(keys.iter().copied()))
        .filter(company_alias::Column::CompanyId.ne(id))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(Error::Conflict("alias_taken"));
    }
    let mut keep: Vec<&str> = keys.clone();
    keep.push(name_key);
    company_alias::Entity::delete_many()
        .filter(company_alias::Column::CompanyId.eq(id))
        .filter(company_alias::Column::AliasKey.is_not_in(keep))
        .exec(&txn)
        .await?;
    let existing: Vec<String> =
        company_alias::Entity::find().filter(company_alias::Column::CompanyId.eq(id)).all(&txn).await?.into_iter().map(|a| a.alias_key).collect();
    for (alias, key) in aliases {
        if !existing.contains(key) {
            let am = company_alias::ActiveModel { company_id: Set(id), alias: Set(alias.clone()), alias_key: Set(key.clone()), created_at: Set(now), updated_at: Set(now), ..Default::default() };
            company_alias::Entity::insert(am).exec(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Merge company `from` into `into` in one transaction: its 面经 and its
/// aliases move, then it is deleted. Returns how many 面经 moved (deleted
/// ones included).
///
/// # Errors
/// 404 `not_found` when either is missing; database failures.
pub async fn merge(db: &Db, from: i64, into: i64, now: DateTime<Utc>) -> Result<u64> {
    let txn = db.write.begin().await?;
    company::Entity::find_by_id(from).one(&txn).await?.ok_or(Error::NotFound)?;
    company::Entity::find_by_id(into).one(&txn).await?.ok_or(Error::NotFound)?;
    let mut sql = Sql::new(db.backend);
    sql.push("UPDATE experiences SET company_id = ").bind(into).push(" WHERE company_id = ").bind(from);
    let moved = txn.execute_raw(sql.build()).await?.rows_affected();
    let mut sql = Sql::new(db.backend);
    sql.push("UPDATE company_aliases SET company_id = ").bind(into).push(", updated_at = ").bind(now).push(" WHERE company_id = ").bind(from);
    txn.execute_raw(sql.build()).await?;
    company::Entity::delete_by_id(from).exec(&txn).await?;
    // The triggers moved `from`'s counts to `into` with its 面经; its rows are zeros now.
    for table in ["company_stats", "company_position_stats", "company_question_stats"] {
        let mut sql = Sql::new(db.backend);
        sql.push(&format!("DELETE FROM {table} WHERE company_id = ")).bind(from);
        txn.execute_raw(sql.build()).await?;
    }
    let mut sql = Sql::new(db.backend);
    sql.push("UPDATE companies SET updated_at = ").bind(now).push(" WHERE id = ").bind(into);
    txn.execute_raw(sql.build()).await?;
    txn.commit().await?;
    Ok(moved)
}
