//! Scale-out paths: two nodes sharing Redis, and real SMTP delivery.

use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

/// Redis URL for the shared-state tests: `MIANJING_TEST_REDIS`, else the
/// local default when it answers. `MIANJING_REQUIRE_REDIS=1` (CI) turns an
/// unreachable Redis into a failure instead of a skip.
pub(crate) async fn redis_url() -> Option<String> {
    let url = std::env::var("MIANJING_TEST_REDIS").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let up = match redis::Client::open(url.as_str()) {
        Ok(c) => c.get_multiplexed_async_connection().await.is_ok(),
        Err(_) => false,
    };
    if up {
        return Some(url);
    }
    assert!(std::env::var("MIANJING_REQUIRE_REDIS").is_err(), "Redis at {url} is required but unreachable");
    eprintln!("skipping: no Redis at {url}");
    None
}

async fn redis_pair() -> Option<(TestApp, TestApp)> {
    let url = redis_url().await?;
    let a = TestApp::spawn_with(|c| {
        c.redis_url = Some(url.clone());
        c.redis_prefix = format!("mjt:{}:", uuid::Uuid::new_v4().simple());
        c.secret_key = Some("shared-secret-of-the-test-cluster-0123456789".to_owned().into());
    })
    .await;
    let b = a.spawn_sibling().await;
    Some((a, b))
}

#[tokio::test]
async fn with_redis_a_logout_on_one_node_revokes_the_session_on_the_other_at_once() {
    let Some((a, b)) = redis_pair().await else { return };
    let u = a.signup("node_user").await;
    assert_eq!(b.get("/api/users/profile", Some(&u.token)).await.status, 200, "b caches the session");
    assert_eq!(a.get("/api/users/profile", Some(&u.token)).await.status, 200, "a caches the session");
    assert_eq!(b.post("/api/users/logout", Some(&u.token), json!({})).await.status, 204);
    assert_eq!(a.get("/api/users/profile", Some(&u.token)).await.status, 401);
}

#[tokio::test]
async fn with_redis_codes_and_rate_limits_are_shared_between_nodes() {
    let Some((a, b)) = redis_pair().await else { return };
    let code = a.code_for("13700001111", "login", None).await;
    let r = b.post("/api/verification-codes", None, json!({"target": "13700001111", "purpose": "login"})).await;
    assert_eq!(r.status, 429, "the cool-down is shared");
    let r = b.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13700001111", "code": code})).await;
    assert_eq!(r.status, 200, "a code sent by one node is accepted by the other: {}", r.text);
    a.signup("limited").await;
    for node in [&a, &b, &a, &b, &a, &b, &a, &b, &a, &b] {
        node.post("/api/users/login", None, json!({"account": "limited", "password": "Wrong-Pass-1"})).await;
    }
    let r = a.post("/api/users/login", None, json!({"account": "limited", "password": PASSWORD})).await;
    assert_eq!(r.status, 429, "failures on both nodes count together");
}

#[tokio::test]
async fn with_redis_disabling_on_one_node_applies_on_the_other() {
    let Some((a, b)) = redis_pair().await else { return };
    let admin = a.admin("boss").await;
    let u = a.signup("victim").await;
    assert_eq!(b.get("/api/users/profile", Some(&u.token)).await.status, 200);
    a.patch(&format!("/api/admin/users/{}", u.id), Some(&admin.token), json!({"status": "disabled"})).await;
    assert_eq!(b.get("/api/users/profile", Some(&u.token)).await.status, 401);
}

/// Collects every message a local SMTP server receives.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<String>>>, Arc<Mutex<Vec<u8>>>);

impl mailin_embedded::Handler for Sink {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.1.lock().unwrap().extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> mailin_embedded::Response {
        let msg = String::from_utf8_lossy(&std::mem::take(&mut *self.1.lock().unwrap())).into_owned();
        self.0.lock().unwrap().push(msg);
        mailin_embedded::response::OK
    }
}

#[tokio::test]
async fn with_smtp_configured_codes_are_mailed_as_html_and_text_in_the_callers_language() {
    let sink = Sink::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut server = mailin_embedded::Server::new(sink.clone());
    server.with_name("test.local").with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });

    let app = TestApp::spawn_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into())).await;
    app.signup("mailer").await;
    let r = app
        .call_with(
            reqwest::Method::POST,
            "/api/verification-codes",
            None,
            Some(json!({"target": "mailer@example.com", "purpose": "reset_password"})),
            &[("accept-language", "en")],
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    let mut got = None;
    for _ in 0..50 {
        if let Some(m) = sink.0.lock().unwrap().first().cloned() {
            got = Some(m);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mail = got.expect("the SMTP server received a mail");
    assert!(mail.contains("To: mailer@example.com"), "{mail}");
    assert!(mail.contains("text/plain") && mail.contains("text/html"), "{mail}");
    assert!(mail.contains("Your verification code is"), "{mail}");
    let code = crate::helpers::extract_code(mail.split("text/plain").nth(1).unwrap()).expect("code in mail");
    assert!(app.outbox("mailer@example.com").is_empty(), "SMTP replaces the outbox");
    let r = app.post("/api/users/password/reset", None, json!({"target": "mailer@example.com", "code": code, "new_password": "New-Harbor-77"})).await;
    assert_eq!(r.status, 204, "{}", r.text);
}
