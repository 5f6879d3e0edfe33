//! Question bank: import, list/filter/search, detail, related, random,
//! recommend, favorites, notes, admin CRUD and export, links from 面经.

use serde_json::{json, Value};

use crate::experiences::{post, sample, urlencode};
use crate::helpers::TestApp;

fn fixture() -> Vec<Value> {
    vec![
        json!({"source": "t/bank", "source_path": "redis.md", "license": "MIT", "lang": "zh", "career": "后端", "tags": ["Redis", "缓存"], "difficulty": "medium", "question": "Redis 缓存穿透、击穿、雪崩分别是什么？如何解决？", "answer": "穿透：布隆过滤器……"}),
        json!({"source": "t/bank", "source_path": "redis.md", "license": "MIT", "lang": "zh", "career": "后端", "tags": ["Redis"], "difficulty": "hard", "question": "Redis 集群的数据分片原理", "answer": null}),
        json!({"source": "t/bank", "source_path": "mysql.md", "license": "MIT", "lang": "zh", "career": "后端", "tags": ["MySQL"], "difficulty": "medium", "question": "MySQL 的 InnoDB 为什么使用 B+ 树做索引？", "answer": "B+ 树层数低……"}),
        json!({"source": "t/bank", "source_path": "mysql.md", "license": "MIT", "lang": "zh", "career": "后端", "tags": ["MySQL", "事务"], "difficulty": "easy", "question": "MySQL 事务的四种隔离级别", "answer": "读未提交、读已提交、可重复读、串行化"}),
        json!({"source": "t/bank", "source_path": "fe.md", "license": "MIT", "lang": "zh", "career": "前端", "tags": ["React"], "difficulty": null, "question": "React Hooks 的实现原理是什么？", "answer": null}),
        json!({"source": "t/bank", "source_path": "fe.md", "license": "CC-BY-4.0", "lang": "en", "career": "前端", "tags": ["JavaScript"], "difficulty": "easy", "question": "Explain event delegation in JavaScript.", "answer": "Listen on a parent…"}),
        json!({"source": "t/bank", "source_path": "algo.md", "license": "MIT", "lang": "zh", "career": "算法", "tags": ["二叉树"], "difficulty": "medium", "question": "二叉树的层序遍历怎么实现？", "answer": "用队列"}),
        json!({"source": "t/bank", "source_path": "beh.md", "license": "MIT", "lang": "zh", "career": "行为面试", "tags": ["自我介绍"], "difficulty": null, "question": "请做一个简短的自我介绍", "answer": null}),
    ]
}

pub async fn seeded() -> TestApp {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.jsonl");
    let mut lines: Vec<String> = fixture().iter().map(Value::to_string).collect();
    lines.push("{\"question\": \"\"}".into());
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mianjing"))
        .args(["import", "questions"])
        .arg(&file)
        .arg("--data-dir")
        .arg(&app.data_dir)
        .env_remove("DATABASE_URL")
        .envs(app.state.config.database_url.iter().map(|u| ("DATABASE_URL", u.clone())))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("8 imported") && stdout.contains("1 rejected"), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 9:"));
    app
}

fn contents(r: &crate::helpers::Resp) -> Vec<String> {
    r.body["items"].as_array().unwrap().iter().map(|i| i["content"].as_str().unwrap().to_owned()).collect()
}

async fn id_of(app: &TestApp, text: &str) -> i64 {
    let r = app.get(&format!("/api/questions?q={}", urlencode(text)), None).await;
    r.body["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("no question for {text}: {}", r.text))
}

#[tokio::test]
async fn list_filters_and_chinese_search() {
    let app = seeded().await;
    let r = app.get("/api/questions", None).await;
    assert_eq!(r.body["total"], 8);
    let backend = app.get("/api/careers", None).await.body["items"].as_array().unwrap().iter().find(|c| c["name"] == "后端").unwrap()["id"].clone();
    assert_eq!(app.get(&format!("/api/questions?career_id={backend}"), None).await.body["total"], 4);
    assert_eq!(app.get("/api/questions?difficulty=easy", None).await.body["total"], 2);
    assert_eq!(app.get("/api/questions?tag=redis", None).await.body["total"], 2);
    assert_eq!(app.get("/api/questions?lang=en", None).await.body["total"], 1);
    assert_eq!(app.get("/api/questions?has_answer=false", None).await.body["total"], 3);
    let r = app.get(&format!("/api/questions?q={}", urlencode("缓存")), None).await;
    assert_eq!(contents(&r), vec!["Redis 缓存穿透、击穿、雪崩分别是什么？如何解决？"]);
    let r = app.get(&format!("/api/questions?q={}&difficulty=medium", urlencode("二叉树")), None).await;
    assert_eq!(r.body["total"], 1);
    let item = &r.body["items"][0];
    assert_eq!((item["has_answer"].clone(), item["license"].clone(), item["source"].clone()), (json!(true), json!("MIT"), json!("t/bank")));
    assert_eq!(app.get(&format!("/api/questions?q={}", urlencode("%'\";--")), None).await.status, 200);
    assert_eq!(app.get("/api/questions?difficulty=extreme", None).await.status, 400);
}

#[tokio::test]
async fn detail_has_answer_related_questions_and_the_callers_note() {
    let app = seeded().await;
    let u = app.signup("learner").await;
    let other = app.signup("other").await;
    let id = id_of(&app, "缓存穿透").await;
    let r = app.get(&format!("/api/questions/{id}"), Some(&u.token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["answer"].as_str().unwrap().contains("布隆过滤器"));
    assert_eq!(r.body["tags"], json!(["Redis", "缓存"]));
    assert_eq!(r.body["note"], Value::Null);
    let related: Vec<String> = r.body["related"].as_array().unwrap().iter().map(|q| q["content"].as_str().unwrap().to_owned()).collect();
    assert_eq!(related.first().map(String::as_str), Some("Redis 集群的数据分片原理"), "{related:?}");
    let path = format!("/api/questions/{id}/note");
    assert_eq!(app.put(&path, None, json!({"content": "x"})).await.status, 401);
    assert_eq!(app.put(&path, Some(&u.token), json!({"content": ""})).await.status, 400);
    assert_eq!(app.put(&path, Some(&u.token), json!({"content": "先答布隆过滤器"})).await.status, 200);
    let r = app.put(&path, Some(&u.token), json!({"content": "再补充互斥锁"})).await;
    assert_eq!(r.body["content"], "再补充互斥锁");
    assert_eq!(app.get(&format!("/api/questions/{id}"), Some(&u.token)).await.body["note"], "再补充互斥锁");
    assert_eq!(app.get(&format!("/api/questions/{id}"), Some(&other.token)).await.body["note"], Value::Null, "notes are private");
    assert_eq!(app.delete(&path, Some(&u.token), None).await.status, 204);
    assert_eq!(app.get(&format!("/api/questions/{id}"), Some(&u.token)).await.body["note"], Value::Null);
    assert_eq!(app.put("/api/questions/999999/note", Some(&u.token), json!({"content": "x"})).await.status, 404);
    assert_eq!(app.get("/api/questions/999999", None).await.status, 404);
}

#[tokio::test]
async fn favorites_on_questions_are_idempotent_and_listed() {
    let app = seeded().await;
    let u = app.signup("learner").await;
    let id = id_of(&app, "隔离级别").await;
    for _ in 0..2 {
        assert_eq!(app.put(&format!("/api/questions/{id}/favorite"), Some(&u.token), json!({})).await.body, json!({"favorited": true, "favorites": 1}));
    }
    let r = app.get("/api/favorites/questions", Some(&u.token)).await;
    assert_eq!((r.body["total"].clone(), r.body["items"][0]["id"].clone(), r.body["items"][0]["is_favorited"].clone()), (json!(1), json!(id), json!(true)));
    assert_eq!(app.delete(&format!("/api/questions/{id}/favorite"), Some(&u.token), None).await.body["favorites"], 0);
    assert_eq!(app.get("/api/favorites/questions", Some(&u.token)).await.body["total"], 0);
    assert_eq!(app.put("/api/questions/999999/favorite", Some(&u.token), json!({})).await.status, 404);
}

#[tokio::test]
async fn random_draws_distinct_questions_honouring_filters() {
    let app = seeded().await;
    let r = app.get("/api/questions/random?count=8", None).await;
    let ids: std::collections::HashSet<i64> = r.body.as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 8);
    let r = app.get("/api/questions/random?count=5&tag=MySQL", None).await;
    assert_eq!(r.body.as_array().unwrap().len(), 2);
    assert!(r.body.as_array().unwrap().iter().all(|q| q["tags"].as_array().unwrap().contains(&json!("MySQL"))));
    assert_eq!(app.get("/api/questions/random?count=51", None).await.status, 400);
    assert_eq!(app.get("/api/questions/random?count=0", None).await.status, 400);
}

#[tokio::test]
async fn a_posting_asking_for_redis_and_mysql_ranks_those_questions_first() {
    let app = seeded().await;
    let jd = "【后端开发工程师】岗位职责：负责交易系统开发。任职要求：熟悉 Redis 与 MySQL，理解缓存与数据库一致性，有高并发经验者优先。";
    let r = app.post("/api/questions/recommend", None, json!({"job_description": jd, "count": 6})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let kws: Vec<&str> = r.body["keywords"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    assert!(kws.contains(&"Redis") && kws.contains(&"MySQL"), "{kws:?}");
    let items = r.body["items"].as_array().unwrap();
    assert!(items.len() >= 4, "{}", r.text);
    for item in &items[..4] {
        let text = item["question"]["content"].as_str().unwrap();
        assert!(text.contains("Redis") || text.contains("MySQL"), "top questions are about Redis/MySQL: {text}");
        assert!(!item["matched_keywords"].as_array().unwrap().is_empty());
    }
    assert_eq!(app.post("/api/questions/recommend", None, json!({})).await.status, 400);
    assert_eq!(app.post("/api/questions/recommend", None, json!({"use_resume": true})).await.status, 401);
    assert_eq!(app.post("/api/questions/recommend", None, json!({"job_description": "x", "count": 100})).await.status, 400);
}

#[tokio::test]
async fn admins_create_update_delete_and_export_questions() {
    let app = seeded().await;
    let u = app.signup("learner").await;
    let admin = app.admin("boss").await;
    let body = json!({"content": "Kafka 如何保证消息不丢失？", "answer": "acks=all……", "difficulty": "hard", "tags": ["Kafka", "消息队列"], "lang": "zh"});
    assert_eq!(app.post("/api/questions", Some(&u.token), body.clone()).await.status, 403);
    assert_eq!(app.post("/api/questions", None, body.clone()).await.status, 401);
    let r = app.post("/api/questions", Some(&admin.token), body.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let mut dup = body.clone();
    dup["content"] = json!("kafka 如何保证消息 不丢失？");
    assert_eq!(app.post("/api/questions", Some(&admin.token), dup).await.status, 409, "same text ignoring case and spaces");
    assert_eq!(app.post("/api/questions", Some(&admin.token), json!({"content": "", "difficulty": "x"})).await.status, 400);
    app.put(&format!("/api/questions/{id}/favorite"), Some(&u.token), json!({})).await;
    let r = app.patch(&format!("/api/questions/{id}"), Some(&admin.token), json!({"difficulty": "medium", "tags": ["Kafka"]})).await;
    assert_eq!((r.body["difficulty"].clone(), r.body["tags"].clone()), (json!("medium"), json!(["Kafka"])));
    assert_eq!(app.patch(&format!("/api/questions/{id}"), Some(&u.token), json!({"difficulty": "easy"})).await.status, 403);
    let r = TestApp::read(app.client.get(app.url("/api/questions/export")).bearer_auth(&admin.token).send().await.unwrap()).await;
    assert_eq!(r.status, 200);
    let lines: Vec<Value> = r.text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 9);
    assert!(lines.iter().any(|l| l["question"] == "Kafka 如何保证消息不丢失？" && l["tags"] == json!(["Kafka"])));
    assert_eq!(app.get("/api/questions/export", Some(&u.token)).await.status, 403);
    assert_eq!(app.delete(&format!("/api/questions/{id}"), Some(&u.token), None).await.status, 403);
    assert_eq!(app.delete(&format!("/api/questions/{id}"), Some(&admin.token), None).await.status, 204);
    assert_eq!(app.get(&format!("/api/questions/{id}"), None).await.status, 404);
    assert_eq!(app.get("/api/favorites/questions", Some(&u.token)).await.body["total"], 0);
}

#[tokio::test]
async fn questions_of_experiences_are_practisable_by_company() {
    let app = seeded().await;
    let u = app.signup("writer").await;
    let mut body = sample("腾讯后台一面", "腾讯");
    body["interview_questions"] = json!(["MySQL 事务的四种隔离级别", "手写 LRU 缓存"]);
    post(&app, &u, body).await;
    let r = app.get(&format!("/api/questions?company={}", urlencode("腾讯")), None).await;
    let mut got = contents(&r);
    got.sort();
    assert_eq!(got, vec!["MySQL 事务的四种隔离级别".to_owned(), "手写 LRU 缓存".to_owned()], "{}", r.text);
    assert!(r.body["items"].as_array().unwrap().iter().all(|q| q["companies"] == json!(["腾讯"])));
    let existing = r.body["items"].as_array().unwrap().iter().find(|q| q["content"] == "MySQL 事务的四种隔离级别").unwrap();
    assert_eq!(existing["has_answer"], true, "linked to the existing bank question, not a copy");
    assert_eq!(app.get("/api/questions", None).await.body["total"], 9);
    // A question a 面经 added to the bank is in its full-text index.
    let r = app.get("/api/questions?q=LRU", None).await;
    assert_eq!(contents(&r), vec!["手写 LRU 缓存".to_owned()], "{}", r.text);
}

#[tokio::test]
async fn the_whole_shared_question_file_imports() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/questions.jsonl");
    if !shared.exists() {
        eprintln!("skipping: {} not found", shared.display());
        return;
    }
    let app = TestApp::spawn().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mianjing"))
        .args(["import", "questions"])
        .arg(&shared)
        .arg("--data-dir")
        .arg(&app.data_dir)
        .env_remove("DATABASE_URL")
        .envs(app.state.config.database_url.iter().map(|u| ("DATABASE_URL", u.clone())))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("10844 imported") && stdout.contains("0 rejected"), "{stdout}");
    assert_eq!(app.get("/api/questions?per_page=1", None).await.body["total"], 10844);
    let r = app.get(&format!("/api/questions?q={}", urlencode("缓存")), None).await;
    assert!(r.body["total"].as_u64().unwrap() > 10, "{}", r.text);
    let r = app.post("/api/questions/recommend", None, json!({"job_description": "熟悉 Redis、MySQL", "count": 5})).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 5);
}
