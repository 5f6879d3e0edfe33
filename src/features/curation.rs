//! Administrators' curation of careers, schools and discussion tags: the
//! rules of what may be deleted, merged or renamed. What users expect:
//!
//! - A **career** is a label questions, 面经 and mock interviews point at
//!   by id: it can always be renamed (they follow) but deleted only while
//!   nothing uses it (409 `in_use`); merging careers would silently change
//!   the direction of interviews people took, so it is not offered.
//! - A **school** is what users picked in their profile: rename, delete
//!   while unused (409 `in_use`), or merge a duplicate spelling into the
//!   right one (its users move in the same transaction).
//! - A **tag** labels discussions: rename, merge into another (the
//!   discussions carry the other, once), or delete (detached from every
//!   discussion in the same transaction — a tag is not content).
//!
//! Names are trimmed; a blank or too long one is 400 `name` (`length`). A
//! name another row has is 409 `name_taken` (tags ignoring case).
//! Renaming one of the seeded careers drops its translated label
//! ([`crate::features::catalog::career_label`]): the new name is shown as
//! written in every language.

use crate::entity::tag;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::curation as store;
pub use crate::store::curation::{CareerUse, SchoolUse};

/// Longest career name, characters (`careers.name` is `varchar(50)`).
pub const MAX_CAREER: usize = 50;
/// Longest school name, characters.
pub const MAX_SCHOOL: usize = 100;
/// Longest region of a school, characters.
pub const MAX_REGION: usize = 50;
/// Longest tag, characters (as a discussion's tags).
pub const MAX_TAG: usize = 50;

/// `name` trimmed, or 400 `name` `length` when blank or longer than `max`.
fn clean(field: &str, name: &str, max: usize) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > max {
        return Err(Error::field(field, "length"));
    }
    Ok(name.to_owned())
}

/// Every career in display order with its uses.
///
/// # Errors
/// Database failures.
pub async fn careers(state: &AppState) -> Result<Vec<CareerUse>> {
    store::careers(&state.db).await
}

/// Add a career.
///
/// # Errors
/// 400 `name`; 409 `name_taken`; database failures.
pub async fn create_career(state: &AppState, name: &str, sort_order: Option<i32>) -> Result<CareerUse> {
    let name = clean("name", name, MAX_CAREER)?;
    store::create_career(&state.db, &name, sort_order).await
}

/// Rename a career or move it in the display order.
///
/// # Errors
/// 400 `name`; 404; 409 `name_taken`; database failures.
pub async fn update_career(state: &AppState, id: i64, name: Option<&str>, sort_order: Option<i32>) -> Result<CareerUse> {
    let name = name.map(|n| clean("name", n, MAX_CAREER)).transpose()?;
    let c = store::update_career(&state.db, id, name.as_deref(), sort_order).await?;
    // 面经 cards and details show the career's name.
    crate::features::experiences::changed(state);
    Ok(c)
}

/// Delete an unused career.
///
/// # Errors
/// 404; 409 `in_use`; database failures.
pub async fn delete_career(state: &AppState, id: i64) -> Result<()> {
    store::delete_career(&state.db, id).await
}

/// A page of schools with their users.
///
/// # Errors
/// Database failures.
pub async fn schools(state: &AppState, q: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<SchoolUse>, u64)> {
    store::schools(&state.db, q.map(str::trim).filter(|q| !q.is_empty()), page, per_page).await
}

/// A region trimmed; blank is none.
fn region(r: Option<&str>) -> Result<Option<String>> {
    match r.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if r.chars().count() > MAX_REGION => Err(Error::field("region", "length")),
        r => Ok(r.map(str::to_owned)),
    }
}

/// Add a school.
///
/// # Errors
/// 400 `name` or `region`; 409 `name_taken`; database failures.
pub async fn create_school(state: &AppState, name: &str, region_: Option<&str>) -> Result<SchoolUse> {
    let name = clean("name", name, MAX_SCHOOL)?;
    store::create_school(&state.db, &name, region(region_)?.as_deref()).await
}

/// Rename a school and/or set its region (`Some(None)` or a blank one clears it).
///
/// # Errors
/// 400 `name` or `region`; 404; 409 `name_taken`; database failures.
pub async fn update_school(state: &AppState, id: i64, name: Option<&str>, region_: Option<Option<&str>>) -> Result<SchoolUse> {
    let name = name.map(|n| clean("name", n, MAX_SCHOOL)).transpose()?;
    let region_ = match region_ {
        Some(r) => Some(region(r)?),
        None => None,
    };
    store::update_school(&state.db, id, name.as_deref(), region_.as_ref().map(|r| r.as_deref())).await
}

/// Delete an unused school.
///
/// # Errors
/// 404; 409 `in_use`; database failures.
pub async fn delete_school(state: &AppState, id: i64) -> Result<()> {
    store::delete_school(&state.db, id).await
}

/// Merge school `id` into `into` (its users move).
///
/// # Errors
/// 400 `merge_self` when they are one; 404; database failures.
pub async fn merge_school(state: &AppState, id: i64, into: i64) -> Result<SchoolUse> {
    if id == into {
        return Err(Error::BadRequest("merge_self"));
    }
    let (s, moved) = store::merge_school(&state.db, id, into).await?;
    tracing::info!(from = id, into, users = moved.len(), "school merged");
    Ok(s)
}

/// A page of tags, unused ones included.
///
/// # Errors
/// Database failures.
pub async fn tags(state: &AppState, q: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<tag::Model>, u64)> {
    store::tags(&state.db, q.map(str::trim).filter(|q| !q.is_empty()), page, per_page).await
}

/// Add a tag.
///
/// # Errors
/// 400 `name`; 409 `name_taken`; database failures.
pub async fn create_tag(state: &AppState, name: &str) -> Result<tag::Model> {
    let name = clean("name", name, MAX_TAG)?;
    store::create_tag(&state.db, &name).await
}

/// Rename a tag.
///
/// # Errors
/// 400 `name`; 404; 409 `name_taken`; database failures.
pub async fn rename_tag(state: &AppState, id: i64, name: &str) -> Result<tag::Model> {
    let name = clean("name", name, MAX_TAG)?;
    let t = store::rename_tag(&state.db, id, &name).await?;
    state.db.forget_totals();
    Ok(t)
}

/// Delete a tag, detaching it from its discussions.
///
/// # Errors
/// 404; database failures.
pub async fn delete_tag(state: &AppState, id: i64) -> Result<()> {
    store::delete_tag(&state.db, id).await?;
    state.db.forget_totals();
    Ok(())
}

/// Merge tag `id` into `into`.
///
/// # Errors
/// 400 `merge_self`; 404; database failures.
pub async fn merge_tag(state: &AppState, id: i64, into: i64) -> Result<tag::Model> {
    if id == into {
        return Err(Error::BadRequest("merge_self"));
    }
    let t = store::merge_tag(&state.db, id, into).await?;
    state.db.forget_totals();
    Ok(t)
}
