//! `sessions`: one row per login. Only the SHA-256 of the token is stored.

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
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
