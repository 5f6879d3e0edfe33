//! `experiences`: 面经 posts. `interview_questions` is a JSON array of strings; `search_text` is the hex-token form of title, company, position, questions and content (see `crate::features::search`), stored on PostgreSQL and MySQL and left empty on SQLite, whose contentless FTS5 index keeps it.

use sea_orm::entity::prelude::*;

/// One row of `experiences`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "experiences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    pub title: String,
    pub company: String,
    pub company_key: String,
    /// The company `company` resolved to (`companies`); `None` only between a
    /// row's insert by an older binary and the next migration.
    pub company_id: Option<i64>,
    pub position: Option<String>,
    pub career_id: Option<i64>,
    pub interview_date: Option<Date>,
    pub interview_result: Option<String>,
    pub interview_difficulty: Option<String>,
    pub interview_evaluation: Option<i16>,
    pub interview_questions: String,
    pub question_count: i32,
    pub content: String,
    pub excerpt: String,
    pub anonymous: bool,
    pub favorites_count: i32,
    pub comments_count: i32,
    pub lang: String,
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub license: Option<String>,
    pub import_key: Option<String>,
    pub search_text: String,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
