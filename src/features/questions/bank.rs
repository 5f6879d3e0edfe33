//! Browsing the bank: lists with filters and full-text search, a question
//! with its answer, the caller's note and related questions, random draws
//! and the caller's favorites.

use chrono::{DateTime, Utc};

use super::recommend::score_by_terms;
use super::items::items;
use super::Question;
use crate::error::{Error, Result};
use crate::features::community::Viewer;
use crate::features::{search, skills};
use crate::features::Page;
use crate::features::accounts::session::AuthSession;
use crate::entity::enums::TargetType;
use crate::state::AppState;
use crate::store::questions::{self as store, QuestionFilter};

/// Related questions shown with a question.
pub const RELATED: usize = 5;

/// A question with its reference answer, the caller's note and related questions.
#[derive(Clone, Debug)]
pub struct QuestionDetail {
    /// The question as lists show it.
    pub item: Question,
    /// Reference answer (Markdown).
    pub answer: Option<String>,
    /// Key points a good answer covers: those an admin set, otherwise the
    /// scorer's, derived from the reference answer (empty without one).
    pub key_points: Vec<String>,
    /// Whether an admin set the key points.
    pub key_points_edited: bool,
    /// The caller's private note.
    pub note: Option<String>,
    /// Up to [`RELATED`] questions on the same topics.
    pub related: Vec<Question>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// One page of the questions matching `filter` and the search text `q`
/// (every word must match; ordered by relevance, otherwise by id), with the
/// total over all pages. `filter.company` is any spelling of a company
/// (its aliases, as the 面经 feed takes it: `crate::features::companies::expand`);
/// an unknown spelling matches nothing.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, viewer: Viewer, filter: &QuestionFilter, q: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<Question>, u64)> {
    let resolved;
    let mut filter = filter;
    if let Some(c) = filter.company.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        let Some(found) = crate::features::companies::expand(state, Some(c), filter.company_id, None).await?.and_then(|e| e.company_id) else {
            return Ok((Vec::new(), 0));
        };
        resolved = QuestionFilter { company: None, company_id: Some(found), ..filter.clone() };
        filter = &resolved;
    }
    let tokens = q.map(str::trim).filter(|s| !s.is_empty()).map(search::query_terms);
    let (ids, total) = store::page_ids(&state.db, filter, tokens.as_deref(), page, per_page).await?;
    Ok((items(state, false, viewer, &ids).await?, total))
}

/// The question `id` with its answer, the viewer's note and related
/// questions (its tags, weight 2, and its own keywords, scored as
/// recommendations are); read from the writer with `fresh`.
///
/// # Errors
/// 404 `not_found`; database failures.
pub async fn detail(state: &AppState, viewer: Viewer, id: i64, fresh: bool) -> Result<QuestionDetail> {
    let db = if fresh { &state.db.write } else { &state.db.read };
    let model = store::find(db, id).await?.ok_or(Error::NotFound)?;
    let item = items(state, fresh, viewer, &[id]).await?.pop().ok_or(Error::NotFound)?;
    let note = match viewer.user_id {
        Some(uid) => store::note_of(db, uid, id).await?,
        None => None,
    };
    let mut terms: Vec<(String, f64)> = item.tags.iter().map(|t| (t.clone(), 2.0)).collect();
    terms.extend(skills::extract(&model.content, 6).into_iter().map(|k| (k.term, k.weight)));
    let scored = score_by_terms(state, &terms, Some(id), 50).await?;
    let related_ids: Vec<i64> = scored.iter().take(RELATED).map(|s| s.id).collect();
    let related = items(state, fresh, viewer, &related_ids).await?;
    let edited = store::parse_key_points(model.key_points.as_deref());
    let key_points_edited = edited.is_some();
    let key_points = match edited {
        Some(points) => points,
        None => match model.answer.clone() {
            Some(reference) => {
                let question = model.content.clone();
                tokio::task::spawn_blocking(move || crate::features::scoring::key_points(&question, &reference)).await.map_err(|e| Error::Internal(e.into()))?
            }
            None => Vec::new(),
        },
    };
    Ok(QuestionDetail { item, key_points, key_points_edited, answer: model.answer, note, related, created_at: model.created_at, updated_at: model.updated_at })
}

/// The ids of `count` distinct random questions matching `filter` (fewer
/// when fewer match).
///
/// # Errors
/// Database failures.
pub async fn draw(state: &AppState, filter: &QuestionFilter, count: u64) -> Result<Vec<i64>> {
    Ok(store::random_ids(&state.db, filter, count).await?)
}

/// `count` distinct random questions matching `filter`.
///
/// # Errors
/// Database failures.
pub async fn random(state: &AppState, viewer: Viewer, filter: &QuestionFilter, count: u64) -> Result<Vec<Question>> {
    let ids = draw(state, filter, count).await?;
    items(state, false, viewer, &ids).await
}

/// The questions `me` favorited, most recently favorited first, each with
/// when it was favorited.
///
/// # Errors
/// Database failures.
pub async fn favorites_of(state: &AppState, me: &AuthSession, page: u64, per_page: u64) -> Result<Page<Question>> {
    let (favorites, total) = crate::features::community::favorites::page_of(state, me.user_id, TargetType::Question, page, per_page).await?;
    let ids: Vec<i64> = favorites.iter().map(|(id, _)| *id).collect();
    let mut list = items(state, false, Viewer::of(Some(me)), &ids).await?;
    for q in &mut list {
        q.favorited_at = favorites.iter().find(|(id, _)| *id == q.id).map(|(_, at)| *at);
    }
    Ok(Page { items: list, total, page, per_page })
}
