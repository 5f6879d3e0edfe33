//! 面经 in the database: list pages by filter (a deferred join: the page of
//! ids comes from an index first and the rows are joined afterwards), one
//! post with its author and career, edits and deletions in one transaction,
//! the import's batch insert, and new posts through the
//! group-commit writer ([`writer::CreateQueue`]). On a SQLite file, point
//! reads run on the calling thread (`crate::store::sqlite::inline`) and the
//! writer inserts through rusqlite; nothing above the store knows.
//!
//! Counters are maintained columns (`favorites_count`, `comments_count`) or
//! the narrow `view_counts` table, never a `COUNT(*)` per row.

pub mod details;
pub mod similar;
pub mod writer;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, Iterable, ModelTrait, QueryFilter, QuerySelect, TransactionTrait};

use crate::entity::enums::{Difficulty, ExperienceSort, InterviewResult, TargetType};
use crate::entity::{career, experience};
use crate::error::{Error, Result};
use crate::store::questions::PreparedQuestion;
use crate::store::sql::{like, Sql};
use crate::store::{fts, Db};

pub use writer::{CreateQueue, CREATE_BATCH, INDEX_BATCH, INDEX_BATCH_MAX, POOLED_WRITERS};

/// A 面经 as lists and details show it: the row joined with its author,
/// career and view count. Without `content` (see [`DetailRow`]).
#[derive(Clone, Debug, FromQueryResult)]
pub struct Row {
    pub id: i64,
    pub author_id: i64,
    pub title: String,
    pub company: String,
    /// The company `company` resolves to (`companies`).
    pub company_id: Option<i64>,
    pub position: Option<String>,
    pub career_id: Option<i64>,
    pub career_name: Option<String>,
    pub interview_date: Option<NaiveDate>,
    pub interview_result: Option<String>,
    pub interview_difficulty: Option<String>,
    pub interview_evaluation: Option<i16>,
    pub excerpt: String,
    pub question_count: i32,
    pub anonymous: bool,
    pub view_count: i64,
    pub favorites_count: i32,
    pub comments_count: i32,
    /// Users who count it helpful (`helpful_count`, [`crate::store::helpful`]).
    pub helpful_count: i32,
    pub source: Option<String>,
    pub source_path: Option<String>,
    pub license: Option<String>,
    pub lang: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub author_name: Option<String>,
    pub author_avatar: Option<String>,
    pub author_deleted_at: Option<DateTime<Utc>>,
}

/// The columns of [`Row`], by name. The view count is a subquery on the
/// primary key of `view_counts`, not a join: a join's cached plan (each
/// pooled connection prepares it once) chose a sequential scan of
/// `view_counts` while the table was small and kept it as the table grew —
/// PostgreSQL spent 159 % CPU on 2,720 detail reads/s (BENCHMARKS.md).
const COLUMNS: &str = "e.id, e.author_id, e.title, e.company, e.company_id, e.position, e.career_id, c.name AS career_name, \
    e.interview_date, e.interview_result, e.interview_difficulty, e.interview_evaluation, e.excerpt, e.question_count, \
    e.anonymous, COALESCE((SELECT v.view_count FROM view_counts v WHERE v.target_type = 'experience' AND v.target_id = e.id), 0) AS view_count, e.favorites_count, e.comments_count, e.helpful_count, e.source, e.source_path, e.license, e.lang, \
    e.created_at, e.updated_at, u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at";
/// The author and the career of `e`.
const JOINS: &str = " LEFT JOIN users u ON u.id = e.author_id LEFT JOIN careers c ON c.id = e.career_id";

/// A live 面经 with its content.
#[derive(Clone, Debug)]
pub struct DetailRow {
    pub row: Row,
    /// Markdown.
    pub content: String,
    /// JSON array of the questions asked.
    pub interview_questions: String,
}

/// One page of a list and the number of matching posts.
#[derive(Debug)]
pub struct ListPage {
    pub rows: Vec<Row>,
    pub total: u64,
}

/// A list query: filters, order and page. Equal filters give equal pages,
/// so it is also the key of cached pages.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct ListFilter {
    /// Encoded full-text tokens of the query's words, all required.
    pub terms: Option<Vec<String>>,
    /// Only posts of this company (`experiences.company_id`).
    pub company_id: Option<i64>,
    /// Part of the position.
    pub position: Option<String>,
    pub career_id: Option<i64>,
    pub result: Option<InterviewResult>,
    pub difficulty: Option<Difficulty>,
    /// Only this author's posts (anonymous ones included unless `public`).
    pub author: Option<i64>,
    /// Leave out anonymous posts (an author's public profile).
    pub public: bool,
    /// Only posts in this language (`zh` | `en`); `None` for all.
    pub lang: Option<String>,
    /// [`ExperienceSort::Relevance`] orders by match only with `terms`.
    pub sort: ExperienceSort,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

/// An author as a 面经 shows it: name, avatar, deletion time.
#[derive(Clone, Debug, Default)]
pub struct AuthorRow {
    pub name: Option<String>,
    pub avatar: Option<String>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `m` as the insert of a new row on `backend`: every field set except `id`,
/// which the database assigns; `search_text` as [`fts::experience_column_text`]
/// stores it (empty on SQLite, whose index gets the text from
/// [`fts::index_new_experiences`] or the writer's queue).
pub(crate) fn new_row(m: &experience::Model, backend: DbBackend) -> experience::ActiveModel {
    let mut row = m.clone();
    row.search_text = fts::experience_column_text(backend, row.search_text);
    let mut am: experience::ActiveModel = row.into();
    am.id = sea_orm::ActiveValue::NotSet;
    am
}

fn order_by(backend: DbBackend, sort: ExperienceSort, alias: &str) -> String {
    match sort {
        ExperienceSort::Popular => format!("{alias}.favorites_count DESC, {alias}.id DESC"),
        ExperienceSort::Helpful => format!("{alias}.helpful_count DESC, {alias}.id DESC"),
        ExperienceSort::TopRated if backend == DbBackend::Postgres => format!("{alias}.interview_evaluation DESC NULLS LAST, {alias}.id DESC"),
        ExperienceSort::TopRated => format!("{alias}.interview_evaluation DESC, {alias}.id DESC"),
        ExperienceSort::Latest | ExperienceSort::Relevance => format!("{alias}.id DESC"),
    }
}

/// The 面经 of the database: reads through the read pool (or inline on a
/// SQLite file), new posts through the group-commit writer.
pub struct ExperienceStore {
    db: Db,
    writer: CreateQueue,
    /// PostgreSQL: detail reads batched ([`details::DetailBatcher`]).
    details: Option<details::DetailBatcher>,
}

impl ExperienceStore {
    /// Start the 面经 writer on `db` ([`CreateQueue::start`]; `index_delay`:
    /// `search_index_delay_ms` of the configuration).
    ///
    /// # Errors
    /// The database cannot count the full-text queue.
    pub async fn start(db: &Db, index_delay: std::time::Duration) -> std::result::Result<ExperienceStore, DbErr> {
        let details = (db.backend == DbBackend::Postgres).then(|| details::DetailBatcher::start(db.read.clone()));
        Ok(ExperienceStore { db: db.clone(), writer: CreateQueue::start(db, index_delay).await?, details })
    }

    /// How many committed 面经 wait for the SQLite full-text index (0 elsewhere).
    pub fn queued(&self) -> usize {
        self.writer.queued()
    }

    /// Insert `model` (its `id` is ignored) with its prepared questions in the
    /// writer's next batch; the new id once committed.
    ///
    /// # Errors
    /// Database failures; 503 when the writer has stopped.
    pub async fn create(&self, model: experience::Model, questions: Vec<PreparedQuestion>) -> Result<i64> {
        self.writer.create(model, questions).await
    }

    /// One page of live 面经 matching `f`, with the total. A search first
    /// indexes every post that waits for the SQLite index, so it sees every
    /// post created before it.
    ///
    /// # Errors
    /// Database failures.
    pub async fn list(&self, f: &ListFilter) -> std::result::Result<ListPage, DbErr> {
        let backend = self.db.backend;
        let matcher = f.terms.as_deref().and_then(|t| fts::match_arg(backend, t));
        if matcher.is_some()
            && let Err(e) = self.writer.index_all().await
        {
            // The search still runs; it may miss the newest posts.
            tracing::warn!(error = %e, "cannot index new 面经 before a search");
        }
        let fts = fts::sql(backend, "experiences", "e");
        let where_ = |sql: &mut Sql, ranked: bool| {
            if let Some(m) = &matcher {
                sql.push_bound(if ranked { &fts.join_ranked } else { &fts.join }, m.clone());
            }
            sql.push(" WHERE e.deleted_at IS NULL");
            if let Some(m) = &matcher {
                sql.push(" AND ").push_bound(&fts.condition, m.clone());
            }
            if let Some(c) = f.company_id {
                sql.push(" AND e.company_id = ").bind(c);
            }
            if let Some(p) = &f.position {
                sql.push(" AND e.position LIKE ").bind(like(p)).push(" ESCAPE '!'");
            }
            if let Some(id) = f.career_id {
                sql.push(" AND e.career_id = ").bind(id);
            }
            if let Some(r) = f.result {
                sql.push(" AND e.interview_result = ").bind(r.as_str());
            }
            if let Some(d) = f.difficulty {
                sql.push(" AND e.interview_difficulty = ").bind(d.as_str());
            }
            if let Some(a) = f.author {
                sql.push(" AND e.author_id = ").bind(a);
            }
            if f.public {
                sql.push(" AND e.anonymous = ").bind(false);
            }
            if let Some(l) = &f.lang {
                sql.push(" AND e.lang = ").bind(l.clone());
            }
        };

        let mut count = Sql::new(backend);
        count.push("SELECT COUNT(*) AS n FROM experiences e");
        where_(&mut count, false);
        let total_key = format!(
            "exp|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{:?}",
            matcher, f.company_id, f.position, f.career_id, f.result, f.difficulty, f.author, f.public, f.lang
        );
        let total = self.db.count_cached(total_key, count).await?;

        let rank_sort = f.sort == ExperienceSort::Relevance && matcher.is_some();
        let order = if rank_sort { "p.score DESC, e.id DESC".to_owned() } else { order_by(backend, f.sort, "e") };
        let mut sql = Sql::new(backend);
        sql.push("SELECT ").push(COLUMNS).push(" FROM experiences e JOIN (SELECT e.id AS pid");
        if rank_sort {
            sql.push(", ").push_bound(&fts.rank, matcher.clone().unwrap_or_default()).push(" AS score");
        }
        sql.push(" FROM experiences e");
        where_(&mut sql, rank_sort);
        let inner_order = if rank_sort { "score DESC, e.id DESC".to_owned() } else { order_by(backend, f.sort, "e") };
        sql.push(" ORDER BY ").push(&inner_order).push(" LIMIT ").bind(f.per_page as i64).push(" OFFSET ").bind(((f.page - 1) * f.per_page) as i64);
        sql.push(") p ON p.pid = e.id").push(JOINS).push(" ORDER BY ").push(&order);
        let rows = Row::find_by_statement(sql.build()).all(&self.db.read).await?;
        Ok(ListPage { rows, total })
    }

    /// A live 面经 with its joined fields, in one query: on a SQLite file on
    /// the calling thread, on PostgreSQL together with the other reads
    /// waiting at the same time ([`details::DetailBatcher`]), elsewhere from
    /// the read pool. Reads after a commit see it (SQLite WAL readers see
    /// every committed transaction; a batched read starts after it is asked).
    ///
    /// # Errors
    /// Database failures.
    pub async fn detail(&self, id: i64) -> std::result::Result<Option<DetailRow>, DbErr> {
        if let Some(inline) = &self.db.inline {
            return inline.read(|c| detail_sqlite(c, id)).map_err(crate::store::sqlite::inline::db_err);
        }
        if let Some(batcher) = &self.details {
            return batcher.read(id).await;
        }
        #[derive(FromQueryResult)]
        struct Extra {
            content: String,
            interview_questions: String,
        }
        let mut sql = Sql::new(self.db.backend);
        sql.push("SELECT ").push(COLUMNS).push(", e.content, e.interview_questions FROM experiences e").push(JOINS);
        sql.push(" WHERE e.id = ").bind(id).push(" AND e.deleted_at IS NULL");
        let Some(res) = self.db.read.query_one_raw(sql.build()).await? else { return Ok(None) };
        let row = Row::from_query_result(&res, "")?;
        let extra = Extra::from_query_result(&res, "")?;
        Ok(Some(DetailRow { row, content: extra.content, interview_questions: extra.interview_questions }))
    }

    /// Name, avatar and deletion time of user `id` (all `None` when absent).
    ///
    /// # Errors
    /// Database failures.
    pub async fn author(&self, id: i64) -> std::result::Result<AuthorRow, DbErr> {
        if let Some(inline) = &self.db.inline {
            use rusqlite::OptionalExtension;
            use crate::store::sqlite::inline::{db_err, parse_time, parsed_text};
            let found = inline
                .read(|c| {
                    c.prepare_cached("SELECT name, avatar, deleted_at FROM users WHERE id = ?1")?
                        .query_row([id], |r| Ok(AuthorRow { name: r.get("name")?, avatar: r.get("avatar")?, deleted_at: parsed_text(r, "deleted_at", parse_time)? }))
                        .optional()
                })
                .map_err(db_err)?;
            return Ok(found.unwrap_or_default());
        }
        let found = crate::entity::user::Entity::find_by_id(id).one(&self.db.read).await?;
        Ok(found.map_or_else(AuthorRow::default, |u| AuthorRow { name: Some(u.name), avatar: u.avatar, deleted_at: u.deleted_at }))
    }

    /// The name of career `id`, `None` when there is no such career.
    ///
    /// # Errors
    /// Database failures.
    pub async fn career_name(&self, id: i64) -> std::result::Result<Option<String>, DbErr> {
        Ok(career::Entity::find_by_id(id).one(&self.db.read).await?.map(|c| c.name))
    }

    /// The author of live 面经 `id`, `None` when it is missing or deleted.
    ///
    /// # Errors
    /// Database failures.
    pub async fn author_of(&self, id: i64) -> std::result::Result<Option<i64>, DbErr> {
        let found = experience::Entity::find_by_id(id).one(&self.db.write).await?;
        Ok(found.filter(|e| e.deleted_at.is_none()).map(|e| e.author_id))
    }

    /// Edit live 面经 `id` in one transaction: `edit` gets the stored row and
    /// returns it changed, with its index text in `search_text` and its
    /// questions prepared for the bank (or refuses, which changes nothing);
    /// the full-text index and the links to the bank follow.
    ///
    /// # Errors
    /// 404 `not_found` for a missing or deleted post, `edit`'s error, database failures.
    pub async fn update<F>(&self, id: i64, edit: F) -> Result<()>
    where
        F: FnOnce(experience::Model) -> Result<(experience::Model, Vec<PreparedQuestion>)>,
    {
        let txn = self.db.write.begin().await?;
        let current = experience::Entity::find_by_id(id).one(&txn).await?.filter(|e| e.deleted_at.is_none()).ok_or(Error::NotFound)?;
        let (changed, prepared) = edit(current.clone())?;
        fts::reindex_experience(&txn, id, &changed.search_text).await?;
        let mut row = changed;
        row.id = id;
        row.search_text = fts::experience_column_text(self.db.backend, row.search_text);
        // Every column the edit changed is written, and only those: a column
        // added to the entity needs nothing here, and counters that other
        // transactions increment meanwhile (favorites, comments) are not
        // written back with the values read above.
        let mut am: experience::ActiveModel = current.clone().into();
        for column in experience::Column::iter() {
            let value = row.get(column);
            if value != current.get(column) {
                am.set(column, value);
            }
        }
        let saved = am.update(&txn).await?;
        crate::store::questions::link_experiences(&txn, &[(&saved, &prepared)], true).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Mark live 面经 `id` deleted at `at`: it leaves every list; comments and
    /// favorites stay.
    ///
    /// # Errors
    /// Database failures.
    pub async fn soft_delete(&self, id: i64, at: DateTime<Utc>) -> std::result::Result<(), DbErr> {
        let mut sql = Sql::new(self.db.backend);
        sql.push("UPDATE experiences SET deleted_at = ").bind(at).push(" WHERE id = ").bind(id).push(" AND deleted_at IS NULL");
        self.db.write.execute_raw(sql.build()).await?;
        Ok(())
    }

    /// Insert the imported 面经 `rows` whose `import_key` is not stored yet, in
    /// one transaction with their full-text entries and question links;
    /// returns (inserted, skipped).
    ///
    /// # Errors
    /// Database failures (nothing of the batch is stored then).
    pub async fn import_batch(&self, rows: Vec<(experience::Model, Vec<PreparedQuestion>)>) -> std::result::Result<(usize, usize), DbErr> {
        let keys: Vec<String> = rows.iter().filter_map(|(r, _)| r.import_key.clone()).collect();
        let txn = self.db.write.begin().await?;
        let existing: HashSet<String> = experience::Entity::find()
            .select_only()
            .column(experience::Column::ImportKey)
            .filter(experience::Column::ImportKey.is_in(keys))
            .into_tuple::<Option<String>>()
            .all(&txn)
            .await?
            .into_iter()
            .flatten()
            .collect();
        let mut seen = HashSet::new();
        let total = rows.len();
        let mut fresh: Vec<(experience::Model, Vec<PreparedQuestion>)> =
            rows.into_iter().filter(|(r, _)| r.import_key.as_ref().is_some_and(|k| !existing.contains(k) && seen.insert(k.clone()))).collect();
        let inserted = fresh.len();
        if !fresh.is_empty() {
            experience::Entity::insert_many(fresh.iter().map(|(r, _)| new_row(r, self.db.backend))).exec_without_returning(&txn).await?;
            // Their ids, then their interview questions linked to the bank.
            let ids: HashMap<String, i64> = experience::Entity::find()
                .select_only()
                .column(experience::Column::ImportKey)
                .column(experience::Column::Id)
                .filter(experience::Column::ImportKey.is_in(seen))
                .into_tuple::<(Option<String>, i64)>()
                .all(&txn)
                .await?
                .into_iter()
                .filter_map(|(k, id)| Some((k?, id)))
                .collect();
            for (m, _) in &mut fresh {
                m.id = m.import_key.as_ref().and_then(|k| ids.get(k)).copied().unwrap_or_default();
            }
            let texts: Vec<(i64, &str)> = fresh.iter().filter(|(m, _)| m.id > 0).map(|(m, _)| (m.id, m.search_text.as_str())).collect();
            fts::index_new_experiences(&txn, &texts).await?;
            let items: Vec<_> = fresh.iter().filter(|(m, qs)| m.id > 0 && !qs.is_empty()).map(|(m, qs)| (m, qs.as_slice())).collect();
            crate::store::questions::link_experiences(&txn, &items, false).await?;
        }
        txn.commit().await?;
        Ok((inserted, total - inserted))
    }

    /// The ids among `ids` that `user_id` has favorited.
    ///
    /// # Errors
    /// Database failures.
    pub async fn favorited(&self, user_id: Option<i64>, ids: &[i64]) -> Result<HashSet<i64>> {
        crate::store::favorites::favorited(&self.db, user_id, TargetType::Experience, ids).await
    }
}

/// [`ExperienceStore::detail`] through rusqlite: the same statement, columns
/// by name, values decoded as sqlx stores them (times as RFC 3339 text,
/// dates as `YYYY-MM-DD`, booleans as 0/1).
fn detail_sqlite(c: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<DetailRow>> {
    use rusqlite::OptionalExtension;
    use crate::store::sqlite::inline::{parse_time, parsed_text};
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("SELECT {COLUMNS}, e.content, e.interview_questions FROM experiences e{JOINS} WHERE e.id = ?1 AND e.deleted_at IS NULL")
    });
    let mut stmt = c.prepare_cached(&SQL)?;
    stmt.query_row([id], |r| {
        let time = |name: &str| parsed_text(r, name, parse_time);
        let required = |name: &str| time(name)?.ok_or_else(|| rusqlite::Error::InvalidColumnType(0, name.to_owned(), rusqlite::types::Type::Null));
        let row = Row {
            id: r.get("id")?,
            author_id: r.get("author_id")?,
            title: r.get("title")?,
            company: r.get("company")?,
            company_id: r.get("company_id")?,
            position: r.get("position")?,
            career_id: r.get("career_id")?,
            career_name: r.get("career_name")?,
            interview_date: parsed_text(r, "interview_date", |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())?,
            interview_result: r.get("interview_result")?,
            interview_difficulty: r.get("interview_difficulty")?,
            interview_evaluation: r.get("interview_evaluation")?,
            excerpt: r.get("excerpt")?,
            question_count: r.get("question_count")?,
            anonymous: r.get("anonymous")?,
            view_count: r.get("view_count")?,
            favorites_count: r.get("favorites_count")?,
            comments_count: r.get("comments_count")?,
            helpful_count: r.get("helpful_count")?,
            source: r.get("source")?,
            source_path: r.get("source_path")?,
            license: r.get("license")?,
            lang: r.get("lang")?,
            created_at: required("created_at")?,
            updated_at: required("updated_at")?,
            author_name: r.get("author_name")?,
            author_avatar: r.get("author_avatar")?,
            author_deleted_at: time("author_deleted_at")?,
        };
        Ok(DetailRow { row, content: r.get("content")?, interview_questions: r.get("interview_questions")? })
    })
    .optional()
}
