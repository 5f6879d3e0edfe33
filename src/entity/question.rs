//! `questions`: the question bank. `content_key` = SHA-256 of the normalised text, unique, so the same question is stored once whether it came from an import, an admin or a 面经.

use sea_orm::entity::prelude::*;

/// One row of `questions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub content: String,
    pub content_key: String,
    pub answer: Option<String>,
    pub career_id: Option<i64>,
    pub difficulty: Option<String>,
    pub lang: String,
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub license: Option<String>,
    pub created_by: Option<i64>,
    pub favorites_count: i32,
    pub search_text: String,
    /// A `QuestionKind` code.
    pub kind: String,
    /// Admin-set key points, a JSON list of strings; null: derived from the reference answer.
    pub key_points: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
