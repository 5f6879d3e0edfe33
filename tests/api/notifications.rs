//! Notifications (issue 19): each kind is created by the write that causes
//! it, never for oneself, without the anonymous author's name; only the
//! recipient reads and marks them; optional mail.

use serde_json::{json, Value};

use crate::experiences::{post, sample};
use crate::helpers::{Resp, TestApp, TestUser};

async fn inbox(app: &TestApp, u: &TestUser) -> Vec<Value> {
    let r = app.get("/api/notifications", Some(&u.token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["items"].as_array().unwrap().clone()
}

async fn unread(app: &TestApp, u: &TestUser) -> i64 {
    let r = app.get("/api/notifications/unread-count", Some(&u.token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["unread"].as_i64().unwrap()
}

async fn comment(app: &TestApp, u: &TestUser, path: &str, body: Value) -> i64 {
    let r: Resp = app.post(path, Some(&u.token), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn comments_and_replies_notify_the_post_author_and_the_replied_to_but_never_oneself() {
    let app = TestApp::spawn().await;
    let (a, b, c) = (app.signup("author").await, app.signup("beebee").await, app.signup("ceecee").await);
    let id = post(&app, &a, sample("字节一面", "字节跳动")).await;
    let path = format!("/api/experiences/{id}/comments");
    comment(&app, &a, &path, json!({"content": "自己先顶一下"})).await;
    assert_eq!(unread(&app, &a).await, 0, "nobody is told of their own comment");
    let top = comment(&app, &b, &path, json!({"content": "**请问**几面？"})).await;
    assert_eq!(unread(&app, &a).await, 1);
    let n = &inbox(&app, &a).await[0];
    assert_eq!((n["kind"].as_str(), n["actor"]["id"].as_i64(), n["excerpt"].as_str()), (Some("experience_comment"), Some(b.id), Some("请问几面？")));
    assert_eq!(n["link"], format!("/experiences/{id}#comment-{top}"));
    assert_eq!((n["read"].as_bool(), n["actor_op"].as_bool()), (Some(false), Some(false)));
    // C replies to B: B hears of the reply, A of a comment on the post.
    let reply = comment(&app, &c, &path, json!({"content": "三面", "parent_id": top})).await;
    let nb = inbox(&app, &b).await;
    assert_eq!(nb.len(), 1);
    assert_eq!((nb[0]["kind"].as_str(), nb[0]["target_id"].as_i64()), (Some("comment_reply"), Some(reply)));
    assert_eq!(unread(&app, &a).await, 2);
    // A replies to B: B once (a reply), A not at all.
    comment(&app, &a, &path, json!({"content": "三面，都是算法", "parent_id": top})).await;
    assert_eq!((unread(&app, &b).await, unread(&app, &a).await), (2, 2));
    // B replies to A's own comment on A's post: A is told once, as a reply.
    let own = comment(&app, &a, &path, json!({"content": "补充一下"})).await;
    comment(&app, &b, &path, json!({"content": "谢谢", "parent_id": own})).await;
    let na = inbox(&app, &a).await;
    assert_eq!(na.len(), 3);
    assert_eq!(na[0]["kind"], "comment_reply");
    // Discussions too.
    let d = app.post("/api/discussions", Some(&b.token), json!({"title": "怎么准备", "content": "求建议"})).await.body["id"].as_i64().unwrap();
    comment(&app, &c, &format!("/api/discussions/{d}/comments"), json!({"content": "刷题"})).await;
    let n = &inbox(&app, &b).await[0];
    assert_eq!((n["kind"].as_str(), n["post_type"].as_str(), n["post_id"].as_i64()), (Some("discussion_comment"), Some("discussion"), Some(d)));
}

#[tokio::test]
async fn the_anonymous_authors_replies_do_not_name_them() {
    let app = TestApp::spawn().await;
    let (a, b) = (app.signup("shyone").await, app.signup("asker").await);
    let mut body = sample("匿名面经", "腾讯");
    body["anonymous"] = json!(true);
    let id = post(&app, &a, body).await;
    let path = format!("/api/experiences/{id}/comments");
    let top = comment(&app, &b, &path, json!({"content": "楼主是哪个组？"})).await;
    assert_eq!(inbox(&app, &a).await[0]["actor"]["id"].as_i64(), Some(b.id), "others stay named");
    comment(&app, &a, &path, json!({"content": "不方便说", "parent_id": top})).await;
    let n = &inbox(&app, &b).await[0];
    assert_eq!(n["kind"], "comment_reply");
    assert!(n["actor"].is_null(), "the anonymous author is not unmasked: {n}");
    assert_eq!(n["actor_op"], true);
    assert!(!app.get("/api/notifications", Some(&b.token)).await.text.contains("shyone"), "not even the account name");
}

#[tokio::test]
async fn an_official_answer_to_feedback_notifies_its_author() {
    let app = TestApp::spawn().await;
    let (u, admin) = (app.signup("user").await, app.admin("boss").await);
    let f = app.post("/api/feedback", Some(&u.token), json!({"content": "搜索太慢"})).await.body["id"].as_i64().unwrap();
    let mine = app.post("/api/feedback", Some(&admin.token), json!({"content": "自测"})).await.body["id"].as_i64().unwrap();
    assert_eq!(app.patch(&format!("/api/feedbacks/{f}"), Some(&admin.token), json!({"status": "in_progress"})).await.status, 200);
    assert_eq!(unread(&app, &u).await, 0, "a status change alone says nothing");
    assert_eq!(app.patch(&format!("/api/feedbacks/{f}"), Some(&admin.token), json!({"reply": "已优化"})).await.status, 200);
    app.patch(&format!("/api/feedbacks/{f}"), Some(&admin.token), json!({"reply": "已优化"})).await;
    let n = inbox(&app, &u).await;
    assert_eq!(n.len(), 1, "the same answer again is not news");
    assert_eq!((n[0]["kind"].as_str(), n[0]["excerpt"].as_str(), n[0]["link"].as_str()), (Some("feedback_reply"), Some("已优化"), Some("/feedback")));
    assert!(n[0]["actor"].is_null());
    app.patch(&format!("/api/feedbacks/{mine}"), Some(&admin.token), json!({"reply": "ok"})).await;
    assert_eq!(unread(&app, &admin).await, 0, "never notified of one's own answer");
}

#[tokio::test]
async fn only_the_recipient_reads_and_marks_and_others_get_404() {
    let app = TestApp::spawn().await;
    let (a, b) = (app.signup("author").await, app.signup("beebee").await);
    let id = post(&app, &a, sample("阿里一面", "阿里巴巴")).await;
    let path = format!("/api/experiences/{id}/comments");
    for i in 0..3 {
        comment(&app, &b, &path, json!({"content": format!("第 {i} 条")})).await;
    }
    let list = inbox(&app, &a).await;
    assert_eq!(list.len(), 3);
    let first = list[0]["id"].as_i64().unwrap();
    assert!(inbox(&app, &b).await.is_empty(), "B sees none of A's");
    assert_eq!(app.post(&format!("/api/notifications/{first}/read"), Some(&b.token), json!({})).await.status, 404);
    assert_eq!(app.post("/api/notifications/999999/read", Some(&a.token), json!({})).await.status, 404);
    assert_eq!(unread(&app, &a).await, 3, "the wrong user's call changed nothing");
    assert_eq!(app.post(&format!("/api/notifications/{first}/read"), Some(&a.token), json!({})).await.status, 204);
    assert_eq!(app.post(&format!("/api/notifications/{first}/read"), Some(&a.token), json!({})).await.status, 204, "idempotent");
    assert_eq!(unread(&app, &a).await, 2);
    let r = app.get("/api/notifications?unread=true&per_page=1", Some(&a.token)).await;
    assert_eq!((r.body["total"].as_i64(), r.body["items"].as_array().unwrap().len()), (Some(2), 1));
    assert!(r.body["items"].as_array().unwrap().iter().all(|n| n["read"] == false));
    let r = app.post("/api/notifications/read-all", Some(&a.token), json!({})).await;
    assert_eq!((r.status, r.body["marked"].as_i64()), (200, Some(2)));
    assert_eq!(unread(&app, &a).await, 0);
    assert_eq!(app.get("/api/notifications?unread=true", Some(&a.token)).await.body["total"], 0);
    assert_eq!(app.get("/api/notifications", Some(&a.token)).await.body["total"], 3, "read ones stay listed");
}

#[tokio::test]
async fn anonymous_callers_get_401_and_bad_input_400() {
    let app = TestApp::spawn().await;
    let u = app.signup("user").await;
    for path in ["/api/notifications", "/api/notifications/unread-count", "/api/notifications/settings"] {
        assert_eq!(app.get(path, None).await.status, 401, "{path}");
    }
    assert_eq!(app.post("/api/notifications/1/read", None, json!({})).await.status, 401);
    assert_eq!(app.post("/api/notifications/read-all", None, json!({})).await.status, 401);
    let r = app.get("/api/notifications?unread=maybe", Some(&u.token)).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.get("/api/notifications?per_page=1000", Some(&u.token)).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    let r = app.put("/api/notifications/settings", Some(&u.token), json!({"by_mail": "yes"})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(app.post("/api/notifications/abc/read", Some(&u.token), json!({})).await.status, 400);
}

#[tokio::test]
async fn deleting_the_comment_or_the_post_removes_its_notifications() {
    let app = TestApp::spawn().await;
    let (a, b) = (app.signup("author").await, app.signup("beebee").await);
    let id = post(&app, &a, sample("美团一面", "美团")).await;
    let path = format!("/api/experiences/{id}/comments");
    let c1 = comment(&app, &b, &path, json!({"content": "一"})).await;
    comment(&app, &b, &path, json!({"content": "二"})).await;
    assert_eq!(unread(&app, &a).await, 2);
    assert_eq!(app.delete(&format!("/api/comments/{c1}"), Some(&b.token), None).await.status, 204);
    assert_eq!(unread(&app, &a).await, 1);
    assert_eq!(inbox(&app, &a).await[0]["excerpt"], "二");
    let d = app.post("/api/discussions", Some(&a.token), json!({"title": "t", "content": "c"})).await.body["id"].as_i64().unwrap();
    comment(&app, &b, &format!("/api/discussions/{d}/comments"), json!({"content": "三"})).await;
    assert_eq!(unread(&app, &a).await, 2);
    assert_eq!(app.delete(&format!("/api/discussions/{d}"), Some(&a.token), None).await.status, 204);
    assert_eq!(unread(&app, &a).await, 1);
    assert_eq!(app.delete(&format!("/api/experiences/{id}"), Some(&a.token), None).await.status, 204);
    assert_eq!(unread(&app, &a).await, 0);
    assert!(inbox(&app, &a).await.is_empty());
}

#[tokio::test]
async fn mail_goes_only_to_users_who_opted_in_with_a_verified_address_and_is_bounded() {
    let app = TestApp::spawn_with(|c| c.notify_mail_per_hour = 2).await;
    let (a, b) = (app.signup("author").await, app.signup("beebee").await);
    let r = app.get("/api/notifications/settings", Some(&a.token)).await;
    assert_eq!((r.status, r.body["by_mail"].as_bool()), (200, Some(false)), "off by default");
    let id = post(&app, &a, sample("快手一面", "快手")).await;
    let path = format!("/api/experiences/{id}/comments");
    comment(&app, &b, &path, json!({"content": "before opting in"})).await;
    let r = app.call_with(reqwest::Method::PUT, "/api/notifications/settings", Some(&a.token), Some(json!({"by_mail": true})), &[("accept-language", "en")]).await;
    assert_eq!((r.status, r.body["by_mail"].as_bool(), r.body["lang"].as_str()), (200, Some(true), Some("en")));
    comment(&app, &b, &path, json!({"content": "unverified address"})).await;
    // Verified addresses only: an unverified one may be someone else's.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    mianjing::entity::user::Entity::update_many()
        .col_expr(mianjing::entity::user::Column::EmailVerifiedAt, sea_orm::sea_query::Expr::value(chrono::Utc::now()))
        .filter(mianjing::entity::user::Column::Id.is_in([a.id, b.id]))
        .exec(&app.state.db.write)
        .await
        .unwrap();
    for i in 0..4 {
        comment(&app, &b, &path, json!({"content": format!("mail me {i}")})).await;
    }
    let mut mails = Vec::new();
    for _ in 0..50 {
        mails = app.outbox(&a.email);
        if mails.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mails = if mails.len() < 2 { mails } else { app.outbox(&a.email) };
    assert_eq!(mails.len(), 2, "at most notify_mail_per_hour a hour");
    assert!(mails[0].contains("New comment on your interview experience"), "{}", mails[0]);
    assert!(mails.iter().all(|m| !m.contains("before opting in") && !m.contains("unverified address")));
    assert!(app.outbox(&b.email).is_empty(), "B did not opt in");
    assert_eq!(unread(&app, &a).await, 6, "every notification is in the app");
}

#[tokio::test]
async fn the_unread_count_stops_at_100_and_the_total_at_1000() {
    let app = TestApp::spawn().await;
    let (a, b) = (app.signup("author").await, app.signup("beebee").await);
    let id = post(&app, &a, sample("大厂一面", "字节跳动")).await;
    // Rows as the comments would write them, without 1,001 requests.
    let one = mianjing::store::notifications::NewNotification {
        recipient_id: a.id,
        kind: mianjing::entity::enums::NotificationKind::ExperienceComment,
        actor_id: Some(b.id),
        target: mianjing::entity::enums::NotificationTarget::Comment,
        target_id: 1,
        post: Some((mianjing::entity::enums::TargetType::Experience, id)),
        excerpt: "x".into(),
        note: None,
    };
    mianjing::store::notifications::insert_all(&app.state.db.write, &vec![one; 1001]).await.unwrap();
    assert_eq!(unread(&app, &a).await, 100);
    let r = app.get("/api/notifications?page=51&per_page=20", Some(&a.token)).await;
    assert_eq!((r.body["total"].as_i64(), r.body["items"].as_array().unwrap().len()), (Some(1000), 1), "later pages are still served");
    app.post("/api/notifications/read-all", Some(&a.token), json!({})).await;
    assert_eq!(unread(&app, &a).await, 0);
}
