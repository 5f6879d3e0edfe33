//! Comments on 面经 and discussions, with one level of replies: a reply to a
//! reply joins the same thread. Only the author edits; the author or an
//! admin deletes. Deletion is soft: a deleted comment with live replies
//! stays in its thread with empty content.
//!
//! The target's comment count moves with the comment in one transaction
//! ([`crate::store::comments`]); a 面经's count is shown by cached reads, so
//! a change to one drops the 面经 cache.
//!
//! Anonymity: on an anonymous 面经, the comments of its author (top-level or
//! replies) are shown as by the anonymous author (楼主, "OP") to everyone but
//! the author and admins, whatever the comment's place in a thread; showing
//! them by name would unmask the post ([`CommentView::author_visible`]).

use super::helpful::{self, HelpfulTarget};
use super::Viewer;
use crate::entity::enums::{CommentSort, TargetType};
use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::features::{experiences, notifications};
use crate::state::AppState;
use crate::store::comments::{self, Inserted, PostAuthor};
pub use crate::store::comments::CommentRow;

/// A comment as one viewer sees it.
#[derive(Clone, Debug)]
pub struct CommentView {
    /// The comment (empty content when deleted).
    pub row: CommentRow,
    /// Written by the author of the post it is on (楼主).
    pub op: bool,
    /// Its author may be shown: false for the comments of an anonymous
    /// 面经's author, except to that author and admins.
    pub author_visible: bool,
    /// The viewer wrote it.
    pub is_author: bool,
    /// The viewer counts it helpful (有帮助).
    pub helpful: bool,
}

impl CommentView {
    /// `row` (on the post by `post`) as `viewer` sees it.
    fn new(row: CommentRow, post: PostAuthor, viewer: Viewer) -> CommentView {
        let op = row.author_id == post.author_id;
        CommentView {
            author_visible: !(op && post.anonymous) || viewer.sees_author(row.author_id),
            is_author: viewer.is(row.author_id),
            helpful: false,
            op,
            row: shown(row),
        }
    }
}

/// A top-level comment and its live replies, oldest first.
#[derive(Clone, Debug)]
pub struct Thread {
    /// The top-level comment (empty content when deleted).
    pub comment: CommentView,
    /// Its live replies, oldest first.
    pub replies: Vec<CommentView>,
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

/// The author of the live post a comment of `row` is on, read after a write.
async fn post_of(state: &AppState, row: &CommentRow) -> Result<PostAuthor> {
    let target: TargetType = row.target_type.parse().map_err(|_| Error::NotFound)?;
    // A comment on a post deleted since keeps its author hidden as if the
    // post were still anonymous: nothing says it was not.
    Ok(comments::post_author(&state.db, target, row.target_id, true).await?.unwrap_or(PostAuthor { author_id: row.author_id, anonymous: true }))
}

/// A page (`page` 1-based) of the threads on live `target` `id` as
/// `viewer` sees them, in `sort` order, and how many there are.
///
/// # Errors
/// `NotFound` (no live target); database failures.
pub async fn list(state: &AppState, viewer: Viewer, target: TargetType, id: i64, sort: CommentSort, page: u64, per_page: u64) -> Result<(Vec<Thread>, u64)> {
    commentable(target)?;
    let post = comments::post_author(&state.db, target, id, false).await?.ok_or(Error::NotFound)?;
    let (top, total) = comments::top_level(&state.db, target, id, sort, page, per_page).await?;
    let ids: Vec<i64> = top.iter().map(|c| c.id).collect();
    let mut replies: std::collections::HashMap<i64, Vec<CommentView>> = std::collections::HashMap::new();
    let all_replies = comments::replies(&state.db, &ids).await?;
    let all_ids: Vec<i64> = ids.iter().copied().chain(all_replies.iter().map(|r| r.id)).collect();
    let voted = helpful::voted(state, viewer.user_id, HelpfulTarget::Comment, &all_ids).await?;
    let seen = |row: CommentRow| {
        let mut v = CommentView::new(row, post, viewer);
        v.helpful = voted.contains(&v.row.id);
        v
    };
    for r in all_replies {
        replies.entry(r.parent_id.unwrap_or_default()).or_default().push(seen(r));
    }
    let threads = top.into_iter().map(|c| Thread { replies: replies.remove(&c.id).unwrap_or_default(), comment: seen(c) }).collect();
    Ok((threads, total))
}

/// Comment as `me` on live `target` `id`, or reply to `parent_id` there;
/// the post's author and the replied-to are notified in the same
/// transaction ([`notifications::for_comment`]).
///
/// # Errors
/// `Validation` (`content` `not_empty`, `parent_id` `not_found`: not a live
/// comment on the same target), `NotFound` (no live target); database
/// failures.
pub async fn create(state: &AppState, me: &AuthSession, target: TargetType, id: i64, content: &str, parent_id: Option<i64>) -> Result<CommentView> {
    let content = text(content)?;
    commentable(target)?;
    let mut sent = Vec::new();
    let inserted = comments::insert(&state.db, target, id, me.user_id, parent_id, content, |c| {
        sent = notifications::for_comment(c);
        sent.clone()
    })
    .await?;
    let saved = match inserted {
        Inserted::Saved(saved) => saved,
        Inserted::NoTarget => return Err(Error::NotFound),
        Inserted::NoParent => return Err(Error::field("parent_id", "not_found")),
    };
    notifications::mail(state, sent);
    count_moved(state, target);
    let row = comments::one(&state.db, saved).await?.ok_or(Error::NotFound)?;
    let post = post_of(state, &row).await?;
    Ok(CommentView::new(row, post, Viewer::of(Some(me))))
}

/// Replace the text of live comment `id` (its author only).
///
/// # Errors
/// `Validation` (`content` `not_empty`), `NotFound`, `Forbidden`; database
/// failures.
pub async fn edit(state: &AppState, me: &AuthSession, id: i64, content: &str) -> Result<CommentView> {
    let content = text(content)?;
    let author = comments::live_author(&state.db, id).await?.ok_or(Error::NotFound)?;
    if author != me.user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    comments::set_content(&state.db, id, content).await?;
    let row = comments::one(&state.db, id).await?.ok_or(Error::NotFound)?;
    let post = post_of(state, &row).await?;
    Ok(CommentView::new(row, post, Viewer::of(Some(me))))
}

/// Delete live comment `id` (its author or an admin); every node drops its
/// cached 面经 reads ([`experiences::privacy_changed`]).
///
/// # Errors
/// `NotFound`, `Forbidden`; database failures.
pub async fn delete(state: &AppState, viewer: Viewer, id: i64) -> Result<()> {
    let moved = comments::delete(&state.db, id, |author_id| if viewer.may_delete(author_id) { Ok(()) } else { Err(Error::Forbidden("forbidden")) }).await?;
    // What a deleted comment said must not linger on another node.
    if moved == Some(TargetType::Experience) {
        experiences::privacy_changed(state).await;
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

    fn row(author_id: i64) -> CommentRow {
        let now = chrono::Utc::now();
        CommentRow {
            id: 1,
            target_type: "experience".into(),
            target_id: 9,
            author_id,
            parent_id: None,
            content: "x".into(),
            deleted_at: None,
            created_at: now,
            updated_at: now,
            helpful_count: 0,
            author_name: Some("Shy".into()),
            author_avatar: None,
            author_deleted_at: None,
        }
    }

    #[test]
    fn the_anonymous_posts_author_is_hidden_in_its_comments_from_all_but_them_and_admins() {
        let anon = PostAuthor { author_id: 7, anonymous: true };
        let open = PostAuthor { author_id: 7, anonymous: false };
        let visitor = Viewer::default();
        let other = Viewer { user_id: Some(8), is_admin: false };
        let author = Viewer { user_id: Some(7), is_admin: false };
        let admin = Viewer { user_id: Some(1), is_admin: true };
        for (viewer, visible) in [(visitor, false), (other, false), (author, true), (admin, true)] {
            let v = CommentView::new(row(7), anon, viewer);
            assert_eq!((v.op, v.author_visible), (true, visible), "{viewer:?}");
            assert!(CommentView::new(row(8), anon, viewer).author_visible, "others' comments keep their author");
            assert!(CommentView::new(row(7), open, viewer).author_visible, "a public post's author is public");
        }
        assert!(!CommentView::new(row(8), open, other).op);
    }

    #[test]
    fn questions_take_no_comments() {
        assert!(commentable(TargetType::Experience).is_ok() && commentable(TargetType::Discussion).is_ok());
        assert!(matches!(commentable(TargetType::Question), Err(Error::NotFound)));
    }
}
