//! Whole-install copies, the SQL of `mianjing backup`, `restore` and
//! `migrate-to` ([`crate::features::backup`]): the table list, column types,
//! primary keys and foreign keys are read from the database's own catalog
//! (SQLite's pragmas, `information_schema` on PostgreSQL and MySQL), so a
//! table a later migration adds is copied without being listed here. Only
//! the search machinery is special: generated search columns
//! (PostgreSQL's `search_vector`), SQLite's FTS5 tables and its indexing
//! queue ([`fts::SQLITE_ONLY_TABLES`]) are left out and rebuilt on the
//! target ([`Loader::finish`]).
//!
//! Values travel as JSON ([`serde_json::Value`]) in a portable form that
//! does not depend on the backend: integers and floats as numbers, booleans
//! as `true`/`false` (SQLite's and MySQL's 0/1 included), timestamps as
//! RFC 3339 UTC strings with microseconds (what PostgreSQL and MySQL keep),
//! dates as `YYYY-MM-DD`, text as strings, `null` as null.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, FromQueryResult, IsolationLevel, QueryResult,
    Statement, TransactionTrait, Value,
};
use serde_json::Value as J;

use crate::store::fts;
use crate::store::migration::Migrator;
use crate::store::Db;
use sea_orm_migration::MigratorTrait;

/// Whether `db` is SQLite, whose backup is a copy of the database file
/// ([`vacuum_into`]) rather than the portable export.
pub fn is_sqlite(db: &Db) -> bool {
    db.backend == DbBackend::Sqlite
}

/// The name of `db`'s backend, for a backup's header and messages:
/// `sqlite`, `postgres` or `mysql`.
pub fn backend_name(db: &Db) -> &'static str {
    match db.backend {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "mysql",
    }
}

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file that starts with `head` is a SQLite database.
pub fn is_sqlite_file(head: &[u8]) -> bool {
    head.starts_with(SQLITE_MAGIC)
}

/// A database to copy whole tables from.
pub struct Source {
    conn: DatabaseConnection,
}

impl Source {
    /// The application's own database (its read pool).
    pub fn of(db: &Db) -> Source {
        Source { conn: db.read.clone() }
    }

    /// A SQLite database file (a backup `mianjing backup` made), opened read-only.
    ///
    /// # Errors
    /// The file cannot be opened as SQLite.
    pub async fn sqlite_file(path: &std::path::Path) -> Result<Source, DbErr> {
        let opts = sea_orm::sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true).create_if_missing(false);
        let pool = sea_orm::sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await
            .map_err(|e| DbErr::Custom(format!("cannot open {} as SQLite: {e}", path.display())))?;
        Ok(Source { conn: sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool) })
    }
}

/// Bring the schema of `db` to exactly the migrations `wanted` (a backup's),
/// so its rows fit: `wanted` must be a start of this build's migrations and
/// the database's applied ones a start of `wanted`. The rest of this
/// build's migrations run after the load ([`Db::migrate`]), on the loaded rows.
///
/// # Errors
/// A backup from a newer build, a database ahead of the backup, database failures.
pub async fn prepare_schema(db: &Db, wanted: &[String]) -> Result<(), DbErr> {
    let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    if !known.starts_with(wanted) {
        let unknown = wanted.iter().find(|w| !known.contains(w)).cloned().unwrap_or_default();
        return Err(DbErr::Custom(format!("the backup comes from a newer mianjing (its schema has migration {unknown}, which this build does not know): use that version or a newer one")));
    }
    let applied = applied_migrations(&db.write).await?;
    if !wanted.starts_with(&applied) {
        return Err(DbErr::Custom(format!(
            "the database's schema ({} migrations) is ahead of the backup's ({}): restore into a new, empty database",
            applied.len(),
            wanted.len()
        )));
    }
    let steps = (wanted.len() - applied.len()) as u32;
    if steps > 0 {
        Migrator::up(&db.write, Some(steps)).await?;
    }
    Ok(())
}

/// Whether the database of `db` holds an install ([`has_accounts`]).
///
/// # Errors
/// Database failures.
pub async fn holds_accounts(db: &Db) -> Result<bool, DbErr> {
    has_accounts(&db.write).await
}

/// The migration bookkeeping table of sea-orm-migration: not data; a backup
/// records the applied versions in its header instead.
pub const MIGRATION_TABLE: &str = "seaql_migrations";

/// How a column's values are read and bound. A column of any other type is
/// an error ([`tables`]), so a new kind of column cannot be skipped silently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `smallint` (PostgreSQL's width matters when reading).
    I16,
    /// `integer`.
    I32,
    /// `bigint` (and every integer on SQLite and MySQL).
    I64,
    /// Boolean (an integer 0/1 on SQLite and MySQL).
    Bool,
    /// `real`/`float`.
    F32,
    /// `double precision`.
    F64,
    /// Any character type.
    Text,
    /// A UTC timestamp (`timestamptz`, `DATETIME(6)`, text on SQLite).
    Timestamp,
    /// A calendar date.
    Date,
}

/// A copied column.
#[derive(Clone, Debug)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type class.
    pub kind: Kind,
}

/// A copied table, as the catalog describes it.
#[derive(Clone, Debug)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// Its columns in catalog order, generated columns left out.
    pub columns: Vec<Column>,
    /// Its primary key columns (rows are read in this order).
    pub key: Vec<String>,
    /// Tables its foreign keys point to (itself excluded).
    pub parents: BTreeSet<String>,
    /// Its auto-increment/identity column, if any (PostgreSQL and MySQL).
    pub serial: Option<String>,
}

fn q(backend: DbBackend, ident: &str) -> String {
    match backend {
        DbBackend::MySql => format!("`{}`", ident.replace('`', "``")),
        _ => format!("\"{}\"", ident.replace('"', "\"\"")),
    }
}

fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(backend, sql, values)
}

fn text_at(row: &QueryResult, col: &str) -> Result<String, DbErr> {
    // MySQL's catalog answers some columns as binary strings.
    match row.try_get::<String>("", col) {
        Ok(s) => Ok(s),
        Err(_) => Ok(String::from_utf8_lossy(&row.try_get::<Vec<u8>>("", col)?).into_owned()),
    }
}

fn opt_text_at(row: &QueryResult, col: &str) -> Result<Option<String>, DbErr> {
    match row.try_get::<Option<String>>("", col) {
        Ok(s) => Ok(s),
        Err(_) => Ok(row.try_get::<Option<Vec<u8>>>("", col)?.map(|b| String::from_utf8_lossy(&b).into_owned())),
    }
}

fn kind_of(backend: DbBackend, table: &str, column: &str, data_type: &str, column_type: &str) -> Result<Kind, DbErr> {
    let t = data_type.to_ascii_lowercase();
    let kind = match backend {
        DbBackend::Sqlite => {
            // Declared types as sea-query writes them: `timestamp_with_timezone_text`, `date_text`, `boolean`, `varchar(…)`, …
            if t.starts_with("timestamp") || t.starts_with("datetime") {
                Some(Kind::Timestamp)
            } else if t.starts_with("date") {
                Some(Kind::Date)
            } else if t.starts_with("bool") {
                Some(Kind::Bool)
            } else if t.contains("int") {
                Some(Kind::I64)
            } else if t.contains("double") || t.contains("real") || t.contains("float") {
                Some(Kind::F64)
            } else if t.contains("char") || t.contains("text") || t.contains("clob") || t == "json" {
                Some(Kind::Text)
            } else {
                None
            }
        }
        DbBackend::Postgres => match t.as_str() {
            "smallint" => Some(Kind::I16),
            "integer" => Some(Kind::I32),
            "bigint" => Some(Kind::I64),
            "boolean" => Some(Kind::Bool),
            "real" => Some(Kind::F32),
            "double precision" => Some(Kind::F64),
            "text" | "character varying" | "character" => Some(Kind::Text),
            "timestamp with time zone" => Some(Kind::Timestamp),
            "date" => Some(Kind::Date),
            _ => None,
        },
        _ => match t.as_str() {
            "tinyint" if column_type.to_ascii_lowercase().starts_with("tinyint(1)") => Some(Kind::Bool),
            "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" => Some(Kind::I64),
            "float" => Some(Kind::F32),
            "double" => Some(Kind::F64),
            "char" | "varchar" | "tinytext" | "text" | "mediumtext" | "longtext" => Some(Kind::Text),
            "datetime" | "timestamp" => Some(Kind::Timestamp),
            "date" => Some(Kind::Date),
            _ => None,
        },
    };
    kind.ok_or_else(|| DbErr::Custom(format!("column {table}.{column} has type {data_type}, which backups do not know how to copy")))
}

/// Tables the database's own triggers derive from the 面经 (migration 33's
/// company statistics): inserting the 面经 rebuilds them, so a copy made row
/// by row must neither copy them (they would count everything twice) nor
/// keep the target's old rows.
pub const DERIVED_TABLES: [&str; 3] = ["company_stats", "company_position_stats", "company_question_stats"];

/// Whether `name` is a table the copy leaves out: the migration table, the
/// full-text machinery each backend rebuilds for itself, and the
/// [`DERIVED_TABLES`].
fn left_out(backend: DbBackend, name: &str) -> bool {
    name == MIGRATION_TABLE
        || name.starts_with("sqlite_")
        || DERIVED_TABLES.contains(&name)
        || (backend == DbBackend::Sqlite && fts::SQLITE_ONLY_TABLES.contains(&name))
}

#[derive(FromQueryResult)]
struct SqliteTable {
    name: String,
    r#type: String,
}

/// Every copied table of the database `db` is connected to, parents before
/// children (foreign keys), by name otherwise.
///
/// # Errors
/// Database failures; a column of a type [`Kind`] does not cover; a cycle of
/// foreign keys between tables.
pub async fn tables<C: ConnectionTrait>(db: &C) -> Result<Vec<Table>, DbErr> {
    let backend = db.get_database_backend();
    let mut found: BTreeMap<String, Table> = BTreeMap::new();
    let new_table = |name: &str| Table { name: name.to_owned(), columns: Vec::new(), key: Vec::new(), parents: BTreeSet::new(), serial: None };
    match backend {
        DbBackend::Sqlite => {
            let list = SqliteTable::find_by_statement(stmt(backend, "SELECT name, type FROM pragma_table_list WHERE schema = 'main'", vec![]))
                .all(db)
                .await?;
            for t in list {
                // `virtual` and `shadow` tables are FTS5's.
                if t.r#type != "table" || left_out(backend, &t.name) {
                    continue;
                }
                let mut table = new_table(&t.name);
                let cols = db
                    .query_all_raw(stmt(backend, "SELECT name, type, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid", vec![t.name.clone().into()]))
                    .await?;
                let mut key: Vec<(i64, String)> = Vec::new();
                for c in cols {
                    let name: String = c.try_get("", "name")?;
                    if c.try_get::<i64>("", "hidden")? != 0 {
                        continue; // generated
                    }
                    let ty: String = c.try_get("", "type")?;
                    table.columns.push(Column { kind: kind_of(backend, &t.name, &name, &ty, &ty)?, name: name.clone() });
                    let pk: i64 = c.try_get("", "pk")?;
                    if pk > 0 {
                        key.push((pk, name));
                    }
                }
                key.sort();
                table.key = key.into_iter().map(|(_, n)| n).collect();
                for fk in db.query_all_raw(stmt(backend, "SELECT \"table\" AS parent FROM pragma_foreign_key_list(?)", vec![t.name.clone().into()])).await? {
                    table.parents.insert(fk.try_get("", "parent")?);
                }
                found.insert(t.name.clone(), table);
            }
        }
        _ => {
            let schema = if backend == DbBackend::Postgres { "current_schema()" } else { "DATABASE()" };
            let sql = format!(
                "SELECT t.table_name AS t FROM information_schema.tables t WHERE t.table_schema = {schema} AND t.table_type = 'BASE TABLE'"
            );
            for row in db.query_all_raw(stmt(backend, &sql, vec![])).await? {
                let name = text_at(&row, "t")?;
                if !left_out(backend, &name) {
                    found.insert(name.clone(), new_table(&name));
                }
            }
            let sql = if backend == DbBackend::Postgres {
                "SELECT table_name AS t, column_name AS c, data_type AS dt, data_type AS ct, \
                 CASE WHEN is_generated = 'ALWAYS' THEN 'GENERATED' WHEN is_identity = 'YES' OR column_default LIKE 'nextval(%' THEN 'auto_increment' ELSE '' END AS extra \
                 FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
            } else {
                "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS dt, COLUMN_TYPE AS ct, EXTRA AS extra \
                 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION"
            };
            for row in db.query_all_raw(stmt(backend, sql, vec![])).await? {
                let (t, c) = (text_at(&row, "t")?, text_at(&row, "c")?);
                let Some(table) = found.get_mut(&t) else { continue };
                let extra = opt_text_at(&row, "extra")?.unwrap_or_default().to_ascii_lowercase();
                if extra.contains("generated") {
                    continue;
                }
                if extra.contains("auto_increment") {
                    table.serial = Some(c.clone());
                }
                let kind = kind_of(backend, &t, &c, &text_at(&row, "dt")?, &text_at(&row, "ct")?)?;
                table.columns.push(Column { name: c, kind });
            }
            let sql = format!(
                "SELECT k.table_name AS t, k.column_name AS c FROM information_schema.table_constraints tc \
                 JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name \
                 AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name \
                 WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = {schema} ORDER BY k.table_name, k.ordinal_position"
            );
            for row in db.query_all_raw(stmt(backend, &sql, vec![])).await? {
                if let Some(table) = found.get_mut(&text_at(&row, "t")?) {
                    table.key.push(text_at(&row, "c")?);
                }
            }
            let sql = if backend == DbBackend::Postgres {
                "SELECT tc.table_name AS t, ccu.table_name AS p FROM information_schema.table_constraints tc \
                 JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name \
                 AND ccu.constraint_schema = tc.constraint_schema \
                 WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
            } else {
                "SELECT TABLE_NAME AS t, REFERENCED_TABLE_NAME AS p FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL"
            };
            for row in db.query_all_raw(stmt(backend, sql, vec![])).await? {
                let (t, p) = (text_at(&row, "t")?, text_at(&row, "p")?);
                if let Some(table) = found.get_mut(&t) {
                    table.parents.insert(p);
                }
            }
        }
    }
    // Topological order; a self-reference (a reply's parent comment) is
    // satisfied by reading and inserting rows in key order.
    let mut ordered = Vec::with_capacity(found.len());
    let mut placed: BTreeSet<String> = BTreeSet::new();
    while !found.is_empty() {
        let ready: Vec<String> = found
            .values()
            .filter(|t| t.parents.iter().all(|p| p == &t.name || placed.contains(p) || left_out(backend, p)))
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            let rest: Vec<&str> = found.keys().map(String::as_str).collect();
            return Err(DbErr::Custom(format!("foreign keys form a cycle between tables {}", rest.join(", "))));
        }
        for name in ready {
            if let Some(mut t) = found.remove(&name) {
                t.parents.remove(&name);
                placed.insert(name);
                ordered.push(t);
            }
        }
    }
    Ok(ordered)
}

/// The names of the applied migrations, oldest first.
///
/// # Errors
/// Database failures (no migration table: an empty list).
pub async fn applied_migrations<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let exists = tables_named(db, MIGRATION_TABLE).await?;
    if !exists {
        return Ok(Vec::new());
    }
    let rows = db.query_all_raw(stmt(backend, &format!("SELECT version FROM {} ORDER BY version", q(backend, MIGRATION_TABLE)), vec![])).await?;
    rows.iter().map(|r| text_at(r, "version")).collect()
}

async fn tables_named<C: ConnectionTrait>(db: &C, name: &str) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?",
        DbBackend::Postgres => "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
        _ => "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
    };
    let row = db.query_one_raw(stmt(backend, sql, vec![name.into()])).await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) > 0)
}

/// Whether the database holds an install: an account exists. A database
/// without accounts (new, migrated, started once, or holding only the
/// public demo import) counts as empty, so `restore` may fill it.
///
/// # Errors
/// Database failures.
pub async fn has_accounts<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    if !tables_named(db, "users").await? {
        return Ok(false);
    }
    let row = db.query_one_raw(stmt(db.get_database_backend(), "SELECT count(*) AS n FROM users", vec![])).await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) > 0)
}

/// A SQLite database's consistent copy at `dest` through `VACUUM INTO`,
/// which reads in one transaction while other connections keep writing
/// (the same copy the migrations make before upgrading, [`crate::store::Db::migrate`]).
///
/// # Errors
/// Not SQLite, `dest` exists or cannot be written.
pub async fn vacuum_into(db: &Db, dest: &std::path::Path) -> Result<(), DbErr> {
    if db.backend != DbBackend::Sqlite {
        return Err(DbErr::Custom("VACUUM INTO needs SQLite".into()));
    }
    let db = &db.read;
    let sql = format!("VACUUM INTO '{}'", dest.display().to_string().replace('\'', "''"));
    db.execute_unprepared(&sql).await.map(|_| ())
}

/// One consistent view of a database to read whole tables from: a
/// `REPEATABLE READ`, read-only transaction on PostgreSQL and MySQL (one
/// snapshot for every table, taken at the first read), a read transaction
/// on SQLite (WAL: writers go on, the reader keeps its snapshot).
pub struct Snapshot {
    txn: DatabaseTransaction,
    backend: DbBackend,
    tables: Vec<Table>,
    migrations: Vec<String>,
}

/// Rows read per query by [`Snapshot::rows`].
pub const PAGE: u64 = 1000;

impl Snapshot {
    /// Open the snapshot on `db` and read its catalog.
    ///
    /// # Errors
    /// Database failures, see [`tables`].
    pub async fn begin(source: &Source) -> Result<Snapshot, DbErr> {
        let db = &source.conn;
        let backend = db.get_database_backend();
        let txn = if backend == DbBackend::Sqlite {
            db.begin().await?
        } else {
            db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?
        };
        let migrations = applied_migrations(&txn).await?;
        let tables = tables(&txn).await?;
        Ok(Snapshot { txn, backend, tables, migrations })
    }

    /// The backend read from.
    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// The copied tables, parents first.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// The applied migrations, oldest first.
    pub fn migrations(&self) -> &[String] {
        &self.migrations
    }

    /// The number of rows of `table`.
    ///
    /// # Errors
    /// Database failures.
    pub async fn count(&self, table: &Table) -> Result<u64, DbErr> {
        let row = self.txn.query_one_raw(stmt(self.backend, &format!("SELECT count(*) AS n FROM {}", q(self.backend, &table.name)), vec![])).await?;
        Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0).max(0) as u64)
    }

    /// Rows `offset..offset + limit` of `table` in key order, each a value per
    /// column of [`Table::columns`] in the portable form (module docs).
    ///
    /// # Errors
    /// Database failures; a value that does not decode as its column's kind.
    pub async fn rows(&self, table: &Table, offset: u64, limit: u64) -> Result<Vec<Vec<J>>, DbErr> {
        let b = self.backend;
        let cols: Vec<String> = table.columns.iter().map(|c| q(b, &c.name)).collect();
        let order: Vec<String> = if table.key.is_empty() { cols.clone() } else { table.key.iter().map(|k| q(b, k)).collect() };
        let sql = format!("SELECT {} FROM {} ORDER BY {} LIMIT {limit} OFFSET {offset}", cols.join(", "), q(b, &table.name), order.join(", "));
        let rows = self.txn.query_all_raw(stmt(b, &sql, vec![])).await?;
        rows.iter()
            .map(|row| table.columns.iter().enumerate().map(|(i, c)| read_value(row, i, c, &table.name, b)).collect())
            .collect()
    }

    /// End the read transaction.
    ///
    /// # Errors
    /// Database failures.
    pub async fn end(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

fn bad(table: &str, column: &str, what: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("{table}.{column}: {what}"))
}

/// A timestamp in the portable form.
pub fn portable_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A timestamp as SQLite text, RFC 3339 or a bare UTC date-time.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%:z"] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for f in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc());
        }
    }
    None
}

fn read_value(row: &QueryResult, i: usize, c: &Column, table: &str, backend: DbBackend) -> Result<J, DbErr> {
    let e = |err: DbErr| bad(table, &c.name, err);
    Ok(match c.kind {
        Kind::I16 if backend == DbBackend::Postgres => row.try_get_by_index::<Option<i16>>(i).map_err(e)?.map(J::from).unwrap_or(J::Null),
        Kind::I32 if backend == DbBackend::Postgres => row.try_get_by_index::<Option<i32>>(i).map_err(e)?.map(J::from).unwrap_or(J::Null),
        Kind::I16 | Kind::I32 | Kind::I64 => row.try_get_by_index::<Option<i64>>(i).map_err(e)?.map(J::from).unwrap_or(J::Null),
        Kind::Bool => row.try_get_by_index::<Option<bool>>(i).map_err(e)?.map(J::from).unwrap_or(J::Null),
        Kind::F32 if backend == DbBackend::Postgres || backend == DbBackend::MySql => {
            row.try_get_by_index::<Option<f32>>(i).map_err(e)?.map(|v| J::from(f64::from(v))).unwrap_or(J::Null)
        }
        Kind::F32 | Kind::F64 => row.try_get_by_index::<Option<f64>>(i).map_err(e)?.map(J::from).unwrap_or(J::Null),
        Kind::Text => row.try_get_by_index::<Option<String>>(i).map_err(e)?.map(J::from).unwrap_or(J::Null),
        Kind::Timestamp if backend == DbBackend::Sqlite => match row.try_get_by_index::<Option<String>>(i).map_err(e)? {
            None => J::Null,
            Some(s) => J::from(portable_time(parse_time(&s).ok_or_else(|| bad(table, &c.name, format!("not a timestamp: {s:?}")))?)),
        },
        Kind::Timestamp => row.try_get_by_index::<Option<DateTime<Utc>>>(i).map_err(e)?.map(|t| J::from(portable_time(t))).unwrap_or(J::Null),
        Kind::Date if backend == DbBackend::Sqlite => match row.try_get_by_index::<Option<String>>(i).map_err(e)? {
            None => J::Null,
            Some(s) => {
                let d = NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d").map_err(|_| bad(table, &c.name, format!("not a date: {s:?}")))?;
                J::from(d.format("%Y-%m-%d").to_string())
            }
        },
        Kind::Date => row.try_get_by_index::<Option<NaiveDate>>(i).map_err(e)?.map(|d| J::from(d.format("%Y-%m-%d").to_string())).unwrap_or(J::Null),
    })
}

/// The portable value `v` bound for a column of kind `kind`.
fn bind_value(v: &J, kind: Kind, table: &str, column: &str) -> Result<Value, DbErr> {
    let wrong = || bad(table, column, format!("{v} is not a valid {kind:?} value"));
    let int = || match v {
        J::Bool(b) => Some(i64::from(*b)),
        J::Number(n) => n.as_i64(),
        _ => None,
    };
    let null = v.is_null();
    Ok(match kind {
        Kind::I16 => Value::SmallInt(if null { None } else { Some(int().and_then(|n| i16::try_from(n).ok()).ok_or_else(wrong)?) }),
        Kind::I32 => Value::Int(if null { None } else { Some(int().and_then(|n| i32::try_from(n).ok()).ok_or_else(wrong)?) }),
        Kind::I64 => Value::BigInt(if null { None } else { Some(int().ok_or_else(wrong)?) }),
        Kind::Bool => Value::Bool(if null { None } else { Some(int().ok_or_else(wrong)? != 0) }),
        Kind::F32 => Value::Float(if null { None } else { Some(v.as_f64().ok_or_else(wrong)? as f32) }),
        Kind::F64 => Value::Double(if null { None } else { Some(v.as_f64().ok_or_else(wrong)?) }),
        Kind::Text => Value::String(if null { None } else { Some(v.as_str().ok_or_else(wrong)?.to_owned()) }),
        Kind::Timestamp => Value::ChronoDateTimeUtc(if null { None } else { Some(v.as_str().and_then(parse_time).ok_or_else(wrong)?) }),
        Kind::Date => Value::ChronoDate(if null {
            None
        } else {
            Some(v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()).ok_or_else(wrong)?)
        }),
    })
}

/// The indexed fields of a 面经 row, for the index text the loader needs
/// ([`Loader::begin`]'s `experience_text`).
#[derive(Debug, Default)]
pub struct ExperienceFields<'a> {
    /// `title`.
    pub title: &'a str,
    /// `company`.
    pub company: &'a str,
    /// `position`.
    pub position: Option<&'a str>,
    /// `content`.
    pub content: &'a str,
    /// `interview_questions` (a JSON array of strings).
    pub interview_questions: &'a str,
}

/// The index text of a 面经 (computed by the search feature).
pub type ExperienceText = dyn Fn(&ExperienceFields<'_>) -> String + Send + Sync;

struct Current {
    table: Table,
    /// For each incoming column, its index in `table.columns`.
    columns: Vec<usize>,
    rows: u64,
    batch: Vec<Vec<Value>>,
    /// On `experiences`: positions of the indexed fields in the incoming row.
    experience: Option<[usize; 7]>,
}

/// Fills a database with whole tables in one transaction where the backend
/// allows (SQLite, PostgreSQL; MySQL's DML too, only its counter reset is
/// DDL after the commit). Rows are inserted with their ids; counters are
/// moved past them at the end.
pub struct Loader {
    txn: DatabaseTransaction,
    backend: DbBackend,
    tables: HashMap<String, Table>,
    loaded: Vec<String>,
    current: Option<Current>,
    experience_text: Box<ExperienceText>,
    /// SQLite: (id, text) of the 面经 loaded, for the contentless index.
    indexed: Vec<(i64, String)>,
}

impl Loader {
    /// Start loading into `db`, whose schema must already be the source's.
    /// With `replace`, rows already in the target are deleted first (in the
    /// same transaction); without, only a target without accounts
    /// ([`has_accounts`]) is accepted, and its rows (seeded careers,
    /// schools, settings) are deleted likewise.
    ///
    /// # Errors
    /// A target with accounts without `replace` ([`DbErr::Custom`] with
    /// [`NOT_EMPTY`]); database failures.
    pub async fn begin(db: &Db, replace: bool, experience_text: Box<ExperienceText>) -> Result<Loader, DbErr> {
        let db = &db.write;
        let backend = db.get_database_backend();
        let txn = db.begin().await?;
        if !replace && has_accounts(&txn).await? {
            let _ = txn.rollback().await;
            return Err(DbErr::Custom(NOT_EMPTY.into()));
        }
        let list = tables(&txn).await?;
        if backend == DbBackend::MySql {
            // A table referring to itself (replies) cannot be emptied row by row with checks on.
            txn.execute_unprepared("SET FOREIGN_KEY_CHECKS = 0").await?;
        }
        for t in list.iter().rev() {
            txn.execute_unprepared(&format!("DELETE FROM {}", q(backend, &t.name))).await?;
        }
        if backend == DbBackend::MySql {
            txn.execute_unprepared("SET FOREIGN_KEY_CHECKS = 1").await?;
        }
        for t in DERIVED_TABLES {
            txn.execute_unprepared(&format!("DELETE FROM {}", q(backend, t))).await?;
        }
        fts::clear_for_load(&txn).await?;
        let tables = list.into_iter().map(|t| (t.name.clone(), t)).collect();
        Ok(Loader { txn, backend, tables, loaded: Vec::new(), current: None, experience_text, indexed: Vec::new() })
    }

    /// Start the rows of `table`, whose values come in the order of `columns`.
    ///
    /// # Errors
    /// A table or column the target does not have, a target column the
    /// source does not give, a table given twice.
    pub async fn table(&mut self, table: &str, columns: &[String]) -> Result<(), DbErr> {
        self.flush_current().await?;
        let t = self.tables.get(table).ok_or_else(|| DbErr::Custom(format!("the database has no table {table}: the backup is of another schema")))?;
        if self.loaded.iter().any(|n| n == table) {
            return Err(DbErr::Custom(format!("table {table} appears twice")));
        }
        let mut map = Vec::with_capacity(columns.len());
        for c in columns {
            map.push(t.columns.iter().position(|tc| &tc.name == c).ok_or_else(|| DbErr::Custom(format!("the database has no column {table}.{c}: the backup is of another schema")))?);
        }
        if let Some(missing) = t.columns.iter().find(|tc| !columns.contains(&tc.name)) {
            return Err(DbErr::Custom(format!("the backup has no column {table}.{}: it is of another schema", missing.name)));
        }
        let pos = |n: &str| columns.iter().position(|c| c == n);
        let experience = if table == "experiences" {
            match (pos("id"), pos("title"), pos("company"), pos("position"), pos("content"), pos("interview_questions"), pos("search_text")) {
                (Some(a), Some(b), Some(c), Some(d), Some(e), Some(f), Some(g)) => Some([a, b, c, d, e, f, g]),
                _ => None,
            }
        } else {
            None
        };
        self.loaded.push(table.to_owned());
        self.current = Some(Current { table: t.clone(), columns: map, rows: 0, batch: Vec::new(), experience });
        Ok(())
    }

    /// One row of the current table, values in the order given to [`Loader::table`].
    ///
    /// # Errors
    /// No current table, a wrong number of values, a value of the wrong
    /// kind, database failures (a batch is inserted every few hundred rows).
    pub async fn row(&mut self, mut values: Vec<J>) -> Result<(), DbErr> {
        let backend = self.backend;
        let cur = self.current.as_mut().ok_or_else(|| DbErr::Custom("a row before any table".into()))?;
        if values.len() != cur.columns.len() {
            return Err(DbErr::Custom(format!("a row of {} has {} values, expected {}", cur.table.name, values.len(), cur.columns.len())));
        }
        if let Some([id, title, company, position, content, questions, search]) = cur.experience {
            let s = |i: usize| values[i].as_str().unwrap_or("");
            let text = (self.experience_text)(&ExperienceFields {
                title: s(title),
                company: s(company),
                position: values[position].as_str(),
                content: s(content),
                interview_questions: s(questions),
            });
            if backend == DbBackend::Sqlite {
                if let Some(id) = values[id].as_i64() {
                    self.indexed.push((id, text));
                }
                values[search] = J::from("");
            } else {
                values[search] = J::from(fts::experience_column_text(backend, text));
            }
        }
        let mut bound = Vec::with_capacity(values.len());
        for (v, &ci) in values.iter().zip(&cur.columns) {
            let col = &cur.table.columns[ci];
            bound.push(bind_value(v, col.kind, &cur.table.name, &col.name)?);
        }
        cur.batch.push(bound);
        cur.rows += 1;
        // Bound parameters per statement stay far below every backend's limit (SQLite: 32,766).
        if cur.batch.len() >= 200 || cur.batch.len() * cur.columns.len() >= 5000 {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), DbErr> {
        let b = self.backend;
        let Some(cur) = self.current.as_mut() else { return Ok(()) };
        if cur.batch.is_empty() {
            return Ok(());
        }
        let cols: Vec<String> = cur.columns.iter().map(|&i| q(b, &cur.table.columns[i].name)).collect();
        let mut sql = crate::store::sql::Sql::new(b);
        sql.push(&format!("INSERT INTO {} ({})", q(b, &cur.table.name), cols.join(", ")));
        if b == DbBackend::Postgres && cur.table.serial.is_some() {
            sql.push(" OVERRIDING SYSTEM VALUE");
        }
        sql.push(" VALUES ");
        for (i, row) in cur.batch.drain(..).enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind_list(row);
        }
        self.txn.execute_raw(sql.build()).await?;
        if !self.indexed.is_empty() {
            fts::index_new_experiences(&self.txn, &self.indexed.iter().map(|(id, t)| (*id, t.as_str())).collect::<Vec<_>>()).await?;
            self.indexed.clear();
        }
        Ok(())
    }

    async fn flush_current(&mut self) -> Result<(), DbErr> {
        self.flush().await?;
        self.current = None;
        Ok(())
    }

    /// Rows loaded so far per table, in load order.
    pub fn loaded(&self) -> &[String] {
        &self.loaded
    }

    /// Insert what is pending, rebuild the full-text indexes the backend
    /// keeps apart from the rows (SQLite's FTS5 tables), move the id
    /// counters past the loaded ids and commit.
    ///
    /// # Errors
    /// Database failures (nothing is committed then).
    pub async fn finish(mut self) -> Result<(), DbErr> {
        self.flush_current().await?;
        let mut missing: Vec<&String> = self.tables.keys().filter(|t| !self.loaded.contains(t)).collect();
        missing.sort();
        if let Some(t) = missing.first() {
            return Err(DbErr::Custom(format!("the backup has no table {t}: it is of another schema")));
        }
        let b = self.backend;
        fts::rebuild_after_load(&self.txn).await?;
        let serials: Vec<(String, String)> = self.tables.values().filter_map(|t| t.serial.clone().map(|s| (t.name.clone(), s))).collect();
        if b == DbBackend::Postgres {
            for (t, c) in &serials {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
                    q(b, c),
                    q(b, t)
                );
                self.txn.execute_raw(stmt(b, &sql, vec![q(b, t).into(), c.clone().into()])).await?;
            }
        }
        let conn_txn = self.txn;
        conn_txn.commit().await?;
        Ok(())
    }

    /// MySQL only, after [`Loader::finish`]: set each table's
    /// `AUTO_INCREMENT` past its largest id (DDL, so outside the load's
    /// transaction; InnoDB also moves it on explicit ids, this makes it certain).
    ///
    /// # Errors
    /// Database failures.
    pub async fn reset_mysql_counters(db: &Db) -> Result<(), DbErr> {
        let db = &db.write;
        if db.get_database_backend() != DbBackend::MySql {
            return Ok(());
        }
        let b = DbBackend::MySql;
        for t in tables(db).await? {
            let Some(c) = t.serial else { continue };
            let row = db.query_one_raw(stmt(b, &format!("SELECT COALESCE(MAX({}), 0) + 1 AS n FROM {}", q(b, &c), q(b, &t.name)), vec![])).await?;
            let next = row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(1);
            db.execute_unprepared(&format!("ALTER TABLE {} AUTO_INCREMENT = {next}", q(b, &t.name))).await?;
        }
        Ok(())
    }

    /// Give up: roll the transaction back.
    pub async fn abort(self) {
        let _ = self.txn.rollback().await;
    }
}

/// The start of [`Loader::begin`]'s error for a target that holds accounts.
pub const NOT_EMPTY: &str = "target not empty: the database already has accounts";
