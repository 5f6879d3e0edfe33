//! Fail fast, never hang (issue 18): an SMTP server or a Redis that stops
//! answering, and a database that drops its connections, make requests
//! answer 503 `unavailable` at once instead of hanging or answering 500;
//! control characters in any text input answer 400 on every backend and
//! nothing is stored.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement, TransactionTrait};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::helpers::{db_kind, Resp, TestApp, PASSWORD};
use crate::scale_out::redis_url;

/// The bound the issue sets for an answer while a dependency hangs.
const ANSWER_WITHIN: Duration = Duration::from_secs(2);

fn assert_unavailable(r: &Resp, took: Duration) {
    assert_eq!((r.status, r.code()), (503, "unavailable"), "{}", r.text);
    assert!(took < ANSWER_WITHIN, "answered after {took:?}");
}

// ------------------------------------------------------------------ SMTP

/// A TCP server that accepts connections and never writes a byte (not even
/// the SMTP greeting). Returns its address and how many connections it took.
async fn blackhole() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (addr, accepted)
}

#[tokio::test]
async fn an_smtp_server_that_never_answers_makes_a_code_send_answer_503_within_2_s_and_keeps_no_code() {
    let (smtp, accepted) = blackhole().await;
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some(format!("smtp://{smtp}").into());
        c.smtp_timeout_secs = 1;
    })
    .await;
    let target = "nobody-yet@example.com";
    for attempt in 0..2 {
        let start = Instant::now();
        let r = app.post("/api/verification-codes", None, json!({"target": target, "purpose": "signup"})).await;
        assert_unavailable(&r, start.elapsed());
        assert_eq!(accepted.load(Ordering::SeqCst), attempt + 1, "each send reached the SMTP server");
        // Nothing half-written: no code to guess, and no cool-down (the
        // second attempt is not 429).
        assert_eq!(app.state.kv.get(&format!("code:v:signup:{target}")).await.unwrap(), None);
        assert_eq!(app.state.kv.get(&format!("code:cd:{target}")).await.unwrap(), None);
    }
}

// ------------------------------------------------------------------ Redis

/// The address of the tests' Redis ([`redis_url`]), when one answers.
async fn redis_addr() -> Option<SocketAddr> {
    let url = redis_url().await?;
    let host = url.trim_start_matches("redis://").split(['/', '?']).next().unwrap_or_default();
    tokio::net::lookup_host(host).await.ok()?.next()
}

/// What the [`RedisProxy`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Pass bytes both ways.
    Forward,
    /// Close every connection and the listening port: connects are refused.
    Refuse,
    /// Keep connections (old and new) open and pass nothing: a hung server.
    Blackhole,
}

/// A TCP proxy in front of Redis whose behaviour the test switches.
struct RedisProxy {
    addr: SocketAddr,
    mode: watch::Sender<Mode>,
}

impl RedisProxy {
    async fn start(upstream: SocketAddr) -> RedisProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (mode, rx) = watch::channel(Mode::Forward);
        tokio::spawn(Self::listen(listener, addr, upstream, rx));
        RedisProxy { addr, mode }
    }

    fn set(&self, mode: Mode) {
        self.mode.send_replace(mode);
    }

    async fn listen(listener: TcpListener, addr: SocketAddr, upstream: SocketAddr, mut mode: watch::Receiver<Mode>) {
        let mut listener = Some(listener);
        loop {
            let current = *mode.borrow_and_update();
            if current == Mode::Refuse {
                listener = None; // closed: connects are refused
                if mode.changed().await.is_err() {
                    return;
                }
                continue;
            }
            if listener.is_none() {
                listener = Some(TcpListener::bind(addr).await.unwrap());
            }
            let Some(l) = &listener else { continue };
            tokio::select! {
                accepted = l.accept() => {
                    let Ok((socket, _)) = accepted else { return };
                    tokio::spawn(Self::pipe(socket, upstream, mode.clone()));
                }
                changed = mode.changed() => if changed.is_err() { return },
            }
        }
    }

    async fn pipe(mut client: TcpStream, upstream: SocketAddr, mut mode: watch::Receiver<Mode>) {
        if *mode.borrow() == Mode::Forward {
            let Ok(mut server) = TcpStream::connect(upstream).await else { return };
            tokio::select! {
                _ = tokio::io::copy_bidirectional(&mut client, &mut server) => return,
                _ = mode.wait_for(|m| *m != Mode::Forward) => {}
            }
        }
        // Refused: drop the connection now. Blackholed: hold it, silent,
        // until the mode changes, then drop it (the client sees it close).
        if *mode.borrow() == Mode::Blackhole {
            let _ = mode.wait_for(|m| *m != Mode::Blackhole).await;
        }
    }
}

/// `GET /api/users/profile` until it answers 200 (Redis is back); at most 50 tries.
async fn recovers(app: &TestApp, token: &str) {
    for _ in 0..50 {
        if app.get("/api/users/profile", Some(token)).await.status == 200 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the app did not recover when Redis came back");
}

#[tokio::test]
async fn a_redis_that_refuses_or_hangs_makes_authenticated_requests_answer_503_within_2_s_and_service_resumes_with_it() {
    let Some(upstream) = redis_addr().await else { return };
    let proxy = RedisProxy::start(upstream).await;
    let app = TestApp::spawn_with(|c| {
        c.redis_url = Some(format!("redis://{}", proxy.addr));
        c.redis_prefix = format!("mjt:{}:", uuid::Uuid::new_v4().simple());
    })
    .await;
    assert_eq!(app.state.config.redis_timeout_ms, 1000, "the default bound is what is tested");
    let u = app.signup("kvdown").await;
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 200);

    for outage in [Mode::Refuse, Mode::Blackhole, Mode::Refuse] {
        proxy.set(outage);
        for _ in 0..2 {
            let start = Instant::now();
            let r = app.get("/api/users/profile", Some(&u.token)).await;
            assert_unavailable(&r, start.elapsed());
        }
        let start = Instant::now();
        let r = app.get("/api/ready", None).await;
        assert!(start.elapsed() < ANSWER_WITHIN, "readiness answered after {:?}", start.elapsed());
        assert_eq!(r.status, 503, "{outage:?}: {}", r.text);
        proxy.set(Mode::Forward);
        recovers(&app, &u.token).await;
    }
}

#[tokio::test]
async fn a_redis_that_never_answers_at_start_up_stops_the_start_instead_of_hanging() {
    let (hole, _) = blackhole().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = mianjing::Config::for_tests(dir.path().to_path_buf());
    config.redis_url = Some(format!("redis://{hole}"));
    let start = Instant::now();
    let built = tokio::time::timeout(Duration::from_secs(30), mianjing::build(config)).await.expect("start-up hung");
    assert!(built.is_err(), "built against a Redis that never answers");
    assert!(start.elapsed() < Duration::from_secs(10), "gave up only after {:?}", start.elapsed());
}

// ------------------------------------------------------------------ database

/// Run `sql` on `conn` and read one integer column.
async fn scalar(conn: &impl ConnectionTrait, backend: DbBackend, sql: &str) -> i64 {
    let row = conn.query_one_raw(Statement::from_string(backend, sql.to_owned())).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn a_query_cut_by_the_database_answers_503_and_the_next_request_works() {
    let backend = match db_kind().as_str() {
        "postgres" => DbBackend::Postgres,
        "mysql" => DbBackend::MySql,
        _ => return, // SQLite is a file in the process: no connection to lose
    };
    let app = TestApp::spawn().await;
    app.signup("dbcut").await;
    let url = app.state.config.database_url.clone().unwrap();
    let admin = Database::connect(&url).await.unwrap();
    // One connection holds a lock on `users`, so that the login's query
    // waits inside the database; then every other connection of the test
    // database is ended by the server, the waiting one among them.
    let locker = admin.begin().await.unwrap();
    let (lock, waiting, others) = match backend {
        DbBackend::Postgres => (
            "LOCK TABLE users IN ACCESS EXCLUSIVE MODE",
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            "SELECT pid::bigint FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        ),
        _ => (
            "LOCK TABLES users WRITE",
            "SELECT COUNT(*) FROM information_schema.processlist WHERE db = DATABASE() AND state LIKE 'Waiting for table%'",
            "SELECT CAST(id AS SIGNED) FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()",
        ),
    };
    locker.execute_unprepared(lock).await.unwrap();
    let client = app.client.clone();
    let login_url = app.url("/api/users/login");
    let login = tokio::spawn(async move {
        TestApp::read(client.post(login_url).json(&json!({"account": "dbcut", "password": PASSWORD})).send().await.unwrap()).await
    });
    let mut blocked = false;
    for _ in 0..200 {
        if scalar(&locker, backend, waiting).await > 0 {
            blocked = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(blocked, "the login's query never waited for the lock");
    let rows = locker.query_all_raw(Statement::from_string(backend, others.to_owned())).await.unwrap();
    for row in rows {
        let id: i64 = row.try_get_by_index(0).unwrap();
        let kill = match backend {
            DbBackend::Postgres => format!("SELECT pg_terminate_backend({id})"),
            _ => format!("KILL CONNECTION {id}"),
        };
        locker.execute_unprepared(&kill).await.unwrap();
    }
    let r = login.await.unwrap();
    assert_eq!((r.status, r.code()), (503, "unavailable"), "{}", r.text);
    if backend == DbBackend::MySql {
        locker.execute_unprepared("UNLOCK TABLES").await.unwrap();
    }
    locker.rollback().await.unwrap();
    let token = app.login("dbcut", PASSWORD).await;
    assert_eq!(app.get("/api/users/profile", Some(&token)).await.status, 200);
}

// ------------------------------------------------------------------ control characters

async fn rows(app: &TestApp, table: &str) -> i64 {
    scalar(&app.state.db.read, app.state.db.backend, &format!("SELECT COUNT(*) FROM {table}")).await
}

fn field_reason<'a>(r: &'a Resp, field: &str) -> &'a str {
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    r.body["fields"][field][0].as_str().unwrap_or_else(|| panic!("no reason for {field}: {}", r.text))
}

#[tokio::test]
async fn control_characters_in_a_json_field_answer_400_naming_it_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let u = app.signup("nulpost").await;
    for bad in ["a\u{0}b", "bell\u{7}", "esc\u{1b}[31m", "del\u{7f}", "back\u{8}space", "non\u{ffff}char"] {
        let r = app.post("/api/experiences", Some(&u.token), crate::experiences::sample(bad, "字节跳动")).await;
        assert!(field_reason(&r, "title").contains("控制字符"), "{bad:?}: {}", r.text);
        let mut body = crate::experiences::sample("标题", "字节跳动");
        body["interview_questions"][1] = json!(bad);
        let r = app.post("/api/experiences", Some(&u.token), body).await;
        field_reason(&r, "interview_questions[1]");
    }
    assert_eq!(rows(&app, "experiences").await, 0, "nothing stored");
    // The message follows the caller's language.
    let r = app
        .call_with(reqwest::Method::POST, "/api/experiences", Some(&u.token), Some(crate::experiences::sample("\u{0}", "x")), &[("accept-language", "en")])
        .await;
    assert!(field_reason(&r, "title").contains("control characters"), "{}", r.text);
    // An edit is refused the same way and changes nothing.
    let id = crate::experiences::post(&app, &u, crate::experiences::sample("原标题", "字节跳动")).await;
    let r = app.patch(&format!("/api/experiences/{id}"), Some(&u.token), json!({"content": "x\u{0}y"})).await;
    field_reason(&r, "content");
    let r = app.get(&format!("/api/experiences/{id}"), Some(&u.token)).await;
    assert!(!r.text.contains("\\u0000"), "{}", r.text);
    // TAB, LF and CR are text; an escaped backslash before `u0000` is not a NUL.
    let mut fine = crate::experiences::sample("tab\tand \\u0000 text", "字节跳动");
    fine["content"] = json!("line 1\r\nline 2\n\tindented");
    crate::experiences::post(&app, &u, fine).await;
    assert_eq!(rows(&app, "experiences").await, 2);
}

#[tokio::test]
async fn control_characters_in_any_json_body_are_refused_even_by_handlers_without_validation() {
    let app = TestApp::spawn().await;
    // Sign-up (nothing stored) and login: the extractor refuses before any
    // handler code runs.
    let users = rows(&app, "users").await;
    let r = app.post("/api/users/signup", None, json!({"accept_terms": true, "account": "ctl_user", "name": "名\u{0}字", "email": "ctl@example.com", "password": PASSWORD})).await;
    field_reason(&r, "name");
    assert_eq!(rows(&app, "users").await, users);
    let r = app.post("/api/users/login", None, json!({"account": "ctl_user\u{0}", "password": PASSWORD})).await;
    field_reason(&r, "account");
    // A raw body: a NUL in an object key, and in a key nested in an array.
    for raw in [r#"{"acc\u0000ount": "x", "password": "y"}"#, r#"{"account": "x", "password": "y", "extra": [{"k\u0001": 1}]}"#] {
        let resp = app
            .client
            .post(app.url("/api/users/login"))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        let r = TestApp::read(resp).await;
        assert_eq!(r.status, 400, "{raw}: {}", r.text);
        assert!(matches!(r.code(), "bad_request" | "validation_failed"), "{}", r.text);
    }
}

#[tokio::test]
async fn control_characters_in_a_query_parameter_or_a_path_segment_answer_400() {
    let app = TestApp::spawn().await;
    for path in ["/api/schools?q=a%00b", "/api/experiences?q=%7F", "/api/companies?q=x%1B", "/api/tags?q=%EF%BF%BF&page=1"] {
        let r = app.get(path, None).await;
        assert!(field_reason(&r, "q").contains("控制字符"), "{path}: {}", r.text);
    }
    // A control character in a parameter name.
    let r = app.get("/api/schools?q%00=a", None).await;
    assert_eq!((r.status, r.code()), (400, "bad_request"), "{}", r.text);
    // Percent-encoded TAB/LF are text.
    assert_eq!(app.get("/api/schools?q=a%09b%0A", None).await.status, 200);
    for path in ["/api/experiences/1%00", "/api/files/%00", "/api/experiences/%00/comments"] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, 400, "{path}: {}", r.text);
    }
}

#[tokio::test]
async fn control_characters_in_a_multipart_field_or_file_name_answer_400_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let u = app.signup("nulfile").await;
    let send = |form: Form| {
        let req = app.client.post(app.url("/api/files")).bearer_auth(&u.token).multipart(form);
        async move { TestApp::read(req.send().await.unwrap()).await }
    };
    let png = || Part::bytes(crate::files::png(64)).file_name("me.png");
    let r = send(Form::new().text("purpose", "avatar\u{0}").part("file", png())).await;
    assert!(field_reason(&r, "purpose").contains("控制字符"), "{}", r.text);
    // File names as sent (no percent-encoding by the client).
    let named = |name: &str| Form::new().percent_encode_noop().text("purpose", "avatar").part("file", Part::bytes(crate::files::png(64)).file_name(name.to_owned()));
    let r = send(named("me\u{ffff}.png")).await;
    field_reason(&r, "file");
    // A raw control byte in a part header is malformed multipart.
    let r = send(named("me\u{1}.png")).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(rows(&app, "files").await, 0, "nothing stored");
    let r = send(Form::new().text("purpose", "avatar").part("file", png())).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(rows(&app, "files").await, 1);
}
