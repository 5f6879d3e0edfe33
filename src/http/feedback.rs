//! The feedback board (留言板) over HTTP: logged-in users post, everyone
//! reads, administrators reply and set the status
//! ([`crate::features::feedback`]).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::community::Author;
use super::{PageParams, Paged, ValidJson, ValidQuery};
use crate::entity::enums::FeedbackStatus;
use crate::error::Result;
use crate::features::feedback;
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AdminUser, AuthUser, ClientIp};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store::feedback::FeedbackRow;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_feedback)).routes(routes!(list_feedback)).routes(routes!(update_feedback))
}

/// A status that passed its `code` check.
fn status(s: Option<&str>) -> Option<FeedbackStatus> {
    s.and_then(|s| s.parse().ok())
}

/// A feedback message.
#[derive(Debug, Serialize, ToSchema)]
pub struct Feedback {
    /// `feedback.id`.
    pub id: i64,
    /// The message, 1–2000 characters.
    pub content: String,
    /// `open` | `in_progress` | `resolved` | `closed`.
    pub status: String,
    /// The administrators' answer.
    pub reply: Option<String>,
    /// Who left it.
    pub author: Author,
    /// When it was left.
    pub created_at: ApiTime,
    /// When it was last answered.
    pub replied_at: Option<ApiTime>,
}

impl Feedback {
    fn new(lang: Lang, r: FeedbackRow) -> Feedback {
        Feedback {
            id: r.id,
            content: r.content,
            status: r.status,
            reply: r.reply,
            author: Author::new(lang, r.author_id, r.author_name, r.author_avatar, r.author_deleted_at.is_some()),
            created_at: r.created_at.into(),
            replied_at: r.replied_at.map(ApiTime),
        }
    }
}

/// `POST /api/feedback` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackInput {
    /// 1–2000 characters.
    #[validate(length(min = 1, max = 2000))]
    pub content: String,
}

/// Leave feedback (logged in).
#[utoipa::path(post, path = "/api/feedback", tag = "feedback", security(("bearer" = [])), request_body = FeedbackInput, responses(
    (status = 201, body = Feedback), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn create_feedback(State(state): State<AppState>, lang: Lang, me: AuthUser, ClientIp(ip): ClientIp, ValidJson(input): ValidJson<FeedbackInput>) -> Result<(StatusCode, Json<Feedback>)> {
    write_limits::charge(&state, Action::Feedback, Some(&me.0), &ip).await?;
    let row = feedback::create(&state, me.user_id, &input.content).await?;
    Ok((StatusCode::CREATED, Json(Feedback::new(lang, row))))
}

/// `GET /api/feedbacks` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedbackQuery {
    /// `open` | `in_progress` | `resolved` | `closed`.
    #[validate(custom(function = "super::code::<FeedbackStatus>"))]
    pub status: Option<String>,
}

/// The public feedback board, newest first.
#[utoipa::path(get, path = "/api/feedbacks", tag = "feedback", params(FeedbackQuery, PageParams), responses(
    (status = 200, body = Paged<Feedback>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_feedback(
    State(state): State<AppState>,
    lang: Lang,
    ValidQuery(p): ValidQuery<FeedbackQuery>,
    ValidQuery(paging): ValidQuery<PageParams>,
) -> Result<Json<Paged<Feedback>>> {
    let (page, per_page) = paging.resolve();
    let (rows, total) = feedback::list(&state, status(p.status.as_deref()), page, per_page).await?;
    let items = rows.into_iter().map(|r| Feedback::new(lang, r)).collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// `PATCH /api/feedbacks/{id}` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackUpdate {
    /// `open` | `in_progress` | `resolved` | `closed`.
    #[validate(custom(function = "super::code::<FeedbackStatus>"))]
    pub status: Option<String>,
    /// Answer shown under the message, ≤ 2000 characters.
    #[validate(length(max = 2000))]
    pub reply: Option<String>,
}

/// Reply to feedback or change its status (admins).
#[utoipa::path(patch, path = "/api/feedbacks/{id}", tag = "feedback", security(("bearer" = [])), params(("id" = i64, Path)), request_body = FeedbackUpdate, responses(
    (status = 200, body = Feedback), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn update_feedback(State(state): State<AppState>, lang: Lang, admin: AdminUser, Path(id): Path<i64>, ValidJson(input): ValidJson<FeedbackUpdate>) -> Result<Json<Feedback>> {
    let row = feedback::update(&state, admin.user_id, id, status(input.status.as_deref()), input.reply.as_deref()).await?;
    Ok(Json(Feedback::new(lang, row)))
}
