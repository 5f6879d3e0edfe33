//! The embedded web UI (`web/dist`, built by Vite) served at `/`.
//!
//! Unknown `/api/*` paths answer a JSON 404. Other unknown paths serve
//! `index.html` so client-side routes work on reload (rust-embed axum-spa) —
//! but only paths that look like a client route: a path with a dot in any
//! segment (`/.git/HEAD`, `/.env`, `/secret.key`, `/x/../y`,
//! `/assets/missing.js`) is a file that does not exist and answers 404, so
//! scanners and broken asset links do not get a 200 page. Only `GET` and
//! `HEAD` are served; any other method (`TRACE`, `POST`, …) answers 405.
//! The UI's own routes never contain a dot (ids and account names only).

use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::error::Error;

#[derive(RustEmbed)]
#[folder = "web/dist"]
struct Assets;

/// Whether `path` (without the leading `/`) may be a client-side route:
/// no segment contains a dot, also when percent-encoded (`%2e`).
fn is_client_route(path: &str) -> bool {
    !path.contains('.') && !path.to_ascii_lowercase().contains("%2e")
}

/// Fallback handler for everything the API router does not match.
pub async fn static_handler(method: Method, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return Error::NotFound.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "method not allowed").into_response();
    }
    if let Some(file) = Assets::get(path).filter(|_| !path.is_empty()) {
        let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        return (
            [(header::CONTENT_TYPE, file.metadata.mimetype().to_owned()), (header::CACHE_CONTROL, cache.to_owned())],
            file.data,
        )
            .into_response();
    }
    if !is_client_route(path) {
        return (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-cache")], "not found").into_response();
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

#[cfg(test)]
mod tests {
    use super::is_client_route;

    #[test]
    fn paths_with_a_dot_are_files_not_routes() {
        for route in ["", "profile", "experiences/12", "users/7", "admin/users", "questions/recommend"] {
            assert!(is_client_route(route), "{route}");
        }
        for file in [".git/HEAD", ".env", "secret.key", "x/../y", "assets/missing.js", "a/%2e%2e/b", "wp-login.php", "x/%2Eenv"] {
            assert!(!is_client_route(file), "{file}");
        }
    }
}
