//! Comments as the store keeps them: `comments` on a 面经 or a discussion
//! (`target_type`, `target_id`) with one level of replies (`parent_id`), and
//! the target's `comments_count`, which moves in the same transaction as the
//! comment (only when a comment was really added or deleted).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Set, TransactionTrait};

use crate::entity::{comment, discussion, experience};
use crate::entity::enums::{CommentSort, NotificationTarget, TargetType};
use crate::error::{Error, Result};
use crate::store::favorites::table;
use crate::store::notifications::{self, NewNotification};
use crate::store::sql::Sql;
use crate::store::Db;

/// A comment with its author.
#[derive(Clone, Debug, FromQueryResult)]
pub struct CommentRow {
    /// Id.
    pub id: i64,
    /// `experience` | `discussion`.
    pub target_type: String,
    /// The 面经 or discussion commented on.
    pub target_id: i64,
    /// Author's user id.
    pub author_id: i64,
    /// The top-level comment of its thread (`None` for a top-level comment).
    pub parent_id: Option<i64>,
    /// Text as written.
    pub content: String,
    /// When it was deleted.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last edited.
    pub updated_at: DateTime<Utc>,
    /// Users who count it helpful (`helpful_count`, [`crate::store::helpful`]).
    pub helpful_count: i32,
    /// Author's display name.
    pub author_name: Option<String>,
    /// Author's avatar URL.
    pub author_avatar: Option<String>,
    /// When the author's account was deleted.
    pub author_deleted_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "c.id, c.target_type, c.target_id, c.author_id, c.parent_id, c.content, c.deleted_at, c.created_at, c.updated_at, c.helpful_count, \
    u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at";

#[derive(FromQueryResult)]
struct N {
    n: i64,
}

async fn live_target<C: ConnectionTrait>(db: &C, target: TargetType, id: i64) -> Result<bool> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("SELECT COUNT(*) AS n FROM {} WHERE deleted_at IS NULL AND id = ", table(target))).bind(id);
    Ok(N::find_by_statement(sql.build()).one(db).await?.is_some_and(|c| c.n > 0))
}

/// Who wrote a commented post, as the comment rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostAuthor {
    /// The post's author.
    pub author_id: i64,
    /// The post hides its author (an anonymous 面经; discussions never do).
    pub anonymous: bool,
}

/// The author of live `target` `id` (`None` when it does not exist or is
/// deleted); read through the write pool with `after_write`, so a post
/// made anonymous a moment ago on this node is seen so.
///
/// # Errors
/// Database failures.
pub async fn post_author(db: &Db, target: TargetType, id: i64, after_write: bool) -> Result<Option<PostAuthor>> {
    let conn = if after_write { &db.write } else { &db.read };
    post_author_on(conn, target, id).await
}

/// [`post_author`] through `conn` (a pool or a transaction).
async fn post_author_on<C: ConnectionTrait>(conn: &C, target: TargetType, id: i64) -> Result<Option<PostAuthor>> {
    Ok(match target {
        TargetType::Experience => experience::Entity::find()
            .select_only()
            .column(experience::Column::AuthorId)
            .column(experience::Column::Anonymous)
            .filter(experience::Column::Id.eq(id))
            .filter(experience::Column::DeletedAt.is_null())
            .into_tuple::<(i64, bool)>()
            .one(conn)
            .await?
            .map(|(author_id, anonymous)| PostAuthor { author_id, anonymous }),
        TargetType::Discussion => discussion::Entity::find()
            .select_only()
            .column(discussion::Column::AuthorId)
            .filter(discussion::Column::Id.eq(id))
            .filter(discussion::Column::DeletedAt.is_null())
            .into_tuple::<i64>()
            .one(conn)
            .await?
            .map(|author_id| PostAuthor { author_id, anonymous: false }),
        TargetType::Question => None,
    })
}

/// A page (`page` 1-based) of the top-level comments on `target` `id`
/// in `sort` order, and how many there are. A deleted comment is listed
/// while it has live replies.
///
/// # Errors
/// Database failures.
pub async fn top_level(db: &Db, target: TargetType, id: i64, sort: CommentSort, page: u64, per_page: u64) -> Result<(Vec<CommentRow>, u64)> {
    let filter = |sql: &mut Sql| {
        sql.push(" FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.target_type = ")
            .bind(target.as_str())
            .push(" AND c.target_id = ")
            .bind(id)
            .push(" AND c.parent_id IS NULL AND (c.deleted_at IS NULL OR EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id AND r.deleted_at IS NULL))");
    };
    let mut count = Sql::new(db.backend);
    count.push("SELECT COUNT(*) AS n");
    filter(&mut count);
    let total = N::find_by_statement(count.build()).one(&db.read).await?.map_or(0, |c| c.n.max(0) as u64);
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT ").push(COLUMNS);
    filter(&mut sql);
    sql.push(match sort {
        CommentSort::Oldest => " ORDER BY c.id",
        CommentSort::Helpful => " ORDER BY c.helpful_count DESC, c.id",
    });
    sql.push(" LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    Ok((CommentRow::find_by_statement(sql.build()).all(&db.read).await?, total))
}

/// The live replies to the comments `parents`, oldest first.
///
/// # Errors
/// Database failures.
pub async fn replies(db: &Db, parents: &[i64]) -> Result<Vec<CommentRow>> {
    if parents.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.deleted_at IS NULL AND c.parent_id IN ");
    sql.bind_list(parents.iter().copied()).push(" ORDER BY c.id");
    Ok(CommentRow::find_by_statement(sql.build()).all(&db.read).await?)
}

/// Comment `id`, deleted or not, read through the write pool (right after
/// this process wrote it).
///
/// # Errors
/// Database failures.
pub async fn one(db: &Db, id: i64) -> Result<Option<CommentRow>> {
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.id = ").bind(id);
    Ok(CommentRow::find_by_statement(sql.build()).one(&db.write).await?)
}

/// A comment being stored, as the rules of its notifications need it
/// (`crate::features::notifications::for_comment`).
#[derive(Clone, Copy, Debug)]
pub struct NewComment<'a> {
    /// Its id.
    pub id: i64,
    /// The kind of post it is on.
    pub target: TargetType,
    /// The post it is on.
    pub target_id: i64,
    /// Its author.
    pub author_id: i64,
    /// Its text.
    pub content: &'a str,
    /// The post's author.
    pub post: PostAuthor,
    /// The author of the comment it answers (the one replied to, not the
    /// top of its thread), for a reply.
    pub parent_author: Option<i64>,
}

/// What [`insert`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// Stored with this id.
    Saved(i64),
    /// The target does not exist or is deleted.
    NoTarget,
    /// The parent is not a live comment on the same target.
    NoParent,
}

/// Store a comment by `author_id` on `target` `target_id`, count it and
/// store the notifications `notify` makes of it, in one transaction. A reply (`parent_id`) joins the thread of its parent: a
/// reply to a reply gets the parent's top-level comment as its parent, so
/// threads are one level deep.
///
/// # Errors
/// Database failures.
pub async fn insert(
    db: &Db,
    target: TargetType,
    target_id: i64,
    author_id: i64,
    parent_id: Option<i64>,
    content: String,
    notify: impl FnOnce(&NewComment<'_>) -> Vec<NewNotification>,
) -> Result<Inserted> {
    let txn = db.write.begin().await?;
    if !live_target(&txn, target, target_id).await? {
        return Ok(Inserted::NoTarget);
    }
    let (parent_id, parent_author) = match parent_id {
        None => (None, None),
        Some(pid) => {
            let parent = comment::Entity::find_by_id(pid)
                .one(&txn)
                .await?
                .filter(|c| c.target_type == target.as_str() && c.target_id == target_id && c.deleted_at.is_none());
            match parent {
                Some(parent) => (Some(parent.parent_id.unwrap_or(parent.id)), Some(parent.author_id)),
                None => return Ok(Inserted::NoParent),
            }
        }
    };
    let post = post_author_on(&txn, target, target_id).await?;
    let now = Utc::now();
    let saved = comment::ActiveModel {
        target_type: Set(target.as_str().into()),
        target_id: Set(target_id),
        author_id: Set(author_id),
        parent_id: Set(parent_id),
        content: Set(content),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut sql = Sql::new(db.backend);
    sql.push(&format!("UPDATE {} SET comments_count = comments_count + 1 WHERE id = ", table(target))).bind(target_id);
    txn.execute_raw(sql.build()).await?;
    if let Some(post) = post {
        let fact = NewComment { id: saved.id, target, target_id, author_id, content: &saved.content, post, parent_author };
        notifications::insert_all(&txn, &notify(&fact)).await?;
    }
    txn.commit().await?;
    Ok(Inserted::Saved(saved.id))
}

/// The author's user id of live comment `id` (read through the write pool).
///
/// # Errors
/// Database failures.
pub async fn live_author(db: &Db, id: i64) -> Result<Option<i64>> {
    Ok(comment::Entity::find_by_id(id).one(&db.write).await?.filter(|c| c.deleted_at.is_none()).map(|c| c.author_id))
}

/// Replace the text of comment `id`.
///
/// # Errors
/// Database failures.
pub async fn set_content(db: &Db, id: i64, content: String) -> Result<()> {
    comment::Entity::update_many()
        .col_expr(comment::Column::Content, Expr::value(content))
        .col_expr(comment::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(comment::Column::Id.eq(id))
        .exec(&db.write)
        .await?;
    Ok(())
}

/// Soft-delete live comment `id`, uncount it and drop the notifications
/// about it, in one transaction, if
/// `authorize` accepts its author's user id. Returns the type of the target
/// whose `comments_count` moved (`None` when a concurrent delete won).
///
/// # Errors
/// `NotFound` when there is no live comment `id`, the error of `authorize`,
/// database failures.
pub async fn delete(db: &Db, id: i64, authorize: impl FnOnce(i64) -> Result<()>) -> Result<Option<TargetType>> {
    let txn = db.write.begin().await?;
    let current = comment::Entity::find_by_id(id).one(&txn).await?.filter(|c| c.deleted_at.is_none()).ok_or(Error::NotFound)?;
    authorize(current.author_id)?;
    let target: TargetType = current
        .target_type
        .parse()
        .map_err(|_| DbErr::Type(format!("comment {id} has an unknown target_type {:?}", current.target_type)))?;
    let mut sql = Sql::new(db.backend);
    sql.push("UPDATE comments SET deleted_at = ").bind(Utc::now()).push(" WHERE deleted_at IS NULL AND id = ").bind(id);
    let res = txn.execute_raw(sql.build()).await?;
    let moved = res.rows_affected() == 1;
    if moved {
        notifications::forget_target(&txn, NotificationTarget::Comment, id).await?;
        let mut sql = Sql::new(db.backend);
        sql.push(&format!("UPDATE {} SET comments_count = comments_count - 1 WHERE id = ", table(target))).bind(current.target_id);
        txn.execute_raw(sql.build()).await?;
    }
    txn.commit().await?;
    Ok(moved.then_some(target))
}
