//! `comments`: on an experience or a discussion (`target_type`), one level of replies through `parent_id`.

use sea_orm::entity::prelude::*;

/// One row of `comments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target_type: String,
    pub target_id: i64,
    pub author_id: i64,
    pub parent_id: Option<i64>,
    pub content: String,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
