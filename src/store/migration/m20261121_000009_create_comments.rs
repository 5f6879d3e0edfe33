use sea_orm_migration::prelude::*;

use super::{create_table, indexes, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Comments on experiences and discussions; one level of replies.
#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    TargetType,
    TargetId,
    AuthorId,
    ParentId,
    Content,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Comments::Table);
        t.col(ColumnDef::new(Comments::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Comments::TargetType).string_len(16).not_null())
            .col(ColumnDef::new(Comments::TargetId).big_integer().not_null())
            .col(ColumnDef::new(Comments::AuthorId).big_integer().not_null())
            .col(ColumnDef::new(Comments::ParentId).big_integer().null())
            .col(ColumnDef::new(Comments::Content).text().not_null())
            .col(ts(b, Comments::DeletedAt).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_comments_author_id")
                    .from(Comments::Table, Comments::AuthorId)
                    .to(Alias::new("users"), Alias::new("id")),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_comments_parent_id")
                    .from(Comments::Table, Comments::ParentId)
                    .to(Comments::Table, Comments::Id),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        indexes(
            manager,
            "comments",
            &[
                ("ix_comments_target", &["target_type", "target_id", "id"]),
                ("ix_comments_parent", &["parent_id", "id"]),
                ("ix_comments_author", &["author_id", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Comments::Table).to_owned()).await
    }
}
