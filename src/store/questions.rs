//! The question bank in the database: linking 面经 questions to the bank.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use crate::entity::{question, question_company};

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
    let absent: Vec<question::ActiveModel> =
        candidates.into_iter().filter(|q| q.content_key.try_as_ref().is_some_and(|k| !ids.contains_key(k))).collect();
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
         created_by, favorites_count, search_text, created_at, updated_at) \
         VALUES (?1, ?2, NULL, ?3, NULL, ?4, ?5, ?6, ?7, NULL, 0, ?8, ?9, ?9)",
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
                            add.execute(params![q.content, q.key, e.career_id, e.lang, source, source_path, e.license, q.search_text, now])?;
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

