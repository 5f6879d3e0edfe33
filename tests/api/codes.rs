//! Verification codes, code login, phone-first sign-up and init, reset.

use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

#[tokio::test]
async fn code_is_six_digits_delivered_to_the_outbox_and_resends_wait_sixty_seconds() {
    let app = TestApp::spawn().await;
    let r = app.post("/api/verification-codes", None, json!({"target": "13900001111", "purpose": "login"})).await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.body["expires_in"], 300);
    assert_eq!(r.header("ratelimit-remaining"), Some("4"));
    let sms = app.outbox("13900001111");
    assert_eq!(sms.len(), 1);
    assert!(crate::helpers::extract_code(&sms[0]).is_some(), "{}", sms[0]);
    let r = app.post("/api/verification-codes", None, json!({"target": "13900001111", "purpose": "login"})).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"));
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(app.outbox("13900001111").len(), 1, "nothing sent while cooling down");
}

#[tokio::test]
async fn at_most_five_codes_per_target_per_hour() {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        app.skip_cooldown("13900002222").await;
        let r = app.post("/api/verification-codes", None, json!({"target": "13900002222", "purpose": "login"})).await;
        assert_eq!(r.status, 202, "send {i}: {}", r.text);
    }
    app.skip_cooldown("13900002222").await;
    let r = app.post("/api/verification-codes", None, json!({"target": "13900002222", "purpose": "login"})).await;
    assert_eq!(r.status, 429);
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 60 && retry <= 3600, "{retry}");
}

#[tokio::test]
async fn bad_targets_and_purposes_are_400() {
    let app = TestApp::spawn().await;
    let r = app.post("/api/verification-codes", None, json!({"target": "12345", "purpose": "login"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["target"].is_array());
    let r = app.post("/api/verification-codes", None, json!({"target": "a@b.co", "purpose": "hack"})).await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn code_login_of_a_new_phone_creates_an_uninitialised_account_that_must_init() {
    let app = TestApp::spawn().await;
    let code = app.code_for("13900003333", "login", None).await;
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900003333", "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["user_data"]["initialized"], false);
    let token = r.body["token"].as_str().unwrap().to_owned();
    let r = app.get("/api/users/profile", Some(&token)).await;
    assert_eq!((r.status, r.body["initialized"].clone()), (200, json!(false)));
    let r = app.patch("/api/users/profile", Some(&token), json!({"signature": "x"})).await;
    assert_eq!((r.status, r.code()), (403, "account_not_initialized"));
    let r = app.post("/api/users/login", None, json!({"account": "13900003333", "password": PASSWORD})).await;
    assert_eq!((r.status, r.code()), (403, "account_not_initialized"));

    let init = json!({"password": PASSWORD, "name": "小王", "email": "wang@example.com", "school_id": 1, "major": "软件工程", "student_number": "2021001"});
    let r = app.post("/api/users/init", Some(&token), init.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["initialized"], true);
    assert_eq!(r.body["name"], "小王");
    assert_eq!(r.body["school_name"], "北京大学");
    let r = app.post("/api/users/init", Some(&token), init).await;
    assert_eq!((r.status, r.code()), (409, "already_initialized"));
    assert_eq!(app.patch("/api/users/profile", Some(&token), json!({"signature": "x"})).await.status, 200);
    app.login("13900003333", PASSWORD).await;
    app.login("wang@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_code_works_once_and_only_for_its_purpose() {
    let app = TestApp::spawn().await;
    let code = app.code_for("13900004444", "login", None).await;
    let r = app.post("/api/users/password/reset", None, json!({"target": "13900004444", "code": code, "new_password": "New-Harbor-77"})).await;
    assert_eq!((r.status, r.code()), (400, "invalid_code"), "a login code cannot reset");
    let ok = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900004444", "code": code})).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let again = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900004444", "code": code})).await;
    assert_eq!((again.status, again.code()), (400, "invalid_code"));
}

#[tokio::test]
async fn five_wrong_tries_burn_the_code() {
    let app = TestApp::spawn().await;
    let code = app.code_for("13900005555", "login", None).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900005555", "code": wrong})).await;
        assert_eq!(r.code(), "invalid_code");
    }
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900005555", "code": code})).await;
    assert_eq!((r.status, r.code()), (400, "code_attempts_exceeded"));
}

#[tokio::test]
async fn concurrent_uses_of_one_code_log_in_exactly_once() {
    let app = TestApp::spawn().await;
    let code = app.code_for("13900006666", "login", None).await;
    let tries = (0..8).map(|_| app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900006666", "code": code})));
    let ok = futures::future::join_all(tries).await.iter().filter(|r| r.status == 200).count();
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn password_reset_by_email_code_revokes_every_session() {
    let app = TestApp::spawn().await;
    let u = app.signup("pete").await;
    let code = app.code_for("pete@example.com", "reset_password", None).await;
    let mail = app.outbox("pete@example.com").pop().unwrap();
    assert!(mail.contains("Content-Type: text/html") && mail.contains("Content-Type: text/plain"), "{mail}");
    let r = app.post("/api/users/password/reset", None, json!({"target": "PETE@example.com", "code": code, "new_password": "New-Harbor-77"})).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 401);
    app.login("pete", "New-Harbor-77").await;
}

#[tokio::test]
async fn reset_for_an_unknown_address_answers_202_and_sends_nothing() {
    let app = TestApp::spawn().await;
    let r = app.post("/api/verification-codes", None, json!({"target": "ghost@example.com", "purpose": "reset_password"})).await;
    assert_eq!(r.status, 202);
    assert!(app.outbox("ghost@example.com").is_empty());
}

#[tokio::test]
async fn signup_with_phone_needs_a_signup_code_for_that_phone() {
    let app = TestApp::spawn().await;
    let base = json!({"accept_terms": true, "account": "quinn", "name": "Q", "email": "q@example.com", "password": PASSWORD, "phone": "13900007777"});
    let r = app.post("/api/users/signup", None, base.clone()).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["code"].is_array());
    let code = app.code_for("13900007777", "signup", None).await;
    let mut with = base.clone();
    with["code"] = json!(code);
    let r = app.post("/api/users/signup", None, with).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["phone"], "13900007777");
    let r = app.post("/api/verification-codes", None, json!({"target": "13900007777", "purpose": "signup"})).await;
    assert_eq!((r.status, r.code()), (409, "phone_taken"));
}

#[tokio::test]
async fn disabled_accounts_cannot_log_in_by_code() {
    let app = TestApp::spawn().await;
    let admin = app.admin("root_admin").await;
    let code = app.code_for("13900008888", "login", None).await;
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900008888", "code": code})).await;
    let id = r.body["user_data"]["id"].as_i64().unwrap();
    app.patch(&format!("/api/admin/users/{id}"), Some(&admin.token), json!({"status": "disabled"})).await;
    app.skip_cooldown("13900008888").await;
    let code = app.code_for("13900008888", "login", None).await;
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900008888", "code": code})).await;
    assert_eq!((r.status, r.code()), (403, "account_disabled"));
}
