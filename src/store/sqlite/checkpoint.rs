//! WAL checkpoints of a SQLite database file, off the writer.
//!
//! In WAL mode SQLite copies the log back into the database file
//! ("checkpoint") when a commit leaves more than `wal_autocheckpoint` pages
//! (1,000 by default) in the log, and it does so inside that commit, on the
//! writer connection, with an `fsync` of the database file. With one writer
//! every other write waits meanwhile: on the `create_experience` benchmark a
//! batch commit took 6.0 ms on average, and `perf` put 21 % of the writer
//! thread's time in `walCheckpoint` (BENCHMARKS.md). [`Checkpointer`] runs
//! passive checkpoints from a connection and a thread of its own instead;
//! a passive checkpoint never blocks readers or the writer (SQLite's WAL
//! documentation, "Checkpointing"). The writer's own automatic checkpoint
//! stays on at [`WRITER_AUTOCHECKPOINT_PAGES`] as a safety valve, should
//! this thread fall behind.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// How often the log is checkpointed.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// `wal_autocheckpoint` of the connections (pages of 4 KiB): the log grows
/// to 64 MiB before a commit checkpoints it itself.
pub const WRITER_AUTOCHECKPOINT_PAGES: u32 = 16_384;

/// A running checkpoint thread; it stops when this is dropped.
#[derive(Debug)]
pub struct Checkpointer {
    _stop: mpsc::Sender<()>,
}

impl Checkpointer {
    /// Start checkpointing the SQLite database file at `path` every
    /// [`INTERVAL`].
    ///
    /// # Errors
    /// The OS refused a thread.
    pub fn start(path: impl Into<PathBuf>) -> std::io::Result<Checkpointer> {
        let path = path.into();
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new().name("mianjing-checkpoint".into()).spawn(move || {
            let mut conn: Option<rusqlite::Connection> = None;
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
                if conn.is_none() {
                    conn = rusqlite::Connection::open(&path).ok();
                }
                let Some(c) = &conn else { continue };
                // (busy, frames in the log, frames checkpointed)
                if let Err(e) = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(0)) {
                    tracing::warn!(error = %e, "WAL checkpoint failed");
                    conn = None;
                }
            }
        })?;
        Ok(Checkpointer { _stop: stop })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_copied_into_the_database_file_without_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let writer = rusqlite::Connection::open(&path).unwrap();
        writer.pragma_update(None, "journal_mode", "wal").unwrap();
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        writer.execute_batch("CREATE TABLE t (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT printf('%0100d', i) FROM n").unwrap();
        let size = || std::fs::metadata(&path).unwrap().len();
        let before = size();
        assert!(before < 100_000, "the writer checkpointed by itself ({before} bytes)");
        let _checkpointer = Checkpointer::start(&path).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while size() < 200_000 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(size() >= 200_000, "the database file stayed at {} bytes", size());
        drop(writer);
    }
}
