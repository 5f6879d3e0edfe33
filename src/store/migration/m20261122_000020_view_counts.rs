//! View counts move out of `experiences` and `discussions` into a narrow
//! table, `view_counts (target_type, target_id, view_count)`, keyed like
//! comments and favorites (`target_type` is `experience` or `discussion`).
//!
//! The view counter ([`crate::views`]) adds every 2 s the views it buffered.
//! Under the `detail_read` benchmark (random posts of 100,000) one flush
//! updated ~21,000 distinct posts, and on SQLite each update rewrote a page
//! of the ~6 KB-per-row `experiences` table: the WAL grew from 116 to
//! 294 MB in 40 s and the flush took 10.9 % of the server's CPU
//! (BENCHMARKS.md). In a table of ~30-byte rows the same flush rewrites a
//! few hundred pages. Posts never viewed have no row (their count is 0).
//! Rows are never removed: posts are only soft-deleted.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::create_table;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ViewCounts {
    Table,
    TargetType,
    TargetId,
    ViewCount,
}

/// `(target_type, table)` of the tables whose `view_count` moves.
const TABLES: [(&str, &str); 2] = [("experience", "experiences"), ("discussion", "discussions")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let db = manager.get_connection();
        let mut t = create_table(b, ViewCounts::Table);
        t.col(ColumnDef::new(ViewCounts::TargetType).string_len(16).not_null())
            .col(ColumnDef::new(ViewCounts::TargetId).big_integer().not_null())
            .col(ColumnDef::new(ViewCounts::ViewCount).big_integer().not_null())
            .primary_key(Index::create().col(ViewCounts::TargetType).col(ViewCounts::TargetId));
        if b == DbBackend::Sqlite {
            t.extra("WITHOUT ROWID"); // the key is the row: no hidden rowid and second B-tree
        }
        manager.create_table(t).await?;
        for (kind, table) in TABLES {
            db.execute_unprepared(&format!(
                "INSERT INTO view_counts (target_type, target_id, view_count) \
                 SELECT '{kind}', id, view_count FROM {table} WHERE view_count > 0"
            ))
            .await?;
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN view_count")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (kind, table) in TABLES {
            db.execute_unprepared(&format!("ALTER TABLE {table} ADD COLUMN view_count BIGINT NOT NULL DEFAULT 0")).await?;
            db.execute_unprepared(&format!(
                "UPDATE {table} SET view_count = (SELECT v.view_count FROM view_counts v \
                 WHERE v.target_type = '{kind}' AND v.target_id = {table}.id) \
                 WHERE id IN (SELECT target_id FROM view_counts WHERE target_type = '{kind}')"
            ))
            .await?;
        }
        db.execute_unprepared("DROP TABLE view_counts").await?;
        Ok(())
    }
}
