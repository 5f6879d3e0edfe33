//! `mianjing import experiences`: through the real binary, idempotent, bad
//! lines reported by number, source and licence kept and searchable.

use std::process::Command;

use serde_json::json;

use crate::experiences::urlencode;
use crate::helpers::TestApp;

fn import(app: &TestApp, file: &std::path::Path) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mianjing"));
    cmd.arg("import").arg("experiences").arg(file).arg("--data-dir").arg(&app.data_dir);
    cmd.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    if let Some(url) = &app.state.config.database_url {
        cmd.env("DATABASE_URL", url);
    }
    let out = cmd.output().expect("run mianjing");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[tokio::test]
async fn import_reports_bad_lines_by_number_and_is_idempotent() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("exp.jsonl");
    let lines = [
        json!({"source": "someone/repo", "source_path": "a.md", "license": "MIT", "lang": "zh", "company": "蚂蚁集团", "position": "Java 开发", "questions": ["HashMap 为什么线程不安全", "讲讲 Redis 缓存雪崩"], "content": null, "date": null}).to_string(),
        "{not json".to_owned(),
        json!({"source": "someone/repo", "license": "MIT", "lang": "en", "company": "", "questions": ["q"]}).to_string(),
        String::new(),
        json!({"source": "someone/repo", "source_path": "b.md", "license": "CC-BY-4.0", "lang": "en", "company": "Stripe", "position": null, "questions": [], "content": "Onsite had a system design round about idempotent payments.", "date": "2025-06-19", "career": "后端", "interview_result": "offer"}).to_string(),
        json!({"source": "someone/repo", "lang": "zh", "company": "美团", "questions": ["x"], "date": "2025-02-30"}).to_string(),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let (ok, stdout, stderr) = import(&app, &file);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("2 imported") && stdout.contains("3 rejected"), "{stdout}");
    for n in ["line 2:", "line 3:", "line 6:"] {
        assert!(stderr.contains(n), "{n} missing in {stderr}");
    }
    let (_, stdout, _) = import(&app, &file);
    assert!(stdout.contains("0 imported, 2 already present"), "{stdout}");
    let r = app.get("/api/experiences", None).await;
    assert_eq!(r.body["total"], 2, "{}", r.text);
    let stripe = &r.body["items"][0];
    assert_eq!((stripe["company"].clone(), stripe["license"].clone(), stripe["source"].clone()), (json!("Stripe"), json!("CC-BY-4.0"), json!("someone/repo")));
    assert_eq!((stripe["interview_result"].clone(), stripe["career_name"].clone(), stripe["lang"].clone()), (json!("offer"), json!("后端"), json!("en")));
    assert_eq!(stripe["author"]["name"], "面经导入");
    let r = app.get(&format!("/api/experiences?q={}", urlencode("缓存雪崩")), None).await;
    assert_eq!(r.body["items"][0]["company"], "蚂蚁集团", "{}", r.text);
    let id = r.body["items"][0]["id"].as_i64().unwrap();
    let d = app.get(&format!("/api/experiences/{id}"), None).await;
    assert_eq!(d.body["interview_questions"].as_array().unwrap().len(), 2);
    assert!(!d.body["content"].as_str().unwrap().contains("HashMap"), "questions are not repeated in the body: {}", d.text);
    assert_eq!(d.body["source_path"], "a.md");
}

#[tokio::test]
async fn the_whole_shared_experience_file_imports() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/experiences.jsonl");
    if !shared.exists() {
        eprintln!("skipping: {} not found", shared.display());
        return;
    }
    let app = TestApp::spawn().await;
    let expected = std::fs::read_to_string(&shared).unwrap().lines().filter(|l| !l.trim().is_empty()).count();
    let (ok, stdout, stderr) = import(&app, &shared);
    assert!(ok, "{stderr}");
    assert!(stdout.contains(&format!("{expected} imported")) && stdout.contains("0 rejected"), "{stdout}");
    let r = app.get("/api/experiences?per_page=1", None).await;
    assert_eq!(r.body["total"], expected as u64);
    assert!(r.body["items"][0]["license"].is_string());
    let r = app.get("/api/companies?q=google", None).await;
    assert!(r.body["items"][0]["count"].as_i64().unwrap_or(0) >= 1, "{}", r.text);
}

/// A log that goes to a pipe or a file (a service manager's, `2> log`) is
/// plain text: colour codes only on a terminal.
#[test]
fn a_log_written_to_a_pipe_has_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.jsonl");
    std::fs::write(&file, json!({"source": "s", "lang": "zh", "company": "美团", "questions": ["讲讲 Redis"]}).to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mianjing"))
        .args(["import", "experiences"])
        .arg(&file)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .env_remove("DATABASE_URL")
        .env_remove("MIANJING_LOG_FORMAT")
        .env("RUST_LOG", "info")
        .output()
        .expect("run mianjing");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(" INFO "), "the migrations are logged at info: {stderr}");
    assert!(!stderr.contains('\u{1b}'), "colour codes in a piped log: {stderr:?}");
}
