//! Session lifetimes (absolute deadline kept by refresh, idle timeout), the
//! session list of `/api/users/me/sessions`, ending one or all others,
//! administrators ending a user's sessions, and `mianjing admin …` applying
//! to a running server's very next request (issue 18).

use std::process::Command;

use chrono::{Duration, Utc};
use mianjing::entity::session;
use mianjing::features::accounts::token::hash_token;
use reqwest::Method;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use crate::helpers::{TestApp, PASSWORD};

const CHROME_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const FIREFOX_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";

/// Log in as `account` with `user_agent` (and `keep_logged_in`); the body.
async fn login_as(app: &TestApp, account: &str, user_agent: &str, keep: bool) -> Value {
    let r = app
        .call_with(Method::POST, "/api/users/login", None, Some(json!({"account": account, "password": PASSWORD, "keep_logged_in": keep})), &[("user-agent", user_agent)])
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

fn token(body: &Value) -> String {
    body["token"].as_str().unwrap().to_owned()
}

/// Set a column of the session of `token` in the database and drop its
/// cached copy, as if time had passed.
async fn age(app: &TestApp, token: &str, col: session::Column, to: chrono::DateTime<Utc>) {
    let hash = hash_token(token);
    session::Entity::update_many().col_expr(col, Expr::value(to)).filter(session::Column::TokenHash.eq(hash.clone())).exec(&app.state.db.write).await.unwrap();
    app.state.kv.del(&format!("sess:{hash}")).await.unwrap();
}

async fn row(app: &TestApp, token: &str) -> session::Model {
    session::Entity::find().filter(session::Column::TokenHash.eq(hash_token(token))).one(&app.state.db.write).await.unwrap().expect("session row")
}

fn time(v: &Value) -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("a time: {v}"))).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn a_refresh_keeps_the_absolute_deadline_and_cannot_pass_it() {
    let app = TestApp::spawn().await;
    app.signup("amy_s").await;
    let first = login_as(&app, "amy_s", CHROME_MAC, false).await;
    let deadline = time(&first["expires_at"]);
    let hours = (deadline - Utc::now()).num_minutes();
    assert!((23 * 60..=24 * 60).contains(&hours), "session_hours from the login: {hours} min");
    let r = app.post("/api/token/refresh", Some(&token(&first)), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_ne!(token(&r.body), token(&first));
    assert_eq!(time(&r.body["expires_at"]), deadline, "a refresh keeps the deadline");
    let cookie = r.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("mj_session=")).unwrap();
    let max_age: i64 = cookie.split("Max-Age=").nth(1).unwrap().split(';').next().unwrap().parse().unwrap();
    assert!(max_age <= 24 * 3600 && max_age > 23 * 3600, "the cookie ends at the deadline: {cookie}");
    let refreshed = token(&r.body);
    assert_eq!(app.get("/api/users/profile", Some(&token(&first))).await.code(), "unauthorized");
    assert_eq!(row(&app, &refreshed).await.logged_in_at.map(|t| t.timestamp()), Some(deadline.timestamp() - 24 * 3600), "the login time is kept");

    // The deadline passes: the token and a refresh of it answer session_expired.
    age(&app, &refreshed, session::Column::ExpiresAt, Utc::now() - Duration::seconds(1)).await;
    let r = app.call_with(Method::GET, "/api/users/profile", Some(&refreshed), None, &[("accept-language", "en")]).await;
    assert_eq!((r.status, r.code()), (401, "session_expired"), "{}", r.text);
    assert!(r.body["message"].as_str().unwrap().contains("log in again"), "{}", r.text);
    let r = app.post("/api/token/refresh", Some(&refreshed), json!({})).await;
    assert_eq!((r.status, r.code()), (401, "session_expired"), "{}", r.text);
    // Optional-login pages treat it as anonymous.
    assert_eq!(app.get("/api/experiences", Some(&refreshed)).await.status, 200);
}

#[tokio::test]
async fn an_idle_session_ends_and_a_used_one_is_seen_at_most_once_a_minute() {
    let app = TestApp::spawn_with(|c| {
        c.session_idle_minutes = 30;
        c.session_keep_idle_minutes = 600;
    })
    .await;
    app.signup("ben_s").await;
    let short = token(&login_as(&app, "ben_s", CHROME_MAC, false).await);
    let kept = token(&login_as(&app, "ben_s", FIREFOX_WIN, true).await);

    // 31 minutes without a request: the plain session ends, the kept one (600 min) does not.
    for t in [&short, &kept] {
        age(&app, t, session::Column::LastSeenAt, Utc::now() - Duration::minutes(31)).await;
    }
    let r = app.get("/api/users/profile", Some(&short)).await;
    assert_eq!((r.status, r.code()), (401, "session_expired"), "{}", r.text);
    assert_eq!(app.get("/api/users/profile", Some(&kept)).await.status, 200);
    // That request was recorded: the kept session's last request is now.
    let seen = row(&app, &kept).await.last_seen_at.unwrap();
    assert!(Utc::now() - seen < Duration::seconds(10), "last_seen_at {seen}");

    // Within the minute, requests do not write it again.
    let marker = Utc::now() - Duration::seconds(30);
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(marker))
        .filter(session::Column::TokenHash.eq(hash_token(&kept)))
        .exec(&app.state.db.write)
        .await
        .unwrap();
    for _ in 0..3 {
        assert_eq!(app.get("/api/users/profile", Some(&kept)).await.status, 200);
    }
    assert_eq!(row(&app, &kept).await.last_seen_at.unwrap().timestamp(), marker.timestamp(), "no write per request");

    // A new login deletes the user's ended sessions.
    login_as(&app, "ben_s", CHROME_MAC, false).await;
    assert!(session::Entity::find().filter(session::Column::TokenHash.eq(hash_token(&short))).one(&app.state.db.write).await.unwrap().is_none());
}

#[tokio::test]
async fn the_session_list_shows_device_ip_times_and_the_current_one() {
    let app = TestApp::spawn().await;
    app.signup("cat_s").await;
    let other = app.signup("dan_s").await;
    let mac = token(&login_as(&app, "cat_s", CHROME_MAC, false).await);
    let win = token(&login_as(&app, "cat_s", FIREFOX_WIN, true).await);
    assert_eq!(app.get("/api/users/me/sessions", None).await.status, 401);

    let r = app.call_with(Method::GET, "/api/users/me/sessions", Some(&win), None, &[("accept-language", "en")]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let items = r.body.as_array().unwrap();
    // Sign-up's own login (no User-Agent) is listed too.
    assert_eq!(items.len(), 3, "{}", r.text);
    assert_eq!((items[0]["current"].clone(), items[0]["device"].clone()), (json!(true), json!("Firefox on Windows 10")));
    assert_eq!((items[0]["browser"].clone(), items[0]["os"].clone()), (json!("Firefox"), json!("Windows 10")));
    assert_eq!(items[0]["ip"], "127.0.0.1");
    let mac_item = items.iter().find(|i| i["device"] == "Chrome on macOS").expect("the Mac session");
    assert_eq!(mac_item["current"], false);
    assert!(items.iter().any(|i| i["device"] == "Unknown device"), "{}", r.text);
    for i in items {
        let (created, seen, expires) = (time(&i["created_at"]), time(&i["last_seen_at"]), time(&i["expires_at"]));
        assert!(created <= seen && seen < expires, "{i}");
        assert!(time(&i["idle_expires_at"]) <= expires, "{i}");
    }
    assert!(time(&items[0]["expires_at"]) - Utc::now() > Duration::days(29), "keep_logged_in lasts session_keep_days");
    let r = app.call_with(Method::GET, "/api/users/me/sessions", Some(&mac), None, &[("accept-language", "zh-CN")]).await;
    assert_eq!(r.body[0]["device"], "macOS 上的 Chrome", "{}", r.text);
    // Another user sees only their own.
    let r = app.get("/api/users/me/sessions", Some(&other.token)).await;
    assert_eq!(r.body.as_array().unwrap().len(), 1, "{}", r.text);
    // An ended session is not listed.
    age(&app, &mac, session::Column::ExpiresAt, Utc::now() - Duration::seconds(1)).await;
    let r = app.get("/api/users/me/sessions", Some(&win)).await;
    assert_eq!(r.body.as_array().unwrap().len(), 2, "{}", r.text);
}

#[tokio::test]
async fn ending_a_session_is_immediate_and_another_users_session_answers_404() {
    let app = TestApp::spawn().await;
    let eve = app.signup("eve_s").await;
    let fay = app.signup("fay_s").await;
    let phone = token(&login_as(&app, "eve_s", CHROME_MAC, false).await);
    let phone_id = row(&app, &phone).await.id;
    assert_eq!(app.get("/api/users/profile", Some(&phone)).await.status, 200, "cached before it ends");

    let r = app.delete(&format!("/api/users/me/sessions/{phone_id}"), Some(&fay.token), None).await;
    assert_eq!((r.status, r.code()), (404, "not_found"), "no IDOR: {}", r.text);
    assert_eq!(app.get("/api/users/profile", Some(&phone)).await.status, 200);
    assert_eq!(app.delete(&format!("/api/users/me/sessions/{phone_id}"), None, None).await.status, 401);
    assert_eq!(app.delete("/api/users/me/sessions/abc", Some(&eve.token), None).await.status, 400);

    let r = app.delete(&format!("/api/users/me/sessions/{phone_id}"), Some(&eve.token), None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert!(r.header("set-cookie").is_none(), "ending another session keeps the caller's cookies");
    assert_eq!(app.get("/api/users/profile", Some(&phone)).await.status, 401);
    assert_eq!(app.get("/api/users/profile", Some(&eve.token)).await.status, 200);
    assert_eq!(app.delete(&format!("/api/users/me/sessions/{phone_id}"), Some(&eve.token), None).await.status, 404);

    // Ending the current one is a logout.
    let own = row(&app, &eve.token).await.id;
    let r = app.delete(&format!("/api/users/me/sessions/{own}"), Some(&eve.token), None).await;
    assert_eq!(r.status, 204);
    assert!(r.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("mj_session=;")), "{:?}", r.headers);
    assert_eq!(app.get("/api/users/profile", Some(&eve.token)).await.status, 401);
}

#[tokio::test]
async fn ending_all_other_sessions_keeps_the_current_one() {
    let app = TestApp::spawn().await;
    let gus = app.signup("gus_s").await;
    let second = token(&login_as(&app, "gus_s", CHROME_MAC, false).await);
    let third = token(&login_as(&app, "gus_s", FIREFOX_WIN, true).await);
    let other = app.signup("hal_s").await;
    for t in [&gus.token, &second, &third] {
        assert_eq!(app.get("/api/users/profile", Some(t)).await.status, 200);
    }
    let r = app.delete("/api/users/me/sessions", Some(&second), None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(app.get("/api/users/profile", Some(&gus.token)).await.status, 401);
    assert_eq!(app.get("/api/users/profile", Some(&third)).await.status, 401);
    assert_eq!(app.get("/api/users/profile", Some(&second)).await.status, 200);
    let r = app.get("/api/users/me/sessions", Some(&second)).await;
    assert_eq!(r.body.as_array().unwrap().len(), 1, "{}", r.text);
    assert_eq!(app.get("/api/users/profile", Some(&other.token)).await.status, 200, "other users keep theirs");
    assert_eq!(app.delete("/api/users/me/sessions", None, None).await.status, 401);
}

#[tokio::test]
async fn admins_end_a_users_sessions_without_disabling_the_account() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss_s").await;
    let ivy = app.signup("ivy_s").await;
    let second = token(&login_as(&app, "ivy_s", CHROME_MAC, true).await);
    let path = format!("/api/admin/users/{}/sessions", ivy.id);
    assert_eq!(app.delete(&path, None, None).await.status, 401);
    let r = app.delete(&path, Some(&ivy.token), None).await;
    assert_eq!((r.status, r.code()), (403, "forbidden"));
    assert_eq!(app.get("/api/users/profile", Some(&second)).await.status, 200);

    let r = app.delete(&path, Some(&admin.token), None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    for t in [&ivy.token, &second] {
        assert_eq!(app.get("/api/users/profile", Some(t)).await.status, 401);
    }
    assert_eq!(app.get("/api/users/profile", Some(&admin.token)).await.status, 200);
    let again = app.login("ivy_s", PASSWORD).await;
    let r = app.get("/api/users/profile", Some(&again)).await;
    assert_eq!(r.body["status"], "active", "the account stays enabled");
    assert_eq!(app.delete("/api/admin/users/999999/sessions", Some(&admin.token), None).await.status, 404);
}

/// Run `mianjing admin <args>` against the app's database (and Redis).
fn admin_cli(app: &TestApp, args: &[&str]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mianjing"));
    cmd.arg("admin").args(args).arg("--data-dir").arg(&app.data_dir);
    cmd.env_remove("DATABASE_URL").env_remove("REDIS_URL").env("RUST_LOG", "warn");
    if let Some(url) = &app.state.config.database_url {
        cmd.env("DATABASE_URL", url);
    }
    if let Some(url) = &app.state.config.redis_url {
        cmd.env("REDIS_URL", url).env("MIANJING_REDIS_PREFIX", &app.state.config.redis_prefix);
    }
    let out = cmd.output().expect("run mianjing");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn admin_commands_apply_to_the_running_servers_very_next_request() {
    let app = TestApp::spawn().await;
    let jim = app.signup("jim_s").await;
    // Used (and so cached) before each command.
    assert_eq!(app.get("/api/admin/users", Some(&jim.token)).await.status, 403);
    admin_cli(&app, &["grant", "jim_s"]);
    assert_eq!(app.get("/api/admin/users", Some(&jim.token)).await.status, 200, "grant applies at once");
    admin_cli(&app, &["revoke", "jim_s"]);
    assert_eq!(app.get("/api/admin/users", Some(&jim.token)).await.status, 403, "revoke applies at once");
    admin_cli(&app, &["logout", "jim_s"]);
    assert_eq!(app.get("/api/users/profile", Some(&jim.token)).await.status, 401, "logout applies at once");
    let t = app.login("jim_s", PASSWORD).await;
    assert_eq!(app.get("/api/users/profile", Some(&t)).await.status, 200);
    admin_cli(&app, &["disable", "jim_s"]);
    assert_eq!(app.get("/api/users/profile", Some(&t)).await.status, 401, "disable applies at once");
}
