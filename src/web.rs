//! The embedded web UI (`web/dist`, built by Vite) served at `/`.
//! Unknown `/api/*` paths answer a JSON 404; every other unknown path serves
//! `index.html` so client-side routes work on reload (rust-embed axum-spa).

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::error::Error;

#[derive(RustEmbed)]
#[folder = "web/dist"]
struct Assets;

/// Fallback handler for everything the API router does not match.
pub async fn static_handler(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return Error::NotFound.into_response();
    }
    if let Some(file) = Assets::get(path).filter(|_| !path.is_empty()) {
        let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        return (
            [(header::CONTENT_TYPE, file.metadata.mimetype().to_owned()), (header::CACHE_CONTROL, cache.to_owned())],
            file.data,
        )
            .into_response();
    }
    match Assets::get("index.html") {
        Some(index) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()), (header::CACHE_CONTROL, "no-cache".to_owned())],
            index.data,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "web UI not built").into_response(),
    }
}
