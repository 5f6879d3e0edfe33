//! Comments on experiences and discussions with one level of replies
//! (`parent_id`). Only the author edits; the author or an admin deletes.
//! Deletion is soft: a deleted comment with live replies stays in the thread
//! as `deleted: true` with empty content, and the target's `comments`
//! counter moves in the same transaction as the comment.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, FromQueryResult, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::community::Author;
use crate::features::community::Viewer;
use super::{Paged, PageParams, ValidJson, ValidQuery};
use crate::http::auth::{AuthUser, MaybeAuthUser};
use crate::store::sql::Sql;
use crate::entity::comment;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_experience_comments, create_experience_comment))
        .routes(routes!(list_discussion_comments, create_discussion_comment))
        .routes(routes!(update_comment, delete_comment))
}

/// What a comment is on.
#[derive(Clone, Copy, Debug)]
enum On {
    Experience,
    Discussion,
}

impl On {
    fn kind(self) -> &'static str {
        match self {
            On::Experience => "experience",
            On::Discussion => "discussion",
        }
    }
    fn table(self) -> &'static str {
        match self {
            On::Experience => "experiences",
            On::Discussion => "discussions",
        }
    }
    fn from_kind(kind: &str) -> On {
        if kind == "discussion" { On::Discussion } else { On::Experience }
    }
}

/// A comment, with its replies when it is top-level.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    /// Empty when deleted.
    pub content: String,
    pub author: Author,
    pub is_author: bool,
    pub parent_id: Option<i64>,
    /// Deleted but kept because it has replies.
    pub deleted: bool,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: chrono::DateTime<Utc>,
    /// Replies, oldest first (top-level comments only).
    #[schema(no_recursion)]
    pub replies: Vec<Comment>,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    author_id: i64,
    parent_id: Option<i64>,
    content: String,
    deleted_at: Option<chrono::DateTime<Utc>>,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
    author_name: Option<String>,
    author_avatar: Option<String>,
    author_deleted_at: Option<chrono::DateTime<Utc>>,
}

const COLUMNS: &str = "c.id, c.author_id, c.parent_id, c.content, c.deleted_at, c.created_at, c.updated_at, \
    u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at";

impl Row {
    fn into_comment(self, lang: Lang, viewer: Viewer) -> Comment {
        let deleted = self.deleted_at.is_some();
        Comment {
            id: self.id,
            content: if deleted { String::new() } else { self.content },
            author: Author::new(lang, self.author_id, self.author_name, self.author_avatar, self.author_deleted_at.is_some()),
            is_author: viewer.user_id == Some(self.author_id),
            parent_id: self.parent_id,
            deleted,
            created_at: self.created_at,
            updated_at: self.updated_at,
            replies: Vec::new(),
        }
    }
}

#[derive(FromQueryResult)]
struct N {
    n: i64,
}

async fn target_exists<C: ConnectionTrait>(db: &C, on: On, id: i64) -> Result<()> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("SELECT COUNT(*) AS n FROM {} WHERE deleted_at IS NULL AND id = ", on.table())).bind(id);
    match N::find_by_statement(sql.build()).one(db).await? {
        Some(N { n }) if n > 0 => Ok(()),
        _ => Err(Error::NotFound),
    }
}

async fn list(state: &AppState, lang: Lang, viewer: Viewer, on: On, id: i64, p: &PageParams) -> Result<Paged<Comment>> {
    let (page, per_page) = p.resolve();
    target_exists(&state.db.read, on, id).await?;
    let backend = state.db.backend;
    let filter = |sql: &mut Sql| {
        sql.push(" FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.target_type = ")
            .bind(on.kind())
            .push(" AND c.target_id = ")
            .bind(id)
            .push(" AND c.parent_id IS NULL AND (c.deleted_at IS NULL OR EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id AND r.deleted_at IS NULL))");
    };
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n");
    filter(&mut count);
    let total = N::find_by_statement(count.build()).one(&state.db.read).await?.map_or(0, |c| c.n.max(0) as u64);
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(COLUMNS);
    filter(&mut sql);
    sql.push(" ORDER BY c.id LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let top = Row::find_by_statement(sql.build()).all(&state.db.read).await?;
    let ids: Vec<i64> = top.iter().map(|r| r.id).collect();
    let mut replies: HashMap<i64, Vec<Comment>> = HashMap::new();
    if !ids.is_empty() {
        let mut sql = Sql::new(backend);
        sql.push("SELECT ").push(COLUMNS).push(" FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.deleted_at IS NULL AND c.parent_id IN ");
        sql.bind_list(ids.iter().copied()).push(" ORDER BY c.id");
        for r in Row::find_by_statement(sql.build()).all(&state.db.read).await? {
            let parent = r.parent_id.unwrap_or_default();
            replies.entry(parent).or_default().push(r.into_comment(lang, viewer));
        }
    }
    let items = top
        .into_iter()
        .map(|r| {
            let id = r.id;
            let mut c = r.into_comment(lang, viewer);
            c.replies = replies.remove(&id).unwrap_or_default();
            c
        })
        .collect();
    Ok(Paged { items, total, page, per_page })
}

/// `POST …/comments` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentInput {
    /// 1–5000 characters.
    #[validate(length(min = 1, max = 5000))]
    pub content: String,
    /// Reply to this comment (a reply to a reply joins the same thread).
    pub parent_id: Option<i64>,
}

async fn create(state: &AppState, lang: Lang, me: &AuthUser, on: On, id: i64, input: CommentInput) -> Result<Comment> {
    let content = input.content.trim().to_owned();
    if content.is_empty() {
        return Err(Error::field("content", "not_empty"));
    }
    let txn = state.db.write.begin().await?;
    target_exists(&txn, on, id).await?;
    let parent_id = match input.parent_id {
        None => None,
        Some(pid) => {
            let parent = comment::Entity::find_by_id(pid)
                .one(&txn)
                .await?
                .filter(|c| c.target_type == on.kind() && c.target_id == id && c.deleted_at.is_none())
                .ok_or_else(|| Error::field("parent_id", "not_found"))?;
            Some(parent.parent_id.unwrap_or(parent.id))
        }
    };
    let now = Utc::now();
    let saved = comment::ActiveModel {
        target_type: Set(on.kind().into()),
        target_id: Set(id),
        author_id: Set(me.user_id),
        parent_id: Set(parent_id),
        content: Set(content),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut sql = Sql::new(state.db.backend);
    sql.push(&format!("UPDATE {} SET comments_count = comments_count + 1 WHERE id = ", on.table())).bind(id);
    txn.execute_raw(sql.build()).await?;
    txn.commit().await?;
    crate::features::experiences::changed(&state);
    one(state, lang, Viewer::of(Some(&me.0)), saved.id).await
}

async fn one(state: &AppState, lang: Lang, viewer: Viewer, id: i64) -> Result<Comment> {
    let mut sql = Sql::new(state.db.backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.id = ").bind(id);
    Ok(Row::find_by_statement(sql.build()).one(&state.db.write).await?.ok_or(Error::NotFound)?.into_comment(lang, viewer))
}

/// Comments on a 面经: top-level comments oldest first, each with its replies.
#[utoipa::path(get, path = "/api/experiences/{id}/comments", tag = "comments", params(("id" = i64, Path), PageParams), responses(
    (status = 200, body = Paged<Comment>), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn list_experience_comments(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Comment>>> {
    Ok(Json(list(&state, lang, Viewer::of(me.as_ref()), On::Experience, id, &p).await?))
}

/// Comment on a 面经 or reply to one of its comments.
#[utoipa::path(post, path = "/api/experiences/{id}/comments", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CommentInput, responses(
    (status = 201, body = Comment), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn create_experience_comment(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>, ValidJson(input): ValidJson<CommentInput>) -> Result<(StatusCode, Json<Comment>)> {
    Ok((StatusCode::CREATED, Json(create(&state, lang, &me, On::Experience, id, input).await?)))
}

/// Comments on a discussion.
#[utoipa::path(get, path = "/api/discussions/{id}/comments", tag = "comments", params(("id" = i64, Path), PageParams), responses(
    (status = 200, body = Paged<Comment>), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn list_discussion_comments(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Comment>>> {
    Ok(Json(list(&state, lang, Viewer::of(me.as_ref()), On::Discussion, id, &p).await?))
}

/// Comment on a discussion or reply to one of its comments.
#[utoipa::path(post, path = "/api/discussions/{id}/comments", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CommentInput, responses(
    (status = 201, body = Comment), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn create_discussion_comment(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>, ValidJson(input): ValidJson<CommentInput>) -> Result<(StatusCode, Json<Comment>)> {
    Ok((StatusCode::CREATED, Json(create(&state, lang, &me, On::Discussion, id, input).await?)))
}

/// `PATCH /api/comments/{id}` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentEdit {
    /// 1–5000 characters.
    #[validate(length(min = 1, max = 5000))]
    pub content: String,
}

/// Edit a comment (author only).
#[utoipa::path(patch, path = "/api/comments/{id}", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CommentEdit, responses(
    (status = 200, body = Comment), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn update_comment(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>, ValidJson(input): ValidJson<CommentEdit>) -> Result<Json<Comment>> {
    let content = input.content.trim().to_owned();
    if content.is_empty() {
        return Err(Error::field("content", "not_empty"));
    }
    let current = comment::Entity::find_by_id(id).one(&state.db.write).await?.filter(|c| c.deleted_at.is_none()).ok_or(Error::NotFound)?;
    if current.author_id != me.user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    let mut am: comment::ActiveModel = current.into();
    am.content = Set(content);
    am.updated_at = Set(Utc::now());
    am.update(&state.db.write).await?;
    Ok(Json(one(&state, lang, Viewer::of(Some(&me.0)), id).await?))
}

/// Delete a comment (its author or an admin).
#[utoipa::path(delete, path = "/api/comments/{id}", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_comment(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    let txn = state.db.write.begin().await?;
    let current = comment::Entity::find_by_id(id).one(&txn).await?.filter(|c| c.deleted_at.is_none()).ok_or(Error::NotFound)?;
    if !Viewer::of(Some(&me.0)).may_delete(current.author_id) {
        return Err(Error::Forbidden("forbidden"));
    }
    let on = On::from_kind(&current.target_type);
    let target = current.target_id;
    let mut sql = Sql::new(state.db.backend);
    sql.push("UPDATE comments SET deleted_at = ").bind(Utc::now()).push(" WHERE deleted_at IS NULL AND id = ").bind(id);
    let res = txn.execute_raw(sql.build()).await?;
    if res.rows_affected() == 1 {
        let mut sql = Sql::new(state.db.backend);
        sql.push(&format!("UPDATE {} SET comments_count = comments_count - 1 WHERE id = ", on.table())).bind(target);
        txn.execute_raw(sql.build()).await?;
    }
    txn.commit().await?;
    crate::features::experiences::changed(&state);
    Ok(StatusCode::NO_CONTENT)
}
