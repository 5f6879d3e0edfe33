//! The question bank's endpoints: browsing, random draws and favorites
//! ([`bank`]), recommendation from a job posting and/or the caller's resume
//! ([`recommend`]), admin create/update/delete and JSONL export ([`admin`]),
//! private notes ([`notes`]). The rules are in [`crate::features::questions`].

pub mod admin;
pub mod bank;
pub mod notes;
pub mod recommend;


use axum::extract::DefaultBodyLimit;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::ValidationError;

use crate::entity::enums::{ContentLang, Difficulty, QuestionKind};
use crate::features::questions::{bank::QuestionDetail as Detail, Question};
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(bank::list_questions, admin::create_question))
        .routes(routes!(bank::random_questions))
        .routes(routes!(recommend::recommend_questions))
        .routes(routes!(admin::export_questions))
        .merge(OpenApiRouter::new().routes(routes!(admin::import_questions)).layer(DefaultBodyLimit::max(crate::features::questions::import::MAX_IMPORT + 64 * 1024)))
        .routes(routes!(bank::get_question, admin::update_question, admin::delete_question))
        .routes(routes!(bank::favorite_question, bank::unfavorite_question))
        .routes(routes!(bank::favorite_questions))
        .routes(routes!(notes::put_note, notes::delete_note))
}

/// `validator` check of a [`Difficulty`] code.
pub(crate) fn valid_difficulty(s: &str) -> Result<(), ValidationError> {
    super::code::<Difficulty>(s)
}

/// `validator` check of a [`ContentLang`] code.
pub(crate) fn valid_lang(s: &str) -> Result<(), ValidationError> {
    super::code::<ContentLang>(s)
}

/// `validator` check of a [`QuestionKind`] code.
pub(crate) fn valid_kind(s: &str) -> Result<(), ValidationError> {
    super::code::<QuestionKind>(s)
}

/// A question in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionItem {
    pub id: i64,
    /// Markdown (may contain code blocks).
    pub content: String,
    pub career_id: Option<i64>,
    pub career_name: Option<String>,
    /// `easy` | `medium` | `hard` | null.
    pub difficulty: Option<String>,
    pub tags: Vec<String>,
    /// `zh` | `en`.
    pub lang: String,
    /// What it asks: `technical` | `coding` | `design` | `behavioural` |
    /// `reverse` (a question the candidate asks the interviewer).
    pub kind: QuestionKind,
    pub has_answer: bool,
    /// Companies whose 面经 report this question.
    pub companies: Vec<String>,
    pub favorites: i32,
    pub is_favorited: bool,
    /// Where the question comes from (`owner/repo`, or `mianjing` for 面经).
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub license: Option<String>,
    /// When the caller favorited it (favorites list only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favorited_at: Option<ApiTime>,
}

impl From<Question> for QuestionItem {
    fn from(q: Question) -> Self {
        QuestionItem {
            id: q.id,
            content: q.content,
            career_id: q.career_id,
            career_name: q.career_name,
            difficulty: q.difficulty,
            tags: q.tags,
            lang: q.lang,
            kind: q.kind,
            has_answer: q.has_answer,
            companies: q.companies,
            favorites: q.favorites,
            is_favorited: q.is_favorited,
            source: q.source,
            source_path: q.source_path,
            license: q.license,
            favorited_at: q.favorited_at.map(ApiTime),
        }
    }
}

/// Questions as list items.
pub(crate) fn items(list: Vec<Question>) -> Vec<QuestionItem> {
    list.into_iter().map(QuestionItem::from).collect()
}

/// A question with its answer, the caller's note and related questions.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionDetail {
    #[serde(flatten)]
    pub item: QuestionItem,
    /// Reference answer (Markdown) or null.
    pub answer: Option<String>,
    /// Key points a good answer covers: an admin's, otherwise those the
    /// scorer derives from the reference answer (empty without one).
    pub key_points: Vec<String>,
    /// Whether an admin set `key_points` (an admin sets them, or clears them
    /// with null, through `PATCH /api/questions/{id}`).
    pub key_points_edited: bool,
    /// The caller's private note.
    pub note: Option<String>,
    /// Up to 5 questions on the same topics.
    pub related: Vec<QuestionItem>,
    pub created_at: ApiTime,
    pub updated_at: ApiTime,
}

impl From<Detail> for QuestionDetail {
    fn from(d: Detail) -> Self {
        QuestionDetail {
            item: d.item.into(),
            answer: d.answer,
            key_points: d.key_points,
            key_points_edited: d.key_points_edited,
            note: d.note,
            related: items(d.related),
            created_at: d.created_at.into(),
            updated_at: d.updated_at.into(),
        }
    }
}
