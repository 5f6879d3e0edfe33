//! Which questions a mock interview asks (issue 17, point 1): question kinds
//! and the `kind` filter, rounds that keep to their kinds (an HR round of a
//! company asks only behavioural questions, never questions to ask the
//! interviewer), questions drawn from the resume, the question language,
//! admin-edited key points and career names in the caller's language.

use reqwest::Method;
use serde_json::{json, Value};

use crate::experiences::{post, sample, urlencode};
use crate::helpers::{TestApp, TestUser};
use crate::questions::seeded;

async fn career(app: &TestApp, name: &str) -> i64 {
    let r = app.get("/api/careers", None).await;
    r.body["items"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["id"].as_i64().unwrap()
}

/// Add a question as `admin`; returns its detail.
async fn add(app: &TestApp, admin: &TestUser, body: Value) -> Value {
    let r = app.post("/api/questions", Some(&admin.token), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

/// Start an interview and return it with every question it asks: an
/// interview in progress shows only the current question, so it is finished
/// unanswered and read again.
async fn start(app: &TestApp, u: &TestUser, body: Value, headers: &[(&str, &str)]) -> Value {
    let r = app.call_with(Method::POST, "/api/mock-interviews", Some(&u.token), Some(body), headers).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let base = format!("/api/mock-interviews/{}", r.body["id"]);
    assert_eq!(app.post(&format!("{base}/finish"), Some(&u.token), serde_json::json!({})).await.status, 200);
    let all = app.get(&base, Some(&u.token)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    all.body
}

fn contents(interview: &Value) -> Vec<String> {
    interview["questions"].as_array().unwrap().iter().map(|q| q["content"].as_str().unwrap().to_owned()).collect()
}

/// The seeded bank plus the rows that misled interviews: a reverse-interview
/// question and a technical row of 行为面试, and two behavioural ones.
async fn bank_with_hr_rows(app: &TestApp) -> TestUser {
    let admin = app.admin("boss").await;
    let hr = career(app, "行为面试").await;
    let reverse = add(app, &admin, json!({"content": "公积金的缴纳比例是多少？", "career_id": hr, "tags": ["反问面试官", "待遇"]})).await;
    assert_eq!(reverse["kind"], "reverse", "classified from its tag");
    let android = add(app, &admin, json!({"content": "你觉得安卓开发最关键的技术在哪里？", "career_id": hr, "tags": ["非技术面试题"]})).await;
    assert_eq!(android["kind"], "technical", "a 行为面试 row naming a technology");
    let quit = add(app, &admin, json!({"content": "为什么要离职？", "career_id": hr})).await;
    assert_eq!(quit["kind"], "behavioural");
    admin
}

#[tokio::test]
async fn an_hr_round_of_a_company_asks_only_behavioural_questions_never_reverse_ones() {
    let app = seeded().await;
    bank_with_hr_rows(&app).await;
    let u = app.signup("candidate").await;
    let mut exp = sample("字节跳动后端一面", "字节跳动");
    exp["interview_questions"] = json!(["手撕 LRU 缓存", "B+ 树和 B 树有什么区别？", "你为什么想从上一家公司离职？"]);
    post(&app, &u, exp).await;
    let hr = start(&app, &u, json!({"kind": "full", "round": "hr", "company": "字节跳动", "question_count": 10}), &[]).await;
    let asked = contents(&hr);
    assert_eq!(asked[0], "你为什么想从上一家公司离职？", "the company's own behavioural question first: {asked:?}");
    let mut rest = asked[1..].to_vec();
    rest.sort();
    assert_eq!(rest, vec!["为什么要离职？".to_owned(), "请做一个简短的自我介绍".to_owned()], "only behavioural questions: {asked:?}");
    for q in hr["questions"].as_array().unwrap() {
        let id = q["question_id"].as_i64().unwrap();
        assert_eq!(app.get(&format!("/api/questions/{id}"), None).await.body["kind"], "behavioural");
    }
    // The company's technical questions are for the technical rounds.
    let first = start(&app, &u, json!({"kind": "full", "round": "first", "company": "字节跳动", "question_count": 3}), &[]).await;
    let asked = contents(&first);
    assert!(asked[..2].contains(&"手撕 LRU 缓存".to_owned()) && asked[..2].contains(&"B+ 树和 B 树有什么区别？".to_owned()), "{asked:?}");
    assert!(!asked.iter().any(|q| q.contains("离职") || q.contains("公积金")), "{asked:?}");
}

#[tokio::test]
async fn the_kind_filter_lists_the_questions_to_ask_the_interviewer() {
    let app = seeded().await;
    bank_with_hr_rows(&app).await;
    let r = app.get("/api/questions?kind=reverse", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], 1);
    assert_eq!(r.body["items"][0]["content"], "公积金的缴纳比例是多少？");
    assert_eq!(r.body["items"][0]["kind"], "reverse");
    let r = app.get(&format!("/api/questions?kind=coding&career_id={}", career(&app, "算法").await), None).await;
    assert_eq!(r.body["items"][0]["content"], "二叉树的层序遍历怎么实现？", "imported 算法 rows are coding: {}", r.text);
    let r = app.get("/api/questions?kind=panel", None).await;
    assert_eq!((r.status, r.body["fields"]["kind"].is_array()), (400, true), "{}", r.text);
}

#[tokio::test]
async fn a_second_round_with_a_resume_asks_about_its_skills_and_projects_in_the_interviews_language() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let resume = json!({"skills": ["Redis", "MySQL"], "portfolio": [{"title": "秒杀系统", "description": "库存扣减", "url": null}]});
    let r = app.post("/api/resumes", Some(&u.token), resume).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let body = json!({"kind": "full", "round": "second", "use_resume": true, "career_id": career(&app, "后端").await, "question_count": 4});
    let iv = start(&app, &u, body.clone(), &[]).await;
    let qs = iv["questions"].as_array().unwrap();
    assert_eq!(qs[0]["content"], "你在简历里写了「Redis」，讲讲你是怎么用它的？", "{iv}");
    assert!(qs[1]["content"].as_str().unwrap().contains("「秒杀系统」"), "{iv}");
    assert!(qs[0]["question_id"].is_null() && qs[1]["question_id"].is_null(), "generated questions are not bank questions");
    assert_eq!(qs.len(), 4, "then bank questions: {iv}");
    assert!(qs[2..].iter().all(|q| q["question_id"].is_i64()));
    // Without use_resume: bank questions only.
    let iv = start(&app, &u, json!({"kind": "full", "round": "second", "question_count": 3}), &[]).await;
    assert!(iv["questions"].as_array().unwrap().iter().all(|q| q["question_id"].is_i64()), "{iv}");
    // In English: the generated question is English (and the bank has no English 后端 question).
    let mut en = body;
    en["lang"] = json!("en");
    let iv = start(&app, &u, en, &[]).await;
    assert_eq!(iv["lang"], "en");
    assert_eq!(contents(&iv)[0], "Your resume mentions Redis; walk me through how you used it.");
    assert_eq!(contents(&iv).len(), 2, "no Chinese bank question fills an English interview: {iv}");
}

#[tokio::test]
async fn an_english_interview_asks_only_english_questions() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let frontend = career(&app, "前端").await;
    let drill = json!({"kind": "topic", "career_id": frontend, "question_count": 3});
    let mut en = drill.clone();
    en["lang"] = json!("en");
    let iv = start(&app, &u, en, &[]).await;
    assert_eq!((contents(&iv), iv["lang"].clone()), (vec!["Explain event delegation in JavaScript.".to_owned()], json!("en")), "fewer questions rather than Chinese ones");
    let iv = start(&app, &u, drill.clone(), &[("Accept-Language", "en-US,en;q=0.9")]).await;
    assert_eq!((contents(&iv), iv["lang"].clone()), (vec!["Explain event delegation in JavaScript.".to_owned()], json!("en")), "English UI: English questions by default");
    let iv = start(&app, &u, drill.clone(), &[("Accept-Language", "zh-TW")]).await;
    assert_eq!((contents(&iv), iv["lang"].clone()), (vec!["React Hooks 的实现原理是什么？".to_owned()], json!("zh")));
    let mut zh = drill.clone();
    zh["lang"] = json!("zh");
    let iv = start(&app, &u, zh, &[("Accept-Language", "en")]).await;
    assert_eq!(iv["lang"], "zh", "a language chosen on the set-up page wins");
    let id = iv["id"].as_i64().unwrap();
    let list = app.get("/api/mock-interviews", Some(&u.token)).await;
    assert!(list.body["items"].as_array().unwrap().iter().any(|i| i["id"] == id && i["lang"] == "zh"), "{}", list.text);
    let mut bad = drill.clone();
    bad["lang"] = json!("fr");
    let r = app.post("/api/mock-interviews", Some(&u.token), bad).await;
    assert_eq!((r.status, r.body["fields"]["lang"].is_array()), (400, true), "{}", r.text);
    // Nothing in that language at all: 400 no_questions.
    let none = json!({"kind": "topic", "career_id": career(&app, "后端").await, "question_count": 3, "lang": "en"});
    let r = app.post("/api/mock-interviews", Some(&u.token), none).await;
    assert_eq!((r.status, r.code()), (400, "no_questions"));
    // Topic drills now take 3–10 questions.
    let r = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "career_id": frontend, "question_count": 2})).await;
    assert_eq!((r.status, r.body["fields"]["question_count"].is_array()), (400, true));
}

#[tokio::test]
async fn admins_set_and_clear_key_points_and_correct_a_kind() {
    let app = seeded().await;
    let admin = app.admin("boss").await;
    let u = app.signup("learner").await;
    let r = app.get(&format!("/api/questions?q={}", urlencode("缓存穿透")), None).await;
    let id = r.body["items"][0]["id"].as_i64().unwrap();
    let path = format!("/api/questions/{id}");
    let reference = "缓存穿透指查询不存在的数据，请求每次都打到数据库。解决办法：\n\n1. **布隆过滤器**：拦截不存在的 key。\n2. **缓存空值**：空结果也缓存，并设置较短的过期时间。";
    assert_eq!(app.patch(&path, Some(&admin.token), json!({"answer": reference})).await.status, 200);
    let derived = app.get(&path, None).await.body;
    assert_eq!(derived["key_points_edited"], false, "derived until an admin sets them");
    assert!(derived["key_points"].as_array().unwrap().iter().any(|p| p.as_str().unwrap().contains("布隆过滤器")), "the scorer's points from the reference answer: {derived}");
    let points = json!({"key_points": [" 布隆过滤器 ", "互斥锁", "过期时间加随机值", "互斥锁"]});
    assert_eq!(app.patch(&path, Some(&u.token), points.clone()).await.status, 403);
    assert_eq!(app.patch(&path, None, points.clone()).await.status, 401);
    let r = app.patch(&path, Some(&admin.token), points).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["key_points"], json!(["布隆过滤器", "互斥锁", "过期时间加随机值"]), "trimmed and distinct");
    // An interview on the question judges against the admin's points.
    let iv = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "question_ids": [id]})).await;
    assert_eq!(iv.status, 201, "{}", iv.text);
    let base = format!("/api/mock-interviews/{}", iv.body["id"]);
    let answer = "用布隆过滤器拦截不存在的 key，请求不会打到数据库。重建缓存时用互斥锁，只让一个请求去查库。过期时间加随机值，避免大量 key 同时失效。";
    assert_eq!(app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 1, "answer": answer})).await.status, 200);
    let report = app.post(&format!("{base}/finish"), Some(&u.token), json!({})).await.body;
    let judged: Vec<&str> = report["answers"][0]["key_points"].as_array().unwrap().iter().map(|k| k["point"].as_str().unwrap()).collect();
    assert_eq!(judged, ["布隆过滤器", "互斥锁", "过期时间加随机值"], "{report}");
    let edited = app.get(&path, None).await.body;
    assert_eq!((edited["key_points"].clone(), edited["key_points_edited"].clone()), (json!(["布隆过滤器", "互斥锁", "过期时间加随机值"]), json!(true)));
    for bad in [json!([]), json!((0..13).map(|i| format!("点{i}")).collect::<Vec<_>>()), json!(["x".repeat(101)]), json!(["  "])] {
        let r = app.patch(&path, Some(&admin.token), json!({"key_points": bad})).await;
        assert_eq!((r.status, r.body["fields"]["key_points"].is_array()), (400, true), "{bad}: {}", r.text);
    }
    let r = app.patch(&path, Some(&admin.token), json!({"difficulty": "hard"})).await;
    assert_eq!(r.body["key_points"].as_array().map(Vec::len), Some(3), "an edit without key_points keeps them");
    let r = app.patch(&path, Some(&admin.token), json!({"key_points": null, "kind": "design"})).await;
    assert_eq!((r.body["key_points"].clone(), r.body["key_points_edited"].clone(), r.body["kind"].clone()), (derived["key_points"].clone(), json!(false), json!("design")), "cleared: derived again: {}", r.text);
    let r = app.patch(&path, Some(&admin.token), json!({"kind": "panel"})).await;
    assert_eq!((r.status, r.body["fields"]["kind"].is_array()), (400, true));
    let r = app.post("/api/questions", Some(&admin.token), json!({"content": "设计一个短链系统", "key_points": ["发号器", "302 跳转"]})).await;
    assert_eq!((r.body["kind"].clone(), r.body["key_points"].clone()), (json!("design"), json!(["发号器", "302 跳转"])), "{}", r.text);
    let export = app.get("/api/questions/export", Some(&admin.token)).await;
    assert!(export.text.lines().any(|l| l.contains("\"kind\":\"design\"")), "the export carries the kind");
}

#[tokio::test]
async fn careers_are_named_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let label = |r: &crate::helpers::Resp, name: &str| r.body["items"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["label"].clone();
    let en = app.call_with(Method::GET, "/api/careers", None, None, &[("Accept-Language", "en")]).await;
    assert_eq!((label(&en, "前端"), label(&en, "行为面试")), (json!("Front end"), json!("Behavioural interview")));
    let tw = app.call_with(Method::GET, "/api/careers", None, None, &[("Accept-Language", "zh-TW")]).await;
    assert_eq!(label(&tw, "后端"), json!("後端"));
    let cn = app.get("/api/careers", None).await;
    assert_eq!(label(&cn, "后端"), json!("后端"));
}
