//! Changing one's phone number or email (issue 18): a code sent to the new
//! address proves it, through endpoints of their own; the profile edit no
//! longer touches either.

use serde_json::json;

use crate::helpers::{Resp, TestApp, TestUser, PASSWORD};

/// The first reason given for `field` of a `validation_failed` answer
/// (translated, zh-CN by default), or "".
fn reason(r: &Resp, field: &str) -> String {
    r.body["fields"][field][0].as_str().unwrap_or("").to_owned()
}

/// The plain-text part of an outbox mail (base64 in the `.eml`).
fn plain_text(mail: &str) -> String {
    use base64::Engine;
    let part = mail.split("Content-Type: text/plain").nth(1).unwrap_or("");
    let body = part.split("\r\n\r\n").nth(1).unwrap_or("").split("--").next().unwrap_or("");
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(compact).unwrap_or_default()).unwrap_or_default()
}

/// The zh-CN reasons of the flow's field errors (locales/security-community.yml).
const USE_CONTACT_CHANGE: &str = "手机号和邮箱请通过“更换”按钮修改";
const CONTACT_SAME: &str = "这已经是你当前的号码或邮箱";

const SEND: &str = "/api/users/me/contact/code";
const CHANGE: &str = "/api/users/me/contact";

/// Ask for a `change_contact` code for `value` as `u` and read it from the outbox.
async fn contact_code(app: &TestApp, u: &TestUser, kind: &str, value: &str) -> String {
    let r = app.post(SEND, Some(&u.token), json!({"kind": kind, "value": value})).await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.body["resend_after"], 60);
    // The outbox names the address as the server keeps it.
    let kept: String = if kind == "phone" { value.chars().filter(|c| !matches!(c, ' ' | '-')).collect::<String>().trim_start_matches("+86").to_owned() } else { value.to_lowercase() };
    app.latest_code(&kept)
}

#[tokio::test]
async fn adding_a_phone_number_takes_a_code_sent_to_it_and_tells_the_accounts_email() {
    let app = TestApp::spawn().await;
    let u = app.signup("add_phone").await;
    let r = app.post(SEND, None, json!({"kind": "phone", "value": "13955551234"})).await;
    assert_eq!(r.status, 401, "{}", r.text);
    let code = contact_code(&app, &u, "phone", "+86 139-5555-1234").await;
    assert!(app.outbox("13955551234").last().unwrap().contains(&code));

    let r = app.post(CHANGE, Some(&u.token), json!({"kind": "phone", "value": "13955551234", "code": if code == "000000" { "111111" } else { "000000" }})).await;
    assert_eq!((r.status, r.code()), (400, "invalid_code"), "{}", r.text);
    let r = app.post(CHANGE, Some(&u.token), json!({"kind": "phone", "value": "13955551234", "code": "12ab"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["code"].is_array(), "{}", r.text);
    let r = app.post(CHANGE, Some(&u.token), json!({"kind": "phone", "value": "139 5555 1234", "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["phone"], "13955551234");
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.body["phone"], "13955551234");
    let r = app.post("/api/users/login", None, json!({"account": "13955551234", "password": PASSWORD})).await;
    assert_eq!(r.status, 200, "the new phone logs in: {}", r.text);
    let r = app.post(CHANGE, Some(&u.token), json!({"kind": "phone", "value": "13955551234", "code": code})).await;
    assert_eq!((r.status, reason(&r, "value").contains(CONTACT_SAME)), (400, true), "{}", r.text);

    let notice = app.outbox("To: add_phone@example.com");
    let notice = plain_text(notice.last().expect("a notice to the account's email"));
    assert!(notice.contains("139****1234") && notice.contains("手机号"), "{notice}");
}

#[tokio::test]
async fn changing_the_email_verifies_it_and_the_old_address_gets_the_notice() {
    let app = TestApp::spawn().await;
    let u = app.signup("move_mail").await;
    let taken = app.signup("has_mail").await;
    let r = app.post(SEND, Some(&u.token), json!({"kind": "email", "value": taken.email})).await;
    assert_eq!((r.status, r.code()), (409, "email_taken"), "{}", r.text);
    let r = app.post(SEND, Some(&u.token), json!({"kind": "email", "value": "MOVE_MAIL@example.com"})).await;
    assert_eq!((r.status, reason(&r, "value").contains(CONTACT_SAME)), (400, true), "{}", r.text);
    let r = app.post(SEND, Some(&u.token), json!({"kind": "email", "value": "not-an-email"})).await;
    assert_eq!((r.status, reason(&r, "value").contains("邮箱格式")), (400, true), "{}", r.text);
    let r = app.post(SEND, Some(&u.token), json!({"kind": "phone", "value": "12345"})).await;
    assert_eq!((r.status, reason(&r, "value").contains("手机号格式")), (400, true), "{}", r.text);
    let r = app.post(SEND, Some(&u.token), json!({"kind": "fax", "value": "12345"})).await;
    assert_eq!(r.status, 400, "{}", r.text);

    let code = contact_code(&app, &u, "email", "Moved.Mail@example.com").await;
    let r = app.post(CHANGE, Some(&u.token), json!({"kind": "email", "value": "Moved.Mail@example.com", "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["email"].clone(), r.body["email_verified"].clone()), (json!("Moved.Mail@example.com"), json!(true)));
    app.login("moved.mail@example.com", PASSWORD).await;
    let r = app.post("/api/users/login", None, json!({"account": "move_mail@example.com", "password": PASSWORD})).await;
    assert_eq!(r.status, 400, "the old email no longer logs in");
    let notices: Vec<String> = app.outbox("To: move_mail@example.com").iter().map(|m| plain_text(m)).collect();
    assert!(notices.iter().any(|m| m.contains("M***@example.com") && m.contains("邮箱")), "{notices:?}");
}

#[tokio::test]
async fn a_code_works_only_for_the_account_that_asked_for_it_and_taken_numbers_are_409() {
    let app = TestApp::spawn().await;
    let asker = app.signup("asker_one").await;
    let thief = app.signup("thief_one").await;
    let code = contact_code(&app, &asker, "phone", "13966667777").await;
    let r = app.post(CHANGE, Some(&thief.token), json!({"kind": "phone", "value": "13966667777", "code": code})).await;
    assert_eq!((r.status, r.code()), (400, "invalid_code"), "another account cannot use the code: {}", r.text);
    let r = app.post(CHANGE, Some(&asker.token), json!({"kind": "phone", "value": "13966667777", "code": code})).await;
    assert_eq!(r.status, 200, "the code was not used up by the other account: {}", r.text);
    let r = app.post(SEND, Some(&thief.token), json!({"kind": "phone", "value": "139-6666-7777"})).await;
    assert_eq!((r.status, r.code()), (409, "phone_taken"), "{}", r.text);
    // The per-address limits of every code apply: a second send within the minute waits.
    let r = app.post(SEND, Some(&thief.token), json!({"kind": "phone", "value": "13988889999"})).await;
    assert_eq!(r.status, 202);
    let r = app.post(SEND, Some(&thief.token), json!({"kind": "phone", "value": "13988889999"})).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"));
    assert!(r.header("retry-after").is_some());
}

#[tokio::test]
async fn the_profile_edit_refuses_a_changed_phone_or_email_and_never_needs_a_code() {
    let app = TestApp::spawn().await;
    let u = app.signup("form_only").await;
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"phone": "13977778888", "signature": "新签名", "code": "123456"})).await;
    assert_eq!((r.status, reason(&r, "phone").contains(USE_CONTACT_CHANGE)), (400, true), "{}", r.text);
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"email": "other@example.com"})).await;
    assert_eq!((r.status, reason(&r, "email").contains(USE_CONTACT_CHANGE)), (400, true), "{}", r.text);
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"email": null})).await;
    assert!(reason(&r, "email").contains(USE_CONTACT_CHANGE), "clearing is a change too: {}", r.text);
    // Sending back the current values (a whole-profile client) saves the rest.
    let r = app.patch("/api/users/profile", Some(&u.token), json!({"email": "Form_Only@example.com", "phone": null, "signature": "新签名"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["signature"].clone(), r.body["email"].clone()), (json!("新签名"), json!("form_only@example.com")));
}
