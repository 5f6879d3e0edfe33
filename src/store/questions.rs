//! The question bank in the database: lists, searches and random draws
//! of questions, their tags, company links and private notes, admin writes,
//! and linking 面经 questions to the bank.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};

use crate::entity::enums::{ContentLang, Difficulty, QuestionKind, TargetType};
use crate::entity::{career, question, question_company, question_note, question_tag};
use crate::store::sql::Sql;
use crate::store::{fts, Db};

/// An interview question of a 面经, prepared for `crate::store::questions::link_experiences`
/// outside the write transaction (segmenting it is CPU work;
/// `crate::features::questions::prepare_questions` makes them).
#[derive(Clone, Debug)]
pub struct PreparedQuestion {
    /// The trimmed text.
    pub content: String,
    /// Its `crate::features::questions::content_key`.
    pub key: String,
    /// Its index text (`crate::features::questions::search_text` without tags).
    pub search_text: String,
    /// Its kind (`crate::features::questions::kind::classify`).
    pub kind: QuestionKind,
}

/// Rows per multi-row statement (far below every backend's bind limit).
const LINK_CHUNK: usize = 500;

/// Link the interview questions of saved 面经 to the bank (inside `txn`), in
/// a few statements for the whole slice: questions are found by their
/// [`content_key`] or added (career, language, source and licence of the
/// first 面经 that asked them), then linked to each 面经's company. With
/// `replace`, earlier links of these 面经 are removed first (edits).
///
/// # Errors
/// Database failures.
pub async fn link_experiences<C: ConnectionTrait>(
    txn: &C,
    items: &[(&crate::entity::experience::Model, &[PreparedQuestion])],
    replace: bool,
) -> std::result::Result<(), sea_orm::DbErr> {
    if replace {
        for chunk in items.chunks(LINK_CHUNK) {
            question_company::Entity::delete_many()
                .filter(question_company::Column::ExperienceId.is_in(chunk.iter().map(|(e, _)| e.id)))
                .exec(txn)
                .await?;
        }
    }
    let now = Utc::now();
    let mut candidates: Vec<question::ActiveModel> = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for (e, qs) in items {
        for q in qs.iter().filter(|q| keys.insert(q.key.clone())) {
            candidates.push(question::ActiveModel {
                content: Set(q.content.clone()),
                content_key: Set(q.key.clone()),
                answer: Set(None),
                career_id: Set(e.career_id),
                difficulty: Set(None),
                lang: Set(e.lang.clone()),
                source: Set(Some(e.source.clone().unwrap_or_else(|| "mianjing".into()))),
                source_path: Set(Some(e.source_path.clone().unwrap_or_else(|| format!("experiences/{}", e.id)))),
                license: Set(e.license.clone()),
                created_by: Set(None),
                favorites_count: Set(0),
                search_text: Set(q.search_text.clone()),
                kind: Set(q.kind.as_str().to_owned()),
                key_points: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    if candidates.is_empty() {
        return Ok(());
    }
    let keys: Vec<String> = keys.into_iter().collect();
    let mut ids = question_ids(txn, &keys).await?;
    let mut absent: Vec<question::ActiveModel> =
        candidates.into_iter().filter(|q| q.content_key.try_as_ref().is_some_and(|k| !ids.contains_key(k))).collect();
    // In key order: on PostgreSQL and MySQL several 面经 writers run at once
    // (`experiences::writer`), and two transactions inserting the same new
    // questions in different orders would each wait for the other's key.
    absent.sort_by(|a, b| a.content_key.try_as_ref().cmp(&b.content_key.try_as_ref()));
    let mut added: Vec<String> = Vec::new();
    for chunk in absent.chunks(LINK_CHUNK) {
        added.extend(chunk.iter().filter_map(|q| q.content_key.try_as_ref().cloned()));
        question::Entity::insert_many(chunk.to_vec())
            .on_conflict(OnConflict::column(question::Column::ContentKey).do_nothing_on([question::Column::ContentKey]).to_owned())
            .exec_without_returning(txn)
            .await?;
    }
    let added = question_ids(txn, &added).await?;
    let added_ids: Vec<i64> = added.values().copied().collect();
    ids.extend(added);
    // Single writer on SQLite: every key absent before this insert was added by it.
    crate::store::fts::index_new_rows(txn, "questions", &added_ids).await?;
    let links: Vec<question_company::ActiveModel> = items
        .iter()
        .flat_map(|(e, qs)| {
            let ids = &ids;
            qs.iter().filter_map(move |q| {
                ids.get(&q.key).map(|&question_id| question_company::ActiveModel {
                    question_id: Set(question_id),
                    experience_id: Set(e.id),
                    company: Set(e.company.clone()),
                    company_key: Set(e.company_key.clone()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                })
            })
        })
        .collect();
    for chunk in links.chunks(LINK_CHUNK) {
        question_company::Entity::insert_many(chunk.to_vec()).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// [`link_experiences`] for freshly inserted 面经 (no earlier links) on
/// SQLite, through rusqlite inside the caller's transaction `c` (the 面经
/// writer's, [`crate::store::sqlite::inline::InlineWriter`]): the same rows,
/// written by one cached statement per row instead of multi-row statements
/// built and parsed for every batch. New questions enter the full-text
/// index in one statement for the whole batch: FTS5 writes a segment per
/// statement ([`crate::store::fts::index_new_rows`]). `items`: each 面经's new id, its
/// row as inserted (`id` unset) and its questions.
///
/// # Errors
/// Database failures.
pub fn link_new_experiences_sqlite(c: &rusqlite::Connection, items: &[(i64, &crate::entity::experience::Model, &[PreparedQuestion])]) -> rusqlite::Result<()> {
    use rusqlite::{params, OptionalExtension};
    let now = crate::store::sqlite::inline::sql_time(&Utc::now());
    let mut find = c.prepare_cached("SELECT id FROM questions WHERE content_key = ?1")?;
    // Only this transaction writes: a key absent above stays absent until
    // this insert, so no ON CONFLICT is needed and last_insert_rowid is its id.
    let mut add = c.prepare_cached(
        "INSERT INTO questions (content, content_key, answer, career_id, difficulty, lang, source, source_path, license, \
         created_by, favorites_count, search_text, created_at, updated_at, kind) \
         VALUES (?1, ?2, NULL, ?3, NULL, ?4, ?5, ?6, ?7, NULL, 0, ?8, ?9, ?9, ?10)",
    )?;
    let mut link = c.prepare_cached(
        "INSERT INTO question_companies (question_id, experience_id, company, company_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?;
    let mut ids: HashMap<&str, i64> = HashMap::new();
    let mut added: Vec<i64> = Vec::new();
    for &(experience_id, e, qs) in items {
        for q in qs {
            let id = match ids.get(q.key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = match find.query_row([&q.key], |r| r.get::<_, i64>(0)).optional()? {
                        Some(id) => id,
                        None => {
                            let source = e.source.as_deref().unwrap_or("mianjing");
                            let source_path = e.source_path.clone().unwrap_or_else(|| format!("experiences/{experience_id}"));
                            add.execute(params![q.content, q.key, e.career_id, e.lang, source, source_path, e.license, q.search_text, now, q.kind.as_str()])?;
                            let id = c.last_insert_rowid();
                            added.push(id);
                            id
                        }
                    };
                    ids.insert(&q.key, id);
                    id
                }
            };
            link.execute(params![id, experience_id, e.company, e.company_key, now])?;
        }
    }
    if !added.is_empty() {
        let added = serde_json::to_string(&added).unwrap_or_else(|_| "[]".into());
        c.prepare_cached("INSERT INTO questions_fts(rowid, search_text) SELECT id, search_text FROM questions WHERE id IN (SELECT value FROM json_each(?1))")?
            .execute([added])?;
    }
    Ok(())
}

/// Ids of the bank questions with these [`content_key`]s (absent keys are
/// left out), in chunks of [`LINK_CHUNK`].
///
/// # Errors
/// Database failures.
pub async fn question_ids<C: ConnectionTrait>(db: &C, keys: &[String]) -> std::result::Result<HashMap<String, i64>, sea_orm::DbErr> {
    let mut ids = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(LINK_CHUNK) {
        let found = question::Entity::find()
            .select_only()
            .column(question::Column::Id)
            .column(question::Column::ContentKey)
            .filter(question::Column::ContentKey.is_in(chunk.iter().cloned()))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        ids.extend(found.into_iter().map(|(id, key)| (key, id)));
    }
    Ok(ids)
}


/// A question as lists show it: its row with the career's name.
#[derive(Clone, Debug, FromQueryResult)]
pub struct QuestionRow {
    /// `questions.id`.
    pub id: i64,
    /// The question (Markdown).
    pub content: String,
    /// Its career, if any.
    pub career_id: Option<i64>,
    /// That career's name.
    pub career_name: Option<String>,
    /// `easy` | `medium` | `hard` | null.
    pub difficulty: Option<String>,
    /// `zh` | `en`.
    pub lang: String,
    /// 1 when the question has a reference answer, else 0.
    pub has_answer: i32,
    /// Favorites of the question.
    pub favorites_count: i32,
    /// Where it comes from (`owner/repo`, `mianjing`).
    pub source: Option<String>,
    /// The file or 面经 it comes from.
    pub source_path: Option<String>,
    /// Its licence.
    pub license: Option<String>,
    /// A `QuestionKind` code.
    pub kind: String,
    /// Admin-set key points (a JSON list of strings), null when derived.
    pub key_points: Option<String>,
}

const COLUMNS: &str = "q.id, q.content, q.career_id, c.name AS career_name, q.difficulty, q.lang, \
    CASE WHEN q.answer IS NULL THEN 0 ELSE 1 END AS has_answer, q.favorites_count, q.source, q.source_path, q.license, q.kind, q.key_points";

/// The filters of a question list or draw; each one given narrows the
/// result (they combine with AND).
#[derive(Clone, Debug, Default)]
pub struct QuestionFilter {
    /// Questions of this career.
    pub career_id: Option<i64>,
    /// Questions of this difficulty.
    pub difficulty: Option<Difficulty>,
    /// Questions with this tag, ignoring case (blank: no filter).
    pub tag: Option<String>,
    /// Questions in this language.
    pub lang: Option<ContentLang>,
    /// Questions reported in live 面经 of this company, ignoring case (blank: no filter).
    pub company: Option<String>,
    /// Questions reported in live 面经 of this company entity, whatever their
    /// spelling (`crate::features::companies`); takes the place of `company`.
    pub company_id: Option<i64>,
    /// Questions with (true) or without (false) a reference answer.
    pub has_answer: Option<bool>,
    /// Questions of one of these kinds (empty: any kind).
    pub kinds: Vec<QuestionKind>,
}

/// `ranked`: the statement orders by `fts.rank`.
fn filters(sql: &mut Sql, f: &QuestionFilter, matcher: Option<&String>, fts: &fts::SearchSql, ranked: bool) {
    if let Some(m) = matcher {
        sql.push_bound(if ranked { &fts.join_ranked } else { &fts.join }, m.clone());
    }
    sql.push(" WHERE 1 = 1");
    if let Some(m) = matcher {
        sql.push(" AND ").push_bound(&fts.condition, m.clone());
    }
    if let Some(id) = f.career_id {
        sql.push(" AND q.career_id = ").bind(id);
    }
    if let Some(d) = f.difficulty {
        sql.push(" AND q.difficulty = ").bind(d.as_str());
    }
    if let Some(l) = f.lang {
        sql.push(" AND q.lang = ").bind(l.as_str());
    }
    if !f.kinds.is_empty() {
        sql.push(" AND q.kind IN ").bind_list(f.kinds.iter().map(|k| k.as_str()));
    }
    if let Some(h) = f.has_answer {
        sql.push(if h { " AND q.answer IS NOT NULL" } else { " AND q.answer IS NULL" });
    }
    if let Some(t) = f.tag.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        sql.push(" AND q.id IN (SELECT question_id FROM question_tags WHERE tag_key = ").bind(t.to_lowercase()).push(")");
    }
    if let Some(id) = f.company_id {
        // The trigger-maintained counts of migration 33: one index range.
        sql.push(" AND q.id IN (SELECT cq.question_id FROM company_question_stats cq WHERE cq.company_id = ").bind(id).push(" AND cq.n > 0)");
    } else if let Some(c) = f.company.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        sql.push(" AND q.id IN (SELECT qc.question_id FROM question_companies qc JOIN experiences e2 ON e2.id = qc.experience_id WHERE e2.deleted_at IS NULL AND qc.company_key = ")
            .bind(c.to_lowercase())
            .push(")");
    }
}

#[derive(FromQueryResult)]
struct Id {
    id: i64,
}

/// One page of the ids of questions matching `filter` and, with `search`,
/// every one of its tokens (`crate::features::search::query_terms`), with
/// the total over all pages (cached, [`Db::count_cached`]). Searches are
/// ordered by relevance, other lists by id. A search without a token finds
/// nothing.
///
/// # Errors
/// Database failures.
pub async fn page_ids(db: &Db, filter: &QuestionFilter, search: Option<&[String]>, page: u64, per_page: u64) -> Result<(Vec<i64>, u64), DbErr> {
    let backend = db.backend;
    let matcher = match search {
        Some(tokens) => match fts::match_arg(backend, tokens) {
            Some(m) => Some(m),
            None => return Ok((vec![], 0)),
        },
        None => None,
    };
    let fts = fts::sql(backend, "questions", "q");
    let mut count = Sql::new(backend);
    count.push("SELECT COUNT(*) AS n FROM questions q");
    filters(&mut count, filter, matcher.as_ref(), &fts, false);
    let f = filter;
    let key = format!(
        "q|{matcher:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        f.career_id,
        f.difficulty,
        f.tag,
        f.lang,
        f.company.as_deref().map(str::to_lowercase),
        f.company_id,
        f.has_answer,
        f.kinds
    );
    let total = db.count_cached(key, count).await?;
    let mut sql = Sql::new(backend);
    sql.push("SELECT q.id AS id");
    if let Some(m) = &matcher {
        sql.push(", ").push_bound(&fts.rank, m.clone()).push(" AS score");
    }
    sql.push(" FROM questions q");
    filters(&mut sql, filter, matcher.as_ref(), &fts, matcher.is_some());
    sql.push(if matcher.is_some() { " ORDER BY score DESC, q.id" } else { " ORDER BY q.id" });
    sql.push(" LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let ids = Id::find_by_statement(sql.build()).all(&db.read).await?.into_iter().map(|r| r.id).collect();
    Ok((ids, total))
}

/// The ids of the `limit` questions that best match every token of
/// `tokens` (`crate::features::search::query_terms`), best first; none
/// without a token.
///
/// # Errors
/// Database failures.
pub async fn best_matches(db: &Db, tokens: &[String], limit: u64) -> Result<Vec<i64>, DbErr> {
    let backend = db.backend;
    let Some(m) = fts::match_arg(backend, tokens) else { return Ok(vec![]) };
    let fts = fts::sql(backend, "questions", "q");
    let mut sql = Sql::new(backend);
    sql.push("SELECT q.id AS id FROM questions q").push_bound(&fts.join_ranked, m.clone()).push(" WHERE ");
    sql.push_bound(&fts.condition, m.clone());
    sql.push(" ORDER BY ").push_bound(&fts.rank, m).push(" DESC LIMIT ").bind(limit as i64);
    Ok(Id::find_by_statement(sql.build()).all(&db.read).await?.into_iter().map(|r| r.id).collect())
}

fn random_fn(backend: DbBackend) -> &'static str {
    if backend == DbBackend::MySql { "RAND()" } else { "RANDOM()" }
}

/// The ids of `count` distinct random questions matching `filter` (fewer
/// when fewer match).
///
/// # Errors
/// Database failures.
pub async fn random_ids(db: &Db, filter: &QuestionFilter, count: u64) -> Result<Vec<i64>, DbErr> {
    let backend = db.backend;
    let fts = fts::sql(backend, "questions", "q");
    let mut sql = Sql::new(backend);
    sql.push("SELECT q.id AS id FROM questions q");
    filters(&mut sql, filter, None, &fts, false);
    sql.push(" ORDER BY ").push(random_fn(backend)).push(" LIMIT ").bind(count as i64);
    Ok(Id::find_by_statement(sql.build()).all(&db.read).await?.into_iter().map(|r| r.id).collect())
}

/// Those of the questions `ids` that match `filter`, in the order of `ids`.
///
/// # Errors
/// Database failures.
pub async fn matching_ids(db: &Db, ids: &[i64], filter: &QuestionFilter) -> Result<Vec<i64>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let backend = db.backend;
    let fts = fts::sql(backend, "questions", "q");
    let mut found = std::collections::HashSet::new();
    for chunk in ids.chunks(LINK_CHUNK) {
        let mut sql = Sql::new(backend);
        sql.push("SELECT q.id AS id FROM questions q");
        filters(&mut sql, filter, None, &fts, false);
        sql.push(" AND q.id IN ").bind_list(chunk.iter().copied());
        found.extend(Id::find_by_statement(sql.build()).all(&db.read).await?.into_iter().map(|r| r.id));
    }
    Ok(ids.iter().copied().filter(|id| found.contains(id)).collect())
}

/// The rows of the questions `ids`, in the order of `ids` (absent ids left out).
///
/// # Errors
/// Database failures.
pub async fn rows_by_ids<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<QuestionRow>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT ").push(COLUMNS).push(" FROM questions q LEFT JOIN careers c ON c.id = q.career_id WHERE q.id IN ").bind_list(ids.iter().copied());
    let mut rows = QuestionRow::find_by_statement(sql.build()).all(db).await?;
    let pos: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|r| pos.get(&r.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// The tags of each of the questions `ids`, alphabetical.
///
/// # Errors
/// Database failures.
pub async fn tags_of<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>, DbErr> {
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(tags);
    }
    for t in question_tag::Entity::find().filter(question_tag::Column::QuestionId.is_in(ids.to_vec())).order_by_asc(question_tag::Column::Tag).all(db).await? {
        tags.entry(t.question_id).or_default().push(t.tag);
    }
    Ok(tags)
}

/// The companies whose live 面经 report each of the questions `ids`,
/// alphabetical and distinct.
///
/// # Errors
/// Database failures.
pub async fn companies_of<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>, DbErr> {
    let mut companies: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(companies);
    }
    #[derive(FromQueryResult)]
    struct Co {
        question_id: i64,
        company: String,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT DISTINCT qc.question_id, qc.company FROM question_companies qc JOIN experiences e ON e.id = qc.experience_id WHERE e.deleted_at IS NULL AND qc.question_id IN ")
        .bind_list(ids.iter().copied())
        .push(" ORDER BY qc.company");
    for c in Co::find_by_statement(sql.build()).all(db).await? {
        companies.entry(c.question_id).or_default().push(c.company);
    }
    Ok(companies)
}

/// The question `id`.
///
/// # Errors
/// Database failures.
pub async fn find<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<question::Model>, DbErr> {
    question::Entity::find_by_id(id).one(db).await
}

/// The questions `ids` (any order; absent ids left out).
///
/// # Errors
/// Database failures.
pub async fn find_many<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<question::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    question::Entity::find().filter(question::Column::Id.is_in(ids.to_vec())).all(db).await
}

/// The question whose `content_key` is `key`.
///
/// # Errors
/// Database failures.
pub async fn find_by_key<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<question::Model>, DbErr> {
    question::Entity::find().filter(question::Column::ContentKey.eq(key)).one(db).await
}

/// Whether the career `id` exists.
///
/// # Errors
/// Database failures.
pub async fn career_exists<C: ConnectionTrait>(db: &C, id: i64) -> Result<bool, DbErr> {
    Ok(career::Entity::find_by_id(id).one(db).await?.is_some())
}

/// The id of the career named exactly `name`.
///
/// # Errors
/// Database failures.
pub async fn career_id_by_name<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<i64>, DbErr> {
    Ok(career::Entity::find().filter(career::Column::Name.eq(name)).one(db).await?.map(|c| c.id))
}

/// The name of every career by id.
///
/// # Errors
/// Database failures.
pub async fn career_names<C: ConnectionTrait>(db: &C) -> Result<BTreeMap<i64, String>, DbErr> {
    Ok(career::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.name)).collect())
}

/// The note of `user_id` on the question `question_id`.
///
/// # Errors
/// Database failures.
pub async fn note_of<C: ConnectionTrait>(db: &C, user_id: i64, question_id: i64) -> Result<Option<String>, DbErr> {
    Ok(question_note::Entity::find()
        .filter(question_note::Column::UserId.eq(user_id))
        .filter(question_note::Column::QuestionId.eq(question_id))
        .one(db)
        .await?
        .map(|n| n.content))
}

/// Write (create or replace) the note of `user_id` on `question_id`, dated `now`.
///
/// # Errors
/// Database failures (a foreign-key failure when either is gone).
pub async fn put_note(db: &Db, user_id: i64, question_id: i64, content: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    question_note::Entity::insert(question_note::ActiveModel {
        user_id: Set(user_id),
        question_id: Set(question_id),
        content: Set(content.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([question_note::Column::UserId, question_note::Column::QuestionId])
            .update_columns([question_note::Column::Content, question_note::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(&db.write)
    .await?;
    Ok(())
}

/// Delete the note of `user_id` on `question_id`, if any.
///
/// # Errors
/// Database failures.
pub async fn delete_note(db: &Db, user_id: i64, question_id: i64) -> Result<(), DbErr> {
    question_note::Entity::delete_many()
        .filter(question_note::Column::UserId.eq(user_id))
        .filter(question_note::Column::QuestionId.eq(question_id))
        .exec(&db.write)
        .await?;
    Ok(())
}

/// Replace the tags of a question inside `txn` (`tags` already cleaned:
/// trimmed, non-empty, distinct ignoring case).
async fn set_tags<C: ConnectionTrait>(txn: &C, question_id: i64, tags: &[String], now: DateTime<Utc>) -> Result<(), DbErr> {
    question_tag::Entity::delete_many().filter(question_tag::Column::QuestionId.eq(question_id)).exec(txn).await?;
    let rows: Vec<question_tag::ActiveModel> = tags
        .iter()
        .map(|t| question_tag::ActiveModel { question_id: Set(question_id), tag_key: Set(t.to_lowercase()), tag: Set(t.clone()), created_at: Set(now), updated_at: Set(now) })
        .collect();
    if !rows.is_empty() {
        question_tag::Entity::insert_many(rows).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// A question an admin adds, with its identity and index text.
#[derive(Clone, Debug)]
pub struct NewQuestion {
    /// The trimmed text.
    pub content: String,
    /// Its `crate::features::questions::content_key`.
    pub content_key: String,
    /// Its `crate::features::questions::search_text` (text and tags).
    pub search_text: String,
    /// Reference answer.
    pub answer: Option<String>,
    /// Career.
    pub career_id: Option<i64>,
    /// Difficulty.
    pub difficulty: Option<Difficulty>,
    /// Language.
    pub lang: ContentLang,
    /// Where it comes from.
    pub source: Option<String>,
    /// Its licence.
    pub license: Option<String>,
    /// The admin who adds it.
    pub created_by: i64,
    /// Cleaned tags.
    pub tags: Vec<String>,
    /// Its kind.
    pub kind: QuestionKind,
    /// Admin-set key points (none: derived from the reference answer).
    pub key_points: Option<Vec<String>>,
}

/// Key points as stored: a JSON list.
fn key_points_json(points: &[String]) -> String {
    serde_json::to_string(points).unwrap_or_else(|_| "[]".into())
}

/// Key points stored as `stored` (a JSON list; none when null or unreadable).
pub fn parse_key_points(stored: Option<&str>) -> Option<Vec<String>> {
    stored.and_then(|s| serde_json::from_str(s).ok())
}

/// Add a question with its tags to the bank and its full-text index, in one
/// transaction. Returns its id.
///
/// # Errors
/// A unique violation when a question with the same `content_key` exists;
/// database failures.
pub async fn create(db: &Db, q: NewQuestion, now: DateTime<Utc>) -> Result<i64, DbErr> {
    let txn = db.write.begin().await?;
    let saved = question::ActiveModel {
        content_key: Set(q.content_key),
        search_text: Set(q.search_text),
        content: Set(q.content),
        answer: Set(q.answer),
        career_id: Set(q.career_id),
        difficulty: Set(q.difficulty.map(|d| d.as_str().to_owned())),
        lang: Set(q.lang.as_str().to_owned()),
        source: Set(q.source),
        source_path: Set(None),
        license: Set(q.license),
        created_by: Set(Some(q.created_by)),
        favorites_count: Set(0),
        kind: Set(q.kind.as_str().to_owned()),
        key_points: Set(q.key_points.as_deref().map(key_points_json)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    fts::index_new_rows(&txn, "questions", &[saved.id]).await?;
    set_tags(&txn, saved.id, &q.tags, now).await?;
    txn.commit().await?;
    db.forget_totals();
    Ok(saved.id)
}

/// The fields an admin changes on a question; `None` keeps a field.
#[derive(Clone, Debug, Default)]
pub struct QuestionPatch {
    /// New trimmed text.
    pub content: Option<String>,
    /// New reference answer; `Some(None)` clears it.
    pub answer: Option<Option<String>>,
    /// New career.
    pub career_id: Option<i64>,
    /// New difficulty.
    pub difficulty: Option<Difficulty>,
    /// New language.
    pub lang: Option<ContentLang>,
    /// New source.
    pub source: Option<String>,
    /// New licence.
    pub license: Option<String>,
    /// New cleaned tags (replace all).
    pub tags: Option<Vec<String>>,
    /// New kind.
    pub kind: Option<QuestionKind>,
    /// New key points; `Some(None)` clears them (derived again).
    pub key_points: Option<Option<Vec<String>>>,
}

/// The identity and index text of a question from its text and tags:
/// `(content_key, search_text)`.
pub type Indexer = fn(&str, &[String]) -> (String, String);

/// Apply `patch` to the question `id` in one transaction; its identity and
/// index text are recomputed by `index` from the resulting text and tags.
/// Returns `false` when there is no such question.
///
/// # Errors
/// A unique violation when the new text is another question's; database failures.
pub async fn update(db: &Db, id: i64, patch: QuestionPatch, index: Indexer, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let txn = db.write.begin().await?;
    let Some(current) = question::Entity::find_by_id(id).one(&txn).await? else { return Ok(false) };
    let tags = match patch.tags {
        Some(t) => {
            set_tags(&txn, id, &t, now).await?;
            t
        }
        None => question_tag::Entity::find().filter(question_tag::Column::QuestionId.eq(id)).all(&txn).await?.into_iter().map(|t| t.tag).collect(),
    };
    let content = patch.content.unwrap_or_else(|| current.content.clone());
    let (content_key, search_text) = index(&content, &tags);
    let mut am: question::ActiveModel = current.into();
    am.content_key = Set(content_key);
    am.search_text = Set(search_text);
    am.content = Set(content);
    if let Some(a) = patch.answer {
        am.answer = Set(a);
    }
    if patch.career_id.is_some() {
        am.career_id = Set(patch.career_id);
    }
    if let Some(d) = patch.difficulty {
        am.difficulty = Set(Some(d.as_str().to_owned()));
    }
    if let Some(l) = patch.lang {
        am.lang = Set(l.as_str().to_owned());
    }
    if patch.source.is_some() {
        am.source = Set(patch.source);
    }
    if patch.license.is_some() {
        am.license = Set(patch.license);
    }
    if let Some(k) = patch.kind {
        am.kind = Set(k.as_str().to_owned());
    }
    if let Some(points) = patch.key_points {
        am.key_points = Set(points.as_deref().map(key_points_json));
    }
    am.updated_at = Set(now);
    am.update(&txn).await?;
    txn.commit().await?;
    db.forget_totals();
    Ok(true)
}

/// Delete the question `id` with its favorites, tags, notes and company
/// links, in one transaction. Returns `false` when there is no such question.
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, id: i64) -> Result<bool, DbErr> {
    let txn = db.write.begin().await?;
    if question::Entity::find_by_id(id).one(&txn).await?.is_none() {
        return Ok(false);
    }
    let mut sql = Sql::new(db.backend);
    sql.push("DELETE FROM favorites WHERE target_type = ").bind(TargetType::Question.as_str()).push(" AND target_id = ").bind(id);
    txn.execute_raw(sql.build()).await?;
    question_tag::Entity::delete_many().filter(question_tag::Column::QuestionId.eq(id)).exec(&txn).await?;
    question_note::Entity::delete_many().filter(question_note::Column::QuestionId.eq(id)).exec(&txn).await?;
    question_company::Entity::delete_many().filter(question_company::Column::QuestionId.eq(id)).exec(&txn).await?;
    question::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    db.forget_totals();
    Ok(true)
}

/// Every question in id order with its career's name and its tags
/// (alphabetical): the whole bank, for the export.
///
/// # Errors
/// Database failures.
pub async fn all_with_tags(db: &Db) -> Result<Vec<(question::Model, Option<String>, Vec<String>)>, DbErr> {
    let careers = career_names(&db.read).await?;
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for t in question_tag::Entity::find().order_by_asc(question_tag::Column::Tag).all(&db.read).await? {
        tags.entry(t.question_id).or_default().push(t.tag);
    }
    Ok(question::Entity::find()
        .order_by_asc(question::Column::Id)
        .all(&db.read)
        .await?
        .into_iter()
        .map(|q| {
            let career = q.career_id.and_then(|c| careers.get(&c).cloned());
            let t = tags.remove(&q.id).unwrap_or_default();
            (q, career, t)
        })
        .collect())
}

/// Insert the imported questions `rows` (each with its tags) whose
/// `content_key` is not stored yet, in one transaction with their full-text
/// entries and tags; returns (inserted, skipped).
///
/// # Errors
/// Database failures (nothing of the batch is stored then).
pub async fn import_batch(db: &crate::store::Db, rows: Vec<(question::Model, Vec<String>)>) -> Result<(usize, usize), sea_orm::DbErr> {
    if rows.is_empty() {
        return Ok((0, 0));
    }
    let txn = db.write.begin().await?;
    let keys: Vec<String> = rows.iter().map(|r| r.0.content_key.clone()).collect();
    let existing: std::collections::HashSet<String> =
        question::Entity::find().filter(question::Column::ContentKey.is_in(keys)).all(&txn).await?.into_iter().map(|q| q.content_key).collect();
    let mut seen = std::collections::HashSet::new();
    let fresh: Vec<&(question::Model, Vec<String>)> = rows.iter().filter(|r| !existing.contains(&r.0.content_key) && seen.insert(r.0.content_key.clone())).collect();
    let inserted = fresh.len();
    if !fresh.is_empty() {
        let models: Vec<question::ActiveModel> = fresh
            .iter()
            .map(|r| {
                let mut am: question::ActiveModel = r.0.clone().into();
                am.id = sea_orm::ActiveValue::NotSet;
                am
            })
            .collect();
        question::Entity::insert_many(models).exec_without_returning(&txn).await?;
        let ids = question_ids(&txn, &seen.iter().cloned().collect::<Vec<_>>()).await?;
        crate::store::fts::index_new_rows(&txn, "questions", &ids.values().copied().collect::<Vec<_>>()).await?;
        let now = Utc::now();
        let mut tag_rows = Vec::new();
        for r in &fresh {
            let Some(id) = ids.get(&r.0.content_key) else { continue };
            let mut tseen = std::collections::HashSet::new();
            for t in &r.1 {
                if tseen.insert(t.to_lowercase()) {
                    tag_rows.push(question_tag::ActiveModel {
                        question_id: Set(*id),
                        tag: Set(t.clone()),
                        tag_key: Set(t.to_lowercase()),
                        created_at: Set(now),
                        updated_at: Set(now),
                    });
                }
            }
        }
        for chunk in tag_rows.chunks(500) {
            question_tag::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok((inserted, rows.len() - inserted))
}
