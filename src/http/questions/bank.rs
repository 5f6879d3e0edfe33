//! Browsing the bank: `GET /api/questions` (filters and full-text search),
//! a question with its answer, note and related questions, random draws,
//! and the caller's favorite questions.

use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::{items, valid_difficulty, valid_kind, valid_lang, QuestionDetail, QuestionItem};
use crate::entity::enums::{ContentLang, Difficulty};
use crate::error::Result;
use crate::features::community::Viewer;
use crate::features::questions::bank;
use crate::http::auth::{AuthUser, MaybeAuthUser};
use crate::entity::enums::TargetType;
use crate::features::community::favorites::{self, FavoriteState};
use crate::http::{PageParams, Paged, ValidQuery};
use crate::state::AppState;
use crate::store::questions::QuestionFilter;

/// `GET /api/questions` query (with [`PageParams`]).
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
    /// Questions reported in 面经 of this company, by any of its spellings
    /// (name or alias, compared without case, width or spaces).
    #[validate(length(max = 100))]
    pub company: Option<String>,
    /// Only questions with (true) or without (false) a reference answer.
    pub has_answer: Option<bool>,
    /// Only questions of this kind: `technical` | `coding` | `design` |
    /// `behavioural` | `reverse` (`reverse`: questions to ask the interviewer).
    #[validate(custom(function = "valid_kind"))]
    pub kind: Option<String>,
}

/// A validated difficulty code (`None` when absent).
fn difficulty(s: Option<&str>) -> Option<Difficulty> {
    s.and_then(|d| d.parse().ok())
}

/// A validated language code (`None` when absent).
fn lang(s: Option<&str>) -> Option<ContentLang> {
    s.and_then(|l| l.parse().ok())
}

impl QuestionQuery {
    fn filter(&self) -> QuestionFilter {
        QuestionFilter {
            career_id: self.career_id,
            difficulty: difficulty(self.difficulty.as_deref()),
            tag: self.tag.clone(),
            lang: lang(self.lang.as_deref()),
            company: self.company.clone(),
            company_id: None,
            has_answer: self.has_answer,
            kinds: self.kind.as_deref().and_then(|k| k.parse().ok()).into_iter().collect(),
        }
    }
}

/// Browse and search the bank.
#[utoipa::path(get, path = "/api/questions", tag = "questions", params(QuestionQuery, PageParams), responses(
    (status = 200, body = Paged<QuestionItem>), (status = 400, body = crate::error::ErrorBody)))]
pub(super) async fn list_questions(
    State(state): State<AppState>,
    MaybeAuthUser(me): MaybeAuthUser,
    ValidQuery(query): ValidQuery<QuestionQuery>,
    ValidQuery(p): ValidQuery<PageParams>,
) -> Result<Json<Paged<QuestionItem>>> {
    let (page, per_page) = p.resolve();
    let (list, total) = bank::list(&state, Viewer::of(me.as_ref()), &query.filter(), query.q.as_deref(), page, per_page).await?;
    Ok(Json(Paged { items: items(list), total, page, per_page }))
}

/// One question with its reference answer, the caller's note and related questions.
#[utoipa::path(get, path = "/api/questions/{id}", tag = "questions", params(("id" = i64, Path)), responses(
    (status = 200, body = QuestionDetail), (status = 404, body = crate::error::ErrorBody)))]
pub(super) async fn get_question(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>) -> Result<Json<QuestionDetail>> {
    Ok(Json(bank::detail(&state, Viewer::of(me.as_ref()), id, false).await?.into()))
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

/// Random distinct questions honouring the filters (fewer when fewer match).
#[utoipa::path(get, path = "/api/questions/random", tag = "questions", params(RandomQuery), responses(
    (status = 200, body = Vec<QuestionItem>), (status = 400, body = crate::error::ErrorBody)))]
pub(super) async fn random_questions(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, ValidQuery(p): ValidQuery<RandomQuery>) -> Result<Json<Vec<QuestionItem>>> {
    let filter = QuestionFilter {
        career_id: p.career_id,
        difficulty: difficulty(p.difficulty.as_deref()),
        tag: p.tag,
        lang: lang(p.lang.as_deref()),
        ..Default::default()
    };
    Ok(Json(items(bank::random(&state, Viewer::of(me.as_ref()), &filter, p.count.unwrap_or(5)).await?)))
}

/// Favorite a question (idempotent).
#[utoipa::path(put, path = "/api/questions/{id}/favorite", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub(super) async fn favorite_question(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(favorites::add(&state, me.user_id, TargetType::Question, id, false).await?))
}

/// Remove a question from favorites (idempotent).
#[utoipa::path(delete, path = "/api/questions/{id}/favorite", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub(super) async fn unfavorite_question(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(favorites::remove(&state, me.user_id, TargetType::Question, id).await?))
}

/// The caller's favorite questions, most recently favorited first.
#[utoipa::path(get, path = "/api/favorites/questions", tag = "questions", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<QuestionItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
pub(super) async fn favorite_questions(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<QuestionItem>>> {
    let (page, per_page) = p.resolve();
    let found = bank::favorites_of(&state, &me.0, page, per_page).await?;
    Ok(Json(Paged::from_page(found, QuestionItem::from)))
}
