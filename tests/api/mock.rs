//! Mock interviews, scoring, follow-ups, reports, learning records and the
//! seed-001 records view. The LLM scorer and its fallbacks are in `voice.rs`.

use serde_json::{json, Value};

use crate::experiences::urlencode;
use crate::helpers::{TestApp, TestUser};
use crate::questions::seeded;

pub const GOOD_CACHE: &str = "首先，缓存穿透是指请求的数据在缓存和数据库中都不存在，每次都会打到数据库；击穿是热点 key 过期的瞬间大量请求打到数据库；雪崩是大量 key 同时过期或 Redis 宕机。\n\n解决：第一，穿透用布隆过滤器拦截并缓存空值；第二，击穿用互斥锁或逻辑过期；第三，雪崩给过期时间加随机值、做多级缓存和限流。总结：核心是保护数据库。";
pub const EVASIVE: &str = "嗯，这个，那个我不太清楚。";

pub async fn career(app: &TestApp, name: &str) -> i64 {
    let r = app.get("/api/careers", None).await;
    r.body["items"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["id"].as_i64().unwrap()
}

pub async fn start(app: &TestApp, u: &TestUser, body: Value) -> Value {
    let r = app.post("/api/mock-interviews", Some(&u.token), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

/// A WAV file of `seconds` seconds of silence (8 kHz, 8-bit mono).
pub fn wav(seconds: u32) -> Vec<u8> {
    let data = 8000 * seconds;
    let mut b = Vec::with_capacity(44 + data as usize);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + data).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes()); // PCM
    b.extend_from_slice(&1u16.to_le_bytes()); // mono
    b.extend_from_slice(&8000u32.to_le_bytes());
    b.extend_from_slice(&8000u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&8u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data.to_le_bytes());
    b.resize(44 + data as usize, 128);
    b
}

pub fn index_of(interview: &Value, needle: &str) -> i64 {
    interview["questions"].as_array().unwrap().iter().find(|q| q["content"].as_str().unwrap().contains(needle)).unwrap_or_else(|| panic!("{needle} not in {interview}"))["index"].as_i64().unwrap()
}

#[tokio::test]
async fn a_topic_interview_runs_from_set_up_to_report() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let backend = career(&app, "后端").await;
    assert_eq!(app.post("/api/mock-interviews", None, json!({"kind": "topic"})).await.status, 401);
    let r = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "career_id": backend, "question_count": 2})).await;
    assert_eq!((r.status, r.body["fields"]["question_count"].is_array()), (400, true), "topic drills are 3–10 questions");
    assert_eq!(app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "panel"})).await.status, 400);
    let r = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "tag": "no-such-tag", "question_count": 5})).await;
    assert_eq!((r.status, r.code()), (400, "no_questions"));
    let iv = start(&app, &u, json!({"kind": "topic", "career_id": backend, "question_count": 5})).await;
    assert_eq!(iv["status"], "in_progress");
    assert_eq!(iv["question_count"], 4, "only four 后端 questions exist: {iv}");
    let qs = iv["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 1, "one question at a time: {iv}");
    assert!(qs.iter().all(|q| q["answered"] == false && q["answer"].is_null()));
    // The same four in a known order, to drive the answers.
    let id_of = |needle: &'static str| {
        let app = &app;
        async move { app.get(&format!("/api/questions?q={}", urlencode(needle)), None).await.body["items"][0]["id"].as_i64().unwrap() }
    };
    let ids = [id_of("缓存穿透").await, id_of("隔离级别").await, id_of("数据分片").await, id_of("B+ 树").await];
    let iv = start(&app, &u, json!({"kind": "topic", "question_ids": ids})).await;
    let id = iv["id"].as_i64().unwrap();
    let base = format!("/api/mock-interviews/{id}");
    let other = app.signup("intruder").await;
    let cache = index_of(&iv, "缓存穿透");
    let mysql = cache + 1;
    assert_eq!(app.post(&format!("{base}/answers"), Some(&other.token), json!({"index": cache, "answer": "x"})).await.status, 403);
    assert_eq!(app.get(&base, Some(&other.token)).await.status, 403);
    assert_eq!(app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 99, "answer": "x"})).await.status, 400);
    assert_eq!(app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": cache, "answer": ""})).await.status, 400);
    let early = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": mysql, "answer": "x"})).await;
    assert_eq!((early.status, early.body["fields"]["index"].is_array()), (400, true), "a question not reached yet cannot be answered: {}", early.text);

    let recording = crate::files::upload(&app, Some(&u), "recording", "a.wav", wav(60)).await;
    assert_eq!(recording.status, 201, "{}", recording.text);
    let rec = recording.body["id"].as_i64().unwrap();
    let good = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": cache, "answer": GOOD_CACHE, "duration_seconds": 60, "recording_file_id": rec})).await;
    assert_eq!(good.status, 200, "{}", good.text);
    assert!(good.body["follow_up"].is_null(), "a complete answer gets no follow-up: {}", good.text);
    assert!(good.body["speech_rate"].as_f64().unwrap() > 100.0);
    let after = app.get(&base, Some(&u.token)).await;
    assert_eq!(index_of(&after.body, "隔离级别"), mysql, "the next question is reached: {}", after.text);
    let bad = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": mysql, "answer": EVASIVE, "duration_seconds": 10, "recording_file_id": rec})).await;
    let fu = &bad.body["follow_up"];
    let asked = fu["content"].as_str().unwrap();
    assert!(asked.ends_with('？') && !asked.contains("你没有提到") && !asked.contains("隔离级别"), "a follow-up is a question about a missed point, not about the question's words: {}", bad.text);
    let fu_index = fu["index"].as_i64().unwrap();
    assert_eq!(fu_index, 5);
    let again = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": mysql, "answer": "还是不知道"})).await;
    assert!(again.body["follow_up"].is_null(), "one follow-up per question");
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": fu_index, "answer": "从低到高有四种：读未提交会读到别人没提交的数据，读已提交只读已提交的数据，可重复读保证同一事务里多次读结果一样，串行化让事务一个个执行。InnoDB 默认是可重复读。"})).await;
    assert!(r.body["follow_up"].is_null(), "no follow-up on a follow-up");

    let report = app.post(&format!("{base}/finish"), Some(&u.token), json!({})).await;
    assert_eq!(report.status, 200, "{}", report.text);
    let rep = &report.body;
    assert_eq!((rep["total"].clone(), rep["answered"].clone()), (json!(5), json!(3)));
    let answers = rep["answers"].as_array().unwrap();
    let score_of = |i: i64| answers.iter().find(|a| a["index"] == i).unwrap()["score"].as_i64().unwrap();
    assert!(score_of(cache) >= 70 && score_of(mysql) <= 20, "{rep}");
    assert!(answers.iter().any(|a| a["answer"].is_null() && a["score"] == 0 && a["feedback"] == "未作答。"));
    let overall = rep["overall_score"].as_i64().unwrap();
    assert!((1..70).contains(&overall), "unanswered questions count 0: {overall}");
    for k in ["coverage", "structure", "fluency", "length", "pace"] {
        assert!(rep["dimensions"][k].is_i64(), "{k} (the answers were recorded): {rep}");
    }
    assert!(rep["topics"]["后端"].is_i64());
    assert_eq!(app.get(&base, Some(&u.token)).await.body["questions"].as_array().unwrap().len(), 5, "a finished interview shows every question");
    assert!(!rep["improved"].as_array().unwrap().is_empty());
    assert!(rep["speech_rate"].is_f64());
    assert_eq!(answers.iter().find(|a| a["index"] == mysql).unwrap()["reference_answer"], "读未提交、读已提交、可重复读、串行化");
    let follow_up = answers.iter().find(|a| a["index"] == fu_index).unwrap();
    assert_eq!(follow_up["estimate"], false, "a follow-up is judged on its missed point, against the main question's reference: {follow_up}");
    assert_eq!(follow_up["key_points"].as_array().unwrap().len(), 1, "{follow_up}");
    assert!(follow_up["score"].as_i64().unwrap() >= 60, "the follow-up's answer covers the point: {follow_up}");

    assert_eq!(app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": cache, "answer": "改答案"})).await.code(), "interview_finished");
    assert_eq!(app.post(&format!("{base}/finish"), Some(&u.token), json!({})).await.status, 409);
    let r = app.get(&base, Some(&u.token)).await;
    assert_eq!((r.body["status"].clone(), r.body["overall_score"].clone()), (json!("finished"), json!(overall)));
    assert!(r.body["report"]["answers"].is_array());
    let history = app.get("/api/mock-interviews", Some(&u.token)).await;
    assert_eq!(history.body["items"][0]["id"], id);
    assert_eq!(app.get("/api/mock-interviews", Some(&other.token)).await.body["total"], 0);
}

#[tokio::test]
async fn full_rounds_use_the_company_the_posting_and_behavioural_questions() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    // A 面经 at 腾讯 reports a question: it comes first for a 腾讯 interview.
    let mut exp = crate::experiences::sample("腾讯一面", "腾讯");
    exp["interview_questions"] = json!(["React Hooks 的实现原理是什么？"]);
    crate::experiences::post(&app, &u, exp).await;
    let iv = start(&app, &u, json!({"kind": "full", "round": "second", "company": "腾讯", "job_description": "熟悉 Redis 和 MySQL", "question_count": 3})).await;
    let qs: Vec<&str> = iv["questions"].as_array().unwrap().iter().map(|q| q["content"].as_str().unwrap()).collect();
    assert_eq!(qs[0], "React Hooks 的实现原理是什么？", "{qs:?}");
    assert!(qs[1..].iter().all(|q| q.contains("Redis") || q.contains("MySQL")), "{qs:?}");
    assert_eq!(iv["round"], "second");
    // Any alias of the company names the same company's questions.
    for alias in ["Tencent"] {
        let iv = start(&app, &u, json!({"kind": "full", "round": "second", "company": alias, "question_count": 3})).await;
        assert_eq!(iv["questions"][0]["content"], "React Hooks 的实现原理是什么？", "{alias}: {iv}");
    }
    let iv = start(&app, &u, json!({"kind": "full", "round": "second", "company": "没有面经的公司", "question_count": 3})).await;
    assert_ne!(iv["questions"][0]["content"], "React Hooks 的实现原理是什么？", "another company's question: {iv}");
    let hr = start(&app, &u, json!({"kind": "full", "round": "hr", "question_count": 3})).await;
    let qs: Vec<&str> = hr["questions"].as_array().unwrap().iter().map(|q| q["content"].as_str().unwrap()).collect();
    assert_eq!(qs, vec!["请做一个简短的自我介绍"]);
    assert_eq!(app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "full", "round": "fourth"})).await.status, 400);
}

#[tokio::test]
async fn mistakes_leave_the_notebook_after_a_good_answer_and_ability_has_a_trend() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let qid = app.get(&format!("/api/questions?q={}", urlencode("缓存穿透")), None).await.body["items"][0]["id"].as_i64().unwrap();
    // First attempt: evasive.
    let iv = start(&app, &u, json!({"kind": "topic", "question_ids": [qid]})).await;
    let id = iv["id"].as_i64().unwrap();
    app.post(&format!("/api/mock-interviews/{id}/answers"), Some(&u.token), json!({"index": 1, "answer": EVASIVE})).await;
    app.post(&format!("/api/mock-interviews/{id}/finish"), Some(&u.token), json!({})).await;
    let m = app.get("/api/mistakes", Some(&u.token)).await;
    assert_eq!(m.body["total"], 1, "{}", m.text);
    assert_eq!(m.body["items"][0]["question_id"], qid);
    assert!(m.body["items"][0]["reference_answer"].as_str().unwrap().contains("布隆过滤器"));
    assert_eq!(m.body["items"][0]["your_answer"], EVASIVE);
    // Practise again from the notebook: a good answer takes it out.
    let iv = start(&app, &u, json!({"kind": "topic", "question_ids": [qid]})).await;
    let id2 = iv["id"].as_i64().unwrap();
    assert_eq!(iv["questions"][0]["question_id"], qid);
    app.post(&format!("/api/mock-interviews/{id2}/answers"), Some(&u.token), json!({"index": 1, "answer": GOOD_CACHE})).await;
    app.post(&format!("/api/mock-interviews/{id2}/finish"), Some(&u.token), json!({})).await;
    assert_eq!(app.get("/api/mistakes", Some(&u.token)).await.body["total"], 0);
    let records = app.get("/api/practice-records", Some(&u.token)).await;
    assert_eq!(records.body["total"], 2, "two answers (the follow-up was not answered): {}", records.text);
    assert_eq!(records.body["items"][0]["interview_id"], id2, "newest first");
    let ab = app.get("/api/users/ability", Some(&u.token)).await;
    assert_eq!(ab.status, 200, "{}", ab.text);
    let dims = ab.body["dimensions"].as_array().unwrap();
    assert_eq!(dims[0]["name"], "后端");
    assert_eq!(dims[0]["answers"], 2);
    let trend = ab.body["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 2);
    assert!(trend[1]["overall_score"].as_i64().unwrap() > trend[0]["overall_score"].as_i64().unwrap() + 40, "{trend:?}");
    assert!(ab.body["skills"]["coverage"].is_i64());
    for path in ["/api/mistakes", "/api/practice-records", "/api/users/ability"] {
        assert_eq!(app.get(path, None).await.status, 401);
    }
    let bad = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "question_ids": [999999]})).await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn seed_001_interview_records_are_scored_and_listed() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let body = json!({"question_and_answer": [
        {"question": "MySQL 事务的四种隔离级别", "answer": "读未提交、读已提交、可重复读、串行化；InnoDB 默认可重复读，用 MVCC 避免大部分幻读。", "speech_rate": 210.5},
        {"question": "你最大的缺点是什么？", "answer": "嗯，那个，就是有点急躁。"}
    ]});
    let r = app.post("/api/interview_records", Some(&u.token), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["question_and_answer"][0]["speech_rate"], 210.5);
    assert!(!r.body["improved"].as_array().unwrap().is_empty());
    let r = app.post("/api/interview_records", Some(&u.token), json!({"question_and_answer": [], "improved": ["x"]})).await;
    assert_eq!(r.status, 400);
    let list = app.get("/api/interview_records", Some(&u.token)).await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["question_and_answer"].as_array().unwrap().len(), 2);
    assert_eq!(app.get("/api/interview_records", None).await.status, 401);
    assert_eq!(app.get("/api/mock-interviews", Some(&u.token)).await.body["total"], 0, "records stay out of the mock history");
}
