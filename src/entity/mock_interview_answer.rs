//! `mock_interview_answers`: one asked question (main or follow-up, `parent_idx`) and its answer and score; `details` holds the scorer's result as JSON (sub-scores, and since the interview-flow migration its notes, key points and explanation: `features::interviews::report::Details`); `asked_at` is when the question was put; `question_note` a follow-up's question as a note (JSON).

use sea_orm::entity::prelude::*;

/// One row of `mock_interview_answers`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mock_interview_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub interview_id: i64,
    pub idx: i32,
    pub parent_idx: Option<i32>,
    pub question_id: Option<i64>,
    pub question: String,
    pub reference: Option<String>,
    pub dimension: Option<String>,
    pub answer: Option<String>,
    pub duration_seconds: Option<i32>,
    pub recording_file_id: Option<i64>,
    #[sea_orm(column_type = "Double")]
    pub speech_rate: Option<f64>,
    pub score: Option<i32>,
    pub feedback: Option<String>,
    pub improved: Option<String>,
    pub details: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    pub asked_at: Option<DateTimeUtc>,
    pub question_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
