//! Readiness: whether the services the API needs answer.

use crate::state::AppState;

/// Which dependencies answer.
#[derive(Clone, Copy, Debug)]
pub struct Readiness {
    /// The database answers `SELECT 1`.
    pub database: bool,
    /// The key/value store answers (always true in process; Redis `PING`).
    pub cache: bool,
}

impl Readiness {
    /// Everything answers.
    pub fn ok(self) -> bool {
        self.database && self.cache
    }
}

/// Ask the database and the key/value store.
pub async fn readiness(state: &AppState) -> Readiness {
    Readiness { database: state.db.ping().await, cache: state.kv.ping().await }
}
