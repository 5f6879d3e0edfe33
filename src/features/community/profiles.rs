//! What a public profile (`/users/:id`) lists of a user: their live 面经 and
//! discussions, newest first, page by page.
//!
//! Anonymous 面经 are never listed here, also not when the user looks at
//! their own profile: the public page shows what everyone sees, and an
//! anonymous post next to its author's name would unmask it (their own
//! anonymous posts are under "My posts"). Discussions are never anonymous.
//! A deleted user's posts stay listed, as they stay in the feed.

use super::discussions::{self, Discussion, ListQuery as DiscussionQuery};
use super::Viewer;
use crate::error::{Error, Result};
use crate::features::experiences::{self, ExperienceView, ListQuery};
use crate::features::Page;
use crate::state::AppState;
use crate::store::users;

/// 404 unless user `id` exists (deleted accounts exist).
async fn known(state: &AppState, id: i64) -> Result<()> {
    users::by_id(&state.db, id).await?.map(|_| ()).ok_or(Error::NotFound)
}

/// A page (`page` 1-based) of user `id`'s live, non-anonymous 面经 as
/// `viewer` sees them, newest first.
///
/// # Errors
/// 404 `not_found` for an unknown user; database failures.
pub async fn experiences_of(state: &AppState, viewer: Viewer, id: i64, page: u64, per_page: u64) -> Result<Page<ExperienceView>> {
    known(state, id).await?;
    let query = ListQuery { public: true, page: Some(page), per_page: Some(per_page), ..Default::default() };
    experiences::list(state, viewer, &query, Some(id)).await
}

/// A page (`page` 1-based) of user `id`'s live discussions as `viewer`
/// sees them, newest first, and how many there are.
///
/// # Errors
/// 404 `not_found` for an unknown user; database failures.
pub async fn discussions_of(state: &AppState, viewer: Viewer, id: i64, page: u64, per_page: u64) -> Result<(Vec<Discussion>, u64)> {
    known(state, id).await?;
    discussions::list(state, viewer, &DiscussionQuery { author: Some(id), ..Default::default() }, page, per_page).await
}
