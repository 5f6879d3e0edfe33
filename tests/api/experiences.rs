//! 面经: create, list, filters, sorts, search, detail, edit, delete, anonymity.

use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

use crate::helpers::{TestApp, TestUser};

pub fn sample(title: &str, company: &str) -> Value {
    json!({
        "title": title, "company": company, "position": "后端开发工程师", "career_id": 2,
        "interview_date": "2026-10-01", "interview_result": "offer", "interview_difficulty": "medium",
        "interview_evaluation": 4,
        "interview_questions": ["讲一下二叉树的层序遍历", "Redis 缓存穿透怎么解决？", "MySQL 索引为什么用 B+ 树"],
        "content": "## 一面\n\n先聊项目，然后问了**二叉树**和缓存一致性。\n\n<script>alert(1)</script>",
        "anonymous": false
    })
}

pub async fn post(app: &TestApp, u: &TestUser, body: Value) -> i64 {
    let r = app.post("/api/experiences", Some(&u.token), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn creating_needs_login_and_valid_fields() {
    let app = TestApp::spawn().await;
    assert_eq!(app.post("/api/experiences", None, sample("a", "b")).await.status, 401);
    let u = app.signup("writer").await;
    let r = app
        .post(
            "/api/experiences",
            Some(&u.token),
            json!({"title": "", "company": "x".repeat(101), "content": "c", "interview_result": "maybe", "interview_evaluation": 9, "interview_date": "2026-02-30", "interview_questions": vec!["q"; 51], "career_id": 9999}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    for f in ["title", "company", "position", "interview_result", "interview_evaluation", "interview_date", "interview_questions"] {
        assert!(r.body["fields"][f].is_array(), "{f}: {}", r.text);
    }
    let mut body = sample("t", "c");
    body["career_id"] = json!(9999);
    let r = app.post("/api/experiences", Some(&u.token), body).await;
    assert!(r.body["fields"]["career_id"].is_array(), "{}", r.text);
}

#[tokio::test]
async fn a_posted_experience_round_trips_every_field() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let r = app.post("/api/experiences", Some(&u.token), sample("字节跳动后端一面", "字节跳动")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let b = &r.body;
    assert_eq!(b["title"], "字节跳动后端一面");
    assert_eq!(b["career_name"], "后端");
    assert_eq!(b["interview_questions"].as_array().unwrap().len(), 3);
    assert_eq!(b["question_count"], 3);
    assert_eq!(b["author"]["id"], u.id);
    assert_eq!(b["is_author"], true);
    assert_eq!(b["interview_date"], "2026-10-01");
    assert_eq!(b["lang"], "zh");
    assert!(b["excerpt"].as_str().unwrap().starts_with("一面 先聊项目"), "{}", b["excerpt"]);
    assert!(!b["excerpt"].as_str().unwrap().contains("script"));
    let id = b["id"].as_i64().unwrap();
    let r = app.get(&format!("/api/experiences/{id}"), None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["content"], sample("", "")["content"]);
    assert_eq!(r.body["is_favorited"], false);
    assert_eq!(r.body["view_count"], 1);
    // The stored row reads back as the 201 described it: times, the date
    // and flags are stored as every query reads them (on SQLite the writer
    // binds them itself), and the author sees what the 201 showed.
    let mut again = app.get(&format!("/api/experiences/{id}"), Some(&u.token)).await.body;
    again["view_count"] = b["view_count"].clone();
    assert_eq!(&again, b);
    let mine = app.get("/api/experiences/users", Some(&u.token)).await;
    assert_eq!(mine.body["items"][0]["created_at"], b["created_at"], "{}", mine.text);
}

#[tokio::test]
async fn anonymous_posts_hide_the_author_except_from_the_author_and_admins() {
    let app = TestApp::spawn().await;
    let u = app.signup("shy_one").await;
    let other = app.signup("reader").await;
    let admin = app.admin("boss").await;
    let mut body = sample("匿名面经", "腾讯");
    body["anonymous"] = json!(true);
    let id = post(&app, &u, body).await;
    for (token, visible) in [(None, false), (Some(&other.token), false), (Some(&u.token), true), (Some(&admin.token), true)] {
        let r = app.get(&format!("/api/experiences/{id}"), token.map(String::as_str)).await;
        assert_eq!(r.body["author"].is_object(), visible, "{}", r.text);
        let list = app.get("/api/experiences", token.map(String::as_str)).await;
        assert_eq!(list.body["items"][0]["author"].is_object(), visible);
        if !visible {
            assert!(!r.text.contains("shy_one"), "{}", r.text);
        }
    }
}

#[tokio::test]
async fn list_filters_and_sorts() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let a = post(&app, &u, sample("阿里一面", "阿里巴巴")).await;
    let mut b = sample("腾讯二面", "腾讯");
    b["interview_result"] = json!("rejected");
    b["interview_difficulty"] = json!("hard");
    b["interview_evaluation"] = json!(5);
    b["career_id"] = json!(1);
    b["position"] = json!("前端开发");
    let b = post(&app, &u, b).await;
    let c = post(&app, &u, sample("阿里二面", "阿里巴巴")).await;
    let ids = |r: &crate::helpers::Resp| r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(&app.get("/api/experiences", None).await), vec![c, b, a], "latest first");
    let r = app.get("/api/experiences?company=%E9%98%BF%E9%87%8C%E5%B7%B4%E5%B7%B4", None).await; // 阿里巴巴
    assert_eq!(ids(&r), vec![c, a]);
    assert_eq!(r.body["total"], 2);
    assert_eq!(ids(&app.get("/api/experiences?result=rejected", None).await), vec![b]);
    assert_eq!(ids(&app.get("/api/experiences?difficulty=hard", None).await), vec![b]);
    assert_eq!(ids(&app.get("/api/experiences?career_id=1", None).await), vec![b]);
    assert_eq!(ids(&app.get("/api/experiences?position=%E5%89%8D%E7%AB%AF", None).await), vec![b]); // 前端
    assert_eq!(ids(&app.get("/api/experiences?sort=top_rated", None).await)[0], b);
    let r = app.put(&format!("/api/experiences/{a}/favorite"), Some(&u.token), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(ids(&app.get("/api/experiences?sort=popular", None).await)[0], a);
    let r = app.get("/api/experiences?per_page=2&page=2", None).await;
    assert_eq!((ids(&r), r.body["total"].clone(), r.body["page"].clone()), (vec![a], json!(3), json!(2)));
    assert_eq!(app.get("/api/experiences?result=maybe", None).await.status, 400);
    assert_eq!(app.get("/api/experiences?sort=random", None).await.status, 400);
    assert_eq!(app.get("/api/experiences?per_page=1000", None).await.status, 400);
    let r = app.get("/api/experiences", None).await;
    assert!(r.body["items"][0].get("content").is_none(), "lists carry excerpts, not content");
}

#[tokio::test]
async fn chinese_and_english_search_finds_words_ranks_and_combines_with_filters() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let tree = post(&app, &u, sample("美团一面", "美团")).await;
    let mut other = sample("网易面试", "网易");
    other["interview_questions"] = json!(["HashMap 的扩容机制"]);
    other["content"] = json!("聊了 Java 并发和 JVM 调优, then some English about garbage collection.");
    let other = post(&app, &u, other).await;
    let ids = |r: &crate::helpers::Resp| r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    for q in ["二叉树", "缓存", "二叉", "Redis", "redis 缓存"] {
        let r = app.get(&format!("/api/experiences?q={}", urlencode(q)), None).await;
        assert_eq!(ids(&r), vec![tree], "q={q}: {}", r.text);
    }
    assert_eq!(ids(&app.get("/api/experiences?q=garbage%20collection", None).await), vec![other]);
    assert_eq!(ids(&app.get(&format!("/api/experiences?q={}", urlencode("扩容")), None).await), vec![other]);
    assert!(ids(&app.get(&format!("/api/experiences?q={}&company={}", urlencode("缓存"), urlencode("网易")), None).await).is_empty());
    let r = app.get(&format!("/api/experiences?q={}", urlencode("%'\";--")), None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.get(&format!("/api/experiences?q={}", urlencode("缓存 OR 1=1")), None).await;
    assert_eq!(r.status, 200);
    assert!(ids(&r).is_empty(), "every word must match");
    // Edits re-index; deletes drop out of search.
    app.patch(&format!("/api/experiences/{other}"), Some(&u.token), json!({"content": "这次只聊了分布式锁"})).await;
    assert_eq!(ids(&app.get(&format!("/api/experiences?q={}", urlencode("分布式锁")), None).await), vec![other]);
    app.delete(&format!("/api/experiences/{tree}"), Some(&u.token), None).await;
    assert!(ids(&app.get(&format!("/api/experiences?q={}", urlencode("二叉树")), None).await).is_empty());
}

/// 面经 waiting for the SQLite full-text index.
async fn queued(app: &TestApp) -> usize {
    mianjing::store::fts::queued_experiences(&app.state.db.read).await.unwrap()
}

/// Ids of the 面经 a search for `q` finds, best first.
async fn search_ids(app: &TestApp, q: &str) -> Vec<i64> {
    let r = app.get(&format!("/api/experiences?q={}", urlencode(q)), None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
}

/// FTS5's own consistency check of the 面经 index (contentless since
/// migration 21, so there is no content table to compare with); fails
/// when the index is corrupt.
async fn fts_integrity(app: &TestApp) {
    app.state
        .db
        .write
        .execute_unprepared("INSERT INTO experiences_fts(experiences_fts, rank) VALUES ('integrity-check', 1)")
        .await
        .expect("experiences_fts matches experiences");
}

#[tokio::test]
async fn sqlite_indexes_new_posts_later_and_a_search_never_misses_them() {
    if crate::helpers::db_kind() != "sqlite" {
        return; // the queue exists on SQLite only
    }
    // No indexing for an hour unless a search asks: every post below stays queued.
    let app = TestApp::spawn_with(|c| c.search_index_delay_ms = 3_600_000).await;
    let u = app.signup("writer").await;
    let edited = post(&app, &u, sample("美团一面", "美团")).await;
    let deleted = post(&app, &u, sample("美团二面", "美团")).await;
    let kept = post(&app, &u, sample("美团三面", "美团")).await;
    assert_eq!(queued(&app).await, 3, "queued, not indexed");
    // An edit of a queued post indexes its new text at once and takes it
    // off the queue; a deletion takes it off the queue (trigger).
    let r = app
        .patch(&format!("/api/experiences/{edited}"), Some(&u.token), json!({"content": "这次只聊了分布式锁", "interview_questions": ["分布式锁怎么实现"]}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.state.db.write.execute_unprepared(&format!("DELETE FROM experiences WHERE id = {deleted}")).await.unwrap();
    assert_eq!(queued(&app).await, 1, "only the untouched post still waits");
    // The first search indexes the queue; the edited post has only its new text.
    assert_eq!(search_ids(&app, "二叉树").await, vec![kept]);
    assert_eq!(queued(&app).await, 0);
    assert_eq!(search_ids(&app, "分布式锁").await, vec![edited]);
    fts_integrity(&app).await;
    // Once indexed, an edit replaces the post's entry in the index.
    app.patch(&format!("/api/experiences/{kept}"), Some(&u.token), json!({"content": "只问了分布式锁", "interview_questions": []})).await;
    assert_eq!(search_ids(&app, "二叉树").await, Vec::<i64>::new());
    let mut both = search_ids(&app, "分布式锁").await;
    both.sort_unstable();
    assert_eq!(both, vec![edited, kept]);
    fts_integrity(&app).await;
}

#[tokio::test]
async fn sqlite_posts_left_queued_are_indexed_by_the_next_start() {
    if crate::helpers::db_kind() != "sqlite" {
        return;
    }
    let app = TestApp::spawn_with(|c| {
        c.search_index_delay_ms = 3_600_000;
        c.secret_key = Some("shared-secret-of-the-test-cluster-0123456789".to_owned().into());
    })
    .await;
    let u = app.signup("writer").await;
    let id = post(&app, &u, sample("美团一面", "美团")).await;
    assert_eq!(queued(&app).await, 1);
    // A new process on the same database (as after a crash) counts the queue
    // before it serves: its first search indexes it.
    let next = app.spawn_sibling().await;
    assert_eq!(next.state.experiences.queued(), 1, "counted before the first request");
    let r = next.get(&format!("/api/experiences?q={}", urlencode("二叉树")), None).await;
    assert_eq!(r.body["items"][0]["id"].as_i64(), Some(id), "{}", r.text);
    assert_eq!(queued(&app).await, 0);
    fts_integrity(&app).await;
}

pub fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn only_the_author_edits_and_the_author_or_an_admin_deletes() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let other = app.signup("stranger").await;
    let admin = app.admin("boss").await;
    let id = post(&app, &u, sample("原标题", "百度")).await;
    let path = format!("/api/experiences/{id}");
    assert_eq!(app.patch(&path, Some(&other.token), json!({"title": "hacked"})).await.status, 403);
    assert_eq!(app.patch(&path, None, json!({"title": "hacked"})).await.status, 401);
    let r = app.patch(&path, Some(&u.token), json!({"title": "新标题", "interview_questions": ["只剩一题"]})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["title"].clone(), r.body["question_count"].clone(), r.body["company"].clone()), (json!("新标题"), json!(1), json!("百度")));
    assert_eq!(app.patch(&path, Some(&u.token), json!({"title": ""})).await.status, 400);
    let r = app.patch(&path, Some(&u.token), json!({"career_id": null, "interview_result": null, "interview_difficulty": null, "interview_evaluation": null, "interview_date": null})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    for f in ["career_id", "interview_result", "interview_difficulty", "interview_evaluation", "interview_date"] {
        assert!(r.body[f].is_null(), "null clears {f}: {}", r.text);
    }
    assert_eq!(app.patch(&path, Some(&u.token), json!({"interview_result": "maybe"})).await.status, 400);
    assert_eq!(app.delete(&path, Some(&other.token), None).await.status, 403);
    assert_eq!(app.delete(&path, Some(&admin.token), None).await.status, 204);
    assert_eq!(app.get(&path, None).await.status, 404);
    assert_eq!(app.delete(&path, Some(&u.token), None).await.status, 404);
    assert_eq!(app.get("/api/experiences", None).await.body["total"], 0);
}

#[tokio::test]
async fn mine_lists_my_posts_including_anonymous_ones() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let other = app.signup("stranger").await;
    let mut anon = sample("匿名", "快手");
    anon["anonymous"] = json!(true);
    post(&app, &u, anon).await;
    post(&app, &other, sample("别人的", "快手")).await;
    let r = app.get("/api/experiences/users", Some(&u.token)).await;
    assert_eq!(r.body["total"], 1, "{}", r.text);
    assert_eq!(r.body["items"][0]["author"]["id"], u.id);
    assert_eq!(app.get("/api/experiences/users", None).await.status, 401);
}

#[tokio::test]
async fn companies_autocomplete_with_counts() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    for c in ["字节跳动", "字节跳动", "ByteDance", "bytedance", "腾讯"] {
        let mut body = sample("t", c);
        body["confirm_duplicate"] = json!(true); // the same post twice on purpose (issue 19's duplicate check)
        post(&app, &u, body).await;
    }
    // ByteDance is an alias of 字节跳动 (issue 19): one company of four posts.
    let r = app.get("/api/companies", None).await;
    assert_eq!(r.body["total"], 2, "{}", r.text);
    assert_eq!(r.body["items"][0]["count"], 4);
    let r = app.get(&format!("/api/companies?q={}", urlencode("byte")), None).await;
    assert_eq!((&r.body["items"][0]["name"], &r.body["items"][0]["count"]), (&json!("字节跳动"), &json!(4)), "case-insensitive: {}", r.text);
    let r = app.get(&format!("/api/companies?q={}", urlencode("字节")), None).await;
    assert_eq!(r.body["items"][0]["name"], "字节跳动");
}

#[tokio::test]
async fn view_counts_stay_exact_under_concurrent_reads() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let id = post(&app, &u, sample("热门面经", "小红书")).await;
    let path = format!("/api/experiences/{id}");
    let reads = (0..50).map(|_| app.get(&path, None));
    for r in futures::future::join_all(reads).await {
        assert_eq!(r.status, 200);
    }
    assert_eq!(app.state.flush_views().await.unwrap(), 1, "one post viewed");
    let r = app.get(&format!("/api/experiences/{id}"), None).await;
    assert_eq!(r.body["view_count"], 51);
    // The next flush adds to the stored count, including reads that race it.
    let reads = (0..20).map(|_| app.get(&path, None));
    let flush = app.state.flush_views();
    let (reads, flushed) = futures::future::join(futures::future::join_all(reads), flush).await;
    assert!(reads.iter().all(|r| r.status == 200) && flushed.is_ok());
    app.state.flush_views().await.unwrap();
    let r = app.get(&format!("/api/experiences?company={}", urlencode("小红书")), None).await;
    assert_eq!(r.body["items"][0]["view_count"], 71, "lists show the stored count: {}", r.text);
}

async fn first_listed(app: &TestApp) -> Value {
    app.get("/api/experiences?company=美团", None).await.body["items"][0].clone()
}

/// Lists and details are cached (`read_cache`): every write through the API
/// shows in the next read, and a change behind the cache's back shows
/// within the fresh period plus a reload.
#[tokio::test]
async fn cached_lists_and_details_show_writes_at_once() {
    let app = TestApp::spawn().await;
    let a = app.signup("author").await;
    let b = app.signup("reader").await;
    let id = post(&app, &a, sample("缓存里的面经", "美团")).await;
    let detail = format!("/api/experiences/{id}");
    assert_eq!(first_listed(&app).await["title"], "缓存里的面经");
    assert_eq!(app.get(&detail, None).await.body["favorites"], 0);

    assert_eq!(app.put(&format!("{detail}/favorite"), Some(&b.token), json!({})).await.status, 200);
    assert_eq!(first_listed(&app).await["favorites"], 1, "a favorite shows in the list at once");
    assert_eq!(app.get(&detail, None).await.body["favorites"], 1, "and in the detail");
    assert_eq!(app.post(&format!("{detail}/comments"), Some(&b.token), json!({"content": "有用"})).await.status, 201);
    assert_eq!(first_listed(&app).await["comments"], 1);
    assert_eq!(app.patch(&detail, Some(&a.token), json!({"title": "改过的标题"})).await.status, 200);
    assert_eq!(first_listed(&app).await["title"], "改过的标题");
    assert_eq!(app.get(&detail, None).await.body["title"], "改过的标题");
    assert_eq!(app.patch("/api/users/profile", Some(&a.token), json!({"name": "新名字"})).await.status, 200);
    assert_eq!(first_listed(&app).await["author"]["name"], "新名字");

    // A change the cache was not told about (another node, say) is served
    // stale at first, then reloaded in the background.
    app.state.db.write.execute_unprepared(&format!("UPDATE experiences SET title = '别的节点改的' WHERE id = {id}")).await.unwrap();
    assert_eq!(first_listed(&app).await["title"], "改过的标题", "a fresh entry is served from the cache");
    let started = std::time::Instant::now();
    loop {
        if first_listed(&app).await["title"] == "别的节点改的" {
            break;
        }
        assert!(started.elapsed() < mianjing::features::read_cache::MAX_AGE + std::time::Duration::from_secs(2), "the entry was never reloaded");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    assert_eq!(app.delete(&detail, Some(&a.token), None).await.status, 204);
    assert_eq!(app.get(&detail, None).await.status, 404, "a deleted post leaves the detail cache");
    let r = app.get("/api/experiences?company=美团", None).await;
    assert_eq!(r.body["total"], 0, "and the lists: {}", r.text);
}

/// Concurrent posts are written in shared transactions (group commit): each
/// gets its own id and questions, and a post that fails in the writer fails
/// alone.
#[tokio::test]
async fn concurrent_posts_are_group_committed_and_fail_alone() {
    use mianjing::entity::enums::ContentLang;
    use mianjing::features::experiences::{NewExperience, Origin};
    let app = TestApp::spawn().await;
    let mut users = Vec::new();
    for i in 0..3 {
        users.push(app.signup(&format!("writer{i}")).await);
    }
    let app = &app;
    let posts = (0..30).map(|i| {
        let token = users[i % 3].token.clone();
        async move {
            let mut body = sample(&format!("并发面经 {i}"), "拼多多");
            body["interview_questions"] = json!([format!("第 {i} 题：讲讲分布式锁"), "Redis 缓存穿透怎么解决？"]);
            app.post("/api/experiences", Some(&token), body).await
        }
    });
    let bad = {
        let state = app.state.clone();
        let now = chrono::Utc::now();
        let (model, questions) = NewExperience {
            author_id: 987_654,
            title: "作者不存在".into(),
            company: "拼多多".into(),
            position: None,
            career_id: None,
            interview_date: None,
            interview_result: None,
            interview_difficulty: None,
            interview_evaluation: None,
            interview_questions: vec![],
            content: "x".into(),
            anonymous: false,
            lang: ContentLang::Zh,
            origin: Origin::default(),
            created_at: now,
        }
        .into_row();
        async move { state.experiences.create(model, questions).await }
    };
    let (results, bad) = futures::future::join(futures::future::join_all(posts), bad).await;
    assert!(bad.is_err(), "a post by a missing author violates the foreign key");
    let mut ids = std::collections::HashSet::new();
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.status, 201, "{}", r.text);
        assert!(ids.insert(r.body["id"].as_i64().unwrap()));
        // Each reply is its own post: a batch's ids map back to its posts in order.
        assert_eq!(r.body["title"], format!("并发面经 {i}"), "{}", r.text);
        let detail = app.get(&format!("/api/experiences/{}", r.body["id"]), None).await;
        assert_eq!(detail.body["title"], format!("并发面经 {i}"), "{}", detail.text);
        assert_eq!(detail.body["interview_questions"][0], format!("第 {i} 题：讲讲分布式锁"), "{}", detail.text);
        assert_eq!(r.body["interview_questions"].as_array().unwrap().len(), 2);
    }
    let r = app.get("/api/experiences?company=拼多多&per_page=100", None).await;
    assert_eq!(r.body["total"], 30, "{}", r.text);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 30);
    // Each post is in the full-text index exactly once (SQLite indexes a batch per statement).
    let r = app.get("/api/experiences?company=拼多多&q=二叉树&per_page=100", None).await;
    assert_eq!(r.body["total"], 30, "{}", r.text);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 30);
    // Each post's questions are in the bank, linked to the company; the shared one once.
    let r = app.get("/api/questions?company=拼多多&per_page=100", None).await;
    assert_eq!(r.body["total"], 31, "{}", r.text);
}

/// Concurrent detail reads (on PostgreSQL answered by one statement for all
/// that wait at once, `store::experiences::details`): each reader gets its
/// own post, the same post read twice goes to both, and a deleted or missing
/// post is a 404 for its reader only.
#[tokio::test]
async fn concurrent_detail_reads_each_get_their_own_post() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(post(&app, &u, sample(&format!("详情并发 {i}"), "快手")).await);
    }
    let deleted = ids[11];
    assert_eq!(app.delete(&format!("/api/experiences/{deleted}"), Some(&u.token), None).await.status, 204);
    let missing = ids.iter().max().unwrap() + 1_000;
    // Every post three times, interleaved, with the deleted and the missing one among them.
    let mut wanted: Vec<i64> = (0..3).flat_map(|_| ids.iter().copied()).collect();
    wanted.push(missing);
    let app = &app;
    let reads = wanted.iter().map(|&id| async move { (id, app.get(&format!("/api/experiences/{id}"), None).await) });
    for (id, r) in futures::future::join_all(reads).await {
        if id == deleted || id == missing {
            assert_eq!((r.status, r.code()), (404, "not_found"), "{id}: {}", r.text);
            continue;
        }
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["id"], id, "{}", r.text);
        let i = ids.iter().position(|&x| x == id).unwrap();
        assert_eq!(r.body["title"], format!("详情并发 {i}"), "{}", r.text);
        assert!(r.body["content"].as_str().unwrap().contains("二叉树"), "{}", r.text);
    }
}
