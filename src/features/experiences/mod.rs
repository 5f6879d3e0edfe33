//! 面经: see the lead's version.
use crate::state::AppState;
/// Drop every cached 面经 list page, detail and list total (after a write that changes what they show).
pub fn changed(state: &AppState) {
    state.db.forget_totals();
    state.experience_reads.invalidate();
}
