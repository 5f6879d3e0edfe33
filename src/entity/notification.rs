//! `notifications`: one event for one recipient (issue 19); see
//! `crate::features::notifications`.

use sea_orm::entity::prelude::*;

/// One row of `notifications`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient_id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub target_type: String,
    pub target_id: i64,
    pub post_type: Option<String>,
    pub post_id: Option<i64>,
    pub excerpt: String,
    pub note: Option<String>,
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
