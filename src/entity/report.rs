//! `reports`: a user's report (举报) of a 面经, discussion or comment and
//! its moderation (issue 19); see `crate::features::reports`.

use sea_orm::entity::prelude::*;

/// One row of `reports`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reporter_id: i64,
    pub target_type: String,
    pub target_id: i64,
    pub reason: String,
    pub detail: Option<String>,
    pub status: String,
    /// 1 while open, NULL once handled (one open report per reporter and target).
    pub open_slot: Option<i16>,
    pub action: Option<String>,
    pub note: Option<String>,
    pub resolved_by: Option<i64>,
    pub resolved_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
