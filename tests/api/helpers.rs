//! `TestApp`: the real router served over HTTP on a random port, with a fresh
//! database per test. `MIANJING_TEST_DB=sqlite|postgres|mysql` picks the
//! database (default sqlite, a temp file); `MIANJING_TEST_REDIS=redis://…`
//! puts counters, codes and the session cache in Redis under a per-test prefix.

use std::path::PathBuf;

use mianjing::state::AppState;
use mianjing::Config;
use reqwest::header::HeaderMap;
use reqwest::Method;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};

/// Password that passes the policy.
pub const PASSWORD: &str = "Tiger-Lake-42";

/// A database created for one test and dropped afterwards.
pub struct ExternalDb {
    admin_url: String,
    name: String,
    kind: &'static str,
}

impl Drop for ExternalDb {
    fn drop(&mut self) {
        let (admin_url, name, kind) = (self.admin_url.clone(), self.name.clone(), self.kind);
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                if let Ok(db) = Database::connect(&admin_url).await {
                    let sql = if kind == "postgres" {
                        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")
                    } else {
                        format!("DROP DATABASE IF EXISTS `{name}`")
                    };
                    let _ = db.execute_unprepared(&sql).await;
                }
            });
        })
        .join();
    }
}

/// What the test database is.
pub fn db_kind() -> String {
    std::env::var("MIANJING_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

async fn external_db() -> Option<(String, ExternalDb)> {
    external_db_of(&db_kind()).await
}

/// A new, empty database of `kind` (`postgres` or `mysql`; `None` for
/// SQLite), dropped with the guard.
pub async fn external_db_of(kind: &str) -> Option<(String, ExternalDb)> {
    let name = format!("mjt_{}", uuid::Uuid::new_v4().simple());
    match kind {
        "postgres" => {
            let base = std::env::var("MIANJING_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
            let admin_url = format!("{base}/postgres");
            let db = Database::connect(&admin_url).await.expect("connect to PostgreSQL");
            db.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create database");
            Some((format!("{base}/{name}"), ExternalDb { admin_url, name, kind: "postgres" }))
        }
        "mysql" => {
            let base = std::env::var("MIANJING_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
            let admin_url = format!("{base}/mysql");
            let db = Database::connect(&admin_url).await.expect("connect to MySQL");
            db.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
                .await
                .expect("create database");
            Some((format!("{base}/{name}"), ExternalDb { admin_url, name, kind: "mysql" }))
        }
        _ => None,
    }
}

/// A running app.
pub struct TestApp {
    pub addr: String,
    pub state: AppState,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    _dir: tempfile::TempDir,
    _db: Option<ExternalDb>,
}

/// A response, body parsed as JSON (`Value::Null` when empty or not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    /// The error `code` of an error body.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A signed-up, logged-in user.
#[derive(Clone, Debug)]
#[allow(dead_code)]
pub struct TestUser {
    pub id: i64,
    pub account: String,
    pub email: String,
    pub token: String,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Spawn with a configuration tweak (applied after the test defaults).
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = Config::for_tests(dir.path().to_path_buf());
        let ext = external_db().await;
        if let Some((url, _)) = &ext {
            config.database_url = Some(url.clone());
            config.db_max_connections = 5;
        }
        if let Ok(url) = std::env::var("MIANJING_TEST_REDIS") {
            config.redis_url = Some(url);
            config.redis_prefix = format!("mjt:{}:", uuid::Uuid::new_v4().simple());
        }
        tweak(&mut config);
        Self::spawn_config(config, dir, ext.map(|(_, d)| d)).await
    }

    async fn spawn_config(config: Config, dir: tempfile::TempDir, db: Option<ExternalDb>) -> TestApp {
        // Server logs in test output: RUST_LOG=error cargo test -- --nocapture
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "off".into()))
            .with_test_writer()
            .try_init();
        let data_dir = config.data_dir.clone();
        let app = mianjing::build(config).await.expect("build app");
        let state = app.state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let svc = app.router.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, svc).await.expect("serve");
        });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        TestApp { addr, state, client, data_dir, _dir: dir, _db: db }
    }

    /// A second server on the same database and Redis prefix (scale-out).
    pub async fn spawn_sibling(&self) -> TestApp {
        self.spawn_sibling_with(|_| {}).await
    }

    /// [`Self::spawn_sibling`] with a configuration tweak.
    pub async fn spawn_sibling_with(&self, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = self.state.config.clone();
        tweak(&mut config);
        let dir = tempfile::tempdir().expect("tempdir");
        if config.database_url.is_none() {
            config.database_url = Some(config.effective_database_url());
        }
        config.data_dir = dir.path().to_path_buf();
        config.secret_key = Some(hex_secret(&self.state.secret).into());
        Self::spawn_config(config, dir, None).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.addr, path)
    }

    /// Send a request; `token` as Bearer, `body` as JSON.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        self.call_with(method, path, token, body, &[]).await
    }

    pub async fn call_with(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>, headers: &[(&str, &str)]) -> Resp {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.expect("request");
        Self::read(resp).await
    }

    pub async fn read(resp: reqwest::Response) -> Resp {
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, headers, body, text }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.call(Method::GET, path, token, None).await
    }
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::POST, path, token, Some(body)).await
    }
    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::PATCH, path, token, Some(body)).await
    }
    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::PUT, path, token, Some(body)).await
    }
    pub async fn delete(&self, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        self.call(Method::DELETE, path, token, body).await
    }

    /// Sign up `account` (email `<account>@example.com`) and log in.
    pub async fn signup(&self, account: &str) -> TestUser {
        let email = format!("{}@example.com", account.to_lowercase());
        let r = self
            .post("/api/users/signup", None, json!({"accept_terms": true, "account": account, "name": format!("{account} 同学"), "email": email, "password": PASSWORD}))
            .await;
        assert_eq!(r.status, 201, "signup {account}: {}", r.text);
        let token = self.login(account, PASSWORD).await;
        TestUser { id: r.body["id"].as_i64().expect("id"), account: account.to_owned(), email, token }
    }

    /// Log in and return the token (panics on failure).
    pub async fn login(&self, account: &str, password: &str) -> String {
        let r = self.post("/api/users/login", None, json!({"account": account, "password": password})).await;
        assert_eq!(r.status, 200, "login {account}: {}", r.text);
        r.body["token"].as_str().expect("token").to_owned()
    }

    /// Sign up and make an administrator (through the CLI's code path).
    pub async fn admin(&self, account: &str) -> TestUser {
        let u = self.signup(account).await;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        mianjing::entity::user::Entity::update_many()
            .col_expr(mianjing::entity::user::Column::IsAdmin, sea_orm::sea_query::Expr::value(true))
            .filter(mianjing::entity::user::Column::Id.eq(u.id))
            .exec(&self.state.db.write)
            .await
            .expect("grant admin");
        mianjing::features::accounts::session::forget_user(&self.state, u.id).await.expect("forget");
        u
    }

    /// Files in the outbox whose text mentions `needle`, oldest first.
    pub fn outbox(&self, needle: &str) -> Vec<String> {
        let dir = self.data_dir.join("outbox");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .filter(|t| t.contains(needle))
            .collect()
    }

    /// The newest 6-digit code sent to `target`.
    pub fn latest_code(&self, target: &str) -> String {
        let msgs = self.outbox(target);
        let last = msgs.last().unwrap_or_else(|| panic!("no message to {target}"));
        extract_code(last).expect("a 6-digit code")
    }

    /// Ask for a code and return it from the outbox (waiting up to 5 s: reset
    /// and email-login codes are delivered in the background).
    pub async fn code_for(&self, target: &str, purpose: &str, token: Option<&str>) -> String {
        let before = self.outbox(target).len();
        let r = self.post("/api/verification-codes", token, json!({"target": target, "purpose": purpose})).await;
        assert_eq!(r.status, 202, "send code: {}", r.text);
        for _ in 0..50 {
            if self.outbox(target).len() > before {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.latest_code(target)
    }

    /// Forget the 60-second resend cool-down of `target` (to test later rules).
    pub async fn skip_cooldown(&self, target: &str) {
        self.state.kv.del(&format!("code:cd:{target}")).await.expect("kv");
    }
}

/// First run of exactly six digits in `text`.
pub fn extract_code(text: &str) -> Option<String> {
    let re = regex::Regex::new(r"(?:^|\D)(\d{6})(?:\D|$)").expect("regex");
    re.captures(text).map(|c| c[1].to_owned())
}

fn hex_secret(bytes: &[u8]) -> String {
    // The secret file holds hex; a configured key is used as its UTF-8 bytes,
    // so hand the sibling the same bytes via a string only when they are text.
    String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| panic!("sibling apps need a configured text secret"))
}
