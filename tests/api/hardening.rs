//! Hardened responses and logs (issue 18, "Responses and logs"): security
//! headers, `no-store`, JSON charset, downloads, `/metrics` access, unknown
//! paths and methods, request ids, the security log, cookies and the client
//! address behind proxies.

use std::io::Write;
use std::sync::{Arc, Mutex};

use mianjing::http::security::{APP_CSP, DOCS_CSP, FILE_CSP, NONE_CSP};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::files::{pdf, png, upload};
use crate::helpers::{Resp, TestApp, PASSWORD};

// ------------------------------------------------------------------ headers

#[tokio::test]
async fn html_and_the_api_docs_carry_a_content_security_policy() {
    let app = TestApp::spawn().await;
    // A missing 面经's page answers 404 (issue 19: crawlers drop deleted posts), still the app shell.
    for (page, status) in [("/", 200), ("/profile", 200), ("/experiences/new", 200), ("/experiences/12", 404)] {
        let r = app.get(page, None).await;
        assert_eq!(r.status, status, "{page}");
        assert!(r.header("content-type").unwrap().starts_with("text/html"), "{page}");
        assert_eq!(r.header("content-security-policy"), Some(APP_CSP), "{page}");
    }
    assert!(APP_CSP.contains("script-src 'self';") && !APP_CSP.contains("unsafe-eval") && APP_CSP.contains("frame-ancestors 'none'"));
    let r = app.get("/api/docs/", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-security-policy"), Some(DOCS_CSP));
    // Everything else: nothing may load, nothing may frame it.
    for path in ["/api/health", "/api/openapi.json", "/api/nope"] {
        assert_eq!(app.get(path, None).await.header("content-security-policy"), Some(NONE_CSP), "{path}");
    }
    let r = app.get("/api/health", None).await;
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(r.header("strict-transport-security"), None, "no HSTS without an https public_url");
}

#[tokio::test]
async fn every_json_answer_says_utf8_and_session_answers_are_not_stored() {
    let app = TestApp::spawn().await;
    let u = app.signup("hanna").await;
    let utf8 = "application/json; charset=utf-8";
    // Anonymous: JSON with charset, errors too; cacheable as before.
    let r = app.get("/api/health", None).await;
    assert_eq!(r.header("content-type"), Some(utf8));
    assert_eq!(r.header("cache-control"), None);
    let r = app.get("/api/nope", None).await;
    assert_eq!((r.status, r.header("content-type")), (404, Some(utf8)));
    let r = app.post("/api/users/login", None, json!({"account": "", "password": ""})).await;
    assert_eq!((r.status, r.header("content-type")), (400, Some(utf8)));
    // A session (valid or not, by header or cookie): no-store on success and error.
    for r in [
        app.get("/api/users/profile", Some(&u.token)).await,
        app.get("/api/experiences/999999", Some(&u.token)).await,
        app.get("/api/users/profile", Some("not-a-token")).await,
        app.call_with(Method::GET, "/api/users/profile", None, None, &[("cookie", &format!("mj_session={}", u.token))]).await,
    ] {
        assert_eq!(r.header("cache-control"), Some("no-store"), "{} {}", r.status, r.text);
        assert_eq!(r.header("content-type"), Some(utf8));
    }
    // An answer that sets the session cookies.
    let r = app.post("/api/users/login", None, json!({"account": "hanna", "password": PASSWORD})).await;
    assert_eq!(r.status, 200);
    assert!(r.headers.contains_key("set-cookie"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    // Static assets keep their long-lived caching even with a cookie.
    let index = app.get("/", None).await.text;
    let asset = index.split("src=\"").nth(1).and_then(|s| s.split('"').next()).expect("a script in index.html").to_owned();
    let r = app.call_with(Method::GET, &asset, None, None, &[("cookie", &format!("mj_session={}", u.token))]).await;
    assert_eq!(r.status, 200, "{asset}");
    assert_eq!(r.header("cache-control"), Some("public, max-age=31536000, immutable"));
}

#[tokio::test]
async fn resumes_download_as_attachments_and_inline_files_are_sandboxed() {
    let app = TestApp::spawn().await;
    let u = app.signup("filer").await;
    let other = app.signup("nosy").await;
    let r = upload(&app, Some(&u), "resume", "简历 v2.pdf", pdf("hello")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let resume = r.body["url"].as_str().unwrap().to_owned();
    let name = r.body["original_name"].as_str().unwrap().to_owned();
    let r = upload(&app, Some(&u), "avatar", "me.png", png(200)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let avatar = r.body["url"].as_str().unwrap().to_owned();

    let r = app.get(&resume, Some(&u.token)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    let disposition = r.header("content-disposition").unwrap();
    let (fallback, exact) = disposition
        .strip_prefix("attachment; filename=\"")
        .and_then(|d| d.split_once("\"; filename*=UTF-8''"))
        .unwrap_or_else(|| panic!("{disposition}"));
    assert!(fallback.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._ ()".contains(&b)), "{fallback}");
    assert_eq!(percent_decode(exact), name, "{disposition}");
    assert_eq!(r.header("content-security-policy"), Some(FILE_CSP));
    assert_eq!(r.header("cache-control"), Some("private, no-store"));
    // The wrong user gets nothing.
    assert_eq!(app.get(&resume, Some(&other.token)).await.status, 403);

    let r = app.get(&avatar, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-disposition"), Some("inline; filename=\"me.png\"; filename*=UTF-8''me.png"));
    assert_eq!(r.header("content-security-policy"), Some(FILE_CSP));
    assert!(FILE_CSP.starts_with("sandbox;"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("cache-control"), Some("public, max-age=86400"), "a public avatar stays cacheable");
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

// ------------------------------------------------------------------ metrics

#[tokio::test]
async fn metrics_answer_404_without_a_token_and_401_without_the_right_bearer() {
    let app = TestApp::spawn().await;
    let r = app.get("/metrics", None).await;
    assert_eq!(r.status, 404);
    assert!(!r.text.contains("http_requests_total"));

    let app = TestApp::spawn_with(|c| c.metrics_token = Some("scrape-me-0123456789".into())).await;
    app.get("/api/health", None).await;
    for auth in [None, Some("Bearer wrong"), Some("Bearer scrape-me-012345678"), Some("Basic scrape-me-0123456789")] {
        let headers: Vec<(&str, &str)> = auth.map(|a| vec![("authorization", a)]).unwrap_or_default();
        let r = app.call_with(Method::GET, "/metrics", None, None, &headers).await;
        assert_eq!(r.status, 401, "{auth:?}");
        assert!(!r.text.contains("http_requests_total"));
    }
    let r = app.call_with(Method::GET, "/metrics", None, None, &[("authorization", "Bearer scrape-me-0123456789")]).await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("http_requests_total"), "{}", r.text);
}

// ---------------------------------------------------- unknown paths, methods

/// Send `method path` as written (no client-side normalisation of `..`).
async fn raw(app: &TestApp, method: &str, path: &str) -> (u16, String) {
    let addr = app.addr.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

#[tokio::test]
async fn file_like_unknown_paths_are_404_and_unknown_methods_405_not_the_app_shell() {
    let app = TestApp::spawn().await;
    for path in ["/.git/HEAD", "/.env", "/secret.key", "/x/../y", "/x/%2e%2e/y", "/assets/missing.js", "/wp-login.php", "/data/mianjing.db"] {
        let (status, text) = raw(&app, "GET", path).await;
        assert_eq!(status, 404, "{path}: {text}");
        assert!(!text.to_lowercase().contains("<!doctype html"), "{path} served the shell");
    }
    // Client routes (no dot) still get the shell.
    for path in ["/profile", "/experiences/3/edit", "/admin/users"] {
        let (status, text) = raw(&app, "GET", path).await;
        assert_eq!(status, 200, "{path}");
        assert!(text.to_lowercase().contains("<!doctype html"), "{path}");
    }
    for (method, path) in [("TRACE", "/"), ("TRACE", "/profile"), ("POST", "/"), ("PUT", "/experiences/1"), ("TRACE", "/api/health"), ("TRACE", "/api/docs/")] {
        let (status, text) = raw(&app, method, path).await;
        assert_eq!(status, 405, "{method} {path}: {text}");
        assert!(!text.to_lowercase().contains("<!doctype html"), "{method} {path} served the shell");
    }
}

// ------------------------------------------------------------- request ids

#[tokio::test]
async fn client_request_ids_are_kept_only_when_short_and_plain() {
    let app = TestApp::spawn().await;
    for good in ["abc-123", "A.b_c-9", &"x".repeat(64)] {
        let r = app.call_with(Method::GET, "/api/health", None, None, &[("x-request-id", good)]).await;
        assert_eq!(r.header("x-request-id"), Some(good));
    }
    let long = "y".repeat(65);
    for bad in ["a\"b", "{\"event\":\"admin_action\"}", "a b", "a\tb", "../etc", long.as_str(), "é"] {
        let r = app.call_with(Method::GET, "/api/health", None, None, &[("x-request-id", bad)]).await;
        let id = r.header("x-request-id").unwrap();
        assert_ne!(id, bad);
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{bad:?} → {id}");
    }
}

// ------------------------------------------------------------ security log

/// Log lines written while it lives on this thread: the test's runtime
/// (current-thread) runs the server's tasks, so their events land here.
struct Capture {
    buf: Arc<Mutex<Vec<u8>>>,
    _guard: tracing::subscriber::DefaultGuard,
}

#[derive(Clone)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn start() -> Capture {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = Sink(buf.clone());
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
            .with_writer(move || sink.clone())
            .finish();
        Capture { buf, _guard: tracing::subscriber::set_default(subscriber) }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.buf.lock().unwrap()).into_owned()
    }

    /// The `security` lines, parsed.
    fn events(&self) -> Vec<Value> {
        self.text().lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).filter(|v| v["target"] == "security").collect()
    }

    /// The one line of `event` for request `request_id`.
    fn event(&self, event: &str, r: &Resp) -> Value {
        let id = r.header("x-request-id").unwrap();
        let found: Vec<Value> = self.events().into_iter().filter(|e| e["event"] == event && e["request_id"] == id).collect();
        assert_eq!(found.len(), 1, "one {event} line for {id} in:\n{}", self.text());
        found.into_iter().next().unwrap()
    }
}

#[tokio::test]
async fn security_events_are_logged_with_time_user_ip_and_request_id_but_no_email() {
    let app = TestApp::spawn().await;
    let u = app.signup("logan").await;
    let admin = app.admin("boss").await;
    let log = Capture::start();

    // Failed login by e-mail address: the address must not be logged.
    let r = app.call_with(Method::POST, "/api/users/login", None, Some(json!({"account": u.email, "password": "Wrong-Pass-1"})), &[("x-request-id", "login-1")]).await;
    assert_eq!((r.status, r.code()), (400, "invalid_credentials"));
    let e = log.event("login_failed", &r);
    assert_eq!(e["request_id"], "login-1");
    assert_eq!(e["ip"], "127.0.0.1");
    assert_eq!(e["path"], "/api/users/login");
    assert_eq!(e["code"], "invalid_credentials");
    assert_eq!(e["status"], 400);
    assert!(chrono::DateTime::parse_from_rfc3339(e["time"].as_str().unwrap()).is_ok(), "{e}");

    // 401, and 403 with the user's id.
    let r = app.get("/api/users/profile", Some("forged-token")).await;
    let e = log.event("unauthorized", &r);
    assert!(e.get("user_id").is_none(), "{e}");
    let r = app.get("/api/admin/users", Some(&u.token)).await;
    assert_eq!(r.status, 403);
    assert_eq!(log.event("forbidden", &r)["user_id"], u.id);

    // CSRF failure: a cookie session without the header.
    let r = app
        .call_with(Method::PATCH, "/api/users/profile", None, Some(json!({"signature": "x"})), &[("cookie", &format!("mj_session={}", u.token))])
        .await;
    assert_eq!((r.status, r.code()), (403, "csrf_failed"));
    assert_eq!(log.event("csrf_failed", &r)["user_id"], u.id);

    // 429 of any limit: a second code within the cool-down.
    let body = json!({"target": "13700009999", "purpose": "login"});
    assert_eq!(app.post("/api/verification-codes", None, body.clone()).await.status, 202);
    let r = app.post("/api/verification-codes", None, body).await;
    assert_eq!(r.status, 429);
    assert_eq!(log.event("rate_limited", &r)["code"], "rate_limited");

    // Lockout: wrong passwords until the login limit answers 429.
    let mut locked = None;
    for _ in 0..40 {
        let r = app.post("/api/users/login", None, json!({"account": "logan", "password": "Wrong-Pass-1"})).await;
        if r.status == 429 {
            locked = Some(r);
            break;
        }
    }
    let r = locked.expect("the login limit answers 429 within 40 failures");
    assert_eq!(log.event("lockout", &r)["path"], "/api/users/login");

    // An administrator's write, with the administrator's id; reads are not logged.
    let r = app.patch(&format!("/api/admin/users/{}", u.id), Some(&admin.token), json!({"status": "disabled"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let e = log.event("admin_action", &r);
    assert_eq!((e["user_id"].as_i64(), e["method"].as_str()), (Some(admin.id), Some("PATCH")));
    let r = app.get("/api/admin/users", Some(&admin.token)).await;
    assert_eq!(r.status, 200);
    assert!(log.events().iter().all(|e| e["request_id"] != r.header("x-request-id").unwrap()));

    let text = log.text();
    assert!(!text.contains('@'), "an e-mail address was logged:\n{text}");
    assert!(!text.contains(&u.token) && !text.contains(&admin.token), "a token was logged");
}

// ------------------------------------------------------------------- cookies

fn set_cookies(r: &Resp) -> Vec<String> {
    r.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn cookies_are_secure_with_host_prefixed_names_behind_an_https_public_url() {
    // Default: plain names, not Secure.
    let app = TestApp::spawn().await;
    app.signup("plain").await;
    let r = app.post("/api/users/login", None, json!({"account": "plain", "password": PASSWORD})).await;
    let cookies = set_cookies(&r);
    assert!(cookies.iter().any(|c| c.starts_with("mj_session=")), "{cookies:?}");
    assert!(cookies.iter().all(|c| !c.contains("Secure")), "{cookies:?}");

    let app = TestApp::spawn_with(|c| c.public_url = Some("https://mianjing.example.com".into())).await;
    let u = app.signup("secure").await;
    let r = app.post("/api/users/login", None, json!({"account": "secure", "password": PASSWORD})).await;
    assert_eq!(r.header("strict-transport-security"), Some("max-age=31536000"));
    let cookies = set_cookies(&r);
    // The device token (login protection) is Secure too; it is scoped to
    // `/api/users`, so it cannot carry the `__Host-` prefix.
    let (device, cookies): (Vec<_>, Vec<_>) = cookies.into_iter().partition(|c| c.starts_with("mj_device="));
    assert!(device.len() == 1 && device[0].contains("Secure"), "{device:?}");
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    for c in &cookies {
        assert!(c.starts_with("__Host-mj_session=") || c.starts_with("__Host-mj_csrf="), "{c}");
        assert!(c.contains("Secure") && c.contains("Path=/") && !c.contains("Domain"), "{c}");
    }
    let value = |name: &str| cookies.iter().find_map(|c| c.strip_prefix(&format!("{name}="))).unwrap().split(';').next().unwrap().to_owned();
    let (session, csrf) = (value("__Host-mj_session"), value("__Host-mj_csrf"));
    let jar = format!("__Host-mj_session={session}; __Host-mj_csrf={csrf}");
    let r = app.call_with(Method::GET, "/api/users/profile", None, None, &[("cookie", &jar)]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = app.call_with(Method::PATCH, "/api/users/profile", None, Some(json!({"signature": "hi"})), &[("cookie", &jar), ("x-csrf-token", &csrf)]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    // The unprefixed name (settable by a sibling subdomain or over http) is not read.
    let r = app.call_with(Method::GET, "/api/users/profile", None, None, &[("cookie", &format!("mj_session={session}"))]).await;
    assert_eq!(r.status, 401);
    // Logging out deletes both sets of names.
    let r = app.post("/api/users/logout", Some(&u.token), json!({})).await;
    let cleared = set_cookies(&r);
    assert!(cleared.iter().any(|c| c.starts_with("__Host-mj_session=;") && c.contains("Secure")), "{cleared:?}");

    // An explicit setting wins over the public URL.
    let app = TestApp::spawn_with(|c| {
        c.public_url = Some("https://mianjing.example.com".into());
        c.cookie_secure = Some(false);
    })
    .await;
    app.signup("explicit").await;
    let r = app.post("/api/users/login", None, json!({"account": "explicit", "password": PASSWORD})).await;
    assert!(set_cookies(&r).iter().all(|c| c.starts_with("mj_") && !c.contains("Secure")));
}

// ------------------------------------------------------------------- proxies

/// Send a code to a new phone number as a client at `ip` (the last
/// `X-Forwarded-For` hop) with a made-up left-most entry `i`.
async fn send_code(app: &TestApp, ip: &str, i: u32) -> Resp {
    let xff = format!("10.{}.{}.1, {ip}", i / 200, i % 200);
    let body = json!({"target": format!("137{:08}", i), "purpose": "login"});
    app.call_with(Method::POST, "/api/verification-codes", None, Some(body), &[("x-forwarded-for", &xff)]).await
}

#[tokio::test]
async fn rotating_left_most_forwarded_for_from_one_proxy_still_counts_as_one_client() {
    // The test server's peer is 127.0.0.1, a trusted proxy by default.
    let app = TestApp::spawn_with(|c| c.trust_proxy = true).await;
    let mut limited = None;
    for i in 0..40 {
        let r = send_code(&app, "203.0.113.7", i).await;
        if r.status == 429 {
            limited = Some(i);
            break;
        }
        assert_eq!(r.status, 202, "{}", r.text);
    }
    let n = limited.expect("the per-IP send limit answers 429 despite rotating left-most entries");
    assert!(n <= 30, "{n} sends went through");
    // Another client behind the same proxy has its own budget.
    assert_eq!(send_code(&app, "198.51.100.20", 1_000).await.status, 202);

    // The address in the security log is the right-most untrusted hop...
    let log = Capture::start();
    let r = app
        .call_with(Method::POST, "/api/users/login", None, Some(json!({"account": "nobody", "password": "x"})), &[("x-forwarded-for", "6.6.6.6, 203.0.113.7")])
        .await;
    assert_eq!(log.event("login_failed", &r)["ip"], "203.0.113.7");
    drop(log);

    // ...and a peer that is not a trusted proxy cannot choose one at all.
    let app = TestApp::spawn_with(|c| {
        c.trust_proxy = true;
        c.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()];
    })
    .await;
    let log = Capture::start();
    let r = app
        .call_with(Method::POST, "/api/users/login", None, Some(json!({"account": "nobody", "password": "x"})), &[("x-forwarded-for", "203.0.113.7")])
        .await;
    assert_eq!(log.event("login_failed", &r)["ip"], "127.0.0.1");
}

// ------------------------------------------------------------------- binary

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The release shape end to end (SQLite in a temp dir whatever the test
/// database): `log_format = json` writes security lines to stderr, and
/// `metrics_bind` serves `/metrics` on its own address only; the
/// `mianjing admin` command line logs its changes too.
#[tokio::test]
async fn the_binary_logs_security_events_as_json_lines_and_serves_metrics_on_their_own_address() {
    let dir = tempfile::tempdir().unwrap();
    let (port, metrics_port) = (free_port(), free_port());
    let log_path = dir.path().join("server.log");
    let run = |args: &[&str], log: std::fs::File| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mianjing"))
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("REDIS_URL")
            .env("RUST_LOG", "info")
            .env("MIANJING_LOG_FORMAT", "json")
            .env("MIANJING_METRICS_BIND", format!("127.0.0.1:{metrics_port}"))
            .env("MIANJING_ARGON2_MEMORY_KIB", "1024")
            .env("MIANJING_ARGON2_ITERATIONS", "1")
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap()
    };
    let mut server = run(&["serve", "--bind", &format!("127.0.0.1:{port}")], std::fs::File::create(&log_path).unwrap());
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let mut up = false;
    for _ in 0..300 {
        if client.get(format!("{base}/api/health")).send().await.is_ok_and(|r| r.status() == 200) {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "server did not start: {}", std::fs::read_to_string(&log_path).unwrap_or_default());

    let r = client.post(format!("{base}/api/users/signup")).json(&json!({"accept_terms": true, "account": "binuser", "name": "B", "email": "bin@example.com", "password": PASSWORD})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let r = client
        .post(format!("{base}/api/users/login"))
        .header("x-request-id", "forged\"},{\"event\":\"admin_action")
        .json(&json!({"account": "bin@example.com", "password": "Wrong-Pass-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let request_id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&request_id).is_ok());

    // Metrics: not on the main address, only on their own.
    assert_eq!(client.get(format!("{base}/metrics")).send().await.unwrap().status(), 404);
    let r = client.get(format!("http://127.0.0.1:{metrics_port}/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("http_requests_total"));
    assert_eq!(client.get(format!("http://127.0.0.1:{metrics_port}/api/health")).send().await.unwrap().status(), 404);

    let _ = server.kill();
    let _ = server.wait();
    let cli_log = dir.path().join("cli.log");
    let status = run(&["admin", "grant", "binuser"], std::fs::File::create(&cli_log).unwrap()).wait().unwrap();
    assert!(status.success(), "{}", std::fs::read_to_string(&cli_log).unwrap());

    let lines = |p: &std::path::Path| -> Vec<Value> {
        std::fs::read_to_string(p).unwrap().lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
    };
    let server_lines = lines(&log_path);
    let failed: Vec<&Value> = server_lines.iter().filter(|l| l["target"] == "security" && l["event"] == "login_failed").collect();
    assert_eq!(failed.len(), 1, "{server_lines:?}");
    let e = failed[0];
    assert_eq!((e["request_id"].as_str(), e["ip"].as_str(), e["path"].as_str()), (Some(request_id.as_str()), Some("127.0.0.1"), Some("/api/users/login")));
    assert!(e["timestamp"].is_string() && e["time"].is_string(), "{e}");
    assert!(!server_lines.iter().any(|l| l["event"] == "admin_action"), "a forged request id made a line");
    let text = std::fs::read_to_string(&log_path).unwrap();
    assert!(!text.contains("bin@example.com"), "{text}");
    let cli = lines(&cli_log);
    assert!(
        cli.iter().any(|l| l["target"] == "security" && l["event"] == "admin_action" && l["source"] == "cli" && l["action"] == "grant" && l["target_user_id"].is_i64()),
        "{cli:?}"
    );
}

// ------------------------------------------------------------ access log

/// The access-log lines of a capture: `tower_http`'s response events.
fn access_lines(log: &Capture) -> Vec<Value> {
    log.text()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["target"] == "tower_http::trace::on_response")
        .collect()
}

/// `access_log = true` (issue 20, "First run") writes one line per request
/// with method, path, status, latency and request id; off by default.
#[tokio::test]
async fn access_log_writes_one_line_per_request_only_when_turned_on() {
    let app = TestApp::spawn_with(|c| c.access_log = true).await;
    let log = Capture::start();
    let r = app.call_with(Method::GET, "/api/health", None, None, &[("x-request-id", "access-1")]).await;
    assert_eq!(r.status, 200);
    let r = app.call_with(Method::GET, "/api/experiences/999999999", None, None, &[("x-request-id", "access-2")]).await;
    assert_eq!(r.status, 404);
    let lines = access_lines(&log);
    assert_eq!(lines.len(), 2, "{}", log.text());
    let line = |id: &str| lines.iter().find(|l| l["span"]["request_id"] == id).unwrap_or_else(|| panic!("no line for {id}: {}", log.text())).clone();
    let ok = line("access-1");
    assert_eq!((ok["level"].as_str(), ok["status"].as_i64(), ok["span"]["method"].as_str(), ok["span"]["path"].as_str()), (Some("INFO"), Some(200), Some("GET"), Some("/api/health")));
    assert!(ok["latency"].as_str().is_some_and(|l| l.ends_with(" ms")), "{ok}");
    assert_eq!(line("access-2")["status"], 404);
    drop(log);

    let quiet = TestApp::spawn().await;
    let log = Capture::start();
    assert_eq!(quiet.get("/api/health", None).await.status, 200);
    assert!(access_lines(&log).is_empty(), "{}", log.text());
}
