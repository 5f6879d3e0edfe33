use sea_orm_migration::prelude::*;

use super::{create_table, indexes, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The feedback board (留言板).
#[derive(DeriveIden)]
enum Feedback {
    Table,
    Id,
    AuthorId,
    Content,
    Status,
    Reply,
    RepliedBy,
    RepliedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Feedback::Table);
        t.col(ColumnDef::new(Feedback::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Feedback::AuthorId).big_integer().not_null())
            .col(ColumnDef::new(Feedback::Content).text().not_null())
            .col(ColumnDef::new(Feedback::Status).string_len(16).not_null().default("open"))
            .col(ColumnDef::new(Feedback::Reply).text().null())
            .col(ColumnDef::new(Feedback::RepliedBy).big_integer().null())
            .col(ts(b, Feedback::RepliedAt).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_feedback_author_id")
                    .from(Feedback::Table, Feedback::AuthorId)
                    .to(Alias::new("users"), Alias::new("id")),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        indexes(manager, "feedback", &[("ix_feedback_status", &["status", "id"])]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Feedback::Table).to_owned()).await
    }
}
