use sea_orm_migration::prelude::*;

use super::{create_table, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    TokenHash,
    TokenVersion,
    UserAgent,
    Ip,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Sessions::Table);
        t.col(ColumnDef::new(Sessions::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Sessions::UserId).big_integer().not_null())
            .col(ColumnDef::new(Sessions::TokenHash).string_len(64).not_null())
            .col(ColumnDef::new(Sessions::TokenVersion).integer().not_null())
            .col(ColumnDef::new(Sessions::UserAgent).string_len(300).null())
            .col(ColumnDef::new(Sessions::Ip).string_len(64).null())
            .col(ts(b, Sessions::ExpiresAt).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_sessions_user_id")
                    .from(Sessions::Table, Sessions::UserId)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_sessions_token_hash")
                    .table(Sessions::Table)
                    .col(Sessions::TokenHash)
                    .unique().to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ix_sessions_user_id").table(Sessions::Table).col(Sessions::UserId).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Sessions::Table).to_owned()).await
    }
}
