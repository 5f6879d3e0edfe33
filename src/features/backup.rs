//! `mianjing backup`, `restore` and `migrate-to`: whole-install copies
//! (README, "Backup and moving up"). The store reads and writes whole
//! tables ([`crate::store::backup`]); this module holds the portable file
//! format and the order of the steps.
//!
//! # The portable format (version 1)
//! A gzip-compressed stream of JSON lines:
//! 1. a header, [`Header`]: `format` = `"mianjing-backup"`, `version` = 1,
//!    the source backend, the time, the applied schema migrations (oldest
//!    first) and each table with its columns and row count, parents before
//!    children;
//! 2. per table, a line `{"table": NAME}` followed by one JSON array per row,
//!    values in the header's column order (integers and floats as numbers,
//!    booleans, timestamps as RFC 3339 UTC strings with microseconds, dates
//!    as `YYYY-MM-DD`, text, null);
//! 3. a last line `{"end": true, "rows": TOTAL}`: a file without it is
//!    truncated and is refused.
//!
//! On SQLite `backup` writes a copy of the database file instead (unless
//! asked for the portable form); `restore` reads both forms.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::Config;
use crate::store::backup::{self as store, ExperienceFields, Loader, Snapshot, Source, PAGE};
use crate::store::Db;

/// [`Header::format`] of every portable backup.
pub const FORMAT: &str = "mianjing-backup";
/// The portable format's version this build writes and reads.
pub const VERSION: u32 = 1;

/// The first line of a portable backup.
#[derive(Debug, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The backend it was read from: `sqlite`, `postgres` or `mysql`.
    pub source: String,
    /// When the snapshot was taken (RFC 3339).
    pub created_at: String,
    /// The applied schema migrations, oldest first.
    pub migrations: Vec<String>,
    /// The tables in file order (parents first).
    pub tables: Vec<TableHeader>,
}

/// A table of [`Header::tables`].
#[derive(Debug, Serialize, Deserialize)]
pub struct TableHeader {
    /// Its name.
    pub name: String,
    /// Its columns, the order of each row's values.
    pub columns: Vec<String>,
    /// How many rows follow.
    pub rows: u64,
}

/// What a backup, restore or move did.
#[derive(Debug, Default)]
pub struct Report {
    /// Tables copied.
    pub tables: usize,
    /// Rows copied.
    pub rows: u64,
    /// `true` when a SQLite file copy was made (not the portable form).
    pub sqlite_copy: bool,
}

/// Called with (rows done, rows in all) as a copy goes.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// The index text of a 面经 row, as the 面经 feature computes it
/// (`crate::features::experiences::index`): loaders recompute it, since
/// SQLite keeps it only inside its full-text index.
fn experience_text() -> Box<store::ExperienceText> {
    Box::new(|f: &ExperienceFields<'_>| {
        let questions: Vec<String> = serde_json::from_str(f.interview_questions).unwrap_or_default();
        crate::features::experiences::index::index_parts(f.title, f.company, f.position, f.content, &questions).0
    })
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Back the database of `db` up into the new file `dest`, consistently
/// while the server keeps serving: on SQLite a copy of the database file
/// (`VACUUM INTO`) unless `portable`, else the portable format read in one
/// snapshot. The file appears only when complete (it is written as
/// `dest.partial` first).
///
/// # Errors
/// `dest` exists; database and file system failures.
pub async fn backup(db: &Db, dest: &Path, portable: bool, progress: Progress<'_>) -> anyhow::Result<Report> {
    if dest.exists() {
        bail!("{} exists; choose a new file name", dest.display());
    }
    let partial = partial_path(dest);
    let _ = std::fs::remove_file(&partial);
    let result = if store::is_sqlite(db) && !portable {
        store::vacuum_into(db, &partial).await.context("cannot copy the database").map(|()| Report { sqlite_copy: true, ..Report::default() })
    } else {
        write_portable(db, &partial, progress).await
    };
    match result {
        Ok(report) => {
            std::fs::rename(&partial, dest).with_context(|| format!("cannot write {}", dest.display()))?;
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

async fn write_portable(db: &Db, path: &Path, progress: Progress<'_>) -> anyhow::Result<Report> {
    let snap = Snapshot::begin(&Source::of(db)).await.context("cannot open a snapshot of the database")?;
    let mut tables = Vec::new();
    for t in snap.tables() {
        tables.push(TableHeader { name: t.name.clone(), columns: t.columns.iter().map(|c| c.name.clone()).collect(), rows: snap.count(t).await? });
    }
    let total: u64 = tables.iter().map(|t| t.rows).sum();
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        source: store::backend_name(db).into(),
        created_at: store::portable_time(chrono::Utc::now()),
        migrations: snap.migrations().to_vec(),
        tables,
    };
    let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let mut line = |v: &dyn erased::Json| -> anyhow::Result<()> {
        v.write(&mut out)?;
        out.write_all(b"\n")?;
        Ok(())
    };
    line(&header)?;
    let mut done = 0;
    for (t, th) in snap.tables().iter().zip(&header.tables) {
        line(&serde_json::json!({ "table": t.name }))?;
        let mut offset = 0;
        // Exactly the counted rows: the snapshot does not change under us.
        while offset < th.rows {
            let rows = snap.rows(t, offset, PAGE).await?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as u64;
            for r in &rows {
                line(r)?;
            }
            done += rows.len() as u64;
            progress(done, total);
        }
    }
    line(&serde_json::json!({ "end": true, "rows": done }))?;
    snap.end().await?;
    out.finish()?.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(Report { tables: header.tables.len(), rows: done, sqlite_copy: false })
}

/// Serialising a header, a row or a marker line alike.
mod erased {
    pub trait Json {
        fn write(&self, out: &mut dyn std::io::Write) -> serde_json::Result<()>;
    }
    impl<T: serde::Serialize> Json for T {
        fn write(&self, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
            serde_json::to_writer(out, self)
        }
    }
}

/// Connect to the target of a restore or move and bring its schema to the
/// backup's; refuses one with accounts unless `replace`.
async fn open_target(config: &Config, migrations: &[String], replace: bool) -> anyhow::Result<Db> {
    let db = Db::connect(config).await?;
    if !replace && store::holds_accounts(&db).await? {
        bail!("{}; restore into a new, empty database, or pass --force to replace everything in it", store::NOT_EMPTY);
    }
    store::prepare_schema(&db, migrations).await.context("cannot prepare the database's schema")?;
    Ok(db)
}

/// After a load: counters on MySQL, then this build's newer migrations.
async fn after_load(db: &Db, config: &Config) -> anyhow::Result<()> {
    Loader::reset_mysql_counters(db).await.context("cannot reset the id counters")?;
    db.migrate(config).await?;
    Ok(())
}

/// Copy every table of `snap` into `db` in one load.
async fn copy(snap: &Snapshot, db: &Db, replace: bool, progress: Progress<'_>) -> anyhow::Result<Report> {
    let mut counts = Vec::new();
    for t in snap.tables() {
        counts.push(snap.count(t).await?);
    }
    let total: u64 = counts.iter().sum();
    let mut loader = Loader::begin(db, replace, experience_text()).await?;
    let result: anyhow::Result<u64> = async {
        let mut done = 0;
        for (t, &n) in snap.tables().iter().zip(&counts) {
            let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            loader.table(&t.name, &columns).await?;
            let mut offset = 0;
            while offset < n {
                let rows = snap.rows(t, offset, PAGE).await?;
                if rows.is_empty() {
                    break;
                }
                let got = rows.len() as u64;
                offset += got;
                for r in rows {
                    loader.row(r).await?;
                }
                done += got;
                progress(done, total);
            }
        }
        Ok(done)
    }
    .await;
    match result {
        Ok(rows) => {
            loader.finish().await?;
            Ok(Report { tables: snap.tables().len(), rows, sqlite_copy: false })
        }
        Err(e) => {
            loader.abort().await;
            Err(e)
        }
    }
}

/// Restore the backup `file` (either form [`backup`] writes) into the
/// database `config` names, in one transaction where the backend allows
/// (SQLite, PostgreSQL; on MySQL the rows, then the counters): the schema
/// is brought to the backup's, the rows are loaded with their ids, the
/// search indexes rebuilt, id counters moved past the loaded ids, and this
/// build's newer migrations applied. A database with accounts is refused
/// unless `replace` (then everything in it is replaced).
///
/// # Errors
/// Not a backup, a truncated or corrupt one (nothing is loaded then), a
/// backup from a newer build, a target with accounts, database failures.
pub async fn restore(config: &Config, file: &Path, replace: bool, progress: Progress<'_>) -> anyhow::Result<Report> {
    let mut head = [0u8; 16];
    let n = std::fs::File::open(file).and_then(|mut f| f.read(&mut head)).with_context(|| format!("cannot read {}", file.display()))?;
    let head = &head[..n];
    if store::is_sqlite_file(head) {
        let source = Source::sqlite_file(file).await?;
        let snap = Snapshot::begin(&source).await.with_context(|| format!("{} is not a readable mianjing database", file.display()))?;
        let db = open_target(config, snap.migrations(), replace).await?;
        let report = copy(&snap, &db, replace, progress).await?;
        snap.end().await?;
        after_load(&db, config).await?;
        return Ok(report);
    }
    if !head.starts_with(&[0x1f, 0x8b]) {
        bail!("{} is not a mianjing backup (neither a SQLite database nor a gzip'd portable backup)", file.display());
    }
    let corrupt = |line: usize, what: &str| anyhow::anyhow!("{} is truncated or corrupt (line {line}): {what}; nothing was restored", file.display());
    let f = std::fs::File::open(file)?;
    let mut lines = BufReader::new(flate2::read::GzDecoder::new(f)).lines();
    let first = lines.next().transpose().map_err(|e| corrupt(1, &e.to_string()))?.ok_or_else(|| corrupt(1, "empty"))?;
    let header: Header = serde_json::from_str(&first).map_err(|e| corrupt(1, &format!("bad header: {e}")))?;
    if header.format != FORMAT {
        bail!("{} is not a mianjing backup", file.display());
    }
    if header.version != VERSION {
        bail!("{} is a version {} backup; this build reads version {VERSION}", file.display(), header.version);
    }
    let db = open_target(config, &header.migrations, replace).await?;
    let total: u64 = header.tables.iter().map(|t| t.rows).sum();
    let mut loader = Loader::begin(&db, replace, experience_text()).await?;
    let result: anyhow::Result<u64> = async {
        let mut done = 0u64;
        let no = std::cell::Cell::new(1usize);
        let mut next = || -> anyhow::Result<Value> {
            no.set(no.get() + 1);
            let n = no.get();
            let text = lines.next().transpose().map_err(|e| corrupt(n, &e.to_string()))?.ok_or_else(|| corrupt(n, "the file ends early"))?;
            serde_json::from_str(&text).map_err(|e| corrupt(n, &e.to_string()))
        };
        for t in &header.tables {
            let v = next()?;
            if v.get("table").and_then(Value::as_str) != Some(t.name.as_str()) {
                return Err(corrupt(no.get(), &format!("expected the rows of {}", t.name)));
            }
            loader.table(&t.name, &t.columns).await?;
            for _ in 0..t.rows {
                match next()? {
                    Value::Array(values) => loader.row(values).await.map_err(|e| corrupt(no.get(), &e.to_string()))?,
                    _ => return Err(corrupt(no.get(), &format!("expected a row of {}", t.name))),
                }
                done += 1;
                if done.is_multiple_of(PAGE) {
                    progress(done, total);
                }
            }
        }
        let end = next()?;
        if end.get("end") != Some(&Value::Bool(true)) || end.get("rows").and_then(Value::as_u64) != Some(done) {
            return Err(corrupt(no.get(), "expected the end line"));
        }
        if lines.next().is_some() {
            return Err(corrupt(no.get() + 1, "lines after the end"));
        }
        progress(done, total);
        Ok(done)
    }
    .await;
    match result {
        Ok(rows) => {
            loader.finish().await?;
            after_load(&db, config).await?;
            Ok(Report { tables: header.tables.len(), rows, sqlite_copy: false })
        }
        Err(e) => {
            loader.abort().await;
            Err(e)
        }
    }
}

/// Copy the whole install of `config`'s database into the database at
/// `target_url` (SQLite, PostgreSQL or MySQL), migrated to the same schema
/// first: users with their password hashes, posts, comments, favorites,
/// files' metadata, interviews — every table. Rows written to the source
/// after the copy's snapshot are not copied: stop the server first.
///
/// # Errors
/// The same database, a target with accounts without `replace`, database failures.
pub async fn migrate_to(config: &Config, target_url: &str, replace: bool, progress: Progress<'_>) -> anyhow::Result<Report> {
    if target_url.trim() == config.effective_database_url() {
        bail!("the target is the configured database itself");
    }
    let source_db = Db::connect(config).await?;
    let snap = Snapshot::begin(&Source::of(&source_db)).await.context("cannot open a snapshot of the database")?;
    let mut target_config = config.clone();
    target_config.database_url = Some(target_url.to_owned());
    let db = open_target(&target_config, snap.migrations(), replace).await?;
    let report = copy(&snap, &db, replace, progress).await?;
    snap.end().await?;
    after_load(&db, &target_config).await?;
    Ok(report)
}
