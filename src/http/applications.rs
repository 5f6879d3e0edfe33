//! The application tracker over HTTP (issue 19, [`crate::features::applications`]):
//! `/api/applications` lists (by stage), creates, reads, edits and deletes
//! the caller's own applications with their rounds;
//! `/api/applications/upcoming` lists the caller's written tests and
//! interviews of the next days. Another user's application answers 404.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::{code, nullable, JsonBody, ValidQuery};
use crate::entity::enums::ApplicationStage;
use crate::error::{ErrorBody, Result};
use crate::features::applications::{self as feature, ApplicationInput, RoundInput, Tracked};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp};
use crate::state::AppState;
use crate::store::applications::{ApplicationRow, UpcomingRow};
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_applications, create_application))
        .routes(routes!(upcoming_interviews))
        .routes(routes!(get_application, update_application, delete_application))
}

/// One round of an application.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationRound {
    /// `applied` | `written_test` | `first_interview` | `second_interview` |
    /// `third_interview` | `hr_interview` | `offer` | `rejected`.
    pub stage: String,
    /// The day, `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    /// The time of day, `HH:MM`, in the owner's clock.
    pub time: Option<String>,
    pub notes: Option<String>,
    /// The questions asked, in order.
    pub questions: Vec<String>,
}

/// A tracked job application, only ever shown to its owner.
#[derive(Debug, Serialize, ToSchema)]
pub struct Application {
    pub id: i64,
    /// The company as typed.
    pub company: String,
    /// The company entity of that spelling (any alias; its page is
    /// `/companies/{company_id}`), `null` when no company is spelt so.
    pub company_id: Option<i64>,
    pub position: String,
    /// `referral` (内推) | `official` (官网) | `job_fair` (招聘会) | `headhunter` (猎头) | `other`.
    pub channel: String,
    /// `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date)]
    pub applied_on: Option<NaiveDate>,
    /// The current stage (codes as [`ApplicationRound::stage`]).
    pub stage: String,
    pub notes: Option<String>,
    /// The rounds, in order.
    pub rounds: Vec<ApplicationRound>,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
}

impl From<Tracked> for Application {
    fn from(t: Tracked) -> Application {
        let (r, company_id) = (t.row, t.company_id);
        let a = r.app;
        Application {
            id: a.id,
            company: a.company,
            company_id,
            position: a.position,
            channel: a.channel,
            applied_on: a.applied_on,
            stage: a.stage,
            notes: a.notes,
            rounds: r
                .rounds
                .into_iter()
                .map(|x| ApplicationRound {
                    stage: x.stage,
                    date: x.scheduled_on,
                    time: x.scheduled_time,
                    notes: x.notes,
                    questions: serde_json::from_str(&x.questions).unwrap_or_default(),
                })
                .collect(),
            created_at: a.created_at.into(),
            updated_at: a.updated_at.into(),
        }
    }
}

/// The caller's applications.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationList {
    /// Most recently changed first.
    pub items: Vec<Application>,
}

/// A round in a create or edit body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundBody {
    /// A stage code (see [`ApplicationRound::stage`]).
    pub stage: String,
    /// `YYYY-MM-DD`, 1990 to a year from today.
    pub date: Option<String>,
    /// `HH:MM` (24-hour); needs `date`.
    pub time: Option<String>,
    /// ≤ 2000 characters.
    pub notes: Option<String>,
    /// ≤ 50 questions of ≤ 500 characters; blanks are dropped.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// Body of `POST /api/applications`; `PATCH` takes any subset.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationBody {
    /// 1–100 characters (required to create).
    pub company: Option<String>,
    /// 1–100 characters (required to create).
    pub position: Option<String>,
    /// `referral` | `official` | `job_fair` | `headhunter` | `other` (default).
    pub channel: Option<String>,
    /// `YYYY-MM-DD`; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub applied_on: Option<Option<String>>,
    /// A stage code; default `applied`.
    pub stage: Option<String>,
    /// ≤ 5000 characters; `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub notes: Option<Option<String>>,
    /// ≤ 20 rounds; when sent, they replace every round.
    pub rounds: Option<Vec<RoundBody>>,
}

impl From<ApplicationBody> for ApplicationInput {
    fn from(b: ApplicationBody) -> ApplicationInput {
        ApplicationInput {
            company: b.company,
            position: b.position,
            channel: b.channel,
            applied_on: b.applied_on,
            stage: b.stage,
            notes: b.notes,
            rounds: b.rounds.map(|rs| {
                rs.into_iter().map(|r| RoundInput { stage: r.stage, date: r.date, time: r.time, notes: r.notes, questions: r.questions }).collect()
            }),
        }
    }
}

/// One application as sent, with its company entity.
async fn tracked(state: &AppState, row: ApplicationRow) -> Result<Application> {
    Ok(feature::with_company(state, row).await?.into())
}

/// `GET /api/applications` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationQuery {
    /// Only applications at this stage.
    #[validate(custom(function = "code::<ApplicationStage>"))]
    pub stage: Option<String>,
}

/// The caller's applications, most recently changed first.
#[utoipa::path(get, path = "/api/applications", tag = "applications", security(("bearer" = [])), params(ApplicationQuery), responses(
    (status = 200, body = ApplicationList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list_applications(State(state): State<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<ApplicationQuery>) -> Result<Json<ApplicationList>> {
    let stage = q.stage.as_deref().and_then(|s| s.parse().ok());
    let rows = feature::with_companies(&state, feature::list(&state, me.user_id, stage).await?).await?;
    Ok(Json(ApplicationList { items: rows.into_iter().map(Application::from).collect() }))
}

/// Track a new application (at most 1000 per user).
#[utoipa::path(post, path = "/api/applications", tag = "applications", security(("bearer" = [])), request_body = ApplicationBody, responses(
    (status = 201, body = Application), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
    (status = 409, body = ErrorBody, description = "application_limit"), (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn create_application(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, JsonBody(body): JsonBody<ApplicationBody>) -> Result<(StatusCode, Json<Application>)> {
    let input: ApplicationInput = body.into();
    input.check(true)?;
    write_limits::charge(&state, Action::Application, Some(&me.0), &ip).await?;
    let row = feature::create(&state, me.user_id, &input).await?;
    Ok((StatusCode::CREATED, Json(tracked(&state, row).await?)))
}

/// One of the caller's applications; 404 for anyone else's.
#[utoipa::path(get, path = "/api/applications/{id}", tag = "applications", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Application), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_application(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<Application>> {
    Ok(Json(tracked(&state, feature::get(&state, me.user_id, id).await?).await?))
}

/// Edit one of the caller's applications: any subset of the fields; sent
/// `rounds` replace every round. Moving it to another stage is `{"stage": …}`.
#[utoipa::path(patch, path = "/api/applications/{id}", tag = "applications", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ApplicationBody, responses(
    (status = 200, body = Application), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn update_application(
    State(state): State<AppState>,
    me: AuthUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<ApplicationBody>,
) -> Result<Json<Application>> {
    let input: ApplicationInput = body.into();
    input.check(false)?;
    write_limits::charge(&state, Action::Application, Some(&me.0), &ip).await?;
    Ok(Json(tracked(&state, feature::update(&state, me.user_id, id, &input).await?).await?))
}

/// Delete one of the caller's applications with its rounds.
#[utoipa::path(delete, path = "/api/applications/{id}", tag = "applications", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody, description = "rate_limited")))]
async fn delete_application(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<StatusCode> {
    write_limits::charge(&state, Action::Application, Some(&me.0), &ip).await?;
    feature::delete(&state, me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn valid_date(s: &str) -> std::result::Result<(), ValidationError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|_| ()).map_err(|_| ValidationError::new("date"))
}

/// `GET /api/applications/upcoming` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UpcomingQuery {
    /// The first day, `YYYY-MM-DD` (default today in UTC; the UI sends the viewer's date).
    #[validate(custom(function = "valid_date"))]
    pub from: Option<String>,
    /// How many days, 1–31 (default 7).
    #[validate(range(min = 1, max = 31))]
    pub days: Option<i64>,
}

/// A written test or interview coming up.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpcomingInterview {
    pub application_id: i64,
    pub company: String,
    pub position: String,
    /// The round's stage code.
    pub stage: String,
    /// `YYYY-MM-DD`.
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// `HH:MM` when known.
    pub time: Option<String>,
}

impl From<UpcomingRow> for UpcomingInterview {
    fn from(r: UpcomingRow) -> Self {
        UpcomingInterview { application_id: r.application_id, company: r.company, position: r.position, stage: r.stage, date: r.scheduled_on, time: r.scheduled_time }
    }
}

/// The caller's upcoming written tests and interviews.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpcomingList {
    /// Soonest first; applications that ended (offer, rejected) left out.
    pub items: Vec<UpcomingInterview>,
}

/// The caller's written tests and interviews of the next days (default 7),
/// for the reminders on the home page.
#[utoipa::path(get, path = "/api/applications/upcoming", tag = "applications", security(("bearer" = [])), params(UpcomingQuery), responses(
    (status = 200, body = UpcomingList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn upcoming_interviews(State(state): State<AppState>, me: AuthUser, ValidQuery(q): ValidQuery<UpcomingQuery>) -> Result<Json<UpcomingList>> {
    let from = q.from.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let rows = feature::upcoming(&state, me.user_id, from, q.days).await?;
    Ok(Json(UpcomingList { items: rows.into_iter().map(UpcomingInterview::from).collect() }))
}
