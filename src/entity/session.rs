//! `sessions`: one row per token. Only the SHA-256 of the token is stored.
//! A refresh replaces the row with a new one of the same chain (same
//! `logged_in_at` and `expires_at`).

use sea_orm::entity::prelude::*;

/// One row of `sessions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub token_hash: String,
    /// The user's `token_version` when the session was made; a bump of the
    /// user's version revokes every older session at once.
    pub token_version: i32,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The absolute deadline: the login's time plus `session_hours` (or
    /// `session_keep_days`); refreshes keep it.
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the login that started this chain of tokens happened (null only
    /// before migration 25 ran on the row).
    pub logged_in_at: Option<DateTimeUtc>,
    /// The last request with the token, to the minute (null as above).
    pub last_seen_at: Option<DateTimeUtc>,
    /// Logged in with `keep_logged_in`: the longer idle timeout applies.
    pub keep_logged_in: bool,
}

impl Model {
    /// When the chain's login happened.
    pub fn logged_in(&self) -> DateTimeUtc {
        self.logged_in_at.unwrap_or(self.created_at)
    }

    /// The last request seen with this token.
    pub fn last_seen(&self) -> DateTimeUtc {
        self.last_seen_at.unwrap_or(self.created_at)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
