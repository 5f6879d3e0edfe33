//! mianjing (面经): a community and practice platform for job seekers.
//!
//! One binary serves the JSON API under `/api`, the OpenAPI document and its
//! docs, Prometheus metrics and the embedded React UI. [`build`] turns a
//! [`Config`] into a ready [`App`] (database connected and migrated); [`router`]
//! gives the full `axum::Router` so tests drive the real thing.

#![forbid(unsafe_code)]

rust_i18n::i18n!("locales", fallback = "zh-CN");

pub mod cli;
pub mod config;
pub mod entity;
pub mod error;
pub mod eval;
pub mod i18n;
pub mod features;
pub mod http;
pub mod import;
pub mod notify;
pub mod secrets;
pub mod state;
pub mod store;
pub mod text;
pub mod time;
pub mod web;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa_swagger_ui::SwaggerUi;

pub use crate::config::Config;
use crate::store::Db;
use crate::store::kv::Kv;
use crate::notify::Mailer;
use crate::state::{AppState, Inner};

/// Largest accepted JSON body: 1 MiB (larger → 413 `payload_too_large`).
pub const MAX_JSON_BODY: usize = 1 << 20;

/// A built application: state plus router.
pub struct App {
    /// Shared state.
    pub state: AppState,
    /// The complete router (API, docs, metrics, UI).
    pub router: Router,
}

fn metrics_handle() -> anyhow::Result<PrometheusHandle> {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    // Apps built at the same time (tests) must not both try to install the
    // process-wide recorder: the second would fail before the first stored
    // its handle.
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    if let Some(h) = HANDLE.get() {
        return Ok(h.clone());
    }
    let _installing = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(h) = HANDLE.get() {
        return Ok(h.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets(&[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
        .context("metric buckets")?
        .install_recorder()
        .map_err(|e| anyhow::anyhow!("cannot install metrics recorder: {e}"))?;
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// Connect to the database and Redis, apply migrations, load secrets and
/// build the router.
///
/// # Errors
/// Unreachable services, failed migrations, bad configuration.
pub async fn build(config: Config) -> anyhow::Result<App> {
    // One TLS stack (rustls + ring) for every client in the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let db = Db::connect(&config).await?;
    let applied = db.migrate(&config).await?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "applied migrations");
    }
    let kv = match &config.redis_url {
        Some(url) if !url.trim().is_empty() => Kv::redis(url, &config.redis_prefix, std::time::Duration::from_millis(config.redis_timeout_ms.max(1)))
            .await
            .context("cannot connect to Redis")?,
        _ => Kv::memory(),
    };
    let outbox = config.data_dir.join("outbox");
    let sms = notify::sms::from_config(&config, outbox.clone())?;
    let mailer = Mailer::new(config.smtp_url.as_ref(), &config.mail_from, outbox.clone(), std::time::Duration::from_secs(config.smtp_timeout_secs.max(1)))?;
    let passwords = features::accounts::password::PasswordHasher::new(
        config.argon2_memory_kib,
        config.argon2_iterations,
        config.argon2_parallelism,
    )?;
    let secret = secrets::load(&config)?;
    let config_for_storage = config.clone();
    let read_cache_mib = config_for_storage.read_cache_mib;
    let experiences = store::experiences::ExperienceStore::start(&db, std::time::Duration::from_millis(config.search_index_delay_ms))
        .await
        .context("cannot count the 面经 waiting for the search index")?;
    let state = AppState(Arc::new(Inner {
        config,
        db,
        kv,
        mailer,
        sms,
        passwords,
        secret,
        metrics: metrics_handle()?,
        storage: store::objects::build(&config_for_storage)?,
        llm: llm_from(&config_for_storage)?,
        transcriber: transcriber_from(&config_for_storage)?,
        views: store::views::ViewCounter::default(),
        experience_reads: features::experiences::read::Reads::new(read_cache_mib << 20),
        experiences,
        write_limits: features::write_limits::WriteLimiter::new(&config_for_storage.limits),
    }));
    spawn_view_flusher(&state);
    features::experiences::listen_for_changes(&state).await;
    let router = router(state.clone());
    Ok(App { state, router })
}

fn llm_from(config: &Config) -> anyhow::Result<Option<features::scoring::Llm>> {
    use secrecy::ExposeSecret;
    let Some(base) = config.llm_base_url.as_deref().filter(|u| !u.trim().is_empty()) else { return Ok(None) };
    Ok(Some(features::scoring::Llm {
        base_url: base.to_owned(),
        api_key: config.llm_api_key.as_ref().map(|k| k.expose_secret().to_owned()),
        model: config.llm_model.clone(),
        timeout: std::time::Duration::from_secs(config.llm_timeout_secs.max(1)),
        client: reqwest::Client::builder().build().context("cannot build the HTTP client")?,
    }))
}

/// The speech-to-text endpoint: `transcription_base_url`, else
/// `llm_base_url`; the key likewise falls back to `llm_api_key`.
fn transcriber_from(config: &Config) -> anyhow::Result<Option<features::transcription::client::Transcriber>> {
    use secrecy::ExposeSecret;
    let nonempty = |u: &Option<String>| u.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    let Some(base) = nonempty(&config.transcription_base_url).or_else(|| nonempty(&config.llm_base_url)) else { return Ok(None) };
    let key = config.transcription_api_key.as_ref().or(config.llm_api_key.as_ref());
    Ok(Some(features::transcription::client::Transcriber {
        base_url: base,
        api_key: key.map(|k| k.expose_secret().to_owned()),
        model: config.transcription_model.clone(),
        timeout: std::time::Duration::from_secs(config.transcription_timeout_secs.max(1)),
        client: reqwest::Client::builder().build().context("cannot build the HTTP client")?,
    }))
}

/// Every [`store::views::FLUSH_EVERY`] until the state is dropped: flush buffered
/// view counts and drain the metrics recorder.
fn spawn_view_flusher(state: &AppState) {
    let weak = Arc::downgrade(&state.0);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(store::views::FLUSH_EVERY).await;
            let Some(inner) = weak.upgrade() else { break };
            // Histogram samples pile up in the recorder until drained: without
            // this, memory grew ~8 bytes per request between /metrics scrapes.
            inner.metrics.run_upkeep();
            if let Err(e) = AppState(inner).flush_views().await {
                tracing::warn!(error = %e, "cannot flush view counts; will retry");
            }
        }
    });
}

/// The whole HTTP surface for `state`.
///
/// Layers, outermost first: [`http::security::harden`] (request-id check,
/// response headers), a request id for every request, tracing, panic → 500,
/// metrics, [`i18n::localize`] (JSON error bodies), [`http::security::log_events`]
/// (the security log, which needs the handler's error code before it is rendered).
pub fn router(state: AppState) -> Router {
    let access_log_level = if state.config.access_log { tracing::Level::INFO } else { tracing::Level::DEBUG };
    let (api, openapi) = http::routes().with_state(state.clone()).split_for_parts();
    let router = Router::new().merge(api);
    #[cfg(feature = "bench")]
    let router = if state.config.bench_endpoints { router.route("/api/_bench/fixed", get(bench_fixed)) } else { router };
    router
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", openapi))
        .route("/metrics", get(metrics).with_state(state.clone()))
        .merge(http::feeds::routes().with_state(state.clone()))
        .route("/experiences/{id}", get(web::experience_page).with_state(state.clone()))
        .fallback(web::static_handler)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(middleware::from_fn_with_state(state.clone(), http::security::log_events))
        .layer(middleware::from_fn(i18n::localize))
        .layer(middleware::from_fn(track_metrics))
        .layer(CatchPanicLayer::custom(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_request(())
                // One line per request only on demand (`access_log = true`, or
                // `RUST_LOG=info,tower_http=debug`): at INFO by default every
                // request paid a formatted line and a write to stderr on its
                // worker thread, for what `/metrics` counts anyway. Server
                // errors still log at ERROR (the default `on_failure`).
                .on_response(
                    tower_http::trace::DefaultOnResponse::new()
                        .level(access_log_level)
                        .latency_unit(tower_http::LatencyUnit::Millis),
                ),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn_with_state(state, http::security::harden))
}

/// The router of the separate metrics listener (`metrics_bind`): only
/// `/metrics`, open unless `metrics_token` is set; everything else 404.
pub fn metrics_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics_on_own_port)).with_state(state)
}

async fn track_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().to_string();
    let resp = next.run(req).await;
    let labels = [("method", method), ("route", route), ("status", resp.status().as_u16().to_string())];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    resp
}

/// A constant 2 KiB JSON document: the cost of HTTP + JSON without the database.
/// Only in builds with the `bench` feature (the load harness's, `bench/run.sh`).
#[cfg(feature = "bench")]
async fn bench_fixed() -> impl IntoResponse {
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| {
        let items: Vec<serde_json::Value> = (0..20)
            .map(|i| serde_json::json!({"id": i, "title": format!("字节跳动后端一面面经 #{i}"), "company": "字节跳动", "favorites": i * 3}))
            .collect();
        let mut s = serde_json::json!({"items": items, "total": 20, "page": 1, "per_page": 20}).to_string();
        while s.len() < 2048 {
            s.insert(s.len() - 1, ' ');
        }
        s
    });
    ([(header::CONTENT_TYPE, "application/json")], body.as_str())
}

/// `/metrics` on the main listener: 404 unless `metrics_token` is set, then
/// 401 without `Authorization: Bearer <metrics_token>`.
async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    match &state.config.metrics_token {
        None => StatusCode::NOT_FOUND.into_response(),
        Some(token) => metrics_if_authorized(&state, token, &headers),
    }
}

/// `/metrics` on `metrics_bind`: open, or token-protected when a token is set.
async fn metrics_on_own_port(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    match &state.config.metrics_token {
        None => render_metrics(&state),
        Some(token) => metrics_if_authorized(&state, token, &headers),
    }
}

fn metrics_if_authorized(state: &AppState, token: &secrecy::SecretString, headers: &axum::http::HeaderMap) -> Response {
    use secrecy::ExposeSecret;
    use subtle::ConstantTimeEq;
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .unwrap_or("");
    let expected = token.expose_secret().as_bytes();
    if expected.is_empty() || !bool::from(sent.as_bytes().ct_eq(expected)) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    render_metrics(state)
}

fn render_metrics(state: &AppState) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render()).into_response()
}

/// Serve `app` on `listener` until SIGINT/SIGTERM, then finish in-flight
/// requests (graceful shutdown).
///
/// # Errors
/// Socket errors.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    if let Some(bind) = app.state.config.metrics_bind.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        let metrics_listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on metrics_bind {bind}"))?;
        tracing::info!(address = %metrics_listener.local_addr()?, "metrics are served on their own address");
        let router = metrics_router(app.state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(metrics_listener, router).with_graceful_shutdown(shutdown_signal()).await {
                tracing::error!(error = %e, "metrics listener failed");
            }
        });
    }
    axum::serve(listener, app.router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server error")?;
    app.state.flush_views().await.context("cannot flush view counts")?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}

