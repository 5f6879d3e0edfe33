//! Administration of the bank: adding, editing and deleting questions, and
//! the JSONL export in the import schema.

use std::collections::HashSet;

use chrono::Utc;
use serde::Serialize;

use super::bank::{detail, QuestionDetail};
use super::{content_key, index, search_text};
use super::kind::classify;
use crate::entity::enums::{ContentLang, Difficulty, QuestionKind};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::community::Viewer;
use crate::state::AppState;
use crate::store::questions::{self as store, NewQuestion, QuestionPatch};

/// Longest question text, characters.
pub const MAX_CONTENT: usize = 10_000;
/// Most tags of a question.
pub const MAX_TAGS: usize = 10;
/// Longest tag, characters.
pub const MAX_TAG: usize = 50;
/// Most key points of a question.
pub const MAX_KEY_POINTS: usize = 12;
/// Longest key point, characters.
pub const MAX_KEY_POINT: usize = 100;

/// The fields an admin sends; on an edit, `None` keeps a field.
#[derive(Clone, Debug, Default)]
pub struct QuestionFields {
    /// The question (Markdown); required to add one.
    pub content: Option<String>,
    /// Reference answer (Markdown); empty clears it.
    pub answer: Option<String>,
    /// Career.
    pub career_id: Option<i64>,
    /// Difficulty.
    pub difficulty: Option<Difficulty>,
    /// Tags (replace all).
    pub tags: Option<Vec<String>>,
    /// Language (`zh` when adding without one).
    pub lang: Option<ContentLang>,
    /// Where it comes from.
    pub source: Option<String>,
    /// Its licence.
    pub license: Option<String>,
    /// Its kind; when adding without one, [`classify`] decides. An edit
    /// keeps the kind unless given (an admin's correction is not undone by
    /// a later edit of the text).
    pub kind: Option<QuestionKind>,
    /// Key points a good answer covers: 1–[`MAX_KEY_POINTS`] of
    /// 1–[`MAX_KEY_POINT`] characters once trimmed; `Some(None)` clears
    /// them (the scorer derives them from the reference answer again).
    pub key_points: Option<Option<Vec<String>>>,
}

/// Key points trimmed, without empty ones, distinct (the first kept).
pub fn clean_key_points(points: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    points.iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty() && seen.insert(p.clone())).collect()
}

/// What is wrong with `points` (empty when nothing): 400 `key_points`
/// `range` (1–[`MAX_KEY_POINTS`] non-blank points) or `length` (a point
/// longer than [`MAX_KEY_POINT`] characters, or blank).
pub fn key_point_problems(points: &[String]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if points.is_empty() || points.len() > MAX_KEY_POINTS {
        errors.entry("key_points".into()).or_default().push(FieldError { code: "range", params: vec![("min", "1".into()), ("max", MAX_KEY_POINTS.to_string())] });
    }
    if points.iter().any(|p| p.trim().is_empty() || p.trim().chars().count() > MAX_KEY_POINT) {
        errors.entry("key_points".into()).or_default().push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", MAX_KEY_POINT.to_string())] });
    }
    errors
}

/// Tags trimmed, without empty ones, distinct ignoring case (the first
/// spelling kept).
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    tags.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty() && seen.insert(t.to_lowercase())).collect()
}

/// What is wrong with `content` and `tags` (empty when nothing): the text is
/// 1–[`MAX_CONTENT`] characters once trimmed (and required when `creating`);
/// at most [`MAX_TAGS`] distinct tags of at most [`MAX_TAG`] characters.
pub fn problems(content: Option<&str>, tags: Option<&[String]>, creating: bool) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match content.map(str::trim) {
        None if creating => errors.entry("content".into()).or_default().push(FieldError { code: "required", params: vec![] }),
        Some(c) if c.is_empty() || c.chars().count() > MAX_CONTENT => errors
            .entry("content".into())
            .or_default()
            .push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", MAX_CONTENT.to_string())] }),
        _ => {}
    }
    if let Some(tags) = tags {
        let tags = clean_tags(tags);
        if tags.len() > MAX_TAGS || tags.iter().any(|t| t.chars().count() > MAX_TAG) {
            errors.entry("tags".into()).or_default().push(FieldError { code: "max_items", params: vec![("max", MAX_TAGS.to_string())] });
        }
    }
    errors
}

async fn check_career(state: &AppState, id: Option<i64>) -> Result<()> {
    if let Some(id) = id
        && !store::career_exists(&state.db.read, id).await?
    {
        return Err(Error::field("career_id", "career"));
    }
    Ok(())
}

fn answer_of(a: &str) -> Option<String> {
    Some(a.trim().to_owned()).filter(|a| !a.is_empty())
}

/// Add a question as `admin`. `errors` are those already found in the
/// request; [`problems`] are added, and any fails the call with one 400.
///
/// # Errors
/// 400 (`validation_failed`, `career_id` `career`); 409 `conflict` when
/// the same text (ignoring case and whitespace) exists; database failures.
pub async fn create(state: &AppState, admin: Viewer, fields: QuestionFields, mut errors: FieldErrors) -> Result<QuestionDetail> {
    let points = fields.key_points.clone().flatten();
    for (field, list) in problems(fields.content.as_deref(), fields.tags.as_deref(), true).into_iter().chain(points.as_deref().map(key_point_problems).unwrap_or_default()) {
        errors.entry(field).or_default().extend(list);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    check_career(state, fields.career_id).await?;
    let admin_id = admin.user_id.ok_or(Error::Unauthorized)?;
    let content = fields.content.as_deref().unwrap_or("").trim().to_owned();
    let tags = clean_tags(fields.tags.as_deref().unwrap_or(&[]));
    let kind = match fields.kind {
        Some(k) => k,
        None => {
            let career = match fields.career_id {
                Some(id) => store::career_names(&state.db.read).await?.remove(&id),
                None => None,
            };
            classify(career.as_deref(), &tags, &content)
        }
    };
    let id = store::create(
        &state.db,
        NewQuestion {
            content_key: content_key(&content),
            search_text: search_text(&content, &tags),
            content,
            answer: fields.answer.as_deref().and_then(answer_of),
            career_id: fields.career_id,
            difficulty: fields.difficulty,
            lang: fields.lang.unwrap_or(ContentLang::Zh),
            source: fields.source,
            license: fields.license,
            created_by: admin_id,
            tags,
            kind,
            key_points: points.as_deref().map(clean_key_points),
        },
        Utc::now(),
    )
    .await?;
    detail(state, admin, id, true).await
}

/// Edit the question `id`; given tags replace all. `errors` as for [`create`].
///
/// # Errors
/// 400, 404 `not_found`, 409 `conflict` (the new text is another
/// question's); database failures.
pub async fn update(state: &AppState, admin: Viewer, id: i64, fields: QuestionFields, mut errors: FieldErrors) -> Result<QuestionDetail> {
    let points = fields.key_points.clone().flatten();
    for (field, list) in problems(fields.content.as_deref(), fields.tags.as_deref(), false).into_iter().chain(points.as_deref().map(key_point_problems).unwrap_or_default()) {
        errors.entry(field).or_default().extend(list);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    check_career(state, fields.career_id).await?;
    let patch = QuestionPatch {
        content: fields.content.as_deref().map(str::trim).map(str::to_owned),
        answer: fields.answer.as_deref().map(answer_of),
        career_id: fields.career_id,
        difficulty: fields.difficulty,
        lang: fields.lang,
        source: fields.source,
        license: fields.license,
        tags: fields.tags.as_deref().map(clean_tags),
        kind: fields.kind,
        key_points: fields.key_points.map(|p| p.as_deref().map(clean_key_points)),
    };
    if !store::update(&state.db, id, patch, index, Utc::now()).await? {
        return Err(Error::NotFound);
    }
    detail(state, admin, id, true).await
}

/// Delete the question `id` with its tags, notes, company links and favorites.
///
/// # Errors
/// 404 `not_found`; database failures.
pub async fn delete(state: &AppState, id: i64) -> Result<()> {
    if store::delete(&state.db, id).await? { Ok(()) } else { Err(Error::NotFound) }
}

/// One line of the JSONL export: the import schema plus `id`.
#[derive(Serialize)]
struct ExportLine {
    id: i64,
    source: Option<String>,
    source_path: Option<String>,
    license: Option<String>,
    lang: String,
    kind: String,
    career: Option<String>,
    tags: Vec<String>,
    difficulty: Option<String>,
    question: String,
    answer: Option<String>,
    /// Admin-set key points; absent when derived from the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    key_points: Option<Vec<String>>,
}

/// The whole bank as JSONL in the import schema (plus `id`), one question a
/// line in id order.
///
/// # Errors
/// Database failures.
pub async fn export(state: &AppState) -> Result<String> {
    let mut out = String::new();
    for (q, career, tags) in store::all_with_tags(&state.db).await? {
        let line = ExportLine {
            id: q.id,
            source: q.source,
            source_path: q.source_path,
            license: q.license,
            lang: q.lang,
            kind: q.kind,
            career,
            tags,
            difficulty: q.difficulty,
            question: q.content,
            answer: q.answer,
            key_points: q.key_points.as_deref().and_then(|k| serde_json::from_str(k).ok()),
        };
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_and_distinct_ignoring_case() {
        let tags = ["Redis", " redis ", "", "缓存"].map(String::from);
        assert_eq!(clean_tags(&tags), vec!["Redis".to_owned(), "缓存".to_owned()]);
    }

    #[test]
    fn content_is_required_to_add_and_tags_are_bounded() {
        assert!(problems(None, None, true).contains_key("content"));
        assert!(problems(None, None, false).is_empty(), "an edit may keep the text");
        assert!(problems(Some("  "), None, false).contains_key("content"));
        let many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
        assert!(problems(Some("q"), Some(&many), true).contains_key("tags"));
        assert!(problems(Some("q"), Some(&many[..10]), true).is_empty());
    }
}
