//! Reads behind the near-duplicate check of a new 面经
//! (`crate::features::experiences::similar`): an author's recent live posts.

use chrono::{DateTime, Utc};
use sea_orm::{DbErr, FromQueryResult};

use crate::store::sql::Sql;
use crate::store::Db;

/// A recent post of one author, with what the check compares.
#[derive(Clone, Debug, FromQueryResult)]
pub struct RecentPost {
    pub id: i64,
    pub title: String,
    /// As the author typed it.
    pub company: String,
    /// Markdown.
    pub content: String,
}

/// The live 面经 of `author_id` created at or after `since`, newest first,
/// at most `limit` (the `ix_experiences_author` index leads). Read from
/// the read pool: every post whose create has answered is committed, and
/// on SQLite the one writer connection stays free for writes.
///
/// # Errors
/// Database failures.
pub async fn recent_by_author(db: &Db, author_id: i64, since: DateTime<Utc>, limit: u64) -> Result<Vec<RecentPost>, DbErr> {
    let mut sql = Sql::new(db.backend);
    sql.push("SELECT id, title, company, content FROM experiences WHERE author_id = ")
        .bind(author_id)
        .push(" AND deleted_at IS NULL AND created_at >= ")
        .bind(since)
        .push(" ORDER BY id DESC LIMIT ")
        .bind(i64::try_from(limit).unwrap_or(i64::MAX));
    RecentPost::find_by_statement(sql.build()).all(&db.read).await
}
