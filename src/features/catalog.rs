//! Reference lists: careers (job directions) and schools.

use crate::entity::{career, school};
use crate::error::Result;
use crate::state::AppState;
use crate::store::catalog;

/// Page `page` (1-based) of `per_page` careers in display order, and how many there are.
///
/// # Errors
/// Database failures.
pub async fn careers(state: &AppState, page: u64, per_page: u64) -> Result<(Vec<career::Model>, u64)> {
    Ok(catalog::careers(&state.db, page, per_page).await?)
}

/// Page `page` (1-based) of `per_page` schools whose name contains `text`
/// (all schools without it), and how many match.
///
/// # Errors
/// Database failures.
pub async fn schools(state: &AppState, text: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<school::Model>, u64)> {
    Ok(catalog::schools(&state.db, text, page, per_page).await?)
}
