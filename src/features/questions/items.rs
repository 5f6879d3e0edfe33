//! Questions as lists show them: rows of the bank with their tags, the
//! companies that asked them and the viewer's favorites.

use super::Question;
use crate::entity::enums::{QuestionKind, TargetType};
use crate::error::Result;
use crate::features::community::Viewer;
use crate::state::AppState;
use crate::store::favorites::favorited_ids;
use crate::store::questions as store;

/// The questions `ids` in that order with their tags, companies and the
/// viewer's favorites; read from the writer with `fresh` (right after a write).
///
/// # Errors
/// Database failures.
pub async fn items(state: &AppState, fresh: bool, viewer: Viewer, ids: &[i64]) -> Result<Vec<Question>> {
    let db = if fresh { &state.db.write } else { &state.db.read };
    let rows = store::rows_by_ids(db, ids).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut tags = store::tags_of(db, &ids).await?;
    let mut companies = store::companies_of(db, &ids).await?;
    let favs = favorited_ids(db, viewer.user_id, TargetType::Question.as_str(), &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| Question {
            tags: tags.remove(&r.id).unwrap_or_default(),
            companies: companies.remove(&r.id).unwrap_or_default(),
            is_favorited: favs.contains(&r.id),
            id: r.id,
            content: r.content,
            career_id: r.career_id,
            career_name: r.career_name,
            difficulty: r.difficulty,
            lang: r.lang,
            // Stored codes are written from the enum; an unknown one reads as the default.
            kind: r.kind.parse().unwrap_or(QuestionKind::Technical),
            has_answer: r.has_answer != 0,
            favorites: r.favorites_count,
            source: r.source,
            source_path: r.source_path,
            license: r.license,
            favorited_at: None,
        })
        .collect())
}
