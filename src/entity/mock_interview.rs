//! `mock_interviews`: one practice session; `report` is the JSON report once finished.

use sea_orm::entity::prelude::*;

/// One row of `mock_interviews`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mock_interviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub round: Option<String>,
    pub career_id: Option<i64>,
    pub tag: Option<String>,
    pub position: Option<String>,
    pub company: Option<String>,
    pub job_description: Option<String>,
    pub use_resume: bool,
    /// Question language, a `ContentLang` code (null for interviews before migration 22).
    pub lang: Option<String>,
    pub difficulty: Option<String>,
    pub status: String,
    pub question_count: i32,
    pub overall_score: Option<i32>,
    pub report: Option<String>,
    pub finished_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
