//! Profile read and update.

use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn profile_needs_a_session() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/users/profile", None).await;
    assert_eq!((r.status, r.code()), (401, "unauthorized"));
    assert_eq!(app.get("/api/users/profile", Some("not-a-real-token")).await.status, 401);
    assert_eq!(app.patch("/api/users/profile", None, json!({"name": "x"})).await.status, 401);
}

#[tokio::test]
async fn profile_update_saves_every_field_and_null_clears() {
    let app = TestApp::spawn().await;
    let u = app.signup("rita").await;
    let body = json!({
        "name": "丽塔", "avatar": "https://example.com/a.png", "address": "上海市浦东新区",
        "gender": "female", "birthday": "2001-05-20", "signature": "在找后端实习", "job_status": "在校",
        "highest_education": "硕士", "seniority": "应届", "company": "某公司", "website": "https://rita.dev",
        "school_id": 2, "major": "计算机科学与技术", "student_number": "S123"
    });
    let r = app.patch("/api/users/profile", Some(&u.token), body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    for (k, v) in body.as_object().unwrap() {
        assert_eq!(&r.body[k], v, "{k}");
    }
    assert_eq!(r.body["school_name"], "清华大学");
    let r = app.get("/api/users/profile", Some(&u.token)).await;
    assert_eq!(r.body["birthday"], "2001-05-20");
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"signature": null, "school_id": null})).await;
    assert_eq!(r.body["signature"], serde_json::Value::Null);
    assert_eq!(r.body["school_name"], serde_json::Value::Null);
    assert_eq!(r.body["name"], "丽塔", "untouched fields stay");
}

#[tokio::test]
async fn profile_update_rejects_bad_values_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let u = app.signup("sam_z").await;
    let r = app
        .patch(
            "/api/users/profile",
            Some(&u.token),
            json!({"name": "ok", "gender": "robot", "birthday": "2001-13-40", "website": "javascript:alert(1)", "school_id": 999999, "signature": "x".repeat(201)}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    for f in ["gender", "birthday", "website", "school_id", "signature"] {
        assert!(r.body["fields"][f].is_array(), "{f}: {}", r.text);
    }
    let r = app.get("/api/users/profile", Some(&u.token)).await;
    assert_eq!(r.body["name"], "sam_z 同学");
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"unknown_field": 1})).await;
    assert_eq!(r.status, 400);
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"birthday": "2999-01-01"})).await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn changing_email_needs_a_code_sent_to_the_new_address() {
    let app = TestApp::spawn().await;
    let u = app.signup("tina").await;
    let other = app.signup("uma_x").await;
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"email": "tina.new@example.com"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["email"].is_array(), "the profile edit points to the contact change: {}", r.text);
    let r = app.post("/api/verification-codes", None, json!({"target": "tina.new@example.com", "purpose": "change_contact"})).await;
    assert_eq!(r.status, 401, "only logged-in users verify new contacts");
    let r = app.post("/api/verification-codes", Some(&u.token), json!({"target": other.email, "purpose": "change_contact"})).await;
    assert_eq!((r.status, r.code()), (409, "email_taken"));
    let r = app.post("/api/users/me/contact/code", Some(&u.token), json!({"kind": "email", "value": "tina.new@example.com"})).await;
    assert_eq!(r.status, 202, "{}", r.text);
    let code = app.latest_code("tina.new@example.com");
    let r = app.post("/api/users/me/contact", Some(&u.token), json!({"kind": "email", "value": "Tina.New@example.com", "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["email"], "Tina.New@example.com");
    assert_eq!(r.body["email_verified"], true);
    app.login("tina.new@example.com", crate::helpers::PASSWORD).await;
}
