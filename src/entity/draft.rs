//! `drafts`: the autosaved form of a 面经 or discussion being written, one
//! per owner, kind and post (`post_id` 0 for a post not yet published).

use sea_orm::entity::prelude::*;

/// One row of `drafts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "drafts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    /// A [`DraftKind`](super::enums::DraftKind) code.
    pub kind: String,
    /// The post being edited, 0 for a new post (0 rather than NULL so the
    /// unique index `(owner_id, kind, post_id)` holds on every backend).
    pub post_id: i64,
    /// The form's fields, a JSON object.
    pub fields: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
