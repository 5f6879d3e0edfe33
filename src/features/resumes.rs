//! Resumes: one per user. The text of an attached PDF is extracted and,
//! with the skills and descriptions, feeds question recommendation and
//! personalised mock interviews (`use_resume`). Schools, jobs and projects
//! are stored as JSON arrays in the shapes below, which are also the API's.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::entity::{file, resume};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::skills;
use crate::state::AppState;
use crate::store::resumes::{self as store, ResumeFields, ResumePatch};

/// Characters of the attachment's text shown with a resume.
pub const EXCERPT: usize = 500;

/// A school attended.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Education {
    /// 1–100 characters.
    pub school: String,
    /// ≤ 100 characters.
    pub major: Option<String>,
    /// e.g. 本科 / 硕士 / 博士, ≤ 50 characters.
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
    /// ≤ 100 characters.
    pub position: Option<String>,
    /// `YYYY-MM-DD`.
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
    /// ≤ 1000 characters.
    pub description: Option<String>,
    /// `http(s)://…`, ≤ 300 bytes.
    pub url: Option<String>,
}

/// A resume as its owner sees it.
#[derive(Clone, Debug)]
pub struct Resume {
    /// `resumes.id`.
    pub id: i64,
    /// Free text about oneself.
    pub autobiography: Option<String>,
    /// Schools.
    pub education: Vec<Education>,
    /// Jobs and internships.
    pub work_experience: Vec<WorkExperience>,
    /// Projects.
    pub portfolio: Vec<PortfolioItem>,
    /// Skills as written.
    pub skills: Vec<String>,
    /// The attached PDF's id.
    pub attachment_file_id: Option<i64>,
    /// The attached PDF.
    pub attachment: Option<file::Model>,
    /// The first [`EXCERPT`] characters of its text.
    pub attachment_text_excerpt: Option<String>,
    /// Skills of the vocabulary found in the whole resume, attachment included.
    pub extracted_skills: Vec<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// What a user sends; on an edit, `None` keeps a field and given lists replace.
#[derive(Clone, Debug, Default)]
pub struct ResumeInput {
    /// Free text (empty clears it).
    pub autobiography: Option<String>,
    /// Schools.
    pub education: Option<Vec<Education>>,
    /// Jobs.
    pub work_experience: Option<Vec<WorkExperience>>,
    /// Projects.
    pub portfolio: Option<Vec<PortfolioItem>>,
    /// Skills.
    pub skills: Option<Vec<String>>,
    /// A `resume` file of the user; `Some(None)` detaches.
    pub attachment_file_id: Option<Option<i64>>,
}

fn push(e: &mut FieldErrors, f: &str, code: &'static str, params: Vec<(&'static str, String)>) {
    e.entry(f.into()).or_default().push(FieldError { code, params });
}

/// What is wrong with the entries of `input` (empty when nothing): the
/// lengths documented on [`Education`], [`WorkExperience`] and
/// [`PortfolioItem`], dates in order, `http(s)` links, skills of 1–50 characters.
pub fn problems(input: &ResumeInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    let len = |s: &str, min: usize, max: usize| (min..=max).contains(&s.trim().chars().count());
    for ed in input.education.iter().flatten() {
        if !len(&ed.school, 1, 100) || ed.major.as_deref().is_some_and(|m| !len(m, 0, 100)) || ed.degree.as_deref().is_some_and(|d| !len(d, 0, 50)) {
            push(&mut e, "education", "length", vec![("min", "1".into()), ("max", "100".into())]);
        }
        if let (Some(a), Some(g)) = (ed.admission_date, ed.graduation_date)
            && g < a
        {
            push(&mut e, "education", "date", vec![]);
        }
    }
    for w in input.work_experience.iter().flatten() {
        if !len(&w.company, 1, 100) || w.position.as_deref().is_some_and(|p| !len(p, 0, 100)) || w.description.as_deref().is_some_and(|d| !len(d, 0, 5000)) {
            push(&mut e, "work_experience", "length", vec![("min", "1".into()), ("max", "100".into())]);
        }
        if let (Some(s), Some(end)) = (w.start_date, w.end_date)
            && end < s
        {
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
    e
}

/// `errors` found in the request plus [`problems`], as one 400.
fn check(input: &ResumeInput, mut errors: FieldErrors) -> Result<()> {
    for (field, list) in problems(input) {
        errors.entry(field).or_default().extend(list);
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
}

/// Text of a PDF, whitespace collapsed, or `None` when it cannot be parsed
/// or has no text.
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let text = pdf_extract::extract_text_from_mem(bytes).ok()?;
    // A PDF's text can hold control characters (a NUL fails PostgreSQL).
    let text = crate::text::sanitize(&text).split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The text of the attachment `id` after checking it is a `resume` file of `user_id`.
async fn attachment_text(state: &AppState, user_id: i64, id: i64) -> Result<Option<String>> {
    let f = crate::features::files::owned(state, user_id, id, crate::entity::enums::FilePurpose::Resume)
        .await?
        .ok_or_else(|| Error::field("attachment_file_id", "not_found"))?;
    let bytes = crate::features::files::read_bytes(state, &f).await?;
    tokio::task::spawn_blocking(move || pdf_text(&bytes)).await.map_err(|e| Error::Internal(e.into()))
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn trimmed(skills: &[String]) -> String {
    json(&skills.iter().map(|s| s.trim().to_owned()).collect::<Vec<_>>())
}

/// Everything in a resume as one text (for keyword extraction): skills,
/// jobs, projects, autobiography and the attachment's text.
pub fn full_text(r: &resume::Model) -> String {
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

/// The text of `user_id`'s resume ([`full_text`]; empty when there is none).
///
/// # Errors
/// Database failures.
pub async fn resume_text(state: &AppState, user_id: i64) -> Result<String> {
    Ok(store::of_user(&state.db.read, user_id).await?.map(|r| full_text(&r)).unwrap_or_default())
}

async fn view(state: &AppState, r: resume::Model) -> Result<Resume> {
    let attachment = match r.attachment_file_id {
        Some(id) => crate::features::files::find(state, id).await?,
        None => None,
    };
    let text = full_text(&r);
    let extracted = tokio::task::spawn_blocking(move || skills::extract(&text, 30).into_iter().filter(|k| k.weight >= 2.0).map(|k| k.term).collect())
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    Ok(Resume {
        id: r.id,
        autobiography: r.autobiography,
        education: serde_json::from_str(&r.education).unwrap_or_default(),
        work_experience: serde_json::from_str(&r.work_experience).unwrap_or_default(),
        portfolio: serde_json::from_str(&r.portfolio).unwrap_or_default(),
        skills: serde_json::from_str(&r.skills).unwrap_or_default(),
        attachment_file_id: r.attachment_file_id,
        attachment,
        attachment_text_excerpt: r.attachment_text.map(|t| t.chars().take(EXCERPT).collect()),
        extracted_skills: extracted,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// `user_id`'s resume, read from the writer (the owner sees their last write).
async fn mine(state: &AppState, user_id: i64) -> Result<Option<resume::Model>> {
    Ok(store::of_user(&state.db.write, user_id).await?)
}

/// `user_id`'s resume.
///
/// # Errors
/// 404 `not_found` before one is created; database failures.
pub async fn get(state: &AppState, user_id: i64) -> Result<Resume> {
    let r = mine(state, user_id).await?.ok_or(Error::NotFound)?;
    view(state, r).await
}

/// Create `user_id`'s resume. `errors` are those already found in the
/// request; [`problems`] are added, and any fails the call with one 400.
///
/// # Errors
/// 400; 409 `resume_exists`; 400 (`attachment_file_id` `not_found`) when the
/// attachment is not a resume file of the user; database and storage failures.
pub async fn create(state: &AppState, user_id: i64, input: ResumeInput, errors: FieldErrors) -> Result<Resume> {
    check(&input, errors)?;
    if mine(state, user_id).await?.is_some() {
        return Err(Error::Conflict("resume_exists"));
    }
    let attachment_id = input.attachment_file_id.flatten();
    let text = match attachment_id {
        Some(id) => attachment_text(state, user_id, id).await?,
        None => None,
    };
    let fields = ResumeFields {
        autobiography: input.autobiography.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
        education: json(&input.education.unwrap_or_default()),
        work_experience: json(&input.work_experience.unwrap_or_default()),
        portfolio: json(&input.portfolio.unwrap_or_default()),
        skills: trimmed(&input.skills.unwrap_or_default()),
        attachment_file_id: attachment_id,
        attachment_text: text,
    };
    let saved = store::create(&state.db, user_id, fields, Utc::now()).await.map_err(|e| match Error::from(e) {
        Error::Conflict(_) => Error::Conflict("resume_exists"),
        other => other,
    })?;
    view(state, saved).await
}

/// Update parts of `user_id`'s resume; given lists replace the stored ones.
/// `errors` as for [`create`].
///
/// # Errors
/// 400; 404 `not_found` without a resume; database and storage failures.
pub async fn update(state: &AppState, user_id: i64, input: ResumeInput, errors: FieldErrors) -> Result<Resume> {
    check(&input, errors)?;
    let current = mine(state, user_id).await?.ok_or(Error::NotFound)?;
    let attachment = match input.attachment_file_id {
        Some(Some(id)) => Some((Some(id), attachment_text(state, user_id, id).await?)),
        Some(None) => Some((None, None)),
        None => None,
    };
    let patch = ResumePatch {
        autobiography: input.autobiography.map(|a| Some(a.trim().to_owned()).filter(|a| !a.is_empty())),
        education: input.education.as_ref().map(json),
        work_experience: input.work_experience.as_ref().map(json),
        portfolio: input.portfolio.as_ref().map(json),
        skills: input.skills.as_deref().map(trimmed),
        attachment,
    };
    let saved = store::update(&state.db, current, patch, Utc::now()).await?;
    view(state, saved).await
}

/// Delete `user_id`'s resume (its attachment file stays until deleted).
///
/// # Errors
/// 404 `not_found` without a resume; database failures.
pub async fn delete(state: &AppState, user_id: i64) -> Result<()> {
    if store::delete(&state.db, user_id).await? { Ok(()) } else { Err(Error::NotFound) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_out_of_order_or_too_long_are_named() {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let input = ResumeInput {
            education: Some(vec![Education { school: "清华".into(), major: None, degree: None, admission_date: date("2020-09-01"), graduation_date: date("2019-06-30") }]),
            portfolio: Some(vec![PortfolioItem { title: "x".into(), description: None, url: Some("ftp://x".into()) }]),
            skills: Some(vec![" ".into()]),
            ..Default::default()
        };
        let e = problems(&input);
        assert_eq!(e.keys().map(String::as_str).collect::<Vec<_>>(), ["education", "portfolio", "skills"]);
        assert_eq!(e["education"][0].code, "date");
        assert_eq!(e["portfolio"][0].code, "url");
        assert!(problems(&ResumeInput::default()).is_empty());
    }
}
