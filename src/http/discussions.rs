//! Discussions (SPEC §3): posts with up to five tags, tag list with counts,
//! filters by tag and text, mine.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::community::Author;
use crate::features::community::{excerpt, Viewer};
use crate::store::favorites::favorited_ids;
use super::{JsonBody, Paged, PageParams, ValidQuery};
use crate::http::auth::{AuthUser, MaybeAuthUser};
use crate::store::sql::Sql;
use crate::entity::{discussion, discussion_tag, tag};
use crate::error::{Error, FieldError, Result};
use crate::i18n::Lang;
use crate::features::search;
use crate::state::AppState;
use crate::store::views::Viewed;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_discussions, create_discussion))
        .routes(routes!(my_discussions))
        .routes(routes!(get_discussion, update_discussion, delete_discussion))
        .routes(routes!(list_tags))
}

/// `target_type` of discussions in comments and favorites.
pub const KIND: &str = "discussion";
/// Tags per discussion.
pub const MAX_TAGS: usize = 5;

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
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: chrono::DateTime<Utc>,
    /// When the caller favorited it (favorites lists only).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::time::ser_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub favorited_at: Option<chrono::DateTime<Utc>>,
}

/// A discussion with its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiscussionDetail {
    #[serde(flatten)]
    pub item: DiscussionItem,
    /// Markdown; render it sanitised.
    pub content: String,
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    author_id: i64,
    title: String,
    excerpt: String,
    view_count: i64,
    favorites_count: i32,
    comments_count: i32,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
    author_name: Option<String>,
    author_avatar: Option<String>,
    author_deleted_at: Option<chrono::DateTime<Utc>>,
}

const COLUMNS: &str = "e.id, e.author_id, e.title, e.excerpt, COALESCE(v.view_count, 0) AS view_count, e.favorites_count, e.comments_count, \
    e.created_at, e.updated_at, u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at";
/// The author and the view count (`view_counts`, [`KIND`]) of `e`.
const JOINS: &str = " LEFT JOIN users u ON u.id = e.author_id LEFT JOIN view_counts v ON v.target_type = 'discussion' AND v.target_id = e.id";

async fn tags_of<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    #[derive(FromQueryResult)]
    struct T {
        discussion_id: i64,
        name: String,
    }
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT dt.discussion_id, t.name FROM discussion_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.discussion_id IN ")
        .bind_list(ids.iter().copied())
        .push(" ORDER BY dt.discussion_id, dt.position");
    for t in T::find_by_statement(sql.build()).all(db).await? {
        out.entry(t.discussion_id).or_default().push(t.name);
    }
    Ok(out)
}

async fn items<C: ConnectionTrait>(db: &C, lang: Lang, viewer: Viewer, rows: Vec<Row>) -> Result<Vec<DiscussionItem>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut tags = tags_of(db, &ids).await?;
    let favs = favorited_ids(db, viewer.user_id, KIND, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| DiscussionItem {
            id: r.id,
            title: r.title,
            excerpt: r.excerpt,
            tags: tags.remove(&r.id).unwrap_or_default(),
            author: Author::new(lang, r.author_id, r.author_name, r.author_avatar, r.author_deleted_at.is_some()),
            is_author: viewer.user_id == Some(r.author_id),
            view_count: r.view_count,
            favorites: r.favorites_count,
            comments: r.comments_count,
            is_favorited: favs.contains(&r.id),
            created_at: r.created_at,
            updated_at: r.updated_at,
            favorited_at: None,
        })
        .collect())
}

fn valid_sort(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "latest" | "popular" | "relevance") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

/// `GET /api/discussions` query.
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
    #[validate(custom(function = "valid_sort"))]
    pub sort: Option<String>,
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: Option<u64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<u64>,
}

async fn list(state: &AppState, lang: Lang, viewer: Viewer, query: &DiscussionQuery, author: Option<i64>) -> Result<Paged<DiscussionItem>> {
    let backend = state.db.backend;
    let (page, per_page) = (query.page.unwrap_or(1), query.per_page.unwrap_or(20));
    let matcher = match query.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(q) => match crate::store::fts::match_arg(backend, &search::query_terms(q)) {
            Some(m) => Some(m),
            None => return Ok(Paged { items: vec![], total: 0, page, per_page }),
        },
        None => None,
    };
    let sort = query.sort.as_deref().unwrap_or(if matcher.is_some() { "relevance" } else { "latest" });
    let fts = crate::store::fts::sql(backend, "discussions", "e");
    let tag = query.tag.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
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
    let total = state.db.count_cached(format!("disc|{matcher:?}|{tag:?}|{author:?}"), count).await?;
    let rank_sort = sort == "relevance" && matcher.is_some();
    let order = |a: &str| match sort {
        "popular" => format!("{a}.favorites_count DESC, {a}.id DESC"),
        _ => format!("{a}.id DESC"),
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
    let rows = Row::find_by_statement(sql.build()).all(&state.db.read).await?;
    Ok(Paged { items: items(&state.db.read, lang, viewer, rows).await?, total, page, per_page })
}

/// List discussions, filtered by tag and text.
#[utoipa::path(get, path = "/api/discussions", tag = "discussions", params(DiscussionQuery), responses(
    (status = 200, body = Paged<DiscussionItem>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_discussions(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, ValidQuery(q): ValidQuery<DiscussionQuery>) -> Result<Json<Paged<DiscussionItem>>> {
    Ok(Json(list(&state, lang, Viewer::of(me.as_ref()), &q, None).await?))
}

/// The caller's discussions, newest first.
#[utoipa::path(get, path = "/api/discussions/users", tag = "discussions", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<DiscussionItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn my_discussions(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<DiscussionItem>>> {
    let q = DiscussionQuery { page: p.page, per_page: p.per_page, ..Default::default() };
    Ok(Json(list(&state, lang, Viewer::of(Some(&me.0)), &q, Some(me.user_id)).await?))
}

/// One live discussion; `written` reads through the write pool (after a write).
pub(crate) async fn fetch(state: &AppState, lang: Lang, viewer: Viewer, id: i64, written: bool) -> Result<DiscussionDetail> {
    let db = if written { &state.db.write } else { &state.db.read };
    let mut sql = Sql::new(state.db.backend);
    sql.push("SELECT ").push(COLUMNS).push(", e.content FROM discussions e").push(JOINS).push(" WHERE e.deleted_at IS NULL AND e.id = ").bind(id);
    let stmt = sql.build();
    let row = Row::find_by_statement(stmt.clone()).one(db).await?.ok_or(Error::NotFound)?;
    #[derive(FromQueryResult)]
    struct C {
        content: String,
    }
    let content = C::find_by_statement(stmt).one(db).await?.map(|c| c.content).unwrap_or_default();
    let item = items(db, lang, viewer, vec![row]).await?.pop().ok_or(Error::NotFound)?;
    Ok(DiscussionDetail { item, content })
}

/// One discussion; counts a view.
#[utoipa::path(get, path = "/api/discussions/{id}", tag = "discussions", params(("id" = i64, Path)), responses(
    (status = 200, body = DiscussionDetail), (status = 404, body = crate::error::ErrorBody)))]
async fn get_discussion(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>) -> Result<Json<DiscussionDetail>> {
    let mut d = fetch(&state, lang, Viewer::of(me.as_ref()), id, false).await?;
    d.item.view_count += state.views.record(Viewed::Discussion, id);
    Ok(Json(d))
}

/// Body of `POST /api/discussions`; `PATCH` takes any subset.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscussionInput {
    /// 1–100 characters.
    pub title: Option<String>,
    /// Markdown, 1–20000 characters.
    pub content: Option<String>,
    /// ≤ 5 tags of 1–20 characters; duplicates (ignoring case) are merged.
    pub tags: Option<Vec<String>>,
}

struct Checked {
    title: Option<String>,
    content: Option<String>,
    tags: Option<Vec<String>>,
}

fn check(input: &DiscussionInput, creating: bool) -> Result<Checked> {
    let mut errors = super::validation_fields(input);
    let mut text = |field: &str, v: Option<&String>, max: usize| {
        let v = v.map(|s| s.trim().to_owned());
        match &v {
            None if creating => errors.entry(field.into()).or_default().push(FieldError { code: "required", params: vec![] }),
            Some(s) if s.is_empty() || s.chars().count() > max => errors
                .entry(field.into())
                .or_default()
                .push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", max.to_string())] }),
            _ => {}
        }
        v
    };
    let title = text("title", input.title.as_ref(), 100);
    let content = text("content", input.content.as_ref(), 20_000);
    let tags = input.tags.as_ref().map(|list| {
        let mut seen = std::collections::HashSet::new();
        let tags: Vec<String> = list.iter().map(|t| t.trim().trim_start_matches('#').to_owned()).filter(|t| !t.is_empty() && seen.insert(t.to_lowercase())).collect();
        if tags.len() > MAX_TAGS {
            errors.entry("tags".into()).or_default().push(FieldError { code: "max_items", params: vec![("max", MAX_TAGS.to_string())] });
        }
        if tags.iter().any(|t| t.chars().count() > 20) {
            errors.entry("tags".into()).or_default().push(FieldError { code: "max_length", params: vec![("max", "20".into())] });
        }
        tags
    });
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(Checked { title, content, tags })
}

/// Replace the tags of `discussion_id` (inside `txn`), keeping `usage_count` exact.
async fn set_tags<C: ConnectionTrait>(txn: &C, discussion_id: i64, tags: &[String]) -> Result<()> {
    let old: Vec<i64> = discussion_tag::Entity::find()
        .filter(discussion_tag::Column::DiscussionId.eq(discussion_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| t.tag_id)
        .collect();
    if !old.is_empty() {
        discussion_tag::Entity::delete_many().filter(discussion_tag::Column::DiscussionId.eq(discussion_id)).exec(txn).await?;
        tag::Entity::update_many()
            .col_expr(tag::Column::UsageCount, Expr::col(tag::Column::UsageCount).sub(1))
            .filter(tag::Column::Id.is_in(old))
            .exec(txn)
            .await?;
    }
    let now = Utc::now();
    for (position, name) in tags.iter().enumerate() {
        let key = name.to_lowercase();
        tag::Entity::insert(tag::ActiveModel {
            name: Set(name.clone()),
            name_key: Set(key.clone()),
            usage_count: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(tag::Column::NameKey).do_nothing_on([tag::Column::NameKey]).to_owned())
        .exec_without_returning(txn)
        .await?;
        let t = tag::Entity::find().filter(tag::Column::NameKey.eq(key)).one(txn).await?.ok_or(Error::NotFound)?;
        discussion_tag::ActiveModel { discussion_id: Set(discussion_id), tag_id: Set(t.id), position: Set(position as i32), created_at: Set(now), updated_at: Set(now) }
            .insert(txn)
            .await?;
        tag::Entity::update_many()
            .col_expr(tag::Column::UsageCount, Expr::col(tag::Column::UsageCount).add(1))
            .filter(tag::Column::Id.eq(t.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

fn search_text(title: &str, content: &str, tags: &[String]) -> String {
    search::index_text(&[title, content, &tags.join(" ")])
}

/// Start a discussion. Discussion and tags are written in one transaction.
#[utoipa::path(post, path = "/api/discussions", tag = "discussions", security(("bearer" = [])), request_body = DiscussionInput, responses(
    (status = 201, body = DiscussionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn create_discussion(State(state): State<AppState>, lang: Lang, me: AuthUser, JsonBody(input): JsonBody<DiscussionInput>) -> Result<(StatusCode, Json<DiscussionDetail>)> {
    let c = check(&input, true)?;
    let (title, content, tags) = (c.title.unwrap_or_default(), c.content.unwrap_or_default(), c.tags.unwrap_or_default());
    let now = Utc::now();
    let txn = state.db.write.begin().await?;
    let saved = discussion::ActiveModel {
        author_id: Set(me.user_id),
        excerpt: Set(excerpt(&content, 200)),
        search_text: Set(search_text(&title, &content, &tags)),
        title: Set(title),
        content: Set(content),
        favorites_count: Set(0),
        comments_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    set_tags(&txn, saved.id, &tags).await?;
    txn.commit().await?;
    state.db.forget_totals();
    Ok((StatusCode::CREATED, Json(fetch(&state, lang, Viewer::of(Some(&me.0)), saved.id, true).await?)))
}

/// Edit a discussion (author only).
#[utoipa::path(patch, path = "/api/discussions/{id}", tag = "discussions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = DiscussionInput, responses(
    (status = 200, body = DiscussionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn update_discussion(State(state): State<AppState>, lang: Lang, me: AuthUser, Path(id): Path<i64>, JsonBody(input): JsonBody<DiscussionInput>) -> Result<Json<DiscussionDetail>> {
    let c = check(&input, false)?;
    let txn = state.db.write.begin().await?;
    let current = discussion::Entity::find_by_id(id).one(&txn).await?.filter(|d| d.deleted_at.is_none()).ok_or(Error::NotFound)?;
    if current.author_id != me.user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    let tags = match c.tags {
        Some(t) => {
            set_tags(&txn, id, &t).await?;
            t
        }
        None => tags_of(&txn, &[id]).await?.remove(&id).unwrap_or_default(),
    };
    let title = c.title.unwrap_or_else(|| current.title.clone());
    let content = c.content.unwrap_or_else(|| current.content.clone());
    let mut am: discussion::ActiveModel = current.into();
    am.excerpt = Set(excerpt(&content, 200));
    am.search_text = Set(search_text(&title, &content, &tags));
    am.title = Set(title);
    am.content = Set(content);
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    txn.commit().await?;
    state.db.forget_totals();
    Ok(Json(fetch(&state, lang, Viewer::of(Some(&me.0)), id, true).await?))
}

/// Delete a discussion (author or admin); soft, its tags stop counting it.
#[utoipa::path(delete, path = "/api/discussions/{id}", tag = "discussions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_discussion(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    let txn = state.db.write.begin().await?;
    let current = discussion::Entity::find_by_id(id).one(&txn).await?.filter(|d| d.deleted_at.is_none()).ok_or(Error::NotFound)?;
    if !Viewer::of(Some(&me.0)).may_delete(current.author_id) {
        return Err(Error::Forbidden("forbidden"));
    }
    let tag_ids: Vec<i64> = discussion_tag::Entity::find().filter(discussion_tag::Column::DiscussionId.eq(id)).all(&txn).await?.into_iter().map(|t| t.tag_id).collect();
    if !tag_ids.is_empty() {
        tag::Entity::update_many()
            .col_expr(tag::Column::UsageCount, Expr::col(tag::Column::UsageCount).sub(1))
            .filter(tag::Column::Id.is_in(tag_ids))
            .exec(&txn)
            .await?;
    }
    let mut am: discussion::ActiveModel = current.into();
    am.deleted_at = Set(Some(Utc::now()));
    am.update(&txn).await?;
    txn.commit().await?;
    state.db.forget_totals();
    Ok(StatusCode::NO_CONTENT)
}

/// A tag and the number of live discussions carrying it.
#[derive(Debug, Serialize, ToSchema, FromQueryResult)]
pub struct TagCount {
    pub name: String,
    pub count: i32,
}

/// Tags in use, most used first.
#[utoipa::path(get, path = "/api/tags", tag = "discussions", params(super::SearchPage, PageParams), responses(
    (status = 200, body = Paged<TagCount>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_tags(State(state): State<AppState>, ValidQuery(p): ValidQuery<super::SearchPage>, ValidQuery(pages): ValidQuery<PageParams>) -> Result<Json<Paged<TagCount>>> {
    let (page, per_page) = pages.resolve();
    let filter = |sql: &mut Sql| {
        sql.push(" FROM tags WHERE usage_count > 0");
        if let Some(q) = p.text() {
            sql.push(" AND name_key LIKE ").bind(crate::store::sql::like(&q.to_lowercase())).push(" ESCAPE '!'");
        }
    };
    let mut count = Sql::new(state.db.backend);
    count.push("SELECT COUNT(*) AS n");
    filter(&mut count);
    let total = state.db.count_cached(format!("tags|{:?}", p.q), count).await?;
    let mut sql = Sql::new(state.db.backend);
    sql.push("SELECT name, usage_count AS count");
    filter(&mut sql);
    sql.push(" ORDER BY usage_count DESC, name LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let items = TagCount::find_by_statement(sql.build()).all(&state.db.read).await?;
    Ok(Json(Paged { items, total, page, per_page }))
}
