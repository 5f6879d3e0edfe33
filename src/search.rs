//! Full-text search with each database's own engine (SPEC §1).
//!
//! Text is segmented in the application with jieba (Chinese) — search mode
//! for documents, so a document with 二叉树 also carries 二叉 — and by words
//! for English. Each token is lower-cased and stored hex-encoded with an `x`
//! prefix (`缓存` → `xe7bc93e5ad98`) in a `search_text` column. The encoding
//! gives every backend the same exact-token semantics: MySQL's default
//! `innodb_ft_min_token_size = 3` would otherwise drop two-character words
//! such as 缓存, its stop-word list would drop English words, and SQLite's
//! `unicode61` tokenizer would split tokens like `node.js`. Indexes:
//! SQLite FTS5 (external content kept in sync by triggers for discussions
//! and questions; for 面经 a contentless index written by the application,
//! whose `search_text` column stays empty on SQLite), PostgreSQL a
//! generated `tsvector` with GIN, MySQL a `FULLTEXT` index. Ranking is each
//! engine's own (bm25, `ts_rank`, MySQL relevance).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use sea_orm::DbBackend;

/// The process-wide jieba instance (loading the dictionary takes ~0.25 s).
pub static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Longest token kept, in bytes (MySQL's FULLTEXT limit is 84 characters;
/// a hex-encoded token is 1 + 2 × bytes).
const MAX_TOKEN_BYTES: usize = 40;

/// `token` as stored: trimmed, lower-cased, cut to [`MAX_TOKEN_BYTES`] on a
/// character boundary; `None` without a letter or digit. Borrowed when
/// nothing changes (Chinese words and lower-case words: almost all).
fn keep(token: &str) -> Option<Cow<'_, str>> {
    let t = token.trim();
    let t: Cow<'_, str> = if t.chars().any(lowercase_differs) { Cow::Owned(t.to_lowercase()) } else { Cow::Borrowed(t) };
    if t.is_empty() || !t.chars().any(word_char) {
        return None;
    }
    let mut end = t.len().min(MAX_TOKEN_BYTES);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    Some(match t {
        Cow::Borrowed(b) => Cow::Borrowed(&b[..end]),
        Cow::Owned(mut o) => {
            o.truncate(end);
            Cow::Owned(o)
        }
    })
}

/// `char::is_alphanumeric`, with ASCII and CJK unified ideographs
/// (U+4E00–U+9FFF, all letters) answered without its table search, which
/// `perf` of the `create_experience` benchmark found in 1.5 % of the
/// server's samples.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// Whether `c` changes when lower-cased (upper- and title-case letters);
/// CJK characters (U+2E80–U+9FFF, no case) answer without a table lookup.
fn lowercase_differs(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    if ('\u{2e80}'..='\u{9fff}').contains(&c) {
        return false;
    }
    let mut lower = c.to_lowercase();
    lower.next() != Some(c) || lower.next().is_some()
}

/// Append `x` and the hex digits of `token` to `out`.
fn encode_into(out: &mut String, token: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('x');
    for b in token.bytes() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
}

fn encode(token: &str) -> String {
    let mut out = String::with_capacity(1 + 2 * token.len());
    encode_into(&mut out, token);
    out
}

/// Tokens of a document: jieba search-mode segmentation (words and their
/// sub-words), lower-cased, de-duplicated.
pub fn document_tokens(text: &str) -> BTreeSet<String> {
    document_words(text).into_iter().map(Cow::into_owned).collect()
}

/// [`document_tokens`] unsorted, with repeats, borrowing from `text`:
/// what [`index_words`] takes.
pub fn document_words(text: &str) -> Vec<Cow<'_, str>> {
    JIEBA.cut_for_search(text, true).into_iter().filter_map(|t| keep(t.word)).collect()
}

/// Tokens of a query: jieba's normal segmentation, lower-cased.
pub fn query_tokens(q: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    JIEBA
        .cut(q, true)
        .into_iter()
        .filter_map(|t| keep(t.word).map(Cow::into_owned))
        .filter(|t| seen.insert(t.clone()))
        .take(16)
        .collect()
}

/// The `search_text` value stored for a document made of `parts`: the
/// distinct tokens of all parts in byte order, each encoded, separated by
/// spaces. One sort of borrowed words instead of a set of owned strings:
/// it runs for every new 面经, and `perf` of the `create_experience`
/// benchmark found it in 34 % of the server's samples with jieba's own
/// segmentation in only 10 %, the rest allocating, comparing and encoding
/// tokens; with this version 25 %, jieba 12 %.
pub fn index_text(parts: &[&str]) -> String {
    index_words(parts.iter().flat_map(|p| document_words(p)).collect())
}

/// [`index_text`] of a document whose parts' [`document_words`] are
/// `words` (in any order, with repeats): for a caller that segments a part
/// once for two documents (a 面经 and the questions it adds to the bank).
pub fn index_words(mut words: Vec<Cow<'_, str>>) -> String {
    words.sort_unstable();
    words.dedup();
    let mut out = String::with_capacity(words.iter().map(|w| 2 + 2 * w.len()).sum());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        encode_into(&mut out, w);
    }
    out
}

/// The engine-specific match argument for `q`, or `None` when `q` has no
/// searchable token (only punctuation, say): every token must match.
pub fn match_query(backend: DbBackend, q: &str) -> Option<String> {
    let tokens: Vec<String> = query_tokens(q).iter().map(|t| encode(t)).collect();
    if tokens.is_empty() {
        return None;
    }
    Some(match backend {
        // FTS5: space-separated terms are ANDed; hex tokens need no quoting.
        DbBackend::Sqlite => tokens.join(" "),
        // to_tsquery syntax.
        DbBackend::Postgres => tokens.join(" & "),
        // Boolean mode: + means required.
        _ => tokens.iter().map(|t| format!("+{t}")).collect::<Vec<_>>().join(" "),
    })
}

/// SQL fragments for a search on `table` aliased `alias`, each with at most
/// one placeholder `{}` for the match argument (bind it with
/// `Sql::push_bound`): push the join right after `FROM table alias`, then
/// the condition in the `WHERE`; order by `rank` (larger is better) only
/// after `join_ranked`.
///
/// On SQLite the full-text match is a subquery joined by rowid. It carries
/// `LIMIT -1` so that SQLite does not flatten it into the outer query: with
/// the FTS5 table joined directly, an indexed filter (company, career,
/// result, `deleted_at`) let SQLite's planner — which has no statistics
/// without `ANALYZE` — drive the query from that index and evaluate `MATCH`
/// once per row: 缓存 within 字节跳动 took 15.7 s on the 100,000-post
/// benchmark database, against 0.2–0.6 s with the subquery (measured).
pub struct SearchSql {
    /// Join that restricts rows to the matches, without relevance.
    pub join: String,
    /// Join that also provides `rank`.
    pub join_ranked: String,
    /// Condition for the `WHERE` clause.
    pub condition: String,
    /// Relevance expression (after `join_ranked`).
    pub rank: String,
}

/// Fragments for searching `table` aliased `alias`.
pub fn sql(backend: DbBackend, table: &str, alias: &str) -> SearchSql {
    match backend {
        DbBackend::Sqlite => SearchSql {
            join: format!(" JOIN (SELECT rowid AS fts_id FROM {table}_fts WHERE {table}_fts MATCH {{}} LIMIT -1) fts ON fts.fts_id = {alias}.id"),
            join_ranked: format!(
                " JOIN (SELECT rowid AS fts_id, -bm25({table}_fts) AS fts_rank FROM {table}_fts WHERE {table}_fts MATCH {{}} LIMIT -1) fts ON fts.fts_id = {alias}.id"
            ),
            condition: "1 = 1".into(),
            rank: "fts.fts_rank".into(),
        },
        DbBackend::Postgres => SearchSql {
            join: String::new(),
            join_ranked: String::new(),
            condition: format!("{alias}.search_vector @@ to_tsquery('simple', {{}})"),
            rank: format!("ts_rank({alias}.search_vector, to_tsquery('simple', {{}}))"),
        },
        _ => SearchSql {
            join: String::new(),
            join_ranked: String::new(),
            condition: format!("MATCH({alias}.search_text) AGAINST ({{}} IN BOOLEAN MODE)"),
            rank: format!("MATCH({alias}.search_text) AGAINST ({{}} IN BOOLEAN MODE)"),
        },
    }
}

/// Tables whose SQLite FTS5 rows are written by the application (see
/// [`index_new_rows`]) instead of an insert trigger. 面经 have an index of
/// their own kind ([`index_new_experiences`]).
pub const APP_INDEXED: [&str; 1] = ["questions"];

/// Add freshly inserted rows `ids` of `table` (one of [`APP_INDEXED`]) to
/// its full-text index, inside the inserting transaction. Needed on SQLite
/// only (PostgreSQL's `tsvector` is a generated column, MySQL maintains its
/// `FULLTEXT` index). An FTS5 insert made by a trigger runs inside the
/// statement's savepoint, and FTS5 writes its pending terms out as a new
/// segment at every savepoint: 1,000 µs per 面经 against 200 µs when one
/// statement indexes a whole batch (measured on the 100,000-post benchmark
/// database). Migration `m20261121_000017` dropped those triggers; update
/// and delete triggers stay (edits are rare).
///
/// # Errors
/// Database failures.
pub async fn index_new_rows<C: sea_orm::ConnectionTrait>(db: &C, table: &str, ids: &[i64]) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite || ids.is_empty() {
        return Ok(());
    }
    debug_assert!(APP_INDEXED.contains(&table));
    for chunk in ids.chunks(500) {
        let mut sql = crate::db::sql::Sql::new(DbBackend::Sqlite);
        sql.push(&format!("INSERT INTO {table}_fts(rowid, search_text) SELECT id, search_text FROM {table} WHERE id IN "));
        sql.bind_list(chunk.iter().copied());
        db.execute_raw(sql.build()).await?;
    }
    Ok(())
}

/// Add freshly inserted 面经 `posts` (id, index text as [`index_text`]
/// makes it) to SQLite's contentless index, inside the inserting
/// transaction; a multi-row statement per 400 posts. Needed on SQLite
/// only: `experiences.search_text` stays empty there
/// ([`crate::entity::experience::Model::new_row`]) and
/// `experiences_fts` keeps no copy of its text (migration
/// `m20261206_000021`); PostgreSQL and MySQL index the column themselves.
/// A SQLite file's 面经 writer queues new posts instead
/// ([`queue_new_experience`]).
///
/// # Errors
/// Database failures.
pub async fn index_new_experiences<C: sea_orm::ConnectionTrait>(db: &C, posts: &[(i64, &str)]) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for chunk in posts.chunks(400) {
        let mut sql = crate::db::sql::Sql::new(DbBackend::Sqlite);
        sql.push("INSERT INTO experiences_fts(rowid, search_text) VALUES ");
        for (i, &(id, text)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" }).bind(id).push(", ").bind(text.to_owned()).push(")");
        }
        db.execute_raw(sql.build()).await?;
    }
    Ok(())
}

/// What `experiences.search_text` stores for the index text `text` on
/// `backend`: nothing on SQLite, whose contentless index (and, until it is
/// drained, the queue) keeps the text (migration `m20261206_000021`); the
/// text elsewhere, where the database indexes the column.
pub fn experience_column_text(backend: DbBackend, text: String) -> String {
    if backend == DbBackend::Sqlite { String::new() } else { text }
}

/// Give 面经 `id` the index text `search_text` (an edit), inside the
/// caller's transaction: on SQLite its entry in the contentless index is
/// replaced (and a queued post leaves the queue, indexed now); elsewhere
/// nothing, since the `search_text` column the caller updates is indexed
/// by the database.
///
/// # Errors
/// Database failures.
pub async fn reindex_experience<C: sea_orm::ConnectionTrait>(db: &C, id: i64, search_text: &str) -> Result<(), sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for sql in ["DELETE FROM experiences_fts WHERE rowid = ?", "DELETE FROM experiences_fts_pending WHERE id = ?"] {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(DbBackend::Sqlite, sql, [id.into()])).await?;
    }
    index_new_experiences(db, &[(id, search_text)]).await
}

/// Queue the freshly inserted 面经 `id` with its index text `search_text`
/// for the full-text index, inside the inserting transaction on SQLite
/// (through rusqlite, see [`crate::db::inline::InlineWriter`]):
/// [`index_queued_experiences`] adds it later, with many others in one
/// transaction. Migration `m20261122_000019` made the queue; since
/// `m20261206_000021` the queue holds the text, which is stored nowhere
/// else. PostgreSQL and MySQL index new rows themselves and have no queue.
///
/// # Errors
/// Database failures.
pub fn queue_new_experience(c: &rusqlite::Connection, id: i64, search_text: &str) -> rusqlite::Result<()> {
    c.prepare_cached("INSERT INTO experiences_fts_pending(id, search_text) VALUES (?1, ?2)")?.execute(rusqlite::params![id, search_text])?;
    Ok(())
}

/// Index the (at most `max`) oldest queued 面经 of [`queue_new_experience`]
/// and take them off the queue, in a transaction of its own on the SQLite
/// connection `c`; returns how many left the queue (a post deleted
/// meanwhile left it through the delete trigger, an edited one through
/// [`reindex_experience`]).
///
/// # Errors
/// Database failures (nothing is changed then).
pub fn index_queued_experiences(c: &mut rusqlite::Connection, max: usize) -> rusqlite::Result<usize> {
    if max == 0 {
        return Ok(0);
    }
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let (n, last): (i64, Option<i64>) = tx.query_row(
        "SELECT count(*), max(id) FROM (SELECT id FROM experiences_fts_pending ORDER BY id LIMIT ?1)",
        [i64::try_from(max).unwrap_or(i64::MAX)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(last) = last else { return Ok(0) };
    tx.execute("INSERT INTO experiences_fts(rowid, search_text) SELECT id, search_text FROM experiences_fts_pending WHERE id <= ?1 ORDER BY id", [last])?;
    tx.execute("DELETE FROM experiences_fts_pending WHERE id <= ?1", [last])?;
    tx.commit()?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// How many 面经 wait in the queue of [`queue_new_experience`] (0 outside
/// SQLite).
///
/// # Errors
/// Database failures.
pub async fn queued_experiences<C: sea_orm::ConnectionTrait>(db: &C) -> Result<usize, sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(0);
    }
    let stmt = sea_orm::Statement::from_string(DbBackend::Sqlite, "SELECT count(*) AS n FROM experiences_fts_pending");
    let n: i64 = match db.query_one_raw(stmt).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(usize::try_from(n).unwrap_or(0))
}

/// DDL that creates the full-text index for `table` (with a `search_text`
/// column) on `backend`.
pub fn create_index_sql(backend: DbBackend, table: &str) -> Vec<String> {
    match backend {
        DbBackend::Sqlite => vec![
            format!("CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, content='{table}', content_rowid='id', tokenize='unicode61')"),
            format!("CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"),
            format!("CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"),
            format!("CREATE TRIGGER {table}_fts_au AFTER UPDATE OF search_text ON {table} BEGIN INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"),
        ],
        DbBackend::Postgres => vec![
            format!("ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"),
            format!("CREATE INDEX ix_{table}_search ON {table} USING GIN (search_vector)"),
        ],
        _ => vec![format!("ALTER TABLE {table} ADD FULLTEXT INDEX ft_{table}_search (search_text)")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_documents_carry_words_and_sub_words() {
        let t = document_tokens("讲一下二叉树的遍历和Redis缓存");
        for w in ["二叉树", "二叉", "遍历", "redis", "缓存"] {
            assert!(t.contains(w), "{w} missing from {t:?}");
        }
        assert!(!t.iter().any(|w| w.chars().all(|c| !c.is_alphanumeric())));
    }

    #[test]
    fn queries_without_words_match_nothing_and_never_carry_syntax() {
        assert_eq!(match_query(DbBackend::Sqlite, "%'\";--"), None);
        let q = match_query(DbBackend::MySql, "缓存 OR 1=1").unwrap();
        assert!(q.split(' ').all(|t| t.starts_with("+x") && t[2..].bytes().all(|b| b.is_ascii_hexdigit())), "{q}");
    }

    /// The stored text as it was computed before [`index_text`] sorted
    /// borrowed words: a set of owned, hex-encoded tokens. Stored texts of
    /// existing rows must not change (FTS deletes use the stored text).
    fn index_text_as_a_set(parts: &[&str]) -> String {
        let mut tokens = BTreeSet::new();
        for p in parts {
            for t in JIEBA.cut_for_search(p, true) {
                let t = t.word.trim().to_lowercase();
                if t.is_empty() || !t.chars().any(char::is_alphanumeric) {
                    continue;
                }
                let mut end = t.len().min(MAX_TOKEN_BYTES);
                while !t.is_char_boundary(end) {
                    end -= 1;
                }
                tokens.insert(t[..end].to_owned());
            }
        }
        tokens.iter().map(|t| format!("x{}", hex::encode(t.as_bytes()))).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn index_text_is_the_sorted_set_of_encoded_tokens() {
        let parts = [
            "字节跳动 后端开发 一面：讲一下二叉树的遍历和Redis缓存，HashMap 的扩容？",
            "Node.js 事件循环；TCP 三次握手 / 四次挥手。ÉCOLE Straße İstanbul ΣΊΣΥΦΟΣ ǅemal ᾈ Ⅻ Ⓐ",
            &"Ａ".repeat(30),
            "  ，。！ ",
            &format!("{}长词{}", "很".repeat(20), "X".repeat(50)),
            "",
        ];
        assert_eq!(index_text(&parts), index_text_as_a_set(&parts));
        for p in parts {
            assert_eq!(index_text(&[p]), index_text_as_a_set(&[p]), "{p}");
        }
    }

    #[test]
    fn word_chars_are_the_alphanumeric_ones() {
        for c in ('\0'..='\u{10000}').chain(['\u{1f600}', '\u{20000}', '\u{2f800}']) {
            assert_eq!(word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn tokens_are_hex_encoded_and_bounded() {
        let text = index_text(&["缓存", &"a".repeat(100)]);
        assert!(text.contains("xe7bc93e5ad98"));
        assert!(text.split(' ').all(|t| t.len() <= 1 + 2 * MAX_TOKEN_BYTES));
    }
}
