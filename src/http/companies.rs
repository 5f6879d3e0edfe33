//! Companies over HTTP (README, "Companies"): the index and autocomplete
//! (`GET /api/companies`), a company page with its statistics
//! (`GET /api/companies/{id}`), and the admin's rename, aliases and merge
//! under `/api/admin/companies`. The rules are in [`crate::features::companies`].

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::{PageParams, Paged, ValidJson, ValidQuery};
use crate::error::{ErrorBody, Result};
use crate::features::companies::{self as feature, CompanyPage, CompanySummary, Order, Outcomes};
use crate::http::auth::AdminUser;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_companies))
        .routes(routes!(get_company))
        .routes(routes!(rename_company))
        .routes(routes!(set_company_aliases))
        .routes(routes!(merge_company))
}

/// A company and how many live 面经 it has.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCount {
    /// `companies.id`.
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// Every spelling (the canonical name included), oldest first.
    pub aliases: Vec<String>,
    /// Live 面经 of the company.
    pub count: i64,
}

impl From<CompanySummary> for CompanyCount {
    fn from(c: CompanySummary) -> Self {
        CompanyCount { id: c.id, name: c.name, aliases: c.aliases, count: c.count }
    }
}

/// `GET /api/companies` query (with [`PageParams`]).
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompanyQuery {
    /// Part of the name or of an alias (ignoring case, width and spaces), ≤ 100 characters.
    #[validate(length(max = 100))]
    pub q: Option<String>,
    /// `count` (default: most 面经 first) | `name`.
    #[validate(custom(function = "sort_code"))]
    pub sort: Option<String>,
}

fn sort_code(s: &str) -> std::result::Result<(), validator::ValidationError> {
    if matches!(s, "count" | "name") { Ok(()) } else { Err(validator::ValidationError::new("enum_value")) }
}

/// Companies by name or alias, most 面经 first or by name (index and autocomplete).
#[utoipa::path(get, path = "/api/companies", tag = "companies", params(CompanyQuery, PageParams), responses(
    (status = 200, body = Paged<CompanyCount>), (status = 400, body = ErrorBody)))]
async fn list_companies(State(state): State<AppState>, ValidQuery(q): ValidQuery<CompanyQuery>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<CompanyCount>>> {
    let (page, per_page) = p.resolve();
    let order = if q.sort.as_deref() == Some("name") { Order::Name } else { Order::Count };
    let text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let found = feature::list(&state, text, order, page, per_page).await?;
    Ok(Json(Paged::from_page(found, CompanyCount::from)))
}

/// Outcome counts; `share_*` are fractions (0–1) of the posts that state an
/// outcome (`null` when none does).
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyOutcomeStats {
    pub offer: i64,
    pub rejected: i64,
    pub pending: i64,
    /// Posts without a result.
    pub unknown: i64,
    pub share_offer: Option<f64>,
    pub share_rejected: Option<f64>,
    pub share_pending: Option<f64>,
}

impl From<Outcomes> for CompanyOutcomeStats {
    fn from(o: Outcomes) -> Self {
        let known = o.offer + o.rejected + o.pending;
        let share = |n: i64| (known > 0).then(|| n as f64 / known as f64);
        CompanyOutcomeStats { share_offer: share(o.offer), share_rejected: share(o.rejected), share_pending: share(o.pending), offer: o.offer, rejected: o.rejected, pending: o.pending, unknown: o.unknown }
    }
}

/// Difficulty counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyDifficultyStats {
    pub easy: i64,
    pub medium: i64,
    pub hard: i64,
    /// Posts without a difficulty.
    pub unknown: i64,
}

/// One recruiting season: August–December of `year` is `autumn` (秋招),
/// January–July is `spring` (春招), by interview date, else posting date.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanySeasonStats {
    /// `YYYY-autumn` | `YYYY-spring`.
    pub season: String,
    pub year: i32,
    /// `autumn` | `spring`.
    pub term: String,
    pub total: i64,
    pub outcomes: CompanyOutcomeStats,
}

/// One position.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyPositionStats {
    /// `null`: posts without a position.
    pub position: Option<String>,
    pub total: i64,
    pub offer: i64,
    pub rejected: i64,
}

/// A bank question reported in the company's 面经.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyAskedQuestion {
    /// `questions.id` (for a mock interview).
    pub id: i64,
    pub content: String,
    /// Live 面经 of the company reporting it.
    pub count: i64,
}

/// A company page: the company and the statistics of its live 面经.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyDetail {
    #[serde(flatten)]
    pub company: CompanyCount,
    pub outcomes: CompanyOutcomeStats,
    pub difficulty: CompanyDifficultyStats,
    /// Mean interview evaluation, 1–5; `null` when no post gives one.
    pub average_rating: Option<f64>,
    /// Posts giving an evaluation.
    pub ratings: i64,
    /// Oldest first (the trend chart).
    pub seasons: Vec<CompanySeasonStats>,
    /// Most common first, at most 10.
    pub positions: Vec<CompanyPositionStats>,
    /// Most reported first, at most 10.
    pub questions: Vec<CompanyAskedQuestion>,
}

impl From<CompanyPage> for CompanyDetail {
    fn from(p: CompanyPage) -> Self {
        CompanyDetail {
            company: p.company.into(),
            outcomes: p.outcomes.into(),
            difficulty: CompanyDifficultyStats { easy: p.difficulty.easy, medium: p.difficulty.medium, hard: p.difficulty.hard, unknown: p.difficulty.unknown },
            average_rating: p.average_rating,
            ratings: p.ratings,
            seasons: p
                .seasons
                .into_iter()
                .map(|s| CompanySeasonStats { season: s.season, year: s.year, term: s.term.to_owned(), total: s.total, outcomes: s.outcomes.into() })
                .collect(),
            positions: p.positions.into_iter().map(|x| CompanyPositionStats { position: x.position, total: x.total, offer: x.offer, rejected: x.rejected }).collect(),
            questions: p.questions.into_iter().map(|q| CompanyAskedQuestion { id: q.id, content: q.content, count: q.count }).collect(),
        }
    }
}

/// A company with its statistics (its recent 面经: `GET /api/experiences?company_id=`).
#[utoipa::path(get, path = "/api/companies/{id}", tag = "companies", params(("id" = i64, Path)), responses(
    (status = 200, body = CompanyDetail), (status = 404, body = ErrorBody)))]
async fn get_company(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<CompanyDetail>> {
    Ok(Json(feature::page(&state, id).await?.into()))
}

/// Body of `PATCH /api/admin/companies/{id}`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameCompany {
    /// New canonical name, 1–100 characters; it becomes an alias too.
    pub name: String,
}

/// Rename a company (admin). 409 `alias_taken` when another company has the spelling.
#[utoipa::path(patch, path = "/api/admin/companies/{id}", tag = "companies", security(("bearer" = [])), params(("id" = i64, Path)), request_body = RenameCompany, responses(
    (status = 200, body = CompanyDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn rename_company(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>, ValidJson(body): ValidJson<RenameCompany>) -> Result<Json<CompanyDetail>> {
    feature::rename(&state, id, &body.name).await?;
    Ok(Json(feature::page(&state, id).await?.into()))
}

/// Body of `PUT /api/admin/companies/{id}/aliases`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyAliasesInput {
    /// Every spelling the company should have (≤ 50, each 1–100
    /// characters); the canonical name stays one regardless.
    pub aliases: Vec<String>,
}

/// Replace a company's aliases (admin). 409 `alias_taken` when another company has one.
#[utoipa::path(put, path = "/api/admin/companies/{id}/aliases", tag = "companies", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CompanyAliasesInput, responses(
    (status = 200, body = CompanyDetail), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn set_company_aliases(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>, ValidJson(body): ValidJson<CompanyAliasesInput>) -> Result<Json<CompanyDetail>> {
    feature::set_aliases(&state, id, &body.aliases).await?;
    Ok(Json(feature::page(&state, id).await?.into()))
}

/// Body of `POST /api/admin/companies/{id}/merge`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeCompany {
    /// The company that absorbs this one.
    pub into: i64,
}

/// Merge a company into another (admin): its 面经 and aliases move in one
/// transaction and it is deleted. 400 `merge_same` for the same company.
#[utoipa::path(post, path = "/api/admin/companies/{id}/merge", tag = "companies", security(("bearer" = [])), params(("id" = i64, Path)), request_body = MergeCompany, responses(
    (status = 200, body = CompanyDetail, description = "the company merged into"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn merge_company(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>, ValidJson(body): ValidJson<MergeCompany>) -> Result<Json<CompanyDetail>> {
    feature::merge(&state, id, body.into).await?;
    Ok(Json(feature::page(&state, body.into).await?.into()))
}
