//! Reports (举报) and the moderation queue over HTTP (issue 19): users
//! report a 面经, discussion or comment; administrators list the queue and
//! resolve a report with `hide`, `delete` or `dismiss` and a note to the
//! reporter. The rules are in [`crate::features::reports`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::{PageParams, Paged, ValidJson, ValidQuery};
use crate::entity::enums::{ModerationAction, ReportReason, ReportStatus, ReportTarget};
use crate::error::Result;
use crate::features::community::excerpt;
use crate::features::reports::{self, QueuedReport};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AdminUser, AuthUser, ClientIp};
use crate::state::AppState;
use crate::store::moderation::ReportRow;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_report)).routes(routes!(list_reports)).routes(routes!(resolve_report))
}

/// `POST /api/reports` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// What is reported.
    pub target_type: ReportTarget,
    /// Its id.
    pub target_id: i64,
    /// Why.
    pub reason: ReportReason,
    /// The reporter's words, ≤ 1000 characters; required for `other`.
    #[validate(length(max = 1000))]
    pub detail: Option<String>,
}

/// A report as its reporter sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    pub id: i64,
    pub target_type: String,
    pub target_id: i64,
    pub reason: String,
    pub detail: Option<String>,
    /// `open` | `resolved` | `dismissed`.
    pub status: String,
    /// `hide` | `delete` | `dismiss` once handled.
    pub action: Option<String>,
    /// The moderator's note to the reporter.
    pub note: Option<String>,
    pub created_at: ApiTime,
    pub resolved_at: Option<ApiTime>,
}

impl From<ReportRow> for Report {
    fn from(r: ReportRow) -> Self {
        Report {
            id: r.id,
            target_type: r.target_type,
            target_id: r.target_id,
            reason: r.reason,
            detail: r.detail,
            status: r.status,
            action: r.action,
            note: r.note,
            created_at: r.created_at.into(),
            resolved_at: r.resolved_at.map(ApiTime),
        }
    }
}

/// Report a 面经, discussion or comment of someone else. One open report
/// per user and target.
#[utoipa::path(post, path = "/api/reports", tag = "reports", security(("bearer" = [])), request_body = ReportInput, responses(
    (status = 201, body = Report), (status = 400, body = crate::error::ErrorBody, description = "validation_failed, bad_request, cannot_report_own"),
    (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "report_exists"), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn create_report(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, ValidJson(input): ValidJson<ReportInput>) -> Result<(StatusCode, Json<Report>)> {
    write_limits::charge(&state, Action::Report, Some(&me.0), &ip).await?;
    let row = reports::create(&state, &me.0, input.target_type, input.target_id, input.reason, input.detail.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// What a report is about, for moderators.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportedContent {
    pub author_id: i64,
    /// Title (posts) or text excerpt (comments), ≤ 200 characters.
    pub excerpt: String,
    /// `experience` | `discussion` the content is (or is on).
    pub post_type: Option<String>,
    pub post_id: Option<i64>,
    /// Deleted or hidden.
    pub removed: bool,
    /// Hidden by a moderator.
    pub hidden: bool,
}

/// A report in the moderation queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedReportOut {
    #[serde(flatten)]
    pub report: Report,
    pub reporter_id: i64,
    pub reporter_name: Option<String>,
    /// `null` when the content no longer exists at all.
    pub content: Option<ReportedContent>,
}

impl From<QueuedReport> for QueuedReportOut {
    fn from(q: QueuedReport) -> Self {
        QueuedReportOut {
            reporter_id: q.report.reporter_id,
            reporter_name: q.report.reporter_name.clone(),
            report: q.report.into(),
            content: q.target.map(|t| ReportedContent {
                author_id: t.author_id,
                excerpt: excerpt(&t.text, 200),
                post_type: t.post_type,
                post_id: t.post_id,
                removed: t.deleted_at.is_some(),
                hidden: t.hidden_at.is_some(),
            }),
        }
    }
}

/// `GET /api/admin/reports` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Only reports in this state (`open` is the queue, oldest first).
    #[param(inline)]
    pub status: Option<ReportStatus>,
}

/// The moderation queue (administrators).
#[utoipa::path(get, path = "/api/admin/reports", tag = "reports", security(("bearer" = [])), params(ReportQuery, PageParams), responses(
    (status = 200, body = Paged<QueuedReportOut>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody)))]
async fn list_reports(State(state): State<AppState>, _admin: AdminUser, ValidQuery(q): ValidQuery<ReportQuery>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<QueuedReportOut>>> {
    let (page, per_page) = p.resolve();
    let found = reports::queue(&state, q.status, page, per_page).await?;
    Ok(Json(Paged { items: found.items.into_iter().map(Into::into).collect(), total: found.total, page, per_page }))
}

/// `POST /api/admin/reports/{id}/resolve` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveInput {
    /// `hide`: withdrawn from everyone (stamped hidden); `delete`: deleted;
    /// `dismiss`: left as it is.
    pub action: ModerationAction,
    /// Note to the reporter, ≤ 1000 characters.
    #[validate(length(max = 1000))]
    pub note: Option<String>,
}

/// Resolve a report (administrators): hide or delete the content (closing
/// every open report on it) or dismiss this report; reporters and, for hide
/// and delete, the author are notified.
#[utoipa::path(post, path = "/api/admin/reports/{id}/resolve", tag = "reports", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ResolveInput, responses(
    (status = 200, body = QueuedReportOut), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody, description = "report_closed")))]
async fn resolve_report(State(state): State<AppState>, admin: AdminUser, Path(id): Path<i64>, ValidJson(input): ValidJson<ResolveInput>) -> Result<Json<QueuedReportOut>> {
    Ok(Json(reports::resolve(&state, &admin.0, id, input.action, input.note.as_deref()).await?.into()))
}
