//! Export of one's own data as JSON (issue 19; the right of access of
//! GDPR art. 15 / PIPL art. 45): `GET /api/users/me/export` and
//! `mianjing export user ACCOUNT` produce the same document.
//!
//! The document is one [`Export`] with a section per area. Each section is
//! built by its own small function from the store's per-user reads
//! ([`crate::store::export`]), so **adding an area is three lines**: a field
//! on [`Export`], a `section_*` function (or a call into the area's own
//! feature module) and its line in [`export`].
//!
//! Never in it: password hashes, session tokens (only their metadata),
//! verification codes, device tokens, storage keys of files.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::features::accounts::{self, profile};
use crate::state::AppState;
use crate::store::{export as rows, resumes, sessions};
use crate::time::ApiTime;

/// `format` of the document; a change of shape that breaks readers bumps it.
pub const FORMAT: &str = "mianjing-export/1";

/// Everything the user owns, one field per area.
#[derive(Debug, Serialize)]
pub struct Export {
    /// [`FORMAT`].
    pub format: &'static str,
    /// When the document was made.
    pub exported_at: ApiTime,
    /// The account and profile.
    pub profile: ProfileSection,
    /// 面经, anonymous ones included (they are the user's).
    pub experiences: Vec<ExperienceItem>,
    /// Comments and replies.
    pub comments: Vec<CommentItem>,
    /// Discussions started.
    pub discussions: Vec<DiscussionItem>,
    /// Favorites (收藏).
    pub favorites: Vec<FavoriteItem>,
    /// Notes on bank questions.
    pub question_notes: Vec<NoteItem>,
    /// The resume (简历), if any.
    pub resume: Option<ResumeSection>,
    /// Uploaded files (metadata; download each at `download`).
    pub files: Vec<FileItem>,
    /// Mock interviews with their questions, answers and scores.
    pub mock_interviews: Vec<InterviewItem>,
    /// Practice records (做题记录): every answered question, newest last.
    pub practice: Vec<PracticeItem>,
    /// Sessions that are still open (no tokens).
    pub sessions: Vec<SessionItem>,
    /// Tracked job applications with their rounds and the questions asked.
    pub applications: Vec<ApplicationItem>,
    /// Notifications received, oldest first.
    pub notifications: Vec<NotificationItem>,
    /// Reports (举报) made, oldest first, with the moderators' outcome.
    pub reports: Vec<ReportItem>,
    /// Autosaved drafts of 面经 and discussions (the form's fields as saved).
    pub drafts: Vec<DraftItem>,
}

/// A tracked job application (`/api/applications`).
#[derive(Debug, Serialize)]
pub struct ApplicationItem {
    pub id: i64,
    pub company: String,
    pub position: String,
    pub channel: String,
    pub applied_on: Option<NaiveDate>,
    pub stage: String,
    pub notes: Option<String>,
    pub rounds: Vec<RoundItem>,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
}

/// One round of an application.
#[derive(Debug, Serialize)]
pub struct RoundItem {
    pub stage: String,
    pub date: Option<NaiveDate>,
    /// `HH:MM`.
    pub time: Option<String>,
    pub notes: Option<String>,
    pub questions: serde_json::Value,
}

/// A notification (the actor by id only; none when it was anonymous).
#[derive(Debug, Serialize)]
pub struct NotificationItem {
    pub id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub target_type: String,
    pub target_id: i64,
    pub excerpt: String,
    pub note: Option<String>,
    pub read_at: Option<ApiTime>,
    pub created_at: ApiTime,
}

/// A report made by the user.
#[derive(Debug, Serialize)]
pub struct ReportItem {
    pub id: i64,
    pub target_type: String,
    pub target_id: i64,
    pub reason: String,
    pub detail: Option<String>,
    pub status: String,
    pub action: Option<String>,
    pub note: Option<String>,
    pub resolved_at: Option<ApiTime>,
    pub created_at: ApiTime,
}

/// A saved draft.
#[derive(Debug, Serialize)]
pub struct DraftItem {
    /// `experience` or `discussion`.
    pub kind: &'static str,
    /// The post being edited; `null` for a new post.
    pub post_id: Option<i64>,
    pub fields: serde_json::Map<String, serde_json::Value>,
    pub updated_at: ApiTime,
}

/// The account and profile (no password hash, no token version).
#[derive(Debug, Serialize)]
pub struct ProfileSection {
    pub id: i64,
    pub account: String,
    pub name: String,
    pub email: Option<String>,
    pub email_verified_at: Option<ApiTime>,
    pub phone: Option<String>,
    pub avatar: Option<String>,
    pub address: Option<String>,
    pub gender: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub signature: Option<String>,
    pub job_status: Option<String>,
    pub highest_education: Option<String>,
    pub seniority: Option<String>,
    pub company: Option<String>,
    pub website: Option<String>,
    pub school: Option<String>,
    pub major: Option<String>,
    pub student_number: Option<String>,
    pub is_admin: bool,
    pub status: String,
    pub terms_accepted_at: Option<ApiTime>,
    pub terms_version: Option<i32>,
    pub privacy_version: Option<i32>,
    pub created_at: ApiTime,
    pub last_login_at: Option<ApiTime>,
    pub last_login_ip: Option<String>,
}

/// One 面经.
#[derive(Debug, Serialize)]
pub struct ExperienceItem {
    pub id: i64,
    pub title: String,
    pub company: String,
    pub position: Option<String>,
    pub career_id: Option<i64>,
    pub interview_date: Option<NaiveDate>,
    pub interview_result: Option<String>,
    pub interview_difficulty: Option<String>,
    pub interview_evaluation: Option<i16>,
    /// The questions as written (Markdown).
    pub interview_questions: String,
    pub content: String,
    pub anonymous: bool,
    pub lang: String,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
}

/// One comment or reply.
#[derive(Debug, Serialize)]
pub struct CommentItem {
    pub id: i64,
    /// `experience` | `discussion`.
    pub target_type: String,
    pub target_id: i64,
    pub parent_id: Option<i64>,
    pub content: String,
    pub created_at: ApiTime,
}

/// One discussion.
#[derive(Debug, Serialize)]
pub struct DiscussionItem {
    pub id: i64,
    pub title: String,
    pub content: String,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
}

/// One favorite.
#[derive(Debug, Serialize)]
pub struct FavoriteItem {
    /// `experience` | `discussion` | `question`.
    pub target_type: String,
    pub target_id: i64,
    pub created_at: ApiTime,
}

/// One note on a bank question.
#[derive(Debug, Serialize)]
pub struct NoteItem {
    pub question_id: i64,
    pub content: String,
    pub updated_at: ApiTime,
}

/// The resume; its sections are the JSON the resume editor stores.
#[derive(Debug, Serialize)]
pub struct ResumeSection {
    pub autobiography: Option<String>,
    pub education: serde_json::Value,
    pub work_experience: serde_json::Value,
    pub portfolio: serde_json::Value,
    pub skills: serde_json::Value,
    /// The attached file, an id of `files`.
    pub attachment_file_id: Option<i64>,
    /// Text extracted from the attachment.
    pub attachment_text: Option<String>,
    pub updated_at: ApiTime,
}

/// One uploaded file, without its storage key.
#[derive(Debug, Serialize)]
pub struct FileItem {
    pub id: i64,
    /// `avatar` | `resume` | `recording` | ….
    pub purpose: String,
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    pub original_name: Option<String>,
    /// API path that downloads it with the owner's session.
    pub download: String,
    pub created_at: ApiTime,
}

/// One mock interview.
#[derive(Debug, Serialize)]
pub struct InterviewItem {
    pub id: i64,
    pub kind: String,
    pub round: Option<String>,
    pub position: Option<String>,
    pub company: Option<String>,
    pub job_description: Option<String>,
    pub difficulty: Option<String>,
    pub lang: Option<String>,
    pub status: String,
    /// 0–100.
    pub overall_score: Option<i32>,
    /// The report as stored (JSON).
    pub report: Option<serde_json::Value>,
    pub created_at: ApiTime,
    pub finished_at: Option<ApiTime>,
    pub answers: Vec<AnswerItem>,
}

/// One question of a mock interview and the answer to it.
#[derive(Debug, Serialize)]
pub struct AnswerItem {
    pub idx: i32,
    pub parent_idx: Option<i32>,
    pub question_id: Option<i64>,
    pub question: String,
    pub answer: Option<String>,
    /// Seconds.
    pub duration_seconds: Option<i32>,
    pub recording_file_id: Option<i64>,
    /// 0–100.
    pub score: Option<i32>,
    pub feedback: Option<String>,
    pub improved: Option<String>,
    /// Sub-scores as stored (JSON).
    pub details: Option<serde_json::Value>,
    pub note: Option<String>,
    pub answered_at: Option<ApiTime>,
}

/// One answered question (做题记录).
#[derive(Debug, Serialize)]
pub struct PracticeItem {
    pub interview_id: i64,
    pub question_id: Option<i64>,
    pub question: String,
    pub score: Option<i32>,
    pub answered_at: Option<ApiTime>,
}

/// One open session: where and when, never its token.
#[derive(Debug, Serialize)]
pub struct SessionItem {
    pub id: i64,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub logged_in_at: Option<ApiTime>,
    pub last_seen_at: Option<ApiTime>,
    pub expires_at: ApiTime,
}

/// Stored JSON text as a value (a string when it is not JSON, so nothing is lost).
async fn section_applications(state: &AppState, user_id: i64) -> Result<Vec<ApplicationItem>> {
    let rows = crate::features::applications::export(state, user_id).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let a = row.app;
            ApplicationItem {
                id: a.id,
                company: a.company,
                position: a.position,
                channel: a.channel,
                applied_on: a.applied_on,
                stage: a.stage,
                notes: a.notes,
                rounds: row
                    .rounds
                    .into_iter()
                    .map(|r| RoundItem { stage: r.stage, date: r.scheduled_on, time: r.scheduled_time, notes: r.notes, questions: json(&r.questions) })
                    .collect(),
                created_at: at(a.created_at),
                updated_at: at(a.updated_at),
            }
        })
        .collect())
}

/// Every draft of `user_id`, a page at a time (drafts are few: one per form).
async fn section_drafts(state: &AppState, user_id: i64) -> Result<Vec<DraftItem>> {
    let mut out = Vec::new();
    for page in 1.. {
        let p = crate::features::community::drafts::list(state, user_id, page, 100).await?;
        let done = p.items.len() < 100;
        out.extend(p.items.into_iter().map(|d| DraftItem { kind: d.kind.as_str(), post_id: d.post_id, fields: d.fields, updated_at: at(d.updated_at) }));
        if done {
            break;
        }
    }
    Ok(out)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

fn at(t: DateTime<Utc>) -> ApiTime {
    ApiTime(t)
}

/// The export of live user `user_id`.
///
/// # Errors
/// 404 for a deleted or unknown user; database failures.
pub async fn export(state: &AppState, user_id: i64) -> Result<Export> {
    let db = &state.db;
    let view = profile::profile(state, user_id).await?;
    if view.user.deleted_at.is_some() {
        return Err(Error::NotFound);
    }
    let interviews = section_interviews(state, user_id).await?;
    let practice = interviews
        .iter()
        .flat_map(|m| m.answers.iter().filter(|a| a.answered_at.is_some()).map(move |a| (m.id, a)))
        .map(|(interview_id, a)| PracticeItem { interview_id, question_id: a.question_id, question: a.question.clone(), score: a.score, answered_at: a.answered_at })
        .collect::<Vec<_>>();
    let mut practice = practice;
    practice.sort_by_key(|p| p.answered_at);
    Ok(Export {
        format: FORMAT,
        exported_at: at(Utc::now()),
        profile: section_profile(view),
        experiences: rows::experiences(db, user_id).await?.into_iter().map(experience_item).collect(),
        comments: rows::comments(db, user_id)
            .await?
            .into_iter()
            .map(|c| CommentItem { id: c.id, target_type: c.target_type, target_id: c.target_id, parent_id: c.parent_id, content: c.content, created_at: at(c.created_at) })
            .collect(),
        discussions: rows::discussions(db, user_id)
            .await?
            .into_iter()
            .map(|d| DiscussionItem { id: d.id, title: d.title, content: d.content, created_at: at(d.created_at), updated_at: at(d.updated_at) })
            .collect(),
        favorites: rows::favorites(db, user_id)
            .await?
            .into_iter()
            .map(|f| FavoriteItem { target_type: f.target_type, target_id: f.target_id, created_at: at(f.created_at) })
            .collect(),
        question_notes: rows::question_notes(db, user_id)
            .await?
            .into_iter()
            .map(|n| NoteItem { question_id: n.question_id, content: n.content, updated_at: at(n.updated_at) })
            .collect(),
        resume: resumes::of_user(&db.write, user_id).await?.map(|r| ResumeSection {
            autobiography: r.autobiography,
            education: json(&r.education),
            work_experience: json(&r.work_experience),
            portfolio: json(&r.portfolio),
            skills: json(&r.skills),
            attachment_file_id: r.attachment_file_id,
            attachment_text: r.attachment_text,
            updated_at: at(r.updated_at),
        }),
        files: rows::files(db, user_id)
            .await?
            .into_iter()
            .map(|f| FileItem {
                download: format!("/api/files/{}", f.id),
                id: f.id,
                purpose: f.purpose,
                content_type: f.content_type,
                size: f.size,
                original_name: f.original_name,
                created_at: at(f.created_at),
            })
            .collect(),
        mock_interviews: interviews,
        practice,
        sessions: section_sessions(state, user_id).await?,
        applications: section_applications(state, user_id).await?,
        notifications: crate::features::notifications::export(state, user_id)
            .await?
            .into_iter()
            .map(|n| {
                let r = n.row;
                NotificationItem {
                    id: r.id,
                    kind: r.kind,
                    actor_id: if n.actor_op { None } else { r.actor_id },
                    target_type: r.target_type,
                    target_id: r.target_id,
                    excerpt: r.excerpt,
                    note: r.note,
                    read_at: r.read_at.map(at),
                    created_at: at(r.created_at),
                }
            })
            .collect(),
        reports: crate::features::reports::export(state, user_id)
            .await?
            .into_iter()
            .map(|r| ReportItem {
                id: r.id,
                target_type: r.target_type,
                target_id: r.target_id,
                reason: r.reason,
                detail: r.detail,
                status: r.status,
                action: r.action,
                note: r.note,
                resolved_at: r.resolved_at.map(at),
                created_at: at(r.created_at),
            })
            .collect(),
        drafts: section_drafts(state, user_id).await?,
    })
}

/// [`export`] of the live account named, emailed or phoned `identifier`
/// (for the CLI).
///
/// # Errors
/// 404 when there is none; database failures.
pub async fn export_account(state: &AppState, identifier: &str) -> Result<Export> {
    let u = accounts::find_by_identifier(state, identifier).await?.ok_or(Error::NotFound)?;
    export(state, u.id).await
}

/// The file name of an export: `mianjing-export-<account>-<YYYY-MM-DD>.json`.
pub fn file_name(e: &Export) -> String {
    format!("mianjing-export-{}-{}.json", e.profile.account, e.exported_at.0.format("%Y-%m-%d"))
}

fn section_profile(v: accounts::ProfileView) -> ProfileSection {
    let u = v.user;
    ProfileSection {
        id: u.id,
        account: u.account,
        name: u.name,
        email: u.email,
        email_verified_at: u.email_verified_at.map(at),
        phone: u.phone,
        avatar: u.avatar,
        address: u.address,
        gender: u.gender,
        birthday: u.birthday,
        signature: u.signature,
        job_status: u.job_status,
        highest_education: u.highest_education,
        seniority: u.seniority,
        company: u.company,
        website: u.website,
        school: v.school_name,
        major: u.major,
        student_number: u.student_number,
        is_admin: u.is_admin,
        status: u.status,
        terms_accepted_at: u.terms_accepted_at.map(at),
        terms_version: u.terms_version,
        privacy_version: u.privacy_version,
        created_at: at(u.created_at),
        last_login_at: u.last_login_at.map(at),
        last_login_ip: u.last_login_ip,
    }
}

fn experience_item(e: crate::entity::experience::Model) -> ExperienceItem {
    ExperienceItem {
        id: e.id,
        title: e.title,
        company: e.company,
        position: e.position,
        career_id: e.career_id,
        interview_date: e.interview_date,
        interview_result: e.interview_result,
        interview_difficulty: e.interview_difficulty,
        interview_evaluation: e.interview_evaluation,
        interview_questions: e.interview_questions,
        content: e.content,
        anonymous: e.anonymous,
        lang: e.lang,
        created_at: at(e.created_at),
        updated_at: at(e.updated_at),
    }
}

async fn section_interviews(state: &AppState, user_id: i64) -> Result<Vec<InterviewItem>> {
    Ok(rows::mock_interviews(&state.db, user_id)
        .await?
        .into_iter()
        .map(|(m, answers)| InterviewItem {
            id: m.id,
            kind: m.kind,
            round: m.round,
            position: m.position,
            company: m.company,
            job_description: m.job_description,
            difficulty: m.difficulty,
            lang: m.lang,
            status: m.status,
            overall_score: m.overall_score,
            report: m.report.as_deref().map(json),
            created_at: at(m.created_at),
            finished_at: m.finished_at.map(at),
            answers: answers
                .into_iter()
                .map(|a| AnswerItem {
                    idx: a.idx,
                    parent_idx: a.parent_idx,
                    question_id: a.question_id,
                    question: a.question,
                    answer: a.answer,
                    duration_seconds: a.duration_seconds,
                    recording_file_id: a.recording_file_id,
                    score: a.score,
                    feedback: a.feedback,
                    improved: a.improved,
                    details: a.details.as_deref().map(json),
                    note: a.question_note,
                    answered_at: a.answered_at.map(at),
                })
                .collect(),
        })
        .collect())
}

async fn section_sessions(state: &AppState, user_id: i64) -> Result<Vec<SessionItem>> {
    let now = Utc::now();
    Ok(sessions::of_user(&state.db, user_id)
        .await?
        .into_iter()
        .filter(|s| s.expires_at > now)
        .map(|s| SessionItem {
            id: s.id,
            user_agent: s.user_agent,
            ip: s.ip,
            logged_in_at: s.logged_in_at.map(at),
            last_seen_at: s.last_seen_at.map(at),
            expires_at: at(s.expires_at),
        })
        .collect())
}
