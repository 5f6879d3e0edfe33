//! Comments on 面经 and discussions, with one level of replies: a reply to a
//! reply joins the same thread. Only the author edits; the author or an
//! admin deletes. Deletion is soft: a deleted comment with live replies
//! stays in its thread with empty content.
//!
//! The target's comment count moves with the comment in one transaction
//! ([`crate::store::comments`]); a 面经's count is shown by cached reads, so
//! a change to one drops the 面经 cache.

use super::Viewer;
use crate::entity::enums::TargetType;
use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::features::experiences;
use crate::state::AppState;
use crate::store::comments::{self, Inserted};
pub use crate::store::comments::CommentRow;

/// A top-level comment and its live replies, oldest first.
#[derive(Clone, Debug)]
pub struct Thread {
    /// The top-level comment (empty content when deleted).
    pub comment: CommentRow,
    /// Its live replies, oldest first.
    pub replies: Vec<CommentRow>,
}

/// Only 面经 and discussions take comments.
fn commentable(target: TargetType) -> Result<()> {
    match target {
        TargetType::Experience | TargetType::Discussion => Ok(()),
        TargetType::Question => Err(Error::NotFound),
    }
}

/// A comment as readers see it: a deleted one keeps no text.
fn shown(mut row: CommentRow) -> CommentRow {
    if row.deleted_at.is_some() {
        row.content.clear();
    }
    row
}

/// The text of a comment: trimmed, not empty (`content` `not_empty`).
fn text(content: &str) -> Result<String> {
    let content = content.trim();
    if content.is_empty() {
        return Err(Error::field("content", "not_empty"));
    }
    Ok(content.to_owned())
}

/// The caches to drop after `target`'s comment count moved.
fn count_moved(state: &AppState, target: TargetType) {
    if target == TargetType::Experience {
        experiences::changed(state);
    }
}

/// A page (`page` 1-based) of the threads on live `target` `id`, oldest
/// first, and how many there are.
///
/// # Errors
/// `NotFound` (no live target); database failures.
pub async fn list(state: &AppState, target: TargetType, id: i64, page: u64, per_page: u64) -> Result<(Vec<Thread>, u64)> {
    commentable(target)?;
    if !comments::target_exists(&state.db, target, id).await? {
        return Err(Error::NotFound);
    }
    let (top, total) = comments::top_level(&state.db, target, id, page, per_page).await?;
    let ids: Vec<i64> = top.iter().map(|c| c.id).collect();
    let mut replies: std::collections::HashMap<i64, Vec<CommentRow>> = std::collections::HashMap::new();
    for r in comments::replies(&state.db, &ids).await? {
        replies.entry(r.parent_id.unwrap_or_default()).or_default().push(shown(r));
    }
    let threads = top.into_iter().map(|c| Thread { replies: replies.remove(&c.id).unwrap_or_default(), comment: shown(c) }).collect();
    Ok((threads, total))
}

/// Comment as `me` on live `target` `id`, or reply to `parent_id` there.
///
/// # Errors
/// `Validation` (`content` `not_empty`, `parent_id` `not_found`: not a live
/// comment on the same target), `NotFound` (no live target); database
/// failures.
pub async fn create(state: &AppState, me: &AuthSession, target: TargetType, id: i64, content: &str, parent_id: Option<i64>) -> Result<CommentRow> {
    let content = text(content)?;
    commentable(target)?;
    let saved = match comments::insert(&state.db, target, id, me.user_id, parent_id, content).await? {
        Inserted::Saved(saved) => saved,
        Inserted::NoTarget => return Err(Error::NotFound),
        Inserted::NoParent => return Err(Error::field("parent_id", "not_found")),
    };
    count_moved(state, target);
    comments::one(&state.db, saved).await?.map(shown).ok_or(Error::NotFound)
}

/// Replace the text of live comment `id` (its author only).
///
/// # Errors
/// `Validation` (`content` `not_empty`), `NotFound`, `Forbidden`; database
/// failures.
pub async fn edit(state: &AppState, me: &AuthSession, id: i64, content: &str) -> Result<CommentRow> {
    let content = text(content)?;
    let author = comments::live_author(&state.db, id).await?.ok_or(Error::NotFound)?;
    if author != me.user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    comments::set_content(&state.db, id, content).await?;
    comments::one(&state.db, id).await?.map(shown).ok_or(Error::NotFound)
}

/// Delete live comment `id` (its author or an admin).
///
/// # Errors
/// `NotFound`, `Forbidden`; database failures.
pub async fn delete(state: &AppState, viewer: Viewer, id: i64) -> Result<()> {
    let moved = comments::delete(&state.db, id, |author_id| if viewer.may_delete(author_id) { Ok(()) } else { Err(Error::Forbidden("forbidden")) }).await?;
    if let Some(target) = moved {
        count_moved(state, target);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_text_is_trimmed_and_blank_text_is_refused() {
        assert_eq!(text("  好问题 \n").ok().as_deref(), Some("好问题"));
        assert!(matches!(text(" \n\t"), Err(Error::Validation(f)) if f["content"][0].code == "not_empty"));
    }

    #[test]
    fn questions_take_no_comments() {
        assert!(commentable(TargetType::Experience).is_ok() && commentable(TargetType::Discussion).is_ok());
        assert!(matches!(commentable(TargetType::Question), Err(Error::NotFound)));
    }
}
