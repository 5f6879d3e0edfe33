//! `applications`: one job the owner applied for, in the application
//! tracker (issue 19). Private to `user_id`. `channel` and `stage` are
//! [`ApplicationChannel`](super::enums::ApplicationChannel) and
//! [`ApplicationStage`](super::enums::ApplicationStage) codes.

use sea_orm::entity::prelude::*;

/// One row of `applications`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The company as the owner typed it.
    pub company: String,
    pub position: String,
    pub channel: String,
    pub applied_on: Option<Date>,
    /// The current stage.
    pub stage: String,
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
