//! The feedback board (留言板) as the store keeps it: `feedback` rows, read
//! with their author's name, avatar and deletion from `users`.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue, EntityTrait, FromQueryResult, Set, TransactionTrait};

use crate::entity::enums::FeedbackStatus;
use crate::entity::feedback;
use crate::store::notifications::{self, NewNotification};
use crate::store::sql::Sql;
use crate::store::Db;

/// A feedback message with its author's columns.
#[derive(Clone, Debug, FromQueryResult)]
pub struct FeedbackRow {
    /// `feedback.id`.
    pub id: i64,
    /// `users.id` of the author.
    pub author_id: i64,
    /// The message.
    pub content: String,
    /// A [`FeedbackStatus`] code.
    pub status: String,
    /// The administrators' answer.
    pub reply: Option<String>,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    /// When it was last answered.
    pub replied_at: Option<DateTime<Utc>>,
    /// The author's display name (`None` if the user row is gone).
    pub author_name: Option<String>,
    /// The author's avatar.
    pub author_avatar: Option<String>,
    /// When the author deleted their account.
    pub author_deleted_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "SELECT f.id, f.author_id, f.content, f.status, f.reply, f.created_at, f.replied_at, \
    u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at FROM feedback f LEFT JOIN users u ON u.id = f.author_id";

/// Message `id`, read from the write pool: it is read right after a write.
///
/// # Errors
/// Database failures.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<FeedbackRow>, sea_orm::DbErr> {
    let mut sql = Sql::new(db.backend);
    sql.push(SELECT).push(" WHERE f.id = ").bind(id);
    FeedbackRow::find_by_statement(sql.build()).one(&db.write).await
}

/// Page `page` (1-based) of `per_page` messages, newest first, only those
/// with `status` when given; and how many match.
///
/// # Errors
/// Database failures.
pub async fn list(db: &Db, status: Option<FeedbackStatus>, page: u64, per_page: u64) -> Result<(Vec<FeedbackRow>, u64), sea_orm::DbErr> {
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let mut count = Sql::new(db.backend);
    count.push("SELECT COUNT(*) AS n FROM feedback f");
    let mut sql = Sql::new(db.backend);
    sql.push(SELECT);
    if let Some(s) = status {
        count.push(" WHERE f.status = ").bind(s.as_str());
        sql.push(" WHERE f.status = ").bind(s.as_str());
    }
    sql.push(" ORDER BY f.id DESC LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let total = N::find_by_statement(count.build()).one(&db.read).await?.map_or(0, |n| n.n.max(0) as u64);
    let items = FeedbackRow::find_by_statement(sql.build()).all(&db.read).await?;
    Ok((items, total))
}

/// Post `content` by `author_id` (status `open`); its id.
///
/// # Errors
/// Database failures.
pub async fn insert(db: &Db, author_id: i64, content: String) -> Result<i64, sea_orm::DbErr> {
    let now = Utc::now();
    let saved = feedback::ActiveModel {
        author_id: Set(author_id),
        content: Set(content),
        status: Set(FeedbackStatus::Open.as_str().into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    Ok(saved.id)
}

/// An administrator's change of a message.
#[derive(Clone, Debug)]
pub struct FeedbackPatch {
    /// New status.
    pub status: Option<FeedbackStatus>,
    /// New answer (`Some(None)` removes it), given by `replied_by`.
    pub reply: Option<Option<String>>,
    /// `users.id` of the administrator.
    pub replied_by: i64,
}

/// Apply `patch` to message `id` and store the notifications `notify` makes
/// of the message as it was, in one transaction; `false` when there is no
/// such message.
///
/// # Errors
/// Database failures.
pub async fn update(db: &Db, id: i64, patch: FeedbackPatch, notify: impl FnOnce(&feedback::Model) -> Vec<NewNotification>) -> crate::error::Result<bool> {
    let txn = db.write.begin().await?;
    let Some(current) = feedback::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(false);
    };
    let list = notify(&current);
    let now = Utc::now();
    let replied = patch.reply.is_some();
    feedback::ActiveModel {
        id: ActiveValue::Unchanged(id),
        status: patch.status.map_or(ActiveValue::NotSet, |s| Set(s.as_str().to_owned())),
        reply: patch.reply.map_or(ActiveValue::NotSet, Set),
        replied_by: if replied { Set(Some(patch.replied_by)) } else { ActiveValue::NotSet },
        replied_at: if replied { Set(Some(now)) } else { ActiveValue::NotSet },
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    notifications::insert_all(&txn, &list).await?;
    txn.commit().await?;
    Ok(true)
}
