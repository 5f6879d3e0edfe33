//! Point reads on SQLite without leaving the calling thread.
//!
//! sqlx runs every SQLite connection on a worker thread of its own and talks
//! to it through channels, so each statement costs two thread wake-ups on
//! top of SQLite's own work. For a primary-key read of one row that hop is
//! most of the cost: on the benchmark's 100,000-post database, `detail_read`
//! (details mostly not cached) spent 32 % of the server's CPU switching
//! threads (`perf`: `finish_task_switch` 20 %, wake-ups 12 %) at 10,646
//! requests/s. SQLite is a library in this process, and such a read takes
//! tens of microseconds, so [`InlineReader`] runs it with rusqlite on the
//! async worker that asks, like any other short computation: 18,870–20,152
//! requests/s on the same data (BENCHMARKS.md).
//!
//! Only for short, indexed, read-only statements: a long query here would
//! stall every request scheduled on the same worker thread. Connections are
//! `query_only`, so a write through them fails instead of taking SQLite's
//! write lock beside the writer pool.
//!
//! [`InlineWriter`] does the same for the 面经 writer's batches, taking
//! turns with sqlx's writer pool.

use std::path::PathBuf;
use std::sync::Mutex;

/// A small pool of synchronous, read-only SQLite connections, opened on
/// demand (at most one per thread using it at the same time) and reused.
pub struct InlineReader {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

impl std::fmt::Debug for InlineReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineReader").field("path", &self.path).finish_non_exhaustive()
    }
}

/// Idle connections kept; more are opened under load and closed after use.
const MAX_IDLE: usize = 8;

/// Page cache of each inline reader, KiB: 4× a pool reader's
/// ([`crate::store::READER_CACHE_KIB`]), enough to keep the interior B-tree pages
/// of `experiences` and the tables a detail joins (~1 MB on the
/// benchmark's 100,000 posts) while random detail reads stream leaf pages
/// through. At 1 MiB the leaves evicted them, and `pread` of pages back
/// from the OS took 5.7 % of the server's CPU under `detail_read` (`perf`).
/// Usually one connection per runtime worker is in use; at most
/// [`MAX_IDLE`] are kept.
const INLINE_READER_CACHE_KIB: u32 = 4096;

impl InlineReader {
    /// Reader for the SQLite database file at `path` (opened lazily).
    pub fn new(path: impl Into<PathBuf>) -> InlineReader {
        InlineReader { path: path.into(), idle: Mutex::new(Vec::new()) }
    }

    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        let conn = open_file(&self.path)?;
        conn.pragma_update(None, "query_only", true)?;
        conn.pragma_update(None, "cache_size", -i64::from(INLINE_READER_CACHE_KIB))?;
        Ok(conn)
    }

    /// Run `f` on an idle connection (or a new one) on this thread.
    ///
    /// # Errors
    /// Opening the database or whatever `f` returns.
    pub fn read<T>(&self, f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
        let conn = match self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            Some(c) => c,
            None => self.open()?,
        };
        let out = f(&conn);
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        out
    }
}

/// A synchronous SQLite write connection beside sqlx's writer pool, for a
/// transaction of many short statements (the `create_experience` batch):
/// through sqlx each statement is a round trip to the connection's worker
/// thread, here none is, and statements stay prepared between transactions.
///
/// SQLite allows one writer at a time, and a deferred transaction that read
/// before another connection committed cannot upgrade to a write
/// (`SQLITE_BUSY_SNAPSHOT`, no retry). So [`InlineWriter::write`] first
/// takes the writer pool's one connection and holds it, unused, until its
/// own transaction ended: writes of this process stay serialised exactly
/// as with the pool alone. Other processes (`mianjing import`) wait for
/// the lock as before (`busy_timeout`).
pub struct InlineWriter {
    pool: sea_orm::sqlx::SqlitePool,
    conn: Mutex<rusqlite::Connection>,
}

impl std::fmt::Debug for InlineWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineWriter").finish_non_exhaustive()
    }
}

impl InlineWriter {
    /// Open the database file at `path` for writing beside `pool`, the
    /// writer pool (one connection), with the writer pool's settings.
    ///
    /// # Errors
    /// The file cannot be opened.
    pub fn open(path: impl AsRef<std::path::Path>, pool: sea_orm::sqlx::SqlitePool) -> rusqlite::Result<InlineWriter> {
        let conn = open_file(path)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "wal_autocheckpoint", super::checkpoint::WRITER_AUTOCHECKPOINT_PAGES)?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(InlineWriter { pool, conn: Mutex::new(conn) })
    }

    /// Run `f` on the write connection on this thread, while no other
    /// write of this process runs, and return what it returns. `f` blocks
    /// the thread: call it from one that may block (the 面经 writer's). It
    /// must leave no transaction open (use `Connection::transaction…`,
    /// which rolls back when dropped).
    ///
    /// # Errors
    /// The writer pool is closed, or whatever `f` returns, as [`db_err`].
    pub async fn write<T>(&self, f: impl FnOnce(&mut rusqlite::Connection) -> rusqlite::Result<T>) -> Result<T, sea_orm::DbErr> {
        let turn = self.pool.acquire().await.map_err(|e| sea_orm::DbErr::Custom(format!("sqlite: {e}")))?;
        let out = f(&mut self.conn.lock().unwrap_or_else(|e| e.into_inner()));
        drop(turn);
        out.map_err(db_err)
    }
}

/// A connection to the existing database file at `path` that waits up to
/// 5 s for a lock, as sqlx's connections do.
fn open_file(path: impl AsRef<std::path::Path>) -> rusqlite::Result<rusqlite::Connection> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// A rusqlite error as the sea-orm error the callers already handle; a
/// database still locked after `busy_timeout` as a connection that could not
/// be had in time (503 `unavailable`, like the sqlx pools' `SQLITE_BUSY`).
pub fn db_err(e: rusqlite::Error) -> sea_orm::DbErr {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
        return sea_orm::DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout);
    }
    sea_orm::DbErr::Custom(format!("sqlite: {e}"))
}

/// Column `name` of `row`, a nullable text that `parse` turns into a value
/// (times with [`parse_time`], dates, …); text `parse` rejects is an error.
///
/// # Errors
/// A missing column, a column that is neither text nor NULL, or text `parse` rejects.
pub fn parsed_text<T>(row: &rusqlite::Row<'_>, name: &str, parse: impl FnOnce(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    let i = row.as_ref().column_index(name)?;
    let Some(s) = row.get_ref(i)?.as_str_or_null()? else { return Ok(None) };
    parse(s).map(Some).ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("cannot parse {s:?}").into()))
}

/// `t` as sqlx writes a `DateTime<Utc>` to SQLite (RFC 3339, all non-zero
/// sub-second digits, `+00:00`), so rows written through rusqlite sort and
/// parse like the others.
pub fn sql_time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// A time as sqlx stores `DateTime<Utc>` in SQLite: RFC 3339 text
/// (`2026-11-21T19:31:49.620075623+00:00`); also SQLite's own
/// `YYYY-MM-DD HH:MM:SS[.f]` (UTC), as sqlx accepts both.
pub fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    // chrono's NaiveDateTime parser ignores an offset, so the form with one
    // is parsed as a DateTime.
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s).or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z")) {
        return Some(t.with_timezone(&chrono::Utc));
    }
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn times_parse_as_sqlx_writes_them() {
        let t = parse_time("2026-11-21T19:31:49.620075623+00:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-21T19:31:49.620075623+00:00");
        assert_eq!(parse_time("2026-11-21 19:31:49").unwrap().to_rfc3339(), "2026-11-21T19:31:49+00:00");
        assert_eq!(parse_time("2026-11-21T21:31:49+02:00").unwrap().to_rfc3339(), "2026-11-21T19:31:49+00:00");
        assert_eq!(parse_time("2026-11-21 21:31:49.5+02:00").unwrap().to_rfc3339(), "2026-11-21T19:31:49.500+00:00");
        assert_eq!(parse_time("2026-01-01 00:00:00+00:00").unwrap().to_rfc3339(), "2026-01-01T00:00:00+00:00");
        assert!(parse_time("yesterday").is_none());
    }
}
