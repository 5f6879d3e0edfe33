//! Mock interviews and their answers (one row per asked question, follow-ups
//! included).

use sea_orm_migration::prelude::*;

use super::{create_table, indexes, long_text, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MockInterviews {
    Table,
    Id,
    UserId,
    Kind,
    Round,
    CareerId,
    Tag,
    Position,
    Company,
    JobDescription,
    UseResume,
    Difficulty,
    Status,
    QuestionCount,
    OverallScore,
    Report,
    FinishedAt,
}

#[derive(DeriveIden)]
enum MockInterviewAnswers {
    Table,
    Id,
    InterviewId,
    Idx,
    ParentIdx,
    QuestionId,
    Question,
    Reference,
    Dimension,
    Answer,
    DurationSeconds,
    RecordingFileId,
    SpeechRate,
    Score,
    Feedback,
    Improved,
    Details,
    AnsweredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, MockInterviews::Table);
        t.col(ColumnDef::new(MockInterviews::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(MockInterviews::UserId).big_integer().not_null())
            .col(ColumnDef::new(MockInterviews::Kind).string_len(16).not_null())
            .col(ColumnDef::new(MockInterviews::Round).string_len(16).null())
            .col(ColumnDef::new(MockInterviews::CareerId).big_integer().null())
            .col(ColumnDef::new(MockInterviews::Tag).string_len(50).null())
            .col(ColumnDef::new(MockInterviews::Position).string_len(100).null())
            .col(ColumnDef::new(MockInterviews::Company).string_len(100).null())
            .col(long_text(b, MockInterviews::JobDescription).null())
            .col(ColumnDef::new(MockInterviews::UseResume).boolean().not_null().default(false))
            .col(ColumnDef::new(MockInterviews::Difficulty).string_len(16).null())
            .col(ColumnDef::new(MockInterviews::Status).string_len(16).not_null())
            .col(ColumnDef::new(MockInterviews::QuestionCount).integer().not_null())
            .col(ColumnDef::new(MockInterviews::OverallScore).integer().null())
            .col(long_text(b, MockInterviews::Report).null())
            .col(ts(b, MockInterviews::FinishedAt).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_mock_interviews_user")
                    .from(MockInterviews::Table, MockInterviews::UserId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        indexes(manager, "mock_interviews", &[("ix_mock_interviews_user", &["user_id", "id"])]).await?;

        let mut t = create_table(b, MockInterviewAnswers::Table);
        t.col(ColumnDef::new(MockInterviewAnswers::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(MockInterviewAnswers::InterviewId).big_integer().not_null())
            .col(ColumnDef::new(MockInterviewAnswers::Idx).integer().not_null())
            .col(ColumnDef::new(MockInterviewAnswers::ParentIdx).integer().null())
            .col(ColumnDef::new(MockInterviewAnswers::QuestionId).big_integer().null())
            .col(long_text(b, MockInterviewAnswers::Question).not_null())
            .col(long_text(b, MockInterviewAnswers::Reference).null())
            .col(ColumnDef::new(MockInterviewAnswers::Dimension).string_len(100).null())
            .col(long_text(b, MockInterviewAnswers::Answer).null())
            .col(ColumnDef::new(MockInterviewAnswers::DurationSeconds).integer().null())
            .col(ColumnDef::new(MockInterviewAnswers::RecordingFileId).big_integer().null())
            .col(ColumnDef::new(MockInterviewAnswers::SpeechRate).double().null())
            .col(ColumnDef::new(MockInterviewAnswers::Score).integer().null())
            .col(long_text(b, MockInterviewAnswers::Feedback).null())
            .col(long_text(b, MockInterviewAnswers::Improved).null())
            .col(long_text(b, MockInterviewAnswers::Details).null())
            .col(ts(b, MockInterviewAnswers::AnsweredAt).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_mock_answers_interview")
                    .from(MockInterviewAnswers::Table, MockInterviewAnswers::InterviewId)
                    .to(MockInterviews::Table, MockInterviews::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_mock_answers_question")
                    .from(MockInterviewAnswers::Table, MockInterviewAnswers::QuestionId)
                    .to(Alias::new("questions"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::SetNull),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_mock_answers_idx")
                    .table(MockInterviewAnswers::Table)
                    .col(MockInterviewAnswers::InterviewId)
                    .col(MockInterviewAnswers::Idx)
                    .unique()
                    .to_owned(),
            )
            .await?;
        indexes(manager, "mock_interview_answers", &[("ix_mock_answers_question", &["question_id", "answered_at"])]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MockInterviewAnswers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(MockInterviews::Table).to_owned()).await
    }
}
