use sea_orm_migration::prelude::*;

use super::{create_table, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Careers {
    Table,
    Id,
    Name,
    SortOrder,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut t = create_table(backend, Careers::Table);
        t.col(ColumnDef::new(Careers::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Careers::Name).string_len(50).not_null())
            .col(ColumnDef::new(Careers::SortOrder).integer().not_null().default(0));
        timestamps(backend, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create().name("ux_careers_name").table(Careers::Table).col(Careers::Name).unique().to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Careers::Table).to_owned()).await
    }
}
