use sea_orm_migration::prelude::*;

use super::{create_table, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
    Name,
    Region,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut t = create_table(backend, Schools::Table);
        t.col(ColumnDef::new(Schools::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Schools::Name).string_len(100).not_null())
            .col(ColumnDef::new(Schools::Region).string_len(50).null());
        timestamps(backend, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create().name("ux_schools_name").table(Schools::Table).col(Schools::Name).unique().to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Schools::Table).to_owned()).await
    }
}
