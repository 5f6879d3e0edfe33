//! Comments on experiences and discussions with one level of replies
//! (`parent_id`). The rules (who edits and deletes, soft deletion, the
//! target's counter, the anonymous author of an anonymous 面经) are in
//! [`crate::features::community::comments`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::community::Author;
use super::{code, Paged, PageParams, ValidJson, ValidQuery};
use crate::entity::enums::{CommentSort, TargetType};
use crate::error::Result;
use crate::features::community::comments::{self, CommentView, Thread};
use crate::features::community::Viewer;
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp, MaybeAuthUser};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_experience_comments, create_experience_comment))
        .routes(routes!(list_discussion_comments, create_discussion_comment))
        .routes(routes!(update_comment, delete_comment))
}

/// A comment, with its replies when it is top-level.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    /// Empty when deleted.
    pub content: String,
    /// `null` for a comment by the author of an anonymous 面经 (shown as
    /// the anonymous author, 楼主), except to that author and admins.
    pub author: Option<Author>,
    /// Written by the author of the post it is on (楼主 / OP).
    pub op: bool,
    /// The caller wrote it.
    pub is_author: bool,
    pub parent_id: Option<i64>,
    /// Deleted but kept because it has replies.
    pub deleted: bool,
    /// How many users count it helpful (有帮助).
    pub helpful: i32,
    /// The caller counts it helpful.
    pub is_helpful: bool,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
    /// Replies, oldest first (top-level comments only).
    #[schema(no_recursion)]
    pub replies: Vec<Comment>,
}

impl Comment {
    /// `v` in `lang` (without replies).
    fn new(lang: Lang, v: CommentView) -> Comment {
        let row = v.row;
        Comment {
            id: row.id,
            content: row.content,
            author: v.author_visible.then(|| Author::new(lang, row.author_id, row.author_name, row.author_avatar, row.author_deleted_at.is_some())),
            op: v.op,
            is_author: v.is_author,
            parent_id: row.parent_id,
            deleted: row.deleted_at.is_some(),
            helpful: row.helpful_count,
            is_helpful: v.helpful,
            created_at: row.created_at.into(),
            updated_at: row.updated_at.into(),
            replies: Vec::new(),
        }
    }

    fn thread(lang: Lang, t: Thread) -> Comment {
        let mut c = Comment::new(lang, t.comment);
        c.replies = t.replies.into_iter().map(|r| Comment::new(lang, r)).collect();
        c
    }
}

/// `GET …/comments` order (the page is [`PageParams`]).
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentQuery {
    /// `oldest` (default) or `helpful` (most "有帮助" votes first); replies
    /// stay oldest first under their comment.
    #[validate(custom(function = "code::<CommentSort>"))]
    pub sort: Option<String>,
}

async fn list(state: &AppState, lang: Lang, viewer: Viewer, target: TargetType, id: i64, q: &CommentQuery, p: &PageParams) -> Result<Paged<Comment>> {
    let (page, per_page) = p.resolve();
    let sort = q.sort.as_deref().and_then(|s| s.parse().ok()).unwrap_or(CommentSort::Oldest);
    let (threads, total) = comments::list(state, viewer, target, id, sort, page, per_page).await?;
    Ok(Paged { items: threads.into_iter().map(|t| Comment::thread(lang, t)).collect(), total, page, per_page })
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

async fn create(state: &AppState, lang: Lang, me: &AuthUser, ip: &str, target: TargetType, id: i64, input: CommentInput) -> Result<(StatusCode, Json<Comment>)> {
    write_limits::charge(state, Action::Comment, Some(&me.0), ip).await?;
    let saved = comments::create(state, &me.0, target, id, &input.content, input.parent_id).await?;
    Ok((StatusCode::CREATED, Json(Comment::new(lang, saved))))
}

/// Comments on a 面经: top-level comments oldest first (or most helpful
/// first with `sort=helpful`), each with its replies.
/// On an anonymous 面经 its author's comments have `author: null` and
/// `op: true`, except for that author and admins.
#[utoipa::path(get, path = "/api/experiences/{id}/comments", tag = "comments", params(("id" = i64, Path), CommentQuery, PageParams), responses(
    (status = 200, body = Paged<Comment>), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn list_experience_comments(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>, ValidQuery(q): ValidQuery<CommentQuery>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Comment>>> {
    Ok(Json(list(&state, lang, Viewer::of(me.as_ref()), TargetType::Experience, id, &q, &p).await?))
}

/// Comment on a 面经 or reply to one of its comments.
#[utoipa::path(post, path = "/api/experiences/{id}/comments", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CommentInput, responses(
    (status = 201, body = Comment), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn create_experience_comment(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>, ValidJson(input): ValidJson<CommentInput>) -> Result<(StatusCode, Json<Comment>)> {
    create(&state, lang, &me, &ip, TargetType::Experience, id, input).await
}

/// Comments on a discussion, ordered as on a 面经.
#[utoipa::path(get, path = "/api/discussions/{id}/comments", tag = "comments", params(("id" = i64, Path), CommentQuery, PageParams), responses(
    (status = 200, body = Paged<Comment>), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn list_discussion_comments(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>, ValidQuery(q): ValidQuery<CommentQuery>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Comment>>> {
    Ok(Json(list(&state, lang, Viewer::of(me.as_ref()), TargetType::Discussion, id, &q, &p).await?))
}

/// Comment on a discussion or reply to one of its comments.
#[utoipa::path(post, path = "/api/discussions/{id}/comments", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CommentInput, responses(
    (status = 201, body = Comment), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn create_discussion_comment(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>, ValidJson(input): ValidJson<CommentInput>) -> Result<(StatusCode, Json<Comment>)> {
    create(&state, lang, &me, &ip, TargetType::Discussion, id, input).await
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
    let edited = comments::edit(&state, &me.0, id, &input.content).await?;
    Ok(Json(Comment::new(lang, edited)))
}

/// Delete a comment (its author or an admin).
#[utoipa::path(delete, path = "/api/comments/{id}", tag = "comments", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_comment(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    comments::delete(&state, Viewer::of(Some(&me.0)), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
