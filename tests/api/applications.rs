//! The application tracker (`/api/applications`), upcoming interviews,
//! similar 面经 and the near-duplicate check of a new 面经 (issue 19).

use chrono::{Duration, Utc};
use serde_json::{json, Value};

use crate::experiences::sample;
use crate::helpers::{TestApp, TestUser};

fn application() -> Value {
    json!({
        "company": "字节跳动", "position": "后端开发工程师", "channel": "referral", "applied_on": "2026-11-02",
        "stage": "first_interview", "notes": "内推人：师兄",
        "rounds": [
            {"stage": "written_test", "date": "2026-11-10", "questions": ["两数之和", " "]},
            {"stage": "first_interview", "date": "2026-11-20", "time": "14:30", "notes": "视频面", "questions": ["Redis 持久化", "TCP 三次握手"]}
        ]
    })
}

async fn create(app: &TestApp, u: &TestUser, body: Value) -> Value {
    let r = app.post("/api/applications", Some(&u.token), body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

/// The id of the company named `name` (not an alias), if any.
async fn company(app: &TestApp, name: &str) -> Option<i64> {
    let r = app.get(&format!("/api/companies?q={}", crate::experiences::urlencode(name)), None).await;
    r.body["items"].as_array().unwrap().iter().find(|c| c["name"] == name).map(|c| c["id"].as_i64().unwrap())
}

#[tokio::test]
async fn applications_are_created_listed_by_stage_edited_and_deleted() {
    let app = TestApp::spawn().await;
    let u = app.signup("seeker").await;
    let a = create(&app, &u, application()).await;
    let id = a["id"].as_i64().unwrap();
    assert_eq!((a["company"].as_str(), a["channel"].as_str(), a["stage"].as_str(), a["applied_on"].as_str()), (Some("字节跳动"), Some("referral"), Some("first_interview"), Some("2026-11-02")));
    assert_eq!(a["rounds"][0]["questions"], json!(["两数之和"]), "blank questions are dropped");
    assert_eq!((a["rounds"][1]["date"].as_str(), a["rounds"][1]["time"].as_str()), (Some("2026-11-20"), Some("14:30")));
    let b = create(&app, &u, json!({"company": "美团", "position": "前端"})).await;
    assert_eq!((b["channel"].as_str(), b["stage"].as_str(), b["rounds"].as_array().map(Vec::len)), (Some("other"), Some("applied"), Some(0)), "defaults");

    let all = app.get("/api/applications", Some(&u.token)).await;
    assert_eq!(all.status, 200);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
    let first = app.get("/api/applications?stage=first_interview", Some(&u.token)).await;
    assert_eq!(first.body["items"].as_array().unwrap().iter().map(|x| x["id"].as_i64().unwrap()).collect::<Vec<_>>(), [id]);

    // Moving it on the board; a round added with its questions; notes cleared.
    let mut rounds = a["rounds"].as_array().unwrap().clone();
    rounds.push(json!({"stage": "second_interview", "date": "2026-11-27", "time": "10:00", "questions": ["系统设计：短链接"]}));
    let r = app.patch(&format!("/api/applications/{id}"), Some(&u.token), json!({"stage": "second_interview", "notes": null, "rounds": rounds})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["stage"].as_str(), r.body["notes"].is_null(), r.body["company"].as_str()), (Some("second_interview"), true, Some("字节跳动")));
    assert_eq!(r.body["rounds"].as_array().unwrap().len(), 3);
    assert_eq!(r.body["rounds"][2]["questions"], json!(["系统设计：短链接"]));
    let got = app.get(&format!("/api/applications/{id}"), Some(&u.token)).await;
    assert_eq!(got.body["rounds"], r.body["rounds"]);

    // The company entity of any spelling; an unknown one makes no company (applications are private).
    crate::experiences::post(&app, &u, sample("字节跳动一面", "字节跳动")).await;
    let bytedance = company(&app, "字节跳动").await.expect("a company with a 面经");
    assert_eq!(a["company_id"].as_i64(), Some(bytedance), "{a}");
    let alias = create(&app, &u, json!({"company": "ByteDance", "position": "后端"})).await;
    assert_eq!(alias["company_id"].as_i64(), Some(bytedance), "{alias}");
    let unknown = create(&app, &u, json!({"company": "一家没听说过的公司", "position": "后端"})).await;
    assert!(unknown["company_id"].is_null(), "{unknown}");
    assert_eq!(company(&app, "一家没听说过的公司").await, None, "no company was made");
    let listed = app.get("/api/applications", Some(&u.token)).await;
    let ids: Vec<Option<i64>> = listed.body["items"].as_array().unwrap().iter().map(|x| x["company_id"].as_i64()).collect();
    assert_eq!(ids.iter().filter(|i| **i == Some(bytedance)).count(), 2, "{}", listed.text);
    for extra in [&alias, &unknown] {
        assert_eq!(app.delete(&format!("/api/applications/{}", extra["id"]), Some(&u.token), None).await.status, 204);
    }

    assert_eq!(app.delete(&format!("/api/applications/{id}"), Some(&u.token), None).await.status, 204);
    assert_eq!(app.get(&format!("/api/applications/{id}"), Some(&u.token)).await.status, 404);
    assert_eq!(app.get("/api/applications", Some(&u.token)).await.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn another_users_application_is_not_found_and_logged_out_callers_get_401() {
    let app = TestApp::spawn().await;
    let owner = app.signup("owner").await;
    let other = app.signup("other").await;
    let id = create(&app, &owner, application()).await["id"].as_i64().unwrap();
    let path = format!("/api/applications/{id}");
    assert_eq!(app.get(&path, Some(&other.token)).await.status, 404);
    assert_eq!(app.patch(&path, Some(&other.token), json!({"stage": "rejected"})).await.status, 404);
    assert_eq!(app.delete(&path, Some(&other.token), None).await.status, 404);
    assert!(app.get("/api/applications", Some(&other.token)).await.body["items"].as_array().unwrap().is_empty());
    assert!(app.get("/api/applications/upcoming?from=2026-11-18", Some(&other.token)).await.body["items"].as_array().unwrap().is_empty());
    assert_eq!(app.get(&path, Some(&owner.token)).await.body["stage"], "first_interview", "unchanged by the other user");
    for r in [
        app.get("/api/applications", None).await,
        app.post("/api/applications", None, application()).await,
        app.get(&path, None).await,
        app.patch(&path, None, json!({"stage": "offer"})).await,
        app.delete(&path, None, None).await,
        app.get("/api/applications/upcoming", None).await,
    ] {
        assert_eq!((r.status, r.code()), (401, "unauthorized"), "{}", r.text);
    }
}

#[tokio::test]
async fn bad_input_answers_400_naming_the_fields() {
    let app = TestApp::spawn().await;
    let u = app.signup("seeker").await;
    let r = app
        .post(
            "/api/applications",
            Some(&u.token),
            json!({"position": "x".repeat(101), "channel": "friend", "stage": "final", "applied_on": "2026-02-30", "notes": "n".repeat(5001),
                   "rounds": [{"stage": "first_interview", "time": "14:30"}, {"stage": "hr_interview", "date": "2026-11-01", "time": "25:00", "questions": vec!["q"; 51]}]}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    for f in ["company", "position", "channel", "stage", "applied_on", "notes", "rounds[0].time", "rounds[1].time", "rounds[1].questions"] {
        assert!(r.body["fields"][f].is_array(), "{f}: {}", r.text);
    }
    let r = app.post("/api/applications", Some(&u.token), json!({"company": "a", "position": "b", "rounds": vec![json!({"stage": "applied"}); 21]})).await;
    assert!(r.body["fields"]["rounds"].is_array(), "{}", r.text);
    let r = app.post("/api/applications", Some(&u.token), json!({"company": "a", "position": "b", "salary": 1})).await;
    assert_eq!(r.status, 400, "unknown fields are refused: {}", r.text);
    let id = create(&app, &u, application()).await["id"].as_i64().unwrap();
    let r = app.patch(&format!("/api/applications/{id}"), Some(&u.token), json!({"stage": "won"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    for q in ["/api/applications?stage=won", "/api/applications/upcoming?days=0", "/api/applications/upcoming?days=32", "/api/applications/upcoming?from=tomorrow"] {
        assert_eq!(app.get(q, Some(&u.token)).await.status, 400, "{q}");
    }
    assert_eq!(app.get("/api/applications", Some(&u.token)).await.body["items"].as_array().unwrap().len(), 1, "nothing stored by a refused write");
}

#[tokio::test]
async fn upcoming_lists_the_weeks_tests_and_interviews_soonest_first() {
    let app = TestApp::spawn().await;
    let u = app.signup("seeker").await;
    let today = Utc::now().date_naive();
    let day = |n: i64| (today + Duration::days(n)).format("%Y-%m-%d").to_string();
    create(&app, &u, json!({"company": "腾讯", "position": "后台", "stage": "second_interview", "rounds": [
        {"stage": "first_interview", "date": day(-1), "time": "10:00"},
        {"stage": "second_interview", "date": day(3), "time": "15:00"},
        {"stage": "hr_interview", "date": day(8)}
    ]}))
    .await;
    create(&app, &u, json!({"company": "阿里巴巴", "position": "Java", "stage": "written_test", "rounds": [
        {"stage": "written_test", "date": day(3), "time": "09:30"},
        {"stage": "applied", "date": day(1)}
    ]}))
    .await;
    create(&app, &u, json!({"company": "网易", "position": "游戏", "stage": "rejected", "rounds": [{"stage": "first_interview", "date": day(2)}]})).await;
    let r = app.get(&format!("/api/applications/upcoming?from={}", day(0)), Some(&u.token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let got: Vec<(String, String, String)> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["company"].as_str().unwrap().to_owned(), x["stage"].as_str().unwrap().to_owned(), x["date"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(got, [("阿里巴巴".to_owned(), "written_test".to_owned(), day(3)), ("腾讯".to_owned(), "second_interview".to_owned(), day(3))]);
    assert_eq!(r.body["items"][0]["time"], "09:30");
    let r = app.get(&format!("/api/applications/upcoming?from={}&days=10", day(0)), Some(&u.token)).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 3, "the HR interview of day 8 is in a 10-day window");
}

#[tokio::test]
async fn similar_posts_are_the_same_role_and_season_then_the_titles_words() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let autumn = crate::experiences::post(&app, &u, sample("美团到店后端一面", "美团")).await;
    let mut spring = sample("美团春招后端面试", "美团");
    spring["interview_date"] = json!("2026-03-01");
    let spring = crate::experiences::post(&app, &u, spring).await;
    let text = crate::experiences::post(&app, &u, sample("字节跳动 后端开发 一面 面经", "字节跳动")).await;

    let r = app.get("/api/experiences/similar?company=%E7%BE%8E%E5%9B%A2&position=%E5%90%8E%E7%AB%AF&date=2026-11-15&title=%E5%AD%97%E8%8A%82%E8%B7%B3%E5%8A%A8%E5%90%8E%E7%AB%AF%E4%B8%80%E9%9D%A2", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let got: Vec<(i64, String)> = r.body["items"].as_array().unwrap().iter().map(|x| (x["id"].as_i64().unwrap(), x["reason"].as_str().unwrap().to_owned())).collect();
    assert_eq!(got.first(), Some(&(autumn, "same_role".to_owned())), "{got:?}");
    assert!(got.contains(&(text, "similar_text".to_owned())), "{got:?}");
    assert!(!got.iter().any(|(id, r)| *id == spring && r == "same_role"), "another season: {got:?}");
    let r = app.get(&format!("/api/experiences/similar?company=%E7%BE%8E%E5%9B%A2&date=2026-11-15&exclude={autumn}"), None).await;
    assert!(r.body["items"].as_array().unwrap().is_empty(), "{}", r.text);
    assert_eq!(app.get("/api/experiences/similar?date=2026-13-01", None).await.status, 400);
}

#[tokio::test]
async fn a_near_duplicate_of_ones_own_recent_post_asks_for_confirmation() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let first = crate::experiences::post(&app, &u, sample("字节跳动后端一面", "字节跳动")).await;
    let mut again = sample("字节跳动 后端一面", "字节跳动");
    again["content"] = json!(format!("{} ", sample("", "")["content"].as_str().unwrap()));
    let r = app.call_with(reqwest::Method::POST, "/api/experiences", Some(&u.token), Some(again.clone()), &[("accept-language", "en")]).await;
    assert_eq!((r.status, r.code(), r.body["existing_id"].as_i64()), (409, "possible_duplicate", Some(first)), "{}", r.text);
    assert!(r.body["message"].as_str().unwrap().contains("nearly identical"), "{}", r.text);
    assert_eq!(app.get("/api/experiences/users", Some(&u.token)).await.body["total"], 1, "nothing stored");

    // Another author, another round, or a confirmation: posted.
    let other = app.signup("other").await;
    crate::experiences::post(&app, &other, again.clone()).await;
    crate::experiences::post(&app, &u, sample("字节跳动后端二面", "字节跳动")).await;
    again["confirm_duplicate"] = json!(true);
    crate::experiences::post(&app, &u, again).await;
    assert_eq!(app.get("/api/experiences/users", Some(&u.token)).await.body["total"], 3);
}

#[tokio::test]
async fn application_writes_are_rate_limited() {
    let app = TestApp::spawn_with(|c| {
        c.limits.scale = 1;
        c.limits.applications.user_per_minute = 2;
    })
    .await;
    let u = app.signup("seeker").await;
    let id = create(&app, &u, application()).await["id"].as_i64().unwrap();
    assert_eq!(app.patch(&format!("/api/applications/{id}"), Some(&u.token), json!({"stage": "offer"})).await.status, 200);
    let r = app.post("/api/applications", Some(&u.token), application()).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"), "{}", r.text);
    assert!(r.header("retry-after").is_some());
}
