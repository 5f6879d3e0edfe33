//! Private notes: each user may keep one note per question, seen only by them.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::questions as store;

/// A user's note on a question.
#[derive(Clone, Debug)]
pub struct Note {
    /// The question.
    pub question_id: i64,
    /// The trimmed note.
    pub content: String,
    /// When it was written.
    pub updated_at: DateTime<Utc>,
}

/// Write (create or replace) `user_id`'s note on the question `id`.
///
/// # Errors
/// 400 (`content` `not_empty`) for a blank note; 404 `not_found`; database failures.
pub async fn put(state: &AppState, user_id: i64, id: i64, content: &str) -> Result<Note> {
    let content = content.trim().to_owned();
    if content.is_empty() {
        return Err(Error::field("content", "not_empty"));
    }
    store::find(&state.db.read, id).await?.ok_or(Error::NotFound)?;
    let now = Utc::now();
    store::put_note(&state.db, user_id, id, &content, now).await?;
    Ok(Note { question_id: id, content, updated_at: now })
}

/// Delete `user_id`'s note on the question `id` (idempotent).
///
/// # Errors
/// 404 `not_found` when there is no such question; database failures.
pub async fn delete(state: &AppState, user_id: i64, id: i64) -> Result<()> {
    store::find(&state.db.read, id).await?.ok_or(Error::NotFound)?;
    Ok(store::delete_note(&state.db, user_id, id).await?)
}
