//! Liveness and readiness.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::features::health;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health)).routes(routes!(ready))
}

/// Health report.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    /// Database reachable (only on `/api/ready`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<bool>,
    /// Redis reachable, when configured (only on `/api/ready`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<bool>,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/api/health", tag = "platform", responses((status = 200, body = Health)))]
async fn health() -> Json<Health> {
    Json(Health { status: "ok", database: None, cache: None })
}

/// Readiness: the database (and Redis, when configured) answer. 503 otherwise.
#[utoipa::path(get, path = "/api/ready", tag = "platform", responses(
    (status = 200, body = Health), (status = 503, body = Health)))]
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let r = health::readiness(&state).await;
    let status = if r.ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(Health { status: if r.ok() { "ok" } else { "unavailable" }, database: Some(r.database), cache: Some(r.cache) }))
}
