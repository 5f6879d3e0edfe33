//! Resumes (SPEC §3, seeds 001 and 004): one per user. The text of an
//! attached PDF is extracted (seed 004's resume parsing) and, with the
//! skills and descriptions, feeds question recommendation (`use_resume`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::files::FileInfo;
use super::JsonBody;
use crate::http::auth::AuthUser;
use crate::entity::{file, resume};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_resume, create_resume, update_resume, delete_resume))
}

/// A school attended.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// 1–100 characters.
    pub school: String,
    pub major: Option<String>,
    /// e.g. 本科 / 硕士 / 博士.
    pub degree: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date)]
    pub admission_date: Option<NaiveDate>,
    /// `YYYY-MM-DD`, null while studying.
    #[schema(value_type = Option<String>, format = Date)]
    pub graduation_date: Option<NaiveDate>,
}

/// A job or internship.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkExperience {
    /// 1–100 characters.
    pub company: String,
    pub position: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub start_date: Option<NaiveDate>,
    /// Null for the current job.
    #[schema(value_type = Option<String>, format = Date)]
    pub end_date: Option<NaiveDate>,
    /// ≤ 5000 characters.
    pub description: Option<String>,
}

/// A project or work sample.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PortfolioItem {
    /// 1–100 characters.
    pub title: String,
    pub description: Option<String>,
    /// `http(s)://…`.
    pub url: Option<String>,
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
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: chrono::DateTime<Utc>,
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
    #[serde(default, deserialize_with = "super::users::double_option")]
    pub attachment_file_id: Option<Option<i64>>,
}

fn push(e: &mut FieldErrors, f: &str, code: &'static str, params: Vec<(&'static str, String)>) {
    e.entry(f.into()).or_default().push(FieldError { code, params });
}

fn check(input: &ResumeInput) -> Result<()> {
    let mut e = super::validation_fields(input);
    let len = |s: &str, min: usize, max: usize| (min..=max).contains(&s.trim().chars().count());
    for ed in input.education.iter().flatten() {
        if !len(&ed.school, 1, 100) || ed.major.as_deref().is_some_and(|m| !len(m, 0, 100)) || ed.degree.as_deref().is_some_and(|d| !len(d, 0, 50)) {
            push(&mut e, "education", "length", vec![("min", "1".into()), ("max", "100".into())]);
        }
        if let (Some(a), Some(g)) = (ed.admission_date, ed.graduation_date)
            && g < a {
                push(&mut e, "education", "date", vec![]);
            }
    }
    for w in input.work_experience.iter().flatten() {
        if !len(&w.company, 1, 100) || w.position.as_deref().is_some_and(|p| !len(p, 0, 100)) || w.description.as_deref().is_some_and(|d| !len(d, 0, 5000)) {
            push(&mut e, "work_experience", "length", vec![("min", "1".into()), ("max", "100".into())]);
        }
        if let (Some(s), Some(end)) = (w.start_date, w.end_date)
            && end < s {
                push(&mut e, "work_experience", "date", vec![]);
            }
    }
    for p in input.portfolio.iter().flatten() {
        if !len(&p.title, 1, 100) || p.description.as_deref().is_some_and(|d| !len(d, 0, 1000)) {
            push(&mut e, "portfolio", "length", vec![("min", "1".into()), ("max", "100".into())]);
        }
        if p.url.as_deref().is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")) || u.len() > 300) {
            push(&mut e, "portfolio", "url", vec![]);
        }
    }
    if input.skills.iter().flatten().any(|s| !len(s, 1, 50)) {
        push(&mut e, "skills", "length", vec![("min", "1".into()), ("max", "50".into())]);
    }
    if e.is_empty() { Ok(()) } else { Err(Error::Validation(e)) }
}

/// Text of a PDF, or `None` when it cannot be parsed.
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let text = pdf_extract::extract_text_from_mem(bytes).ok()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Check the attachment belongs to `user_id` and is a resume; extract its text.
async fn attachment(state: &AppState, user_id: i64, id: i64) -> Result<Option<String>> {
    let f = file::Entity::find_by_id(id)
        .one(&state.db.read)
        .await?
        .filter(|f| f.owner_id == user_id && f.purpose == "resume")
        .ok_or_else(|| Error::field("attachment_file_id", "not_found"))?;
    let bytes = super::files::read_bytes(state, &f).await?;
    tokio::task::spawn_blocking(move || pdf_text(&bytes)).await.map_err(|e| Error::Internal(e.into()))
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

async fn view(state: &AppState, r: resume::Model) -> Result<Resume> {
    let attachment = match r.attachment_file_id {
        Some(id) => file::Entity::find_by_id(id).one(&state.db.read).await?.map(|f| FileInfo::from(&f)),
        None => None,
    };
    let skills: Vec<String> = serde_json::from_str(&r.skills).unwrap_or_default();
    let text = full_text(&r);
    let extracted = tokio::task::spawn_blocking(move || crate::features::skills::extract(&text, 30).into_iter().filter(|k| k.weight >= 2.0).map(|k| k.term).collect())
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    Ok(Resume {
        id: r.id,
        autobiography: r.autobiography,
        education: serde_json::from_str(&r.education).unwrap_or_default(),
        work_experience: serde_json::from_str(&r.work_experience).unwrap_or_default(),
        portfolio: serde_json::from_str(&r.portfolio).unwrap_or_default(),
        skills,
        attachment_file_id: r.attachment_file_id,
        attachment,
        attachment_text_excerpt: r.attachment_text.map(|t| t.chars().take(500).collect()),
        extracted_skills: extracted,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// Everything in a resume as one text (for keyword extraction).
fn full_text(r: &resume::Model) -> String {
    let skills: Vec<String> = serde_json::from_str(&r.skills).unwrap_or_default();
    let work: Vec<WorkExperience> = serde_json::from_str(&r.work_experience).unwrap_or_default();
    let portfolio: Vec<PortfolioItem> = serde_json::from_str(&r.portfolio).unwrap_or_default();
    let mut parts = vec![skills.join(", ")];
    parts.extend(work.iter().map(|w| format!("{} {}", w.position.clone().unwrap_or_default(), w.description.clone().unwrap_or_default())));
    parts.extend(portfolio.iter().map(|p| format!("{} {}", p.title, p.description.clone().unwrap_or_default())));
    parts.push(r.autobiography.clone().unwrap_or_default());
    parts.push(r.attachment_text.clone().unwrap_or_default());
    parts.join("\n")
}

/// The text of `user_id`'s resume (empty when there is none).
///
/// # Errors
/// Database failures.
pub async fn resume_text(state: &AppState, user_id: i64) -> Result<String> {
    Ok(resume::Entity::find().filter(resume::Column::UserId.eq(user_id)).one(&state.db.read).await?.map(|r| full_text(&r)).unwrap_or_default())
}

async fn mine(state: &AppState, user_id: i64) -> Result<Option<resume::Model>> {
    Ok(resume::Entity::find().filter(resume::Column::UserId.eq(user_id)).one(&state.db.write).await?)
}

/// The caller's resume; 404 `not_found` before one is created.
#[utoipa::path(get, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), responses(
    (status = 200, body = Resume), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn get_resume(State(state): State<AppState>, me: AuthUser) -> Result<Json<Resume>> {
    let r = mine(&state, me.user_id).await?.ok_or(Error::NotFound)?;
    Ok(Json(view(&state, r).await?))
}

/// Create the caller's resume; 409 `resume_exists` when there is one.
#[utoipa::path(post, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), request_body = ResumeInput, responses(
    (status = 201, body = Resume), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
async fn create_resume(State(state): State<AppState>, me: AuthUser, JsonBody(input): JsonBody<ResumeInput>) -> Result<(StatusCode, Json<Resume>)> {
    check(&input)?;
    if mine(&state, me.user_id).await?.is_some() {
        return Err(Error::Conflict("resume_exists"));
    }
    let attachment_id = input.attachment_file_id.flatten();
    let text = match attachment_id {
        Some(id) => attachment(&state, me.user_id, id).await?,
        None => None,
    };
    let now = Utc::now();
    let saved = resume::ActiveModel {
        user_id: Set(me.user_id),
        autobiography: Set(input.autobiography.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty())),
        education: Set(json(&input.education.unwrap_or_default())),
        work_experience: Set(json(&input.work_experience.unwrap_or_default())),
        portfolio: Set(json(&input.portfolio.unwrap_or_default())),
        skills: Set(json(&input.skills.unwrap_or_default().iter().map(|s| s.trim().to_owned()).collect::<Vec<_>>())),
        attachment_file_id: Set(attachment_id),
        attachment_text: Set(text),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db.write)
    .await
    .map_err(|e| match Error::from(e) {
        Error::Conflict(_) => Error::Conflict("resume_exists"),
        other => other,
    })?;
    Ok((StatusCode::CREATED, Json(view(&state, saved).await?)))
}

/// Update parts of the caller's resume; given lists replace the stored ones.
#[utoipa::path(patch, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), request_body = ResumeInput, responses(
    (status = 200, body = Resume), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn update_resume(State(state): State<AppState>, me: AuthUser, JsonBody(input): JsonBody<ResumeInput>) -> Result<Json<Resume>> {
    check(&input)?;
    let current = mine(&state, me.user_id).await?.ok_or(Error::NotFound)?;
    let mut am: resume::ActiveModel = current.into();
    if let Some(a) = input.autobiography {
        am.autobiography = Set(Some(a.trim().to_owned()).filter(|a| !a.is_empty()));
    }
    if let Some(v) = input.education {
        am.education = Set(json(&v));
    }
    if let Some(v) = input.work_experience {
        am.work_experience = Set(json(&v));
    }
    if let Some(v) = input.portfolio {
        am.portfolio = Set(json(&v));
    }
    if let Some(v) = input.skills {
        am.skills = Set(json(&v.iter().map(|s| s.trim().to_owned()).collect::<Vec<_>>()));
    }
    if let Some(att) = input.attachment_file_id {
        let text = match att {
            Some(id) => attachment(&state, me.user_id, id).await?,
            None => None,
        };
        am.attachment_file_id = Set(att);
        am.attachment_text = Set(text);
    }
    am.updated_at = Set(Utc::now());
    let saved = am.update(&state.db.write).await?;
    Ok(Json(view(&state, saved).await?))
}

/// Delete the caller's resume (its attachment file stays until deleted).
#[utoipa::path(delete, path = "/api/resumes", tag = "resumes", security(("bearer" = [])), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_resume(State(state): State<AppState>, me: AuthUser) -> Result<StatusCode> {
    let res = resume::Entity::delete_many().filter(resume::Column::UserId.eq(me.user_id)).exec(&state.db.write).await?;
    if res.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
