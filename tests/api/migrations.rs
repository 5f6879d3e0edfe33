//! Operator safety of `mianjing migrate` on SQLite: an existing database is
//! copied aside before migrating, and a failing migration changes nothing.

use std::process::Command;

fn mianjing(dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mianjing"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run mianjing");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn sqlite(dir: &std::path::Path, sql: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(format!("sqlite://{}?mode=rw", dir.join("mianjing.db").display())).await.unwrap();
        db.execute_unprepared(sql).await.unwrap();
    });
}

/// How many migrations there are.
fn migrations() -> usize {
    use sea_orm_migration::MigratorTrait;
    mianjing::store::migration::Migrator::migrations().len()
}

/// Migration 21 and those after it (undone to get back to migration 20).
fn since_21() -> u32 {
    (migrations() - 20) as u32
}

fn count_backups(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).unwrap().filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().starts_with("mianjing.db.bak-")).count()
}

#[test]
fn migrate_copies_an_existing_database_aside_and_a_failed_run_changes_nothing() {
    if crate::helpers::db_kind() != "sqlite" {
        return; // SQLite behaviour only
    }
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok && out.contains(&format!("applied {} migration(s)", migrations())), "{out}");
    assert_eq!(count_backups(dir.path()), 0, "a fresh database needs no copy");
    for table in ["experiences", "discussions", "questions"] {
        let config = rusqlite::Connection::open(dir.path().join("mianjing.db"))
            .unwrap()
            .prepare(&format!("SELECT k, v FROM {table}_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k"))
            .unwrap()
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(config, [("automerge".to_owned(), 16), ("crisismerge".to_owned(), 64)], "{table}: FTS5 merge settings (m20261121_000018)");
    }
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok && out.contains("applied 0 migration(s)"), "{out}");

    // Pretend the last migration is new: it will run again and fail, because
    // its column already exists.
    sqlite(dir.path(), "DELETE FROM seaql_migrations WHERE version = 'm20261121_000015_add_position_to_discussion_tags'");
    sqlite(dir.path(), "INSERT INTO careers (name, sort_order, created_at, updated_at) VALUES ('marker', 1, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')");
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(!ok, "{out}");
    assert!(out.contains("migration failed, nothing was changed") && out.contains("duplicate column"), "{out}");
    assert!(out.contains("mianjing.db.bak-"), "the message names the copy: {out}");
    assert_eq!(count_backups(dir.path()), 1, "the database was copied aside before migrating");

    // Make it pass: drop the column; the migration now applies and keeps the data.
    sqlite(dir.path(), "ALTER TABLE discussion_tags DROP COLUMN position");
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok && out.contains("applied 1 migration(s)") && out.contains("m20261121_000015"), "{out}");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let n = rt.block_on(async {
        use sea_orm::{ConnectionTrait, Statement};
        let db = sea_orm::Database::connect(format!("sqlite://{}?mode=rw", dir.path().join("mianjing.db").display())).await.unwrap();
        let row = db.query_one_raw(Statement::from_string(sea_orm::DbBackend::Sqlite, "SELECT COUNT(*) AS n FROM careers WHERE name = 'marker'")).await.unwrap().unwrap();
        row.try_get::<i64>("", "n").unwrap()
    });
    assert_eq!(n, 1, "data survives");
}

/// A migrated database with two imported 面经 of 美团: 缓存 in the first
/// one's content, 二叉树 in the second one's content and question.
fn migrated_with_two_posts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok, "{out}");
    let file = dir.path().join("two.jsonl");
    std::fs::write(
        &file,
        "{\"source\": \"t\", \"source_path\": \"a.md\", \"company\": \"美团\", \"questions\": [], \"content\": \"一面问了缓存\"}\n\
         {\"source\": \"t\", \"source_path\": \"b.md\", \"company\": \"美团\", \"questions\": [\"手写二叉树遍历\"], \"content\": \"二面问了二叉树\"}\n",
    )
    .unwrap();
    let (ok, out) = mianjing(dir.path(), &["import", "experiences", file.to_str().unwrap()]);
    assert!(ok, "{out}");
    dir
}

/// `m20261122_000020_view_counts` moves the counts of a database that had
/// `view_count` columns into `view_counts` and drops the columns.
#[test]
fn view_counts_move_out_of_the_post_tables() {
    if crate::helpers::db_kind() != "sqlite" {
        return; // the move itself is plain SQL; the API tests read it on every database
    }
    let dir = migrated_with_two_posts();
    // Back to the schema before the migration, with counts in the old columns.
    sqlite(
        dir.path(),
        "DROP TABLE view_counts; \
         ALTER TABLE experiences ADD COLUMN view_count BIGINT NOT NULL DEFAULT 0; \
         ALTER TABLE discussions ADD COLUMN view_count BIGINT NOT NULL DEFAULT 0; \
         UPDATE experiences SET view_count = 7 WHERE id = (SELECT MIN(id) FROM experiences); \
         INSERT INTO discussions (author_id, title, content, excerpt, view_count, favorites_count, comments_count, search_text, created_at, updated_at) \
           SELECT author_id, '求内推', '求内推', '求内推', 3, 0, 0, '', created_at, updated_at FROM experiences LIMIT 1; \
         DELETE FROM seaql_migrations WHERE version = 'm20261122_000020_view_counts'",
    );
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok && out.contains("applied 1 migration(s)") && out.contains("m20261122_000020"), "{out}");
    let c = rusqlite::Connection::open(dir.path().join("mianjing.db")).unwrap();
    let rows = c
        .prepare("SELECT target_type, target_id, view_count FROM view_counts ORDER BY target_type")
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let first: i64 = c.query_row("SELECT MIN(id) FROM experiences", [], |r| r.get(0)).unwrap();
    let discussion: i64 = c.query_row("SELECT id FROM discussions", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, [("discussion".to_owned(), discussion, 3), ("experience".to_owned(), first, 7)], "posts never viewed get no row");
    for table in ["experiences", "discussions"] {
        let err = c.prepare(&format!("SELECT view_count FROM {table}")).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("no such column"), "{table}.view_count dropped: {err}");
    }
}

/// `m20261206_000021_contentless_experience_index` moves the 面经 index
/// texts out of `experiences`: an indexed post's into the contentless
/// index, a queued post's into the queue; its `down` recomputes them.
#[test]
fn experience_index_texts_leave_the_rows() {
    if crate::helpers::db_kind() != "sqlite" {
        return; // SQLite's index only; the API tests search on every database
    }
    let dir = migrated_with_two_posts();
    let path = dir.path().join("mianjing.db");
    let open = || rusqlite::Connection::open(&path).unwrap();
    let matches = |c: &rusqlite::Connection, word: &str| -> Vec<i64> {
        let q = mianjing::store::fts::match_arg(sea_orm::DbBackend::Sqlite, &mianjing::features::search::query_terms(word)).unwrap();
        let mut stmt = c.prepare("SELECT rowid FROM experiences_fts WHERE experiences_fts MATCH ?1 ORDER BY rowid").unwrap();
        stmt.query_map([q], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let stored = |c: &rusqlite::Connection| -> i64 { c.query_row("SELECT count(*) FROM experiences WHERE search_text <> ''", [], |r| r.get(0)).unwrap() };
    let c = open();
    let id = |word: &str| -> i64 { c.query_row("SELECT id FROM experiences WHERE content LIKE ?1", [format!("%{word}%")], |r| r.get(0)).unwrap() };
    let (cache, tree) = (id("缓存"), id("二面"));
    assert_eq!((stored(&c), matches(&c, "缓存"), matches(&c, "二叉树")), (0, vec![cache], vec![tree]), "imported: the texts are in the index only");
    drop(c);

    // Back to migration 20 (its `down` recomputes the texts), with the
    // second post queued the way that schema queued posts.
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        use sea_orm_migration::MigratorTrait;
        let db = sea_orm::Database::connect(format!("sqlite://{}?mode=rw", path.display())).await.unwrap();
        mianjing::store::migration::Migrator::down(&db, Some(since_21())).await.unwrap();
    });
    let c = open();
    assert_eq!((stored(&c), matches(&c, "缓存"), matches(&c, "二叉树")), (2, vec![cache], vec![tree]), "migration 20's external-content index");
    let text: String = c.query_row("SELECT search_text FROM experiences WHERE id = ?1", [tree], |r| r.get(0)).unwrap();
    c.execute_batch(&format!(
        "INSERT INTO experiences_fts(experiences_fts, rowid, search_text) SELECT 'delete', id, search_text FROM experiences WHERE id = {tree}; \
         INSERT INTO experiences_fts_pending(id) VALUES ({tree})"
    ))
    .unwrap();
    drop(c);

    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok && out.contains(&format!("applied {} migration(s)", since_21())) && out.contains("m20261206_000021"), "{out}");
    let c = open();
    assert_eq!((stored(&c), matches(&c, "缓存"), matches(&c, "二叉树")), (0, vec![cache], vec![]), "the queued post waits");
    let queue: Vec<(i64, String)> =
        c.prepare("SELECT id, search_text FROM experiences_fts_pending").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(queue, [(tree, text)], "the queue carries the text");
    c.execute_batch("INSERT INTO experiences_fts(rowid, search_text) SELECT id, search_text FROM experiences_fts_pending; DELETE FROM experiences_fts_pending").unwrap();
    assert_eq!(matches(&c, "二叉树"), [tree]);
    // A deleted row leaves the index (trigger); FTS5 finds the index sound.
    c.execute("DELETE FROM experiences WHERE id = ?1", [cache]).unwrap();
    assert!(matches(&c, "缓存").is_empty());
    c.execute_batch("INSERT INTO experiences_fts(experiences_fts) VALUES ('integrity-check')").unwrap();
}

/// `m20261207_000022_question_kinds` classifies the questions that exist:
/// reverse-interview rows by tag, 行为面试 rows naming a technology as
/// technical, 算法 rows as coding, 系统设计 rows as design.
#[test]
fn existing_questions_get_their_kind() {
    if crate::helpers::db_kind() != "sqlite" {
        return; // the classification is the same Rust code on every database
    }
    let dir = migrated_with_two_posts();
    // Back to the schema before the migration, with questions of each sort.
    let row = |id: i64, content: &str, career: &str| {
        format!(
            "INSERT INTO questions (id, content, content_key, career_id, lang, favorites_count, search_text, created_at, updated_at) \
             SELECT {id}, '{content}', 'k{id}', (SELECT id FROM careers WHERE name = '{career}'), 'zh', 0, '', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00';"
        )
    };
    sqlite(
        dir.path(),
        &[
            "DROP INDEX ix_questions_kind_lang; ALTER TABLE questions DROP COLUMN kind; ALTER TABLE questions DROP COLUMN key_points; \
             ALTER TABLE mock_interviews DROP COLUMN lang; DELETE FROM seaql_migrations WHERE version = 'm20261207_000022_question_kinds';"
                .to_owned(),
            row(101, "公积金比例是多少？", "行为面试"),
            "INSERT INTO question_tags (question_id, tag_key, tag, created_at, updated_at) VALUES (101, '反问面试官', '反问面试官', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00');".to_owned(),
            row(102, "你觉得安卓开发最关键的技术在哪里？", "行为面试"),
            row(103, "为什么要离职？", "行为面试"),
            row(104, "两数之和", "算法"),
            row(105, "设计一个短链系统", "后端"),
            row(106, "Redis 的持久化方式", "后端"),
        ]
        .concat(),
    );
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok && out.contains("m20261207_000022"), "{out}");
    let c = rusqlite::Connection::open(dir.path().join("mianjing.db")).unwrap();
    let kinds: Vec<(i64, String)> =
        c.prepare("SELECT id, kind FROM questions WHERE id > 100 ORDER BY id").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
    let want = [(101, "reverse"), (102, "technical"), (103, "behavioural"), (104, "coding"), (105, "design"), (106, "technical")];
    assert_eq!(kinds, want.map(|(id, k)| (id, k.to_owned())));
    let tree: String = c.query_row("SELECT kind FROM questions WHERE content = '手写二叉树遍历'", [], |r| r.get(0)).unwrap();
    assert_eq!(tree, "coding", "a 面经 question added before the migration");
}

/// `m20261208_000027_companies` maps the posts that exist: spellings of a
/// seeded company (字节, ByteDance) join it, any other spelling becomes a
/// company of its own named after its most used form, and every post gets
/// its `company_id`.
#[test]
fn existing_posts_are_mapped_to_companies() {
    if crate::helpers::db_kind() != "sqlite" {
        return; // the mapping is the same SQL everywhere; the API tests read it on every database
    }
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok, "{out}");
    let file = dir.path().join("posts.jsonl");
    let lines: Vec<String> = ["字节", "ByteDance", "小红书", "小红书", "ＸＨＳ书"]
        .iter()
        .enumerate()
        .map(|(i, c)| serde_json::json!({"source": "t", "source_path": format!("{i}.md"), "company": c, "questions": [], "content": format!("第 {i} 篇")}).to_string())
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let (ok, out) = mianjing(dir.path(), &["import", "experiences", file.to_str().unwrap()]);
    assert!(ok, "{out}");
    // Back to the schema before the migration: posts without companies, so
    // also without migration 33's statistics (its triggers read `company_id`).
    {
        let c = rusqlite::Connection::open(dir.path().join("mianjing.db")).unwrap();
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%company_id%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!triggers.is_empty(), "migration 33 keeps its statistics by triggers");
        for t in triggers {
            c.execute_batch(&format!("DROP TRIGGER \"{t}\"")).unwrap();
        }
        c.execute_batch(
            "DROP TABLE company_stats; DROP TABLE company_position_stats; DROP TABLE company_question_stats; \
             DELETE FROM seaql_migrations WHERE version = 'm20261208_000033_company_stats'",
        )
        .unwrap();
    }
    sqlite(
        dir.path(),
        "DROP INDEX experiences_company_live; DROP INDEX experiences_company_stats; \
         ALTER TABLE experiences DROP COLUMN company_id; DROP TABLE company_aliases; DROP TABLE companies; \
         DELETE FROM seaql_migrations WHERE version = 'm20261208_000027_companies'",
    );
    let (ok, out) = mianjing(dir.path(), &["migrate"]);
    assert!(ok && out.contains("applied 2 migration(s)") && out.contains("m20261208_000027") && out.contains("m20261208_000033"), "{out}");
    let c = rusqlite::Connection::open(dir.path().join("mianjing.db")).unwrap();
    let mapped: Vec<(String, String)> = c
        .prepare("SELECT e.company, c.name FROM experiences e JOIN companies c ON c.id = e.company_id ORDER BY e.id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let pairs: Vec<(&str, &str)> = mapped.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(pairs, [("字节", "字节跳动"), ("ByteDance", "字节跳动"), ("小红书", "小红书"), ("小红书", "小红书"), ("ＸＨＳ书", "ＸＨＳ书")], "every post mapped");
    let aliases: i64 = c.query_row("SELECT count(*) FROM company_aliases WHERE alias_key = 'xhs书'", [], |r| r.get(0)).unwrap();
    assert_eq!(aliases, 1, "a full-width spelling is keyed by its ASCII form");
}
