//! `/api/resumes`: the caller's resume (one per user). The rules, the PDF
//! text extraction and the stored shapes are in [`crate::features::resumes`].

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::files::FileInfo;
use super::{validation_fields, JsonBody};
use crate::error::Result;
pub use crate::features::resumes::{Education, PortfolioItem, WorkExperience};
use crate::features::resumes::{self as resumes, ResumeInput as Fields};
use crate::http::auth::AuthUser;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_resume, create_resume, update_resume, delete_resume))
}

/// The caller's resume.
#[derive(Debug, Serialize, ToSchema)]
pub struct Resume {
    pub id: i64,
    pub autobiography: Option<String>,
    pub education: Vec<Education>,
    pub work_experience: Vec<WorkExperience>,
    pub portfolio: Vec<PortfolioItem>,
    pub skills: Vec<String>,
    pub attachment_file_id: Option<i64>,
    pub attachment: Option<FileInfo>,
    /// First 500 characters of the text extracted from the attachment.
    pub attachment_text_excerpt: Option<String>,
    /// Skills found in the whole resume, attachment included (drives `use_resume`).
    pub extracted_skills: Vec<String>,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
}

impl From<resumes::Resume> for Resume {
    fn from(r: resumes::Resume) -> Self {
        Resume {
            id: r.id,
            autobiography: r.autobiography,
            education: r.education,
            work_experience: r.work_experience,
            portfolio: r.portfolio,
            skills: r.skills,
            attachment_file_id: r.attachment_file_id,
            attachment: r.attachment.as_ref().map(FileInfo::from),
            attachment_text_excerpt: r.attachment_text_excerpt,
            extracted_skills: r.extracted_skills,
            created_at: r.created_at.into(),
            updated_at: r.updated_at.into(),
        }
    }
}

/// Body of `POST` (every field optional) and `PATCH` (given fields replace).
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResumeInput {
    /// ≤ 10000 characters.
    #[validate(length(max = 10000))]
    pub autobiography: Option<String>,
    /// ≤ 20 entries.
    #[validate(length(max = 20))]
    pub education: Option<Vec<Education>>,
    /// ≤ 30 entries.
    #[validate(length(max = 30))]
    pub work_experience: Option<Vec<WorkExperience>>,
    /// ≤ 30 entries.
    #[validate(length(max = 30))]
    pub portfolio: Option<Vec<PortfolioItem>>,
    /// ≤ 50 skills of ≤ 50 characters.
    #[validate(length(max = 50))]
    pub skills: Option<Vec<String>>,
    /// A `resume` file of the caller (`POST /api/files`); `null` detaches.
    #[serde(default, deserialize_with = "super::nullable")]
    pub attachment_file_id: Option<Option<i64>>,
}

impl From<ResumeInput> for Fields {
    fn from(i: ResumeInput) -> Self {
        Fields {
            autobiography: i.autobiography,
            education: i.education,
            work_experience: i.work_experience,
            portfolio: i.portfolio,
            skills: i.skills,
            attachment_file_id: i.attachment_file_id,
        }
    }
}

/// The caller's resume; 404 `not_found` before one is created.
#[utoipa::path(get, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), responses(
    (status = 200, body = Resume), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn get_resume(State(state): State<AppState>, me: AuthUser) -> Result<Json<Resume>> {
    Ok(Json(resumes::get(&state, me.user_id).await?.into()))
}

/// Create the caller's resume; 409 `resume_exists` when there is one.
#[utoipa::path(post, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), request_body = ResumeInput, responses(
    (status = 201, body = Resume), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn create_resume(State(state): State<AppState>, me: AuthUser, JsonBody(input): JsonBody<ResumeInput>) -> Result<(StatusCode, Json<Resume>)> {
    let errors = validation_fields(&input);
    let created = resumes::create(&state, me.user_id, input.into(), errors).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Update parts of the caller's resume; given lists replace the stored ones.
#[utoipa::path(patch, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), request_body = ResumeInput, responses(
    (status = 200, body = Resume), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn update_resume(State(state): State<AppState>, me: AuthUser, JsonBody(input): JsonBody<ResumeInput>) -> Result<Json<Resume>> {
    let errors = validation_fields(&input);
    Ok(Json(resumes::update(&state, me.user_id, input.into(), errors).await?.into()))
}

/// Delete the caller's resume (its attachment file stays until deleted).
#[utoipa::path(delete, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_resume(State(state): State<AppState>, me: AuthUser) -> Result<StatusCode> {
    resumes::delete(&state, me.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
