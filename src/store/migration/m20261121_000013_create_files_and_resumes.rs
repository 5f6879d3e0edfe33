//! Uploaded files (metadata; bytes live in object storage) and resumes.

use sea_orm_migration::prelude::*;

use super::{create_table, long_text, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Files {
    Table,
    Id,
    OwnerId,
    Purpose,
    StorageKey,
    ContentType,
    Size,
    OriginalName,
}

#[derive(DeriveIden)]
enum Resumes {
    Table,
    Id,
    UserId,
    Autobiography,
    Education,
    WorkExperience,
    Portfolio,
    Skills,
    AttachmentFileId,
    AttachmentText,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Files::Table);
        t.col(ColumnDef::new(Files::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Files::OwnerId).big_integer().not_null())
            .col(ColumnDef::new(Files::Purpose).string_len(16).not_null())
            .col(ColumnDef::new(Files::StorageKey).string_len(200).not_null())
            .col(ColumnDef::new(Files::ContentType).string_len(100).not_null())
            .col(ColumnDef::new(Files::Size).big_integer().not_null())
            .col(ColumnDef::new(Files::OriginalName).string_len(255).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_files_owner")
                    .from(Files::Table, Files::OwnerId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(Index::create().name("ux_files_storage_key").table(Files::Table).col(Files::StorageKey).unique().to_owned())
            .await?;
        manager
            .create_index(Index::create().name("ix_files_owner").table(Files::Table).col(Files::OwnerId).col(Files::Id).to_owned())
            .await?;

        let mut t = create_table(b, Resumes::Table);
        t.col(ColumnDef::new(Resumes::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Resumes::UserId).big_integer().not_null())
            .col(long_text(b, Resumes::Autobiography).null())
            .col(long_text(b, Resumes::Education).not_null())
            .col(long_text(b, Resumes::WorkExperience).not_null())
            .col(long_text(b, Resumes::Portfolio).not_null())
            .col(long_text(b, Resumes::Skills).not_null())
            .col(ColumnDef::new(Resumes::AttachmentFileId).big_integer().null())
            .col(long_text(b, Resumes::AttachmentText).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_resumes_user")
                    .from(Resumes::Table, Resumes::UserId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_resumes_attachment")
                    .from(Resumes::Table, Resumes::AttachmentFileId)
                    .to(Files::Table, Files::Id)
                    .on_delete(ForeignKeyAction::SetNull),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(Index::create().name("ux_resumes_user").table(Resumes::Table).col(Resumes::UserId).unique().to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Resumes::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Files::Table).to_owned()).await
    }
}
