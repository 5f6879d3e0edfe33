//! 面经 (SPEC §3 "Experiences"): list with filters, search and sorts; create,
//! detail (counts a view), edit (author), delete (author or admin), mine, and
//! company autocomplete.
//!
//! Lists use a deferred join: the page of ids comes from an index first and
//! the rows are joined afterwards (BENCH.md: 20–60× faster at deep pages);
//! counters are maintained columns, never `COUNT(*)` per row.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::community::Author;
use crate::features::community::{excerpt, Viewer};
use crate::store::favorites::favorited_ids;
use super::{JsonBody, Paged, ValidQuery};
use crate::http::auth::{AuthUser, MaybeAuthUser};
use crate::store::sql::Sql;
use crate::entity::{career, experience};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::i18n::Lang;
use crate::features::read_cache::{ReadCache, Weigh};
use crate::features::search;
use crate::state::AppState;
use crate::store::views::Viewed;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_experiences, create_experience))
        .routes(routes!(my_experiences))
        .routes(routes!(get_experience, update_experience, delete_experience))
        .routes(routes!(list_companies))
}

/// `target_type` of experiences in comments and favorites.
pub const KIND: &str = "experience";

fn valid_result(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "offer" | "rejected" | "pending") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

fn valid_difficulty(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "easy" | "medium" | "hard") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

fn valid_sort(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "latest" | "popular" | "top_rated" | "relevance") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

/// A 面经 in a list: no content, an excerpt instead.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExperienceItem {
    pub id: i64,
    pub title: String,
    pub company: String,
    pub position: Option<String>,
    pub career_id: Option<i64>,
    pub career_name: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub interview_date: Option<NaiveDate>,
    /// `offer` | `rejected` | `pending`.
    pub interview_result: Option<String>,
    /// `easy` | `medium` | `hard`.
    pub interview_difficulty: Option<String>,
    /// 1–5.
    pub interview_evaluation: Option<i16>,
    /// Plain-text start of the content, ≤ 200 characters.
    pub excerpt: String,
    pub question_count: i32,
    pub anonymous: bool,
    /// `null` for anonymous posts, except for their author and admins.
    pub author: Option<Author>,
    pub is_author: bool,
    pub view_count: i64,
    pub favorites: i32,
    pub comments: i32,
    pub is_favorited: bool,
    /// Where an imported post comes from (`owner/repo`), with its licence.
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub license: Option<String>,
    pub lang: String,
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

/// A 面经 with everything.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExperienceDetail {
    #[serde(flatten)]
    pub item: ExperienceItem,
    /// The questions asked, in order.
    pub interview_questions: Vec<String>,
    /// Markdown; render it sanitised.
    pub content: String,
}

/// Joined row of a list or detail query.
#[derive(Clone, Debug, FromQueryResult)]
pub struct Row {
    id: i64,
    author_id: i64,
    title: String,
    company: String,
    position: Option<String>,
    career_id: Option<i64>,
    career_name: Option<String>,
    interview_date: Option<NaiveDate>,
    interview_result: Option<String>,
    interview_difficulty: Option<String>,
    interview_evaluation: Option<i16>,
    excerpt: String,
    question_count: i32,
    anonymous: bool,
    view_count: i64,
    favorites_count: i32,
    comments_count: i32,
    source: Option<String>,
    source_path: Option<String>,
    license: Option<String>,
    lang: String,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
    author_name: Option<String>,
    author_avatar: Option<String>,
    author_deleted_at: Option<chrono::DateTime<Utc>>,
}

const COLUMNS: &str = "e.id, e.author_id, e.title, e.company, e.position, e.career_id, c.name AS career_name, \
    e.interview_date, e.interview_result, e.interview_difficulty, e.interview_evaluation, e.excerpt, e.question_count, \
    e.anonymous, COALESCE(v.view_count, 0) AS view_count, e.favorites_count, e.comments_count, e.source, e.source_path, e.license, e.lang, \
    e.created_at, e.updated_at, u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at";
/// The author, the career and the view count (`view_counts`, [`KIND`]) of `e`.
const JOINS: &str = " LEFT JOIN users u ON u.id = e.author_id LEFT JOIN careers c ON c.id = e.career_id \
    LEFT JOIN view_counts v ON v.target_type = 'experience' AND v.target_id = e.id";

impl Weigh for Row {
    fn weigh(&self) -> usize {
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        200 + self.title.len() + self.company.len() + self.excerpt.len() + opt(&self.position) + opt(&self.career_name)
            + opt(&self.source) + opt(&self.source_path) + opt(&self.license) + opt(&self.author_name) + opt(&self.author_avatar)
    }
}

impl Row {
    fn into_item(self, lang: Lang, viewer: Viewer, favorited: bool) -> ExperienceItem {
        let author = (!self.anonymous || viewer.sees_author(self.author_id)).then(|| {
            Author::new(lang, self.author_id, self.author_name, self.author_avatar, self.author_deleted_at.is_some())
        });
        ExperienceItem {
            id: self.id,
            title: self.title,
            company: self.company,
            position: self.position,
            career_id: self.career_id,
            career_name: self.career_name,
            interview_date: self.interview_date,
            interview_result: self.interview_result,
            interview_difficulty: self.interview_difficulty,
            interview_evaluation: self.interview_evaluation,
            excerpt: self.excerpt,
            question_count: self.question_count,
            anonymous: self.anonymous,
            author,
            is_author: viewer.user_id == Some(self.author_id),
            view_count: self.view_count,
            favorites: self.favorites_count,
            comments: self.comments_count,
            is_favorited: favorited,
            source: self.source,
            source_path: self.source_path,
            license: self.license,
            lang: self.lang,
            created_at: self.created_at,
            updated_at: self.updated_at,
            favorited_at: None,
        }
    }
}

/// `GET /api/experiences` query.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExperienceQuery {
    /// Exact company name, ignoring case (see `GET /api/companies`).
    #[validate(length(max = 100))]
    pub company: Option<String>,
    /// Part of the position.
    #[validate(length(max = 100))]
    pub position: Option<String>,
    pub career_id: Option<i64>,
    /// `offer` | `rejected` | `pending`.
    #[validate(custom(function = "valid_result"))]
    pub result: Option<String>,
    /// `easy` | `medium` | `hard`.
    #[validate(custom(function = "valid_difficulty"))]
    pub difficulty: Option<String>,
    /// Full-text search (Chinese segmented with jieba, English by words); every word must match.
    #[validate(length(max = 200))]
    pub q: Option<String>,
    /// `latest` (default; `relevance` when `q` is given), `popular` (most
    /// favorited), `top_rated` (highest interview evaluation), `relevance`.
    #[validate(custom(function = "valid_sort"))]
    pub sort: Option<String>,
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: Option<u64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<u64>,
}

fn order_by(backend: DbBackend, sort: &str, alias: &str) -> String {
    match sort {
        "popular" => format!("{alias}.favorites_count DESC, {alias}.id DESC"),
        "top_rated" if backend == DbBackend::Postgres => format!("{alias}.interview_evaluation DESC NULLS LAST, {alias}.id DESC"),
        "top_rated" => format!("{alias}.interview_evaluation DESC, {alias}.id DESC"),
        _ => format!("{alias}.id DESC"),
    }
}

/// What a list page depends on besides the viewer: the cache key of
/// [`Reads::lists`]. Text filters are trimmed and the company lower-cased, so
/// equivalent queries share an entry.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct ListKey {
    matcher: Option<String>,
    company: Option<String>,
    position: Option<String>,
    career_id: Option<i64>,
    result: Option<String>,
    difficulty: Option<String>,
    author: Option<i64>,
    sort: String,
    page: u64,
    per_page: u64,
}

/// The viewer-independent part of a list response.
pub struct ListPage {
    rows: Vec<Row>,
    total: u64,
}

impl Weigh for ListPage {
    fn weigh(&self) -> usize {
        self.rows.iter().map(Weigh::weigh).sum()
    }
}

/// A 面经 with its content, before per-viewer fields are added.
pub struct DetailRow {
    row: Row,
    content: String,
    interview_questions: String,
}

impl Weigh for DetailRow {
    fn weigh(&self) -> usize {
        self.row.weigh() + self.content.len() + self.interview_questions.len()
    }
}

/// Slots of the details' admission filter ([`ReadCache::admit_repeats`]): at
/// 12,000 reads/s spread evenly over 100,000 posts about 4 % of the reads
/// are admitted; a post read more than a few times a second is cached from
/// its second read.
const DETAIL_ADMISSION_SLOTS: usize = 4096;

/// Cached public reads of 面经 (see [`crate::features::read_cache`]): list pages by
/// [`ListKey`] as rows (⅛ of the budget) and, for logged-out callers, as
/// serialized JSON per language (⅛); details by id (¾), from their second
/// read in a short window.
pub struct Reads {
    /// List pages, search results included (per-viewer fields added per request).
    pub lists: ReadCache<ListKey, ListPage>,
    /// The JSON body of list pages as a logged-out caller sees them.
    pub anonymous_lists: ReadCache<(ListKey, Lang), JsonBytes>,
    /// Details by id.
    pub details: ReadCache<i64, Option<DetailRow>>,
    /// Names of career ids known to exist (kept 60 s).
    pub careers: moka::future::Cache<i64, String>,
}

impl Reads {
    /// Caches holding at most `max_bytes` together; 0 = no caching.
    pub fn new(max_bytes: u64) -> Reads {
        Reads {
            lists: ReadCache::new(max_bytes / 8),
            anonymous_lists: ReadCache::new(max_bytes / 8),
            details: ReadCache::new(max_bytes - max_bytes / 4).admit_repeats(DETAIL_ADMISSION_SLOTS),
            careers: moka::future::Cache::builder().max_capacity(10_000).time_to_live(std::time::Duration::from_secs(60)).build(),
        }
    }

    /// Called after every write that changes what a list or detail shows.
    pub fn invalidate(&self) {
        self.lists.invalidate();
        self.anonymous_lists.invalidate();
        self.details.invalidate();
    }
}

/// Load one list page (rows and total) from the read pool.
async fn load_page(state: AppState, key: ListKey) -> std::result::Result<ListPage, DbErr> {
    let backend = state.db.backend;
    if key.matcher.is_some()
        && let Err(e) = state.experience_writes.index_all().await
    {
        // The search still runs; it may miss the newest posts.
        tracing::warn!(error = %e, "cannot index new 面经 before a search");
    }
    let fts = crate::store::fts::sql(backend, "experiences", "e");
    let where_ = |sql: &mut Sql, ranked: bool| {
        if let Some(m) = &key.matcher {
            sql.push_bound(if ranked { &fts.join_ranked } else { &fts.join }, m.clone());
        }
        sql.push(" WHERE e.deleted_at IS NULL");
        if let Some(m) = &key.matcher {
            sql.push(" AND ").push_bound(&fts.condition, m.clone());
        }
        if let Some(c) = &key.company {
            sql.push(" AND e.company_key = ").bind(c.clone());
        }
        if let Some(p) = &key.position {
            sql.push(" AND e.position LIKE ").bind(crate::store::sql::like(p)).push(" ESCAPE '!'");
        }
        if let Some(id) = key.career_id {
            sql.push(" AND e.career_id = ").bind(id);
        }
        if let Some(r) = &key.result {
            sql.push(" AND e.interview_result = ").bind(r.clone());
        }
        if let Some(d) = &key.difficulty {
            sql.push(" AND e.interview_difficulty = ").bind(d.clone());
        }
        if let Some(a) = key.author {
            sql.push(" AND e.author_id = ").bind(a);
        }
    };

    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n FROM experiences e");
    where_(&mut count, false);
    let total_key = format!(
        "exp|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        key.matcher, key.company, key.position, key.career_id, key.result, key.difficulty, key.author
    );
    let total = state.db.count_cached(total_key, count).await?;

    let rank_sort = key.sort == "relevance" && key.matcher.is_some();
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM experiences e JOIN (SELECT e.id AS pid");
    if rank_sort {
        sql.push(", ").push_bound(&fts.rank, key.matcher.clone().unwrap_or_default()).push(" AS score");
    }
    sql.push(" FROM experiences e");
    where_(&mut sql, rank_sort);
    let inner_order = if rank_sort { "score DESC, e.id DESC".to_owned() } else { order_by(backend, &key.sort, "e") };
    sql.push(" ORDER BY ").push(&inner_order).push(" LIMIT ").bind(key.per_page as i64).push(" OFFSET ").bind(((key.page - 1) * key.per_page) as i64);
    sql.push(") p ON p.pid = e.id").push(JOINS).push(" ORDER BY ");
    sql.push(&if rank_sort { "p.score DESC, e.id DESC".to_owned() } else { order_by(backend, &key.sort, "e") });
    let rows = Row::find_by_statement(sql.build()).all(&state.db.read).await?;
    Ok(ListPage { rows, total })
}

/// The [`ListKey`] of `query` (and `author` for an author's own list), or
/// `None` when `q` has no searchable word (the result is empty).
fn list_key(backend: DbBackend, query: &ExperienceQuery, author: Option<i64>) -> Option<ListKey> {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let matcher = match text(&query.q) {
        Some(q) => Some(crate::store::fts::match_arg(backend, &search::query_terms(&q))?),
        None => None,
    };
    let sort = query.sort.clone().unwrap_or_else(|| if matcher.is_some() { "relevance" } else { "latest" }.to_owned());
    Some(ListKey {
        matcher,
        company: text(&query.company).map(|c| c.to_lowercase()),
        position: text(&query.position),
        career_id: query.career_id,
        result: query.result.clone(),
        difficulty: query.difficulty.clone(),
        author,
        sort,
        page: query.page.unwrap_or(1),
        per_page: query.per_page.unwrap_or(20),
    })
}

/// `data` as `viewer` sees it: adds `is_favorited` (one query for a
/// logged-in viewer), `is_author` and the visibility of anonymous authors.
async fn render(state: &AppState, lang: Lang, viewer: Viewer, key: &ListKey, data: &ListPage) -> Result<Paged<ExperienceItem>> {
    let ids: Vec<i64> = data.rows.iter().map(|r| r.id).collect();
    let favs = favorited_ids(&state.db.read, viewer.user_id, KIND, &ids).await?;
    let items = data.rows.iter().map(|r| {
        let f = favs.contains(&r.id);
        r.clone().into_item(lang, viewer, f)
    });
    Ok(Paged { items: items.collect(), total: data.total, page: key.page, per_page: key.per_page })
}

/// Run a list query for `viewer`: public lists come through [`Reads::lists`],
/// an author's own list (`author`) straight from the database.
async fn list(state: &AppState, lang: Lang, viewer: Viewer, query: &ExperienceQuery, author: Option<i64>) -> Result<Paged<ExperienceItem>> {
    let Some(key) = list_key(state.db.backend, query, author) else {
        return Ok(Paged { items: vec![], total: 0, page: query.page.unwrap_or(1), per_page: query.per_page.unwrap_or(20) });
    };
    let data = if author.is_none() {
        let (st, k) = (state.clone(), key.clone());
        state.experience_reads.lists.get_or_load(key.clone(), move || load_page(st.clone(), k.clone())).await?
    } else {
        std::sync::Arc::new(load_page(state.clone(), key.clone()).await?)
    };
    render(state, lang, viewer, &key, &data).await
}

/// List 面经 with filters, search and sorts. Deleted posts never appear;
/// anonymous posts hide their author. Logged-out callers get the serialized
/// page from [`Reads::anonymous_lists`].
#[utoipa::path(get, path = "/api/experiences", tag = "experiences", params(ExperienceQuery), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_experiences(
    State(state): State<AppState>,
    lang: Lang,
    MaybeAuthUser(me): MaybeAuthUser,
    ValidQuery(query): ValidQuery<ExperienceQuery>,
) -> Result<Response> {
    if me.is_none()
        && let Some(key) = list_key(state.db.backend, &query, None)
    {
        let (st, k) = (state.clone(), key.clone());
        let body = state
            .experience_reads
            .anonymous_lists
            .get_or_load((key, lang), move || {
                let (st, k) = (st.clone(), k.clone());
                async move {
                    let data = load_page(st.clone(), k.clone()).await?;
                    let page = render(&st, lang, Viewer::of(None), &k, &data).await.map_err(|e| DbErr::Custom(e.to_string()))?;
                    Ok::<_, DbErr>(JsonBytes(bytes::Bytes::from(serde_json::to_vec(&page).unwrap_or_default())))
                }
            })
            .await?;
        return Ok(([(header::CONTENT_TYPE, "application/json")], body.0.clone()).into_response());
    }
    Ok(Json(list(&state, lang, Viewer::of(me.as_ref()), &query, None).await?).into_response())
}

/// A serialized response body.
pub struct JsonBytes(bytes::Bytes);

impl Weigh for JsonBytes {
    fn weigh(&self) -> usize {
        self.0.len()
    }
}

/// The caller's own 面经 (anonymous ones included), newest first.
#[utoipa::path(get, path = "/api/experiences/users", tag = "experiences", security(("bearer" = [])), params(super::PageParams), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn my_experiences(
    State(state): State<AppState>,
    lang: Lang,
    me: AuthUser,
    ValidQuery(p): ValidQuery<super::PageParams>,
) -> Result<Json<Paged<ExperienceItem>>> {
    let query = ExperienceQuery { page: p.page, per_page: p.per_page, ..Default::default() };
    Ok(Json(list(&state, lang, Viewer::of(Some(&me.0)), &query, Some(me.user_id)).await?))
}

/// Load a live 面经 with its joined fields in one query: on SQLite on the
/// calling thread ([`crate::store::sqlite::inline`]), elsewhere from the read pool.
async fn load_detail(db: &crate::store::Db, id: i64) -> std::result::Result<Option<DetailRow>, DbErr> {
    if let Some(inline) = &db.inline {
        return inline.read(|c| load_detail_sqlite(c, id)).map_err(crate::store::sqlite::inline::db_err);
    }
    #[derive(FromQueryResult)]
    struct Extra {
        content: String,
        interview_questions: String,
    }
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT ").push(COLUMNS).push(", e.content, e.interview_questions FROM experiences e").push(JOINS);
    sql.push(" WHERE e.id = ").bind(id).push(" AND e.deleted_at IS NULL");
    let Some(res) = db.read.query_one_raw(sql.build()).await? else { return Ok(None) };
    let row = Row::from_query_result(&res, "")?;
    let extra = Extra::from_query_result(&res, "")?;
    Ok(Some(DetailRow { row, content: extra.content, interview_questions: extra.interview_questions }))
}

/// [`load_detail`] through rusqlite: the same statement, columns by position
/// (the order of [`COLUMNS`]), values decoded as sqlx stores them (times
/// as RFC 3339 text, dates as `YYYY-MM-DD`, booleans as 0/1).
fn load_detail_sqlite(c: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<DetailRow>> {
    use rusqlite::OptionalExtension;
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("SELECT {COLUMNS}, e.content, e.interview_questions FROM experiences e{JOINS} WHERE e.id = ?1 AND e.deleted_at IS NULL")
    });
    let mut stmt = c.prepare_cached(&SQL)?;
    stmt.query_row([id], |r| {
        use crate::store::sqlite::inline::{parse_time, parsed_text};
        let time = |i: usize| parsed_text(r, i, parse_time);
        let required = |i: usize| time(i)?.ok_or(rusqlite::Error::InvalidColumnType(i, "time".into(), rusqlite::types::Type::Null));
        let date = |i: usize| parsed_text(r, i, |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let row = Row {
            id: r.get(0)?,
            author_id: r.get(1)?,
            title: r.get(2)?,
            company: r.get(3)?,
            position: r.get(4)?,
            career_id: r.get(5)?,
            career_name: r.get(6)?,
            interview_date: date(7)?,
            interview_result: r.get(8)?,
            interview_difficulty: r.get(9)?,
            interview_evaluation: r.get(10)?,
            excerpt: r.get(11)?,
            question_count: r.get(12)?,
            anonymous: r.get(13)?,
            view_count: r.get(14)?,
            favorites_count: r.get(15)?,
            comments_count: r.get(16)?,
            source: r.get(17)?,
            source_path: r.get(18)?,
            license: r.get(19)?,
            lang: r.get(20)?,
            created_at: required(21)?,
            updated_at: required(22)?,
            author_name: r.get(23)?,
            author_avatar: r.get(24)?,
            author_deleted_at: time(25)?,
        };
        Ok(DetailRow { row, content: r.get(26)?, interview_questions: r.get(27)? })
    })
    .optional()
}

/// One live 面经 by id as `viewer` sees it, through [`Reads::details`].
///
/// # Errors
/// 404 `not_found` for missing or deleted posts.
pub(crate) async fn fetch(state: &AppState, lang: Lang, viewer: Viewer, id: i64) -> Result<ExperienceDetail> {
    let st = state.clone();
    let found = state
        .experience_reads
        .details
        .get_or_load(id, move || {
            let st = st.clone();
            async move { load_detail(&st.db, id).await }
        })
        .await?;
    let found = found.as_ref().as_ref().ok_or(Error::NotFound)?;
    let fav = !favorited_ids(&state.db.read, viewer.user_id, KIND, &[id]).await?.is_empty();
    Ok(detail(found, lang, viewer, fav))
}

fn detail(d: &DetailRow, lang: Lang, viewer: Viewer, favorited: bool) -> ExperienceDetail {
    ExperienceDetail {
        item: d.row.clone().into_item(lang, viewer, favorited),
        interview_questions: serde_json::from_str(&d.interview_questions).unwrap_or_default(),
        content: d.content.clone(),
    }
}

/// One 面经; counts a view (buffered, see `crate::views`).
#[utoipa::path(get, path = "/api/experiences/{id}", tag = "experiences", params(("id" = i64, Path)), responses(
    (status = 200, body = ExperienceDetail), (status = 404, body = crate::error::ErrorBody)))]
async fn get_experience(
    State(state): State<AppState>,
    lang: Lang,
    MaybeAuthUser(me): MaybeAuthUser,
    Path(id): Path<i64>,
) -> Result<Json<ExperienceDetail>> {
    let mut found = fetch(&state, lang, Viewer::of(me.as_ref()), id).await?;
    found.item.view_count += state.views.record(Viewed::Experience, id);
    Ok(Json(found))
}

/// Body of `POST /api/experiences`; `PATCH` takes any subset.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperienceInput {
    /// 1–100 characters.
    pub title: Option<String>,
    /// 1–100 characters.
    pub company: Option<String>,
    /// 1–100 characters.
    pub position: Option<String>,
    /// `null` clears it (on `PATCH`).
    #[serde(default, deserialize_with = "super::users::double_option")]
    pub career_id: Option<Option<i64>>,
    /// `YYYY-MM-DD`, not in the future; `null` clears it.
    #[serde(default, deserialize_with = "super::users::double_option")]
    pub interview_date: Option<Option<String>>,
    /// `offer` | `rejected` | `pending`; `null` clears it.
    #[serde(default, deserialize_with = "super::users::double_option")]
    pub interview_result: Option<Option<String>>,
    /// `easy` | `medium` | `hard`; `null` clears it.
    #[serde(default, deserialize_with = "super::users::double_option")]
    pub interview_difficulty: Option<Option<String>>,
    /// 1–5; `null` clears it.
    #[serde(default, deserialize_with = "super::users::double_option")]
    pub interview_evaluation: Option<Option<i16>>,
    /// ≤ 50 questions of ≤ 500 characters.
    pub interview_questions: Option<Vec<String>>,
    /// Markdown, 1–50000 characters.
    pub content: Option<String>,
    /// Hide the author from other users.
    pub anonymous: Option<bool>,
}

/// Checked, trimmed values ready to store.
struct Checked {
    title: Option<String>,
    company: Option<String>,
    position: Option<String>,
    interview_date: Option<Option<NaiveDate>>,
    questions: Option<Vec<String>>,
    content: Option<String>,
}

fn text(errors: &mut FieldErrors, field: &str, v: Option<&String>, max: usize, required: bool) -> Option<String> {
    let v = v.map(|s| s.trim().to_owned());
    match &v {
        None if required => errors.entry(field.into()).or_default().push(FieldError { code: "required", params: vec![] }),
        Some(s) if s.is_empty() || s.chars().count() > max => errors
            .entry(field.into())
            .or_default()
            .push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", max.to_string())] }),
        _ => {}
    }
    v
}

fn check(input: &ExperienceInput, creating: bool) -> Result<Checked> {
    let mut errors = super::validation_fields(input);
    let title = text(&mut errors, "title", input.title.as_ref(), 100, creating);
    let company = text(&mut errors, "company", input.company.as_ref(), 100, creating);
    let position = text(&mut errors, "position", input.position.as_ref(), 100, creating);
    let content = text(&mut errors, "content", input.content.as_ref(), 50_000, creating);
    let enum_ok = |v: &Option<Option<String>>, allowed: &[&str]| v.as_ref().and_then(|o| o.as_deref()).is_none_or(|x| allowed.contains(&x));
    if !enum_ok(&input.interview_result, &["offer", "rejected", "pending"]) {
        errors.entry("interview_result".into()).or_default().push(FieldError { code: "enum_value", params: vec![] });
    }
    if !enum_ok(&input.interview_difficulty, &["easy", "medium", "hard"]) {
        errors.entry("interview_difficulty".into()).or_default().push(FieldError { code: "enum_value", params: vec![] });
    }
    if input.interview_evaluation.flatten().is_some_and(|e| !(1..=5).contains(&e)) {
        errors.entry("interview_evaluation".into()).or_default().push(FieldError { code: "range", params: vec![("min", "1".into()), ("max", "5".into())] });
    }
    let interview_date = input.interview_date.as_ref().map(|d| {
        let d = d.as_deref().map(str::trim)?;
        if d.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(date) if date <= Utc::now().date_naive() && date.year_ce().1 >= 1990 => Some(date),
            _ => {
                errors.entry("interview_date".into()).or_default().push(FieldError { code: "date", params: vec![] });
                None
            }
        }
    });
    let questions = input.interview_questions.as_ref().map(|qs| {
        let qs: Vec<String> = qs.iter().map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()).collect();
        if qs.len() > 50 {
            errors.entry("interview_questions".into()).or_default().push(FieldError { code: "max_items", params: vec![("max", "50".into())] });
        }
        if qs.iter().any(|q| q.chars().count() > 500) {
            errors.entry("interview_questions".into()).or_default().push(FieldError { code: "max_length", params: vec![("max", "500".into())] });
        }
        qs
    });
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(Checked { title, company, position, interview_date, questions, content })
}

use chrono::Datelike;

/// The name of career `id` (`None` without one); 400 when it does not
/// exist. Names are remembered for a minute ([`Reads::careers`]): careers
/// are a small, seeded table the API never edits, and this ran once per post.
async fn check_career(state: &AppState, id: Option<i64>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    if let Some(name) = state.experience_reads.careers.get(&id).await {
        return Ok(Some(name));
    }
    let Some(found) = career::Entity::find_by_id(id).one(&state.db.read).await? else {
        return Err(Error::field("career_id", "career"));
    };
    state.experience_reads.careers.insert(id, found.name.clone()).await;
    Ok(Some(found.name))
}

/// Name, avatar and deletion time of user `id` (all `None` when absent),
/// for showing them as an author.
async fn author_of(db: &crate::store::Db, id: i64) -> Result<(Option<String>, Option<String>, Option<chrono::DateTime<Utc>>)> {
    if let Some(inline) = &db.inline {
        use rusqlite::OptionalExtension;
        let found = inline
            .read(|c| {
                c.prepare_cached("SELECT name, avatar, deleted_at FROM users WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, crate::store::sqlite::inline::parsed_text(r, 2, crate::store::sqlite::inline::parse_time)?)))
                    .optional()
            })
            .map_err(crate::store::sqlite::inline::db_err)?;
        return Ok(found.map_or((None, None, None), |(name, avatar, deleted)| (Some(name), avatar, deleted)));
    }
    let found = crate::entity::user::Entity::find_by_id(id).one(&db.read).await?;
    Ok(found.map_or((None, None, None), |u| (Some(u.name), u.avatar, u.deleted_at)))
}

/// The `search_text` of 面经 `m` whose `interview_questions` are
/// `questions`, and those questions prepared for the bank
/// ([`crate::features::questions::prepare_questions`]). Each question is segmented
/// once for both: the 面经's text is the index text of its title, company,
/// position, questions and content.
pub fn index_experience(m: &experience::Model, questions: &[String]) -> (String, Vec<crate::features::questions::PreparedQuestion>) {
    index_parts(&m.title, &m.company, m.position.as_deref(), &m.content, questions)
}

/// [`index_experience`] of a 面经 given by its indexed fields.
pub fn index_parts(
    title: &str,
    company: &str,
    position: Option<&str>,
    content: &str,
    questions: &[String],
) -> (String, Vec<crate::features::questions::PreparedQuestion>) {
    let mut words = Vec::new();
    let prepared = crate::features::questions::prepare_questions(questions, &mut words);
    for part in [title, company, position.unwrap_or(""), content] {
        words.extend(search::document_words(part));
    }
    (search::index_words(words), prepared)
}

/// Share a 面经. 401 when logged out.
#[utoipa::path(post, path = "/api/experiences", tag = "experiences", security(("bearer" = [])), request_body = ExperienceInput, responses(
    (status = 201, body = ExperienceDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn create_experience(
    State(state): State<AppState>,
    lang: Lang,
    me: AuthUser,
    JsonBody(input): JsonBody<ExperienceInput>,
) -> Result<(StatusCode, Json<ExperienceDetail>)> {
    let c = check(&input, true)?;
    let career_name = check_career(&state, input.career_id.flatten()).await?;
    let now = Utc::now();
    let content = c.content.unwrap_or_default();
    let company = c.company.unwrap_or_default();
    let questions = c.questions.unwrap_or_default();
    let mut model = experience::Model {
        id: 0,
        author_id: me.user_id,
        title: c.title.unwrap_or_default(),
        company_key: company.to_lowercase(),
        company,
        position: c.position,
        career_id: input.career_id.flatten(),
        interview_date: c.interview_date.flatten(),
        interview_result: input.interview_result.clone().flatten(),
        interview_difficulty: input.interview_difficulty.clone().flatten(),
        interview_evaluation: input.interview_evaluation.flatten(),
        question_count: questions.len() as i32,
        interview_questions: serde_json::to_string(&questions).unwrap_or_else(|_| "[]".into()),
        excerpt: excerpt(&content, 200),
        content,
        anonymous: input.anonymous.unwrap_or(false),
        favorites_count: 0,
        comments_count: 0,
        lang: detect_lang(&input),
        source: None,
        source_path: None,
        license: None,
        import_key: None,
        search_text: String::new(),
        deleted_at: None,
        created_at: now,
        updated_at: now,
    };
    let (search_text, prepared) = index_experience(&model, &questions);
    model.search_text = search_text;
    // The 201 shows the row as stored, built from what was stored rather
    // than read back: on SQLite that read (a ~5 KB row that the last
    // commits moved out of every reader's page cache) took 7 % of the
    // server's CPU in the `create_experience` benchmark.
    let (author_name, author_avatar, author_deleted_at) = author_of(&state.db, me.user_id).await?;
    let mut row = Row {
        id: 0,
        author_id: model.author_id,
        title: model.title.clone(),
        company: model.company.clone(),
        position: model.position.clone(),
        career_id: model.career_id,
        career_name,
        interview_date: model.interview_date,
        interview_result: model.interview_result.clone(),
        interview_difficulty: model.interview_difficulty.clone(),
        interview_evaluation: model.interview_evaluation,
        excerpt: model.excerpt.clone(),
        question_count: model.question_count,
        anonymous: model.anonymous,
        view_count: 0,
        favorites_count: 0,
        comments_count: 0,
        source: None,
        source_path: None,
        license: None,
        lang: model.lang.clone(),
        created_at: model.created_at,
        updated_at: model.updated_at,
        author_name,
        author_avatar,
        author_deleted_at,
    };
    let content = model.content.clone();
    let id = state.experience_writes.create(model, prepared).await?;
    state.db.forget_totals();
    state.experience_reads.invalidate();
    row.id = id;
    let item = row.into_item(lang, Viewer::of(Some(&me.0)), false);
    Ok((StatusCode::CREATED, Json(ExperienceDetail { item, interview_questions: questions, content })))
}

/// A 面经 waiting in the [`CreateQueue`].
struct PendingCreate {
    model: experience::Model,
    questions: Vec<crate::features::questions::PreparedQuestion>,
    reply: tokio::sync::oneshot::Sender<std::result::Result<i64, DbErr>>,
}

/// Work for the [`CreateQueue`]'s writer.
enum Job {
    /// Insert a 面经 (boxed: it is ~500 bytes, the other variant 8).
    Create(Box<PendingCreate>),
    /// Index every queued 面经, then answer (a search that must see them).
    IndexAll(tokio::sync::oneshot::Sender<std::result::Result<(), DbErr>>),
}

/// Most 面经 written in one transaction by the [`CreateQueue`].
pub const CREATE_BATCH: usize = 128;

/// Queued 面经 that make the [`CreateQueue`]'s writer index them even while
/// new ones keep arriving (SQLite).
pub const INDEX_BATCH: usize = 256;

/// Most queued 面经 indexed in one transaction (SQLite): a larger batch
/// indexes cheaper per post but holds up the creates waiting behind it.
pub const INDEX_BATCH_MAX: usize = 512;

/// Group commit for new 面经: one writer owns the inserts, and every 面经
/// that arrives while a transaction runs goes into the next one (up to
/// [`CREATE_BATCH`]), with its interview questions linked to the bank by a
/// few multi-row statements for the whole batch. SQLite has one writer, so
/// a transaction per post would serialise 5–10 statements and a commit per
/// request on it (the `create_experience` benchmark: 294 requests/s at
/// commit 77be63b, BENCHMARKS.md). A batch that fails is retried one post
/// per transaction, so one bad post fails alone. A request is answered only
/// after its transaction committed. Segmentation (jieba) happens in the
/// request handler before queueing, off the writer.
///
/// On SQLite the writer is a thread of its own (`mianjing-writer`) with a
/// single-threaded tokio runtime of its own, and with a SQLite file it
/// writes through rusqlite ([`crate::store::sqlite::inline::InlineWriter`], which takes
/// turns with sqlx's writer pool): cached statements, one row each, run on
/// this thread. Through sqlx each of a batch's 10–20 statements was a round
/// trip to sqlx's connection thread, and the multi-row statements were
/// built and parsed anew for every batch: the writer's debug log
/// (`RUST_LOG=mianjing::http::experiences=debug`) showed 374 µs per post in
/// batches averaging 12 posts, and 250 µs with rusqlite in batches
/// averaging 8 (one 10 s run each, BENCHMARKS.md).
/// The thread of its own came first: on the shared runtime each round trip
/// waited for a turn behind the request handlers (`perf` found the
/// connection thread idle half of the time, and getting the connection
/// took 1.5–2 ms of every ~15 ms batch). Elsewhere (a pool of
/// connections, no single writer) the writer is a task.
///
/// Also on SQLite, a new 面经 enters the full-text index later than its
/// row: its transaction queues it ([`crate::store::fts::queue_new_experience`]) and
/// the writer indexes the queue between batches — as soon as
/// [`INDEX_BATCH`] posts wait, after `search_index_delay_ms` (config,
/// default 20) without a new post, at
/// start (posts a crash left queued) and before a search
/// ([`CreateQueue::index_all`]), so a search always sees every post
/// created before it. FTS5 writes a segment per transaction and merges
/// segments later, so a few large index transactions cost less than one
/// per create batch: ~40–55 µs per post in passes of 256–512, and the
/// `create_experience` benchmark ran 10–15 % faster than with the same
/// build indexing inside each batch (BENCHMARKS.md).
pub struct CreateQueue {
    tx: tokio::sync::mpsc::Sender<Job>,
    /// Committed 面经 not yet in the full-text index (SQLite).
    queued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// The writer of a [`CreateQueue`].
struct CreateWriter {
    db: sea_orm::DatabaseConnection,
    /// SQLite with a file: writes through rusqlite, new posts queued for
    /// the full-text index. Otherwise through `db`, indexed at once.
    inline: Option<std::sync::Arc<crate::store::sqlite::inline::InlineWriter>>,
    /// How long to wait for a new 面经 before indexing fewer than [`INDEX_BATCH`].
    idle: std::time::Duration,
    queued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl CreateWriter {
    /// Insert `batch` in one transaction; the new ids in batch order.
    async fn write(&self, batch: &[PendingCreate]) -> std::result::Result<Vec<i64>, DbErr> {
        let started = std::time::Instant::now();
        let ids = if let Some(inline) = &self.inline {
            let ids = inline.write(|c| insert_created_sqlite(c, batch)).await?;
            self.queued.fetch_add(ids.len(), std::sync::atomic::Ordering::SeqCst);
            ids
        } else {
            let txn = self.db.begin().await?;
            let ids = insert_created(&txn, batch).await?;
            txn.commit().await?;
            ids
        };
        tracing::debug!(posts = ids.len(), us = started.elapsed().as_micros() as u64, "面经 batch committed");
        Ok(ids)
    }

    /// Index at most `max` queued 面经 in one transaction (only the
    /// SQLite file's inline writer queues them).
    async fn index(&self, max: usize) -> std::result::Result<usize, DbErr> {
        let Some(inline) = &self.inline else { return Ok(0) };
        let started = std::time::Instant::now();
        let n = inline.write(|c| crate::store::fts::index_queued_experiences(c, max)).await?;
        tracing::debug!(posts = n, us = started.elapsed().as_micros() as u64, "queued 面经 indexed");
        // Saturating: the count started from the queue table, which another
        // process (`mianjing import` never queues) cannot grow behind our back.
        let _ = self.queued.fetch_update(std::sync::atomic::Ordering::SeqCst, std::sync::atomic::Ordering::SeqCst, |q| Some(q.saturating_sub(n)));
        Ok(n)
    }

    /// Index every queued 面经, [`INDEX_BATCH_MAX`] per transaction.
    async fn index_all(&self) -> std::result::Result<(), DbErr> {
        while self.index(INDEX_BATCH_MAX).await? > 0 {}
        self.queued.store(0, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    fn queued(&self) -> usize {
        self.queued.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Insert `batch` and answer each post.
    async fn create(&self, mut batch: Vec<PendingCreate>) {
        if batch.is_empty() {
            return;
        }
        match self.write(&batch).await {
            Ok(ids) => {
                for (p, id) in batch.into_iter().zip(ids) {
                    let _ = p.reply.send(Ok(id));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(p) = batch.pop() {
                    let _ = p.reply.send(Err(e));
                }
            }
            Err(_) => {
                for p in batch {
                    let one = self.write(std::slice::from_ref(&p)).await.map(|ids| ids[0]);
                    let _ = p.reply.send(one);
                }
            }
        }
    }

    /// Serve `rx` until every sender is gone.
    async fn serve(self, mut rx: tokio::sync::mpsc::Receiver<Job>) {
        loop {
            let first = if self.queued() > 0 {
                match tokio::time::timeout(self.idle, rx.recv()).await {
                    Ok(job) => job,
                    Err(_) => {
                        if let Err(e) = self.index(INDEX_BATCH_MAX).await {
                            tracing::warn!(error = %e, "cannot index new 面经");
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                        continue;
                    }
                }
            } else {
                rx.recv().await
            };
            let Some(first) = first else { break };
            let (mut batch, mut waiting) = (Vec::new(), Vec::new());
            let mut next = Some(first);
            while let Some(job) = next.take() {
                match job {
                    Job::Create(p) => batch.push(*p),
                    Job::IndexAll(reply) => waiting.push(reply),
                }
                if batch.len() < CREATE_BATCH {
                    next = rx.try_recv().ok();
                }
            }
            self.create(batch).await;
            if !waiting.is_empty() {
                let done = self.index_all().await;
                for reply in waiting {
                    let _ = reply.send(done.clone());
                }
            } else if self.queued() >= INDEX_BATCH
                && let Err(e) = self.index(INDEX_BATCH_MAX).await
            {
                tracing::warn!(error = %e, "cannot index new 面经");
            }
        }
        if self.queued() > 0
            && let Err(e) = self.index_all().await
        {
            tracing::warn!(error = %e, "cannot index new 面经 before stopping");
        }
    }
}

impl CreateQueue {
    /// Start the writer (SQLite: a thread with a runtime of its own;
    /// others: a task on the current runtime); it stops when the queue is
    /// dropped.
    ///
    /// The 面经 a crash left queued for the full-text index are counted
    /// before this returns, so that the first search of the new process
    /// indexes them ([`CreateQueue::index_all`]); counted by the writer
    /// instead, a search that came first found the count still 0 and missed
    /// them (CI, stop 14).
    ///
    /// `index_delay`: see `search_index_delay_ms` in the configuration.
    ///
    /// # Errors
    /// The database cannot count the queue.
    ///
    /// # Panics
    /// Outside a tokio runtime, or when the OS refuses a thread or a runtime.
    pub async fn start(db: &crate::store::Db, index_delay: std::time::Duration) -> std::result::Result<CreateQueue, DbErr> {
        let (tx, rx) = tokio::sync::mpsc::channel::<Job>(4 * CREATE_BATCH);
        let queued = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(crate::store::fts::queued_experiences(&db.write).await?));
        let writer = CreateWriter { db: db.write.clone(), inline: db.inline_writer.clone(), idle: index_delay, queued: queued.clone() };
        if db.backend == DbBackend::Sqlite {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("cannot start the 面经 writer's runtime");
            std::thread::Builder::new()
                .name("mianjing-writer".into())
                .spawn(move || rt.block_on(writer.serve(rx)))
                .expect("cannot start the 面经 writer thread");
        } else {
            tokio::spawn(writer.serve(rx));
        }
        Ok(CreateQueue { tx, queued })
    }

    /// Insert `model` (its `id` is ignored) with its prepared questions;
    /// returns the new id once committed.
    ///
    /// # Errors
    /// Database failures, or 503 when the writer is gone (shutdown).
    pub async fn create(&self, model: experience::Model, questions: Vec<crate::features::questions::PreparedQuestion>) -> Result<i64> {
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.tx.send(Job::Create(Box::new(PendingCreate { model, questions, reply }))).await.map_err(|_| stopped())?;
        Ok(rx.await.map_err(|_| stopped())??)
    }

    /// How many committed 面经 wait for the full-text index (SQLite file;
    /// 0 elsewhere).
    pub fn queued(&self) -> usize {
        self.queued.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Wait until every 面经 committed so far is in the full-text index
    /// (SQLite; returns at once when none waits, and always elsewhere).
    /// Called before a search runs, so that it sees every post created
    /// before it.
    ///
    /// # Errors
    /// Database failures of the indexing, or 503 when the writer is gone.
    pub async fn index_all(&self) -> Result<()> {
        if self.queued() == 0 {
            return Ok(());
        }
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.tx.send(Job::IndexAll(reply)).await.map_err(|_| stopped())?;
        Ok(rx.await.map_err(|_| stopped())??)
    }
}

/// The error of a request that found the 面经 writer stopped.
fn stopped() -> Error {
    Error::Unavailable("the 面经 writer has stopped".into())
}

/// [`insert_created`] on a SQLite file, in a transaction of its own on
/// the writer's connection `c` ([`crate::store::sqlite::inline::InlineWriter`]), each
/// post queued for the full-text index ([`crate::store::fts::queue_new_experience`]).
/// One cached statement per row: no SQL is built or parsed per batch, and
/// no statement waits for sqlx's connection thread.
fn insert_created_sqlite(c: &mut rusqlite::Connection, batch: &[PendingCreate]) -> rusqlite::Result<Vec<i64>> {
    use crate::store::sqlite::inline::sql_time;
    use rusqlite::params;
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut ids = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO experiences (author_id, title, company, company_key, position, career_id, interview_date, \
             interview_result, interview_difficulty, interview_evaluation, interview_questions, question_count, content, \
             excerpt, anonymous, favorites_count, comments_count, lang, source, source_path, license, \
             import_key, search_text, deleted_at, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, \
             ?23, ?24, ?25, ?26)",
        )?;
        for p in batch {
            let m = &p.model;
            insert.execute(params![
                m.author_id,
                m.title,
                m.company,
                m.company_key,
                m.position,
                m.career_id,
                m.interview_date.map(|d| d.format("%F").to_string()),
                m.interview_result,
                m.interview_difficulty,
                m.interview_evaluation,
                m.interview_questions,
                m.question_count,
                m.content,
                m.excerpt,
                m.anonymous,
                m.favorites_count,
                m.comments_count,
                m.lang,
                m.source,
                m.source_path,
                m.license,
                m.import_key,
                "", // the text is queued below, the index keeps it (migration 21)
                m.deleted_at.as_ref().map(sql_time),
                sql_time(&m.created_at),
                sql_time(&m.updated_at),
            ])?;
            let id = tx.last_insert_rowid();
            crate::store::fts::queue_new_experience(&tx, id, &m.search_text)?;
            ids.push(id);
        }
    }
    let items: Vec<_> = ids.iter().zip(batch).filter(|(_, p)| !p.questions.is_empty()).map(|(&id, p)| (id, &p.model, p.questions.as_slice())).collect();
    crate::store::questions::link_new_experiences_sqlite(&tx, &items)?;
    tx.commit()?;
    Ok(ids)
}

/// Insert every post of `batch` and link their questions, inside the
/// caller's transaction `txn`; the new ids in batch order (PostgreSQL,
/// MySQL, SQLite in memory; a SQLite file: [`insert_created_sqlite`]).
async fn insert_created<C: ConnectionTrait>(txn: &C, batch: &[PendingCreate]) -> std::result::Result<Vec<i64>, DbErr> {
    let ids: Vec<i64> = if txn.support_returning() && batch.len() > 1 {
        // One multi-row INSERT … RETURNING id (PostgreSQL, SQLite in memory) instead of
        // a statement per post: 0.28 ms each on the loaded benchmark database.
        // RETURNING's row order is unspecified, but ids are assigned in VALUES
        // order (SQLite: max rowid + 1 per row; PostgreSQL: nextval per row), so
        // the ascending ids are the batch's posts in order.
        let mut ids = experience::Entity::insert_many(batch.iter().map(|p| p.model.new_row(txn.get_database_backend()))).exec_with_returning_keys(txn).await?;
        if ids.len() != batch.len() {
            return Err(DbErr::RecordNotInserted);
        }
        ids.sort_unstable();
        ids
    } else {
        let mut ids = Vec::with_capacity(batch.len());
        for p in batch {
            ids.push(experience::Entity::insert(p.model.new_row(txn.get_database_backend())).exec(txn).await?.last_insert_id);
        }
        ids
    };
    let saved: Vec<experience::Model> = batch.iter().zip(&ids).map(|(p, &id)| experience::Model { id, ..p.model.clone() }).collect();
    let texts: Vec<(i64, &str)> = saved.iter().map(|m| (m.id, m.search_text.as_str())).collect();
    crate::store::fts::index_new_experiences(txn, &texts).await?;
    let items: Vec<_> = saved.iter().zip(batch).filter(|(_, p)| !p.questions.is_empty()).map(|(m, p)| (m, p.questions.as_slice())).collect();
    crate::store::questions::link_experiences(txn, &items, false).await?;
    Ok(ids)
}

/// Like [`fetch`] but uncached, for the response to an edit (read after its
/// commit, so the read pool sees it: SQLite WAL readers see every committed
/// transaction).
async fn fetch_fresh(state: &AppState, lang: Lang, viewer: Viewer, id: i64) -> Result<ExperienceDetail> {
    let found = load_detail(&state.db, id).await?.ok_or(Error::NotFound)?;
    let fav = !favorited_ids(&state.db.read, viewer.user_id, KIND, &[id]).await?.is_empty();
    Ok(detail(&found, lang, viewer, fav))
}

/// `zh` when the text has CJK characters, else `en`.
fn detect_lang(input: &ExperienceInput) -> String {
    let cjk = |s: &Option<String>| s.as_deref().unwrap_or("").chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if cjk(&input.title) || cjk(&input.content) { "zh".into() } else { "en".into() }
}

/// Edit a 面经 (author only); any subset of the fields.
#[utoipa::path(patch, path = "/api/experiences/{id}", tag = "experiences", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ExperienceInput, responses(
    (status = 200, body = ExperienceDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn update_experience(
    State(state): State<AppState>,
    lang: Lang,
    me: AuthUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ExperienceInput>,
) -> Result<Json<ExperienceDetail>> {
    let c = check(&input, false)?;
    check_career(&state, input.career_id.flatten()).await?;
    let txn = state.db.write.begin().await?;
    let current = experience::Entity::find_by_id(id).one(&txn).await?.filter(|e| e.deleted_at.is_none()).ok_or(Error::NotFound)?;
    if current.author_id != me.user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    let mut m = current.clone();
    if let Some(v) = c.title {
        m.title = v;
    }
    if let Some(v) = c.company {
        m.company_key = v.to_lowercase();
        m.company = v;
    }
    if let Some(v) = c.position {
        m.position = Some(v);
    }
    if let Some(v) = input.career_id {
        m.career_id = v;
    }
    if let Some(v) = c.interview_date {
        m.interview_date = v;
    }
    if let Some(v) = &input.interview_result {
        m.interview_result = v.clone();
    }
    if let Some(v) = &input.interview_difficulty {
        m.interview_difficulty = v.clone();
    }
    if let Some(v) = input.interview_evaluation {
        m.interview_evaluation = v;
    }
    if let Some(qs) = c.questions {
        m.question_count = qs.len() as i32;
        m.interview_questions = serde_json::to_string(&qs).unwrap_or_else(|_| "[]".into());
    }
    if let Some(v) = c.content {
        m.excerpt = excerpt(&v, 200);
        m.content = v;
    }
    if let Some(a) = input.anonymous {
        m.anonymous = a;
    }
    let questions: Vec<String> = serde_json::from_str(&m.interview_questions).unwrap_or_default();
    let (search_text, prepared) = index_experience(&m, &questions);
    m.search_text = search_text;
    m.updated_at = Utc::now();
    let mut am: experience::ActiveModel = current.into();
    am.title = Set(m.title);
    am.company = Set(m.company);
    am.company_key = Set(m.company_key);
    am.position = Set(m.position);
    am.career_id = Set(m.career_id);
    am.interview_date = Set(m.interview_date);
    am.interview_result = Set(m.interview_result);
    am.interview_difficulty = Set(m.interview_difficulty);
    am.interview_evaluation = Set(m.interview_evaluation);
    am.interview_questions = Set(m.interview_questions);
    am.question_count = Set(m.question_count);
    am.content = Set(m.content);
    am.excerpt = Set(m.excerpt);
    am.anonymous = Set(m.anonymous);
    crate::store::fts::reindex_experience(&txn, id, &m.search_text).await?;
    am.search_text = Set(crate::store::fts::experience_column_text(state.db.backend, m.search_text));
    am.updated_at = Set(m.updated_at);
    let saved = am.update(&txn).await?;
    crate::store::questions::link_experiences(&txn, &[(&saved, &prepared)], true).await?;
    txn.commit().await?;
    state.db.forget_totals();
    state.experience_reads.invalidate();
    Ok(Json(fetch_fresh(&state, lang, Viewer::of(Some(&me.0)), id).await?))
}

/// Delete a 面经 (its author or an admin). Soft: comments and favorites stay
/// in the database but the post disappears from every list.
#[utoipa::path(delete, path = "/api/experiences/{id}", tag = "experiences", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_experience(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    let current = experience::Entity::find_by_id(id).one(&state.db.write).await?.filter(|e| e.deleted_at.is_none()).ok_or(Error::NotFound)?;
    if !Viewer::of(Some(&me.0)).may_delete(current.author_id) {
        return Err(Error::Forbidden("forbidden"));
    }
    let mut sql = Sql::new(state.db.backend);
    sql.push("UPDATE experiences SET deleted_at = ").bind(Utc::now()).push(" WHERE id = ").bind(id).push(" AND deleted_at IS NULL");
    state.db.write.execute_raw(sql.build()).await?;
    state.db.forget_totals();
    state.experience_reads.invalidate();
    if current.author_id != me.user_id {
        tracing::info!(admin = me.user_id, experience = id, "experience deleted by admin");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// A company and how many 面经 mention it.
#[derive(Debug, Serialize, ToSchema, FromQueryResult)]
pub struct CompanyCount {
    pub name: String,
    pub count: i64,
}

/// Company names with their 面经 counts, most shared first (autocomplete).
#[utoipa::path(get, path = "/api/companies", tag = "experiences", params(super::SearchPage), responses(
    (status = 200, body = Paged<CompanyCount>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_companies(State(state): State<AppState>, ValidQuery(p): ValidQuery<super::SearchPage>) -> Result<Json<Paged<CompanyCount>>> {
    let (page, per_page) = p.resolve();
    let backend = state.db.backend;
    let filter = |sql: &mut Sql| {
        sql.push(" FROM experiences WHERE deleted_at IS NULL");
        if let Some(q) = p.text() {
            sql.push(" AND company_key LIKE ").bind(crate::store::sql::like(&q.to_lowercase())).push(" ESCAPE '!'");
        }
    };
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(DISTINCT company_key) AS n");
    filter(&mut count);
    let total = state.db.count_cached(format!("companies|{:?}", p.q), count).await?;
    let mut sql = Sql::new(backend);
    sql.push("SELECT MIN(company) AS name, COUNT(*) AS count");
    filter(&mut sql);
    sql.push(" GROUP BY company_key ORDER BY COUNT(*) DESC, MIN(company) LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let items = CompanyCount::find_by_statement(sql.build()).all(&state.db.read).await?;
    Ok(Json(Paged { items, total, page, per_page }))
}
