//! The question bank: questions, their tags, per-user notes and the links
//! from 面经 (`question_companies`: which company asked which question).

use sea_orm_migration::prelude::*;

use super::{create_table, fulltext, indexes, long_text, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Questions {
    Table,
    Id,
    Content,
    ContentKey,
    Answer,
    CareerId,
    Difficulty,
    Lang,
    Source,
    SourcePath,
    License,
    CreatedBy,
    FavoritesCount,
    SearchText,
}

#[derive(DeriveIden)]
enum QuestionTags {
    Table,
    QuestionId,
    Tag,
    TagKey,
}

#[derive(DeriveIden)]
enum QuestionNotes {
    Table,
    Id,
    UserId,
    QuestionId,
    Content,
}

#[derive(DeriveIden)]
enum QuestionCompanies {
    Table,
    Id,
    QuestionId,
    ExperienceId,
    Company,
    CompanyKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Questions::Table);
        t.col(ColumnDef::new(Questions::Id).big_integer().not_null().auto_increment().primary_key())
            .col(long_text(b, Questions::Content).not_null())
            .col(ColumnDef::new(Questions::ContentKey).string_len(64).not_null())
            .col(long_text(b, Questions::Answer).null())
            .col(ColumnDef::new(Questions::CareerId).big_integer().null())
            .col(ColumnDef::new(Questions::Difficulty).string_len(16).null())
            .col(ColumnDef::new(Questions::Lang).string_len(8).not_null().default("zh"))
            .col(ColumnDef::new(Questions::Source).string_len(100).null())
            .col(ColumnDef::new(Questions::SourcePath).string_len(300).null())
            .col(ColumnDef::new(Questions::License).string_len(50).null())
            .col(ColumnDef::new(Questions::CreatedBy).big_integer().null())
            .col(ColumnDef::new(Questions::FavoritesCount).integer().not_null().default(0))
            .col(long_text(b, Questions::SearchText).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_questions_career_id")
                    .from(Questions::Table, Questions::CareerId)
                    .to(Alias::new("careers"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::SetNull),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(Index::create().name("ux_questions_content_key").table(Questions::Table).col(Questions::ContentKey).unique().to_owned())
            .await?;
        indexes(
            manager,
            "questions",
            &[
                ("ix_questions_career", &["career_id", "id"]),
                ("ix_questions_difficulty", &["difficulty", "id"]),
                ("ix_questions_lang", &["lang", "id"]),
            ],
        )
        .await?;
        fulltext(manager, "questions").await?;

        let mut t = create_table(b, QuestionTags::Table);
        t.col(ColumnDef::new(QuestionTags::QuestionId).big_integer().not_null())
            .col(ColumnDef::new(QuestionTags::Tag).string_len(50).not_null())
            .col(ColumnDef::new(QuestionTags::TagKey).string_len(50).not_null())
            .primary_key(Index::create().col(QuestionTags::QuestionId).col(QuestionTags::TagKey))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_question_tags_question")
                    .from(QuestionTags::Table, QuestionTags::QuestionId)
                    .to(Questions::Table, Questions::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        indexes(manager, "question_tags", &[("ix_question_tags_tag", &["tag_key", "question_id"])]).await?;

        let mut t = create_table(b, QuestionNotes::Table);
        t.col(ColumnDef::new(QuestionNotes::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(QuestionNotes::UserId).big_integer().not_null())
            .col(ColumnDef::new(QuestionNotes::QuestionId).big_integer().not_null())
            .col(ColumnDef::new(QuestionNotes::Content).text().not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_question_notes_user")
                    .from(QuestionNotes::Table, QuestionNotes::UserId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_question_notes_question")
                    .from(QuestionNotes::Table, QuestionNotes::QuestionId)
                    .to(Questions::Table, Questions::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_question_notes_user_question")
                    .table(QuestionNotes::Table)
                    .col(QuestionNotes::UserId)
                    .col(QuestionNotes::QuestionId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        let mut t = create_table(b, QuestionCompanies::Table);
        t.col(ColumnDef::new(QuestionCompanies::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(QuestionCompanies::QuestionId).big_integer().not_null())
            .col(ColumnDef::new(QuestionCompanies::ExperienceId).big_integer().not_null())
            .col(ColumnDef::new(QuestionCompanies::Company).string_len(100).not_null())
            .col(ColumnDef::new(QuestionCompanies::CompanyKey).string_len(100).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_question_companies_question")
                    .from(QuestionCompanies::Table, QuestionCompanies::QuestionId)
                    .to(Questions::Table, Questions::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_question_companies_experience")
                    .from(QuestionCompanies::Table, QuestionCompanies::ExperienceId)
                    .to(Alias::new("experiences"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_question_companies_pair")
                    .table(QuestionCompanies::Table)
                    .col(QuestionCompanies::ExperienceId)
                    .col(QuestionCompanies::QuestionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        indexes(manager, "question_companies", &[("ix_question_companies_company", &["company_key", "question_id"])]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["question_companies", "question_notes", "question_tags"] {
            manager.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            manager.get_connection().execute_unprepared("DROP TABLE IF EXISTS questions_fts").await?;
        }
        manager.drop_table(Table::drop().table(Questions::Table).to_owned()).await
    }
}
