//! A real multi-node deployment (issue 20, "A real multi-node test"): two
//! `mianjing serve` processes — the binary this build made — behind nginx
//! (round-robin upstream), on PostgreSQL, Redis and an S3-compatible object
//! store (moto's server mode), each node with its own empty data directory
//! and nothing in common but those services and the shared secret.
//!
//! It checks, through nginx and directly against each node where that is
//! what proves the point: a session made on one node works on the other; an
//! upload to one node downloads from the other; a post's edit, anonymity and
//! deletion show on both nodes at once although both had it in their read
//! caches; the failed-login limit counts failures on both nodes together;
//! and one node SIGKILLed under load costs no request beyond those in flight
//! to it, nginx sending everything else to the survivor, until the node is
//! started again and serves again.
//!
//! Off unless `MIANJING_MULTINODE=1` (scripts/test.sh sets it when PostgreSQL
//! and Redis answer). Then it needs `nginx` (Debian's package, or
//! `MIANJING_TEST_NGINX`), `moto_server` (`~/.cache/mianjing/venv`, made by
//! scripts/test.sh, or `MIANJING_TEST_MOTO`), PostgreSQL
//! (`MIANJING_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432`;
//! a fresh database per run, dropped afterwards) and Redis
//! (`MIANJING_TEST_REDIS`, default `redis://127.0.0.1:6379`; keys under a
//! fresh prefix). A missing piece skips the test with a notice, or fails it
//! when `MIANJING_REQUIRE_ALL=1` (CI). Every process it starts is stopped
//! when it ends, failed or not.
//!
//! Run alone: `MIANJING_MULTINODE=1 cargo test --locked --test multinode -- --nocapture`.

// Tests fail loudly: unwrapping is how a test says what must hold.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};

const PASSWORD: &str = "Tiger-Lake-42";
const SECRET: &str = "shared-secret-of-the-multinode-test-0123456789";
const BUCKET: &str = "mianjing-multinode";
/// How long a node's read cache would serve an entry without the
/// cross-node invalidation (`features::read_cache::MAX_AGE`): a check of
/// "at once" is only meaningful well within it.
const READ_CACHE_MAX_AGE: Duration = Duration::from_secs(10);

// ------------------------------------------------------------------ pieces

/// Why the test cannot run here, or `None` when everything it needs is present.
async fn missing_piece() -> Option<String> {
    if nginx_bin().is_none() {
        return Some("nginx (apt-get install nginx, or MIANJING_TEST_NGINX)".into());
    }
    if moto_bin().is_none() {
        return Some("moto_server (scripts/test.sh installs it into ~/.cache/mianjing/venv, or MIANJING_TEST_MOTO)".into());
    }
    if Database::connect(&format!("{}/postgres", pg_base())).await.is_err() {
        return Some(format!("PostgreSQL at {}", pg_base()));
    }
    let up = match redis::Client::open(redis_url().as_str()) {
        Ok(c) => c.get_multiplexed_async_connection().await.is_ok(),
        Err(_) => false,
    };
    if !up {
        return Some(format!("Redis at {}", redis_url()));
    }
    None
}

fn nginx_bin() -> Option<PathBuf> {
    let candidates = [std::env::var("MIANJING_TEST_NGINX").ok().map(PathBuf::from), Some(PathBuf::from("/usr/sbin/nginx"))];
    candidates.into_iter().flatten().find(|p| p.exists())
}

fn moto_bin() -> Option<PathBuf> {
    let candidates = [
        std::env::var("MIANJING_TEST_MOTO").ok().map(PathBuf::from),
        std::env::var("HOME").ok().map(|h| PathBuf::from(h).join(".cache/mianjing/venv/bin/moto_server")),
    ];
    candidates.into_iter().flatten().find(|p| p.exists())
}

fn pg_base() -> String {
    std::env::var("MIANJING_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

fn redis_url() -> String {
    std::env::var("MIANJING_TEST_REDIS").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Whether this process runs as root (nginx's workers then need `user root`
/// to reach the private temp directory).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(2) == Some("0")))
        .unwrap_or(false)
}

// ------------------------------------------------------------------ cluster

/// A child process with its log file; stopped when dropped.
struct Proc {
    name: String,
    child: Option<Child>,
    log: PathBuf,
    /// Stop with SIGTERM first (nginx: its master then stops the workers).
    graceful: bool,
}

impl Proc {
    fn spawn(name: &str, cmd: &mut Command, log: PathBuf, graceful: bool) -> Proc {
        let out = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("start {name}: {e}"));
        Proc { name: name.into(), child: Some(child), log, graceful }
    }

    /// SIGKILL and reap.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn stop(&mut self) {
        let Some(mut c) = self.child.take() else { return };
        if self.graceful {
            let _ = Command::new("kill").args(["-TERM", &c.id().to_string()]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = c.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = c.kill();
        let _ = c.wait();
    }

    fn tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The PostgreSQL database of one run, dropped afterwards.
struct PgDb {
    name: String,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let (admin, name) = (format!("{}/postgres", pg_base()), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async move {
                if let Ok(db) = Database::connect(&admin).await {
                    let _ = db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                }
            });
        })
        .join();
    }
}

/// One app node: its port, data directory and process.
struct Node {
    port: u16,
    data_dir: PathBuf,
    proc: Proc,
}

impl Node {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
    fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

/// moto, two nodes and nginx in front of them. Field order is drop order:
/// nginx and the nodes stop before the services they use, the database is
/// dropped last.
struct Cluster {
    nginx: Proc,
    nodes: Vec<Node>,
    moto: Proc,
    _db: PgDb,
    env: Vec<(String, String)>,
    dir: tempfile::TempDir,
    lb_port: u16,
    s3: String,
    http: reqwest::Client,
}

impl Cluster {
    async fn start() -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();

        // PostgreSQL: a fresh database.
        let name = format!("mjt_multinode_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&format!("{}/postgres", pg_base())).await.unwrap();
        admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
        let db = PgDb { name: name.clone() };

        // S3: moto's server mode and a bucket.
        let s3_port = free_port();
        let moto = Proc::spawn(
            "moto",
            Command::new(moto_bin().unwrap()).args(["-H", "127.0.0.1", "-p", &s3_port.to_string()]),
            dir.path().join("moto.log"),
            false,
        );
        let s3 = format!("http://127.0.0.1:{s3_port}");
        let created = wait_for(Duration::from_secs(30), || async {
            http.put(format!("{s3}/{BUCKET}")).send().await.is_ok_and(|r| r.status().is_success())
        })
        .await;
        assert!(created, "moto did not start or create the bucket:\n{}", moto.tail(20));

        // What the two nodes share: database, Redis (one prefix), object store, secret.
        let env: Vec<(String, String)> = [
            ("DATABASE_URL", format!("{}/{name}", pg_base())),
            ("REDIS_URL", redis_url()),
            ("MIANJING_REDIS_PREFIX", format!("mjt:{}:", uuid::Uuid::new_v4().simple())),
            ("MIANJING_SECRET_KEY", SECRET.to_owned()),
            ("MIANJING_S3_BUCKET", BUCKET.to_owned()),
            ("MIANJING_S3_ENDPOINT", s3.clone()),
            ("MIANJING_S3_ALLOW_HTTP", "true".to_owned()),
            ("MIANJING_S3_ACCESS_KEY_ID", "test".to_owned()),
            ("MIANJING_S3_SECRET_ACCESS_KEY", "test".to_owned()),
            ("MIANJING_DB_MAX_CONNECTIONS", "8".to_owned()),
            // nginx adds X-Forwarded-For; it is on loopback, a trusted proxy by default.
            ("MIANJING_TRUST_PROXY", "true".to_owned()),
            // Cheap hashing and roomy write limits: the debug build on a shared machine.
            ("MIANJING_ARGON2_MEMORY_KIB", "1024".to_owned()),
            ("MIANJING_ARGON2_ITERATIONS", "1".to_owned()),
            ("MIANJING_LIMITS__SCALE", "1000".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();

        let mut cluster = Cluster {
            nginx: Proc { name: "nginx".into(), child: None, log: dir.path().join("nginx.log"), graceful: true },
            nodes: Vec::new(),
            moto,
            _db: db,
            env,
            dir,
            lb_port: free_port(),
            s3,
            http,
        };
        // One after the other: the first applies the migrations to the empty database.
        for n in 0..2 {
            let port = free_port();
            let data_dir = cluster.dir.path().join(format!("node{n}"));
            std::fs::create_dir_all(&data_dir).unwrap();
            let proc = cluster.spawn_node(n, port, &data_dir);
            cluster.nodes.push(Node { port, data_dir, proc });
            cluster.wait_ready(n).await;
        }
        cluster.start_nginx().await;
        cluster
    }

    fn spawn_node(&self, n: usize, port: u16, data_dir: &Path) -> Proc {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mianjing"));
        cmd.args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--data-dir", &data_dir.display().to_string()]);
        // Only this test's configuration reaches the node.
        for (k, _) in std::env::vars() {
            if k.starts_with("MIANJING_") || k == "DATABASE_URL" || k == "REDIS_URL" {
                cmd.env_remove(k);
            }
        }
        cmd.env("RUST_LOG", std::env::var("MIANJING_MULTINODE_LOG").unwrap_or_else(|_| "warn".into()));
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        Proc::spawn(&format!("node{n}"), &mut cmd, self.dir.path().join(format!("node{n}.log")), false)
    }

    async fn wait_ready(&self, n: usize) {
        let node = &self.nodes[n];
        let url = node.url("/api/ready");
        let ok = wait_for(Duration::from_secs(120), || async { self.http.get(&url).send().await.is_ok_and(|r| r.status() == StatusCode::OK) }).await;
        assert!(ok, "node{n} did not become ready:\n{}", node.proc.tail(40));
    }

    async fn start_nginx(&mut self) {
        let dir = self.dir.path().join("nginx");
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.display();
        let upstreams: String = self.nodes.iter().map(|n| format!("    server {} max_fails=1 fail_timeout=2s;\n", n.addr())).collect();
        // Round robin (nginx's default). `proxy_next_upstream error timeout`
        // (also the default, spelled out): a request whose upstream refuses
        // the connection, resets it or does not answer goes to the other node.
        // nginx never passes a non-idempotent request (POST, PATCH) on once
        // it was sent to an upstream; we do not add `non_idempotent`, since
        // the dead node may have committed it and a retry would post twice.
        // So such requests in flight at the kill fail with 502, nothing else.
        let conf = format!(
            "{user}daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
events {{ worker_connections 1024; }}\n\
http {{\n  access_log {d}/access.log;\n\
  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
  client_max_body_size 20m;\n\
  upstream mianjing {{\n{upstreams}  }}\n\
  server {{\n    listen 127.0.0.1:{port};\n    location / {{\n\
      proxy_pass http://mianjing;\n      proxy_next_upstream error timeout;\n      proxy_connect_timeout 2s;\n\
      proxy_set_header Host $host;\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
      add_header X-Upstream $upstream_addr always;\n    }}\n  }}\n}}\n",
            user = if is_root() { "user root;\n" } else { "" },
            port = self.lb_port,
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        self.nginx = Proc::spawn(
            "nginx",
            Command::new(nginx_bin().unwrap()).args(["-p", &d.to_string(), "-c", &format!("{d}/nginx.conf"), "-e", &format!("{d}/error.log")]),
            self.dir.path().join("nginx.log"),
            true,
        );
        let url = self.lb("/api/health");
        let ok = wait_for(Duration::from_secs(20), || async { self.http.get(&url).send().await.is_ok_and(|r| r.status() == StatusCode::OK) }).await;
        assert!(ok, "nginx did not answer:\n{}\n{}", self.nginx.tail(20), std::fs::read_to_string(dir.join("error.log")).unwrap_or_default());
    }

    fn lb(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.lb_port)
    }

    /// Restart node `n` on its port and data directory after a kill.
    async fn restart(&mut self, n: usize) {
        let (port, data_dir) = (self.nodes[n].port, self.nodes[n].data_dir.clone());
        let proc = self.spawn_node(n, port, &data_dir);
        self.nodes[n].proc = proc;
        self.wait_ready(n).await;
    }

    async fn call(&self, url: String, method: Method, token: Option<&str>, body: Option<Value>) -> Resp {
        let mut req = self.http.request(method, url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Resp::read(req.send().await.unwrap()).await
    }

    /// Sign up `account` and log in through `base` (a node or the balancer).
    async fn signup(&self, base: &str, account: &str) -> (i64, String) {
        let r = self
            .call(
                format!("{base}/api/users/signup"),
                Method::POST,
                None,
                Some(json!({"accept_terms": true, "account": account, "name": format!("{account} 同学"), "email": format!("{account}@example.com"), "password": PASSWORD})),
            )
            .await;
        assert_eq!(r.status, 201, "signup {account}: {}", r.text);
        let id = r.body["id"].as_i64().unwrap();
        let r = self.call(format!("{base}/api/users/login"), Method::POST, None, Some(json!({"account": account, "password": PASSWORD}))).await;
        assert_eq!(r.status, 200, "login {account}: {}", r.text);
        (id, r.body["token"].as_str().unwrap().to_owned())
    }

    fn base(&self, n: usize) -> String {
        format!("http://127.0.0.1:{}", self.nodes[n].port)
    }

    fn lb_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.lb_port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            for p in std::iter::once(&self.nginx).chain(self.nodes.iter().map(|n| &n.proc)).chain(std::iter::once(&self.moto)) {
                eprintln!("--- last lines of {} ({}):\n{}", p.name, p.log.display(), p.tail(30));
            }
            let err = self.dir.path().join("nginx/error.log");
            eprintln!("--- nginx error.log:\n{}", std::fs::read_to_string(err).unwrap_or_default());
        }
    }
}

#[derive(Debug)]
struct Resp {
    status: u16,
    upstream: String,
    body: Value,
    text: String,
}

impl Resp {
    async fn read(r: reqwest::Response) -> Resp {
        let status = r.status().as_u16();
        let upstream = r.headers().get("x-upstream").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let text = r.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, upstream, body, text }
    }
}

async fn wait_for<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

fn sample(title: &str) -> Value {
    json!({
        "title": title, "company": "字节跳动", "position": "后端开发工程师",
        "interview_date": "2026-10-01", "interview_result": "offer", "interview_difficulty": "medium",
        "interview_evaluation": 4,
        "interview_questions": ["Redis 缓存穿透怎么解决？", "MySQL 索引为什么用 B+ 树"],
        "content": "## 一面\n\n先聊项目，然后问了缓存一致性。",
        "anonymous": false
    })
}

/// A minimal one-page PDF whose text is `text` (a résumé upload).
fn pdf(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

// ------------------------------------------------------------------ the test

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_behind_nginx_share_sessions_files_caches_and_limits_and_survive_a_killed_node() {
    if std::env::var("MIANJING_MULTINODE").as_deref() != Ok("1") {
        eprintln!("skipping: the multi-node test runs with MIANJING_MULTINODE=1 (scripts/test.sh sets it)");
        return;
    }
    if let Some(what) = missing_piece().await {
        assert!(std::env::var("MIANJING_REQUIRE_ALL").as_deref() != Ok("1"), "the multi-node test requires {what}");
        eprintln!("skipping the multi-node test: no {what}");
        return;
    }
    // reqwest is built without a default TLS provider (the app installs ring's at start).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let started = Instant::now();
    let mut c = Cluster::start().await;
    eprintln!("cluster up in {:.1} s (nginx :{}, nodes :{} :{})", started.elapsed().as_secs_f64(), c.lb_port, c.nodes[0].port, c.nodes[1].port);

    round_robin(&c).await;
    sessions(&c).await;
    uploads(&c).await;
    post_changes(&c).await;
    shared_limits(&c).await;
    kill_under_load(&mut c).await;
    eprintln!("multi-node test done in {:.1} s", started.elapsed().as_secs_f64());
}

/// nginx spreads requests over both nodes.
async fn round_robin(c: &Cluster) {
    let mut seen = BTreeSet::new();
    for _ in 0..4 {
        let r = c.call(c.lb("/api/health"), Method::GET, None, None).await;
        assert_eq!(r.status, 200);
        seen.insert(r.upstream);
    }
    let both: BTreeSet<String> = c.nodes.iter().map(Node::addr).collect();
    assert_eq!(seen, both, "round robin reaches both nodes");
}

/// A login on one node is a session on the other, and a logout on the other ends it everywhere.
async fn sessions(c: &Cluster) {
    let (id, token) = c.signup(&c.base(0), "mn_session").await;
    let r = c.call(format!("{}/api/users/profile", c.base(1)), Method::GET, Some(&token), None).await;
    assert_eq!((r.status, r.body["id"].as_i64()), (200, Some(id)), "node1 accepts node0's token: {}", r.text);
    let mut seen = BTreeSet::new();
    for _ in 0..4 {
        let r = c.call(c.lb("/api/users/profile"), Method::GET, Some(&token), None).await;
        assert_eq!(r.status, 200, "through nginx ({}): {}", r.upstream, r.text);
        seen.insert(r.upstream);
    }
    assert_eq!(seen.len(), 2, "the token was used on both nodes: {seen:?}");
    let r = c.call(format!("{}/api/users/logout", c.base(1)), Method::POST, Some(&token), Some(json!({}))).await;
    assert_eq!(r.status, 204, "{}", r.text);
    for n in 0..2 {
        let r = c.call(format!("{}/api/users/profile", c.base(n)), Method::GET, Some(&token), None).await;
        assert_eq!(r.status, 401, "node{n} after the logout on node1: {}", r.text);
    }
}

/// An upload to one node is stored in the bucket, not on the node, and downloads from the other.
async fn uploads(c: &Cluster) {
    let (_, token) = c.signup(&c.base(0), "mn_uploader").await;
    let (_, stranger) = c.signup(&c.base(1), "mn_stranger").await;
    let bytes = pdf("multinode resume");
    let form = reqwest::multipart::Form::new()
        .text("purpose", "resume")
        .part("file", reqwest::multipart::Part::bytes(bytes.clone()).file_name("cv.pdf"));
    let r = Resp::read(c.http.post(format!("{}/api/files", c.base(0))).bearer_auth(&token).multipart(form).send().await.unwrap()).await;
    assert_eq!(r.status, 201, "upload on node0: {}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let get = |url: String, token: String| {
        let http = c.http.clone();
        async move {
            let r = http.get(url).bearer_auth(token).send().await.unwrap();
            let upstream = r.headers().get("x-upstream").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            (r.status().as_u16(), upstream, r.bytes().await.unwrap().to_vec())
        }
    };
    let (status, _, got) = get(format!("{}/api/files/{id}", c.base(1)), token.clone()).await;
    assert_eq!((status, got == bytes), (200, true), "node1 serves node0's upload");
    let mut seen = BTreeSet::new();
    for _ in 0..4 {
        let (status, upstream, got) = get(c.lb(&format!("/api/files/{id}")), token.clone()).await;
        assert_eq!((status, got == bytes), (200, true), "through nginx ({upstream})");
        seen.insert(upstream);
    }
    assert_eq!(seen.len(), 2, "downloaded from both nodes: {seen:?}");
    let (status, _, _) = get(format!("{}/api/files/{id}", c.base(1)), stranger).await;
    assert_eq!(status, 403, "still owner-only on the other node");
    // A link signed by node0 (the shared secret) opens on node1, without a session.
    let r = c.call(format!("{}/api/files/{id}/link?ttl=600", c.base(0)), Method::GET, Some(&token), None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let link = r.body["url"].as_str().unwrap().to_owned();
    let r = c.http.get(format!("{}{link}", c.base(1))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "node1 honours node0's signed link");
    assert_eq!(r.bytes().await.unwrap().to_vec(), bytes);
    let listing = c.http.get(format!("{}/{BUCKET}?list-type=2", c.s3)).send().await.unwrap().text().await.unwrap();
    assert!(listing.contains("<Key>resume/"), "the object is in the bucket: {listing}");
    for node in &c.nodes {
        assert!(!node.data_dir.join("files").join("resume").exists(), "nothing stored on {}", node.addr());
    }
}

/// Prime both nodes' read caches with the post's detail and the first list page, as a visitor.
async fn prime(c: &Cluster, id: i64) {
    for n in 0..2 {
        for _ in 0..3 {
            let r = c.call(format!("{}/api/experiences/{id}", c.base(n)), Method::GET, None, None).await;
            assert_eq!(r.status, 200, "{}", r.text);
            let r = c.call(format!("{}/api/experiences", c.base(n)), Method::GET, None, None).await;
            assert_eq!(r.status, 200, "{}", r.text);
        }
    }
}

/// What a visitor sees of post `id` on node `n`: the detail (or its status) and its list item.
async fn seen_on(c: &Cluster, n: usize, id: i64) -> (Resp, Option<Value>) {
    let detail = c.call(format!("{}/api/experiences/{id}", c.base(n)), Method::GET, None, None).await;
    let list = c.call(format!("{}/api/experiences", c.base(n)), Method::GET, None, None).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let item = list.body["items"].as_array().unwrap().iter().find(|i| i["id"] == id).cloned();
    (detail, item)
}

/// A post's edit, anonymity and deletion on one node show on both nodes at
/// once, although both had the post in their read caches.
async fn post_changes(c: &Cluster) {
    let (_, author) = c.signup(&c.base(0), "mn_author").await;
    let r = c.call(format!("{}/api/experiences", c.base(0)), Method::POST, Some(&author), Some(sample("两个节点的面经"))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let path = format!("/api/experiences/{id}");

    // Edit on node0.
    prime(c, id).await;
    let primed = Instant::now();
    let r = c.call(format!("{}{path}", c.base(0)), Method::PATCH, Some(&author), Some(json!({"title": "改过的标题"}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    for n in [1, 0] {
        let (detail, item) = seen_on(c, n, id).await;
        assert_eq!(detail.body["title"], "改过的标题", "node{n} shows the edit at once: {}", detail.text);
        assert_eq!(item.unwrap()["title"], "改过的标题", "node{n}'s list shows the edit at once");
    }
    assert!(primed.elapsed() < READ_CACHE_MAX_AGE, "the check ran while the primed entries were still servable");

    // Anonymous, set on node1.
    prime(c, id).await;
    let primed = Instant::now();
    let (detail, _) = seen_on(c, 0, id).await;
    assert!(detail.body["author"].is_object() && detail.text.contains("mn_author"), "named before: {}", detail.text);
    let r = c.call(format!("{}{path}", c.base(1)), Method::PATCH, Some(&author), Some(json!({"anonymous": true}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    for n in [0, 1] {
        let (detail, item) = seen_on(c, n, id).await;
        assert!(detail.body["author"].is_null() && !detail.text.contains("mn_author"), "node{n} hides the author at once: {}", detail.text);
        let item = item.unwrap();
        assert!(item["author"].is_null() && !item.to_string().contains("mn_author"), "node{n}'s list hides the author at once: {item}");
    }
    assert!(primed.elapsed() < READ_CACHE_MAX_AGE);

    // Deleted on node0: gone from node1 at once, and through nginx on either node.
    prime(c, id).await;
    let primed = Instant::now();
    let r = c.call(format!("{}{path}", c.base(0)), Method::DELETE, Some(&author), None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    for n in [1, 0] {
        let (detail, item) = seen_on(c, n, id).await;
        assert_eq!(detail.status, 404, "node{n} forgets the deleted post at once: {}", detail.text);
        assert!(item.is_none(), "node{n}'s list drops the deleted post at once");
    }
    let mut seen = BTreeSet::new();
    for _ in 0..4 {
        let r = c.call(c.lb(&path), Method::GET, None, None).await;
        assert_eq!(r.status, 404, "through nginx ({})", r.upstream);
        seen.insert(r.upstream);
    }
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(primed.elapsed() < READ_CACHE_MAX_AGE);
}

/// Failed logins count on both nodes together (Redis), as does a code's resend cool-down.
async fn shared_limits(c: &Cluster) {
    c.signup(&c.lb_base(), "mn_limited").await;
    // login_max_failures_per_client is 5: three failures on node0 and two on
    // node1 reach it only when the nodes count together.
    for n in [0, 1, 0, 1, 0] {
        let r = c.call(format!("{}/api/users/login", c.base(n)), Method::POST, None, Some(json!({"account": "mn_limited", "password": "Wrong-Pass-1"}))).await;
        assert_eq!((r.status, r.body["code"].as_str()), (400, Some("invalid_credentials")), "node{n}: {}", r.text);
    }
    for n in [0, 1] {
        let r = c.call(format!("{}/api/users/login", c.base(n)), Method::POST, None, Some(json!({"account": "mn_limited", "password": PASSWORD}))).await;
        assert_eq!((r.status, r.body["code"].as_str()), (429, Some("rate_limited")), "node{n} refuses after 5 failures on both: {}", r.text);
    }
    let r = c.call(c.lb("/api/users/login"), Method::POST, None, Some(json!({"account": "mn_limited", "password": PASSWORD}))).await;
    assert_eq!(r.status, 429, "and so does the balancer: {}", r.text);

    let r = c.call(format!("{}/api/verification-codes", c.base(0)), Method::POST, None, Some(json!({"target": "13700002222", "purpose": "login"}))).await;
    assert_eq!(r.status, 202, "{}", r.text);
    let r = c.call(format!("{}/api/verification-codes", c.base(1)), Method::POST, None, Some(json!({"target": "13700002222", "purpose": "login"}))).await;
    assert_eq!(r.status, 429, "the resend cool-down is shared: {}", r.text);
}

/// One request's outcome under load.
struct Outcome {
    post: bool,
    /// Status, or `None` for a transport error.
    status: Option<u16>,
    upstream: String,
    at: Instant,
}

/// Load through nginx (reads of a post and the list, comments posted), node1
/// SIGKILLed in the middle: the only failures are non-idempotent requests
/// in flight to it; everything else is answered (reads that were in flight
/// to it nginx passes to node0). Then node1 starts again and serves.
async fn kill_under_load(c: &mut Cluster) {
    let (_, author) = c.signup(&c.lb_base(), "mn_loader").await;
    let r = c.call(c.lb("/api/experiences"), Method::POST, Some(&author), Some(sample("负载下的面经"))).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let posts_started = Arc::new(AtomicU64::new(0));
    let posts_done = Arc::new(AtomicU64::new(0));
    let outcomes = Arc::new(Mutex::new(Vec::<Outcome>::new()));
    let lb = c.lb_base();
    let mut workers = Vec::new();
    for w in 0..12u64 {
        let (stop, started, done, outcomes, http, lb, token) =
            (stop.clone(), posts_started.clone(), posts_done.clone(), outcomes.clone(), c.http.clone(), lb.clone(), author.clone());
        workers.push(tokio::spawn(async move {
            let mut i = 0u64;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                let post = i.is_multiple_of(4);
                let req = if post {
                    started.fetch_add(1, Ordering::SeqCst);
                    http.post(format!("{lb}/api/experiences/{id}/comments")).bearer_auth(&token).json(&json!({"content": format!("负载评论 {w}-{i}")}))
                } else if i % 4 == 1 {
                    http.get(format!("{lb}/api/experiences"))
                } else {
                    http.get(format!("{lb}/api/experiences/{id}"))
                };
                let res = req.send().await;
                let (status, upstream) = match res {
                    Ok(r) => {
                        let s = r.status().as_u16();
                        let u = r.headers().get("x-upstream").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                        // Read the body: a response cut off mid-body is a failure too.
                        (r.bytes().await.ok().map(|_| s), u)
                    }
                    Err(_) => (None, String::new()),
                };
                if post {
                    done.fetch_add(1, Ordering::SeqCst);
                }
                outcomes.lock().unwrap().push(Outcome { post, status, upstream, at: Instant::now() });
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Non-idempotent requests that may have reached node1 before it died:
    // those in flight at the kill, plus those started until it was reaped
    // (the kernel may still accept a connection on its socket meanwhile).
    let in_flight_at_kill = posts_started.load(Ordering::SeqCst) - posts_done.load(Ordering::SeqCst);
    let started_at_kill = posts_started.load(Ordering::SeqCst);
    let killed_at = Instant::now();
    c.nodes[1].proc.kill();
    let started_until_reaped = posts_started.load(Ordering::SeqCst) - started_at_kill;
    let victim = c.nodes[1].addr();

    tokio::time::sleep(Duration::from_millis(3000)).await;
    let restart_at = Instant::now();
    c.restart(1).await;
    let restarted = Instant::now();
    // nginx tries node1 again after fail_timeout (2 s): it serves again.
    let back = wait_for(Duration::from_secs(20), || async {
        outcomes.lock().unwrap().iter().any(|o| o.at > restarted && o.upstream == victim && o.status.is_some_and(|s| s < 300))
    })
    .await;
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.await.unwrap();
    }
    assert!(back, "node1 serves requests through nginx again after its restart");
    let r = c.call(format!("{}/api/experiences/{id}", c.base(1)), Method::GET, None, None).await;
    assert_eq!(r.status, 200, "the restarted node answers directly: {}", r.text);

    // A copy: the guard must not live across the awaits below.
    let outcomes: Vec<Outcome> = std::mem::take(&mut *outcomes.lock().unwrap());
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.status.is_some_and(|s| (200..300).contains(&s))).collect();
    let failed_reads = failed.iter().filter(|o| !o.post).count();
    let failed_posts = failed.iter().filter(|o| o.post).count() as u64;
    let ok_posts = outcomes.iter().filter(|o| o.post && o.status == Some(201)).count() as u64;
    let retried = outcomes.iter().filter(|o| o.upstream.contains(',')).count();
    let bound = in_flight_at_kill + started_until_reaped;
    let statuses: BTreeSet<String> = failed.iter().map(|o| o.status.map_or("transport error".into(), |s| s.to_string())).collect();
    eprintln!(
        "kill under load: {} requests ({} comments posted), {} failed ({failed_posts} posts, {failed_reads} reads; {statuses:?}); \
         {in_flight_at_kill} posts in flight at the kill + {started_until_reaped} started until reaped; {retried} passed on by nginx; \
         node1 restarted in {:.1} s, {:.1} s after the kill",
        outcomes.len(),
        ok_posts,
        failed.len(),
        restarted.duration_since(restart_at).as_secs_f64(),
        restarted.duration_since(killed_at).as_secs_f64(),
    );
    assert!(outcomes.iter().filter(|o| o.at > killed_at).count() > 50, "the load went on after the kill");
    assert_eq!(failed_reads, 0, "nginx passes reads that failed on the killed node to the other one");
    assert!(failed_posts <= bound, "{failed_posts} posts failed, more than the {bound} that may have been in flight to the killed node");
    assert!(failed.iter().all(|o| o.status == Some(502)), "failures are nginx's 502 for the lost upstream, not errors of the app: {statuses:?}");
    assert!(retried > 0, "nginx passed requests on to the surviving node");

    // Nothing lost: every acknowledged comment is stored; a failed one may or may not be.
    let r = c.call(c.lb(&format!("/api/experiences/{id}/comments?per_page=1")), Method::GET, None, None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let total = r.body["total"].as_u64().unwrap();
    assert!(
        (ok_posts..=ok_posts + failed_posts).contains(&total),
        "{total} comments stored; {ok_posts} were acknowledged and {failed_posts} failed"
    );
}
