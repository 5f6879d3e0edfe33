//! 面经 (SPEC §3 "Experiences"): list with filters, search and sorts; create,
//! detail (counts a view), edit (author), delete (author or admin), mine, and
//! company autocomplete.
//!
//! Lists use a deferred join: the page of ids comes from an index first and
//! the rows are joined afterwards (BENCH.md: 20–60× faster at deep pages);
//! counters are maintained columns, never `COUNT(*)` per row.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::community::{cached_total, excerpt, favorited_ids, Author, Viewer};
use super::{like, JsonBody, Paged, ValidQuery};
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::db::sql::Sql;
use crate::entity::{career, experience};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::i18n::Lang;
use crate::search;
use crate::state::AppState;
use crate::views::Viewed;

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
#[derive(Debug, FromQueryResult)]
struct Row {
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
    e.anonymous, e.view_count, e.favorites_count, e.comments_count, e.source, e.source_path, e.license, e.lang, \
    e.created_at, e.updated_at, u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at";
const JOINS: &str = " LEFT JOIN users u ON u.id = e.author_id LEFT JOIN careers c ON c.id = e.career_id";

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

/// Run a list query: `filter` appends `AND …` conditions to a statement over
/// `experiences e` (with search joins when `q` is set).
async fn list(
    state: &AppState,
    lang: Lang,
    viewer: Viewer,
    query: &ExperienceQuery,
    author: Option<i64>,
) -> Result<Paged<ExperienceItem>> {
    let backend = state.db.backend;
    let (page, per_page) = (query.page.unwrap_or(1), query.per_page.unwrap_or(20));
    let q = query.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let matcher = match q {
        Some(q) => match search::match_query(backend, q) {
            Some(m) => Some(m),
            None => return Ok(Paged { items: vec![], total: 0, page, per_page }),
        },
        None => None,
    };
    let sort = query.sort.as_deref().unwrap_or(if matcher.is_some() { "relevance" } else { "latest" });
    let fts = search::sql(backend, "experiences", "e");
    let where_ = |sql: &mut Sql| {
        if matcher.is_some() {
            sql.push(&fts.join);
        }
        sql.push(" WHERE e.deleted_at IS NULL");
        if let Some(m) = &matcher {
            sql.push(" AND ").push_bound(&fts.condition, m.clone());
        }
        if let Some(c) = query.company.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            sql.push(" AND e.company_key = ").bind(c.to_lowercase());
        }
        if let Some(p) = query.position.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            sql.push(" AND e.position LIKE ").bind(like(p)).push(" ESCAPE '!'");
        }
        if let Some(id) = query.career_id {
            sql.push(" AND e.career_id = ").bind(id);
        }
        if let Some(r) = &query.result {
            sql.push(" AND e.interview_result = ").bind(r.clone());
        }
        if let Some(d) = &query.difficulty {
            sql.push(" AND e.interview_difficulty = ").bind(d.clone());
        }
        if let Some(a) = author {
            sql.push(" AND e.author_id = ").bind(a);
        }
    };

    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n FROM experiences e");
    where_(&mut count);
    let key = format!("exp|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{author:?}", matcher, query.company.as_deref().map(str::to_lowercase), query.position, query.career_id, query.result, query.difficulty, ());
    let total = cached_total(state, key, count).await?;

    let rank_sort = sort == "relevance" && matcher.is_some();
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM experiences e JOIN (SELECT e.id AS pid");
    if rank_sort {
        sql.push(", ").push_bound(&fts.rank, matcher.clone().unwrap_or_default()).push(" AS score");
    }
    sql.push(" FROM experiences e");
    where_(&mut sql);
    let inner_order = if rank_sort { "score DESC, e.id DESC".to_owned() } else { order_by(backend, sort, "e") };
    sql.push(" ORDER BY ").push(&inner_order).push(" LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    sql.push(") p ON p.pid = e.id").push(JOINS).push(" ORDER BY ");
    sql.push(&if rank_sort { "p.score DESC, e.id DESC".to_owned() } else { order_by(backend, sort, "e") });
    let rows = Row::find_by_statement(sql.build()).all(&state.db.read).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let favs = favorited_ids(&state.db.read, viewer.user_id, KIND, &ids).await?;
    let items = rows.into_iter().map(|r| {
        let f = favs.contains(&r.id);
        r.into_item(lang, viewer, f)
    });
    Ok(Paged { items: items.collect(), total, page, per_page })
}

/// List 面经 with filters, search and sorts. Deleted posts never appear;
/// anonymous posts hide their author.
#[utoipa::path(get, path = "/api/experiences", tag = "experiences", params(ExperienceQuery), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_experiences(
    State(state): State<AppState>,
    lang: Lang,
    MaybeAuthUser(me): MaybeAuthUser,
    ValidQuery(query): ValidQuery<ExperienceQuery>,
) -> Result<Json<Paged<ExperienceItem>>> {
    Ok(Json(list(&state, lang, Viewer::of(me.as_ref()), &query, None).await?))
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

/// One 面经 by id (live rows only).
pub(crate) async fn fetch(state: &AppState, lang: Lang, viewer: Viewer, id: i64) -> Result<(ExperienceItem, experience::Model)> {
    let model = experience::Entity::find_by_id(id).one(&state.db.read).await?.filter(|e| e.deleted_at.is_none()).ok_or(Error::NotFound)?;
    let mut sql = Sql::new(state.db.backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM experiences e").push(JOINS).push(" WHERE e.id = ").bind(id);
    let row = Row::find_by_statement(sql.build()).one(&state.db.read).await?.ok_or(Error::NotFound)?;
    let fav = !favorited_ids(&state.db.read, viewer.user_id, KIND, &[id]).await?.is_empty();
    Ok((row.into_item(lang, viewer, fav), model))
}

fn detail(item: ExperienceItem, model: experience::Model) -> ExperienceDetail {
    ExperienceDetail {
        item,
        interview_questions: serde_json::from_str(&model.interview_questions).unwrap_or_default(),
        content: model.content,
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
    let (mut item, model) = fetch(&state, lang, Viewer::of(me.as_ref()), id).await?;
    item.view_count += state.views.record(Viewed::Experience, id);
    Ok(Json(detail(item, model)))
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

async fn check_career<C: ConnectionTrait>(db: &C, id: Option<i64>) -> Result<()> {
    if let Some(id) = id
        && career::Entity::find_by_id(id).one(db).await?.is_none() {
            return Err(Error::field("career_id", "career"));
        }
    Ok(())
}

/// The `search_text` of a 面经.
pub fn search_text(m: &experience::Model) -> String {
    let questions: Vec<String> = serde_json::from_str(&m.interview_questions).unwrap_or_default();
    search::index_text(&[&m.title, &m.company, m.position.as_deref().unwrap_or(""), &questions.join("\n"), &m.content])
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
    check_career(&state.db.read, input.career_id.flatten()).await?;
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
        view_count: 0,
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
    model.search_text = search_text(&model);
    let mut am: experience::ActiveModel = model.into();
    am.id = sea_orm::ActiveValue::NotSet;
    let txn = state.db.write.begin().await?;
    let saved = am.insert(&txn).await?;
    super::questions::link_experience(&txn, &saved).await?;
    txn.commit().await?;
    state.list_totals.invalidate_all();
    let (item, model) = fetch_written(&state, lang, Viewer::of(Some(&me.0)), saved.id).await?;
    Ok((StatusCode::CREATED, Json(detail(item, model))))
}

/// Like [`fetch`] but on the write pool, so a just-written row is seen.
async fn fetch_written(state: &AppState, lang: Lang, viewer: Viewer, id: i64) -> Result<(ExperienceItem, experience::Model)> {
    let model = experience::Entity::find_by_id(id).one(&state.db.write).await?.ok_or(Error::NotFound)?;
    let mut sql = Sql::new(state.db.backend);
    sql.push("SELECT ").push(COLUMNS).push(" FROM experiences e").push(JOINS).push(" WHERE e.id = ").bind(id);
    let row = Row::find_by_statement(sql.build()).one(&state.db.write).await?.ok_or(Error::NotFound)?;
    let fav = !favorited_ids(&state.db.write, viewer.user_id, KIND, &[id]).await?.is_empty();
    Ok((row.into_item(lang, viewer, fav), model))
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
    check_career(&state.db.read, input.career_id.flatten()).await?;
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
    m.search_text = search_text(&m);
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
    am.search_text = Set(m.search_text);
    am.updated_at = Set(m.updated_at);
    let saved = am.update(&txn).await?;
    super::questions::link_experience(&txn, &saved).await?;
    txn.commit().await?;
    state.list_totals.invalidate_all();
    let (item, model) = fetch_written(&state, lang, Viewer::of(Some(&me.0)), id).await?;
    Ok(Json(detail(item, model)))
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
    state.list_totals.invalidate_all();
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
            sql.push(" AND company_key LIKE ").bind(like(&q.to_lowercase())).push(" ESCAPE '!'");
        }
    };
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(DISTINCT company_key) AS n");
    filter(&mut count);
    let total = cached_total(&state, format!("companies|{:?}", p.q), count).await?;
    let mut sql = Sql::new(backend);
    sql.push("SELECT MIN(company) AS name, COUNT(*) AS count");
    filter(&mut sql);
    sql.push(" GROUP BY company_key ORDER BY COUNT(*) DESC, MIN(company) LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let items = CompanyCount::find_by_statement(sql.build()).all(&state.db.read).await?;
    Ok(Json(Paged { items, total, page, per_page }))
}
