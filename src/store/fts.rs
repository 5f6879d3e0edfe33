//! The full-text index of each database, behind the store: SQL fragments
//! for searching a table, the engines' match syntax, and the SQLite index
//! writes (the 面经 queue and contentless index, the application-indexed
//! questions). Tokens come from the search feature's tokeniser, hex-encoded,
//! so every engine matches the same exact tokens.

use sea_orm::DbBackend;

/// The engine-specific match argument for the encoded query `tokens`
/// (`crate::features::search::query_terms`), or `None` without a token:
/// every token must match.
pub fn match_arg(backend: DbBackend, tokens: &[String]) -> Option<String> {
    if tokens.is_empty() {
        return None;
    }
    Some(match backend {
        // FTS5: space-separated terms are ANDed; hex tokens need no quoting.
        DbBackend::Sqlite => tokens.join(" "),
        // to_tsquery syntax.
        DbBackend::Postgres => tokens.join(" & "),
        // Boolean mode: + means required.
        _ => tokens.iter().map(|t| format!("+{t}")).collect::<Vec<_>>().join(" "),
    })
}

/// SQL fragments for a search on `table` aliased `alias`, each with at most
/// one placeholder `{}` for the match argument (bind it with
/// `Sql::push_bound`): push the join right after `FROM table alias`, then
/// the condition in the `WHERE`; order by `rank` (larger is better) only
/// after `join_ranked`.
///
/// On SQLite the full-text match is a subquery joined by rowid. It carries
/// `LIMIT -1` so that SQLite does not flatten it into the outer query: with
/// the FTS5 table joined directly, an indexed filter (company, career,
/// result, `deleted_at`) let SQLite's planner — which has no statistics
/// without `ANALYZE` — drive the query from that index and evaluate `MATCH`
/// once per row: 缓存 within 字节跳动 took 15.7 s on the 100,000-post
/// benchmark database, against 0.2–0.6 s with the subquery (measured).
pub struct SearchSql {
    /// Join that restricts rows to the matches, without relevance.
    pub join: String,
    /// Join that also provides `rank`.
    pub join_ranked: String,
    /// Condition for the `WHERE` clause.
    pub condition: String,
    /// Relevance expression (after `join_ranked`).
    pub rank: String,
}

/// Fragments for searching `table` aliased `alias`.
pub fn sql(backend: DbBackend, table: &str, alias: &str) -> SearchSql {
    match backend {
        DbBackend::Sqlite => SearchSql {
            join: format!(" JOIN (SELECT rowid AS fts_id FROM {table}_fts WHERE {table}_fts MATCH {{}} LIMIT -1) fts ON fts.fts_id = {alias}.id"),
            join_ranked: format!(
                " JOIN (SELECT rowid AS fts_id, -bm25({table}_fts) AS fts_rank FROM {table}_fts WHERE {table}_fts MATCH {{}} LIMIT -1) fts ON fts.fts_id = {alias}.id"
            ),
            condition: "1 = 1".into(),
            rank: "fts.fts_rank".into(),
        },
        DbBackend::Postgres => SearchSql {
            join: String::new(),
            join_ranked: String::new(),
            condition: format!("{alias}.search_vector @@ to_tsquery('simple', {{}})"),
            rank: format!("ts_rank({alias}.search_vector, to_tsquery('simple', {{}}))"),
        },
        _ => SearchSql {
            join: String::new(),
            join_ranked: String::new(),
            condition: format!("MATCH({alias}.search_text) AGAINST ({{}} IN BOOLEAN MODE)"),
            rank: format!("MATCH({alias}.search_text) AGAINST ({{}} IN BOOLEAN MODE)"),
        },
    }
}

/// Tables whose SQLite FTS5 rows are written by the application (see
/// [`index_new_rows`]) instead of an insert trigger. 面经 have an index of
/// their own kind ([`index_new_experiences`]).
pub const APP_INDEXED: [&str; 1] = ["questions"];

/// Add freshly inserted rows `ids` of `table` (one of [`APP_INDEXED`]) to
/// its full-text index, inside the inserting transaction. Needed on SQLite
/// only (PostgreSQL's `tsvector` is a generated column, MySQL maintains its
/// `FULLTEXT` index). An FTS5 insert made by a trigger runs inside the
/// statement's savepoint, and FTS5 writes its pending terms out as a new
/// segment at every savepoint: 1,000 µs per 面经 against 200 µs when one
/// statement indexes a whole batch (measured on the 100,000-post benchmark
/// database). Migration `m20261121_000017` dropped those triggers; update
/// and delete triggers stay (edits are rare).
///
/// # Errors
/// Database failures.
pub async fn index_new_rows<C: sea_orm::ConnectionTrait>(db: &C, table: &str, ids: &[i64]) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite || ids.is_empty() {
        return Ok(());
    }
    debug_assert!(APP_INDEXED.contains(&table));
    for chunk in ids.chunks(500) {
        let mut sql = crate::store::sql::Sql::new(DbBackend::Sqlite);
        sql.push(&format!("INSERT INTO {table}_fts(rowid, search_text) SELECT id, search_text FROM {table} WHERE id IN "));
        sql.bind_list(chunk.iter().copied());
        db.execute_raw(sql.build()).await?;
    }
    Ok(())
}

/// Add freshly inserted 面经 `posts` (id, index text as [`index_text`]
/// makes it) to SQLite's contentless index, inside the inserting
/// transaction; a multi-row statement per 400 posts. Needed on SQLite
/// only: `experiences.search_text` stays empty there
/// (`crate::store::experiences::new_row`) and
/// `experiences_fts` keeps no copy of its text (migration
/// `m20261206_000021`); PostgreSQL and MySQL index the column themselves.
/// A SQLite file's 面经 writer queues new posts instead
/// ([`queue_new_experience`]).
///
/// # Errors
/// Database failures.
pub async fn index_new_experiences<C: sea_orm::ConnectionTrait>(db: &C, posts: &[(i64, &str)]) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for chunk in posts.chunks(400) {
        let mut sql = crate::store::sql::Sql::new(DbBackend::Sqlite);
        sql.push("INSERT INTO experiences_fts(rowid, search_text) VALUES ");
        for (i, &(id, text)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" }).bind(id).push(", ").bind(text.to_owned()).push(")");
        }
        db.execute_raw(sql.build()).await?;
    }
    Ok(())
}

/// What `experiences.search_text` stores for the index text `text` on
/// `backend`: nothing on SQLite, whose contentless index (and, until it is
/// drained, the queue) keeps the text (migration `m20261206_000021`); the
/// text elsewhere, where the database indexes the column.
pub fn experience_column_text(backend: DbBackend, text: String) -> String {
    if backend == DbBackend::Sqlite { String::new() } else { text }
}

/// Give 面经 `id` the index text `search_text` (an edit), inside the
/// caller's transaction: on SQLite its entry in the contentless index is
/// replaced (and a queued post leaves the queue, indexed now); elsewhere
/// nothing, since the `search_text` column the caller updates is indexed
/// by the database.
///
/// # Errors
/// Database failures.
pub async fn reindex_experience<C: sea_orm::ConnectionTrait>(db: &C, id: i64, search_text: &str) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for sql in ["DELETE FROM experiences_fts WHERE rowid = ?", "DELETE FROM experiences_fts_pending WHERE id = ?"] {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(DbBackend::Sqlite, sql, [id.into()])).await?;
    }
    index_new_experiences(db, &[(id, search_text)]).await
}

/// Queue the freshly inserted 面经 `id` with its index text `search_text`
/// for the full-text index, inside the inserting transaction on SQLite
/// (through rusqlite, see [`crate::store::sqlite::inline::InlineWriter`]):
/// [`index_queued_experiences`] adds it later, with many others in one
/// transaction. Migration `m20261122_000019` made the queue; since
/// `m20261206_000021` the queue holds the text, which is stored nowhere
/// else. PostgreSQL and MySQL index new rows themselves and have no queue.
///
/// # Errors
/// Database failures.
pub fn queue_new_experience(c: &rusqlite::Connection, id: i64, search_text: &str) -> rusqlite::Result<()> {
    c.prepare_cached("INSERT INTO experiences_fts_pending(id, search_text) VALUES (?1, ?2)")?.execute(rusqlite::params![id, search_text])?;
    Ok(())
}

/// Index the (at most `max`) oldest queued 面经 of [`queue_new_experience`]
/// and take them off the queue, in a transaction of its own on the SQLite
/// connection `c`; returns how many left the queue (a post deleted
/// meanwhile left it through the delete trigger, an edited one through
/// [`reindex_experience`]).
///
/// # Errors
/// Database failures (nothing is changed then).
pub fn index_queued_experiences(c: &mut rusqlite::Connection, max: usize) -> rusqlite::Result<usize> {
    if max == 0 {
        return Ok(0);
    }
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let (n, last): (i64, Option<i64>) = tx.query_row(
        "SELECT count(*), max(id) FROM (SELECT id FROM experiences_fts_pending ORDER BY id LIMIT ?1)",
        [i64::try_from(max).unwrap_or(i64::MAX)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(last) = last else { return Ok(0) };
    tx.execute("INSERT INTO experiences_fts(rowid, search_text) SELECT id, search_text FROM experiences_fts_pending WHERE id <= ?1 ORDER BY id", [last])?;
    tx.execute("DELETE FROM experiences_fts_pending WHERE id <= ?1", [last])?;
    tx.commit()?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// How many 面经 wait in the queue of [`queue_new_experience`] (0 outside
/// SQLite).
///
/// # Errors
/// Database failures.
pub async fn queued_experiences<C: sea_orm::ConnectionTrait>(db: &C) -> Result<usize, sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(0);
    }
    let stmt = sea_orm::Statement::from_string(DbBackend::Sqlite, "SELECT count(*) AS n FROM experiences_fts_pending");
    let n: i64 = match db.query_one_raw(stmt).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(usize::try_from(n).unwrap_or(0))
}

/// DDL that creates the full-text index for `table` (with a `search_text`
/// column) on `backend`.
pub fn create_index_sql(backend: DbBackend, table: &str) -> Vec<String> {
    match backend {
        DbBackend::Sqlite => vec![
            format!("CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, content='{table}', content_rowid='id', tokenize='unicode61')"),
            format!("CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"),
            format!("CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"),
            format!("CREATE TRIGGER {table}_fts_au AFTER UPDATE OF search_text ON {table} BEGIN INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"),
        ],
        DbBackend::Postgres => vec![
            format!("ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"),
            format!("CREATE INDEX ix_{table}_search ON {table} USING GIN (search_vector)"),
        ],
        _ => vec![format!("ALTER TABLE {table} ADD FULLTEXT INDEX ft_{table}_search (search_text)")],
    }
}


/// SQLite tables of the full-text machinery that are ordinary tables but
/// not data: the 面经 indexing queue. Whole-install copies
/// (`crate::store::backup`) leave them out, with FTS5's virtual and shadow
/// tables, and rebuild the indexes on the target.
pub const SQLITE_ONLY_TABLES: [&str; 1] = ["experiences_fts_pending"];

/// Before a whole-install load on SQLite: empty the 面经 queue and the
/// contentless index (`delete-all`), which the rows' delete trigger would
/// otherwise have to empty row by row. Nothing elsewhere.
///
/// # Errors
/// Database failures.
pub async fn clear_for_load<C: sea_orm::ConnectionTrait>(db: &C) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    db.execute_unprepared("DELETE FROM experiences_fts_pending").await?;
    db.execute_unprepared("INSERT INTO experiences_fts(experiences_fts) VALUES ('delete-all')").await?;
    Ok(())
}

/// After a whole-install load on SQLite: rebuild every external-content
/// FTS5 index (questions, discussions) from its table's `search_text`
/// (`rebuild`), since rows were inserted without the application's index
/// writes. The contentless 面经 index is filled by the loader itself
/// ([`index_new_experiences`]); PostgreSQL and MySQL index their columns
/// themselves.
///
/// # Errors
/// Database failures.
pub async fn rebuild_after_load<C: sea_orm::ConnectionTrait>(db: &C) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'",
        ))
        .await?;
    for row in rows {
        let name: String = row.try_get("", "name")?;
        let sql: String = row.try_get("", "sql")?;
        if sql.contains("content=''") {
            continue; // contentless: nothing to rebuild from
        }
        db.execute_unprepared(&format!("INSERT INTO \"{name}\"(\"{name}\") VALUES ('rebuild')")).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_requires_every_token() {
        let tokens = ["xe7bc93".to_owned(), "x6f72".to_owned()];
        assert_eq!(match_arg(DbBackend::Sqlite, &tokens).as_deref(), Some("xe7bc93 x6f72"));
        assert_eq!(match_arg(DbBackend::Postgres, &tokens).as_deref(), Some("xe7bc93 & x6f72"));
        assert_eq!(match_arg(DbBackend::MySql, &tokens).as_deref(), Some("+xe7bc93 +x6f72"));
        assert_eq!(match_arg(DbBackend::Sqlite, &[]), None);
    }
}
