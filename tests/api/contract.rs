//! The API contract, pinned with insta snapshots in `snapshots/`: the OpenAPI
//! document (the web UI generates its types from that snapshot,
//! `web/scripts/api-types.mjs`) and the error body of every stable error
//! `code`, as a real request gets it, in zh-CN and en. The same snapshots
//! hold on SQLite, PostgreSQL and MySQL.
//!
//! A change to either fails here. Review it, then update the snapshots with
//! `INSTA_UPDATE=always cargo test --test api contract::` and read the diff of
//! `tests/api/snapshots/` (with `CI=true` insta writes nothing and fails).

use std::collections::BTreeMap;

use mianjing::http::openapi::RATE_LIMITED;
use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::helpers::{TestApp, PASSWORD};

#[tokio::test]
async fn openapi_document_is_pinned() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/openapi.json", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let doc = r.body;
    insta::assert_json_snapshot!("openapi", doc);
}

/// The benchmark route is only in builds with the `bench` feature (bench/run.sh's).
#[cfg(not(feature = "bench"))]
#[tokio::test]
async fn the_product_build_has_no_benchmark_route() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/_bench/fixed", None).await;
    assert_eq!((r.status, r.code()), (404, "not_found"), "{}", r.text);
    let keys = serde_json::to_value(mianjing::Config::default()).expect("config");
    assert!(keys.get("bench_endpoints").is_none(), "bench_endpoints is a key of the product build");
}

/// Methods of an OpenAPI path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// `(METHOD path, operation)` of every operation in `doc`.
fn operations(doc: &Value) -> Vec<(String, &Map<String, Value>)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(op) = item[method].as_object() {
                out.push((format!("{} {path}", method.to_uppercase()), op));
            }
        }
    }
    out
}

/// `label` of every operation that `needs` a response `status` it does not declare.
fn lacking(doc: &Value, status: &str, needs: impl Fn(&Map<String, Value>) -> bool) -> Vec<String> {
    operations(doc)
        .into_iter()
        .filter(|(_, op)| needs(op) && op["responses"].get(status).is_none())
        .map(|(label, _)| label)
        .collect()
}

fn has_params(op: &Map<String, Value>) -> bool {
    op.get("parameters").and_then(Value::as_array).is_some_and(|p| !p.is_empty())
}

fn has_body(op: &Map<String, Value>) -> bool {
    op.contains_key("requestBody")
}

#[tokio::test]
async fn every_operation_documents_the_errors_its_shape_can_give() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/openapi.json", None).await.body;
    let no_400 = lacking(&doc, "400", |op| has_params(op) || has_body(op));
    assert!(no_400.is_empty(), "operations with parameters or a body that do not document 400: {no_400:#?}");
    for status in ["413", "415"] {
        let missing = lacking(&doc, status, has_body);
        assert!(missing.is_empty(), "operations with a body that do not document {status}: {missing:#?}");
    }
    let secured = |op: &Map<String, Value>| {
        op.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty() && s.iter().all(|r| r.as_object().is_some_and(|r| !r.is_empty())))
    };
    let no_401 = lacking(&doc, "401", secured);
    assert!(no_401.is_empty(), "operations that need a session but do not document 401: {no_401:#?}");
    let ids: Vec<&str> = operations(&doc).iter().filter_map(|(_, op)| op["operationId"].as_str()).collect();
    for id in RATE_LIMITED {
        assert!(ids.contains(id), "RATE_LIMITED names {id}, which is no operation");
    }
    let no_429 = lacking(&doc, "429", |op| op["operationId"].as_str().is_some_and(|id| RATE_LIMITED.contains(&id)));
    assert!(no_429.is_empty(), "rate-limited operations that do not document 429: {no_429:#?}");
    for (label, op) in operations(&doc) {
        for (status, response) in op["responses"].as_object().expect("responses") {
            if status.starts_with('4') || status.starts_with('5') {
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                assert!(schema == "#/components/schemas/ErrorBody" || status == "503", "{label} {status}: not an ErrorBody: {response}");
            }
        }
    }
}

/// The languages every error body is pinned in.
const LANGS: [&str; 2] = ["zh-CN", "en"];

/// The body of a [`Call`].
#[derive(Clone)]
enum Body {
    None,
    Json(Value),
    /// Content type and bytes, sent as they are.
    Raw(&'static str, Vec<u8>),
}

/// One request, sent once per language.
#[derive(Clone)]
struct Call {
    method: Method,
    path: String,
    token: Option<String>,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Call {
    fn new(method: Method, path: &str) -> Call {
        Call { method, path: path.to_owned(), token: None, headers: Vec::new(), body: Body::None }
    }
    fn get(path: &str) -> Call {
        Call::new(Method::GET, path)
    }
    fn post(path: &str, body: Value) -> Call {
        Call::new(Method::POST, path).json(body)
    }
    fn json(mut self, body: Value) -> Call {
        self.body = Body::Json(body);
        self
    }
    fn raw(mut self, content_type: &'static str, bytes: impl Into<Vec<u8>>) -> Call {
        self.body = Body::Raw(content_type, bytes.into());
        self
    }
    fn token(mut self, token: &str) -> Call {
        self.token = Some(token.to_owned());
        self
    }
    fn header(mut self, name: &'static str, value: String) -> Call {
        self.headers.push((name, value));
        self
    }

    async fn send(&self, app: &TestApp, lang: &str) -> crate::helpers::Resp {
        let mut req = app.client.request(self.method.clone(), app.url(&self.path)).header("accept-language", lang);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        for (name, value) in &self.headers {
            req = req.header(*name, value);
        }
        req = match &self.body {
            Body::None => req,
            Body::Json(v) => req.json(v),
            Body::Raw(content_type, bytes) => req.header("content-type", *content_type).body(bytes.clone()),
        };
        TestApp::read(req.send().await.expect("request")).await
    }
}

/// Headers pinned with the body of a 429.
const RATE_LIMIT_HEADERS: [&str; 4] = ["retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"];

/// Send `call` in each language, check that it answers `status` with `code`,
/// and pin the answers as the snapshot `error_<code>`: per language the
/// `Content-Language`, the body and, for 429, the rate-limit headers (the
/// seconds left redacted: they count down).
async fn pin(app: &TestApp, status: u16, code: &str, call: Call) {
    pin_each(app, status, code, |_| call.clone()).await;
}

/// [`pin`] with a request of its own for each language, for answers that
/// change what the next request gets.
async fn pin_each(app: &TestApp, status: u16, code: &str, call_in: impl Fn(&str) -> Call) {
    let mut answers = BTreeMap::new();
    for lang in LANGS {
        let call = call_in(lang);
        let r = call.send(app, lang).await;
        assert_eq!((r.status, r.code()), (status, code), "{} {} in {lang}: {}", call.method, call.path, r.text);
        let mut answer = json!({"content-language": r.header("content-language"), "body": r.body});
        if status == 429 {
            let headers: BTreeMap<&str, Option<&str>> = RATE_LIMIT_HEADERS.iter().map(|h| (*h, r.header(h))).collect();
            answer["headers"] = json!(headers);
        }
        answers.insert(lang, answer);
    }
    let pinned = json!({"status": status, "answers": answers});
    insta::assert_json_snapshot!(format!("error_{code}"), pinned, {
        r#".answers.*.headers["retry-after"]"# => "[seconds]",
        r#".answers.*.headers["ratelimit-reset"]"# => "[seconds]",
        ".answers.*.body.resets_at" => "[next UTC midnight]",
    });
}

#[tokio::test]
async fn errors_of_the_request_itself_are_pinned() {
    let app = TestApp::spawn().await;
    let bad_signup = json!({"account": "a b", "name": "", "email": "not-an-email", "password": "short"});
    pin(&app, 400, "validation_failed", Call::post("/api/users/signup", bad_signup)).await;
    pin(&app, 400, "bad_request", Call::post("/api/users/login", json!({"account": 5, "password": "x"}))).await;
    pin(&app, 400, "invalid_json", Call::new(Method::POST, "/api/users/login").raw("application/json", "{not json")).await;
    let big = "x".repeat(mianjing::MAX_JSON_BODY + 1);
    pin(&app, 413, "payload_too_large", Call::post("/api/users/login", json!({"account": big, "password": "x"}))).await;
    pin(&app, 415, "unsupported_media_type", Call::new(Method::POST, "/api/users/login").raw("text/plain", "account=x")).await;
    pin(&app, 401, "unauthorized", Call::get("/api/users/profile")).await;
    pin(&app, 404, "not_found", Call::get("/api/experiences/999999")).await;
    pin(&app, 405, "method_not_allowed", Call::new(Method::DELETE, "/api/health")).await;
}

#[tokio::test]
async fn errors_of_accounts_and_sessions_are_pinned() {
    let app = TestApp::spawn().await;
    let user = app.signup("contract").await;
    let admin = app.admin("contract_admin").await;
    let signup = |account: &str, email: &str| {
        Call::post("/api/users/signup", json!({"account": account, "name": "契约", "email": email, "password": PASSWORD, "accept_terms": true}))
    };
    let no_consent = json!({"account": "contract3", "name": "契约", "email": "c3@example.com", "password": PASSWORD});
    pin(&app, 400, "terms_not_accepted", Call::post("/api/users/signup", no_consent)).await;
    pin(&app, 409, "account_taken", signup("contract", "other@example.com")).await;
    pin(&app, 409, "email_taken", signup("contract2", "contract@example.com")).await;
    let wrong_login = json!({"account": "contract", "password": "Wrong-Pass-1"});
    pin(&app, 400, "invalid_credentials", Call::post("/api/users/login", wrong_login)).await;
    let wrong_old = json!({"old_password": "Wrong-Pass-1", "new_password": "Tiger-Lake-43"});
    pin(&app, 400, "wrong_password", Call::new(Method::PUT, "/api/users/password").token(&user.token).json(wrong_old)).await;
    pin(&app, 403, "forbidden", Call::get("/api/admin/users").token(&user.token)).await;
    let cookie_only = Call::new(Method::PATCH, "/api/users/profile")
        .header("cookie", format!("mj_session={}", user.token))
        .json(json!({"signature": "hi"}));
    pin(&app, 403, "csrf_failed", cookie_only).await;

    // A phone-first account: created by a code login, not set up yet.
    let code = app.code_for("13900007777", "login", None).await;
    let r = app.post("/api/users/login/code", None, json!({"target": "13900007777", "code": code, "accept_terms": true})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    pin(&app, 403, "account_not_initialized", Call::post("/api/users/login", json!({"account": "13900007777", "password": PASSWORD}))).await;
    pin(&app, 409, "phone_taken", Call::post("/api/verification-codes", json!({"target": "13900007777", "purpose": "signup"}))).await;
    let init = json!({"password": PASSWORD, "name": "小契", "email": "xiaoqi@example.com"});
    pin(&app, 409, "already_initialized", Call::post("/api/users/init", init).token(&user.token)).await;

    let wrong_code = || Call::post("/api/users/login/code", json!({"target": "13900008888", "code": "000000"}));
    pin(&app, 400, "invalid_code", wrong_code()).await;
    for _ in LANGS.len()..5 {
        let r = wrong_code().send(&app, "zh-CN").await;
        assert_eq!(r.code(), "invalid_code", "{}", r.text);
    }
    pin(&app, 400, "code_attempts_exceeded", wrong_code()).await;

    let disabled = app.signup("contract_off").await;
    let r = app.patch(&format!("/api/admin/users/{}", disabled.id), Some(&admin.token), json!({"status": "disabled"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    pin(&app, 403, "account_disabled", Call::post("/api/users/login", json!({"account": "contract_off", "password": PASSWORD}))).await;

    let limit = app.state.config.login_max_failures_per_client;
    let wrong = || Call::post("/api/users/login", json!({"account": "contract_admin", "password": "Wrong-Pass-1"}));
    for _ in 0..limit {
        assert_eq!(wrong().send(&app, "en").await.code(), "invalid_credentials");
    }
    pin(&app, 429, "rate_limited", wrong()).await;
}

#[tokio::test]
async fn errors_of_content_rules_are_pinned() {
    let app = TestApp::spawn().await;
    let admin = app.admin("contract_admin").await;
    let question = json!({"content": "契约测试：什么是快照测试？", "tags": ["测试"]});
    let r = app.post("/api/questions", Some(&admin.token), question.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let question_id = r.body["id"].as_i64().expect("id");
    pin(&app, 409, "conflict", Call::post("/api/questions", question).token(&admin.token)).await;

    let resume = json!({"autobiography": "三年后端开发经验。", "skills": ["Rust"]});
    let r = app.post("/api/resumes", Some(&admin.token), resume.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    pin(&app, 409, "resume_exists", Call::post("/api/resumes", resume).token(&admin.token)).await;

    let nothing = json!({"kind": "topic", "tag": "no-such-tag", "question_count": 5});
    pin(&app, 400, "no_questions", Call::post("/api/mock-interviews", nothing).token(&admin.token)).await;
    let r = app.post("/api/mock-interviews", Some(&admin.token), json!({"kind": "topic", "question_ids": [question_id]})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let interview = r.body["id"].as_i64().expect("id");
    let r = app.post(&format!("/api/mock-interviews/{interview}/finish"), Some(&admin.token), json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let answer = Call::post(&format!("/api/mock-interviews/{interview}/answers"), json!({"index": 1, "answer": "快照把输出钉住。"}));
    pin(&app, 409, "interview_finished", answer.token(&admin.token)).await;
}

#[tokio::test]
async fn errors_of_failing_dependencies_are_pinned() {
    // Nothing listens on port 1: mail delivery fails.
    let app = TestApp::spawn_with(|c| c.smtp_url = Some("smtp://127.0.0.1:1".to_owned().into())).await;
    // A failed send still starts the target's resend cool-down: one target per language.
    let send = |lang: &str| Call::post("/api/verification-codes", json!({"target": format!("nobody.{lang}@example.com"), "purpose": "signup"}));
    pin_each(&app, 503, "unavailable", send).await;
    // A database error, whose details the client never sees.
    sea_orm::ConnectionTrait::execute_unprepared(&app.state.db.write, "DROP TABLE feedback").await.expect("drop table");
    pin(&app, 500, "internal_error", Call::get("/api/feedbacks")).await;
}

#[tokio::test]
async fn errors_of_voice_answers_and_quotas_are_pinned() {
    /// A user with an interview and a recording on `app`: the call transcribing it.
    async fn setup(app: &TestApp) -> Call {
        let u = app.signup("contract_voice").await;
        let admin = app.admin("contract_voice_admin").await;
        let r = app.post("/api/questions", Some(&admin.token), json!({"content": "契约测试：讲讲语音转写。"})).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let q = r.body["id"].as_i64().expect("id");
        let r = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "question_ids": [q]})).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let id = r.body["id"].as_i64().expect("id");
        let file = crate::voice::recording(app, &u, crate::voice::wav(100)).await;
        Call::post(&format!("/api/mock-interviews/{id}/transcriptions"), json!({"recording_file_id": file})).token(&u.token)
    }
    let plain = TestApp::spawn().await;
    pin(&plain, 503, "transcription_unavailable", setup(&plain).await).await;
    // Nothing listens on port 1: the endpoint fails.
    let down = TestApp::spawn_with(|c| c.transcription_base_url = Some("http://127.0.0.1:1/v1".into())).await;
    pin(&down, 502, "transcription_failed", setup(&down).await).await;
    let spent = TestApp::spawn_with(|c| {
        c.transcription_base_url = Some("http://127.0.0.1:1/v1".into());
        c.quota_llm_calls_per_day = 0;
    })
    .await;
    pin(&spent, 429, "quota_exceeded", setup(&spent).await).await;
}

/// Codes in the locale files that no request can get, with the reason.
const UNANSWERED: &[(&str, &str)] = &[("timeout", "no layer answers 408: the code exists for a future request timeout")];

/// The stable codes: the keys under `errors:` in `locales/en.yml`.
fn error_codes() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en.yml")).expect("locales/en.yml");
    text.lines()
        .skip_while(|l| *l != "errors:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.trim().split_once(':').map(|(code, _)| code.to_owned()))
        .collect()
}

#[test]
fn every_error_code_has_a_pinned_body() {
    let codes = error_codes();
    assert!(codes.len() > 20, "cannot read the codes from locales/en.yml: {codes:?}");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/snapshots");
    let unpinned: Vec<&String> = codes
        .iter()
        .filter(|c| !UNANSWERED.iter().any(|(u, _)| u == c))
        .filter(|c| !std::path::Path::new(&format!("{dir}/api__contract__error_{c}.snap")).exists())
        .collect();
    assert!(unpinned.is_empty(), "error codes without a pinned body (add a request to a test above): {unpinned:?}");
}
