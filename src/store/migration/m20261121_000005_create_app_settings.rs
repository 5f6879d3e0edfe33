use sea_orm_migration::prelude::*;

use super::{create_table, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Small key/value facts the cluster must share (e.g. the hash of the one-time
/// admin claim token printed at first start).
#[derive(DeriveIden)]
enum AppSettings {
    Table,
    Key,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, AppSettings::Table);
        t.col(ColumnDef::new(AppSettings::Key).string_len(100).not_null().primary_key())
            .col(ColumnDef::new(AppSettings::Value).text().not_null());
        timestamps(b, &mut t);
        manager.create_table(t).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AppSettings::Table).to_owned()).await
    }
}
