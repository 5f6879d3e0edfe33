//! The feedback board (留言板, seed 000): logged-in users post, everyone
//! reads, administrators reply and set the status.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, FromQueryResult, Set};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::community::Author;
use super::{Paged, ValidJson, ValidQuery};
use crate::http::auth::{AdminUser, AuthUser};
use crate::store::sql::Sql;
use crate::entity::feedback;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_feedback)).routes(routes!(list_feedback)).routes(routes!(update_feedback))
}

fn valid_status(s: &str) -> std::result::Result<(), ValidationError> {
    if matches!(s, "open" | "in_progress" | "resolved" | "closed") { Ok(()) } else { Err(ValidationError::new("enum_value")) }
}

/// A feedback message.
#[derive(Debug, Serialize, ToSchema)]
pub struct Feedback {
    pub id: i64,
    pub content: String,
    /// `open` | `in_progress` | `resolved` | `closed`.
    pub status: String,
    /// The administrators' answer.
    pub reply: Option<String>,
    pub author: Author,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub replied_at: Option<chrono::DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    author_id: i64,
    content: String,
    status: String,
    reply: Option<String>,
    created_at: chrono::DateTime<Utc>,
    replied_at: Option<chrono::DateTime<Utc>>,
    author_name: Option<String>,
    author_avatar: Option<String>,
    author_deleted_at: Option<chrono::DateTime<Utc>>,
}

const SELECT: &str = "SELECT f.id, f.author_id, f.content, f.status, f.reply, f.created_at, f.replied_at, \
    u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at FROM feedback f LEFT JOIN users u ON u.id = f.author_id";

impl Row {
    fn into_feedback(self, lang: Lang) -> Feedback {
        Feedback {
            id: self.id,
            content: self.content,
            status: self.status,
            reply: self.reply,
            author: Author::new(lang, self.author_id, self.author_name, self.author_avatar, self.author_deleted_at.is_some()),
            created_at: self.created_at,
            replied_at: self.replied_at,
        }
    }
}

async fn one(state: &AppState, lang: Lang, id: i64) -> Result<Feedback> {
    let mut sql = Sql::new(state.db.backend);
    sql.push(SELECT).push(" WHERE f.id = ").bind(id);
    Ok(Row::find_by_statement(sql.build()).one(&state.db.write).await?.ok_or(Error::NotFound)?.into_feedback(lang))
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
    (status = 201, body = Feedback), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn create_feedback(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidJson(input): ValidJson<FeedbackInput>) -> Result<(StatusCode, Json<Feedback>)> {
    let content = input.content.trim().to_owned();
    if content.is_empty() {
        return Err(Error::field("content", "not_empty"));
    }
    let now = Utc::now();
    let saved = feedback::ActiveModel {
        author_id: Set(me.user_id),
        content: Set(content),
        status: Set("open".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db.write)
    .await?;
    Ok((StatusCode::CREATED, Json(one(&state, lang, saved.id).await?)))
}

/// `GET /api/feedbacks` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedbackQuery {
    /// `open` | `in_progress` | `resolved` | `closed`.
    #[validate(custom(function = "valid_status"))]
    pub status: Option<String>,
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: Option<u64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<u64>,
}

/// The public feedback board, newest first.
#[utoipa::path(get, path = "/api/feedbacks", tag = "feedback", params(FeedbackQuery), responses(
    (status = 200, body = Paged<Feedback>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_feedback(State(state): State<AppState>, lang: Lang, ValidQuery(p): ValidQuery<FeedbackQuery>) -> Result<Json<Paged<Feedback>>> {
    let (page, per_page) = (p.page.unwrap_or(1), p.per_page.unwrap_or(20));
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let mut count = Sql::new(state.db.backend);
    count.push("SELECT COUNT(*) AS n FROM feedback f");
    let mut sql = Sql::new(state.db.backend);
    sql.push(SELECT);
    if let Some(s) = &p.status {
        count.push(" WHERE f.status = ").bind(s.clone());
        sql.push(" WHERE f.status = ").bind(s.clone());
    }
    sql.push(" ORDER BY f.id DESC LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let total = N::find_by_statement(count.build()).one(&state.db.read).await?.map_or(0, |n| n.n.max(0) as u64);
    let items = Row::find_by_statement(sql.build()).all(&state.db.read).await?.into_iter().map(|r| r.into_feedback(lang)).collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// `PATCH /api/feedbacks/{id}` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackUpdate {
    /// `open` | `in_progress` | `resolved` | `closed`.
    #[validate(custom(function = "valid_status"))]
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
    let current = feedback::Entity::find_by_id(id).one(&state.db.write).await?.ok_or(Error::NotFound)?;
    let mut am: feedback::ActiveModel = current.into();
    let now = Utc::now();
    if let Some(s) = input.status {
        am.status = Set(s);
    }
    if let Some(r) = input.reply {
        let r = r.trim().to_owned();
        am.reply = Set((!r.is_empty()).then_some(r));
        am.replied_by = Set(Some(admin.user_id));
        am.replied_at = Set(Some(now));
    }
    am.updated_at = Set(now);
    am.update(&state.db.write).await?;
    Ok(Json(one(&state, lang, id).await?))
}
