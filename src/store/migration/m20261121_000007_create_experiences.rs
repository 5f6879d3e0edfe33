use sea_orm_migration::prelude::*;

use super::{create_table, fulltext, indexes, long_text, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Experiences {
    Table,
    Id,
    AuthorId,
    Title,
    Company,
    CompanyKey,
    Position,
    CareerId,
    InterviewDate,
    InterviewResult,
    InterviewDifficulty,
    InterviewEvaluation,
    InterviewQuestions,
    QuestionCount,
    Content,
    Excerpt,
    Anonymous,
    ViewCount,
    FavoritesCount,
    CommentsCount,
    Lang,
    Source,
    SourcePath,
    License,
    ImportKey,
    SearchText,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Experiences::Table);
        t.col(ColumnDef::new(Experiences::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Experiences::AuthorId).big_integer().not_null())
            .col(ColumnDef::new(Experiences::Title).string_len(200).not_null())
            .col(ColumnDef::new(Experiences::Company).string_len(100).not_null())
            .col(ColumnDef::new(Experiences::CompanyKey).string_len(100).not_null())
            .col(ColumnDef::new(Experiences::Position).string_len(100).null())
            .col(ColumnDef::new(Experiences::CareerId).big_integer().null())
            .col(ColumnDef::new(Experiences::InterviewDate).date().null())
            .col(ColumnDef::new(Experiences::InterviewResult).string_len(16).null())
            .col(ColumnDef::new(Experiences::InterviewDifficulty).string_len(16).null())
            .col(ColumnDef::new(Experiences::InterviewEvaluation).small_integer().null())
            .col(long_text(b, Experiences::InterviewQuestions).not_null())
            .col(ColumnDef::new(Experiences::QuestionCount).integer().not_null().default(0))
            .col(long_text(b, Experiences::Content).not_null())
            .col(ColumnDef::new(Experiences::Excerpt).string_len(400).not_null())
            .col(ColumnDef::new(Experiences::Anonymous).boolean().not_null().default(false))
            .col(ColumnDef::new(Experiences::ViewCount).big_integer().not_null().default(0))
            .col(ColumnDef::new(Experiences::FavoritesCount).integer().not_null().default(0))
            .col(ColumnDef::new(Experiences::CommentsCount).integer().not_null().default(0))
            .col(ColumnDef::new(Experiences::Lang).string_len(8).not_null().default("zh"))
            .col(ColumnDef::new(Experiences::Source).string_len(100).null())
            .col(ColumnDef::new(Experiences::SourcePath).string_len(300).null())
            .col(ColumnDef::new(Experiences::License).string_len(50).null())
            .col(ColumnDef::new(Experiences::ImportKey).string_len(64).null())
            .col(long_text(b, Experiences::SearchText).not_null())
            .col(ts(b, Experiences::DeletedAt).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_experiences_author_id")
                    .from(Experiences::Table, Experiences::AuthorId)
                    .to(Alias::new("users"), Alias::new("id")),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_experiences_career_id")
                    .from(Experiences::Table, Experiences::CareerId)
                    .to(Alias::new("careers"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::SetNull),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create().name("ux_experiences_import_key").table(Experiences::Table).col(Experiences::ImportKey).unique().to_owned(),
            )
            .await?;
        indexes(
            manager,
            "experiences",
            &[
                ("ix_experiences_company", &["company_key", "id"]),
                ("ix_experiences_career", &["career_id", "id"]),
                ("ix_experiences_author", &["author_id", "id"]),
                ("ix_experiences_result", &["interview_result", "id"]),
                ("ix_experiences_difficulty", &["interview_difficulty", "id"]),
                ("ix_experiences_popular", &["favorites_count", "id"]),
                ("ix_experiences_rated", &["interview_evaluation", "id"]),
            ],
        )
        .await?;
        fulltext(manager, "experiences").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            manager.get_connection().execute_unprepared("DROP TABLE IF EXISTS experiences_fts").await?;
        }
        manager.drop_table(Table::drop().table(Experiences::Table).to_owned()).await
    }
}
