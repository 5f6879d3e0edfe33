//! `discussion_tags`: which tags a discussion carries.

use sea_orm::entity::prelude::*;

/// One row of `discussion_tags`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "discussion_tags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub discussion_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag_id: i64,
    /// Order in which the author gave the tag.
    pub position: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
