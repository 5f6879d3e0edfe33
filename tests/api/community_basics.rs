//! Community basics of issue 19: the feed's language filter, 有帮助 (helpful)
//! votes on 面经 and comments with `sort=helpful`, the share preview (Open
//! Graph) of a 面经's page, the Atom feeds, and a public profile's lists.

use reqwest::Method;
use serde_json::{json, Value};

use crate::experiences::{post, sample, urlencode};
use crate::helpers::{Resp, TestApp};

fn english(title: &str, company: &str) -> Value {
    json!({
        "title": title, "company": company, "position": "Software Engineer",
        "interview_result": "rejected",
        "content": "Two coding rounds about binary trees and one system design round about caching and rate limiting.",
        "anonymous": false
    })
}

fn ids(r: &Resp) -> Vec<i64> {
    r.body["items"].as_array().unwrap_or_else(|| panic!("{}", r.text)).iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_feed_filters_by_language_and_search_keeps_working_with_the_filter() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let zh1 = post(&app, &u, sample("字节后端一面", "字节跳动")).await;
    let en = post(&app, &u, english("Google onsite", "Google")).await;
    let zh2 = post(&app, &u, sample("阿里二面", "阿里巴巴")).await;
    for token in [None, Some(u.token.as_str())] {
        assert_eq!(ids(&app.get("/api/experiences?lang=zh", token).await), vec![zh2, zh1]);
        assert_eq!(ids(&app.get("/api/experiences?lang=en", token).await), vec![en]);
        assert_eq!(ids(&app.get("/api/experiences?lang=all", token).await), vec![zh2, en, zh1]);
        assert_eq!(ids(&app.get("/api/experiences", token).await), vec![zh2, en, zh1], "no filter: every language");
        let r = app.get("/api/experiences?lang=zh", token).await;
        assert_eq!((r.body["total"].clone(), r.body["items"][0]["lang"].clone()), (json!(2), json!("zh")));
    }
    // Search within a language: the filter and the words both apply.
    assert_eq!(ids(&app.get(&format!("/api/experiences?lang=zh&sort=latest&q={}", urlencode("二叉树")), None).await), vec![zh2, zh1]);
    assert_eq!(ids(&app.get("/api/experiences?lang=en&q=caching", None).await), vec![en]);
    assert_eq!(ids(&app.get("/api/experiences?lang=zh&q=caching", None).await), Vec::<i64>::new());
    let r = app.get("/api/experiences?lang=fr", None).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    assert!(r.body["fields"]["lang"].is_array(), "{}", r.text);
}

#[tokio::test]
async fn helpful_votes_are_idempotent_one_per_user_and_not_on_ones_own_post() {
    let app = TestApp::spawn().await;
    let author = app.signup("author").await;
    let reader = app.signup("reader").await;
    let other = app.signup("other").await;
    let id = post(&app, &author, sample("美团一面", "美团")).await;
    let path = format!("/api/experiences/{id}/helpful");

    let r = app.put(&path, None, json!({})).await;
    assert_eq!((r.status, r.code()), (401, "unauthorized"));
    let r = app.call_with(Method::PUT, &path, Some(&author.token), None, &[("accept-language", "en")]).await;
    assert_eq!((r.status, r.code()), (403, "helpful_own_post"), "{}", r.text);
    assert_eq!(r.body["message"], "You cannot mark your own post as helpful.");
    let r = app.call(Method::PUT, &path, Some(&author.token), None).await;
    assert_eq!(r.body["message"], "不能给自己的内容点“有帮助”。", "zh-CN by default");

    let r = app.call(Method::PUT, &path, Some(&reader.token), None).await;
    assert_eq!((r.status, r.body.clone()), (200, json!({"is_helpful": true, "helpful": 1})), "{}", r.text);
    let r = app.call(Method::PUT, &path, Some(&reader.token), None).await;
    assert_eq!(r.body, json!({"is_helpful": true, "helpful": 1}), "a second vote by the same user counts once");
    let r = app.call(Method::PUT, &path, Some(&other.token), None).await;
    assert_eq!(r.body["helpful"], 2);

    // The count and the caller's own vote on the detail and on cards.
    let d = app.get(&format!("/api/experiences/{id}"), Some(&reader.token)).await;
    assert_eq!((d.body["helpful"].clone(), d.body["is_helpful"].clone()), (json!(2), json!(true)), "{}", d.text);
    let d = app.get(&format!("/api/experiences/{id}"), Some(&author.token)).await;
    assert_eq!((d.body["helpful"].clone(), d.body["is_helpful"].clone()), (json!(2), json!(false)));
    let list = app.get("/api/experiences", None).await;
    assert_eq!((list.body["items"][0]["helpful"].clone(), list.body["items"][0]["is_helpful"].clone()), (json!(2), json!(false)));
    let list = app.get("/api/experiences", Some(&other.token)).await;
    assert_eq!(list.body["items"][0]["is_helpful"], true);

    // Withdrawing is idempotent too; only the caller's own vote goes.
    let r = app.delete(&path, Some(&reader.token), None).await;
    assert_eq!((r.status, r.body.clone()), (200, json!({"is_helpful": false, "helpful": 1})));
    let r = app.delete(&path, Some(&reader.token), None).await;
    assert_eq!(r.body, json!({"is_helpful": false, "helpful": 1}));
    assert_eq!(app.delete(&path, None, None).await.status, 401);
    assert_eq!(app.get(&format!("/api/experiences/{id}"), None).await.body["helpful"], 1);

    // Missing and deleted targets.
    for method in [Method::PUT, Method::DELETE] {
        let r = app.call(method.clone(), "/api/experiences/999999/helpful", Some(&reader.token), None).await;
        assert_eq!((r.status, r.code()), (404, "not_found"));
    }
    assert_eq!(app.delete(&format!("/api/experiences/{id}"), Some(&author.token), None).await.status, 204);
    let r = app.call(Method::PUT, &path, Some(&reader.token), None).await;
    assert_eq!((r.status, r.code()), (404, "not_found"));
}

#[tokio::test]
async fn sort_helpful_orders_by_votes_then_newest() {
    let app = TestApp::spawn().await;
    let author = app.signup("author").await;
    let fans = [app.signup("fan01").await, app.signup("fan02").await];
    let a = post(&app, &author, sample("一面", "腾讯")).await;
    let b = post(&app, &author, sample("二面", "腾讯")).await;
    let c = post(&app, &author, sample("三面", "腾讯")).await;
    for fan in &fans {
        assert_eq!(app.call(Method::PUT, &format!("/api/experiences/{a}/helpful"), Some(&fan.token), None).await.status, 200);
    }
    assert_eq!(app.call(Method::PUT, &format!("/api/experiences/{c}/helpful"), Some(&fans[0].token), None).await.status, 200);
    assert_eq!(ids(&app.get("/api/experiences?sort=helpful", None).await), vec![a, c, b]);
    assert_eq!(ids(&app.get("/api/experiences?sort=helpful&lang=zh", Some(&author.token)).await), vec![a, c, b]);
    assert_eq!(ids(&app.get("/api/experiences", None).await), vec![c, b, a], "the default stays newest first");
}

#[tokio::test]
async fn comments_take_helpful_votes_with_the_same_rules() {
    let app = TestApp::spawn().await;
    let author = app.signup("author").await;
    let reader = app.signup("reader").await;
    let id = post(&app, &author, sample("京东一面", "京东")).await;
    let base = format!("/api/experiences/{id}/comments");
    let top = app.post(&base, Some(&author.token), json!({"content": "补充：二面问了 Kafka"})).await.body["id"].as_i64().unwrap();
    let reply = app.post(&base, Some(&reader.token), json!({"content": "谢谢", "parent_id": top})).await.body["id"].as_i64().unwrap();
    let path = format!("/api/comments/{top}/helpful");
    assert_eq!(app.call(Method::PUT, &path, None, None).await.status, 401);
    let r = app.call(Method::PUT, &path, Some(&author.token), None).await;
    assert_eq!((r.status, r.code()), (403, "helpful_own_post"));
    let r = app.call(Method::PUT, &path, Some(&reader.token), None).await;
    assert_eq!(r.body, json!({"is_helpful": true, "helpful": 1}), "{}", r.text);
    assert_eq!(app.call(Method::PUT, &path, Some(&reader.token), None).await.body["helpful"], 1);
    let r = app.call(Method::PUT, &format!("/api/comments/{reply}/helpful"), Some(&author.token), None).await;
    assert_eq!(r.body["helpful"], 1, "{}", r.text);

    let seen = app.get(&base, Some(&reader.token)).await;
    let t = &seen.body["items"][0];
    assert_eq!((t["helpful"].clone(), t["is_helpful"].clone()), (json!(1), json!(true)), "{}", seen.text);
    assert_eq!((t["replies"][0]["helpful"].clone(), t["replies"][0]["is_helpful"].clone()), (json!(1), json!(false)));
    let anon = app.get(&base, None).await;
    assert_eq!(anon.body["items"][0]["is_helpful"], false);

    let r = app.delete(&path, Some(&reader.token), None).await;
    assert_eq!(r.body, json!({"is_helpful": false, "helpful": 0}));
    assert_eq!(app.call(Method::PUT, "/api/comments/999999/helpful", Some(&reader.token), None).await.status, 404);
    assert_eq!(app.delete(&format!("/api/comments/{reply}"), Some(&reader.token), None).await.status, 204);
    let r = app.call(Method::PUT, &format!("/api/comments/{reply}/helpful"), Some(&author.token), None).await;
    assert_eq!((r.status, r.code()), (404, "not_found"), "a deleted comment takes no votes");
}

#[tokio::test]
async fn comments_sort_by_helpful_votes_on_request() {
    let app = TestApp::spawn().await;
    let author = app.signup("sort_author").await;
    let voters = [app.signup("sort_v1").await, app.signup("sort_v2").await];
    let id = post(&app, &author, sample("美团一面", "美团")).await;
    let base = format!("/api/experiences/{id}/comments");
    let mut ids = Vec::new();
    for text in ["第一条", "第二条", "第三条"] {
        ids.push(app.post(&base, Some(&author.token), json!({"content": text})).await.body["id"].as_i64().unwrap());
    }
    let reply = app.post(&base, Some(&voters[0].token), json!({"content": "回复", "parent_id": ids[0]})).await.body["id"].as_i64().unwrap();
    // The third comment gets two votes, the second one; the first none.
    for v in &voters {
        assert_eq!(app.call(Method::PUT, &format!("/api/comments/{}/helpful", ids[2]), Some(&v.token), None).await.status, 200);
    }
    assert_eq!(app.call(Method::PUT, &format!("/api/comments/{}/helpful", ids[1]), Some(&voters[1].token), None).await.status, 200);
    let order = |r: &crate::helpers::Resp| r.body["items"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let oldest = app.get(&base, None).await;
    assert_eq!(order(&oldest), ids, "oldest first by default: {}", oldest.text);
    assert_eq!(order(&app.get(&format!("{base}?sort=oldest"), None).await), ids);
    let helpful = app.get(&format!("{base}?sort=helpful&per_page=2"), None).await;
    assert_eq!(order(&helpful), vec![ids[2], ids[1]], "{}", helpful.text);
    assert_eq!(helpful.body["total"], 3);
    let second = app.get(&format!("{base}?sort=helpful&per_page=2&page=2"), None).await;
    assert_eq!(order(&second), vec![ids[0]], "{}", second.text);
    assert_eq!(second.body["items"][0]["replies"][0]["id"], reply, "replies stay under their comment");
    let r = app.get(&format!("{base}?sort=best"), None).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    assert_eq!(app.get("/api/experiences/999999/comments?sort=helpful", None).await.status, 404);
}

async fn page(app: &TestApp, path: &str) -> (u16, String, Option<String>) {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let csp = r.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (status, r.text().await.unwrap(), csp)
}

#[tokio::test]
async fn a_posts_page_carries_an_escaped_share_preview_rendered_by_the_server() {
    let app = TestApp::spawn().await;
    let author = app.signup("author").await;
    let mut body = sample(r#"<b>"Tom" & 'Jerry'</b> 一面"#, "字节<script>");
    body["content"] = json!("先问了 **Redis**，然后 <img src=x onerror=alert(1)> 系统设计。");
    let id = post(&app, &author, body).await;
    let (status, html, csp) = page(&app, &format!("/experiences/{id}")).await;
    assert_eq!(status, 200);
    assert!(csp.unwrap_or_default().starts_with("default-src 'self'; script-src 'self'"), "the app's CSP stays");
    assert!(html.contains(r#"<meta property="og:type" content="article" />"#), "{html}");
    assert!(html.contains(r#"<meta property="og:title" content="&lt;b&gt;&quot;Tom&quot; &amp; 'Jerry'&lt;/b&gt; 一面" />"#), "{html}");
    assert!(html.contains(r#"<meta property="og:description" content="字节&lt;script&gt; · 后端开发工程师 — "#), "{html}");
    assert!(html.contains(&format!(r#"/experiences/{id}" />"#)) && html.contains(r#"<meta property="og:url" content="http://"#), "{html}");
    assert!(html.contains(r#"<meta name="twitter:card" content="summary" />"#));
    assert!(html.contains("<title>&lt;b&gt;\"Tom\" &amp; 'Jerry'&lt;/b&gt; 一面 · 面经 mianjing</title>"), "{html}");
    assert!(!html.contains("<b>\"Tom\"") && !html.contains("字节<script>") && !html.contains("onerror"), "nothing unescaped: {html}");
    assert!(html.contains(r#"<link rel="alternate" type="application/atom+xml""#));
    assert!(html.contains(r#"<div id="root"></div>"#), "still the app shell");

    // An anonymous post names nobody; a deleted one is a 404 without a preview.
    let mut anon = sample("匿名的拼多多面经", "拼多多");
    anon["anonymous"] = json!(true);
    let secret = post(&app, &author, anon).await;
    let (status, html, _) = page(&app, &format!("/experiences/{secret}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("匿名的拼多多面经") && !html.contains("author"), "{html}");
    let name = app.get("/api/users/profile", Some(&author.token)).await.body["name"].as_str().unwrap().to_owned();
    assert!(!html.contains(&name), "the author's name is not in the page");
    assert_eq!(app.delete(&format!("/experiences/{secret}").replace("/experiences", "/api/experiences"), Some(&author.token), None).await.status, 204);
    let (status, html, _) = page(&app, &format!("/experiences/{secret}")).await;
    assert_eq!(status, 404);
    assert!(!html.contains("og:title") && !html.contains("匿名的拼多多面经"), "{html}");
    let (status, html, _) = page(&app, "/experiences/999999").await;
    assert_eq!((status, html.contains("og:title")), (404, false));
    // Other routes are the plain shell, with the feed link.
    let (status, html, _) = page(&app, "/experiences/new").await;
    assert_eq!((status, html.contains("og:title"), html.contains("application/atom+xml")), (200, false, true));
    assert_eq!(page(&app, "/experiences/1.html").await.0, 404, "a file, not a route");
}

#[tokio::test]
async fn atom_feeds_list_new_posts_overall_and_per_company() {
    let app = TestApp::spawn().await;
    let author = app.signup("author").await;
    let a = post(&app, &author, sample("字节一面 & 二面", "字节跳动")).await;
    let b = post(&app, &author, english("Google onsite", "Google")).await;
    let mut anon = sample("匿名面经", "字节跳动");
    anon["anonymous"] = json!(true);
    let c = post(&app, &author, anon).await;
    let name = app.get("/api/users/profile", Some(&author.token)).await.body["name"].as_str().unwrap().to_owned();

    let r = app.client.get(app.url("/feeds/experiences.atom")).header("accept-language", "en").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let xml = r.text().await.unwrap();
    let feed: atom_syndication::Feed = xml.parse().unwrap_or_else(|e| panic!("{e}: {xml}"));
    assert_eq!(feed.title.as_str(), "mianjing · New interview experiences");
    let links: Vec<&str> = feed.entries.iter().map(|e| e.links[0].href.as_str()).collect();
    assert!(links.iter().zip([c, b, a]).all(|(l, id)| l.ends_with(&format!("/experiences/{id}"))), "{links:?}");
    assert_eq!(feed.entries.len(), 3);
    assert_eq!(feed.entries[2].title.as_str(), "字节一面 & 二面");
    assert!(feed.entries[2].summary.as_ref().unwrap().as_str().starts_with("字节跳动 · 后端开发工程师 — "));
    assert_eq!(feed.entries[2].authors[0].name, name);
    assert_eq!(feed.entries[0].authors[0].name, "Anonymous", "an anonymous post names nobody");
    assert_eq!(feed.entries.iter().filter(|e| e.authors[0].name == name).count(), 2);

    let r = app.get(&format!("/feeds/experiences.atom?company={}", urlencode("字节跳动")), None).await;
    let feed: atom_syndication::Feed = r.text.parse().unwrap();
    assert_eq!(feed.entries.len(), 2, "{}", r.text);
    assert!(feed.title.as_str().contains("字节跳动"));
    assert!(feed.entries.iter().all(|e| e.categories[0].term == "字节跳动"));
    let r = app.get("/feeds/experiences.atom?company=nobody", None).await;
    assert_eq!(r.text.parse::<atom_syndication::Feed>().unwrap().entries.len(), 0);
    let r = app.get(&format!("/feeds/experiences.atom?company={}", "x".repeat(101)), None).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    // Deleted posts leave the feed.
    app.delete(&format!("/api/experiences/{b}"), Some(&author.token), None).await;
    let feed: atom_syndication::Feed = app.get("/feeds/experiences.atom", None).await.text.parse().unwrap();
    assert_eq!(feed.entries.len(), 2);
}

#[tokio::test]
async fn a_public_profile_lists_posts_and_discussions_but_never_anonymous_ones() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let other = app.signup("reader").await;
    let open = post(&app, &u, sample("公开的面经", "百度")).await;
    let mut anon = sample("匿名的面经", "百度");
    anon["anonymous"] = json!(true);
    let hidden = post(&app, &u, anon).await;
    post(&app, &other, sample("别人的面经", "百度")).await;
    let d = app.post("/api/discussions", Some(&u.token), json!({"title": "秋招怎么准备", "content": "求建议"})).await.body["id"].as_i64().unwrap();

    let path = format!("/api/users/{}/experiences", u.id);
    for token in [None, Some(other.token.as_str()), Some(u.token.as_str())] {
        let r = app.get(&path, token).await;
        assert_eq!((r.status, ids(&r), r.body["total"].clone()), (200, vec![open], json!(1)), "{}", r.text);
        let r = app.get(&format!("/api/users/{}/discussions", u.id), token).await;
        assert_eq!(ids(&r), vec![d]);
    }
    let mine = app.get(&path, Some(&u.token)).await;
    assert!(!mine.text.contains("匿名的面经") && !ids(&mine).contains(&hidden), "not even to its author: {}", mine.text);
    assert_eq!(app.get("/api/experiences/users", Some(&u.token)).await.body["total"], 2, "their own list still has both");
    let r = app.get("/api/users/999999/experiences", None).await;
    assert_eq!((r.status, r.code()), (404, "not_found"));
    assert_eq!(app.get("/api/users/999999/discussions", None).await.status, 404);
    let r = app.get(&format!("{path}?per_page=0"), None).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
}
