//! Discussions as the store keeps them: `discussions` with their author, view
//! count and tags, the list query (deferred join: a page of ids from an
//! index, then the rows), and the writes, each one transaction that keeps
//! the tags' `usage_count` exact.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, FromQueryResult, Set, TransactionTrait};

use crate::entity::discussion;
use crate::entity::enums::DiscussionSort;
use crate::error::{Error, Result};
use crate::store::sql::Sql;
use crate::store::{tags, Db};

/// A discussion with its author, view count and tags (no content).
#[derive(Clone, Debug, FromQueryResult)]
pub struct DiscussionRow {
    /// Id.
    pub id: i64,
    /// Author's user id.
    pub author_id: i64,
    /// Title.
    pub title: String,
    /// Plain-text start of the content (stored on write).
    pub excerpt: String,
    /// Stored views (without the views still buffered in memory).
    pub view_count: i64,
    /// Favorites.
    pub favorites_count: i32,
    /// Live comments.
    pub comments_count: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last edited.
    pub updated_at: DateTime<Utc>,
    /// Author's display name.
    pub author_name: Option<String>,
    /// Author's avatar URL.
    pub author_avatar: Option<String>,
    /// When the author's account was deleted.
    pub author_deleted_at: Option<DateTime<Utc>>,
    /// Tags in the author's order.
    #[sea_orm(skip)]
    pub tags: Vec<String>,
}

/// A discussion with its Markdown content.
#[derive(Debug, FromQueryResult)]
struct DetailRow {
    #[sea_orm(nested)]
    row: DiscussionRow,
    content: String,
}

/// The columns of a discussion row. The view count is a subquery on the
/// primary key of `view_counts`, not a join: a join's cached plan (each
/// pooled connection prepares it once) chose a sequential scan of
/// `view_counts` when the table was small and kept it as the table grew.
const COLUMNS: &str = "e.id, e.author_id, e.title, e.excerpt, COALESCE((SELECT v.view_count FROM view_counts v WHERE v.target_type = 'discussion' AND v.target_id = e.id), 0) AS view_count, e.favorites_count, e.comments_count, \
    e.created_at, e.updated_at, u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at";
/// The author of `e`.
const JOINS: &str = " LEFT JOIN users u ON u.id = e.author_id";

/// Fill in the tags of `rows` from `db`.
async fn with_tags<C: ConnectionTrait>(db: &C, mut rows: Vec<DiscussionRow>) -> Result<Vec<DiscussionRow>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut tags = tags::of_discussions(db, &ids).await?;
    for r in &mut rows {
        r.tags = tags.remove(&r.id).unwrap_or_default();
    }
    Ok(rows)
}

/// Which live discussions a list shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter<'a> {
    /// Encoded full-text tokens of the query's words; every one must match.
    pub terms: Option<&'a [String]>,
    /// Only those carrying this tag, ignoring case.
    pub tag: Option<&'a str>,
    /// Only those of this author.
    pub author: Option<i64>,
}

/// A page of live discussions (`page` 1-based) in `sort` order, and how many
/// there are (cached for a few seconds, [`Db::count_cached`]).
/// [`DiscussionSort::Relevance`] without `terms` is newest first. Terms that
/// cannot match anything give an empty page.
///
/// # Errors
/// Database failures.
pub async fn page(db: &Db, filter: &Filter<'_>, sort: DiscussionSort, page: u64, per_page: u64) -> Result<(Vec<DiscussionRow>, u64)> {
    let backend = db.backend;
    let matcher = match filter.terms {
        Some(terms) => match crate::store::fts::match_arg(backend, terms) {
            Some(m) => Some(m),
            None => return Ok((vec![], 0)),
        },
        None => None,
    };
    let fts = crate::store::fts::sql(backend, "discussions", "e");
    let tag = filter.tag.map(str::to_lowercase);
    let author = filter.author;
    let where_ = |sql: &mut Sql, ranked: bool| {
        if let Some(m) = &matcher {
            sql.push_bound(if ranked { &fts.join_ranked } else { &fts.join }, m.clone());
        }
        sql.push(" WHERE e.deleted_at IS NULL");
        if let Some(m) = &matcher {
            sql.push(" AND ").push_bound(&fts.condition, m.clone());
        }
        if let Some(t) = &tag {
            sql.push(" AND e.id IN (SELECT dt.discussion_id FROM discussion_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name_key = ")
                .bind(t.clone())
                .push(")");
        }
        if let Some(a) = author {
            sql.push(" AND e.author_id = ").bind(a);
        }
    };
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n FROM discussions e");
    where_(&mut count, false);
    let total = db.count_cached(format!("disc|{matcher:?}|{tag:?}|{author:?}"), count).await?;
    let rank_sort = sort == DiscussionSort::Relevance && matcher.is_some();
    let order = |a: &str| match sort {
        DiscussionSort::Popular => format!("{a}.favorites_count DESC, {a}.id DESC"),
        DiscussionSort::Latest | DiscussionSort::Relevance => format!("{a}.id DESC"),
    };
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM discussions e JOIN (SELECT e.id AS pid");
    if rank_sort {
        sql.push(", ").push_bound(&fts.rank, matcher.clone().unwrap_or_default()).push(" AS score");
    }
    sql.push(" FROM discussions e");
    where_(&mut sql, rank_sort);
    sql.push(" ORDER BY ").push(&if rank_sort { "score DESC, e.id DESC".into() } else { order("e") });
    sql.push(" LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    sql.push(") p ON p.pid = e.id").push(JOINS).push(" ORDER BY ");
    sql.push(&if rank_sort { "p.score DESC, e.id DESC".into() } else { order("e") });
    let rows = DiscussionRow::find_by_statement(sql.build()).all(&db.read).await?;
    Ok((with_tags(&db.read, rows).await?, total))
}

/// One live discussion and its Markdown content; `after_write` reads through
/// the write pool (right after this process changed it).
///
/// # Errors
/// Database failures.
pub async fn one(db: &Db, id: i64, after_write: bool) -> Result<Option<(DiscussionRow, String)>> {
    let conn = if after_write { &db.write } else { &db.read };
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT ").push(COLUMNS).push(", e.content FROM discussions e").push(JOINS).push(" WHERE e.deleted_at IS NULL AND e.id = ").bind(id);
    let Some(found) = DetailRow::find_by_statement(sql.build()).one(conn).await? else { return Ok(None) };
    let row = with_tags(conn, vec![found.row]).await?.pop().ok_or(Error::NotFound)?;
    Ok(Some((row, found.content)))
}

/// A new discussion, its derived texts computed by the caller.
#[derive(Clone, Debug)]
pub struct NewDiscussion {
    /// Author's user id.
    pub author_id: i64,
    /// Title.
    pub title: String,
    /// Markdown content.
    pub content: String,
    /// Plain-text start of the content.
    pub excerpt: String,
    /// Full-text index text: the post's encoded tokens, space-separated.
    pub search_text: String,
    /// Tags in the author's order, distinct ignoring case.
    pub tags: Vec<String>,
}

/// Store a new discussion and its tags in one transaction; returns its id.
///
/// # Errors
/// Database failures.
pub async fn create(db: &Db, new: NewDiscussion) -> Result<i64> {
    let now = Utc::now();
    let txn = db.write.begin().await?;
    let saved = discussion::ActiveModel {
        author_id: Set(new.author_id),
        excerpt: Set(new.excerpt),
        search_text: Set(new.search_text),
        title: Set(new.title),
        content: Set(new.content),
        favorites_count: Set(0),
        comments_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    tags::set_for_discussion(&txn, saved.id, &new.tags).await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// A live discussion as an edit finds it.
#[derive(Clone, Copy, Debug)]
pub struct Current<'a> {
    /// Author's user id.
    pub author_id: i64,
    /// Title.
    pub title: &'a str,
    /// Markdown content.
    pub content: &'a str,
    /// The tags it will have: the new ones if the edit sets them, else its own.
    pub tags: &'a [String],
}

/// The texts of an edited discussion.
#[derive(Clone, Debug)]
pub struct Edit {
    /// Title.
    pub title: String,
    /// Markdown content.
    pub content: String,
    /// Plain-text start of the content.
    pub excerpt: String,
    /// Full-text index text.
    pub search_text: String,
}

/// Edit live discussion `id` in one transaction: `edit` sees it as it is
/// (with the tags it will have) and returns its new texts or an error that
/// cancels the edit (e.g. the caller is not its author); `new_tags`, when
/// given, replace its tags.
///
/// # Errors
/// `NotFound` when there is no live discussion `id`, the error of `edit`,
/// database failures.
pub async fn update(db: &Db, id: i64, new_tags: Option<&[String]>, edit: impl FnOnce(Current<'_>) -> Result<Edit>) -> Result<()> {
    let txn = db.write.begin().await?;
    let current = discussion::Entity::find_by_id(id).one(&txn).await?.filter(|d| d.deleted_at.is_none()).ok_or(Error::NotFound)?;
    let own_tags;
    let tags = match new_tags {
        Some(t) => t,
        None => {
            own_tags = tags::of_discussions(&txn, &[id]).await?.remove(&id).unwrap_or_default();
            &own_tags
        }
    };
    let edited = edit(Current { author_id: current.author_id, title: &current.title, content: &current.content, tags })?;
    if let Some(t) = new_tags {
        tags::set_for_discussion(&txn, id, t).await?;
    }
    let mut am: discussion::ActiveModel = current.into();
    am.excerpt = Set(edited.excerpt);
    am.search_text = Set(edited.search_text);
    am.title = Set(edited.title);
    am.content = Set(edited.content);
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Soft-delete live discussion `id` in one transaction, its tags no longer
/// counting it and the notifications about it gone, if `authorize` accepts its author's user id.
///
/// # Errors
/// `NotFound` when there is no live discussion `id`, the error of
/// `authorize`, database failures.
pub async fn delete(db: &Db, id: i64, authorize: impl FnOnce(i64) -> Result<()>) -> Result<()> {
    let txn = db.write.begin().await?;
    let current = discussion::Entity::find_by_id(id).one(&txn).await?.filter(|d| d.deleted_at.is_none()).ok_or(Error::NotFound)?;
    authorize(current.author_id)?;
    tags::uncount(&txn, id).await?;
    let mut am: discussion::ActiveModel = current.into();
    am.deleted_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    crate::store::notifications::forget_post(&txn, crate::entity::enums::TargetType::Discussion, id).await?;
    txn.commit().await?;
    Ok(())
}
