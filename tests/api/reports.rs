//! Reports (举报) and moderation (issue 19): reporting, the admin-only
//! queue, and what hide, delete and dismiss do to the content and whom
//! they notify.

use serde_json::{json, Value};

use crate::experiences::{post, sample};
use crate::helpers::{TestApp, TestUser};

async fn report(app: &TestApp, u: &TestUser, target_type: &str, target_id: i64, reason: &str) -> i64 {
    let r = app.post("/api/reports", Some(&u.token), json!({"target_type": target_type, "target_id": target_id, "reason": reason})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "open");
    r.body["id"].as_i64().unwrap()
}

async fn kinds(app: &TestApp, u: &TestUser) -> Vec<Value> {
    app.get("/api/notifications", Some(&u.token)).await.body["items"].as_array().unwrap().iter().map(|n| n["kind"].clone()).collect()
}

#[tokio::test]
async fn reporting_needs_login_a_live_target_of_someone_else_and_a_known_reason() {
    let app = TestApp::spawn().await;
    let (a, b) = (app.signup("author").await, app.signup("beebee").await);
    let id = post(&app, &a, sample("字节一面", "字节跳动")).await;
    let body = json!({"target_type": "experience", "target_id": id, "reason": "spam"});
    assert_eq!(app.post("/api/reports", None, body.clone()).await.status, 401);
    let r = app.post("/api/reports", Some(&a.token), body.clone()).await;
    assert_eq!((r.status, r.code()), (400, "cannot_report_own"));
    let r = app.post("/api/reports", Some(&b.token), json!({"target_type": "experience", "target_id": id, "reason": "boring"})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.post("/api/reports", Some(&b.token), json!({"target_type": "question", "target_id": id, "reason": "spam"})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.post("/api/reports", Some(&b.token), json!({"target_type": "experience", "target_id": id, "reason": "other", "detail": "  "})).await;
    assert_eq!((r.status, r.code(), r.body["fields"]["detail"].is_array()), (400, "validation_failed", true), "{}", r.text);
    let r = app.post("/api/reports", Some(&b.token), json!({"target_type": "experience", "target_id": id, "reason": "other", "detail": "x".repeat(1001)})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    let r = app.post("/api/reports", Some(&b.token), json!({"target_type": "comment", "target_id": 999999, "reason": "spam"})).await;
    assert_eq!(r.status, 404);
    report(&app, &b, "experience", id, "spam").await;
    let r = app.post("/api/reports", Some(&b.token), body.clone()).await;
    assert_eq!((r.status, r.code()), (409, "report_exists"), "one open report per user and target");
    let r = app.call_with(reqwest::Method::POST, "/api/reports", Some(&b.token), Some(body), &[("accept-language", "en")]).await;
    assert!(r.body["message"].as_str().unwrap().contains("already reported"), "{}", r.text);
}

#[tokio::test]
async fn only_admins_see_the_queue_and_resolve() {
    let app = TestApp::spawn().await;
    let (a, b, admin) = (app.signup("author").await, app.signup("beebee").await, app.admin("boss").await);
    let id = post(&app, &a, sample("腾讯一面", "腾讯")).await;
    let rid = report(&app, &b, "experience", id, "abuse").await;
    assert_eq!(app.get("/api/admin/reports?status=open", None).await.status, 401);
    assert_eq!(app.get("/api/admin/reports?status=open", Some(&b.token)).await.status, 403);
    let resolve = format!("/api/admin/reports/{rid}/resolve");
    assert_eq!(app.post(&resolve, Some(&b.token), json!({"action": "delete"})).await.status, 403);
    assert_eq!(app.post(&resolve, None, json!({"action": "delete"})).await.status, 401);
    let q = app.get("/api/admin/reports?status=open", Some(&admin.token)).await;
    assert_eq!((q.status, q.body["total"].as_i64()), (200, Some(1)), "{}", q.text);
    let item = &q.body["items"][0];
    assert_eq!((item["id"].as_i64(), item["reason"].as_str(), item["reporter_id"].as_i64()), (Some(rid), Some("abuse"), Some(b.id)));
    assert_eq!((item["content"]["excerpt"].as_str(), item["content"]["removed"].as_bool()), (Some("腾讯一面"), Some(false)));
    assert_eq!(app.get("/api/admin/reports?status=nope", Some(&admin.token)).await.status, 400);
    let r = app.post(&resolve, Some(&admin.token), json!({"action": "ban"})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(app.post("/api/admin/reports/999999/resolve", Some(&admin.token), json!({"action": "dismiss"})).await.status, 404);
    assert_eq!(app.get(&format!("/api/experiences/{id}"), None).await.status, 200, "nothing changed");
}

#[tokio::test]
async fn dismissing_keeps_the_content_and_tells_only_the_reporter_with_the_note() {
    let app = TestApp::spawn().await;
    let (a, b, admin) = (app.signup("author").await, app.signup("beebee").await, app.admin("boss").await);
    let id = post(&app, &a, sample("阿里一面", "阿里巴巴")).await;
    let rid = report(&app, &b, "experience", id, "off_topic").await;
    let r = app.post(&format!("/api/admin/reports/{rid}/resolve"), Some(&admin.token), json!({"action": "dismiss", "note": "内容与面试相关，不予处理"})).await;
    assert_eq!((r.status, r.body["status"].as_str(), r.body["action"].as_str()), (200, Some("dismissed"), Some("dismiss")), "{}", r.text);
    assert_eq!(app.get(&format!("/api/experiences/{id}"), None).await.status, 200);
    let n = &app.get("/api/notifications", Some(&b.token)).await.body["items"][0];
    assert_eq!((n["kind"].as_str(), n["note"].as_str(), n["excerpt"].as_str()), (Some("report_resolved"), Some("内容与面试相关，不予处理"), Some("阿里一面")));
    assert_eq!(n["link"], format!("/experiences/{id}"));
    assert!(kinds(&app, &a).await.is_empty(), "the author is not told of a dismissed report");
    let r = app.post(&format!("/api/admin/reports/{rid}/resolve"), Some(&admin.token), json!({"action": "delete"})).await;
    assert_eq!((r.status, r.code()), (409, "report_closed"));
    assert_eq!(app.get("/api/admin/reports?status=open", Some(&admin.token)).await.body["total"], 0);
    assert_eq!(app.get("/api/admin/reports?status=dismissed", Some(&admin.token)).await.body["total"], 1);
    // Closed, it may be reported again.
    report(&app, &b, "experience", id, "spam").await;
}

#[tokio::test]
async fn hiding_a_comment_withdraws_it_closes_every_report_on_it_and_tells_reporters_and_author() {
    let app = TestApp::spawn().await;
    let (a, b, c, admin) = (app.signup("author").await, app.signup("beebee").await, app.signup("ceecee").await, app.admin("boss").await);
    let id = post(&app, &a, sample("美团一面", "美团")).await;
    let path = format!("/api/experiences/{id}/comments");
    let bad = app.post(&path, Some(&a.token), json!({"content": "加微信买内推"})).await.body["id"].as_i64().unwrap();
    let r1 = report(&app, &b, "comment", bad, "spam").await;
    let r2 = report(&app, &c, "comment", bad, "spam").await;
    let r = app.post(&format!("/api/admin/reports/{r1}/resolve"), Some(&admin.token), json!({"action": "hide", "note": "已隐藏"})).await;
    assert_eq!((r.status, r.body["status"].as_str(), r.body["content"]["hidden"].as_bool()), (200, Some("resolved"), Some(true)), "{}", r.text);
    let thread = app.get(&path, Some(&b.token)).await;
    assert!(!thread.text.contains("加微信"), "withdrawn from readers: {}", thread.text);
    assert_eq!(app.get(&format!("/api/experiences/{id}"), None).await.body["comments"], 0);
    assert_eq!(app.get("/api/admin/reports?status=open", Some(&admin.token)).await.body["total"], 0, "both reports closed");
    let other = app.post(&format!("/api/admin/reports/{r2}/resolve"), Some(&admin.token), json!({"action": "dismiss"})).await;
    assert_eq!(other.code(), "report_closed");
    for reporter in [&b, &c] {
        let n = &app.get("/api/notifications", Some(&reporter.token)).await.body["items"][0];
        assert_eq!((n["kind"].as_str(), n["note"].as_str()), (Some("report_resolved"), Some("已隐藏")));
    }
    let n = &app.get("/api/notifications", Some(&a.token)).await.body["items"][0];
    assert_eq!((n["kind"].as_str(), n["target_type"].as_str(), n["excerpt"].as_str()), (Some("content_moderated"), Some("comment"), Some("加微信买内推")));
    assert!(n["note"].is_null(), "the note is for the reporter");
    assert!(kinds(&app, &admin).await.is_empty());
}

#[tokio::test]
async fn deleting_a_discussion_or_hiding_a_post_takes_it_out_of_lists_and_detail() {
    let app = TestApp::spawn().await;
    let (a, b, admin) = (app.signup("author").await, app.signup("beebee").await, app.admin("boss").await);
    let d = app.post("/api/discussions", Some(&a.token), json!({"title": "广告帖", "content": "c"})).await.body["id"].as_i64().unwrap();
    let rid = report(&app, &b, "discussion", d, "spam").await;
    let r = app.post(&format!("/api/admin/reports/{rid}/resolve"), Some(&admin.token), json!({"action": "delete"})).await;
    assert_eq!((r.status, r.body["content"]["removed"].as_bool(), r.body["content"]["hidden"].as_bool()), (200, Some(true), Some(false)), "{}", r.text);
    assert_eq!(app.get(&format!("/api/discussions/{d}"), None).await.status, 404);
    assert_eq!(kinds(&app, &a).await, vec![json!("content_moderated")]);
    let id = post(&app, &a, sample("泄题面经", "某公司")).await;
    let rid = report(&app, &b, "experience", id, "illegal").await;
    let r = app.post(&format!("/api/admin/reports/{rid}/resolve"), Some(&admin.token), json!({"action": "hide"})).await;
    assert_eq!((r.status, r.body["content"]["hidden"].as_bool()), (200, Some(true)), "{}", r.text);
    assert_eq!(app.get(&format!("/api/experiences/{id}"), Some(&b.token)).await.status, 404);
    let list = app.get("/api/experiences", None).await;
    assert!(!list.text.contains("泄题面经"), "{}", list.text);
    let q = app.get("/api/admin/reports?status=resolved", Some(&admin.token)).await;
    assert_eq!(q.body["total"], 2);
}
