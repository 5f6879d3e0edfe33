//! The application tracker in the database (issue 19): `applications` and
//! their `application_rounds`. Every read and write names the owner, so a
//! row of another user is never found (the feature answers 404). Writes of
//! an application and its rounds happen in one transaction on the write
//! pool (the single writer connection on SQLite).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use crate::entity::{application, application_round};
use crate::store::sql::Sql;
use crate::store::Db;

/// An application with its rounds in order.
#[derive(Clone, Debug)]
pub struct ApplicationRow {
    pub app: application::Model,
    pub rounds: Vec<application_round::Model>,
}

/// The stored fields of an application (everything but ids and times).
#[derive(Clone, Debug)]
pub struct ApplicationFields {
    pub company: String,
    pub position: String,
    /// An `ApplicationChannel` code.
    pub channel: String,
    pub applied_on: Option<NaiveDate>,
    /// An `ApplicationStage` code.
    pub stage: String,
    pub notes: Option<String>,
}

/// One round as stored (its position is its index in the list).
#[derive(Clone, Debug)]
pub struct RoundFields {
    /// An `ApplicationStage` code.
    pub stage: String,
    pub scheduled_on: Option<NaiveDate>,
    /// `HH:MM`.
    pub scheduled_time: Option<String>,
    pub notes: Option<String>,
    /// JSON array of strings.
    pub questions: String,
}

/// Changes to an application; `None` keeps a field, `rounds` replaces them all.
#[derive(Clone, Debug, Default)]
pub struct ApplicationPatch {
    pub company: Option<String>,
    pub position: Option<String>,
    pub channel: Option<String>,
    /// `Some(None)` clears it.
    pub applied_on: Option<Option<NaiveDate>>,
    pub stage: Option<String>,
    /// `Some(None)` clears it.
    pub notes: Option<Option<String>>,
    pub rounds: Option<Vec<RoundFields>>,
}

/// The rounds of `app_ids`, by application id, in order.
async fn rounds_of<C: ConnectionTrait>(db: &C, app_ids: &[i64]) -> Result<HashMap<i64, Vec<application_round::Model>>, DbErr> {
    let mut out: HashMap<i64, Vec<application_round::Model>> = HashMap::new();
    for chunk in app_ids.chunks(500) {
        let rows = application_round::Entity::find()
            .filter(application_round::Column::ApplicationId.is_in(chunk.iter().copied()))
            .order_by_asc(application_round::Column::ApplicationId)
            .order_by_asc(application_round::Column::Idx)
            .all(db)
            .await?;
        for r in rows {
            out.entry(r.application_id).or_default().push(r);
        }
    }
    Ok(out)
}

async fn with_rounds<C: ConnectionTrait>(db: &C, apps: Vec<application::Model>) -> Result<Vec<ApplicationRow>, DbErr> {
    let ids: Vec<i64> = apps.iter().map(|a| a.id).collect();
    let mut rounds = rounds_of(db, &ids).await?;
    Ok(apps.into_iter().map(|app| ApplicationRow { rounds: rounds.remove(&app.id).unwrap_or_default(), app }).collect())
}

/// Every application of `user_id` (only those at `stage` when given),
/// most recently changed first, with their rounds. This is also what a data
/// export of the user lists.
///
/// # Errors
/// Database failures.
pub async fn list(db: &Db, user_id: i64, stage: Option<&str>) -> Result<Vec<ApplicationRow>, DbErr> {
    let mut q = application::Entity::find().filter(application::Column::UserId.eq(user_id));
    if let Some(s) = stage {
        q = q.filter(application::Column::Stage.eq(s));
    }
    let apps = q.order_by_desc(application::Column::UpdatedAt).order_by_desc(application::Column::Id).all(&db.read).await?;
    with_rounds(&db.read, apps).await
}

/// Application `id` if `user_id` owns it, read from the write pool (it is
/// read right after a write).
///
/// # Errors
/// Database failures.
pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<Option<ApplicationRow>, DbErr> {
    let found = application::Entity::find_by_id(id).filter(application::Column::UserId.eq(user_id)).one(&db.write).await?;
    let Some(app) = found else { return Ok(None) };
    Ok(with_rounds(&db.write, vec![app]).await?.pop())
}

/// How many applications `user_id` has.
///
/// # Errors
/// Database failures.
pub async fn count(db: &Db, user_id: i64) -> Result<u64, DbErr> {
    application::Entity::find().filter(application::Column::UserId.eq(user_id)).count(&db.write).await
}

async fn insert_rounds<C: ConnectionTrait>(db: &C, app_id: i64, rounds: Vec<RoundFields>) -> Result<(), DbErr> {
    if rounds.is_empty() {
        return Ok(());
    }
    let models = rounds.into_iter().enumerate().map(|(i, r)| application_round::ActiveModel {
        application_id: Set(app_id),
        idx: Set(i32::try_from(i).unwrap_or(i32::MAX)),
        stage: Set(r.stage),
        scheduled_on: Set(r.scheduled_on),
        scheduled_time: Set(r.scheduled_time),
        notes: Set(r.notes),
        questions: Set(r.questions),
        ..Default::default()
    });
    application_round::Entity::insert_many(models).exec(db).await?;
    Ok(())
}

/// Store a new application of `user_id` with its `rounds`, in one
/// transaction; its id.
///
/// # Errors
/// Database failures.
pub async fn insert(db: &Db, user_id: i64, f: ApplicationFields, rounds: Vec<RoundFields>, now: DateTime<Utc>) -> Result<i64, DbErr> {
    let txn = db.write.begin().await?;
    let saved = application::ActiveModel {
        user_id: Set(user_id),
        company: Set(f.company),
        position: Set(f.position),
        channel: Set(f.channel),
        applied_on: Set(f.applied_on),
        stage: Set(f.stage),
        notes: Set(f.notes),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    insert_rounds(&txn, saved.id, rounds).await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Apply `patch` to application `id` of `user_id` in one transaction (new
/// rounds replace the old ones); `false` when the user has no such
/// application.
///
/// # Errors
/// Database failures.
pub async fn update(db: &Db, user_id: i64, id: i64, patch: ApplicationPatch, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let txn = db.write.begin().await?;
    let found = application::Entity::find_by_id(id).filter(application::Column::UserId.eq(user_id)).one(&txn).await?;
    if found.is_none() {
        return Ok(false);
    }
    let set = |v: Option<String>| v.map_or(ActiveValue::NotSet, Set);
    application::ActiveModel {
        id: ActiveValue::Unchanged(id),
        company: set(patch.company),
        position: set(patch.position),
        channel: set(patch.channel),
        applied_on: patch.applied_on.map_or(ActiveValue::NotSet, Set),
        stage: set(patch.stage),
        notes: patch.notes.map_or(ActiveValue::NotSet, Set),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if let Some(rounds) = patch.rounds {
        application_round::Entity::delete_many().filter(application_round::Column::ApplicationId.eq(id)).exec(&txn).await?;
        insert_rounds(&txn, id, rounds).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Delete application `id` of `user_id` and its rounds in one transaction;
/// `false` when the user has no such application.
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, user_id: i64, id: i64) -> Result<bool, DbErr> {
    let txn = db.write.begin().await?;
    let found = application::Entity::find_by_id(id).filter(application::Column::UserId.eq(user_id)).one(&txn).await?;
    if found.is_none() {
        return Ok(false);
    }
    application_round::Entity::delete_many().filter(application_round::Column::ApplicationId.eq(id)).exec(&txn).await?;
    application::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

/// A round scheduled soon, with its application's fields.
#[derive(Clone, Debug, FromQueryResult)]
pub struct UpcomingRow {
    pub application_id: i64,
    pub company: String,
    pub position: String,
    /// The round's stage code.
    pub stage: String,
    pub scheduled_on: NaiveDate,
    pub scheduled_time: Option<String>,
}

/// Rounds of `user_id`'s applications scheduled from `from` to `to`
/// (inclusive) whose stage is one of `stages`, leaving out applications
/// whose current stage is one of `closed`; soonest first (a round without
/// a time first on its day).
///
/// # Errors
/// Database failures.
pub async fn upcoming(db: &Db, user_id: i64, from: NaiveDate, to: NaiveDate, stages: &[&str], closed: &[&str]) -> Result<Vec<UpcomingRow>, DbErr> {
    let mut sql = Sql::new(db.backend);
    sql.push(
        "SELECT a.id AS application_id, a.company, a.position, r.stage, r.scheduled_on, r.scheduled_time \
         FROM application_rounds r JOIN applications a ON a.id = r.application_id WHERE a.user_id = ",
    )
    .bind(user_id)
    .push(" AND r.scheduled_on >= ")
    .bind(from)
    .push(" AND r.scheduled_on <= ")
    .bind(to)
    .push(" AND r.stage IN ")
    .bind_list(stages.iter().map(|s| (*s).to_owned()))
    .push(" AND a.stage NOT IN ")
    .bind_list(closed.iter().map(|s| (*s).to_owned()))
    .push(" ORDER BY r.scheduled_on, COALESCE(r.scheduled_time, ''), a.id, r.idx LIMIT 100");
    UpcomingRow::find_by_statement(sql.build()).all(&db.read).await
}
