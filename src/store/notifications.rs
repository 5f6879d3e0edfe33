//! Notifications as the store keeps them (`notifications`, and the per-user
//! `notification_settings`). Rows are written by the store functions of the
//! writes that cause them, inside their transactions ([`insert_all`] takes
//! the transaction), and removed with their source ([`forget_target`],
//! [`forget_post`]).
//!
//! Cost: the unread count is `COUNT(*)` over the index
//! `(recipient_id, read_at, id)` (index-only on the three backends), capped
//! at [`UNREAD_CAP`] entries; a page walks `(recipient_id, id)` (or the
//! unread index) backwards and joins at most `per_page` actors, its total
//! capped at [`TOTAL_CAP`].

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult, TransactionTrait};

use crate::entity::notification;
use crate::entity::enums::{NotificationKind, NotificationTarget, TargetType};
use crate::error::Result;
use crate::store::sql::Sql;
use crate::store::Db;

/// A notification to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNotification {
    /// Who receives it.
    pub recipient_id: i64,
    /// What happened.
    pub kind: NotificationKind,
    /// Who did it; `None` when they must not be shown.
    pub actor_id: Option<i64>,
    /// What it is about.
    pub target: NotificationTarget,
    /// Id of the target.
    pub target_id: i64,
    /// The 面经 or discussion the target is on, if any.
    pub post: Option<(TargetType, i64)>,
    /// Plain-text excerpt (at most 200 characters).
    pub excerpt: String,
    /// A moderator's note to the recipient.
    pub note: Option<String>,
}

/// A stored notification with its actor's public columns.
#[derive(Clone, Debug, FromQueryResult)]
pub struct NotificationRow {
    /// Id.
    pub id: i64,
    /// Recipient.
    pub recipient_id: i64,
    /// A [`NotificationKind`] code.
    pub kind: String,
    /// Actor (`None`: hidden or nobody).
    pub actor_id: Option<i64>,
    /// A [`NotificationTarget`] code.
    pub target_type: String,
    /// Id of the target.
    pub target_id: i64,
    /// `experience` | `discussion` when the target is on a post.
    pub post_type: Option<String>,
    /// The post's id.
    pub post_id: Option<i64>,
    /// Plain-text excerpt.
    pub excerpt: String,
    /// A moderator's note to the recipient.
    pub note: Option<String>,
    /// When the recipient read it.
    pub read_at: Option<DateTime<Utc>>,
    /// When it happened.
    pub created_at: DateTime<Utc>,
    /// Actor's display name.
    pub actor_name: Option<String>,
    /// Actor's avatar URL.
    pub actor_avatar: Option<String>,
    /// When the actor's account was deleted.
    pub actor_deleted_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "n.id, n.recipient_id, n.kind, n.actor_id, n.target_type, n.target_id, n.post_type, n.post_id, n.excerpt, n.note, n.read_at, n.created_at, \
    u.name AS actor_name, u.avatar AS actor_avatar, u.deleted_at AS actor_deleted_at";

#[derive(FromQueryResult)]
struct N {
    n: i64,
}

/// Store `list` through `db` (the caller's transaction), in order.
///
/// # Errors
/// Database failures.
pub async fn insert_all<C: ConnectionTrait>(db: &C, list: &[NewNotification]) -> Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let models = list.iter().map(|n| notification::ActiveModel {
        recipient_id: sea_orm::Set(n.recipient_id),
        kind: sea_orm::Set(n.kind.as_str().to_owned()),
        actor_id: sea_orm::Set(n.actor_id),
        target_type: sea_orm::Set(n.target.as_str().to_owned()),
        target_id: sea_orm::Set(n.target_id),
        post_type: sea_orm::Set(n.post.map(|(t, _)| t.as_str().to_owned())),
        post_id: sea_orm::Set(n.post.map(|(_, id)| id)),
        excerpt: sea_orm::Set(n.excerpt.clone()),
        note: sea_orm::Set(n.note.clone()),
        read_at: sea_orm::Set(None),
        created_at: sea_orm::Set(now),
        ..Default::default()
    });
    notification::Entity::insert_many(models).exec_without_returning(db).await?;
    Ok(())
}

/// The unread count answers at most this many: the bell shows "99+" from
/// 100, and counting a 240,000-entry unread range took 88 ms on SQLite
/// (BENCHMARKS.md, "Issue 19"), where 100 entries are a constant cost.
pub const UNREAD_CAP: u64 = 100;

/// A list's `total` counts at most this many (50 pages of 20); further
/// pages are still served.
pub const TOTAL_CAP: u64 = 1000;

/// `COUNT(*)` of the rows of `recipient_id` (unread ones only with
/// `unread_only`), stopping at `cap`: a walk of at most `cap` index entries
/// however large the inbox.
async fn count_capped(db: &Db, recipient_id: i64, unread_only: bool, cap: u64) -> Result<u64> {
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM notifications WHERE recipient_id = ").bind(recipient_id);
    if unread_only {
        sql.push(" AND read_at IS NULL");
    }
    sql.push(" LIMIT ").bind(cap as i64).push(") capped");
    Ok(N::find_by_statement(sql.build()).one(&db.read).await?.map_or(0, |c| c.n.max(0) as u64))
}

/// How many unread notifications `recipient_id` has, at most [`UNREAD_CAP`].
///
/// # Errors
/// Database failures.
pub async fn unread_count(db: &Db, recipient_id: i64) -> Result<u64> {
    count_capped(db, recipient_id, true, UNREAD_CAP).await
}

/// A page (`page` 1-based) of the notifications of `recipient_id`, newest
/// first, only unread ones with `unread_only`; and how many match, at most
/// [`TOTAL_CAP`].
///
/// # Errors
/// Database failures.
pub async fn page(db: &Db, recipient_id: i64, unread_only: bool, page: u64, per_page: u64) -> Result<(Vec<NotificationRow>, u64)> {
    let total = count_capped(db, recipient_id, unread_only, TOTAL_CAP).await?;
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM notifications n LEFT JOIN users u ON u.id = n.actor_id WHERE n.recipient_id = ").bind(recipient_id);
    if unread_only {
        sql.push(" AND n.read_at IS NULL");
    }
    sql.push(" ORDER BY n.id DESC LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    Ok((NotificationRow::find_by_statement(sql.build()).all(&db.read).await?, total))
}

/// Every notification of `recipient_id`, oldest first (the data export).
///
/// # Errors
/// Database failures.
pub async fn all_of(db: &Db, recipient_id: i64) -> Result<Vec<NotificationRow>> {
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM notifications n LEFT JOIN users u ON u.id = n.actor_id WHERE n.recipient_id = ").bind(recipient_id).push(" ORDER BY n.id");
    Ok(NotificationRow::find_by_statement(sql.build()).all(&db.read).await?)
}

/// Mark notification `id` of `recipient_id` read (a read one stays as it
/// was); `false` when `recipient_id` has no notification `id`.
///
/// # Errors
/// Database failures.
pub async fn mark_read(db: &Db, recipient_id: i64, id: i64) -> Result<bool> {
    let mut sql = Sql::new(db.backend);
    sql.push("UPDATE notifications SET read_at = ").bind(Utc::now()).push(" WHERE id = ").bind(id).push(" AND recipient_id = ").bind(recipient_id).push(" AND read_at IS NULL");
    if db.write.execute_raw(sql.build()).await?.rows_affected() == 1 {
        return Ok(true);
    }
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT COUNT(*) AS n FROM notifications WHERE id = ").bind(id).push(" AND recipient_id = ").bind(recipient_id);
    Ok(N::find_by_statement(sql.build()).one(&db.write).await?.is_some_and(|c| c.n > 0))
}

/// Mark every unread notification of `recipient_id` read; how many were.
///
/// # Errors
/// Database failures.
pub async fn mark_all_read(db: &Db, recipient_id: i64) -> Result<u64> {
    let mut sql = Sql::new(db.backend);
    sql.push("UPDATE notifications SET read_at = ").bind(Utc::now()).push(" WHERE recipient_id = ").bind(recipient_id).push(" AND read_at IS NULL");
    Ok(db.write.execute_raw(sql.build()).await?.rows_affected())
}

/// Remove the notifications about `target` `id` (its source was deleted or
/// hidden), through `db` (a transaction or a pool).
///
/// # Errors
/// Database failures.
pub async fn forget_target<C: ConnectionTrait>(db: &C, target: NotificationTarget, id: i64) -> Result<()> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("DELETE FROM notifications WHERE target_type = ").bind(target.as_str()).push(" AND target_id = ").bind(id);
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Remove the notifications about anything on post `post` `id` (the post
/// was deleted or hidden).
///
/// # Errors
/// Database failures.
pub async fn forget_post<C: ConnectionTrait>(db: &C, post: TargetType, id: i64) -> Result<()> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("DELETE FROM notifications WHERE post_type = ").bind(post.as_str()).push(" AND post_id = ").bind(id);
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Whether `user_id` wants a mail per notification (default off), and the
/// locale of those mails.
///
/// # Errors
/// Database failures.
pub async fn settings(db: &Db, user_id: i64) -> Result<(bool, Option<String>)> {
    #[derive(FromQueryResult)]
    struct Row {
        by_mail: bool,
        lang: String,
    }
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT by_mail, lang FROM notification_settings WHERE user_id = ").bind(user_id);
    Ok(Row::find_by_statement(sql.build()).one(&db.write).await?.map_or((false, None), |r| (r.by_mail, Some(r.lang))))
}

/// Set whether `user_id` wants a mail per notification, written in locale `lang`.
///
/// # Errors
/// Database failures.
pub async fn set_settings(db: &Db, user_id: i64, by_mail: bool, lang: &str) -> Result<()> {
    // Delete and insert in one transaction: the same statements on the
    // three backends (their upsert syntaxes differ).
    let txn = db.write.begin().await?;
    let mut sql = Sql::new(db.backend);
    sql.push("DELETE FROM notification_settings WHERE user_id = ").bind(user_id);
    txn.execute_raw(sql.build()).await?;
    let mut sql = Sql::new(db.backend);
    sql.push("INSERT INTO notification_settings (user_id, by_mail, lang, updated_at) VALUES (")
        .bind(user_id)
        .push(", ")
        .bind(by_mail)
        .push(", ")
        .bind(lang)
        .push(", ")
        .bind(Utc::now())
        .push(")");
    txn.execute_raw(sql.build()).await?;
    txn.commit().await?;
    Ok(())
}

/// A user who wants notifications by mail.
#[derive(Clone, Debug, FromQueryResult)]
pub struct MailRecipient {
    /// `users.id`.
    pub id: i64,
    /// Their verified address.
    pub email: String,
    /// The locale of their mails.
    pub lang: String,
}

/// The live users among `recipients` who want a mail per notification and
/// have a verified address (an unverified one may be someone else's).
///
/// # Errors
/// Database failures.
pub async fn mail_recipients(db: &Db, recipients: &[i64]) -> Result<Vec<MailRecipient>> {
    if recipients.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT u.id, u.email, s.lang FROM users u JOIN notification_settings s ON s.user_id = u.id WHERE s.by_mail = ")
        .bind(true)
        .push(" AND u.deleted_at IS NULL AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL AND u.id IN ")
        .bind_list(recipients.iter().copied());
    Ok(MailRecipient::find_by_statement(sql.build()).all(&db.write).await?)
}
