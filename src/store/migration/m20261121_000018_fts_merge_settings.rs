//! SQLite: FTS5 merges its index segments less often and never all at once.
//!
//! Every transaction that adds rows to an FTS5 index writes a new segment,
//! and FTS5 merges segments in the background of later writes: with its
//! defaults (`automerge` 4: merge 4 segments of a level; `crisismerge` 16:
//! merge a whole level at once when it reaches 16 segments) a level-by-level
//! merge copies every entry again and again, and a crisis merge stalls the
//! transaction that triggers it. On a copy of the 100,000-post benchmark
//! database, adding 12,000 posts' search texts in transactions of 20
//! (`create_experience` batches are 10–30):
//!
//! | `automerge` / `crisismerge` | µs per post | slowest transaction |
//! |---|---|---|
//! | 4 / 16 (defaults) | 185 | 501 ms |
//! | 16 / 16 | 103 | 195 ms |
//! | 16 / 64 (this migration) | 69 | 30 ms |
//!
//! The price is more segments for a query to read until merges catch up:
//! 缓存 (in 20 % of the posts, ranked) took 47 ms instead of 34 ms uncached
//! right after those inserts (BENCHMARKS.md). Only SQLite has these
//! settings; they are stored in each index's `_config` table.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables with an FTS5 index (`{table}_fts`).
const TABLES: [&str; 3] = ["experiences", "discussions", "questions"];

async fn set(manager: &SchemaManager<'_>, automerge: u32, crisismerge: u32) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for table in TABLES {
        for (key, value) in [("automerge", automerge), ("crisismerge", crisismerge)] {
            manager
                .get_connection()
                .execute_unprepared(&format!("INSERT INTO {table}_fts({table}_fts, rank) VALUES ('{key}', {value})"))
                .await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set(manager, 16, 64).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set(manager, 4, 16).await
    }
}
