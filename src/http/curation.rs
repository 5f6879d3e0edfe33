//! Administrators' curation over HTTP: careers, schools and discussion tags
//! under `/api/admin/{careers,schools,tags}`, and the site statistics
//! (`GET /api/admin/stats?days=N`). Every endpoint is admin-only (401
//! anonymous, 403 for other users). The rules are in
//! [`crate::features::curation`] and [`crate::features::stats`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::{PageParams, Paged, SearchPage, ValidJson, ValidQuery};
use crate::entity::tag;
use crate::error::Result;
use crate::features::catalog::career_label;
use crate::features::{curation, stats};
use crate::http::auth::AdminUser;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::features::curation::{CareerUse, SchoolUse};

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(admin_list_careers, create_career))
        .routes(routes!(update_career, delete_career))
        .routes(routes!(admin_list_schools, create_school))
        .routes(routes!(update_school, delete_school))
        .routes(routes!(merge_school))
        .routes(routes!(admin_list_tags, create_tag))
        .routes(routes!(rename_tag, delete_tag))
        .routes(routes!(merge_tag))
        .routes(routes!(site_stats))
}

/// A career as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminCareer {
    /// `careers.id`.
    pub id: i64,
    /// The stored name (what filters send).
    pub name: String,
    /// The name in the caller's language (seeded careers are translated).
    pub label: String,
    /// Display order, ascending.
    pub sort_order: i32,
    /// Questions, 面经 and mock interviews with this career; a career in
    /// use cannot be deleted.
    pub uses: u64,
}

fn career(c: CareerUse, lang: Lang) -> AdminCareer {
    AdminCareer { id: c.career.id, label: career_label(lang, &c.career.name), name: c.career.name, sort_order: c.career.sort_order, uses: c.uses }
}

/// Body of `POST /api/admin/careers`; `PATCH` takes either field.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CareerInput {
    /// 1–50 characters once trimmed; unique.
    #[validate(length(max = 200))]
    pub name: Option<String>,
    /// Display order (ascending); new careers go last without one.
    #[validate(range(min = -100000, max = 100000))]
    pub sort_order: Option<i32>,
}

/// Every career in display order with its uses (admins).
#[utoipa::path(get, path = "/api/admin/careers", tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = Vec<AdminCareer>),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
async fn admin_list_careers(State(state): State<AppState>, _admin: AdminUser, lang: Lang) -> Result<Json<Vec<AdminCareer>>> {
    Ok(Json(curation::careers(&state).await?.into_iter().map(|c| career(c, lang)).collect()))
}

/// Add a career (admins). 409 `name_taken` when one has the name.
#[utoipa::path(post, path = "/api/admin/careers", tag = "admin", security(("bearer" = [])), request_body = CareerInput, responses(
    (status = 201, body = AdminCareer), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn create_career(State(state): State<AppState>, _admin: AdminUser, lang: Lang, ValidJson(b): ValidJson<CareerInput>) -> Result<(StatusCode, Json<AdminCareer>)> {
    let c = curation::create_career(&state, b.name.as_deref().unwrap_or_default(), b.sort_order).await?;
    Ok((StatusCode::CREATED, Json(career(c, lang))))
}

/// Rename a career or move it (admins); what uses it follows.
#[utoipa::path(patch, path = "/api/admin/careers/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CareerInput, responses(
    (status = 200, body = AdminCareer), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn update_career(State(state): State<AppState>, _admin: AdminUser, lang: Lang, Path(id): Path<i64>, ValidJson(b): ValidJson<CareerInput>) -> Result<Json<AdminCareer>> {
    Ok(Json(career(curation::update_career(&state, id, b.name.as_deref(), b.sort_order).await?, lang)))
}

/// Delete a career nothing uses (admins); 409 `in_use` otherwise.
#[utoipa::path(delete, path = "/api/admin/careers/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn delete_career(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>) -> Result<StatusCode> {
    curation::delete_career(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A school as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminSchool {
    /// `schools.id`.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Province, region or country.
    pub region: Option<String>,
    /// Users whose profile names it; a school in use cannot be deleted
    /// (merge it instead).
    pub users: u64,
}

impl From<SchoolUse> for AdminSchool {
    fn from(s: SchoolUse) -> Self {
        AdminSchool { id: s.school.id, name: s.school.name, region: s.school.region, users: s.users }
    }
}

/// Body of `POST /api/admin/schools`; `PATCH` takes either field.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolInput {
    /// 1–100 characters once trimmed; unique.
    #[validate(length(max = 400))]
    pub name: Option<String>,
    /// ≤ 50 characters; empty or `null` clears it.
    #[serde(default, deserialize_with = "crate::http::nullable")]
    #[schema(value_type = Option<String>)]
    pub region: Option<Option<String>>,
}

/// Schools whose name contains `q`, by id, with their users (admins).
#[utoipa::path(get, path = "/api/admin/schools", tag = "admin", security(("bearer" = [])), params(SearchPage, PageParams), responses(
    (status = 200, body = Paged<AdminSchool>), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
async fn admin_list_schools(State(state): State<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<SearchPage>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<AdminSchool>>> {
    let (page, per_page) = p.resolve();
    let (rows, total) = curation::schools(&state, q.text(), page, per_page).await?;
    Ok(Json(Paged { items: rows.into_iter().map(Into::into).collect(), total, page, per_page }))
}

/// Add a school (admins). 409 `name_taken` when one has the name.
#[utoipa::path(post, path = "/api/admin/schools", tag = "admin", security(("bearer" = [])), request_body = SchoolInput, responses(
    (status = 201, body = AdminSchool), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn create_school(State(state): State<AppState>, _admin: AdminUser, ValidJson(b): ValidJson<SchoolInput>) -> Result<(StatusCode, Json<AdminSchool>)> {
    let s = curation::create_school(&state, b.name.as_deref().unwrap_or_default(), b.region.flatten().as_deref()).await?;
    Ok((StatusCode::CREATED, Json(s.into())))
}

/// Rename a school or set its region (admins).
#[utoipa::path(patch, path = "/api/admin/schools/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SchoolInput, responses(
    (status = 200, body = AdminSchool), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn update_school(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>, ValidJson(b): ValidJson<SchoolInput>) -> Result<Json<AdminSchool>> {
    let region = b.region.as_ref().map(|r| r.as_deref());
    Ok(Json(curation::update_school(&state, id, b.name.as_deref(), region).await?.into()))
}

/// Delete a school no user picked (admins); 409 `in_use` otherwise.
#[utoipa::path(delete, path = "/api/admin/schools/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn delete_school(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>) -> Result<StatusCode> {
    curation::delete_school(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of the merges (`POST /api/admin/{schools,tags}/{id}/merge`).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInto {
    /// The id that stays.
    pub into: i64,
}

/// Merge a school into another (admins): its users move, it goes, in one
/// transaction. Answers the school that stays.
#[utoipa::path(post, path = "/api/admin/schools/{id}/merge", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = MergeInto, responses(
    (status = 200, body = AdminSchool), (status = 400, body = crate::error::ErrorBody, description = "merge_self"),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn merge_school(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>, ValidJson(b): ValidJson<MergeInto>) -> Result<Json<AdminSchool>> {
    Ok(Json(curation::merge_school(&state, id, b.into).await?.into()))
}

/// A discussion tag as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminTag {
    /// `tags.id`.
    pub id: i64,
    /// The tag as written.
    pub name: String,
    /// Live discussions carrying it.
    pub usage_count: i32,
}

impl From<tag::Model> for AdminTag {
    fn from(t: tag::Model) -> Self {
        AdminTag { id: t.id, name: t.name, usage_count: t.usage_count }
    }
}

/// Body of `POST /api/admin/tags` and `PATCH /api/admin/tags/{id}`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagInput {
    /// 1–50 characters once trimmed; unique ignoring case.
    #[validate(length(max = 200))]
    pub name: String,
}

/// Tags, unused ones included, most used first; `q` is part of the name (admins).
#[utoipa::path(get, path = "/api/admin/tags", tag = "admin", security(("bearer" = [])), params(SearchPage, PageParams), responses(
    (status = 200, body = Paged<AdminTag>), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
async fn admin_list_tags(State(state): State<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<SearchPage>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<AdminTag>>> {
    let (page, per_page) = p.resolve();
    let (rows, total) = curation::tags(&state, q.text(), page, per_page).await?;
    Ok(Json(Paged { items: rows.into_iter().map(Into::into).collect(), total, page, per_page }))
}

/// Add a tag (admins). 409 `name_taken` when one has the name ignoring case.
#[utoipa::path(post, path = "/api/admin/tags", tag = "admin", security(("bearer" = [])), request_body = TagInput, responses(
    (status = 201, body = AdminTag), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn create_tag(State(state): State<AppState>, _admin: AdminUser, ValidJson(b): ValidJson<TagInput>) -> Result<(StatusCode, Json<AdminTag>)> {
    Ok((StatusCode::CREATED, Json(curation::create_tag(&state, &b.name).await?.into())))
}

/// Rename a tag (admins); its discussions show the new name. 409
/// `name_taken` when another tag has it (merge them instead).
#[utoipa::path(patch, path = "/api/admin/tags/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = TagInput, responses(
    (status = 200, body = AdminTag), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn rename_tag(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>, ValidJson(b): ValidJson<TagInput>) -> Result<Json<AdminTag>> {
    Ok(Json(curation::rename_tag(&state, id, &b.name).await?.into()))
}

/// Delete a tag (admins), detaching it from its discussions in the same transaction.
#[utoipa::path(delete, path = "/api/admin/tags/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody)))]
async fn delete_tag(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>) -> Result<StatusCode> {
    curation::delete_tag(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Merge a tag into another (admins): its discussions carry the other, it
/// goes, in one transaction. Answers the tag that stays.
#[utoipa::path(post, path = "/api/admin/tags/{id}/merge", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = MergeInto, responses(
    (status = 200, body = AdminTag), (status = 400, body = crate::error::ErrorBody, description = "merge_self"),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn merge_tag(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>, ValidJson(b): ValidJson<MergeInto>) -> Result<Json<AdminTag>> {
    Ok(Json(curation::merge_tag(&state, id, b.into).await?.into()))
}

/// `GET /api/admin/stats` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Days to cover, today included (UTC): 1–366. Default 30.
    #[validate(range(min = 1, max = 366))]
    pub days: Option<u32>,
}

/// One day's figures (or the totals over the range).
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsDay {
    /// `YYYY-MM-DD`, UTC (the last day for the totals).
    pub date: NaiveDate,
    /// Accounts made.
    pub new_users: u64,
    /// 面经 posted by users (imports left out), not deleted since.
    pub experiences: u64,
    /// Discussions started, not deleted since.
    pub discussions: u64,
    /// `experiences + discussions`.
    pub posts: u64,
    /// Distinct users who logged in, used a session or wrote that day; in
    /// the totals, distinct over the whole range.
    pub active_users: u64,
    /// Mock interviews started.
    pub mock_interviews: u64,
}

impl From<stats::Day> for StatsDay {
    fn from(d: stats::Day) -> Self {
        StatsDay {
            date: d.date,
            new_users: d.new_users,
            experiences: d.experiences,
            discussions: d.discussions,
            posts: d.experiences + d.discussions,
            active_users: d.active_users,
            mock_interviews: d.mock_interviews,
        }
    }
}

/// Site statistics over the last `days` days.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteStats {
    /// Days covered.
    pub days: u32,
    /// First day (UTC).
    pub from: NaiveDate,
    /// Last day (UTC): today.
    pub to: NaiveDate,
    /// Live accounts now.
    pub users: u64,
    /// Sums over the range (active users counted once each).
    pub totals: StatsDay,
    /// One entry per day, oldest first, zero where nothing happened.
    pub series: Vec<StatsDay>,
}

/// Site statistics (admins): users, new posts, active users and mock
/// interviews per UTC day over the last `days` days (README, "Administration").
#[utoipa::path(get, path = "/api/admin/stats", tag = "admin", security(("bearer" = [])), params(StatsQuery), responses(
    (status = 200, body = SiteStats), (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
async fn site_stats(State(state): State<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<StatsQuery>) -> Result<Json<SiteStats>> {
    let s = stats::site(&state, q.days.unwrap_or(30)).await?;
    Ok(Json(SiteStats { days: s.days, from: s.from, to: s.to, users: s.users, totals: s.totals.into(), series: s.series.into_iter().map(Into::into).collect() }))
}
