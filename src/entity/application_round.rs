//! `application_rounds`: the rounds of one application, in order (`idx`
//! from 0). `questions` is a JSON array of strings; `scheduled_time` is
//! `HH:MM` in the owner's own clock.

use sea_orm::entity::prelude::*;

/// One row of `application_rounds`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "application_rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub application_id: i64,
    pub idx: i32,
    /// An [`ApplicationStage`](super::enums::ApplicationStage) code.
    pub stage: String,
    pub scheduled_on: Option<Date>,
    pub scheduled_time: Option<String>,
    pub notes: Option<String>,
    pub questions: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
