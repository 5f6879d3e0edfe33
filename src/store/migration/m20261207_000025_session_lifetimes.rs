//! Session lifetimes (issue 18, ASVS 5.0 V7.3): three facts per row of
//! `sessions`:
//! - `logged_in_at`: when the login that started this chain of refreshed
//!   tokens happened; a refresh copies it (and `expires_at`, now the
//!   absolute deadline) to the new row.
//! - `last_seen_at`: the last request with the token, written at most once a
//!   minute; the idle timeout counts from it.
//! - `keep_logged_in`: which idle timeout applies.
//!
//! Rows from before take their creation as login and last request; a row
//! whose lifetime was longer than two days was a `keep_logged_in` one (the
//! defaults were 24 hours and 30 days).

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::ts;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "sessions";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager.alter_table(Table::alter().table(Alias::new(TABLE)).add_column(ts(b, Alias::new("logged_in_at")).null()).to_owned()).await?;
        manager.alter_table(Table::alter().table(Alias::new(TABLE)).add_column(ts(b, Alias::new("last_seen_at")).null()).to_owned()).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new(TABLE))
                    .add_column(ColumnDef::new(Alias::new("keep_logged_in")).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE sessions SET logged_in_at = created_at, last_seen_at = updated_at").await?;
        let longer_than_two_days = match b {
            DbBackend::Sqlite => "julianday(expires_at) - julianday(created_at) > 2",
            DbBackend::Postgres => "expires_at > created_at + INTERVAL '2 days'",
            _ => "expires_at > created_at + INTERVAL 2 DAY",
        };
        db.execute_unprepared(&format!("UPDATE sessions SET keep_logged_in = TRUE WHERE {longer_than_two_days}")).await.map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in ["keep_logged_in", "last_seen_at", "logged_in_at"] {
            manager.alter_table(Table::alter().table(Alias::new(TABLE)).drop_column(Alias::new(col)).to_owned()).await?;
        }
        Ok(())
    }
}
