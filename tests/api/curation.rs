//! Administration people expect (issue 20): careers, schools and tags
//! managed by admins, the question bank's upload import (per-line report,
//! export round trip), site statistics, and whether an admin exists.
//! Every endpoint: admin, a normal user (403), anonymous (401), bad input.

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use crate::helpers::{Resp, TestApp, TestUser};

/// Every admin-only `(method, path, body)` of this module, for the 401/403 sweep.
fn admin_endpoints() -> Vec<(reqwest::Method, &'static str, Option<Value>)> {
    use reqwest::Method;
    vec![
        (Method::GET, "/api/admin/careers", None),
        (Method::POST, "/api/admin/careers", Some(json!({"name": "区块链"}))),
        (Method::PATCH, "/api/admin/careers/1", Some(json!({"name": "区块链"}))),
        (Method::DELETE, "/api/admin/careers/1", None),
        (Method::GET, "/api/admin/schools", None),
        (Method::POST, "/api/admin/schools", Some(json!({"name": "某大学"}))),
        (Method::PATCH, "/api/admin/schools/1", Some(json!({"name": "某大学"}))),
        (Method::DELETE, "/api/admin/schools/1", None),
        (Method::POST, "/api/admin/schools/1/merge", Some(json!({"into": 2}))),
        (Method::GET, "/api/admin/tags", None),
        (Method::POST, "/api/admin/tags", Some(json!({"name": "x"}))),
        (Method::PATCH, "/api/admin/tags/1", Some(json!({"name": "x"}))),
        (Method::DELETE, "/api/admin/tags/1", None),
        (Method::POST, "/api/admin/tags/1/merge", Some(json!({"into": 2}))),
        (Method::GET, "/api/admin/stats?days=30", None),
    ]
}

async fn upload(app: &TestApp, token: Option<&str>, text: &[u8]) -> Resp {
    let form = Form::new().part("file", Part::bytes(text.to_vec()).file_name("questions.jsonl"));
    let mut req = app.client.post(app.url("/api/questions/import")).multipart(form);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    TestApp::read(req.send().await.unwrap()).await
}

async fn export(app: &TestApp, token: &str) -> String {
    let r = app.client.get(app.url("/api/questions/export")).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.text().await.unwrap()
}

#[tokio::test]
async fn every_admin_endpoint_refuses_anonymous_and_normal_users() {
    let app = TestApp::spawn().await;
    let u = app.signup("plain").await;
    for (method, path, body) in admin_endpoints() {
        let r = app.call(method.clone(), path, None, body.clone()).await;
        assert_eq!(r.status, 401, "{method} {path} anonymous: {}", r.text);
        let r = app.call(method.clone(), path, Some(&u.token), body).await;
        assert_eq!((r.status, r.code()), (403, "forbidden"), "{method} {path} as a user: {}", r.text);
    }
    assert_eq!(upload(&app, None, b"{}").await.status, 401);
    assert_eq!(upload(&app, Some(&u.token), b"{}").await.status, 403);
}

#[tokio::test]
async fn careers_are_added_renamed_and_deleted_only_while_unused() {
    let app = TestApp::spawn().await;
    let a = app.admin("boss").await;
    let r = app.get("/api/admin/careers", Some(&a.token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let seeded = r.body.as_array().unwrap().len();
    assert!(seeded >= 20);

    let r = app.post("/api/admin/careers", Some(&a.token), json!({"name": "  区块链  "})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.body["name"].as_str(), r.body["uses"].as_u64()), (Some("区块链"), Some(0)));
    let id = r.body["id"].as_i64().unwrap();
    // Bad input and duplicates, nothing written.
    for bad in [json!({"name": "   "}), json!({"name": "x".repeat(51)}), json!({})] {
        let r = app.post("/api/admin/careers", Some(&a.token), bad.clone()).await;
        assert_eq!((r.status, r.code()), (400, "validation_failed"), "{bad}: {}", r.text);
    }
    let r = app.post("/api/admin/careers", Some(&a.token), json!({"name": "unknown", "extra": 1})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.post("/api/admin/careers", Some(&a.token), json!({"name": "后端"})).await;
    assert_eq!((r.status, r.code()), (409, "name_taken"), "{}", r.text);
    let r = app.get("/api/admin/careers", Some(&a.token)).await;
    assert_eq!(r.body.as_array().unwrap().len(), seeded + 1);
    assert_eq!(r.body.as_array().unwrap().last().unwrap()["name"], "区块链", "new careers go last");

    // Rename: the public catalog follows; a name another has is refused.
    let r = app.patch(&format!("/api/admin/careers/{id}"), Some(&a.token), json!({"name": "Web3"})).await;
    assert_eq!((r.status, r.body["name"].as_str()), (200, Some("Web3")), "{}", r.text);
    let r = app.patch(&format!("/api/admin/careers/{id}"), Some(&a.token), json!({"name": "前端"})).await;
    assert_eq!((r.status, r.code()), (409, "name_taken"));
    let r = app.patch("/api/admin/careers/999999", Some(&a.token), json!({"name": "无"})).await;
    assert_eq!((r.status, r.code()), (404, "not_found"));
    let r = app.get("/api/careers", None).await;
    assert!(r.body["items"].as_array().unwrap().iter().any(|c| c["id"] == id && c["name"] == "Web3"), "{}", r.text);

    // In use (a question carries it): 409 and it stays; unused: deleted.
    let q = app.post("/api/questions", Some(&a.token), json!({"content": "什么是智能合约？", "career_id": id})).await;
    assert_eq!(q.status, 201, "{}", q.text);
    let r = app.delete(&format!("/api/admin/careers/{id}"), Some(&a.token), None).await;
    assert_eq!((r.status, r.code()), (409, "in_use"), "{}", r.text);
    let r = app.get("/api/admin/careers", Some(&a.token)).await;
    assert_eq!(r.body.as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()["uses"], 1);
    let r = app.delete(&format!("/api/questions/{}", q.body["id"]), Some(&a.token), None).await;
    assert_eq!(r.status, 204);
    let r = app.delete(&format!("/api/admin/careers/{id}"), Some(&a.token), None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(app.delete(&format!("/api/admin/careers/{id}"), Some(&a.token), None).await.status, 404);
    // Messages come in the caller's language.
    let r = app.call_with(reqwest::Method::POST, "/api/admin/careers", Some(&a.token), Some(json!({"name": "后端"})), &[("Accept-Language", "en")]).await;
    assert!(r.body["message"].as_str().unwrap().is_ascii(), "{}", r.text);
}

#[tokio::test]
async fn schools_are_renamed_merged_and_deleted_only_while_unused() {
    let app = TestApp::spawn().await;
    let a = app.admin("boss").await;
    let u = app.signup("student").await;
    let s1 = app.post("/api/admin/schools", Some(&a.token), json!({"name": "星河大学", "region": "北京"})).await;
    assert_eq!(s1.status, 201, "{}", s1.text);
    let s2 = app.post("/api/admin/schools", Some(&a.token), json!({"name": "星河大學"})).await;
    let (s1, s2) = (s1.body["id"].as_i64().unwrap(), s2.body["id"].as_i64().unwrap());
    let r = app.post("/api/admin/schools", Some(&a.token), json!({"name": "星河大学"})).await;
    assert_eq!((r.status, r.code()), (409, "name_taken"));
    let r = app.post("/api/admin/schools", Some(&a.token), json!({"name": "某校", "region": "r".repeat(51)})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);

    // The user picks the duplicate spelling; it cannot be deleted, but merged.
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"school_id": s2})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.delete(&format!("/api/admin/schools/{s2}"), Some(&a.token), None).await;
    assert_eq!((r.status, r.code()), (409, "in_use"), "{}", r.text);
    let r = app.get(&format!("/api/admin/schools?q={}", crate::experiences::urlencode("星河")), Some(&a.token)).await;
    assert_eq!(r.body["total"], 2, "{}", r.text);
    assert_eq!(r.body["items"].as_array().unwrap().iter().find(|s| s["id"] == s2).unwrap()["users"], 1);
    let r = app.post(&format!("/api/admin/schools/{s2}/merge"), Some(&a.token), json!({"into": s2})).await;
    assert_eq!((r.status, r.code()), (400, "merge_self"));
    let r = app.post(&format!("/api/admin/schools/{s2}/merge"), Some(&a.token), json!({"into": 999999})).await;
    assert_eq!(r.status, 404);
    let r = app.post(&format!("/api/admin/schools/{s2}/merge"), Some(&a.token), json!({"into": s1})).await;
    assert_eq!((r.status, r.body["id"].as_i64(), r.body["users"].as_u64()), (200, Some(s1), Some(1)), "{}", r.text);
    let me = app.get("/api/users/profile", Some(&u.token)).await;
    assert_eq!(me.body["school_id"], s1, "{}", me.text);

    // Rename and clear the region; the public list follows.
    let r = app.patch(&format!("/api/admin/schools/{s1}"), Some(&a.token), json!({"name": "星河理工大学", "region": null})).await;
    assert_eq!((r.status, r.body["name"].as_str(), r.body["region"].is_null()), (200, Some("星河理工大学"), true), "{}", r.text);
    let r = app.get(&format!("/api/schools?q={}", crate::experiences::urlencode("星河")), None).await;
    assert_eq!(r.body["items"][0]["name"], "星河理工大学");
    let fresh = app.post("/api/admin/schools", Some(&a.token), json!({"name": "空校"})).await.body["id"].as_i64().unwrap();
    assert_eq!(app.delete(&format!("/api/admin/schools/{fresh}"), Some(&a.token), None).await.status, 204);
    assert_eq!(app.get("/api/admin/schools?per_page=500", Some(&a.token)).await.status, 400);
}

async fn discussion(app: &TestApp, u: &TestUser, tags: &[&str]) -> i64 {
    let r = app.post("/api/discussions", Some(&u.token), json!({"title": "讨论一下", "content": "内容", "tags": tags})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn tag_id(app: &TestApp, a: &TestUser, name: &str) -> (i64, i64) {
    let r = app.get(&format!("/api/admin/tags?q={}", crate::experiences::urlencode(name)), Some(&a.token)).await;
    let t = r.body["items"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("no tag {name}: {}", r.text)).clone();
    (t["id"].as_i64().unwrap(), t["usage_count"].as_i64().unwrap())
}

async fn tags_of(app: &TestApp, id: i64) -> Vec<String> {
    let r = app.get(&format!("/api/discussions/{id}"), None).await;
    r.body["tags"].as_array().unwrap_or_else(|| panic!("{}", r.text)).iter().map(|t| t.as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn tags_are_renamed_merged_or_detached_in_one_go() {
    let app = TestApp::spawn().await;
    let a = app.admin("boss").await;
    let u = app.signup("writer").await;
    let d1 = discussion(&app, &u, &["golang", "面试"]).await;
    let d2 = discussion(&app, &u, &["Go", "golang"]).await;
    let d3 = discussion(&app, &u, &["Go"]).await;
    let (golang, n) = tag_id(&app, &a, "golang").await;
    assert_eq!(n, 2);
    let (go, _) = tag_id(&app, &a, "Go").await;

    let r = app.post("/api/admin/tags", Some(&a.token), json!({"name": "GO"})).await;
    assert_eq!((r.status, r.code()), (409, "name_taken"), "same name ignoring case");
    let r = app.post("/api/admin/tags", Some(&a.token), json!({"name": " "})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    let r = app.post("/api/admin/tags", Some(&a.token), json!({"name": "Rust"})).await;
    assert_eq!((r.status, r.body["usage_count"].as_i64()), (201, Some(0)), "{}", r.text);
    let rust = r.body["id"].as_i64().unwrap();
    let r = app.patch(&format!("/api/admin/tags/{golang}"), Some(&a.token), json!({"name": "go"})).await;
    assert_eq!((r.status, r.code()), (409, "name_taken"), "another tag has it: merge instead");

    // Merge golang into Go: each discussion carries Go once, counts exact.
    let r = app.post(&format!("/api/admin/tags/{golang}/merge"), Some(&a.token), json!({"into": golang})).await;
    assert_eq!((r.status, r.code()), (400, "merge_self"));
    let r = app.post(&format!("/api/admin/tags/{golang}/merge"), Some(&a.token), json!({"into": go})).await;
    assert_eq!((r.status, r.body["usage_count"].as_i64()), (200, Some(3)), "{}", r.text);
    let t1 = tags_of(&app, d1).await;
    assert!(t1.contains(&"Go".to_owned()) && t1.contains(&"面试".to_owned()) && t1.len() == 2, "{t1:?}");
    assert_eq!(tags_of(&app, d2).await, vec!["Go".to_owned()]);
    assert_eq!(app.post(&format!("/api/admin/tags/{golang}/merge"), Some(&a.token), json!({"into": go})).await.status, 404);

    // Rename: the discussions show the new name.
    let r = app.patch(&format!("/api/admin/tags/{go}"), Some(&a.token), json!({"name": "Go 语言"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(tags_of(&app, d3).await, vec!["Go 语言".to_owned()]);
    // Delete: detached from every discussion, the discussions stay.
    assert_eq!(app.delete(&format!("/api/admin/tags/{go}"), Some(&a.token), None).await.status, 204);
    assert!(tags_of(&app, d3).await.is_empty());
    assert_eq!(tags_of(&app, d1).await, vec!["面试".to_owned()]);
    assert_eq!(app.delete(&format!("/api/admin/tags/{rust}"), Some(&a.token), None).await.status, 204);
    assert_eq!(app.delete(&format!("/api/admin/tags/{rust}"), Some(&a.token), None).await.status, 404);
}

#[tokio::test]
async fn the_question_import_reports_each_bad_line_and_round_trips_the_export() {
    let app = TestApp::spawn().await;
    let a = app.admin("boss").await;
    let file = [
        r#"{"question": "什么是 MVCC？", "answer": "多版本并发控制。", "career": "后端", "tags": ["MySQL"], "difficulty": "medium", "key_points": ["版本链", "Read View"]}"#,
        "",
        r#"{"question": "TCP 三次握手的过程？", "lang": "zh", "career": "区块链工程"}"#,
        r#"{"answer": "no question"}"#,
        "not json",
        r#"{"question": "q", "difficulty": "extreme"}"#,
    ]
    .join("\n");
    let r = upload(&app, Some(&a.token), file.as_bytes()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["lines"].as_u64(), r.body["inserted"].as_u64(), r.body["skipped"].as_u64()), (Some(5), Some(2), Some(0)), "{}", r.text);
    let errors: Vec<(u64, String)> = r.body["errors"].as_array().unwrap().iter().map(|e| (e["line"].as_u64().unwrap(), e["reason"].as_str().unwrap().to_owned())).collect();
    assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), vec![4, 5, 6], "{errors:?}");
    assert_eq!(errors[0].1, "question is missing");
    assert!(errors[1].1.starts_with("invalid JSON"), "{errors:?}");
    // The career named in the file now exists.
    assert!(app.get("/api/careers", None).await.body["items"].as_array().unwrap().iter().any(|c| c["name"] == "区块链工程"));
    // Again: nothing new, the valid ones are skipped.
    let r = upload(&app, Some(&a.token), file.as_bytes()).await;
    assert_eq!((r.body["inserted"].as_u64(), r.body["skipped"].as_u64()), (Some(0), Some(2)), "{}", r.text);

    // Export → import into an empty site gives the same bank, key points included.
    let out = export(&app, &a.token).await;
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains(r#""key_points":["版本链","Read View"]"#), "{out}");
    let other = TestApp::spawn().await;
    let b = other.admin("boss2").await;
    let r = upload(&other, Some(&b.token), out.as_bytes()).await;
    assert_eq!((r.body["inserted"].as_u64(), r.body["errors"].as_array().map(Vec::len)), (Some(2), Some(0)), "{}", r.text);
    let strip = |s: &str| s.lines().map(|l| {
        let mut v: Value = serde_json::from_str(l).unwrap();
        v.as_object_mut().unwrap().remove("id");
        v
    }).collect::<Vec<_>>();
    assert_eq!(strip(&export(&other, &b.token).await), strip(&out));

    // Bad uploads: no file field, not UTF-8, too large.
    let form = Form::new().text("other", "x");
    let r = TestApp::read(app.client.post(app.url("/api/questions/import")).bearer_auth(&a.token).multipart(form).send().await.unwrap()).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    let r = upload(&app, Some(&a.token), b"{\"question\": \"\xff\xfe\"}\n").await;
    assert_eq!((r.status, r.body["errors"][0]["reason"].as_str()), (200, Some("line is not UTF-8")), "{}", r.text);
    let big = vec![b' '; 21 * 1024 * 1024];
    let r = upload(&app, Some(&a.token), &big).await;
    assert_eq!((r.status, r.code()), (413, "payload_too_large"), "{}", r.text);
}

#[tokio::test]
async fn stats_count_users_posts_active_users_and_interviews_per_day() {
    let app = TestApp::spawn().await;
    let a = app.admin("boss").await;
    let u = app.signup("writer").await;
    let before = app.get("/api/admin/stats?days=7", Some(&a.token)).await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!(before.body["series"].as_array().unwrap().len(), 7);
    let today = before.body["to"].as_str().unwrap().to_owned();
    let last = |r: &Resp| r.body["series"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last(&before)["date"], today.as_str());
    assert!(last(&before)["new_users"].as_u64().unwrap() >= 2);
    assert!(last(&before)["active_users"].as_u64().unwrap() >= 2, "both logged in today: {}", before.text);

    crate::experiences::post(&app, &u, crate::experiences::sample("后端一面", "腾讯")).await;
    discussion(&app, &u, &[]).await;
    for content in ["讲讲 Redis 的持久化", "MySQL 的隔离级别有哪些？", "HTTP 和 HTTPS 的区别？"] {
        let q = app.post("/api/questions", Some(&a.token), json!({"content": content, "career_id": 2})).await;
        assert_eq!(q.status, 201, "{}", q.text);
    }
    let m = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "career_id": 2, "question_count": 3})).await;
    assert_eq!(m.status, 201, "{}", m.text);

    let r = app.get("/api/admin/stats?days=7", Some(&a.token)).await;
    let (b, n) = (last(&before), last(&r));
    for (k, d) in [("experiences", 1), ("discussions", 1), ("posts", 2), ("mock_interviews", 1)] {
        assert_eq!(n[k].as_u64().unwrap(), b[k].as_u64().unwrap() + d, "{k}: {}", r.text);
    }
    assert_eq!(r.body["totals"]["posts"].as_u64(), before.body["totals"]["posts"].as_u64().map(|p| p + 2));
    assert!(r.body["users"].as_u64().unwrap() >= 2);
    assert_eq!(app.get("/api/admin/stats", Some(&a.token)).await.body["series"].as_array().unwrap().len(), 30, "30 days by default");
    for bad in ["days=0", "days=367", "days=x"] {
        let r = app.get(&format!("/api/admin/stats?{bad}"), Some(&a.token)).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
}

#[tokio::test]
async fn whether_an_admin_exists_is_public_and_tells_nothing_more() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/admin/claim", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, json!({"admin_exists": false}));
    app.admin("boss").await;
    let r = app.get("/api/admin/claim", None).await;
    assert_eq!(r.body, json!({"admin_exists": true}));
}
