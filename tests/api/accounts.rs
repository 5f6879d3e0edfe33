//! Sign-up, password login, sessions, logout, refresh, rate limits, cookies.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

#[tokio::test]
async fn signup_creates_account_and_never_returns_the_password_hash() {
    let app = TestApp::spawn().await;
    let r = app
        .post("/api/users/signup", None, json!({"accept_terms": true, "account": "Alice_01", "name": "爱丽丝", "email": "Alice@Example.com", "password": PASSWORD}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["account"], "Alice_01");
    assert_eq!(r.body["name"], "爱丽丝");
    assert_eq!(r.body["initialized"], true);
    assert!(!r.text.contains("argon2"));
    assert!(r.body.get("password_hash").is_none());
    let created = r.body["created_at"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.len() == 24, "{created}");
}

#[tokio::test]
async fn signup_rejects_taken_account_and_email_ignoring_case() {
    let app = TestApp::spawn().await;
    app.signup("Bobby").await;
    let r = app.post("/api/users/signup", None, json!({"accept_terms": true, "account": "bobby", "name": "B", "email": "other@example.com", "password": PASSWORD})).await;
    assert_eq!((r.status, r.code()), (409, "account_taken"));
    let r = app.post("/api/users/signup", None, json!({"accept_terms": true, "account": "bobby2", "name": "B", "email": "BOBBY@example.com", "password": PASSWORD})).await;
    assert_eq!((r.status, r.code()), (409, "email_taken"));
}

#[tokio::test]
async fn signup_validation_reports_every_bad_field_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let r = app
        .call_with(
            Method::POST,
            "/api/users/signup",
            None,
            Some(json!({"account": "a b", "name": "", "email": "not-an-email", "password": "short"})),
            &[("accept-language", "en")],
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    for f in ["account", "name", "email"] {
        assert!(r.body["fields"][f].is_array(), "{f}: {}", r.text);
    }
    assert_eq!(r.body["fields"]["account"][0], "4–20 letters, digits or underscores.");
    // Password rules come after the field rules.
    let r = app.post("/api/users/signup", None, json!({"accept_terms": true, "account": "carol", "name": "C", "email": "c@example.com", "password": "short7x"})).await;
    assert_eq!(r.body["fields"]["password"][0], "密码需为 8–128 个字符（空格、中文和符号都可以，不要求大小写或数字）。");
    let r = app.post("/api/users/signup", None, json!({"accept_terms": true, "account": "carol", "name": "C", "email": "c@example.com", "password": "Password123"})).await;
    assert_eq!(r.body["fields"]["password"][0], "这个密码太常见，请换一个。");
    let r = app.post("/api/users/signup", None, json!({"accept_terms": true, "account": "carol", "name": "C", "email": "c@example.com", "password": "Carol12345"})).await;
    assert_eq!(r.status, 400, "password built from the account must be refused: {}", r.text);
}

#[tokio::test]
async fn login_works_by_account_email_and_phone_and_token_works_as_bearer_and_token_header() {
    let app = TestApp::spawn().await;
    let u = app.signup("dave_k").await;
    for ident in ["dave_k", "DAVE_K", "dave_k@example.com"] {
        let r = app.post("/api/users/login", None, json!({"account": ident, "password": PASSWORD})).await;
        assert_eq!(r.status, 200, "{ident}: {}", r.text);
        assert_eq!(r.body["user_data"]["id"], u.id);
        assert_eq!(r.body["token"].as_str().unwrap().len(), 43);
    }
    let r = app.get("/api/users/profile", Some(&u.token)).await;
    assert_eq!(r.body["account"], "dave_k");
    let r = app.call_with(Method::GET, "/api/users/profile", None, None, &[("token", &u.token)]).await;
    assert_eq!(r.status, 200);
    assert!(r.body["last_login_at"].is_string());
    // phone login once the profile has a verified phone
    let r = app.post("/api/users/me/contact/code", Some(&u.token), json!({"kind": "phone", "value": "13800138000"})).await;
    assert_eq!(r.status, 202, "{}", r.text);
    let code = app.latest_code("13800138000");
    let r = app.post("/api/users/me/contact", Some(&u.token), json!({"kind": "phone", "value": "+86 138-0013-8000", "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["phone"], "13800138000");
    let r = app.post("/api/users/login", None, json!({"account": "13800138000", "password": PASSWORD})).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn unknown_account_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.signup("erin_x").await;
    let a = app.post("/api/users/login", None, json!({"account": "erin_x", "password": "Wrong-Pass-1"})).await;
    let b = app.post("/api/users/login", None, json!({"account": "nobody_here", "password": "Wrong-Pass-1"})).await;
    assert_eq!((a.status, a.code()), (400, "invalid_credentials"));
    assert_eq!(a.body, b.body);
}

#[tokio::test]
async fn keep_logged_in_extends_the_session_to_thirty_days() {
    let app = TestApp::spawn().await;
    app.signup("frank").await;
    let short = app.post("/api/users/login", None, json!({"account": "frank", "password": PASSWORD})).await;
    let long = app.post("/api/users/login", None, json!({"account": "frank", "password": PASSWORD, "keep_logged_in": true})).await;
    let exp = |r: &crate::helpers::Resp| chrono::DateTime::parse_from_rfc3339(r.body["expires_at"].as_str().unwrap()).unwrap();
    let now = chrono::Utc::now();
    assert!((exp(&short).signed_duration_since(now).num_hours() - 24).abs() <= 1);
    assert!((exp(&long).signed_duration_since(now).num_days() - 30).abs() <= 1);
}

#[tokio::test]
async fn repeated_failed_logins_for_one_account_get_429_with_retry_after() {
    let app = TestApp::spawn_with(|c| c.login_max_failures_per_account = 3).await;
    app.signup("gina").await;
    for _ in 0..3 {
        let r = app.post("/api/users/login", None, json!({"account": "gina", "password": "Wrong-Pass-1"})).await;
        assert_eq!(r.status, 400);
    }
    let r = app.post("/api/users/login", None, json!({"account": "gina", "password": PASSWORD})).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"), "even the right password waits: {}", r.text);
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900);
    assert_eq!(r.header("ratelimit-limit"), Some("3"));
    assert_eq!(r.header("ratelimit-remaining"), Some("0"));
    // Another account is not affected.
    app.signup("hank").await;
}

#[tokio::test]
async fn repeated_failed_logins_from_one_ip_get_429() {
    let app = TestApp::spawn_with(|c| c.login_max_failures_per_ip = 4).await;
    for i in 0..4 {
        let r = app.post("/api/users/login", None, json!({"account": format!("ghost{i}"), "password": "Wrong-Pass-1"})).await;
        assert_eq!(r.status, 400);
    }
    let r = app.post("/api/users/login", None, json!({"account": "ghost9", "password": "Wrong-Pass-1"})).await;
    assert_eq!(r.status, 429);
}

#[tokio::test]
async fn sixty_concurrent_logins_of_one_account_all_get_distinct_valid_tokens() {
    let app = TestApp::spawn().await;
    app.signup("ivy_c").await;
    let logins = (0..60).map(|_| app.post("/api/users/login", None, json!({"account": "ivy_c", "password": PASSWORD})));
    let results = futures::future::join_all(logins).await;
    let tokens: Vec<String> = results
        .iter()
        .map(|r| {
            assert_eq!(r.status, 200, "{}", r.text);
            r.body["token"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(tokens.iter().collect::<HashSet<_>>().len(), 60);
    let checks = tokens.iter().map(|t| app.get("/api/users/profile", Some(t)));
    for r in futures::future::join_all(checks).await {
        assert_eq!(r.status, 200, "{}", r.text);
    }
}

#[tokio::test]
async fn logout_revokes_the_token_at_once_and_only_that_one() {
    let app = TestApp::spawn().await;
    let u = app.signup("jack").await;
    let other = app.login("jack", PASSWORD).await;
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 200);
    let r = app.post("/api/users/logout", Some(&u.token), json!({})).await;
    assert_eq!(r.status, 204);
    assert!(r.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().contains("mj_session=;")));
    let r = app.get("/api/users/profile", Some(&u.token)).await;
    assert_eq!((r.status, r.code()), (401, "unauthorized"));
    assert_eq!(app.get("/api/users/profile", Some(&other)).await.status, 200);
    assert_eq!(app.post("/api/users/logout", None, json!({})).await.status, 401);
}

#[tokio::test]
async fn refresh_issues_a_new_token_and_revokes_the_old_one() {
    let app = TestApp::spawn().await;
    let u = app.signup("kate").await;
    let r = app.post("/api/token/refresh", Some(&u.token), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let new = r.body["token"].as_str().unwrap();
    assert_ne!(new, u.token);
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 401);
    assert_eq!(app.get("/api/users/profile", Some(new)).await.status, 200);
    assert_eq!(app.post("/api/token/refresh", Some(&u.token), json!({})).await.status, 401);
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_header_on_unsafe_methods() {
    let app = TestApp::spawn().await;
    app.signup("liam").await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let browser = reqwest::Client::builder().cookie_provider(jar.clone()).build().unwrap();
    let r = TestApp::read(browser.post(app.url("/api/users/login")).json(&json!({"account": "liam", "password": PASSWORD})).send().await.unwrap()).await;
    assert_eq!(r.status, 200);
    let cookies: Vec<String> = r.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let session = cookies.iter().find(|c| c.starts_with("mj_session=")).expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    let csrf_cookie = cookies.iter().find(|c| c.starts_with("mj_csrf=")).expect("csrf cookie");
    assert!(!csrf_cookie.contains("HttpOnly"));
    let csrf = csrf_cookie.trim_start_matches("mj_csrf=").split(';').next().unwrap().to_owned();

    let r = TestApp::read(browser.get(app.url("/api/users/profile")).send().await.unwrap()).await;
    assert_eq!(r.status, 200, "GET works with the cookie alone");
    let r = TestApp::read(browser.patch(app.url("/api/users/profile")).json(&json!({"signature": "hi"})).send().await.unwrap()).await;
    assert_eq!((r.status, r.code()), (403, "csrf_failed"));
    let r = TestApp::read(
        browser.patch(app.url("/api/users/profile")).header("x-csrf-token", "forged").json(&json!({"signature": "hi"})).send().await.unwrap(),
    )
    .await;
    assert_eq!(r.status, 403);
    let r = TestApp::read(
        browser.patch(app.url("/api/users/profile")).header("x-csrf-token", &csrf).json(&json!({"signature": "hi"})).send().await.unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["signature"], "hi");
}

#[tokio::test]
async fn password_change_revokes_every_other_session_and_checks_the_old_password() {
    let app = TestApp::spawn().await;
    let u = app.signup("mona").await;
    let other = app.login("mona", PASSWORD).await;
    let r = app.put("/api/users/password", Some(&u.token), json!({"old_password": "Wrong-Pass-1", "new_password": "New-Harbor-77"})).await;
    assert_eq!((r.status, r.code()), (400, "wrong_password"));
    let r = app.put("/api/users/password", Some(&u.token), json!({"old_password": PASSWORD, "new_password": "weak"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    let r = app.put("/api/users/password", Some(&u.token), json!({"old_password": PASSWORD, "new_password": PASSWORD})).await;
    assert_eq!(r.body["fields"]["new_password"].as_array().map(Vec::len), Some(1));
    let r = app.put("/api/users/password", Some(&u.token), json!({"old_password": PASSWORD, "new_password": "New-Harbor-77"})).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 200, "current session stays");
    assert_eq!(app.get("/api/users/profile", Some(&other)).await.status, 401, "other session revoked");
    let r = app.post("/api/users/login", None, json!({"account": "mona", "password": PASSWORD})).await;
    assert_eq!(r.status, 400);
    app.login("mona", "New-Harbor-77").await;
}

#[tokio::test]
async fn deleting_the_account_revokes_sessions_frees_the_name_and_keeps_a_public_stub() {
    let app = TestApp::spawn().await;
    let u = app.signup("nina").await;
    let r = app.delete("/api/users/me", Some(&u.token), Some(json!({"password": "Wrong-Pass-1"}))).await;
    assert_eq!((r.status, r.code()), (400, "wrong_password"));
    let r = app.delete("/api/users/me", Some(&u.token), Some(json!({"password": PASSWORD}))).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 401);
    assert_eq!(app.post("/api/users/login", None, json!({"account": "nina", "password": PASSWORD})).await.status, 400);
    let r = app.get(&format!("/api/users/{}", u.id), None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["deleted"], true);
    assert_eq!(r.body["name"], "已注销用户");
    let again = app.signup("nina").await;
    assert_ne!(again.id, u.id);
}

#[tokio::test]
async fn public_profile_shows_only_public_fields() {
    let app = TestApp::spawn().await;
    let u = app.signup("olga").await;
    app.patch("/api/users/profile", Some(&u.token), json!({"signature": "冲冲冲", "company": "字节跳动", "address": "secret street"})).await;
    let r = app.get(&format!("/api/users/{}", u.id), None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["signature"], "冲冲冲");
    assert_eq!(r.body["company"], "字节跳动");
    assert!(r.body.get("email").is_none() && r.body.get("address").is_none() && r.body.get("phone").is_none());
    assert_eq!(app.get("/api/users/999999", None).await.status, 404);
}
