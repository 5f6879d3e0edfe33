//! Batched point reads of 面经 on PostgreSQL ([`DetailBatcher`]).
//!
//! A detail read is one indexed row with three small joins: PostgreSQL
//! executes it in ~0.1 ms, but each statement also costs a round trip
//! (bind, execute, sync; a backend woken, a pooled connection acquired) that
//! on a 2-core machine costs more than the lookup. Under the benchmark's
//! `detail_read` (64 readers of random posts) PostgreSQL burned 135 % CPU for
//! 2,866 reads/s (BENCHMARKS.md, issue 20). The batcher turns the reads that
//! wait at the same moment into one statement: a reader that finds nobody
//! waiting is sent at once (no added delay when idle), and the reads that
//! arrive while [`READERS`] statements run go together into the next one.

use std::collections::HashMap;
use std::sync::Arc;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult, Statement};

use super::{DetailRow, Row, COLUMNS, JOINS};

/// Most posts read by one statement.
pub const BATCH: usize = 128;

/// Statements of batched reads in flight at once: while one waits for
/// PostgreSQL, the next batch forms and goes out on another connection.
pub const READERS: usize = 3;

/// What a waiting reader gets back.
type Reply = tokio::sync::oneshot::Sender<Result<Option<DetailRow>, DbErr>>;

/// The queue of waiting reads, shared by the [`READERS`].
type Queue = Arc<tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<(i64, Reply)>>>;

/// The reads of live 面经 by id, batched ([`module docs`](self)).
pub struct DetailBatcher {
    tx: tokio::sync::mpsc::UnboundedSender<(i64, Reply)>,
}

/// The statement: live posts among a comma-separated list of ids (one text
/// parameter, so one prepared statement and plan for any batch size).
fn batch_sql() -> String {
    format!(
        "SELECT {COLUMNS}, e.content, e.interview_questions FROM experiences e{JOINS} \
         WHERE e.id = ANY(string_to_array($1, ',')::bigint[]) AND e.deleted_at IS NULL"
    )
}

impl DetailBatcher {
    /// Start [`READERS`] tasks on the current runtime reading from `db`
    /// (PostgreSQL); they stop when the batcher is dropped.
    pub fn start(db: DatabaseConnection) -> DetailBatcher {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        let sql: Arc<str> = batch_sql().into();
        for _ in 0..READERS {
            tokio::spawn(serve(db.clone(), sql.clone(), rx.clone()));
        }
        DetailBatcher { tx }
    }

    /// Live 面经 `id` with its joined fields; `None` when it is missing or deleted.
    ///
    /// # Errors
    /// Database failures (shared by every read of the failed statement), or
    /// a custom error when the batcher has stopped (shutdown).
    pub async fn read(&self, id: i64) -> Result<Option<DetailRow>, DbErr> {
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.tx.send((id, reply)).map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }
}

fn stopped() -> DbErr {
    DbErr::Custom("the 面经 reader has stopped".into())
}

/// One reader: take what waits (up to [`BATCH`]), read it in one statement, answer.
async fn serve(db: DatabaseConnection, sql: Arc<str>, rx: Queue) {
    loop {
        let mut batch: Vec<(i64, Reply)> = Vec::new();
        {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else { return };
            batch.push(first);
            while batch.len() < BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
        }
        // Readers whose request went away meanwhile need no row.
        batch.retain(|(_, reply)| !reply.is_closed());
        if batch.is_empty() {
            continue;
        }
        let mut ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        match read(&db, &sql, list).await {
            Ok(rows) => {
                // Cloned: a post read twice in one batch goes to both readers.
                for (id, reply) in batch {
                    let _ = reply.send(Ok(rows.get(&id).cloned()));
                }
            }
            Err(e) => {
                for (_, reply) in batch {
                    let _ = reply.send(Err(e.clone()));
                }
            }
        }
    }
}

/// The live posts of `list` (comma-separated ids) by id.
async fn read(db: &DatabaseConnection, sql: &str, list: String) -> Result<HashMap<i64, DetailRow>, DbErr> {
    #[derive(FromQueryResult)]
    struct Extra {
        content: String,
        interview_questions: String,
    }
    let rows = db.query_all_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, [list.into()])).await?;
    let mut out = HashMap::with_capacity(rows.len());
    for res in rows {
        let row = Row::from_query_result(&res, "")?;
        let extra = Extra::from_query_result(&res, "")?;
        out.insert(row.id, DetailRow { row, content: extra.content, interview_questions: extra.interview_questions });
    }
    Ok(out)
}
