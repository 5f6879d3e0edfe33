//! `mianjing backup`, `restore` and `migrate-to` (issue 20, "Backup and
//! moving up"): an install filled over HTTP is moved to another backend and
//! back (SQLite in the middle; the suite's database at both ends, so the
//! PostgreSQL and MySQL runs cover both directions), then served again;
//! backups taken while a writer writes restore consistently; a database
//! with accounts and a corrupt file are refused with nothing written.

use std::collections::BTreeMap;
use std::process::Command;

use mianjing::features::backup;
use mianjing::store::backup::{Snapshot, Source};
use mianjing::store::Db;
use mianjing::Config;
use sea_orm::EntityName;
use serde_json::{json, Value};

use crate::helpers::{db_kind, external_db_of, ExternalDb, TestApp, PASSWORD};

type Dump = BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)>;

/// Every copied table of `db`, all rows, in the portable form.
async fn dump(db: &Db) -> Dump {
    let snap = Snapshot::begin(&Source::of(db)).await.unwrap();
    let mut out = Dump::new();
    for t in snap.tables() {
        let n = snap.count(t).await.unwrap();
        let rows = snap.rows(t, 0, n.max(1)).await.unwrap();
        out.insert(t.name.clone(), (t.columns.iter().map(|c| c.name.clone()).collect(), rows));
    }
    snap.end().await.unwrap();
    // SQLite keeps a 面经's index text in its index only, the others in the row.
    if let Some((cols, rows)) = out.get_mut("experiences") {
        let i = cols.iter().position(|c| c == "search_text").unwrap();
        for r in rows {
            r[i] = json!("");
        }
    }
    out
}

/// Fails naming the first table, and the first row of it, where `got`
/// differs from `want` (a whole-dump `assert_eq!` prints every table).
fn assert_same(got: &Dump, want: &Dump, what: &str) {
    assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "{what}: the same tables");
    for (table, (cols, rows)) in want {
        let (got_cols, got_rows) = &got[table];
        assert_eq!(got_cols, cols, "{what}: the columns of {table}");
        for (i, (g, w)) in got_rows.iter().zip(rows).enumerate() {
            let diff: Vec<String> = cols.iter().zip(g.iter().zip(w)).filter(|(_, (a, b))| a != b).map(|(c, (a, b))| format!("{c}: {a} instead of {b}")).collect();
            assert!(diff.is_empty(), "{what}: row {i} of {table} differs: {}", diff.join(", "));
        }
        assert_eq!(got_rows.len(), rows.len(), "{what}: the number of rows of {table}");
    }
}

/// A new empty database of `kind` and the guard that drops it.
async fn scratch(kind: &str, dir: &std::path::Path, name: &str) -> (String, Option<ExternalDb>) {
    match external_db_of(kind).await {
        Some((url, guard)) => (url, Some(guard)),
        None => (format!("sqlite://{}?mode=rwc", dir.join(name).display()), None),
    }
}

fn config_for(app: &TestApp, url: &str) -> Config {
    let mut c = app.state.config.clone();
    c.database_url = Some(url.to_owned());
    c
}

fn no_progress(_: u64, _: u64) {}

#[tokio::test]
async fn an_install_moves_to_another_backend_and_back_and_serves() {
    // The same key on the moved install, as the README asks.
    let app = TestApp::spawn_with(|c| c.secret_key = Some("secret-of-the-backup-test-0123456789abcdef".to_owned().into())).await;
    let admin = app.admin("move_admin").await;
    let u = app.signup("move_user").await;
    let exp = crate::export::fill(&app, &admin, &u).await;
    let r = crate::files::upload(&app, Some(&u), "avatar", "a.png", crate::files::png(1000)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let export_before = crate::export::stable(serde_json::from_str(&app.get("/api/users/me/export", Some(&u.token)).await.text).unwrap());
    // The company page's statistics (tables the triggers derive from the 面经, not copied).
    let company = app.get(&format!("/api/experiences/{exp}"), Some(&u.token)).await.body["company_id"].as_i64().expect("the 面经 has a company");
    let stats = |b: &Value| ["company", "outcomes", "difficulty", "average_rating", "ratings", "seasons", "positions", "questions"].map(|k| b[k].clone());
    let company_before = app.get(&format!("/api/companies/{company}"), None).await;
    assert_eq!(company_before.status, 200, "{}", company_before.text);
    // Nothing calls the source app from here on. The views counted above are
    // written now: a flush by the background task may be committing still, so
    // the dump is taken once two in a row agree.
    app.state.flush_views().await.unwrap();
    let mut before = dump(&app.state.db).await;
    for _ in 0..20 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let again = dump(&app.state.db).await;
        if again == before {
            break;
        }
        before = again;
    }
    assert!(!before["view_counts"].1.is_empty(), "the views were written");

    // Every table the entities name is copied (the list is the catalog's, not a hand list).
    for table in [
        mianjing::entity::user::Entity.table_name(),
        mianjing::entity::experience::Entity.table_name(),
        mianjing::entity::comment::Entity.table_name(),
        mianjing::entity::favorite::Entity.table_name(),
        mianjing::entity::file::Entity.table_name(),
        mianjing::entity::mock_interview::Entity.table_name(),
        mianjing::entity::mock_interview_answer::Entity.table_name(),
        mianjing::entity::session::Entity.table_name(),
        mianjing::entity::notification::Entity.table_name(),
    ] {
        assert!(!before[table].1.is_empty(), "{table} has rows to copy");
    }

    // The suite's database → SQLite → a new database of the suite's kind.
    let dir = tempfile::tempdir().unwrap();
    let (middle, _g1) = scratch("sqlite", dir.path(), "middle.db").await;
    let report = backup::migrate_to(&app.state.config, &middle, false, &no_progress).await.unwrap();
    assert_eq!(report.tables, before.len());
    let (end, _g2) = scratch(&db_kind(), dir.path(), "end.db").await;
    let middle_config = config_for(&app, &middle);
    backup::migrate_to(&middle_config, &end, false, &no_progress).await.unwrap();
    let middle_db = Db::connect(&middle_config).await.unwrap();
    assert_same(&dump(&middle_db).await, &before, "SQLite holds the same rows");
    let end_config = config_for(&app, &end);
    let end_db = Db::connect(&end_config).await.unwrap();
    let after = dump(&end_db).await;
    assert_same(&after, &before, "every row with its ids, on every backend");

    // A target with accounts is refused.
    let e = backup::migrate_to(&middle_config, &end, false, &no_progress).await.unwrap_err();
    assert!(format!("{e:#}").contains("target not empty"), "{e:#}");

    // Served again, on its own cache prefix.
    let moved = app
        .spawn_sibling_with(|c| {
            c.database_url = Some(end.clone());
            c.redis_prefix = format!("mjt:{}:", uuid::Uuid::new_v4().simple());
        })
        .await;
    let token = moved.login(&u.account, PASSWORD).await;
    let export_after = crate::export::stable(serde_json::from_str(&moved.get("/api/users/me/export", Some(&token)).await.text).unwrap());
    let strip = |mut d: Value| {
        d.as_object_mut().unwrap().remove("sessions");
        d["profile"].as_object_mut().unwrap().remove("last_login_at"); // the login just made
        d
    };
    assert_eq!(strip(export_after), strip(export_before), "posts, comments, favorites, files, interviews with the same ids");
    let r = moved.get(&format!("/api/companies/{company}"), None).await;
    assert_eq!(stats(&r.body), stats(&company_before.body), "company statistics rebuilt once, not doubled: {}", r.text);
    let r = moved.get(&format!("/api/experiences/{exp}"), Some(&token)).await;
    assert_eq!((r.status, r.body["title"].as_str(), r.body["anonymous"].as_bool()), (200, Some("匿名的一面"), Some(true)), "{}", r.text);
    let r = moved.get("/api/experiences?q=匿名的一面", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["items"].as_array().unwrap().iter().any(|e| e["id"].as_i64() == Some(exp)), "search finds it: {}", r.text);
    // New writes get fresh ids (counters moved past the copied ones).
    let newer = crate::experiences::post(&moved, &crate::helpers::TestUser { token: token.clone(), ..u.clone() }, crate::experiences::sample("搬家后的一面", "新公司")).await;
    assert!(newer > exp, "{newer} > {exp}");
    let r = moved.post(&format!("/api/experiences/{exp}/comments"), Some(&token), json!({"content": "搬家后的评论"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let (cols, rows) = &before["comments"];
    let id = cols.iter().position(|c| c == "id").unwrap();
    let max = rows.iter().filter_map(|r| r[id].as_i64()).max().unwrap();
    assert!(r.body["id"].as_i64().unwrap() > max, "{} > {max}", r.text);
}

/// Experiences whose `comments_count` differs from their live comments.
async fn miscounted(db: &Db) -> Vec<(i64, i64, usize)> {
    let d = dump(db).await;
    let (ec, erows) = &d["experiences"];
    let (cc, crows) = &d["comments"];
    let col = |cols: &Vec<String>, n: &str| cols.iter().position(|c| c == n).unwrap();
    let (eid, ecount) = (col(ec, "id"), col(ec, "comments_count"));
    let (ctt, cti, cdel) = (col(cc, "target_type"), col(cc, "target_id"), col(cc, "deleted_at"));
    erows
        .iter()
        .map(|e| {
            let id = e[eid].as_i64().unwrap();
            let live = crows.iter().filter(|c| c[ctt] == "experience" && c[cti].as_i64() == Some(id) && c[cdel].is_null()).count();
            (id, e[ecount].as_i64().unwrap(), live)
        })
        .filter(|(_, n, live)| *n != *live as i64)
        .collect()
}

#[tokio::test]
async fn a_backup_taken_while_writing_restores_consistently() {
    let app = TestApp::spawn().await;
    let u = app.signup("bk_writer").await;
    let exp = crate::experiences::post(&app, &u, crate::experiences::sample("备份中的一面", "备份公司")).await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, client, url, token) = (stop.clone(), app.client.clone(), app.url(&format!("/api/experiences/{exp}/comments")), u.token.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let r = client.post(&url).bearer_auth(&token).json(&json!({"content": format!("评论 {n}")})).send().await.unwrap();
                if r.status().as_u16() != 201 {
                    break; // a write limit: enough rows
                }
                n += 1;
            }
            n
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![dir.path().join("b.jsonl.gz")];
    backup::backup(&app.state.db, &files[0], true, &no_progress).await.unwrap();
    if db_kind() == "sqlite" {
        files.push(dir.path().join("b.db"));
        backup::backup(&app.state.db, &files[1], false, &no_progress).await.unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(written > 0);
    assert!(backup::backup(&app.state.db, &files[0], true, &no_progress).await.is_err(), "an existing file is not overwritten");
    for (i, file) in files.iter().enumerate() {
        let (url, _g) = scratch(&db_kind(), dir.path(), &format!("r{i}.db")).await;
        let config = config_for(&app, &url);
        let report = backup::restore(&config, file, false, &no_progress).await.unwrap();
        let db = Db::connect(&config).await.unwrap();
        assert_eq!(miscounted(&db).await, vec![], "{}: counters match the rows", file.display());
        let d = dump(&db).await;
        let comments = d["comments"].1.len();
        assert!(comments > 0 && comments <= written, "{}: {comments} of {written} comments", file.display());
        if i == 0 {
            assert_eq!(report.rows, d.values().map(|(_, r)| r.len() as u64).sum::<u64>());
        }
    }
}

fn cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mianjing"));
    cmd.args(args).arg("--data-dir").arg(&app.data_dir);
    cmd.env_remove("DATABASE_URL").env_remove("MIANJING_DATABASE_URL").env("RUST_LOG", "warn");
    if let Some(url) = &app.state.config.database_url {
        cmd.env("MIANJING_DATABASE_URL", url);
    }
    cmd.output().expect("run mianjing")
}

#[tokio::test]
async fn restore_refuses_a_database_with_accounts_and_corrupt_files() {
    let app = TestApp::spawn().await;
    let u = app.signup("bk_refuse").await;
    crate::experiences::post(&app, &u, crate::experiences::sample("拒绝的一面", "公司甲")).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.jsonl.gz");
    let out = cli(&app, &["backup", "--portable", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("rows"), "{}", String::from_utf8_lossy(&out.stdout));
    let before = dump(&app.state.db).await;

    // Into the database it came from: it has accounts.
    let out = cli(&app, &["restore", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("target not empty") && err.contains("--force"), "{err}");
    // --force replaces everything, here with the same rows.
    let out = cli(&app, &["restore", "--force", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(dump(&app.state.db).await, before);

    let bytes = std::fs::read(&file).unwrap();
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.gz", bytes[..bytes.len() * 2 / 3].to_vec(), "truncated or corrupt"),
        ("garbage.bin", b"not a backup at all".to_vec(), "not a mianjing backup"),
    ];
    // A well-formed file whose row does not fit its column.
    let text = {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut s).unwrap();
        s
    };
    let users_at = text.lines().position(|l| l == r#"{"table":"users"}"#).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut row: Vec<Value> = serde_json::from_str(&lines[users_at + 1]).unwrap();
    row[0] = json!("not an id");
    lines[users_at + 1] = serde_json::to_string(&row).unwrap();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, (lines.join("\n") + "\n").as_bytes()).unwrap();
    cases.push(("bad_row.gz", enc.finish().unwrap(), "truncated or corrupt"));
    for (name, content, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let (url, _g) = scratch(&db_kind(), dir.path(), &format!("{name}.db")).await;
        let config = config_for(&app, &url);
        let e = backup::restore(&config, &path, false, &no_progress).await.unwrap_err();
        assert!(format!("{e:#}").contains(message), "{name}: {e:#}");
        let db = Db::connect(&config).await.unwrap();
        let d = dump(&db).await;
        for table in ["users", "experiences", "sessions"] {
            assert!(d.get(table).is_none_or(|(_, rows)| rows.is_empty()), "{name}: nothing of {table} was written");
        }
    }
}
