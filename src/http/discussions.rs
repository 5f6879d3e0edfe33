//! Discussions: posts with up to five tags, the tag list with counts,
//! filters by tag and text, the caller's own. The rules are in
//! [`crate::features::community::discussions`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::community::Author;
use super::{JsonBody, Paged, PageParams, SearchPage, ValidQuery};
use crate::entity::enums::DiscussionSort;
use crate::error::Result;
use crate::features::community::discussions::{self, Discussion, DiscussionWithContent, Draft, ListQuery};
use crate::features::community::Viewer;
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp, MaybeAuthUser};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_discussions, create_discussion))
        .routes(routes!(my_discussions))
        .routes(routes!(get_discussion, update_discussion, delete_discussion))
        .routes(routes!(list_tags))
}

/// A discussion in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiscussionItem {
    pub id: i64,
    pub title: String,
    /// Plain-text start of the content, ≤ 200 characters.
    pub excerpt: String,
    pub tags: Vec<String>,
    pub author: Author,
    pub is_author: bool,
    pub view_count: i64,
    pub favorites: i32,
    pub comments: i32,
    pub is_favorited: bool,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
    /// When the caller favorited it (favorites lists only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favorited_at: Option<ApiTime>,
}

impl DiscussionItem {
    /// `d` as `viewer` reads it in `lang`.
    pub fn new(lang: Lang, viewer: Viewer, d: Discussion) -> DiscussionItem {
        let r = d.row;
        DiscussionItem {
            id: r.id,
            title: r.title,
            excerpt: r.excerpt,
            tags: r.tags,
            author: Author::new(lang, r.author_id, r.author_name, r.author_avatar, r.author_deleted_at.is_some()),
            is_author: viewer.is(r.author_id),
            view_count: r.view_count,
            favorites: r.favorites_count,
            comments: r.comments_count,
            is_favorited: d.is_favorited,
            created_at: r.created_at.into(),
            updated_at: r.updated_at.into(),
            favorited_at: d.favorited_at.map(ApiTime),
        }
    }

    /// A page of `list` as `viewer` reads it in `lang`.
    pub fn page(lang: Lang, viewer: Viewer, (list, total): (Vec<Discussion>, u64), (page, per_page): (u64, u64)) -> Paged<DiscussionItem> {
        Paged { items: list.into_iter().map(|d| DiscussionItem::new(lang, viewer, d)).collect(), total, page, per_page }
    }
}

/// A discussion with its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiscussionDetail {
    #[serde(flatten)]
    pub item: DiscussionItem,
    /// Markdown; render it sanitised.
    pub content: String,
}

impl DiscussionDetail {
    fn new(lang: Lang, viewer: Viewer, d: DiscussionWithContent) -> DiscussionDetail {
        DiscussionDetail { item: DiscussionItem::new(lang, viewer, d.discussion), content: d.content }
    }
}

/// `GET /api/discussions` filters (the page is [`PageParams`]).
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiscussionQuery {
    /// Only discussions with this tag (ignoring case).
    #[validate(length(max = 20))]
    pub tag: Option<String>,
    /// Full-text search over title, content and tags.
    #[validate(length(max = 200))]
    pub q: Option<String>,
    /// `latest` (default; `relevance` with `q`), `popular`, `relevance`.
    #[validate(custom(function = "super::code::<DiscussionSort>"))]
    pub sort: Option<String>,
}

/// List discussions, filtered by tag and text.
#[utoipa::path(get, path = "/api/discussions", tag = "discussions", params(DiscussionQuery, PageParams), responses(
    (status = 200, body = Paged<DiscussionItem>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_discussions(
    State(state): State<AppState>,
    lang: Lang,
    MaybeAuthUser(me): MaybeAuthUser,
    ValidQuery(q): ValidQuery<DiscussionQuery>,
    ValidQuery(p): ValidQuery<PageParams>,
) -> Result<Json<Paged<DiscussionItem>>> {
    let viewer = Viewer::of(me.as_ref());
    let query = ListQuery { q: q.q.as_deref(), tag: q.tag.as_deref(), sort: q.sort.as_deref().and_then(|s| s.parse().ok()), author: None };
    let (page, per_page) = p.resolve();
    let found = discussions::list(&state, viewer, &query, page, per_page).await?;
    Ok(Json(DiscussionItem::page(lang, viewer, found, (page, per_page))))
}

/// The caller's discussions, newest first.
#[utoipa::path(get, path = "/api/discussions/users", tag = "discussions", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<DiscussionItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn my_discussions(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<DiscussionItem>>> {
    let viewer = Viewer::of(Some(&me.0));
    let (page, per_page) = p.resolve();
    let found = discussions::list(&state, viewer, &ListQuery { author: Some(me.user_id), ..Default::default() }, page, per_page).await?;
    Ok(Json(DiscussionItem::page(lang, viewer, found, (page, per_page))))
}

/// One discussion; counts a view.
#[utoipa::path(get, path = "/api/discussions/{id}", tag = "discussions", params(("id" = i64, Path)), responses(
    (status = 200, body = DiscussionDetail), (status = 404, body = crate::error::ErrorBody)))]
async fn get_discussion(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>) -> Result<Json<DiscussionDetail>> {
    let viewer = Viewer::of(me.as_ref());
    Ok(Json(DiscussionDetail::new(lang, viewer, discussions::read(&state, viewer, id).await?)))
}

/// Body of `POST /api/discussions`; `PATCH` takes any subset.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscussionInput {
    /// 1–100 characters.
    pub title: Option<String>,
    /// Markdown, 1–20000 characters.
    pub content: Option<String>,
    /// ≤ 5 tags of 1–20 characters; duplicates (ignoring case) are merged.
    pub tags: Option<Vec<String>>,
}

impl From<DiscussionInput> for Draft {
    fn from(i: DiscussionInput) -> Draft {
        Draft { title: i.title, content: i.content, tags: i.tags }
    }
}

/// Start a discussion. Discussion and tags are written in one transaction.
#[utoipa::path(post, path = "/api/discussions", tag = "discussions", security(("bearer" = [])), request_body = DiscussionInput, responses(
    (status = 201, body = DiscussionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn create_discussion(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, JsonBody(input): JsonBody<DiscussionInput>) -> Result<(StatusCode, Json<DiscussionDetail>)> {
    write_limits::charge(&state, Action::Discussion, Some(&me.0), &ip).await?;
    let created = discussions::create(&state, &me.0, &input.into()).await?;
    Ok((StatusCode::CREATED, Json(DiscussionDetail::new(lang, Viewer::of(Some(&me.0)), created))))
}

/// Edit a discussion (author only).
#[utoipa::path(patch, path = "/api/discussions/{id}", tag = "discussions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = DiscussionInput, responses(
    (status = 200, body = DiscussionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn update_discussion(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>, JsonBody(input): JsonBody<DiscussionInput>) -> Result<Json<DiscussionDetail>> {
    let updated = discussions::update(&state, &me.0, id, &input.into()).await?;
    Ok(Json(DiscussionDetail::new(lang, Viewer::of(Some(&me.0)), updated)))
}

/// Delete a discussion (author or admin); soft, its tags stop counting it.
#[utoipa::path(delete, path = "/api/discussions/{id}", tag = "discussions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_discussion(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    discussions::delete(&state, Viewer::of(Some(&me.0)), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A tag and the number of live discussions carrying it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagCount {
    pub name: String,
    pub count: i32,
}

/// Tags in use, most used first.
#[utoipa::path(get, path = "/api/tags", tag = "discussions", params(SearchPage, PageParams), responses(
    (status = 200, body = Paged<TagCount>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_tags(State(state): State<AppState>, ValidQuery(s): ValidQuery<SearchPage>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<TagCount>>> {
    let (page, per_page) = p.resolve();
    let (tags, total) = discussions::tags(&state, s.text(), page, per_page).await?;
    let items = tags.into_iter().map(|t| TagCount { name: t.name, count: t.count }).collect();
    Ok(Json(Paged { items, total, page, per_page }))
}
