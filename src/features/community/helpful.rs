//! "有帮助" (helpful) votes on 面经 and comments: idempotent casting and
//! withdrawing, one vote per user and target, the target's count kept
//! exact in the vote's transaction ([`crate::store::helpful`]).
//!
//! Rules (README, "Community basics"):
//! - Only a live target can be voted on or have a vote withdrawn; a missing
//!   or deleted one answers 404 `not_found`.
//! - Nobody votes on their own 面经 or comment: 403 `helpful_own_post`. A
//!   count that its author can raise says nothing to the reader, and the
//!   button is not shown to the author anyway. Withdrawing is allowed to
//!   everyone (there is nothing to withdraw on one's own post; it is a no-op).
//! - A 面经's count is shown by cached reads, so a change to one drops the
//!   面经 caches ([`experiences::changed`]); comment lists are not cached.

use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::features::experiences;
use crate::state::AppState;
use crate::store::helpful;
pub use crate::store::helpful::HelpfulTarget;

/// The caller's vote after casting or withdrawing it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpfulState {
    /// Whether the caller now counts it helpful.
    pub is_helpful: bool,
    /// How many users count it helpful.
    pub helpful: i64,
}

fn count_moved(state: &AppState, target: HelpfulTarget) {
    if target == HelpfulTarget::Experience {
        experiences::changed(state);
    }
}

/// Count live `target` `id` helpful for `me` (idempotent).
///
/// # Errors
/// 404 `not_found` (missing or deleted target), 403 `helpful_own_post`;
/// database failures.
pub async fn vote(state: &AppState, me: &AuthSession, target: HelpfulTarget, id: i64) -> Result<HelpfulState> {
    let (author, _) = helpful::live_author(&state.db, target, id).await?.ok_or(Error::NotFound)?;
    if author == me.user_id {
        return Err(Error::Forbidden("helpful_own_post"));
    }
    let done = helpful::insert(&state.db, me.user_id, target, id).await?;
    if done.changed {
        count_moved(state, target);
    }
    Ok(HelpfulState { is_helpful: true, helpful: done.count })
}

/// Withdraw `me`'s helpful vote on live `target` `id` (idempotent).
///
/// # Errors
/// 404 `not_found` (missing or deleted target); database failures.
pub async fn unvote(state: &AppState, me: &AuthSession, target: HelpfulTarget, id: i64) -> Result<HelpfulState> {
    helpful::live_author(&state.db, target, id).await?.ok_or(Error::NotFound)?;
    let done = helpful::delete(&state.db, me.user_id, target, id).await?;
    if done.changed {
        count_moved(state, target);
    }
    Ok(HelpfulState { is_helpful: false, helpful: done.count })
}

/// The ids among `ids` of `target` that `user_id` counts helpful.
///
/// # Errors
/// Database failures.
pub async fn voted(state: &AppState, user_id: Option<i64>, target: HelpfulTarget, ids: &[i64]) -> Result<std::collections::HashSet<i64>> {
    helpful::voted(&state.db, user_id, target, ids).await
}
