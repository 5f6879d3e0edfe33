//! Reports (举报) and their moderation as the store keeps them: `reports`,
//! and the `hidden_at` stamp of a hidden 面经, discussion or comment.
//!
//! A report is open while `open_slot` is 1; the unique index on
//! `(reporter_id, target_type, target_id, open_slot)` refuses a second open
//! report by the same user on the same target (migration 29).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set, SqlErr, TransactionTrait};

use crate::entity::enums::{ModerationAction, ReportReason, ReportStatus, ReportTarget};
use crate::entity::report;
use crate::error::{Error, Result};
use crate::store::notifications::{self, NewNotification};
use crate::store::sql::Sql;
use crate::store::Db;

/// The table of a reportable target.
fn table(target: ReportTarget) -> &'static str {
    match target {
        ReportTarget::Experience => "experiences",
        ReportTarget::Discussion => "discussions",
        ReportTarget::Comment => "comments",
    }
}

/// A reported 面经, discussion or comment, as moderators and notifications
/// need it.
#[derive(Clone, Debug, FromQueryResult)]
pub struct TargetRow {
    /// Its id.
    pub id: i64,
    /// Its author.
    pub author_id: i64,
    /// Title (posts) or text (comments).
    pub text: String,
    /// For a comment: `experience` | `discussion` it is on.
    pub post_type: Option<String>,
    /// For a comment: the post it is on; for a post: itself.
    pub post_id: Option<i64>,
    /// When it was deleted (or hidden).
    pub deleted_at: Option<DateTime<Utc>>,
    /// When a moderator hid it.
    pub hidden_at: Option<DateTime<Utc>>,
}

fn target_sql(sql: &mut Sql, target: ReportTarget) {
    match target {
        ReportTarget::Comment => sql.push("SELECT id, author_id, content AS text, target_type AS post_type, target_id AS post_id, deleted_at, hidden_at FROM comments"),
        ReportTarget::Experience => sql.push("SELECT id, author_id, title AS text, 'experience' AS post_type, id AS post_id, deleted_at, hidden_at FROM experiences"),
        ReportTarget::Discussion => sql.push("SELECT id, author_id, title AS text, 'discussion' AS post_type, id AS post_id, deleted_at, hidden_at FROM discussions"),
    };
}

/// `target` `id`, deleted or not (read through the write pool, right after a
/// write may have changed it).
///
/// # Errors
/// Database failures.
pub async fn target(db: &Db, target: ReportTarget, id: i64) -> Result<Option<TargetRow>> {
    let mut sql = Sql::new(db.backend);
    target_sql(&mut sql, target);
    sql.push(" WHERE id = ").bind(id);
    Ok(TargetRow::find_by_statement(sql.build()).one(&db.write).await?)
}

/// The targets `ids` of kind `target`, by id.
async fn targets(db: &Db, target: ReportTarget, ids: &[i64]) -> Result<HashMap<i64, TargetRow>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut sql = Sql::new(db.backend);
    target_sql(&mut sql, target);
    sql.push(" WHERE id IN ").bind_list(ids.iter().copied());
    Ok(TargetRow::find_by_statement(sql.build()).all(&db.read).await?.into_iter().map(|t| (t.id, t)).collect())
}

/// A report with its reporter's columns.
#[derive(Clone, Debug, FromQueryResult)]
pub struct ReportRow {
    /// Id.
    pub id: i64,
    /// Who reported.
    pub reporter_id: i64,
    /// A [`ReportTarget`] code.
    pub target_type: String,
    /// The reported row.
    pub target_id: i64,
    /// A [`ReportReason`] code.
    pub reason: String,
    /// The reporter's words.
    pub detail: Option<String>,
    /// A [`ReportStatus`] code.
    pub status: String,
    /// A [`ModerationAction`] code once handled.
    pub action: Option<String>,
    /// The moderator's note to the reporter.
    pub note: Option<String>,
    /// When it was handled.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Reporter's display name.
    pub reporter_name: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.reporter_id, r.target_type, r.target_id, r.reason, r.detail, r.status, r.action, r.note, r.resolved_at, r.created_at, \
    u.name AS reporter_name FROM reports r LEFT JOIN users u ON u.id = r.reporter_id";

/// What [`insert`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reported {
    /// Stored with this id.
    Saved(i64),
    /// The reporter already has an open report on the target.
    Duplicate,
}

/// Store an open report by `reporter_id` of `target` `target_id`.
///
/// # Errors
/// Database failures.
pub async fn insert(db: &Db, reporter_id: i64, target: ReportTarget, target_id: i64, reason: ReportReason, detail: Option<String>) -> Result<Reported> {
    let now = Utc::now();
    let saved = report::ActiveModel {
        reporter_id: Set(reporter_id),
        target_type: Set(target.as_str().to_owned()),
        target_id: Set(target_id),
        reason: Set(reason.as_str().to_owned()),
        detail: Set(detail),
        status: Set(ReportStatus::Open.as_str().to_owned()),
        open_slot: Set(Some(1)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db.write)
    .await;
    match saved {
        Ok(saved) => Ok(Reported::Saved(saved.id)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(Reported::Duplicate),
        Err(e) => Err(e.into()),
    }
}

/// Report `id` (through the write pool: read right after a write).
///
/// # Errors
/// Database failures.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<ReportRow>> {
    let mut sql = Sql::new(db.backend);
    sql.push(SELECT).push(" WHERE r.id = ").bind(id);
    Ok(ReportRow::find_by_statement(sql.build()).one(&db.write).await?)
}

/// A page (`page` 1-based) of reports, oldest first when `status` is open
/// (a queue), newest first otherwise, with their targets; and how many match.
///
/// # Errors
/// Database failures.
pub async fn page(db: &Db, status: Option<ReportStatus>, page: u64, per_page: u64) -> Result<(Vec<(ReportRow, Option<TargetRow>)>, u64)> {
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let mut count = Sql::new(db.backend);
    count.push("SELECT COUNT(*) AS n FROM reports r");
    let mut sql = Sql::new(db.backend);
    sql.push(SELECT);
    if let Some(s) = status {
        count.push(" WHERE r.status = ").bind(s.as_str());
        sql.push(" WHERE r.status = ").bind(s.as_str());
    }
    sql.push(if status == Some(ReportStatus::Open) { " ORDER BY r.id" } else { " ORDER BY r.id DESC" });
    sql.push(" LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let total = N::find_by_statement(count.build()).one(&db.read).await?.map_or(0, |n| n.n.max(0) as u64);
    let rows = ReportRow::find_by_statement(sql.build()).all(&db.read).await?;
    let mut found: HashMap<(String, i64), TargetRow> = HashMap::new();
    for kind in ReportTarget::ALL {
        let ids: Vec<i64> = rows.iter().filter(|r| r.target_type == kind.as_str()).map(|r| r.target_id).collect();
        for (id, t) in targets(db, *kind, &ids).await? {
            found.insert((kind.as_str().to_owned(), id), t);
        }
    }
    let items = rows
        .into_iter()
        .map(|r| {
            let t = found.get(&(r.target_type.clone(), r.target_id)).cloned();
            (r, t)
        })
        .collect();
    Ok((items, total))
}

/// Every report made by `reporter_id`, oldest first (the data export).
///
/// # Errors
/// Database failures.
pub async fn all_by(db: &Db, reporter_id: i64) -> Result<Vec<ReportRow>> {
    let mut sql = Sql::new(db.backend);
    sql.push(SELECT).push(" WHERE r.reporter_id = ").bind(reporter_id).push(" ORDER BY r.id");
    Ok(ReportRow::find_by_statement(sql.build()).all(&db.read).await?)
}

/// A moderator's decision on report `id`.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// What was done.
    pub action: ModerationAction,
    /// Note to the reporter(s).
    pub note: Option<String>,
    /// The administrator.
    pub admin_id: i64,
}

/// Record `resolution` of open report `id`, in one transaction: the report
/// is closed (`dismissed` or `resolved`); a hide or delete closes every open
/// report on the same target, since the content is gone for all of them; a
/// hide stamps the target's `hidden_at`; the notifications `notify` makes of
/// the closed reports are stored. Returns the closed reports.
///
/// # Errors
/// `NotFound` (no report `id`), `Conflict("report_closed")` (already
/// handled); database failures.
pub async fn resolve(db: &Db, id: i64, resolution: &Resolution, notify: impl FnOnce(&[report::Model]) -> Vec<NewNotification>) -> Result<Vec<report::Model>> {
    let txn = db.write.begin().await?;
    let current = report::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    if current.status != ReportStatus::Open.as_str() {
        return Err(Error::Conflict("report_closed"));
    }
    let status = if resolution.action == ModerationAction::Dismiss { ReportStatus::Dismissed } else { ReportStatus::Resolved };
    // The reports this closes: this one, or every open one on the target.
    let mut closing = report::Entity::find().filter(report::Column::Status.eq(ReportStatus::Open.as_str()));
    closing = if resolution.action == ModerationAction::Dismiss {
        closing.filter(report::Column::Id.eq(id))
    } else {
        closing.filter(report::Column::TargetType.eq(current.target_type.clone())).filter(report::Column::TargetId.eq(current.target_id))
    };
    let mut closed = closing.all(&txn).await?;
    let now = Utc::now();
    let mut sql = Sql::new(db.backend);
    sql.push("UPDATE reports SET status = ")
        .bind(status.as_str())
        .push(", open_slot = NULL, action = ")
        .bind(resolution.action.as_str())
        .push(", note = ")
        .bind(resolution.note.clone())
        .push(", resolved_by = ")
        .bind(resolution.admin_id)
        .push(", resolved_at = ")
        .bind(now)
        .push(", updated_at = ")
        .bind(now)
        .push(" WHERE id IN ")
        .bind_list(closed.iter().map(|r| r.id));
    txn.execute_raw(sql.build()).await?;
    for r in &mut closed {
        r.status = status.as_str().to_owned();
        r.open_slot = None;
        r.action = Some(resolution.action.as_str().to_owned());
        r.note.clone_from(&resolution.note);
        r.resolved_by = Some(resolution.admin_id);
        r.resolved_at = Some(now);
    }
    if resolution.action == ModerationAction::Hide {
        let target: ReportTarget = current.target_type.parse().map_err(|_| Error::NotFound)?;
        let mut sql = Sql::new(db.backend);
        sql.push(&format!("UPDATE {} SET hidden_at = ", table(target))).bind(now).push(" WHERE id = ").bind(current.target_id);
        txn.execute_raw(sql.build()).await?;
    }
    notifications::insert_all(&txn, &notify(&closed)).await?;
    txn.commit().await?;
    Ok(closed)
}
