//! The interview flow (issue 17): one question at a time, a timer that
//! survives a reload, pace only from recordings, and a report that reads in
//! the caller's language.

use serde_json::{json, Value};

use crate::experiences::urlencode;
use crate::helpers::{TestApp, TestUser};
use crate::mock::{start, wav, EVASIVE, GOOD_CACHE};
use crate::questions::seeded;

async fn qid(app: &TestApp, needle: &str) -> i64 {
    app.get(&format!("/api/questions?q={}", urlencode(needle)), None).await.body["items"][0]["id"].as_i64().unwrap()
}

fn indexes(iv: &Value) -> Vec<i64> {
    iv["questions"].as_array().unwrap().iter().map(|q| q["index"].as_i64().unwrap()).collect()
}

fn asked_at(iv: &Value, index: i64) -> String {
    let q = iv["questions"].as_array().unwrap().iter().find(|q| q["index"] == index).unwrap_or_else(|| panic!("{index} not in {iv}"));
    q["asked_at"].as_str().unwrap_or_else(|| panic!("asked_at of {index}: {iv}")).to_owned()
}

async fn get_in(app: &TestApp, u: &TestUser, path: &str, lang: &str) -> Value {
    let r = app.call_with(reqwest::Method::GET, path, Some(&u.token), None, &[("Accept-Language", lang)]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

/// `text` with the key points (quoted from a Chinese reference) taken out.
fn without(text: &str, points: &[String]) -> String {
    let mut t = text.to_owned();
    let mut sorted = points.to_vec();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    for p in &sorted {
        t = t.replace(p.as_str(), "");
    }
    t
}

#[tokio::test]
async fn upcoming_questions_stay_hidden_until_reached_and_each_keeps_its_asked_at() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let ids = [qid(&app, "缓存穿透").await, qid(&app, "隔离级别").await, qid(&app, "数据分片").await];
    let iv = start(&app, &u, json!({"kind": "topic", "question_ids": ids})).await;
    let id = iv["id"].as_i64().unwrap();
    let base = format!("/api/mock-interviews/{id}");
    assert_eq!((iv["question_count"].clone(), indexes(&iv)), (json!(3), vec![1]), "{iv}");
    let first_asked = asked_at(&iv, 1);
    assert!(!iv.to_string().contains("隔离级别"), "an upcoming question is not sent: {iv}");
    // A reload keeps the timer's start.
    let again = app.get(&base, Some(&u.token)).await.body;
    assert_eq!((indexes(&again), asked_at(&again, 1)), (vec![1], first_asked.clone()));
    // Questions not reached cannot be answered; another user is refused.
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 2, "answer": "读未提交"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    let other = app.signup("intruder").await;
    assert_eq!(app.get(&base, Some(&other.token)).await.status, 403);
    assert_eq!(app.post(&format!("{base}/answers"), Some(&other.token), json!({"index": 1, "answer": "x"})).await.code(), "forbidden");
    assert_eq!(app.post(&format!("{base}/finish"), Some(&other.token), json!({})).await.status, 403);
    assert_eq!(app.get("/api/mock-interviews/999999", Some(&u.token)).await.status, 404);

    // An evasive answer brings a follow-up: it is asked now, the next main question still waits.
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 1, "answer": EVASIVE})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let fu = r.body["follow_up"]["index"].as_i64().unwrap_or_else(|| panic!("a follow-up: {}", r.text));
    assert_eq!(fu, 4);
    let iv = app.get(&base, Some(&u.token)).await.body;
    assert_eq!(indexes(&iv), vec![1, 4], "{iv}");
    assert_eq!(asked_at(&iv, 1), first_asked, "answering does not move the question's start");
    let fu_asked = asked_at(&iv, 4);
    assert!(fu_asked >= first_asked);
    assert_eq!(iv["questions"][1]["follow_up_of"], 1);
    // Answering the follow-up reaches question 2.
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 4, "answer": "布隆过滤器拦截不存在的 key，并缓存空值。"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let iv = app.get(&base, Some(&u.token)).await.body;
    assert_eq!(indexes(&iv), vec![1, 2, 4], "{iv}");
    assert!(iv["questions"][1]["content"].as_str().unwrap().contains("隔离级别"));
    let second_asked = asked_at(&iv, 2);
    assert!(second_asked >= fu_asked);
    assert_eq!(asked_at(&app.get(&base, Some(&u.token)).await.body, 2), second_asked, "stable across reads");
    // A good answer without follow-up reaches question 3 at once.
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 2, "answer": "读未提交、读已提交、可重复读、串行化；InnoDB 默认可重复读，用 MVCC 和间隙锁避免幻读。首先……其次……最后总结。"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let iv = app.get(&base, Some(&u.token)).await.body;
    let expected = if r.body["follow_up"].is_null() { vec![1, 2, 3, 4] } else { vec![1, 2, 4, 5] };
    assert_eq!(indexes(&iv), expected, "{iv}");
    // Finishing shows every question.
    assert_eq!(app.post(&format!("{base}/finish"), Some(&u.token), json!({})).await.status, 200);
    let done = app.get(&base, Some(&u.token)).await.body;
    assert_eq!(done["questions"].as_array().unwrap().len(), done["report"]["total"].as_u64().unwrap() as usize);
    assert!(indexes(&done).contains(&3));
}

#[tokio::test]
async fn a_typed_answer_has_no_speech_rate_pace_or_fluency() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let ids = [qid(&app, "缓存穿透").await, qid(&app, "隔离级别").await];
    let iv = start(&app, &u, json!({"kind": "topic", "question_ids": ids})).await;
    let base = format!("/api/mock-interviews/{}", iv["id"]);
    // Typed, with the time spent on the page: no speech rate.
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 1, "answer": GOOD_CACHE, "duration_seconds": 5})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["speech_rate"].is_null(), "{}", r.text);
    // Bad input: a recording of another user, a zero duration.
    let other = app.signup("other").await;
    let theirs = crate::files::upload(&app, Some(&other), "recording", "b.wav", wav(1)).await.body["id"].as_i64().unwrap();
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 2, "answer": "可重复读", "duration_seconds": 30, "recording_file_id": theirs})).await;
    assert_eq!((r.status, r.body["fields"]["recording_file_id"].is_array()), (400, true), "{}", r.text);
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 2, "answer": "可重复读", "duration_seconds": 0})).await;
    assert_eq!((r.status, r.body["fields"]["duration_seconds"].is_array()), (400, true), "{}", r.text);
    // Spoken: the recording's length gives the rate.
    let rec = crate::files::upload(&app, Some(&u), "recording", "a.wav", wav(1)).await.body["id"].as_i64().unwrap();
    let spoken = "读未提交、读已提交、可重复读、串行化，InnoDB 默认是可重复读，通过 MVCC 和间隙锁避免了大部分幻读问题。";
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 2, "answer": spoken, "duration_seconds": 15, "recording_file_id": rec})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let rate = r.body["speech_rate"].as_f64().unwrap();
    assert!((100.0..300.0).contains(&rate), "{rate}");
    let rep = app.post(&format!("{base}/finish"), Some(&u.token), json!({})).await.body;
    let typed = rep["answers"].as_array().unwrap().iter().find(|a| a["index"] == 1).unwrap();
    assert!(typed["speech_rate"].is_null() && typed["recording_file_id"].is_null(), "{typed}");
    assert!(typed["dimensions"]["pace"].is_null() && typed["dimensions"]["fluency"].is_null(), "{typed}");
    assert!(!typed["improved"].as_array().unwrap().iter().any(|h| h.as_str().unwrap().contains("语速")), "no pace advice for typed text: {typed}");
    let said = rep["answers"].as_array().unwrap().iter().find(|a| a["index"] == 2).unwrap();
    assert_eq!((said["recording_file_id"].clone(), said["speech_rate"].as_f64()), (json!(rec), Some(rate)));
    assert!(said["dimensions"]["pace"].is_f64(), "{said}");
    assert_eq!(rep["speech_rate"].as_f64(), Some(rate), "the mean over recorded answers only");
    let shown = app.get(&base, Some(&u.token)).await.body;
    assert!(shown["questions"][0]["duration_seconds"].is_null(), "a typed answer keeps no duration: {shown}");
}

#[tokio::test]
async fn a_report_reads_in_the_callers_language() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let ids = [qid(&app, "缓存穿透").await, qid(&app, "隔离级别").await, qid(&app, "B+ 树").await];
    let iv = start(&app, &u, json!({"kind": "topic", "question_ids": ids})).await;
    let base = format!("/api/mock-interviews/{}", iv["id"]);
    // Answered in Chinese (the default language).
    let r = app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 1, "answer": EVASIVE})).await;
    let fu = r.body["follow_up"]["index"].as_i64().unwrap();
    app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": fu, "answer": "不知道"})).await;
    app.post(&format!("{base}/answers"), Some(&u.token), json!({"index": 2, "answer": "读未提交和串行化。"})).await;
    let r = app.post(&format!("{base}/finish"), Some(&u.token), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);

    let en = get_in(&app, &u, &base, "en").await;
    let rep = &en["report"];
    let points: Vec<String> = rep["answers"].as_array().unwrap().iter().flat_map(|a| a["key_points"].as_array().unwrap().iter().map(|k| k["point"].as_str().unwrap().to_owned())).collect();
    let mut texts: Vec<String> = vec![rep["summary"].as_str().unwrap().to_owned()];
    texts.extend(rep["improved"].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_owned()));
    texts.extend(rep["dimension_names"].as_object().unwrap().values().map(|n| n.as_str().unwrap().to_owned()));
    for a in rep["answers"].as_array().unwrap() {
        texts.push(a["feedback"].as_str().unwrap().to_owned());
        texts.extend(a["explanation"].as_str().map(str::to_owned));
        texts.extend(a["improved"].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_owned()));
        if a["follow_up_of"].is_i64() {
            texts.push(a["question"].as_str().unwrap().to_owned());
        }
    }
    let follow_up = en["questions"].as_array().unwrap().iter().find(|q| q["follow_up_of"].is_i64()).unwrap();
    texts.push(follow_up["content"].as_str().unwrap().to_owned());
    let practice = get_in(&app, &u, "/api/practice-records", "en").await;
    let practised = practice["items"].as_array().unwrap().iter().find(|i| i["follow_up"] == true).unwrap_or_else(|| panic!("{practice}"));
    assert_eq!(practised["question"], follow_up["content"], "the practice record says the follow-up in the reader's language");
    assert!(texts.len() > 8);
    for t in &texts {
        assert!(!has_cjk(&without(t, &points)), "Chinese in an English report: {t:?} (key points {points:?})");
    }
    assert!(rep["answers"].as_array().unwrap().iter().all(|a| a["explanation"].is_string()), "{rep}");
    assert!(rep["answers"].as_array().unwrap().iter().any(|a| a["feedback"] == "Not answered."), "{rep}");
    assert_eq!(rep["dimension_names"]["coverage"], "Key points");

    let cn = get_in(&app, &u, &base, "zh-CN").await;
    let tw = get_in(&app, &u, &base, "zh-TW").await;
    assert_eq!(cn["report"]["overall_score"], rep["overall_score"], "nothing is re-scored");
    assert_eq!(cn["report"]["overall_score"], cn["overall_score"]);
    assert_ne!(cn["report"]["summary"], tw["report"]["summary"]);
    assert_ne!(cn["report"]["dimension_names"], tw["report"]["dimension_names"]);
    assert!(has_cjk(cn["report"]["summary"].as_str().unwrap()));
    assert_eq!(cn["report"]["dimension_names"]["coverage"], "要点覆盖");
    assert_eq!(tw["report"]["dimension_names"]["coverage"], "要點涵蓋");
}

#[tokio::test]
async fn interview_records_give_hints_in_the_callers_language() {
    let app = seeded().await;
    let u = app.signup("candidate").await;
    let body = json!({"question_and_answer": [{"question": "How would you design a rate limiter for a public API?", "answer": "um, like, a counter"}]});
    let r = app.call_with(reqwest::Method::POST, "/api/interview_records", Some(&u.token), Some(body), &[("Accept-Language", "en")]).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let hints_en: Vec<String> = r.body["improved"].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_owned()).collect();
    assert!(!hints_en.is_empty() && hints_en.iter().all(|h| !has_cjk(h)), "{hints_en:?}");
    let list_cn = get_in(&app, &u, "/api/interview_records", "zh-CN").await;
    let hints_cn = list_cn["items"][0]["improved"].as_array().unwrap();
    assert!(hints_cn.iter().any(|h| has_cjk(h.as_str().unwrap())), "{hints_cn:?}");
    let list_tw = get_in(&app, &u, "/api/interview_records", "zh-TW").await;
    assert_ne!(list_tw["items"][0]["improved"], list_cn["items"][0]["improved"]);
    // Given hints stay as given.
    let body = json!({"question_and_answer": [{"question": "Q", "answer": "A"}], "improved": ["多刷题"]});
    let r = app.call_with(reqwest::Method::POST, "/api/interview_records", Some(&u.token), Some(body), &[("Accept-Language", "en")]).await;
    assert_eq!(r.body["improved"], json!(["多刷题"]));
    let r = app.post("/api/interview_records", Some(&u.token), json!({"question_and_answer": [{"question": "", "answer": "x"}]})).await;
    assert_eq!(r.status, 400);
}
