//! `resumes`: one per user; list fields are JSON arrays.

use sea_orm::entity::prelude::*;

/// One row of `resumes`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resumes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub autobiography: Option<String>,
    pub education: String,
    pub work_experience: String,
    pub portfolio: String,
    pub skills: String,
    pub attachment_file_id: Option<i64>,
    pub attachment_text: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
