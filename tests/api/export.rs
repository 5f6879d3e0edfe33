//! Export of one's own data (issue 19): `GET /api/users/me/export` and
//! `mianjing export user ACCOUNT`.

use std::process::Command;

use serde_json::{json, Value};

use crate::helpers::{TestApp, TestUser, PASSWORD};

/// Give `u` one of everything the export covers; answers the 面经 id.
pub(crate) async fn fill(app: &TestApp, admin: &TestUser, u: &TestUser) -> i64 {
    let q = app.post("/api/questions", Some(&admin.token), json!({"content": "导出测试：什么是幂等？", "tags": ["导出"]})).await;
    assert_eq!(q.status, 201, "{}", q.text);
    let question_id = q.body["id"].as_i64().unwrap();
    let mut body = crate::experiences::sample("匿名的一面", "导出公司");
    body["anonymous"] = json!(true);
    let exp = crate::experiences::post(app, u, body).await;
    let r = app.post(&format!("/api/experiences/{exp}/comments"), Some(&u.token), json!({"content": "自己的评论"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app.post("/api/discussions", Some(&u.token), json!({"title": "导出讨论", "content": "讨论内容"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app.put(&format!("/api/experiences/{exp}/favorite"), Some(&u.token), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.put(&format!("/api/questions/{question_id}/note"), Some(&u.token), json!({"content": "我的笔记"})).await;
    assert!(r.status < 300, "{}", r.text);
    let r = app.post("/api/resumes", Some(&u.token), json!({"autobiography": "三年后端。", "skills": ["Rust"]})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "question_ids": [question_id]})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let interview = r.body["id"].as_i64().unwrap();
    let r = app.post(&format!("/api/mock-interviews/{interview}/answers"), Some(&u.token), json!({"index": 1, "answer": "同一请求多次执行结果相同。"})).await;
    assert!(r.status < 300, "{}", r.text);
    let application = json!({"company": "导出公司", "position": "后端", "channel": "referral", "stage": "first_interview",
        "rounds": [{"stage": "first_interview", "date": "2026-11-20", "time": "14:30", "questions": ["Redis 持久化"]}]});
    let r = app.post("/api/applications", Some(&u.token), application).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = app.put("/api/drafts/discussion", Some(&u.token), json!({"fields": {"title": "未发的讨论"}})).await;
    assert!(r.status < 300, "{}", r.text);
    // The admin's comment notifies u, and u reports it.
    let r = app.post(&format!("/api/experiences/{exp}/comments"), Some(&admin.token), json!({"content": "管理员的评论"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let comment = r.body["id"].as_i64().unwrap();
    let r = app.post("/api/reports", Some(&u.token), json!({"target_type": "comment", "target_id": comment, "reason": "spam"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    exp
}

fn export_of(r: &crate::helpers::Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).expect("the export is JSON")
}

#[tokio::test]
async fn export_has_every_section_and_nothing_secret() {
    let app = TestApp::spawn().await;
    let admin = app.admin("export_admin").await;
    let u = app.signup("export_me").await;
    let exp = fill(&app, &admin, &u).await;
    let r = app.get("/api/users/me/export", Some(&u.token)).await;
    let doc = export_of(&r);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(r.header("content-disposition"), Some(format!("attachment; filename=\"mianjing-export-export_me-{today}.json\"").as_str()));
    assert!(r.header("content-type").unwrap().starts_with("application/json"));

    assert_eq!(doc["format"], "mianjing-export/1");
    assert_eq!((doc["profile"]["id"].as_i64(), doc["profile"]["account"].as_str()), (Some(u.id), Some("export_me")));
    assert_eq!(doc["profile"]["terms_version"], 1);
    let e = &doc["experiences"][0];
    assert_eq!((e["id"].as_i64(), e["anonymous"].as_bool(), e["title"].as_str()), (Some(exp), Some(true), Some("匿名的一面")), "anonymous posts are the user's");
    assert_eq!(doc["comments"][0]["content"], "自己的评论");
    assert_eq!(doc["discussions"][0]["title"], "导出讨论");
    assert_eq!((doc["favorites"][0]["target_type"].as_str(), doc["favorites"][0]["target_id"].as_i64()), (Some("experience"), Some(exp)));
    assert_eq!(doc["question_notes"][0]["content"], "我的笔记");
    assert_eq!(doc["resume"]["autobiography"], "三年后端。");
    assert_eq!(doc["resume"]["skills"], json!(["Rust"]));
    let m = &doc["mock_interviews"][0];
    assert_eq!(m["answers"][0]["answer"], "同一请求多次执行结果相同。");
    assert!(m["answers"][0]["score"].is_i64(), "scores are exported: {m}");
    assert_eq!(doc["practice"][0]["interview_id"], m["id"]);
    assert!(!doc["sessions"].as_array().unwrap().is_empty());
    assert!(doc["files"].is_array());
    let application = &doc["applications"][0];
    assert_eq!((application["company"].as_str(), application["rounds"][0]["questions"][0].as_str()), (Some("导出公司"), Some("Redis 持久化")));
    assert_eq!(application["rounds"][0]["time"], "14:30");
    assert_eq!((doc["drafts"][0]["kind"].as_str(), doc["drafts"][0]["fields"]["title"].as_str()), (Some("discussion"), Some("未发的讨论")));
    assert_eq!((doc["notifications"][0]["kind"].as_str(), doc["notifications"][0]["excerpt"].as_str()), (Some("experience_comment"), Some("管理员的评论")));
    assert_eq!((doc["reports"][0]["target_type"].as_str(), doc["reports"][0]["status"].as_str()), (Some("comment"), Some("open")));

    // Nothing secret, in any field: not the password, its hash, the session
    // token, a token hash or storage keys.
    let text = r.text.to_lowercase();
    for secret in [PASSWORD.to_lowercase(), u.token.to_lowercase(), "$argon2".into(), "password".into(), "token".into(), "storage_key".into()] {
        assert!(!text.contains(&secret), "the export contains {secret:?}");
    }
}

#[tokio::test]
async fn export_is_only_ones_own_and_needs_a_session() {
    let app = TestApp::spawn().await;
    let admin = app.admin("export_adm2").await;
    let a = app.signup("export_a").await;
    let b = app.signup("export_b").await;
    fill(&app, &admin, &a).await;
    let doc = export_of(&app.get("/api/users/me/export", Some(&b.token)).await);
    assert_eq!(doc["profile"]["account"], "export_b");
    for section in ["experiences", "comments", "discussions", "favorites", "question_notes", "mock_interviews", "practice", "applications", "notifications", "reports", "drafts"] {
        assert_eq!(doc[section], json!([]), "{section} of another user leaked");
    }
    assert_eq!(doc["resume"], Value::Null);
    let r = app.get("/api/users/me/export", None).await;
    assert_eq!((r.status, r.code()), (401, "unauthorized"));
    let r = app.get("/api/users/me/export?user_id=1", Some(&b.token)).await;
    assert_eq!(export_of(&r)["profile"]["account"], "export_b", "no parameter selects another user");
}

#[tokio::test]
async fn export_is_rate_limited_per_user() {
    // The shipped limits (tests run with every limit scaled up).
    let app = TestApp::spawn_with(|c| c.limits = mianjing::config::WriteLimits::default()).await;
    let u = app.signup("export_lim").await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/users/me/export", Some(&u.token)).await.status, 200);
    }
    let r = app.get("/api/users/me/export", Some(&u.token)).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"));
    assert!(r.header("retry-after").is_some());
}

#[tokio::test]
async fn an_uninitialised_phone_account_cannot_export_yet() {
    let app = TestApp::spawn().await;
    let code = app.code_for("13922223333", "login", None).await;
    let r = app.post("/api/users/login/code", None, json!({"target": "13922223333", "code": code, "accept_terms": true})).await;
    let token = r.body["token"].as_str().unwrap().to_owned();
    let r = app.get("/api/users/me/export", Some(&token)).await;
    assert_eq!((r.status, r.code()), (403, "account_not_initialized"));
}

/// Run `mianjing export user …` against the app's database.
fn export_cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mianjing"));
    cmd.args(["export", "user"]).args(args).arg("--data-dir").arg(&app.data_dir);
    cmd.env_remove("DATABASE_URL").env_remove("REDIS_URL").env("RUST_LOG", "warn");
    if let Some(url) = &app.state.config.database_url {
        cmd.env("DATABASE_URL", url);
    }
    if let Some(url) = &app.state.config.redis_url {
        cmd.env("REDIS_URL", url).env("MIANJING_REDIS_PREFIX", &app.state.config.redis_prefix);
    }
    cmd.output().expect("run mianjing")
}

/// The document without the fields that differ between two exports.
pub(crate) fn stable(mut doc: Value) -> Value {
    doc.as_object_mut().unwrap().remove("exported_at");
    for s in doc["sessions"].as_array_mut().unwrap() {
        s.as_object_mut().unwrap().remove("last_seen_at");
    }
    doc
}

#[tokio::test]
async fn the_cli_prints_the_same_export_as_the_api() {
    let app = TestApp::spawn().await;
    let admin = app.admin("export_adm3").await;
    let u = app.signup("export_cli").await;
    fill(&app, &admin, &u).await;
    let api = export_of(&app.get("/api/users/me/export", Some(&u.token)).await);
    let out = export_cli(&app, &["export_cli"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cli: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(stable(cli), stable(api.clone()));

    let file = app.data_dir.join("out.json");
    let out = export_cli(&app, &[&u.email, "--output", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let from_file: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(stable(from_file), stable(api));

    let out = export_cli(&app, &["nobody_here"]);
    assert!(!out.status.success(), "an unknown account fails");
}
