use sea_orm_migration::prelude::*;

use super::{create_table, indexes, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Favorites of experiences, discussions and (later) questions; the unique
/// index makes `PUT …/favorite` idempotent.
#[derive(DeriveIden)]
enum Favorites {
    Table,
    Id,
    UserId,
    TargetType,
    TargetId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Favorites::Table);
        t.col(ColumnDef::new(Favorites::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Favorites::UserId).big_integer().not_null())
            .col(ColumnDef::new(Favorites::TargetType).string_len(16).not_null())
            .col(ColumnDef::new(Favorites::TargetId).big_integer().not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_favorites_user_id")
                    .from(Favorites::Table, Favorites::UserId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_favorites_user_target")
                    .table(Favorites::Table)
                    .col(Favorites::UserId)
                    .col(Favorites::TargetType)
                    .col(Favorites::TargetId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        indexes(manager, "favorites", &[("ix_favorites_user_list", &["user_id", "target_type", "id"])]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Favorites::Table).to_owned()).await
    }
}
