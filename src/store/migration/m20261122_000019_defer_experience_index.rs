//! SQLite: new 面经 reach their FTS5 index through a queue,
//! `experiences_fts_pending` (one row per post not yet indexed), that the
//! 面经 writer drains hundreds of posts per transaction
//! (`crate::http::experiences::CreateQueue`), instead of inside every
//! `create_experience` batch of 5–15 posts. On the `create_experience`
//! benchmark FTS5 was most of the writer's work per post (BENCHMARKS.md).
//!
//! The update and delete triggers must not touch the index for a queued
//! post: FTS5 with external content trusts a `'delete'` to name an indexed
//! row, and deleting one it never saw corrupts the index. They get a `WHEN`
//! that skips queued posts; the queue indexes whatever `search_text` a post
//! has when it is drained. Other databases have no queue (their indexes
//! follow the table by themselves); nothing changes there.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Skip posts still in the queue.
const UNQUEUED: &str = "NOT EXISTS (SELECT 1 FROM experiences_fts_pending p WHERE p.id = old.id)";

/// The delete and update triggers of the external-content index that
/// leave queued posts alone (also what migration 21's `down` restores).
pub(super) fn queue_triggers() -> [String; 2] {
    [
        format!(
            "CREATE TRIGGER experiences_fts_ad AFTER DELETE ON experiences WHEN {UNQUEUED} BEGIN \
             INSERT INTO experiences_fts(experiences_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"
        ),
        format!(
            "CREATE TRIGGER experiences_fts_au AFTER UPDATE OF search_text ON experiences WHEN {UNQUEUED} BEGIN \
             INSERT INTO experiences_fts(experiences_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); \
             INSERT INTO experiences_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("CREATE TABLE experiences_fts_pending (id INTEGER PRIMARY KEY NOT NULL)").await?;
        db.execute_unprepared("DROP TRIGGER experiences_fts_ad").await?;
        db.execute_unprepared("DROP TRIGGER experiences_fts_au").await?;
        for sql in queue_triggers() {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        // Index what is queued before the queue goes away.
        db.execute_unprepared(
            "INSERT INTO experiences_fts(rowid, search_text) SELECT id, search_text FROM experiences WHERE id IN (SELECT id FROM experiences_fts_pending)",
        )
        .await?;
        db.execute_unprepared("DROP TRIGGER experiences_fts_ad").await?;
        db.execute_unprepared("DROP TRIGGER experiences_fts_au").await?;
        db.execute_unprepared("DROP TABLE experiences_fts_pending").await?;
        for sql in crate::store::fts::create_index_sql(DbBackend::Sqlite, "experiences").into_iter().skip(2) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
