//! Server-side drafts (草稿) of 面经 and discussions: the forms autosave
//! here while their author types, so a reload, a closed tab or another
//! device does not lose the text (issue 19: a new user lost a draft).
//!
//! One draft per owner, kind and post: a new post's draft, and one per
//! post the owner is editing. A draft is private to its owner: every read
//! and write is keyed by the caller, so another user's draft is simply not
//! found (404). A draft of an edit may only be saved for a live post of the
//! caller's (404 for a missing post, 403 for someone else's, as editing the
//! post itself answers).
//!
//! The fields are the form's, as a JSON object the UI owns (its shape
//! changes with the form), at most [`MAX_FIELDS_BYTES`] serialised.
//! Publishing removes the draft ([`published`]): right after the post's
//! commit rather than in its transaction, because new 面经 are committed in
//! batches by the group-commit writer
//! ([`crate::store::experiences::writer`]); a draft left behind by a failed
//! delete is logged and harmless (the form offers to discard it).
//!
//! Autosaves are rate limited as their own write kind (`limits.drafts`),
//! generously: the UI saves at most once per 1.5 s of typing (40 a minute).

use chrono::{DateTime, Utc};

use crate::entity::enums::DraftKind;
use crate::error::{Error, Result};
use crate::features::Page;
use crate::state::AppState;
use crate::store::drafts::{self, DraftKey};

/// Largest serialised `fields` of a draft, bytes: room for the longest 面经
/// (its content limit in Chinese, 3 bytes a character) and every other field.
pub const MAX_FIELDS_BYTES: usize = 256 * 1024;

/// A saved draft.
#[derive(Clone, Debug)]
pub struct Draft {
    /// 面经 or discussion.
    pub kind: DraftKind,
    /// The post being edited; `None` for a new post.
    pub post_id: Option<i64>,
    /// The form's fields.
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// When it was last saved.
    pub updated_at: DateTime<Utc>,
}

fn key(owner_id: i64, kind: DraftKind, post_id: Option<i64>) -> DraftKey {
    DraftKey { owner_id, kind, post_id: post_id.unwrap_or(0) }
}

fn from_row(row: crate::entity::draft::Model) -> Option<Draft> {
    let kind = row.kind.parse().ok()?;
    // A stored draft is always an object (it is checked on the way in); a
    // row that is not one is shown as empty rather than failing the list.
    let fields = serde_json::from_str(&row.fields).unwrap_or_default();
    Some(Draft { kind, post_id: (row.post_id != 0).then_some(row.post_id), fields, updated_at: row.updated_at })
}

/// `owner_id`'s draft of `kind` for `post_id` (`None`: a new post).
///
/// # Errors
/// 404 `not_found` when there is none; database failures.
pub async fn get(state: &AppState, owner_id: i64, kind: DraftKind, post_id: Option<i64>) -> Result<Draft> {
    drafts::get(&state.db, key(owner_id, kind, post_id)).await?.and_then(from_row).ok_or(Error::NotFound)
}

/// Save (create or replace) `owner_id`'s draft of `kind` for `post_id`.
///
/// # Errors
/// 413 `payload_too_large` over [`MAX_FIELDS_BYTES`]; for an edit, 404
/// `not_found` when the post is missing or deleted and 403 `forbidden` when
/// it is someone else's; database failures.
pub async fn save(state: &AppState, owner_id: i64, kind: DraftKind, post_id: Option<i64>, fields: serde_json::Map<String, serde_json::Value>) -> Result<Draft> {
    let text = serde_json::to_string(&fields).map_err(|_| Error::BadRequest("bad_request"))?;
    if text.len() > MAX_FIELDS_BYTES {
        return Err(Error::PayloadTooLarge);
    }
    if let Some(id) = post_id {
        match drafts::post_author(&state.db, kind, id).await? {
            None => return Err(Error::NotFound),
            Some(author) if author != owner_id => return Err(Error::Forbidden("forbidden")),
            Some(_) => {}
        }
    }
    let now = Utc::now();
    drafts::put(&state.db, key(owner_id, kind, post_id), text, now).await?;
    Ok(Draft { kind, post_id, fields, updated_at: now })
}

/// Discard `owner_id`'s draft of `kind` for `post_id`.
///
/// # Errors
/// 404 `not_found` when there is none; database failures.
pub async fn discard(state: &AppState, owner_id: i64, kind: DraftKind, post_id: Option<i64>) -> Result<()> {
    if drafts::delete(&state.db, key(owner_id, kind, post_id)).await? { Ok(()) } else { Err(Error::NotFound) }
}

/// After `owner_id` published a post of `kind` (`edited`: the id of an
/// edited post, `None` for a new one): its draft is done. A failure is
/// logged, not returned: the post is committed, and a stale draft is
/// harmless (see the module docs).
pub async fn published(state: &AppState, owner_id: i64, kind: DraftKind, edited: Option<i64>) {
    let key = key(owner_id, kind, edited);
    // Look first: most posts have no draft (imports, API clients), and a read
    // does not take a turn on SQLite's one writer, which 面经 creates share.
    // The UI's last autosave committed before it sent the publish.
    let removed = match drafts::exists(&state.db, key).await {
        Ok(false) => Ok(false),
        Ok(true) => drafts::delete(&state.db, key).await,
        Err(e) => Err(e),
    };
    if let Err(e) = removed {
        tracing::warn!(error = %e, user_id = owner_id, kind = kind.as_str(), "the post is published but its draft could not be removed");
    }
}

/// Page `page` (1-based) of `owner_id`'s drafts, most recently saved first.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, owner_id: i64, page: u64, per_page: u64) -> Result<Page<Draft>> {
    let (rows, total) = drafts::list(&state.db, owner_id, page, per_page).await?;
    Ok(Page { items: rows.into_iter().filter_map(from_row).collect(), total, page, per_page })
}
