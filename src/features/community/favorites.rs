//! Favorites (收藏) of 面经, discussions and questions: idempotent add and
//! remove, and a user's favorites page by page.
//!
//! The target's favorite count moves with the favorite row in one
//! transaction ([`crate::store::favorites`]). Only a 面经's count is shown by
//! cached reads, so only a change to one drops the 面经 cache.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::entity::enums::TargetType;
use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::features::community::Viewer;
use crate::features::experiences;
use crate::features::Page;
use crate::state::AppState;
use crate::store::favorites;

/// Favorite state after adding or removing one.
#[derive(Debug, Serialize, ToSchema)]
pub struct FavoriteState {
    /// Whether the caller now has it as a favorite.
    pub favorited: bool,
    /// The target's favorite count.
    pub favorites: i64,
}

/// The caches to drop after `target`'s favorite count moved.
fn count_moved(state: &AppState, target: TargetType) {
    if target == TargetType::Experience {
        experiences::changed(state);
    }
}

/// Add `target` `id` to `user_id`'s favorites (idempotent). With
/// `live_only`, a deleted target cannot be added.
///
/// # Errors
/// `NotFound` when the target does not exist (or is deleted, with
/// `live_only`); database failures.
pub async fn add(state: &AppState, user_id: i64, target: TargetType, id: i64, live_only: bool) -> Result<FavoriteState> {
    if favorites::count(&state.db, target, id, live_only).await?.is_none() {
        return Err(Error::NotFound);
    }
    let done = favorites::insert(&state.db, user_id, target, id).await?;
    if done.changed {
        count_moved(state, target);
    }
    Ok(FavoriteState { favorited: true, favorites: done.favorites })
}

/// Remove `target` `id` from `user_id`'s favorites (idempotent; a deleted
/// target can be removed).
///
/// # Errors
/// `NotFound` when the target does not exist; database failures.
pub async fn remove(state: &AppState, user_id: i64, target: TargetType, id: i64) -> Result<FavoriteState> {
    if favorites::count(&state.db, target, id, false).await?.is_none() {
        return Err(Error::NotFound);
    }
    let done = favorites::delete(&state.db, user_id, target, id).await?;
    if done.changed {
        count_moved(state, target);
    }
    Ok(FavoriteState { favorited: false, favorites: done.favorites })
}

/// A page (`page` 1-based) of `user_id`'s favorite ids of `target`, most
/// recently favorited first, live targets only, with when each was
/// favorited; and how many there are.
///
/// # Errors
/// Database failures.
pub async fn page_of(state: &AppState, user_id: i64, target: TargetType, page: u64, per_page: u64) -> Result<(Vec<(i64, DateTime<Utc>)>, u64)> {
    favorites::page(&state.db, user_id, target, page, per_page).await
}

/// The 面经 `me` favorited, most recently favorited first, as `me` sees
/// them, each with when it was favorited; posts deleted since are left out
/// of the page (its `total` still counts them).
///
/// # Errors
/// Database failures.
pub async fn experiences_of(state: &AppState, me: &AuthSession, page: u64, per_page: u64) -> Result<Page<(experiences::ExperienceView, DateTime<Utc>)>> {
    let (ids, total) = page_of(state, me.user_id, TargetType::Experience, page, per_page).await?;
    let viewer = Viewer::of(Some(me));
    let mut items = Vec::with_capacity(ids.len());
    for (id, at) in ids {
        match experiences::get(state, viewer, id, false).await {
            Ok(found) => items.push((found.view, at)),
            Err(Error::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(Page { items, total, page, per_page })
}
