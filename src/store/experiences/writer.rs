//! Group commit of new 面经 ([`CreateQueue`]) and, on SQLite, the queue of
//! the full-text index that the same writer drains.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, TransactionTrait};

use crate::entity::experience;
use crate::error::{Error, Result};
use crate::store::fts;
use crate::store::questions::PreparedQuestion;

/// A 面经 waiting in the [`CreateQueue`].
struct PendingCreate {
    model: experience::Model,
    questions: Vec<PreparedQuestion>,
    reply: tokio::sync::oneshot::Sender<std::result::Result<i64, DbErr>>,
}

/// Work for the [`CreateQueue`]'s writer.
enum Job {
    /// Insert a 面经 (boxed: it is ~500 bytes, the other variant 8).
    Create(Box<PendingCreate>),
    /// Index every queued 面经, then answer (a search that must see them).
    IndexAll(IndexReply),
}

/// Most 面经 written in one transaction by the [`CreateQueue`].
pub const CREATE_BATCH: usize = 128;

/// Writers of a [`CreateQueue`] on PostgreSQL and MySQL, each with a
/// transaction (and a pooled connection) of its own while it writes. One
/// writer left the database idle between its statements and while its
/// commit waited for the WAL flush: 435 creates/s on PostgreSQL with the
/// machine two-thirds idle (BENCHMARKS.md, issue 20). Four keep both cores
/// of the benchmark machine busy and leave most of the default pool
/// (`db_max_connections` 16) to reads.
pub const POOLED_WRITERS: usize = 4;
/// How many times a batch is written again after the database rolled its
/// transaction back to break a deadlock ([`transient`]).
const TRANSIENT_RETRIES: usize = 3;

/// Queued 面经 that make the [`CreateQueue`]'s writer index them even while
/// new ones keep arriving (SQLite).
pub const INDEX_BATCH: usize = 256;

/// Most queued 面经 indexed in one transaction (SQLite): a larger batch
/// indexes cheaper per post but holds up the creates waiting behind it.
pub const INDEX_BATCH_MAX: usize = 512;

/// Group commit for new 面经: one writer owns the inserts, and every 面经
/// that arrives while a transaction runs goes into the next one (up to
/// [`CREATE_BATCH`]), with its interview questions linked to the bank by a
/// few multi-row statements for the whole batch. SQLite has one writer, so a
/// transaction per post would serialise 5–10 statements and a commit per
/// request on it. A batch that fails is retried one post per transaction,
/// so one bad post fails alone. A request is answered only after its
/// transaction committed. Segmentation (jieba) happens before queueing, off
/// the writer.
///
/// On SQLite the writer is a thread of its own (`mianjing-writer`) with a
/// single-threaded tokio runtime, so its statements never wait for a turn
/// behind the request handlers; with a SQLite file it writes through
/// rusqlite ([`crate::store::sqlite::inline::InlineWriter`], which takes
/// turns with sqlx's writer pool): cached statements run on this thread
/// instead of a round trip to sqlx's connection thread per statement.
/// Elsewhere (a pool of connections, no single writer) [`POOLED_WRITERS`]
/// tasks share the queue, each writing the batch that waited when it was
/// free, so batches overlap instead of queueing behind one commit.
/// The writer logs each batch at debug level
/// (`RUST_LOG=mianjing::store::experiences=debug`).
///
/// Also on SQLite, a new 面经 enters the full-text index later than its
/// row: its transaction queues it ([`fts::queue_new_experience`]) and the
/// writer indexes the queue between batches — as soon as [`INDEX_BATCH`]
/// posts wait, after `search_index_delay_ms` (default 20) without a new
/// post, at start (posts a crash left queued) and before a search
/// ([`CreateQueue::index_all`]), so a search always sees every post created
/// before it. FTS5 writes a segment per transaction and merges segments
/// later, so a few large index transactions cost less than one per create
/// batch. Measurements: BENCHMARKS.md.
pub struct CreateQueue {
    tx: tokio::sync::mpsc::Sender<Job>,
    /// Committed 面经 not yet in the full-text index (SQLite).
    queued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// The writer of a [`CreateQueue`].
struct CreateWriter {
    db: sea_orm::DatabaseConnection,
    /// SQLite with a file: writes through rusqlite, new posts queued for
    /// the full-text index. Otherwise through `db`, indexed at once.
    inline: Option<std::sync::Arc<crate::store::sqlite::inline::InlineWriter>>,
    /// How long to wait for a new 面经 before indexing fewer than [`INDEX_BATCH`].
    idle: std::time::Duration,
    queued: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl CreateWriter {
    /// Insert `batch` in one transaction; the new ids in batch order.
    async fn write(&self, batch: &[PendingCreate]) -> std::result::Result<Vec<i64>, DbErr> {
        let started = std::time::Instant::now();
        let ids = if let Some(inline) = &self.inline {
            let ids = inline.write(|c| insert_created_sqlite(c, batch)).await?;
            self.queued.fetch_add(ids.len(), std::sync::atomic::Ordering::SeqCst);
            ids
        } else {
            let mut retries = 0;
            loop {
                let written = async {
                    let txn = self.db.begin().await?;
                    let ids = insert_created(&txn, batch).await?;
                    txn.commit().await?;
                    Ok::<_, DbErr>(ids)
                }
                .await;
                match written {
                    Err(e) if retries < TRANSIENT_RETRIES && transient(&e) => {
                        retries += 1;
                        tracing::debug!(posts = batch.len(), retries, error = %e, "面经 batch rolled back by the database; written again");
                    }
                    other => break other?,
                }
            }
        };
        tracing::debug!(posts = ids.len(), us = started.elapsed().as_micros() as u64, "面经 batch committed");
        Ok(ids)
    }

    /// Index at most `max` queued 面经 in one transaction (only the
    /// SQLite file's inline writer queues them).
    async fn index(&self, max: usize) -> std::result::Result<usize, DbErr> {
        let Some(inline) = &self.inline else { return Ok(0) };
        let started = std::time::Instant::now();
        let n = inline.write(|c| fts::index_queued_experiences(c, max)).await?;
        tracing::debug!(posts = n, us = started.elapsed().as_micros() as u64, "queued 面经 indexed");
        // Saturating: the count started from the queue table, which another
        // process (`mianjing import` never queues) cannot grow behind our back.
        let _ = self.queued.fetch_update(std::sync::atomic::Ordering::SeqCst, std::sync::atomic::Ordering::SeqCst, |q| Some(q.saturating_sub(n)));
        Ok(n)
    }

    /// Index every queued 面经, [`INDEX_BATCH_MAX`] per transaction.
    async fn index_all(&self) -> std::result::Result<(), DbErr> {
        while self.index(INDEX_BATCH_MAX).await? > 0 {}
        self.queued.store(0, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    fn queued(&self) -> usize {
        self.queued.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Insert `batch` and answer each post.
    async fn create(&self, mut batch: Vec<PendingCreate>) {
        if batch.is_empty() {
            return;
        }
        // The company statistics triggers (migration 33) upsert one
        // aggregate row per company and outcome: batches that meet the same
        // rows in the same order wait for each other instead of deadlocking
        // (each deadlock costs PostgreSQL's `deadlock_timeout`, 1 s, first).
        fn key(p: &PendingCreate) -> (Option<i64>, Option<&str>, Option<&str>, Option<&str>) {
            (p.model.company_id, p.model.interview_result.as_deref(), p.model.interview_difficulty.as_deref(), p.model.position.as_deref())
        }
        batch.sort_by(|a, b| key(a).cmp(&key(b)));
        match self.write(&batch).await {
            Ok(ids) => {
                for (p, id) in batch.into_iter().zip(ids) {
                    let _ = p.reply.send(Ok(id));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(p) = batch.pop() {
                    let _ = p.reply.send(Err(e));
                }
            }
            Err(_) => {
                for p in batch {
                    let one = self.write(std::slice::from_ref(&p)).await.map(|ids| ids[0]);
                    let _ = p.reply.send(one);
                }
            }
        }
    }

    /// Serve `rx` together with the other writers of a pooled database
    /// (PostgreSQL, MySQL, [`POOLED_WRITERS`] of them) until every sender is
    /// gone: each takes the jobs waiting when it is free, so while one
    /// transaction runs (or waits for its commit's WAL flush) the next batch
    /// is already being written on another connection. There is nothing to
    /// index on these databases (the database maintains its full-text index).
    async fn serve_shared(self, rx: std::sync::Arc<tokio::sync::Mutex<tokio::sync::mpsc::Receiver<Job>>>) {
        loop {
            let (batch, waiting) = {
                let mut rx = rx.lock().await;
                let Some(first) = rx.recv().await else { break };
                take_batch(first, &mut rx)
            };
            self.create(batch).await;
            for reply in waiting {
                let _ = reply.send(Ok(()));
            }
        }
    }

    /// Serve `rx` until every sender is gone.
    async fn serve(self, mut rx: tokio::sync::mpsc::Receiver<Job>) {
        loop {
            let first = if self.queued() > 0 {
                match tokio::time::timeout(self.idle, rx.recv()).await {
                    Ok(job) => job,
                    Err(_) => {
                        if let Err(e) = self.index(INDEX_BATCH_MAX).await {
                            tracing::warn!(error = %e, "cannot index new 面经");
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                        continue;
                    }
                }
            } else {
                rx.recv().await
            };
            let Some(first) = first else { break };
            let (batch, waiting) = take_batch(first, &mut rx);
            self.create(batch).await;
            if !waiting.is_empty() {
                let done = self.index_all().await;
                for reply in waiting {
                    let _ = reply.send(done.clone());
                }
            } else if self.queued() >= INDEX_BATCH
                && let Err(e) = self.index(INDEX_BATCH_MAX).await
            {
                tracing::warn!(error = %e, "cannot index new 面经");
            }
        }
        if self.queued() > 0
            && let Err(e) = self.index_all().await
        {
            tracing::warn!(error = %e, "cannot index new 面经 before stopping");
        }
    }
}

/// A searcher waiting until the queue is indexed.
type IndexReply = tokio::sync::oneshot::Sender<std::result::Result<(), DbErr>>;

/// `first` and the jobs already waiting in `rx`, without waiting for more:
/// the posts of the next transaction (at most [`CREATE_BATCH`]) and the
/// searches that wait for the index. Jobs behind a full batch stay queued.
fn take_batch(first: Job, rx: &mut tokio::sync::mpsc::Receiver<Job>) -> (Vec<PendingCreate>, Vec<IndexReply>) {
    let (mut batch, mut waiting) = (Vec::new(), Vec::new());
    let mut next = Some(first);
    while let Some(job) = next.take() {
        match job {
            Job::Create(p) => batch.push(*p),
            Job::IndexAll(reply) => waiting.push(reply),
        }
        if batch.len() < CREATE_BATCH {
            next = rx.try_recv().ok();
        }
    }
    (batch, waiting)
}

impl CreateQueue {
    /// Start the writer (SQLite: a thread with a runtime of its own;
    /// others: a task on the current runtime); it stops when the queue is
    /// dropped.
    ///
    /// The 面经 a crash left queued for the full-text index are counted
    /// before this returns, so that the first search of the new process
    /// indexes them ([`CreateQueue::index_all`]): counted by the writer, a
    /// search that came first could find the count still 0 and miss them.
    ///
    /// `index_delay`: see `search_index_delay_ms` in the configuration.
    ///
    /// # Errors
    /// The database cannot count the queue.
    ///
    /// # Panics
    /// Outside a tokio runtime, or when the OS refuses a thread or a runtime.
    pub async fn start(db: &crate::store::Db, index_delay: std::time::Duration) -> std::result::Result<CreateQueue, DbErr> {
        let (tx, rx) = tokio::sync::mpsc::channel::<Job>(4 * CREATE_BATCH);
        let queued = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(fts::queued_experiences(&db.write).await?));
        let writer = CreateWriter { db: db.write.clone(), inline: db.inline_writer.clone(), idle: index_delay, queued: queued.clone() };
        if db.backend == DbBackend::Sqlite {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("cannot start the 面经 writer's runtime");
            std::thread::Builder::new()
                .name("mianjing-writer".into())
                .spawn(move || rt.block_on(writer.serve(rx)))
                .expect("cannot start the 面经 writer thread");
        } else {
            let rx = std::sync::Arc::new(tokio::sync::Mutex::new(rx));
            for _ in 0..POOLED_WRITERS {
                let w = CreateWriter { db: writer.db.clone(), inline: None, idle: index_delay, queued: queued.clone() };
                tokio::spawn(w.serve_shared(rx.clone()));
            }
        }
        Ok(CreateQueue { tx, queued })
    }

    /// Insert `model` (its `id` is ignored) with its prepared questions;
    /// returns the new id once committed.
    ///
    /// # Errors
    /// Database failures, or 503 when the writer is gone (shutdown).
    pub async fn create(&self, model: experience::Model, questions: Vec<PreparedQuestion>) -> Result<i64> {
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.tx.send(Job::Create(Box::new(PendingCreate { model, questions, reply }))).await.map_err(|_| stopped())?;
        Ok(rx.await.map_err(|_| stopped())??)
    }

    /// How many committed 面经 wait for the full-text index (SQLite file;
    /// 0 elsewhere).
    pub fn queued(&self) -> usize {
        self.queued.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Wait until every 面经 committed so far is in the full-text index
    /// (SQLite; returns at once when none waits, and always elsewhere).
    /// Called before a search runs, so that it sees every post created
    /// before it.
    ///
    /// # Errors
    /// Database failures of the indexing, or 503 when the writer is gone.
    pub async fn index_all(&self) -> Result<()> {
        if self.queued() == 0 {
            return Ok(());
        }
        let (reply, rx) = tokio::sync::oneshot::channel();
        self.tx.send(Job::IndexAll(reply)).await.map_err(|_| stopped())?;
        Ok(rx.await.map_err(|_| stopped())??)
    }
}

/// The error of a request that found the 面经 writer stopped.
fn stopped() -> Error {
    Error::Unavailable("the 面经 writer has stopped".into())
}

/// The insert of one 面经 through rusqlite: every column of the entity but
/// `id`, each bound by name, so a column added to the entity and not bound in
/// [`insert_created_sqlite`] fails the first insert (every test that writes a
/// 面经 on SQLite).
static INSERT_SQLITE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use sea_orm::{IdenStatic, Iterable};
    let columns: Vec<&str> = experience::Column::iter().map(|c| c.as_str()).filter(|c| *c != "id").collect();
    let names: Vec<String> = columns.iter().map(|c| format!(":{c}")).collect();
    format!("INSERT INTO experiences ({}) VALUES ({})", columns.join(", "), names.join(", "))
});

/// [`insert_created`] on a SQLite file, in a transaction of its own on
/// the writer's connection `c` ([`crate::store::sqlite::inline::InlineWriter`]), each
/// post queued for the full-text index ([`fts::queue_new_experience`]).
/// One cached statement per row: no SQL is built or parsed per batch, and
/// no statement waits for sqlx's connection thread.
fn insert_created_sqlite(c: &mut rusqlite::Connection, batch: &[PendingCreate]) -> rusqlite::Result<Vec<i64>> {
    use crate::store::sqlite::inline::sql_time;
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut ids = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(&INSERT_SQLITE)?;
        for p in batch {
            let m = &p.model;
            insert.execute(rusqlite::named_params! {
                ":author_id": m.author_id,
                ":title": m.title,
                ":company": m.company,
                ":company_key": m.company_key,
                ":company_id": m.company_id,
                ":position": m.position,
                ":career_id": m.career_id,
                ":interview_date": m.interview_date.map(|d| d.format("%F").to_string()),
                ":interview_result": m.interview_result,
                ":interview_difficulty": m.interview_difficulty,
                ":interview_evaluation": m.interview_evaluation,
                ":interview_questions": m.interview_questions,
                ":question_count": m.question_count,
                ":content": m.content,
                ":excerpt": m.excerpt,
                ":anonymous": m.anonymous,
                ":favorites_count": m.favorites_count,
                ":comments_count": m.comments_count,
                ":lang": m.lang,
                ":source": m.source,
                ":source_path": m.source_path,
                ":license": m.license,
                ":import_key": m.import_key,
                ":search_text": "", // the text is queued below, the index keeps it (migration 21)
                ":deleted_at": m.deleted_at.as_ref().map(sql_time),
                ":created_at": sql_time(&m.created_at),
                ":updated_at": sql_time(&m.updated_at),
            })?;
            let id = tx.last_insert_rowid();
            fts::queue_new_experience(&tx, id, &m.search_text)?;
            ids.push(id);
        }
    }
    let items: Vec<_> = ids.iter().zip(batch).filter(|(_, p)| !p.questions.is_empty()).map(|(&id, p)| (id, &p.model, p.questions.as_slice())).collect();
    crate::store::questions::link_new_experiences_sqlite(&tx, &items)?;
    tx.commit()?;
    Ok(ids)
}

/// The database rolled the transaction back to break a deadlock or a
/// serialisation conflict, so running it again is correct: SQLSTATE `40P01`
/// (PostgreSQL's deadlock) or `40001` (serialisation failure; MySQL reports
/// its deadlock, error 1213, with it too). Writers on a pooled database can
/// deadlock in the company statistics triggers (migration 33), which upsert
/// shared aggregate rows in the order of each batch's posts.
fn transient(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    if let DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) = e
        && let sea_orm::sqlx::Error::Database(d) = &**e
    {
        return matches!(d.code().as_deref(), Some("40P01" | "40001"));
    }
    false
}

/// Insert every post of `batch` and link their questions, inside the
/// caller's transaction `txn`; the new ids in batch order (PostgreSQL,
/// MySQL, SQLite in memory; a SQLite file: [`insert_created_sqlite`]).
async fn insert_created<C: ConnectionTrait>(txn: &C, batch: &[PendingCreate]) -> std::result::Result<Vec<i64>, DbErr> {
    let ids: Vec<i64> = if txn.support_returning() && batch.len() > 1 {
        // One multi-row INSERT … RETURNING id (PostgreSQL, SQLite in memory) instead of
        // a statement per post: 0.28 ms each on the loaded benchmark database.
        // RETURNING's row order is unspecified, but ids are assigned in VALUES
        // order (SQLite: max rowid + 1 per row; PostgreSQL: nextval per row), so
        // the ascending ids are the batch's posts in order.
        let mut ids = experience::Entity::insert_many(batch.iter().map(|p| super::new_row(&p.model, txn.get_database_backend()))).exec_with_returning_keys(txn).await?;
        if ids.len() != batch.len() {
            return Err(DbErr::RecordNotInserted);
        }
        ids.sort_unstable();
        ids
    } else {
        let mut ids = Vec::with_capacity(batch.len());
        for p in batch {
            ids.push(experience::Entity::insert(super::new_row(&p.model, txn.get_database_backend())).exec(txn).await?.last_insert_id);
        }
        ids
    };
    let saved: Vec<experience::Model> = batch.iter().zip(&ids).map(|(p, &id)| experience::Model { id, ..p.model.clone() }).collect();
    let texts: Vec<(i64, &str)> = saved.iter().map(|m| (m.id, m.search_text.as_str())).collect();
    fts::index_new_experiences(txn, &texts).await?;
    let items: Vec<_> = saved.iter().zip(batch).filter(|(_, p)| !p.questions.is_empty()).map(|(m, p)| (m, p.questions.as_slice())).collect();
    crate::store::questions::link_experiences(txn, &items, false).await?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(title: &str) -> (Job, tokio::sync::oneshot::Receiver<std::result::Result<i64, DbErr>>) {
        let (reply, rx) = tokio::sync::oneshot::channel();
        let now = chrono::Utc::now();
        let model = experience::Model {
            id: 0, author_id: 1, title: title.into(), company: "c".into(), company_key: "c".into(), company_id: None, position: None, career_id: None,
            interview_date: None, interview_result: None, interview_difficulty: None, interview_evaluation: None,
            interview_questions: "[]".into(), question_count: 0, content: "x".into(), excerpt: "x".into(), anonymous: false,
            favorites_count: 0, comments_count: 0, lang: "zh".into(), source: None, source_path: None, license: None,
            import_key: None, search_text: String::new(), deleted_at: None, created_at: now, updated_at: now,
        };
        (Job::Create(Box::new(PendingCreate { model, questions: vec![], reply })), rx)
    }

    #[tokio::test]
    async fn a_batch_takes_what_waits_up_to_its_size_and_every_waiting_search() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(1000);
        let mut replies = Vec::new();
        for i in 0..(CREATE_BATCH + 10) {
            let (job, reply) = post(&format!("p{i}"));
            replies.push(reply);
            tx.send(job).await.expect("queued");
            if i == 3 {
                let (search, _) = tokio::sync::oneshot::channel();
                tx.send(Job::IndexAll(search)).await.expect("queued");
            }
        }
        let first = rx.recv().await.expect("a job");
        let (batch, waiting) = take_batch(first, &mut rx);
        assert_eq!(batch.len(), CREATE_BATCH, "a full batch stops taking posts");
        assert_eq!(waiting.len(), 1, "a search in the middle rides along");
        let titles: Vec<&str> = batch.iter().map(|p| p.model.title.as_str()).collect();
        assert_eq!(titles[..3], ["p0", "p1", "p2"], "posts keep their order");
        // The rest waits for the next transaction; nothing more is waiting after it.
        let first = rx.recv().await.expect("a job");
        let (rest, waiting) = take_batch(first, &mut rx);
        assert_eq!((rest.len(), waiting.len()), (10, 0));
        assert_eq!(rest[0].model.title, format!("p{CREATE_BATCH}"));
        drop(replies);
    }
}
