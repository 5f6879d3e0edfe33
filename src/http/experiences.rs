//! 面经 over HTTP (README, "Using the API"): list with filters, search and
//! sorts; create; detail (counts a view); edit (author); delete (author or
//! admin); the caller's own. The rules are in
//! [`crate::features::experiences`].

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::community::Author;
use super::{code, nullable, JsonBody, PageParams, Paged, ValidQuery};
use crate::entity::enums::{Difficulty, ExperienceSort, InterviewResult};
use crate::error::{ErrorBody, Result};
use crate::features::community::Viewer;
use crate::features::experiences::{self as feature, DetailView, ExperiencePatch, ExperienceView, ListQuery};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp, MaybeAuthUser};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_experiences, create_experience))
        .routes(routes!(my_experiences))
        .routes(routes!(get_experience, update_experience, delete_experience))
}

/// A 面经 in a list: no content, an excerpt instead.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExperienceItem {
    pub id: i64,
    pub title: String,
    /// As the author typed it.
    pub company: String,
    /// The company it resolves to (`GET /api/companies/{id}`).
    pub company_id: Option<i64>,
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
    /// How many users count it helpful (有帮助).
    pub helpful: i32,
    /// The caller counts it helpful.
    pub is_helpful: bool,
    /// Where an imported post comes from (`owner/repo`), with its licence.
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub license: Option<String>,
    /// `zh` | `en`.
    pub lang: String,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
    /// When the caller favorited it (favorites lists only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favorited_at: Option<ApiTime>,
}

impl ExperienceItem {
    /// `v` in the caller's language (the name of a deleted author).
    pub fn new(v: ExperienceView, lang: Lang) -> ExperienceItem {
        let r = v.row;
        let author = v.author_visible.then(|| Author::new(lang, r.author_id, r.author_name, r.author_avatar, r.author_deleted_at.is_some()));
        ExperienceItem {
            id: r.id,
            title: r.title,
            company: r.company,
            company_id: r.company_id,
            position: r.position,
            career_id: r.career_id,
            career_name: r.career_name,
            interview_date: r.interview_date,
            interview_result: r.interview_result,
            interview_difficulty: r.interview_difficulty,
            interview_evaluation: r.interview_evaluation,
            excerpt: r.excerpt,
            question_count: r.question_count,
            anonymous: r.anonymous,
            author,
            is_author: v.is_author,
            view_count: r.view_count,
            favorites: r.favorites_count,
            comments: r.comments_count,
            is_favorited: v.favorited,
            helpful: r.helpful_count,
            is_helpful: v.helpful,
            source: r.source,
            source_path: r.source_path,
            license: r.license,
            lang: r.lang,
            created_at: r.created_at.into(),
            updated_at: r.updated_at.into(),
            favorited_at: None,
        }
    }
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

impl ExperienceDetail {
    fn new(d: DetailView, lang: Lang) -> ExperienceDetail {
        ExperienceDetail { item: ExperienceItem::new(d.view, lang), interview_questions: d.interview_questions, content: d.content }
    }
}

/// `GET /api/experiences` filters (with [`PageParams`]).
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExperienceQuery {
    /// Any spelling of a company (its name or an alias, ignoring case,
    /// width and spaces; see `GET /api/companies`).
    #[validate(length(max = 100))]
    pub company: Option<String>,
    /// Only posts of company `company_id`.
    pub company_id: Option<i64>,
    /// Part of the position.
    #[validate(length(max = 100))]
    pub position: Option<String>,
    pub career_id: Option<i64>,
    /// `offer` | `rejected` | `pending`.
    #[validate(custom(function = "code::<InterviewResult>"))]
    pub result: Option<String>,
    /// `easy` | `medium` | `hard`.
    #[validate(custom(function = "code::<Difficulty>"))]
    pub difficulty: Option<String>,
    /// Full-text search (Chinese segmented with jieba, English by words); every word must match.
    /// A `q` that is a company spelling (or has exactly one such word) filters by that company instead.
    #[validate(length(max = 200))]
    pub q: Option<String>,
    /// `latest` (default; `relevance` when `q` is given), `popular` (most
    /// favorited), `top_rated` (highest interview evaluation), `helpful`
    /// (most 有帮助 votes), `relevance`.
    #[validate(custom(function = "code::<ExperienceSort>"))]
    pub sort: Option<String>,
    /// Language of the posts: `zh`, `en`, or `all` (the default). The UI
    /// sends the reader's language first (zh-CN and zh-TW → `zh`).
    #[validate(custom(function = "valid_lang"))]
    pub lang: Option<String>,
}

/// `lang` of a 面经 list: `zh` | `en` | `all` (`enum_value`).
fn valid_lang(lang: &str) -> std::result::Result<(), validator::ValidationError> {
    if matches!(lang, "zh" | "en" | "all") { Ok(()) } else { Err(validator::ValidationError::new("enum_value")) }
}

/// The language filter of `lang` (`all` and none: every language).
pub(super) fn lang_filter(lang: Option<&str>) -> Option<String> {
    lang.filter(|l| *l != "all").map(str::to_owned)
}

impl ExperienceQuery {
    fn to_list(&self, p: &PageParams) -> ListQuery {
        ListQuery {
            company: self.company.clone(),
            company_id: self.company_id,
            position: self.position.clone(),
            career_id: self.career_id,
            result: self.result.as_deref().and_then(|s| s.parse().ok()),
            difficulty: self.difficulty.as_deref().and_then(|s| s.parse().ok()),
            q: self.q.clone(),
            sort: self.sort.as_deref().and_then(|s| s.parse().ok()),
            lang: lang_filter(self.lang.as_deref()),
            public: false,
            page: p.page,
            per_page: p.per_page,
        }
    }
}

/// List 面经 with filters, search and sorts. Deleted posts never appear;
/// anonymous posts hide their author. Logged-out callers get a cached body.
#[utoipa::path(get, path = "/api/experiences", tag = "experiences", params(ExperienceQuery, PageParams), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = ErrorBody)))]
async fn list_experiences(
    State(state): State<AppState>,
    lang: Lang,
    MaybeAuthUser(me): MaybeAuthUser,
    ValidQuery(query): ValidQuery<ExperienceQuery>,
    ValidQuery(p): ValidQuery<PageParams>,
) -> Result<Response> {
    let query = query.to_list(&p);
    if me.is_none() {
        let serialise = move |page: &crate::features::Page<ExperienceView>| {
            let body = Paged::from_page(page.clone(), |v| ExperienceItem::new(v, lang));
            bytes::Bytes::from(serde_json::to_vec(&body).unwrap_or_default())
        };
        if let Some(body) = feature::anonymous_list(&state, &query, lang, serialise).await? {
            return Ok(([(header::CONTENT_TYPE, "application/json")], body.0).into_response());
        }
    }
    let page = feature::list(&state, Viewer::of(me.as_ref()), &query, None).await?;
    Ok(Json(Paged::from_page(page, |v| ExperienceItem::new(v, lang))).into_response())
}

/// The caller's own 面经 (anonymous ones included), newest first.
#[utoipa::path(get, path = "/api/experiences/users", tag = "experiences", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn my_experiences(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<ExperienceItem>>> {
    let query = ListQuery { page: p.page, per_page: p.per_page, ..Default::default() };
    let page = feature::list(&state, Viewer::of(Some(&me.0)), &query, Some(me.user_id)).await?;
    Ok(Json(Paged::from_page(page, |v| ExperienceItem::new(v, lang))))
}

/// One 面经; counts a view.
#[utoipa::path(get, path = "/api/experiences/{id}", tag = "experiences", params(("id" = i64, Path)), responses(
    (status = 200, body = ExperienceDetail), (status = 404, body = ErrorBody)))]
async fn get_experience(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>) -> Result<Json<ExperienceDetail>> {
    Ok(Json(ExperienceDetail::new(feature::get(&state, Viewer::of(me.as_ref()), id, true).await?, lang)))
}

/// Body of `POST /api/experiences`; `PATCH` takes any subset.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperienceInput {
    /// 1–100 characters.
    pub title: Option<String>,
    /// 1–100 characters.
    pub company: Option<String>,
    /// 1–100 characters.
    pub position: Option<String>,
    /// `null` clears it (on `PATCH`).
    #[serde(default, deserialize_with = "nullable")]
    pub career_id: Option<Option<i64>>,
    /// `YYYY-MM-DD`, not in the future; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub interview_date: Option<Option<String>>,
    /// `offer` | `rejected` | `pending`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub interview_result: Option<Option<String>>,
    /// `easy` | `medium` | `hard`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub interview_difficulty: Option<Option<String>>,
    /// 1–5; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub interview_evaluation: Option<Option<i16>>,
    /// ≤ 50 questions of ≤ 500 characters.
    pub interview_questions: Option<Vec<String>>,
    /// Markdown, 1–50000 characters.
    pub content: Option<String>,
    /// Hide the author from other users.
    pub anonymous: Option<bool>,
    /// On `POST`: post even if it nearly duplicates one of the author's own
    /// posts of the last 30 days (otherwise 409 `possible_duplicate`); ignored
    /// on `PATCH`.
    pub confirm_duplicate: Option<bool>,
}

impl From<ExperienceInput> for ExperiencePatch {
    fn from(i: ExperienceInput) -> ExperiencePatch {
        ExperiencePatch {
            title: i.title,
            company: i.company,
            position: i.position,
            career_id: i.career_id,
            interview_date: i.interview_date,
            interview_result: i.interview_result,
            interview_difficulty: i.interview_difficulty,
            interview_evaluation: i.interview_evaluation,
            interview_questions: i.interview_questions,
            content: i.content,
            anonymous: i.anonymous,
        }
    }
}

/// Share a 面经. 401 when logged out.
#[utoipa::path(post, path = "/api/experiences", tag = "experiences", security(("bearer" = [])), request_body = ExperienceInput, responses(
    (status = 201, body = ExperienceDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 409, body = ErrorBody, description = "possible_duplicate: a near-duplicate of the author's own recent post, unless `confirm_duplicate`; the body also has `existing_id`, that post"), (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn create_experience(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, JsonBody(input): JsonBody<ExperienceInput>) -> Result<Response> {
    let confirmed = input.confirm_duplicate.unwrap_or(false);
    let patch: ExperiencePatch = input.into();
    if !confirmed && let Some(existing) = feature::similar::recent_duplicate(&state, me.user_id, &patch).await? {
        return Ok(super::duplicate::possible_duplicate(lang, existing));
    }
    write_limits::charge(&state, Action::Experience, Some(&me.0), &ip).await?;
    let created = feature::create(&state, &me.0, &patch).await?;
    Ok((StatusCode::CREATED, Json(ExperienceDetail::new(created, lang))).into_response())
}

/// Edit a 面经 (author only); any subset of the fields.
#[utoipa::path(patch, path = "/api/experiences/{id}", tag = "experiences", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ExperienceInput, responses(
    (status = 200, body = ExperienceDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_experience(
    State(state): State<AppState>,
    lang: Lang,
    me: AuthUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<ExperienceInput>,
) -> Result<Json<ExperienceDetail>> {
    Ok(Json(ExperienceDetail::new(feature::update(&state, &me.0, id, &input.into()).await?, lang)))
}

/// Delete a 面经 (its author or an admin). Soft: comments and favorites stay
/// in the database but the post disappears from every list.
#[utoipa::path(delete, path = "/api/experiences/{id}", tag = "experiences", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_experience(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    feature::delete(&state, &me.0, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
