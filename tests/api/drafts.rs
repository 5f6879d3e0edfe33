//! Drafts (草稿): autosaved 面经 and discussion forms, private to their
//! owner, removed by publishing; post images (uploads typed by content,
//! public and shown inline).

use mianjing::config::ActionLimits;
use serde_json::json;

use crate::experiences::{post, sample};
use crate::files::{png, upload};
use crate::helpers::TestApp;

#[tokio::test]
async fn a_draft_is_saved_restored_replaced_listed_and_discarded() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let t = Some(u.token.as_str());
    assert_eq!(app.get("/api/drafts/experience", t).await.status, 404, "no draft yet");
    let r = app.put("/api/drafts/experience", t, json!({"fields": {"title": "字节一面", "content": "先聊项目", "interview_questions": ["二叉树"]}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["kind"].clone(), r.body["post_id"].clone()), (json!("experience"), json!(null)));
    let first_saved = r.body["updated_at"].as_str().unwrap().to_owned();
    let r = app.get("/api/drafts/experience", t).await;
    assert_eq!(r.body["fields"], json!({"title": "字节一面", "content": "先聊项目", "interview_questions": ["二叉树"]}), "{}", r.text);
    // A later save replaces the fields; it does not merge them.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let r = app.put("/api/drafts/experience", t, json!({"fields": {"title": "字节一面（改）"}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.get("/api/drafts/experience", t).await;
    assert_eq!(r.body["fields"], json!({"title": "字节一面（改）"}));
    assert!(r.body["updated_at"].as_str().unwrap() > first_saved.as_str(), "{} after {first_saved}", r.body["updated_at"]);
    // The two kinds are separate drafts.
    assert_eq!(app.put("/api/drafts/discussion", t, json!({"fields": {"title": "求内推"}})).await.status, 200);
    let list = app.get("/api/drafts", t).await;
    assert_eq!(list.body["total"], 2, "{}", list.text);
    assert_eq!(list.body["items"][0]["kind"], "discussion", "most recently saved first");
    assert_eq!(list.body["items"][1]["fields"]["title"], "字节一面（改）");
    assert_eq!(app.delete("/api/drafts/experience", t, None).await.status, 204);
    assert_eq!(app.get("/api/drafts/experience", t).await.status, 404);
    assert_eq!(app.delete("/api/drafts/experience", t, None).await.status, 404, "nothing left to discard");
    assert_eq!(app.get("/api/drafts", t).await.body["total"], 1);
}

#[tokio::test]
async fn publishing_a_post_or_an_edit_removes_its_draft() {
    let app = TestApp::spawn().await;
    let u = app.signup("publisher").await;
    let t = Some(u.token.as_str());
    app.put("/api/drafts/experience", t, json!({"fields": {"title": "草稿"}})).await;
    let id = post(&app, &u, sample("腾讯后端一面", "腾讯")).await;
    assert_eq!(app.get("/api/drafts/experience", t).await.status, 404, "the new post's draft is gone");
    // The draft of an edit is keyed by the post, and saving the edit removes it.
    let r = app.put(&format!("/api/drafts/experience/{id}"), t, json!({"fields": {"title": "腾讯后端一面（补充）"}})).await;
    assert_eq!((r.status, r.body["post_id"].clone()), (200, json!(id)), "{}", r.text);
    app.put("/api/drafts/experience", t, json!({"fields": {"title": "另一篇"}})).await;
    assert_eq!(app.get(&format!("/api/drafts/experience/{id}"), t).await.body["fields"]["title"], "腾讯后端一面（补充）");
    assert_eq!(app.patch(&format!("/api/experiences/{id}"), t, json!({"title": "腾讯后端一面（补充）"})).await.status, 200);
    assert_eq!(app.get(&format!("/api/drafts/experience/{id}"), t).await.status, 404, "the edit's draft is gone");
    assert_eq!(app.get("/api/drafts/experience", t).await.status, 200, "a new post's draft outlives an edit of another post");
    // Discussions alike.
    app.put("/api/drafts/discussion", t, json!({"fields": {"title": "秋招"}})).await;
    let r = app.post("/api/discussions", t, json!({"title": "秋招怎么准备", "content": "求建议"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let d = r.body["id"].as_i64().unwrap();
    assert_eq!(app.get("/api/drafts/discussion", t).await.status, 404);
    app.put(&format!("/api/drafts/discussion/{d}"), t, json!({"fields": {"title": "秋招怎么准备？"}})).await;
    assert_eq!(app.patch(&format!("/api/discussions/{d}"), t, json!({"title": "秋招怎么准备？"})).await.status, 200);
    assert_eq!(app.get(&format!("/api/drafts/discussion/{d}"), t).await.status, 404);
}

#[tokio::test]
async fn drafts_are_private_and_edits_only_of_ones_own_live_posts() {
    let app = TestApp::spawn().await;
    let u = app.signup("owner").await;
    let other = app.signup("snoop").await;
    let id = post(&app, &u, sample("阿里一面", "阿里巴巴")).await;
    app.put("/api/drafts/experience", Some(&u.token), json!({"fields": {"title": "我的草稿"}})).await;
    app.put(&format!("/api/drafts/experience/{id}"), Some(&u.token), json!({"fields": {"title": "改稿"}})).await;
    let o = Some(other.token.as_str());
    assert_eq!(app.get("/api/drafts/experience", o).await.status, 404, "another user's draft is not found");
    assert_eq!(app.get(&format!("/api/drafts/experience/{id}"), o).await.status, 404);
    assert_eq!(app.delete(&format!("/api/drafts/experience/{id}"), o, None).await.status, 404);
    assert_eq!(app.get("/api/drafts", o).await.body["total"], 0);
    let r = app.put(&format!("/api/drafts/experience/{id}"), o, json!({"fields": {"title": "x"}})).await;
    assert_eq!((r.status, r.code()), (403, "forbidden"), "no draft of an edit of someone else's post");
    let r = app.put("/api/drafts/experience/999999", Some(&u.token), json!({"fields": {"title": "x"}})).await;
    assert_eq!((r.status, r.code()), (404, "not_found"));
    let r = app.put(&format!("/api/drafts/discussion/{id}"), Some(&u.token), json!({"fields": {"title": "x"}})).await;
    assert_eq!(r.status, 404, "a 面经's id is not a discussion's: {}", r.text);
    // The owner's drafts are untouched by all that.
    assert_eq!(app.get(&format!("/api/drafts/experience/{id}"), Some(&u.token)).await.body["fields"]["title"], "改稿");
    assert_eq!(app.delete(&format!("/api/experiences/{id}"), Some(&u.token), None).await.status, 204);
    let r = app.put(&format!("/api/drafts/experience/{id}"), Some(&u.token), json!({"fields": {"title": "x"}})).await;
    assert_eq!(r.status, 404, "a deleted post takes no more drafts");
}

#[tokio::test]
async fn drafts_need_login_a_known_kind_an_object_and_a_bounded_size() {
    let app = TestApp::spawn().await;
    let u = app.signup("checker").await;
    let t = Some(u.token.as_str());
    for r in [
        app.get("/api/drafts", None).await,
        app.get("/api/drafts/experience", None).await,
        app.put("/api/drafts/experience", None, json!({"fields": {}})).await,
        app.delete("/api/drafts/experience", None, None).await,
        app.get("/api/drafts/experience/1", None).await,
    ] {
        assert_eq!((r.status, r.code()), (401, "unauthorized"), "{}", r.text);
    }
    let r = app.put("/api/drafts/question", t, json!({"fields": {"title": "x"}})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    assert!(r.body["fields"]["kind"].is_array(), "{}", r.text);
    assert_eq!(app.get("/api/drafts/poem", t).await.status, 400);
    assert_eq!(app.delete("/api/drafts/poem/1", t, None).await.status, 400);
    let r = app.put("/api/drafts/experience", t, json!({"fields": "just text"})).await;
    assert_eq!((r.status, r.code()), (400, "bad_request"), "{}", r.text);
    let r = app.put("/api/drafts/experience", t, json!({"title": "no fields"})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    // The longest 面经 in Chinese fits; a quarter of a megabyte more does not.
    let longest = "面".repeat(50_000);
    let r = app.put("/api/drafts/experience", t, json!({"fields": {"title": "长文", "content": longest}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.put("/api/drafts/experience", t, json!({"fields": {"content": "面".repeat(90_000)}})).await;
    assert_eq!((r.status, r.code()), (413, "payload_too_large"), "{}", r.text);
    assert_eq!(app.get("/api/drafts/experience", t).await.body["fields"]["title"], "长文", "a refused save changes nothing");
}

#[tokio::test]
async fn autosaves_have_their_own_limit_which_typing_does_not_reach() {
    let defaults = mianjing::config::WriteLimits::default();
    // The UI saves at most once per 1.5 s of typing: 40 a minute.
    assert!(defaults.drafts.user_per_minute >= 40, "{:?}", defaults.drafts);
    assert!(defaults.drafts.user_per_day >= 40 * 60, "an hour of typing: {:?}", defaults.drafts);
    let app = TestApp::spawn_with(|c| {
        c.limits.scale = 1;
        c.limits.drafts = ActionLimits { user_per_minute: 2, user_per_day: 0, ip_per_minute: 0, ip_per_day: 0 };
    })
    .await;
    let u = app.signup("typist").await;
    let t = Some(u.token.as_str());
    for n in 0..2 {
        assert_eq!(app.put("/api/drafts/experience", t, json!({"fields": {"title": format!("v{n}")}})).await.status, 200);
    }
    let r = app.put("/api/drafts/experience", t, json!({"fields": {"title": "v2"}})).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"), "{}", r.text);
    // Other writes do not share the drafts' count.
    let r = app.post("/api/discussions", t, json!({"title": "还能发帖", "content": "是的"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
}

#[tokio::test]
async fn post_images_are_typed_by_content_public_and_shown_inline() {
    let app = TestApp::spawn().await;
    let u = app.signup("illustrator").await;
    assert_eq!(upload(&app, None, "post_image", "a.png", png(100)).await.status, 401);
    let r = upload(&app, Some(&u), "post_image", "截图.png", png(2048)).await;
    assert_eq!((r.status, r.body["content_type"].clone()), (201, json!("image/png")), "{}", r.text);
    let url = r.body["url"].as_str().unwrap().to_owned();
    // An HTML page named .png is refused whatever it claims to be.
    let page = b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec();
    let r = upload(&app, Some(&u), "post_image", "cat.png", page).await;
    assert_eq!((r.status, r.code()), (415, "unsupported_media_type"), "{}", r.text);
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec();
    assert_eq!(upload(&app, Some(&u), "post_image", "a.svg", svg).await.status, 415);
    let r = upload(&app, Some(&u), "post_image", "big.png", png(5 * 1024 * 1024 + 1)).await;
    assert_eq!((r.status, r.code()), (413, "payload_too_large"));
    // Anyone reading the post sees the image, inline, in a sandbox.
    let resp = app.client.get(app.url(&url)).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let h = |n: &str| resp.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(h("content-type"), "image/png");
    assert!(h("content-disposition").starts_with("inline"), "{}", h("content-disposition"));
    assert!(h("content-security-policy").starts_with("sandbox"), "{}", h("content-security-policy"));
    assert_eq!(resp.bytes().await.unwrap().len(), 2048);
}
