//! The interview flow keeps two more facts per asked question of
//! `mock_interview_answers`:
//! - `asked_at`: when the question was put to the candidate (the first one
//!   when the interview is created, each next one, or a follow-up, in the
//!   transaction that saves the previous answer). The per-question timer
//!   counts from it, so it survives a reload. Rows from before stay null.
//! - `question_note`: a follow-up's question as a message key with
//!   parameters (JSON `{"key", "params"}`), rendered in the
//!   reader's language; `question` keeps the text as first asked.

use sea_orm_migration::prelude::*;

use super::ts;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "mock_interview_answers";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager.alter_table(Table::alter().table(Alias::new(TABLE)).add_column(ts(b, Alias::new("asked_at")).null()).to_owned()).await?;
        manager.alter_table(Table::alter().table(Alias::new(TABLE)).add_column(ColumnDef::new(Alias::new("question_note")).text().null()).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in ["question_note", "asked_at"] {
            manager.alter_table(Table::alter().table(Alias::new(TABLE)).drop_column(Alias::new(col)).to_owned()).await?;
        }
        Ok(())
    }
}
