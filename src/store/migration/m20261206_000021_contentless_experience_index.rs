//! SQLite: the 面经 full-text index keeps its text to itself. `experiences_fts`
//! becomes a contentless FTS5 table (`content=''`, `contentless_delete=1`)
//! and `experiences.search_text` is left empty on SQLite; the queue of posts
//! not yet indexed (`experiences_fts_pending`, migration 19) carries each
//! post's text until the writer indexes it.
//!
//! With external content (`content='experiences'`) every row carried its
//! ~2.5 KB of hex tokens twice, once in the index and once in the row: an
//! `experiences` row of the 100,000-post benchmark database was 5.4 KB
//! (`dbstat`), a leaf page and an overflow page, and the columns a detail
//! reads (`deleted_at`, `created_at`, `updated_at`) came after the text,
//! so every `GET /api/experiences/{id}` walked the whole overflow chain and
//! each new post wrote its text twice (BENCHMARKS.md). Nothing reads the
//! stored text back on SQLite: searches match the index, and
//! `contentless_delete` lets an edit or a delete remove a post's entry by
//! rowid, without the old text that external content needed.
//!
//! Rankings do not change: `bm25` on a contentless table with `detail=full`
//! (the default) equals the external-content one (checked on 2,000
//! documents; `detail=none` or `column` would make every rank 0).
//! PostgreSQL and MySQL index the `search_text` column itself and keep it.
//!
//! The old texts are moved, not recomputed: indexed posts into the new
//! index, queued ones into the queue. The space their rows free is reused
//! by later writes; `VACUUM` returns it to the file system. `down`
//! recomputes every post's text with jieba (`index_parts`), since the
//! index cannot give it back.

use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The contentless index (see [`crate::store::fts::create_index_sql`] for the
/// external-content form it replaces).
pub const CREATE_INDEX: &str =
    "CREATE VIRTUAL TABLE experiences_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='unicode61')";

/// A deleted post leaves the index and the queue (posts are deleted
/// softly by the API; this covers deletes by hand and by tests).
pub const DELETE_TRIGGER: &str = "CREATE TRIGGER experiences_fts_ad AFTER DELETE ON experiences BEGIN \
     DELETE FROM experiences_fts WHERE rowid = old.id; DELETE FROM experiences_fts_pending WHERE id = old.id; END";

/// Index the texts of `experiences.search_text` except the queued posts'
/// (the queue's drain indexes those): into the contentless index going up,
/// into migration 19's external-content index going down.
const INDEX_UNQUEUED: &str = "INSERT INTO experiences_fts(rowid, search_text) \
     SELECT id, search_text FROM experiences WHERE id NOT IN (SELECT id FROM experiences_fts_pending) ORDER BY id";

/// Merge settings of migration 18, which a new FTS5 table does not inherit.
async fn merge_settings(db: &SchemaManagerConnection<'_>, automerge: u32, crisismerge: u32) -> Result<(), DbErr> {
    for (key, value) in [("automerge", automerge), ("crisismerge", crisismerge)] {
        db.execute_unprepared(&format!("INSERT INTO experiences_fts(experiences_fts, rank) VALUES ('{key}', {value})")).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        for sql in [
            "DROP TRIGGER experiences_fts_ad",
            "DROP TRIGGER experiences_fts_au",
            "DROP TABLE experiences_fts",
            CREATE_INDEX,
            "DELETE FROM experiences_fts_pending WHERE id NOT IN (SELECT id FROM experiences)",
            "ALTER TABLE experiences_fts_pending ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
            "UPDATE experiences_fts_pending SET search_text = (SELECT e.search_text FROM experiences e WHERE e.id = experiences_fts_pending.id)",
            INDEX_UNQUEUED,
            "UPDATE experiences SET search_text = '' WHERE search_text <> ''",
            DELETE_TRIGGER,
        ] {
            db.execute_unprepared(sql).await?;
        }
        merge_settings(db, 16, 64).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        #[derive(FromQueryResult)]
        struct Post {
            id: i64,
            title: String,
            company: String,
            position: Option<String>,
            content: String,
            interview_questions: String,
        }
        let db = manager.get_connection();
        let posts = Post::find_by_statement(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT id, title, company, position, content, interview_questions FROM experiences",
        ))
        .all(db)
        .await?;
        for p in posts {
            let questions: Vec<String> = serde_json::from_str(&p.interview_questions).unwrap_or_default();
            let mut parts: Vec<&str> = questions.iter().map(String::as_str).collect();
            parts.extend([p.title.as_str(), p.company.as_str(), p.position.as_deref().unwrap_or(""), p.content.as_str()]);
            let text = super::frozen_search::index_text(&parts);
            db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "UPDATE experiences SET search_text = ? WHERE id = ?", [text.into(), p.id.into()]))
                .await?;
        }
        for sql in [
            "DROP TRIGGER experiences_fts_ad",
            "DROP TABLE experiences_fts",
            "ALTER TABLE experiences_fts_pending DROP COLUMN search_text",
        ] {
            db.execute_unprepared(sql).await?;
        }
        // Migration 19's index: external content, the queue's triggers.
        let mut create = crate::store::fts::create_index_sql(DbBackend::Sqlite, "experiences").into_iter();
        db.execute_unprepared(&create.next().unwrap_or_default()).await?;
        db.execute_unprepared(INDEX_UNQUEUED).await?;
        for sql in super::m20261122_000019_defer_experience_index::queue_triggers() {
            db.execute_unprepared(&sql).await?;
        }
        merge_settings(db, 16, 64).await
    }
}
