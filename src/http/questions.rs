//! The question bank (SPEC §3 "Question bank", seeds 001 and 004): list with
//! filters and full-text search, detail with related questions, random draw,
//! recommendation from a job posting and/or the caller's resume, favorites,
//! private notes, admin create/update/delete and JSONL export. Questions
//! reported in 面经 are linked to their company (`?company=`).

use std::collections::{BTreeMap, HashMap};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use crate::features::community::Viewer;
use crate::store::favorites::favorited_ids;
use crate::entity::enums::TargetType;
use crate::features::community::favorites::{self, FavoriteState};
use super::{JsonBody, Paged, PageParams, ValidJson, ValidQuery};
use crate::http::auth::{AdminUser, AuthUser, MaybeAuthUser};
use crate::store::sql::Sql;
use crate::entity::{career, question, question_company, question_note, question_tag};
use crate::error::{Error, FieldError, Result};
use crate::features::questions::{content_key, search_text};
use crate::features::search;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_questions, create_question))
        .routes(routes!(random_questions))
        .routes(routes!(recommend_questions))
        .routes(routes!(export_questions))
        .routes(routes!(get_question, update_question, delete_question))
        .routes(routes!(favorite_question, unfavorite_question))
        .routes(routes!(favorite_questions))
        .routes(routes!(put_note, delete_note))
}

/// `favorites.target_type` of questions.
pub const KIND: &str = "question";

fn valid_difficulty(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "easy" | "medium" | "hard") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

fn valid_lang(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "zh" | "en") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

/// A question in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionItem {
    pub id: i64,
    /// Markdown (may contain code blocks).
    pub content: String,
    pub career_id: Option<i64>,
    pub career_name: Option<String>,
    /// `easy` | `medium` | `hard` | null.
    pub difficulty: Option<String>,
    pub tags: Vec<String>,
    /// `zh` | `en`.
    pub lang: String,
    pub has_answer: bool,
    /// Companies whose 面经 report this question.
    pub companies: Vec<String>,
    pub favorites: i32,
    pub is_favorited: bool,
    /// Where the question comes from (`owner/repo`, or `mianjing` for 面经).
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub license: Option<String>,
    /// When the caller favorited it (favorites list only).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::time::ser_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub favorited_at: Option<chrono::DateTime<Utc>>,
}

/// A question with its answer, the caller's note and related questions.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionDetail {
    #[serde(flatten)]
    pub item: QuestionItem,
    /// Reference answer (Markdown) or null.
    pub answer: Option<String>,
    /// The caller's private note.
    pub note: Option<String>,
    /// Up to 5 questions on the same topics.
    pub related: Vec<QuestionItem>,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: chrono::DateTime<Utc>,
}

#[derive(Debug, FromQueryResult)]
pub(crate) struct Row {
    id: i64,
    content: String,
    career_id: Option<i64>,
    career_name: Option<String>,
    difficulty: Option<String>,
    lang: String,
    has_answer: i32,
    favorites_count: i32,
    source: Option<String>,
    source_path: Option<String>,
    license: Option<String>,
}

const COLUMNS: &str = "q.id, q.content, q.career_id, c.name AS career_name, q.difficulty, q.lang, \
    CASE WHEN q.answer IS NULL THEN 0 ELSE 1 END AS has_answer, q.favorites_count, q.source, q.source_path, q.license";

/// Turn rows into items with tags, companies and the caller's favorites.
pub(crate) async fn items<C: ConnectionTrait>(db: &C, viewer: Viewer, rows: Vec<Row>) -> Result<Vec<QuestionItem>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    let mut companies: HashMap<i64, Vec<String>> = HashMap::new();
    if !ids.is_empty() {
        for t in question_tag::Entity::find().filter(question_tag::Column::QuestionId.is_in(ids.clone())).order_by_asc(question_tag::Column::Tag).all(db).await? {
            tags.entry(t.question_id).or_default().push(t.tag);
        }
        #[derive(FromQueryResult)]
        struct Co {
            question_id: i64,
            company: String,
        }
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("SELECT DISTINCT qc.question_id, qc.company FROM question_companies qc JOIN experiences e ON e.id = qc.experience_id WHERE e.deleted_at IS NULL AND qc.question_id IN ")
            .bind_list(ids.iter().copied())
            .push(" ORDER BY qc.company");
        for c in Co::find_by_statement(sql.build()).all(db).await? {
            companies.entry(c.question_id).or_default().push(c.company);
        }
    }
    let favs = favorited_ids(db, viewer.user_id, KIND, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| QuestionItem {
            tags: tags.remove(&r.id).unwrap_or_default(),
            companies: companies.remove(&r.id).unwrap_or_default(),
            is_favorited: favs.contains(&r.id),
            id: r.id,
            content: r.content,
            career_id: r.career_id,
            career_name: r.career_name,
            difficulty: r.difficulty,
            lang: r.lang,
            has_answer: r.has_answer != 0,
            favorites: r.favorites_count,
            source: r.source,
            source_path: r.source_path,
            license: r.license,
            favorited_at: None,
        })
        .collect())
}

pub(crate) async fn rows_by_ids<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Row>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT ").push(COLUMNS).push(" FROM questions q LEFT JOIN careers c ON c.id = q.career_id WHERE q.id IN ").bind_list(ids.iter().copied());
    let mut rows = Row::find_by_statement(sql.build()).all(db).await?;
    let pos: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|r| pos.get(&r.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// `GET /api/questions` query.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuestionQuery {
    pub career_id: Option<i64>,
    /// `easy` | `medium` | `hard`.
    #[validate(custom(function = "valid_difficulty"))]
    pub difficulty: Option<String>,
    /// Exact tag, ignoring case.
    #[validate(length(max = 50))]
    pub tag: Option<String>,
    /// Full-text search (jieba); every word must match.
    #[validate(length(max = 200))]
    pub q: Option<String>,
    /// `zh` | `en`.
    #[validate(custom(function = "valid_lang"))]
    pub lang: Option<String>,
    /// Questions reported in 面经 of this company (exact name, ignoring case).
    #[validate(length(max = 100))]
    pub company: Option<String>,
    /// Only questions with (true) or without (false) a reference answer.
    pub has_answer: Option<bool>,
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: Option<u64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<u64>,
}

/// `ranked`: the statement orders by `fts.rank`.
fn filters(sql: &mut Sql, q: &QuestionQuery, matcher: Option<&String>, fts: &crate::store::fts::SearchSql, ranked: bool) {
    if let Some(m) = matcher {
        sql.push_bound(if ranked { &fts.join_ranked } else { &fts.join }, m.clone());
    }
    sql.push(" WHERE 1 = 1");
    if let Some(m) = matcher {
        sql.push(" AND ").push_bound(&fts.condition, m.clone());
    }
    if let Some(id) = q.career_id {
        sql.push(" AND q.career_id = ").bind(id);
    }
    if let Some(d) = &q.difficulty {
        sql.push(" AND q.difficulty = ").bind(d.clone());
    }
    if let Some(l) = &q.lang {
        sql.push(" AND q.lang = ").bind(l.clone());
    }
    if let Some(h) = q.has_answer {
        sql.push(if h { " AND q.answer IS NOT NULL" } else { " AND q.answer IS NULL" });
    }
    if let Some(t) = q.tag.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        sql.push(" AND q.id IN (SELECT question_id FROM question_tags WHERE tag_key = ").bind(t.to_lowercase()).push(")");
    }
    if let Some(c) = q.company.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        sql.push(" AND q.id IN (SELECT qc.question_id FROM question_companies qc JOIN experiences e2 ON e2.id = qc.experience_id WHERE e2.deleted_at IS NULL AND qc.company_key = ")
            .bind(c.to_lowercase())
            .push(")");
    }
}

/// Browse and search the bank.
#[utoipa::path(get, path = "/api/questions", tag = "questions", params(QuestionQuery), responses(
    (status = 200, body = Paged<QuestionItem>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_questions(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, ValidQuery(query): ValidQuery<QuestionQuery>) -> Result<Json<Paged<QuestionItem>>> {
    let backend = state.db.backend;
    let (page, per_page) = (query.page.unwrap_or(1), query.per_page.unwrap_or(20));
    let matcher = match query.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(q) => match crate::store::fts::match_arg(backend, &search::query_terms(q)) {
            Some(m) => Some(m),
            None => return Ok(Json(Paged { items: vec![], total: 0, page, per_page })),
        },
        None => None,
    };
    let fts = crate::store::fts::sql(backend, "questions", "q");
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n FROM questions q");
    filters(&mut count, &query, matcher.as_ref(), &fts, false);
    let key = format!("q|{matcher:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}", query.career_id, query.difficulty, query.tag, query.lang, query.company.as_deref().map(str::to_lowercase), query.has_answer);
    let total = state.db.count_cached(key, count).await?;
    let mut sql = Sql::new(backend);
    sql.push("SELECT q.id AS id");
    if let Some(m) = &matcher {
        sql.push(", ").push_bound(&fts.rank, m.clone()).push(" AS score");
    }
    sql.push(" FROM questions q");
    filters(&mut sql, &query, matcher.as_ref(), &fts, matcher.is_some());
    sql.push(if matcher.is_some() { " ORDER BY score DESC, q.id" } else { " ORDER BY q.id" });
    sql.push(" LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    let ids: Vec<i64> = Id::find_by_statement(sql.build()).all(&state.db.read).await?.into_iter().map(|r| r.id).collect();
    let rows = rows_by_ids(&state.db.read, &ids).await?;
    Ok(Json(Paged { items: items(&state.db.read, Viewer::of(me.as_ref()), rows).await?, total, page, per_page }))
}

/// Ids of questions matching any of `terms`, scored by the summed weights of
/// the terms they match; `(id, score, matched terms)`, best first.
pub(crate) async fn score_by_terms(state: &AppState, terms: &[(String, f64)], exclude: Option<i64>, per_term: u64) -> Result<Vec<(i64, f64, Vec<String>)>> {
    let backend = state.db.backend;
    let fts = crate::store::fts::sql(backend, "questions", "q");
    let mut scores: BTreeMap<i64, (f64, Vec<String>)> = BTreeMap::new();
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    for (term, weight) in terms {
        let Some(m) = crate::store::fts::match_arg(backend, &search::query_terms(term)) else { continue };
        let mut sql = Sql::new(backend);
        sql.push("SELECT q.id AS id FROM questions q").push_bound(&fts.join_ranked, m.clone()).push(" WHERE ");
        sql.push_bound(&fts.condition, m.clone());
        sql.push(" ORDER BY ").push_bound(&fts.rank, m.clone()).push(" DESC LIMIT ").bind(per_term as i64);
        for r in Id::find_by_statement(sql.build()).all(&state.db.read).await? {
            if Some(r.id) == exclude {
                continue;
            }
            let e = scores.entry(r.id).or_insert((0.0, vec![]));
            e.0 += weight;
            e.1.push(term.clone());
        }
    }
    let mut out: Vec<(i64, f64, Vec<String>)> = scores.into_iter().map(|(id, (s, t))| (id, s, t)).collect();
    out.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal).then(a.0.cmp(&b.0)));
    Ok(out)
}

async fn detail(state: &AppState, viewer: Viewer, id: i64, written: bool) -> Result<QuestionDetail> {
    let db = if written { &state.db.write } else { &state.db.read };
    let model = question::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound)?;
    let mut list = items(db, viewer, rows_by_ids(db, &[id]).await?).await?;
    let item = list.pop().ok_or(Error::NotFound)?;
    let note = match viewer.user_id {
        Some(uid) => question_note::Entity::find()
            .filter(question_note::Column::UserId.eq(uid))
            .filter(question_note::Column::QuestionId.eq(id))
            .one(db)
            .await?
            .map(|n| n.content),
        None => None,
    };
    // Related: the question's own keywords (and tags), scored like recommendations.
    let mut terms: Vec<(String, f64)> = item.tags.iter().map(|t| (t.clone(), 2.0)).collect();
    terms.extend(crate::features::skills::extract(&model.content, 6).into_iter().map(|k| (k.term, k.weight)));
    let scored = score_by_terms(state, &terms, Some(id), 50).await?;
    let related_ids: Vec<i64> = scored.iter().take(5).map(|s| s.0).collect();
    let related = items(db, viewer, rows_by_ids(db, &related_ids).await?).await?;
    Ok(QuestionDetail { item, answer: model.answer, note, related, created_at: model.created_at, updated_at: model.updated_at })
}

/// One question with its reference answer, the caller's note and related questions.
#[utoipa::path(get, path = "/api/questions/{id}", tag = "questions", params(("id" = i64, Path)), responses(
    (status = 200, body = QuestionDetail), (status = 404, body = crate::error::ErrorBody)))]
async fn get_question(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>) -> Result<Json<QuestionDetail>> {
    Ok(Json(detail(&state, Viewer::of(me.as_ref()), id, false).await?))
}

/// `GET /api/questions/random` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RandomQuery {
    pub career_id: Option<i64>,
    /// `easy` | `medium` | `hard`.
    #[validate(custom(function = "valid_difficulty"))]
    pub difficulty: Option<String>,
    #[validate(length(max = 50))]
    pub tag: Option<String>,
    /// `zh` | `en`.
    #[validate(custom(function = "valid_lang"))]
    pub lang: Option<String>,
    /// Number of distinct questions, 1–50. Default 5.
    #[validate(range(min = 1, max = 50))]
    pub count: Option<u64>,
}

fn random_fn(backend: DbBackend) -> &'static str {
    if backend == DbBackend::MySql { "RAND()" } else { "RANDOM()" }
}

/// Draw `count` distinct random questions honouring the filters (fewer when
/// fewer match).
pub async fn draw(state: &AppState, query: &QuestionQuery, count: u64) -> Result<Vec<i64>> {
    let backend = state.db.backend;
    let fts = crate::store::fts::sql(backend, "questions", "q");
    let mut sql = Sql::new(backend);
    sql.push("SELECT q.id AS id FROM questions q");
    filters(&mut sql, query, None, &fts, false);
    sql.push(" ORDER BY ").push(random_fn(backend)).push(" LIMIT ").bind(count as i64);
    #[derive(FromQueryResult)]
    struct Id {
        id: i64,
    }
    Ok(Id::find_by_statement(sql.build()).all(&state.db.read).await?.into_iter().map(|r| r.id).collect())
}

/// Random distinct questions (seed 004's random draw).
#[utoipa::path(get, path = "/api/questions/random", tag = "questions", params(RandomQuery), responses(
    (status = 200, body = Vec<QuestionItem>), (status = 400, body = crate::error::ErrorBody)))]
async fn random_questions(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, ValidQuery(p): ValidQuery<RandomQuery>) -> Result<Json<Vec<QuestionItem>>> {
    let q = QuestionQuery { career_id: p.career_id, difficulty: p.difficulty, tag: p.tag, lang: p.lang, ..Default::default() };
    let ids = draw(&state, &q, p.count.unwrap_or(5)).await?;
    let rows = rows_by_ids(&state.db.read, &ids).await?;
    Ok(Json(items(&state.db.read, Viewer::of(me.as_ref()), rows).await?))
}

/// `POST /api/questions/recommend` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendInput {
    /// A job posting (岗位描述), ≤ 20000 characters.
    #[validate(length(max = 20000))]
    pub job_description: Option<String>,
    /// Also use the caller's resume (skills, experience, attachment text).
    #[serde(default)]
    pub use_resume: bool,
    /// Questions to return, 1–50. Default 10.
    #[validate(range(min = 1, max = 50))]
    pub count: Option<u64>,
}

/// A recommended question and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub question: QuestionItem,
    /// Summed keyword weights (skills 2, other keywords 1).
    pub score: f64,
    /// The extracted keywords this question matches.
    pub matched_keywords: Vec<String>,
}

/// Recommendations with the keywords that were extracted.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendResult {
    /// Keywords extracted from the posting and/or resume, most important first.
    pub keywords: Vec<String>,
    pub items: Vec<Recommendation>,
}

/// Recommend questions for a job posting and/or the caller's resume: skills
/// and topics are extracted (vocabulary + jieba TF-IDF, see `crate::features::skills`),
/// each is searched in the bank, and questions are ranked by the weights of
/// the keywords they match.
#[utoipa::path(post, path = "/api/questions/recommend", tag = "questions", request_body = RecommendInput, responses(
    (status = 200, body = RecommendResult), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn recommend_questions(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, ValidJson(input): ValidJson<RecommendInput>) -> Result<Json<RecommendResult>> {
    let mut text = input.job_description.clone().unwrap_or_default();
    if input.use_resume {
        let me = me.as_ref().ok_or(Error::Unauthorized)?;
        text.push('\n');
        text.push_str(&super::resumes::resume_text(&state, me.user_id).await?);
    }
    if text.trim().is_empty() {
        return Err(Error::field("job_description", "required"));
    }
    let keywords = tokio::task::spawn_blocking(move || crate::features::skills::extract(&text, 12)).await.map_err(|e| Error::Internal(e.into()))?;
    let terms: Vec<(String, f64)> = keywords.iter().map(|k| (k.term.clone(), k.weight)).collect();
    let scored = score_by_terms(&state, &terms, None, 300).await?;
    let count = input.count.unwrap_or(10) as usize;
    let top: Vec<(i64, f64, Vec<String>)> = scored.into_iter().take(count).collect();
    let ids: Vec<i64> = top.iter().map(|t| t.0).collect();
    let list = items(&state.db.read, Viewer::of(me.as_ref()), rows_by_ids(&state.db.read, &ids).await?).await?;
    let mut by_id: HashMap<i64, QuestionItem> = list.into_iter().map(|q| (q.id, q)).collect();
    let items = top
        .into_iter()
        .filter_map(|(id, score, matched)| by_id.remove(&id).map(|question| Recommendation { question, score, matched_keywords: matched }))
        .collect();
    Ok(Json(RecommendResult { keywords: keywords.into_iter().map(|k| k.term).collect(), items }))
}

/// Body of admin `POST /api/questions`; `PATCH` takes any subset.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionInput {
    /// 1–10000 characters (Markdown).
    pub content: Option<String>,
    /// Reference answer (Markdown), ≤ 50000; empty clears it.
    #[validate(length(max = 50000))]
    pub answer: Option<String>,
    pub career_id: Option<i64>,
    /// `easy` | `medium` | `hard`.
    #[validate(custom(function = "valid_difficulty"))]
    pub difficulty: Option<String>,
    /// ≤ 10 tags of 1–50 characters.
    pub tags: Option<Vec<String>>,
    /// `zh` | `en`.
    #[validate(custom(function = "valid_lang"))]
    pub lang: Option<String>,
    #[validate(length(max = 100))]
    pub source: Option<String>,
    #[validate(length(max = 50))]
    pub license: Option<String>,
}

fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty() && seen.insert(t.to_lowercase())).collect()
}

fn check_input(input: &QuestionInput, creating: bool) -> Result<()> {
    let mut errors = super::validation_fields(input);
    match input.content.as_deref().map(str::trim) {
        None if creating => errors.entry("content".into()).or_default().push(FieldError { code: "required", params: vec![] }),
        Some(c) if c.is_empty() || c.chars().count() > 10_000 => errors
            .entry("content".into())
            .or_default()
            .push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", "10000".into())] }),
        _ => {}
    }
    if let Some(tags) = &input.tags {
        let tags = clean_tags(tags);
        if tags.len() > 10 || tags.iter().any(|t| t.chars().count() > 50) {
            errors.entry("tags".into()).or_default().push(FieldError { code: "max_items", params: vec![("max", "10".into())] });
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
}

/// Replace the tags of a question inside `txn`.
pub async fn set_tags<C: ConnectionTrait>(txn: &C, question_id: i64, tags: &[String]) -> Result<()> {
    question_tag::Entity::delete_many().filter(question_tag::Column::QuestionId.eq(question_id)).exec(txn).await?;
    let now = Utc::now();
    let rows: Vec<question_tag::ActiveModel> = clean_tags(tags)
        .into_iter()
        .map(|t| question_tag::ActiveModel { question_id: Set(question_id), tag_key: Set(t.to_lowercase()), tag: Set(t), created_at: Set(now), updated_at: Set(now) })
        .collect();
    if !rows.is_empty() {
        question_tag::Entity::insert_many(rows).exec_without_returning(txn).await?;
    }
    Ok(())
}

async fn check_career<C: ConnectionTrait>(db: &C, id: Option<i64>) -> Result<()> {
    if let Some(id) = id
        && career::Entity::find_by_id(id).one(db).await?.is_none() {
            return Err(Error::field("career_id", "career"));
        }
    Ok(())
}

/// Add a question (admins). 409 `conflict` when the same text exists.
#[utoipa::path(post, path = "/api/questions", tag = "questions", security(("bearer" = [])), request_body = QuestionInput, responses(
    (status = 201, body = QuestionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn create_question(State(state): State<AppState>, admin: AdminUser, JsonBody(input): JsonBody<QuestionInput>) -> Result<(StatusCode, Json<QuestionDetail>)> {
    check_input(&input, true)?;
    check_career(&state.db.read, input.career_id).await?;
    let content = input.content.as_deref().unwrap_or("").trim().to_owned();
    let tags = clean_tags(input.tags.as_deref().unwrap_or(&[]));
    let now = Utc::now();
    let txn = state.db.write.begin().await?;
    let saved = question::ActiveModel {
        content_key: Set(content_key(&content)),
        search_text: Set(search_text(&content, &tags)),
        content: Set(content),
        answer: Set(input.answer.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned)),
        career_id: Set(input.career_id),
        difficulty: Set(input.difficulty.clone()),
        lang: Set(input.lang.clone().unwrap_or_else(|| "zh".into())),
        source: Set(input.source.clone()),
        source_path: Set(None),
        license: Set(input.license.clone()),
        created_by: Set(Some(admin.user_id)),
        favorites_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::store::fts::index_new_rows(&txn, "questions", &[saved.id]).await?;
    set_tags(&txn, saved.id, &tags).await?;
    txn.commit().await?;
    state.db.forget_totals();
    Ok((StatusCode::CREATED, Json(detail(&state, Viewer::of(Some(&admin.0)), saved.id, true).await?)))
}

/// Edit a question (admins).
#[utoipa::path(patch, path = "/api/questions/{id}", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = QuestionInput, responses(
    (status = 200, body = QuestionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn update_question(State(state): State<AppState>, admin: AdminUser, Path(id): Path<i64>, JsonBody(input): JsonBody<QuestionInput>) -> Result<Json<QuestionDetail>> {
    check_input(&input, false)?;
    check_career(&state.db.read, input.career_id).await?;
    let txn = state.db.write.begin().await?;
    let current = question::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    let tags = match &input.tags {
        Some(t) => {
            set_tags(&txn, id, t).await?;
            clean_tags(t)
        }
        None => question_tag::Entity::find().filter(question_tag::Column::QuestionId.eq(id)).all(&txn).await?.into_iter().map(|t| t.tag).collect(),
    };
    let content = input.content.as_deref().map(str::trim).map(str::to_owned).unwrap_or_else(|| current.content.clone());
    let mut am: question::ActiveModel = current.into();
    am.content_key = Set(content_key(&content));
    am.search_text = Set(search_text(&content, &tags));
    am.content = Set(content);
    if let Some(a) = &input.answer {
        am.answer = Set(Some(a.trim().to_owned()).filter(|a| !a.is_empty()));
    }
    if input.career_id.is_some() {
        am.career_id = Set(input.career_id);
    }
    if input.difficulty.is_some() {
        am.difficulty = Set(input.difficulty.clone());
    }
    if let Some(l) = &input.lang {
        am.lang = Set(l.clone());
    }
    if input.source.is_some() {
        am.source = Set(input.source.clone());
    }
    if input.license.is_some() {
        am.license = Set(input.license.clone());
    }
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    txn.commit().await?;
    state.db.forget_totals();
    Ok(Json(detail(&state, Viewer::of(Some(&admin.0)), id, true).await?))
}

/// Delete a question (admins); its tags, notes, company links and favorites go with it.
#[utoipa::path(delete, path = "/api/questions/{id}", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_question(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>) -> Result<StatusCode> {
    let txn = state.db.write.begin().await?;
    question::Entity::find_by_id(id).one(&txn).await?.ok_or(Error::NotFound)?;
    let mut sql = Sql::new(state.db.backend);
    sql.push("DELETE FROM favorites WHERE target_type = ").bind(KIND).push(" AND target_id = ").bind(id);
    txn.execute_raw(sql.build()).await?;
    question_tag::Entity::delete_many().filter(question_tag::Column::QuestionId.eq(id)).exec(&txn).await?;
    question_note::Entity::delete_many().filter(question_note::Column::QuestionId.eq(id)).exec(&txn).await?;
    question_company::Entity::delete_many().filter(question_company::Column::QuestionId.eq(id)).exec(&txn).await?;
    question::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    state.db.forget_totals();
    Ok(StatusCode::NO_CONTENT)
}

/// One line of the JSONL export (the import schema plus `id`).
#[derive(Serialize)]
struct ExportLine {
    id: i64,
    source: Option<String>,
    source_path: Option<String>,
    license: Option<String>,
    lang: String,
    career: Option<String>,
    tags: Vec<String>,
    difficulty: Option<String>,
    question: String,
    answer: Option<String>,
}

/// The whole bank as JSONL in the import schema (admins).
#[utoipa::path(get, path = "/api/questions/export", tag = "questions", security(("bearer" = [])), responses(
    (status = 200, content_type = "application/x-ndjson", body = String), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
async fn export_questions(State(state): State<AppState>, _admin: AdminUser) -> Result<Response> {
    let careers: HashMap<i64, String> = career::Entity::find().all(&state.db.read).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for t in question_tag::Entity::find().order_by_asc(question_tag::Column::Tag).all(&state.db.read).await? {
        tags.entry(t.question_id).or_default().push(t.tag);
    }
    let mut out = String::new();
    for q in question::Entity::find().order_by_asc(question::Column::Id).all(&state.db.read).await? {
        let line = ExportLine {
            id: q.id,
            source: q.source,
            source_path: q.source_path,
            license: q.license,
            lang: q.lang,
            career: q.career_id.and_then(|c| careers.get(&c).cloned()),
            tags: tags.remove(&q.id).unwrap_or_default(),
            difficulty: q.difficulty,
            question: q.content,
            answer: q.answer,
        };
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"questions.jsonl\"")],
        Body::from(out),
    )
        .into_response())
}

/// Favorite a question (idempotent).
#[utoipa::path(put, path = "/api/questions/{id}/favorite", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn favorite_question(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(favorites::add(&state, me.user_id, TargetType::Question, id, false).await?))
}

/// Remove a question from favorites (idempotent).
#[utoipa::path(delete, path = "/api/questions/{id}/favorite", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn unfavorite_question(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(favorites::remove(&state, me.user_id, TargetType::Question, id).await?))
}

/// The caller's favorite questions, most recently favorited first.
#[utoipa::path(get, path = "/api/favorites/questions", tag = "questions", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<QuestionItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn favorite_questions(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<QuestionItem>>> {
    let (page, per_page) = p.resolve();
    let (ids, total) = favorites::page_of(&state, me.user_id, TargetType::Question, page, per_page).await?;
    let at: HashMap<i64, chrono::DateTime<Utc>> = ids.iter().copied().collect();
    let id_list: Vec<i64> = ids.iter().map(|(id, _)| *id).collect();
    let mut list = items(&state.db.read, Viewer::of(Some(&me.0)), rows_by_ids(&state.db.read, &id_list).await?).await?;
    for q in &mut list {
        q.favorited_at = at.get(&q.id).copied();
    }
    Ok(Json(Paged { items: list, total, page, per_page }))
}

/// `PUT /api/questions/{id}/note` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// 1–5000 characters.
    #[validate(length(min = 1, max = 5000))]
    pub content: String,
}

/// The caller's note on a question.
#[derive(Debug, Serialize, ToSchema)]
pub struct Note {
    pub question_id: i64,
    pub content: String,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: chrono::DateTime<Utc>,
}

/// Write (create or replace) the caller's private note on a question.
#[utoipa::path(put, path = "/api/questions/{id}/note", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NoteInput, responses(
    (status = 200, body = Note), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn put_note(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>, ValidJson(input): ValidJson<NoteInput>) -> Result<Json<Note>> {
    let content = input.content.trim().to_owned();
    if content.is_empty() {
        return Err(Error::field("content", "not_empty"));
    }
    question::Entity::find_by_id(id).one(&state.db.read).await?.ok_or(Error::NotFound)?;
    let now = Utc::now();
    question_note::Entity::insert(question_note::ActiveModel {
        user_id: Set(me.user_id),
        question_id: Set(id),
        content: Set(content.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([question_note::Column::UserId, question_note::Column::QuestionId])
            .update_columns([question_note::Column::Content, question_note::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(&state.db.write)
    .await?;
    Ok(Json(Note { question_id: id, content, updated_at: now }))
}

/// Delete the caller's note on a question (idempotent).
#[utoipa::path(delete, path = "/api/questions/{id}/note", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_note(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    question::Entity::find_by_id(id).one(&state.db.read).await?.ok_or(Error::NotFound)?;
    question_note::Entity::delete_many()
        .filter(question_note::Column::UserId.eq(me.user_id))
        .filter(question_note::Column::QuestionId.eq(id))
        .exec(&state.db.write)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
