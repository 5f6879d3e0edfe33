//! Administration: user list/search, disable, grant, first-admin claim.

use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

#[tokio::test]
async fn admin_endpoints_refuse_anonymous_and_ordinary_users() {
    let app = TestApp::spawn().await;
    let u = app.signup("vera").await;
    assert_eq!(app.get("/api/admin/users", None).await.status, 401);
    let r = app.get("/api/admin/users", Some(&u.token)).await;
    assert_eq!((r.status, r.code()), (403, "forbidden"));
    let r = app.patch(&format!("/api/admin/users/{}", u.id), Some(&u.token), json!({"is_admin": true})).await;
    assert_eq!(r.status, 403);
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.body["is_admin"], false);
}

#[tokio::test]
async fn admins_list_and_search_users() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    app.signup("walter").await;
    app.signup("xena_w").await;
    let r = app.get("/api/admin/users?per_page=2", Some(&admin.token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], 3);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["items"][0]["account"], "xena_w", "newest first");
    let r = app.get("/api/admin/users?q=WALT", Some(&admin.token)).await;
    assert_eq!(r.body["total"], 1);
    assert!(r.body["items"][0]["last_login_ip"].is_string());
    let r = app.get("/api/admin/users?q=xena_w", Some(&admin.token)).await;
    assert_eq!(r.body["total"], 1, "an underscore is a literal, not a wildcard: {}", r.text);
    let r = app.get("/api/admin/users?q=xena%25", Some(&admin.token)).await;
    assert_eq!(r.body["total"], 0);
    let r = app.get("/api/admin/users?status=bogus", Some(&admin.token)).await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn disabling_a_user_revokes_sessions_at_once_and_blocks_login() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    let u = app.signup("yuri").await;
    let r = app.patch(&format!("/api/admin/users/{}", u.id), Some(&admin.token), json!({"status": "disabled"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "disabled");
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 401);
    let r = app.post("/api/users/login", None, json!({"account": "yuri", "password": PASSWORD})).await;
    assert_eq!((r.status, r.code()), (403, "account_disabled"));
    let r = app.post("/api/users/login", None, json!({"account": "yuri", "password": "Wrong-Pass-1"})).await;
    assert_eq!(r.code(), "invalid_credentials", "a wrong password does not reveal the status");
    app.patch(&format!("/api/admin/users/{}", u.id), Some(&admin.token), json!({"status": "active"})).await;
    app.login("yuri", PASSWORD).await;
}

#[tokio::test]
async fn granting_admin_takes_effect_immediately_and_admins_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    let u = app.signup("zoe_q").await;
    assert_eq!(app.get("/api/admin/users", Some(&u.token)).await.status, 403);
    let r = app.patch(&format!("/api/admin/users/{}", u.id), Some(&admin.token), json!({"is_admin": true})).await;
    assert_eq!(r.body["is_admin"], true);
    assert_eq!(app.get("/api/admin/users", Some(&u.token)).await.status, 200);
    let r = app.patch(&format!("/api/admin/users/{}", admin.id), Some(&admin.token), json!({"status": "disabled"})).await;
    assert_eq!(r.status, 403);
    let r = app.patch(&format!("/api/admin/users/{}", admin.id), Some(&admin.token), json!({"is_admin": false})).await;
    assert_eq!(r.status, 403);
    assert_eq!(app.patch("/api/admin/users/999999", Some(&admin.token), json!({"status": "active"})).await.status, 404);
    assert_eq!(app.patch(&format!("/api/admin/users/{}", u.id), Some(&admin.token), json!({"status": "gone"})).await.status, 400);
}

#[tokio::test]
async fn the_start_up_claim_token_makes_the_first_admin_once() {
    let app = TestApp::spawn().await;
    let token = mianjing::features::accounts::admin::ensure_claim_token(&app.state).await.unwrap().expect("no admin yet");
    let u = app.signup("first").await;
    let r = app.post("/api/admin/claim", Some(&u.token), json!({"token": "wrong"})).await;
    assert_eq!((r.status, r.code()), (400, "invalid_code"));
    assert_eq!(app.post("/api/admin/claim", None, json!({"token": token})).await.status, 401);
    let r = app.post("/api/admin/claim", Some(&u.token), json!({"token": token})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["is_admin"], true);
    let v = app.signup("second").await;
    let r = app.post("/api/admin/claim", Some(&v.token), json!({"token": token})).await;
    assert_eq!(r.status, 400, "the token works once");
    assert!(mianjing::features::accounts::admin::ensure_claim_token(&app.state).await.unwrap().is_none(), "no token once an admin exists");
}
