//! Database connections and migrations.
//!
//! One code path serves SQLite, PostgreSQL and MySQL through sea-orm. SQLite
//! gets two pools: many readers and exactly one writer, because SQLite allows
//! one writer at a time and a deferred transaction that upgrades to a write
//! fails with `SQLITE_BUSY` instead of waiting; with one writer connection
//! writes queue in the pool instead. Durability on SQLite is WAL with
//! `synchronous=NORMAL`: a commit
//! survives a process crash, the last commits may be lost on power failure.

pub mod applications;
pub mod backup;
pub mod catalog;
pub mod comments;
pub mod curation;
pub mod companies;
pub mod discussions;
pub mod drafts;
pub mod experiences;
pub mod export;
pub mod favorites;
pub mod feedback;
pub mod files;
pub mod helpful;
pub mod fts;
pub mod interviews;
pub mod kv;
pub mod moderation;
pub mod notifications;
pub mod questions;
pub mod objects;
pub mod pages;
pub mod resumes;
pub mod sessions;
pub mod sqlite;
pub mod stats;
pub mod tags;
pub mod users;
pub mod views;

pub mod migration;
pub mod sql;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, FromQueryResult, SqlxSqliteConnector, TransactionTrait};
use sea_orm_migration::MigratorTrait;

/// The store's error: what its functions fail with (a database error).
pub use sea_orm::DbErr as StoreError;

use self::migration::Migrator;
use self::sqlite::{checkpoint, inline};
use crate::config::Config;

/// Page cache of each SQLite reader connection, KiB (SQLite's default is
/// 2,000). There are up to `db_max_connections` pool readers plus the
/// inline readers, and every one fills its cache under load: at the
/// default the benchmark's server reached 202 MB against its 200 MB
/// target. Pages a reader evicts are still in the OS page cache.
pub const READER_CACHE_KIB: u32 = 1024;

/// The database handles of the process.
#[derive(Clone, Debug)]
pub struct Db {
    /// Pool for reads (and for writes on PostgreSQL/MySQL).
    pub read: DatabaseConnection,
    /// Pool for writes: a single connection on SQLite, the same pool otherwise.
    pub write: DatabaseConnection,
    /// Which database this is.
    pub backend: DbBackend,
    /// On SQLite with a database file: synchronous point reads on the
    /// calling thread ([`inline`]).
    pub inline: Option<std::sync::Arc<inline::InlineReader>>,
    /// On SQLite with a database file: a synchronous write connection that
    /// takes turns with `write` ([`inline::InlineWriter`]; the 面经 writer's).
    pub inline_writer: Option<std::sync::Arc<inline::InlineWriter>>,
    /// On SQLite with a database file: the thread that checkpoints its
    /// write-ahead log ([`checkpoint`]); stops with the last clone.
    pub checkpointer: Option<std::sync::Arc<checkpoint::Checkpointer>>,
    /// `total` of list queries by key, kept 5 s ([`Db::count_cached`]).
    pub totals: moka::future::Cache<String, u64>,
}

/// The cache of [`Db::totals`]: a `COUNT(*)` per list call bounded list
/// throughput (BENCHMARKS.md), so totals are kept for 5 s and dropped on
/// writes ([`Db::forget_totals`]).
fn totals() -> moka::future::Cache<String, u64> {
    moka::future::Cache::builder().max_capacity(10_000).time_to_live(Duration::from_secs(5)).build()
}

impl Db {
    /// The `COUNT(*)` statement `count` (one row, column `n`), cached by `key`
    /// for a few seconds. Concurrent misses of one key run the count once
    /// (moka's `try_get_with`), so an expiring entry under load does not
    /// become 64 simultaneous counts.
    ///
    /// # Errors
    /// Database failures.
    pub async fn count_cached(&self, key: String, count: sql::Sql) -> Result<u64, sea_orm::DbErr> {
        #[derive(FromQueryResult)]
        struct Row {
            n: i64,
        }
        let db = self.read.clone();
        self.totals
            .try_get_with(key, async move {
                let row = Row::find_by_statement(count.build()).one(&db).await?;
                Ok::<u64, sea_orm::DbErr>(row.map_or(0, |r| r.n.max(0) as u64))
            })
            .await
            .map_err(|e| (*e).clone())
    }

    /// Drop every cached total (after a write that changes a list).
    pub fn forget_totals(&self) {
        self.totals.invalidate_all();
    }

    /// Connect according to `config` (does not migrate).
    ///
    /// # Errors
    /// Unreachable server, bad URL, unwritable SQLite file.
    pub async fn connect(config: &Config) -> anyhow::Result<Db> {
        let url = config.effective_database_url();
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            let path = path.split('?').next().unwrap_or(path);
            if let Some(parent) = Path::new(path).parent()
                && !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
            let opts = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .pragma("wal_autocheckpoint", checkpoint::WRITER_AUTOCHECKPOINT_PAGES.to_string());
            let read = SqlitePoolOptions::new()
                .max_connections(config.db_max_connections.max(2))
                .connect_with(opts.clone().read_only(false).pragma("cache_size", format!("-{READER_CACHE_KIB}")))
                .await
                .with_context(|| format!("cannot open SQLite database {path}"))?;
            // No ping before handing out the one writer connection: a round
            // trip to its thread per transaction, and a local file cannot
            // have dropped the connection.
            let write = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts.pragma("temp_store", "memory"))
                .await
                .with_context(|| format!("cannot open SQLite database {path}"))?;
            let in_memory = path.is_empty() || path.contains(":memory:") || url.contains("mode=memory");
            let inline_writer = if in_memory {
                None
            } else {
                Some(std::sync::Arc::new(
                    inline::InlineWriter::open(path, write.clone()).with_context(|| format!("cannot open SQLite database {path}"))?,
                ))
            };
            let checkpointer = if in_memory {
                None
            } else {
                Some(std::sync::Arc::new(checkpoint::Checkpointer::start(path).context("cannot start the checkpoint thread")?))
            };
            return Ok(Db {
                totals: totals(),
                read: SqlxSqliteConnector::from_sqlx_sqlite_pool(read),
                write: SqlxSqliteConnector::from_sqlx_sqlite_pool(write),
                backend: DbBackend::Sqlite,
                inline: (!in_memory).then(|| std::sync::Arc::new(inline::InlineReader::new(path))),
                inline_writer,
                checkpointer,
            });
        }
        let mut opts = ConnectOptions::new(url);
        opts.max_connections(config.db_max_connections)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            // A ping on every acquire, although it makes each statement two
            // round trips: after the database ends its connections (a restart,
            // a failover) a pool trusting its recently used connections hands
            // out dead ones, and the next requests answer 503 instead of
            // working (tests/api/fail_fast.rs). Pinging only connections idle
            // for 30 s failed that test on PostgreSQL.
            .test_before_acquire(true)
            // New values that PostgreSQL compresses (TOAST: the 面经 text and
            // its index text) with lz4 instead of pglz: `pglz_compress` was the
            // top PostgreSQL symbol under create_experience (BENCHMARKS.md).
            // Values already stored keep their compression; both stay readable.
            // A server without lz4 (before PostgreSQL 14, or built without
            // it) refuses the setting and keeps pglz.
            .map_sqlx_postgres_pool_opts(|pool| {
                pool.after_connect(|conn, _| {
                    Box::pin(async move {
                        if let Err(e) = sea_orm::sqlx::Executor::execute(conn, "SET default_toast_compression = 'lz4'").await {
                            tracing::debug!(error = %e, "PostgreSQL keeps its TOAST compression");
                        }
                        Ok(())
                    })
                })
            })
            .sqlx_logging(false);
        let conn = Database::connect(opts).await.context("cannot connect to the database")?;
        let backend = conn.get_database_backend();
        Ok(Db { read: conn.clone(), write: conn, backend, inline: None, inline_writer: None, checkpointer: None, totals: totals() })
    }

    /// Apply pending migrations. On SQLite the database file is first copied
    /// aside (`mianjing.db.bak-<timestamp>`, made with `VACUUM INTO`, so it is
    /// consistent). On SQLite and PostgreSQL all pending migrations run in one
    /// transaction, so a failed run changes nothing; MySQL cannot roll back
    /// DDL, so take a dump before upgrading it.
    ///
    /// Returns the names of the applied migrations.
    ///
    /// # Errors
    /// A message naming the migration that failed.
    pub async fn migrate(&self, config: &Config) -> anyhow::Result<Vec<String>> {
        let pending: Vec<String> = Migrator::get_pending_migrations(&self.write)
            .await
            .context("cannot read the migration table")?
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        if pending.is_empty() {
            return Ok(pending);
        }
        let backup = if self.backend == DbBackend::Sqlite && config.database_url.is_none() {
            self.sqlite_backup(config).await?
        } else {
            None
        };
        // The writer keeps temporary tables in memory (`temp_store`), but
        // some migrations rebuild a whole table through one: SQLite's
        // `DROP COLUMN` on the 100,000-post benchmark database took 573 MB
        // of memory that way and 18 MB with temporary files
        // (m20261122_000020_view_counts). The setting cannot change inside
        // the migration's transaction, so it changes around it.
        let sqlite = self.backend == DbBackend::Sqlite;
        if sqlite {
            self.write.execute_unprepared("PRAGMA temp_store = FILE").await.context("cannot prepare the migration")?;
        }
        let result = if self.backend == DbBackend::MySql {
            Migrator::up(&self.write, None).await
        } else {
            // SQLite and PostgreSQL have transactional DDL: run every pending
            // migration in one transaction so a failure leaves nothing behind.
            let txn = self.write.begin().await.context("cannot start the migration transaction")?;
            match Migrator::up(&txn, None).await {
                Ok(()) => txn.commit().await,
                Err(err) => {
                    let _ = txn.rollback().await;
                    Err(err)
                }
            }
        };
        if sqlite {
            self.write.execute_unprepared("PRAGMA temp_store = MEMORY").await.context("cannot finish the migration")?;
        }
        if let Err(err) = result {
            let mut msg = format!("migration failed, nothing was changed: {err}");
            if self.backend == DbBackend::MySql {
                msg = format!("migration failed: {err}\nMySQL cannot roll back schema changes; restore your dump before retrying");
            }
            if let Some(backup) = &backup {
                msg.push_str(&format!("\na copy of the database from before this run is at {}", backup.display()));
            }
            anyhow::bail!(msg);
        }
        Ok(pending)
    }

    /// Copy a non-empty SQLite database aside before migrating it.
    async fn sqlite_backup(&self, config: &Config) -> anyhow::Result<Option<std::path::PathBuf>> {
        let applied = Migrator::get_applied_migrations(&self.write).await?;
        if applied.is_empty() {
            return Ok(None); // fresh database: nothing to protect
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let mut dest = config.data_dir.join(format!("mianjing.db.bak-{stamp}"));
        let mut n = 1;
        while dest.exists() {
            n += 1;
            dest = config.data_dir.join(format!("mianjing.db.bak-{stamp}-{n}"));
        }
        let sql = format!("VACUUM INTO '{}'", dest.display().to_string().replace('\'', "''"));
        self.write
            .execute_unprepared(&sql)
            .await
            .with_context(|| format!("cannot copy the database to {}", dest.display()))?;
        tracing::info!(backup = %dest.display(), "database copied aside before migrating");
        Ok(Some(dest))
    }

    /// `SELECT 1` on the read pool: used by `/api/ready`.
    pub async fn ping(&self) -> bool {
        self.read.ping().await.is_ok()
    }
}
