//! Platform surface: health, readiness, metrics, OpenAPI, docs, SPA, errors.

use reqwest::Method;
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_ready_and_metrics_answer() {
    let app = TestApp::spawn_with(|c| c.metrics_token = Some("metrics-token".into())).await;
    let r = app.get("/api/health", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "ok");
    let r = app.get("/api/ready", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["database"], true);
    let r = app.call_with(Method::GET, "/metrics", None, None, &[("authorization", "Bearer metrics-token")]).await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("http_requests_total"), "{}", r.text);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/health", None).await;
    assert_eq!(r.header("x-request-id").map(str::len), Some(36));
    let r = app.call_with(Method::GET, "/api/health", None, None, &[("x-request-id", "abc-123")]).await;
    assert_eq!(r.header("x-request-id"), Some("abc-123"));
}

#[tokio::test]
async fn unknown_api_path_is_json_404_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/does-not-exist", None).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "not_found");
    assert_eq!(r.body["message"], "找不到请求的内容。");
    let r = app.call_with(Method::GET, "/api/nope", None, None, &[("accept-language", "en-US,en;q=0.9")]).await;
    assert_eq!(r.body["message"], "Not found.");
    let r = app.call_with(Method::GET, "/api/nope", None, None, &[("accept-language", "zh-TW")]).await;
    assert_eq!(r.body["message"], "找不到請求的內容。");
}

#[tokio::test]
async fn other_paths_serve_the_web_ui() {
    let app = TestApp::spawn().await;
    let r = app.get("/profile/anything", None).await;
    assert_eq!(r.status, 200);
    assert!(r.text.to_lowercase().contains("<!doctype html"), "{}", r.text);
    assert!(r.header("content-type").unwrap_or("").starts_with("text/html"));
}

#[tokio::test]
async fn openapi_document_lists_the_account_endpoints_and_docs_are_served() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/openapi.json", None).await;
    assert_eq!(r.status, 200);
    assert!(r.body["openapi"].as_str().unwrap_or("").starts_with("3.1"));
    for path in ["/api/users/signup", "/api/users/login", "/api/verification-codes", "/api/users/profile", "/api/admin/users"] {
        assert!(r.body["paths"][path].is_object(), "missing {path}");
    }
    let r = app.get("/api/docs/", None).await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("swagger"), "{}", r.text);
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_rejected_with_413() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(1_100_000);
    let r = app.post("/api/users/login", None, json!({"account": big, "password": "x"})).await;
    assert_eq!(r.status, 413, "{}", r.text);
    assert_eq!(r.code(), "payload_too_large");
}

#[tokio::test]
async fn malformed_json_wrong_media_type_and_wrong_shape_are_400_or_415() {
    let app = TestApp::spawn().await;
    let r = TestApp::read(
        app.client.post(app.url("/api/users/login")).header("content-type", "application/json").body("{not json").send().await.unwrap(),
    )
    .await;
    assert_eq!((r.status, r.code()), (400, "invalid_json"));
    let r = TestApp::read(app.client.post(app.url("/api/users/login")).body("account=x").send().await.unwrap()).await;
    assert_eq!((r.status, r.code()), (415, "unsupported_media_type"));
    let r = app.post("/api/users/login", None, json!({"account": 5})).await;
    assert_eq!((r.status, r.code()), (400, "bad_request"));
    let r = app.get("/api/users/not-a-number", None).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "bad_request");
}

#[tokio::test]
async fn careers_are_seeded_and_schools_are_searchable() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/careers", None).await;
    assert_eq!(r.status, 200);
    let names: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    for n in ["前端", "后端", "算法", "产品经理"] {
        assert!(names.contains(&n), "{names:?}");
    }
    let r = app.get("/api/schools?q=%E6%B8%85%E5%8D%8E", None).await; // 清华
    assert_eq!(r.status, 200);
    assert_eq!(r.body["items"][0]["name"], "清华大学");
    let r = app.get("/api/schools?per_page=5&page=2", None).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 5);
    assert!(r.body["total"].as_u64().unwrap() > 100);
    let r = app.get("/api/schools?q=%25", None).await; // a literal % matches nothing
    assert_eq!(r.body["total"], 0);
    let r = app.get("/api/schools?per_page=101", None).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["per_page"].is_array());
}

/// `mianjing health` (the container's HEALTHCHECK; issue 20): exit 0 when the
/// URL answers 2xx, 1 with the reason when it answers otherwise or nobody
/// listens. Run with tokio's process API: the test's runtime serves the app.
#[tokio::test]
async fn the_health_subcommand_exits_zero_only_on_a_2xx_answer() {
    let app = TestApp::spawn().await;
    let health = |url: String| async move {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_mianjing"))
            .args(["health", "--timeout-secs", "5", "--url", &url])
            .env_remove("MIANJING_HEALTH_URL")
            .output()
            .await
            .unwrap()
    };
    let out = health(app.url("/api/health")).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("200"));

    let out = health(app.url("/api/no-such-endpoint")).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("404"), "{}", String::from_utf8_lossy(&out.stderr));

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = health(format!("http://127.0.0.1:{closed}/api/health")).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not answer"), "{}", String::from_utf8_lossy(&out.stderr));
}
