//! Discussions, tags, comments, favorites and feedback.

use serde_json::json;

use crate::experiences::{post, sample, urlencode};
use crate::helpers::TestApp;

#[tokio::test]
async fn discussions_carry_up_to_five_tags_and_filter_by_tag_and_text() {
    let app = TestApp::spawn().await;
    let u = app.signup("talker").await;
    assert_eq!(app.post("/api/discussions", None, json!({"title": "t", "content": "c"})).await.status, 401);
    let r = app.post("/api/discussions", Some(&u.token), json!({"title": "秋招 Java 后端怎么准备", "content": "求推荐 **JVM** 资料", "tags": ["秋招", "Java", "java", " #JVM "]})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let a = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["tags"], json!(["秋招", "Java", "JVM"]), "in the author's order, duplicates ignoring case merged");
    let b = app.post("/api/discussions", Some(&u.token), json!({"title": "前端八股", "content": "React Hooks 原理", "tags": ["前端", "秋招"]})).await.body["id"].as_i64().unwrap();
    let r = app.post("/api/discussions", Some(&u.token), json!({"title": "t", "content": "c", "tags": ["a", "b", "c", "d", "e", "f"]})).await;
    assert_eq!((r.status, r.body["fields"]["tags"].is_array()), (400, true));
    let r = app.post("/api/discussions", Some(&u.token), json!({"title": "", "content": "", "tags": ["x".repeat(21)]})).await;
    for f in ["title", "content", "tags"] {
        assert!(r.body["fields"][f].is_array(), "{f}: {}", r.text);
    }
    let ids = |r: &crate::helpers::Resp| r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(&app.get(&format!("/api/discussions?tag={}", urlencode("秋招")), None).await), vec![b, a]);
    assert_eq!(ids(&app.get("/api/discussions?tag=JAVA", None).await), vec![a]);
    assert_eq!(ids(&app.get(&format!("/api/discussions?q={}", urlencode("资料")), None).await), vec![a]);
    assert_eq!(ids(&app.get("/api/discussions?q=hooks", None).await), vec![b]);
    let tags = app.get("/api/tags", None).await;
    assert_eq!(tags.body["items"][0], json!({"name": "秋招", "count": 2}));
    assert_eq!(app.get("/api/tags?q=jv", None).await.body["items"][0]["name"], "JVM");
    // Editing tags and deleting keep the counts exact.
    let r = app.patch(&format!("/api/discussions/{a}"), Some(&u.token), json!({"tags": ["Java"]})).await;
    assert_eq!(r.body["tags"], json!(["Java"]), "{}", r.text);
    app.delete(&format!("/api/discussions/{b}"), Some(&u.token), None).await;
    let tags = app.get("/api/tags", None).await;
    assert_eq!(tags.body["items"], json!([{"name": "Java", "count": 1}]), "{}", tags.text);
    assert_eq!(app.get("/api/discussions/users", Some(&u.token)).await.body["total"], 1);
    let r = app.get(&format!("/api/discussions/{a}"), None).await;
    assert_eq!((r.body["content"].clone(), r.body["view_count"].clone()), (json!("求推荐 **JVM** 资料"), json!(1)));
    app.state.flush_views().await.unwrap();
    let mine = app.get("/api/discussions/users", Some(&u.token)).await;
    assert_eq!(mine.body["items"][0]["view_count"], 1, "lists show the flushed count: {}", mine.text);
    let r = app.get(&format!("/api/discussions/{a}"), None).await;
    assert_eq!(r.body["view_count"], 2, "stored plus pending: {}", r.text);
}

#[tokio::test]
async fn only_authors_edit_discussions_and_admins_may_delete_them() {
    let app = TestApp::spawn().await;
    let u = app.signup("talker").await;
    let other = app.signup("other").await;
    let admin = app.admin("boss").await;
    let id = app.post("/api/discussions", Some(&u.token), json!({"title": "t", "content": "c"})).await.body["id"].as_i64().unwrap();
    let path = format!("/api/discussions/{id}");
    assert_eq!(app.patch(&path, Some(&other.token), json!({"title": "x"})).await.status, 403);
    assert_eq!(app.delete(&path, Some(&other.token), None).await.status, 403);
    assert_eq!(app.delete(&path, Some(&admin.token), None).await.status, 204);
    assert_eq!(app.get(&path, None).await.status, 404);
    assert_eq!(app.get("/api/discussions/999999", None).await.status, 404);
}

#[tokio::test]
async fn comments_thread_one_level_and_keep_the_counter_exact() {
    let app = TestApp::spawn().await;
    let a = app.signup("author").await;
    let b = app.signup("reader").await;
    let id = post(&app, &a, sample("面经", "京东")).await;
    let base = format!("/api/experiences/{id}/comments");
    assert_eq!(app.post(&base, None, json!({"content": "hi"})).await.status, 401);
    assert_eq!(app.post(&base, Some(&b.token), json!({"content": "   "})).await.status, 400);
    assert_eq!(app.post(&base, Some(&b.token), json!({"content": "x".repeat(5001)})).await.status, 400);
    assert_eq!(app.post("/api/experiences/999999/comments", Some(&b.token), json!({"content": "hi"})).await.status, 404);
    let top = app.post(&base, Some(&b.token), json!({"content": "请问二面问了什么？"})).await;
    assert_eq!(top.status, 201, "{}", top.text);
    let top_id = top.body["id"].as_i64().unwrap();
    let reply = app.post(&base, Some(&a.token), json!({"content": "主要是系统设计", "parent_id": top_id})).await;
    assert_eq!(reply.body["parent_id"], top_id);
    let nested = app.post(&base, Some(&b.token), json!({"content": "谢谢", "parent_id": reply.body["id"]})).await;
    assert_eq!(nested.body["parent_id"], top_id, "a reply to a reply joins the thread");
    let r = app.get(&base, None).await;
    assert_eq!(r.body["total"], 1);
    assert_eq!(r.body["items"][0]["replies"].as_array().unwrap().len(), 2);
    assert_eq!(app.get(&format!("/api/experiences/{id}"), None).await.body["comments"], 3);
    // Edit: author only. Delete: author or admin; a deleted parent with replies stays as a stub.
    let cpath = format!("/api/comments/{top_id}");
    assert_eq!(app.patch(&cpath, Some(&a.token), json!({"content": "改"})).await.status, 403);
    let r = app.patch(&cpath, Some(&b.token), json!({"content": "请问二面问了哪些？"})).await;
    assert_eq!(r.body["content"], "请问二面问了哪些？");
    assert_eq!(app.delete(&cpath, Some(&a.token), None).await.status, 403);
    assert_eq!(app.delete(&cpath, Some(&b.token), None).await.status, 204);
    assert_eq!(app.delete(&cpath, Some(&b.token), None).await.status, 404);
    let r = app.get(&base, None).await;
    assert_eq!((r.body["items"][0]["deleted"].clone(), r.body["items"][0]["content"].clone()), (json!(true), json!("")));
    assert_eq!(app.get(&format!("/api/experiences/{id}"), None).await.body["comments"], 2);
    let wrong_target = app.post(&base, Some(&b.token), json!({"content": "x", "parent_id": 999999})).await;
    assert!(wrong_target.body["fields"]["parent_id"].is_array());
}

#[tokio::test]
async fn admins_may_delete_any_comment_and_discussions_have_comments_too() {
    let app = TestApp::spawn().await;
    let u = app.signup("talker").await;
    let admin = app.admin("boss").await;
    let d = app.post("/api/discussions", Some(&u.token), json!({"title": "t", "content": "c"})).await.body["id"].as_i64().unwrap();
    let c = app.post(&format!("/api/discussions/{d}/comments"), Some(&u.token), json!({"content": "spam"})).await;
    assert_eq!(c.status, 201);
    assert_eq!(app.delete(&format!("/api/comments/{}", c.body["id"]), Some(&admin.token), None).await.status, 204);
    assert_eq!(app.get(&format!("/api/discussions/{d}/comments"), None).await.body["total"], 0);
    assert_eq!(app.get(&format!("/api/discussions/{d}"), None).await.body["comments"], 0);
}

#[tokio::test]
async fn concurrent_comments_and_favorites_keep_counters_exact() {
    let app = TestApp::spawn().await;
    let a = app.signup("author").await;
    let id = post(&app, &a, sample("面经", "拼多多")).await;
    let mut users = Vec::new();
    for i in 0..12 {
        users.push(app.signup(&format!("fan{i:02}")).await);
    }
    let base = format!("/api/experiences/{id}/comments");
    let fav = format!("/api/experiences/{id}/favorite");
    let comments = users.iter().map(|u| app.post(&base, Some(&u.token), json!({"content": "+1"})));
    // Every user favorites three times at once, then one in three removes it.
    let favs = users.iter().flat_map(|u| (0..3).map(|_| app.put(&fav, Some(&u.token), json!({})))).collect::<Vec<_>>();
    let (c, f) = futures::join!(futures::future::join_all(comments), futures::future::join_all(favs));
    assert!(c.iter().all(|r| r.status == 201) && f.iter().all(|r| r.status == 200), "{:?}", f.iter().find(|r| r.status != 200));
    let unfavs = users.iter().step_by(3).map(|u| app.delete(&fav, Some(&u.token), None));
    futures::future::join_all(unfavs).await;
    let r = app.get(&format!("/api/experiences/{id}"), None).await;
    assert_eq!((r.body["comments"].clone(), r.body["favorites"].clone()), (json!(12), json!(8)), "{}", r.text);
}

#[tokio::test]
async fn favorites_are_idempotent_and_listed_newest_first() {
    let app = TestApp::spawn().await;
    let a = app.signup("author").await;
    let b = app.signup("reader").await;
    let e1 = post(&app, &a, sample("一", "滴滴")).await;
    let e2 = post(&app, &a, sample("二", "滴滴")).await;
    let d = app.post("/api/discussions", Some(&a.token), json!({"title": "t", "content": "c"})).await.body["id"].as_i64().unwrap();
    assert_eq!(app.put(&format!("/api/experiences/{e1}/favorite"), None, json!({})).await.status, 401);
    for _ in 0..2 {
        let r = app.put(&format!("/api/experiences/{e1}/favorite"), Some(&b.token), json!({})).await;
        assert_eq!(r.body, json!({"favorited": true, "favorites": 1}));
    }
    app.put(&format!("/api/experiences/{e2}/favorite"), Some(&b.token), json!({})).await;
    app.put(&format!("/api/discussions/{d}/favorite"), Some(&b.token), json!({})).await;
    assert_eq!(app.put("/api/experiences/999999/favorite", Some(&b.token), json!({})).await.status, 404);
    let r = app.get("/api/favorites/experiences", Some(&b.token)).await;
    let ids: Vec<i64> = r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![e2, e1]);
    assert!(r.body["items"][0]["favorited_at"].is_string());
    assert_eq!(r.body["items"][0]["is_favorited"], true);
    assert_eq!(app.get(&format!("/api/experiences/{e1}"), Some(&b.token)).await.body["is_favorited"], true);
    assert_eq!(app.get(&format!("/api/experiences/{e1}"), Some(&a.token)).await.body["is_favorited"], false);
    assert_eq!(app.get("/api/favorites/discussions", Some(&b.token)).await.body["items"][0]["id"], d);
    for _ in 0..2 {
        let r = app.delete(&format!("/api/experiences/{e1}/favorite"), Some(&b.token), None).await;
        assert_eq!(r.body, json!({"favorited": false, "favorites": 0}));
    }
    // A deleted post leaves the favorites list but the favorite row stays consistent.
    app.delete(&format!("/api/experiences/{e2}"), Some(&a.token), None).await;
    assert_eq!(app.get("/api/favorites/experiences", Some(&b.token)).await.body["total"], 0);
    assert_eq!(app.put(&format!("/api/experiences/{e2}/favorite"), Some(&b.token), json!({})).await.status, 404);
    let r = app.delete(&format!("/api/experiences/{e2}/favorite"), Some(&b.token), None).await;
    assert_eq!(r.body["favorites"], 0, "{}", r.text);
    assert_eq!(app.get("/api/favorites/experiences", None).await.status, 401);
}

#[tokio::test]
async fn feedback_is_public_to_read_and_only_admins_reply() {
    let app = TestApp::spawn().await;
    let u = app.signup("user1").await;
    let admin = app.admin("boss").await;
    assert_eq!(app.post("/api/feedback", None, json!({"content": "建议"})).await.status, 401);
    assert_eq!(app.post("/api/feedback", Some(&u.token), json!({"content": ""})).await.status, 400);
    let r = app.post("/api/feedback", Some(&u.token), json!({"content": "希望增加夜间模式"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["status"], "open");
    let id = r.body["id"].as_i64().unwrap();
    let path = format!("/api/feedbacks/{id}");
    assert_eq!(app.patch(&path, Some(&u.token), json!({"reply": "x"})).await.status, 403);
    assert_eq!(app.patch(&path, Some(&admin.token), json!({"status": "done"})).await.status, 400);
    let r = app.patch(&path, Some(&admin.token), json!({"status": "resolved", "reply": "已上线，谢谢！"})).await;
    assert_eq!((r.body["status"].clone(), r.body["reply"].clone()), (json!("resolved"), json!("已上线，谢谢！")), "{}", r.text);
    assert!(r.body["replied_at"].is_string());
    let r = app.get("/api/feedbacks", None).await;
    assert_eq!((r.body["total"].clone(), r.body["items"][0]["author"]["id"].clone()), (json!(1), json!(u.id)));
    assert_eq!(app.get("/api/feedbacks?status=open", None).await.body["total"], 0);
    assert_eq!(app.patch("/api/feedbacks/999999", Some(&admin.token), json!({"status": "closed"})).await.status, 404);
}

#[tokio::test]
async fn posts_of_deleted_users_show_a_deleted_author() {
    let app = TestApp::spawn().await;
    let u = app.signup("leaver").await;
    let id = post(&app, &u, sample("面经", "华为")).await;
    app.delete("/api/users/me", Some(&u.token), Some(json!({"password": crate::helpers::PASSWORD}))).await;
    let r = app.get(&format!("/api/experiences/{id}"), None).await;
    assert_eq!((r.body["author"]["deleted"].clone(), r.body["author"]["name"].clone()), (json!(true), json!("已注销用户")));
}
