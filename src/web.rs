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
//!
//! Every served `index.html` (the app shell) links the Atom feed of new 面经
//! (`<link rel="alternate">`, [`crate::http::feeds`]). A 面经's page,
//! `/experiences/{id}`, is rendered here with its own `<title>` and an Open
//! Graph / Twitter card preview (title; company, position and excerpt) for
//! crawlers and chat apps, which do not run the UI's script
//! ([`experience_page`]). Every inserted value is HTML-escaped; the shell's
//! scripts stay as built, so the CSP of [`crate::http::security`] holds.

use std::borrow::Cow;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use html_escape::encode_double_quoted_attribute as attr;
use rust_embed::RustEmbed;

use crate::error::Error;
use crate::features::community::Viewer;
use crate::features::experiences;
use crate::http::feeds::{base_url, FEED_PATH};
use crate::i18n::{tr, Lang};
use crate::state::AppState;

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
    match shell("", None) {
        Some(html) => html_response(StatusCode::OK, html),
        None => (StatusCode::NOT_FOUND, "web UI not built").into_response(),
    }
}

fn html_response(status: StatusCode, html: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], html).into_response()
}

/// `index.html` with the feed link and `head` (markup, already escaped)
/// inserted before `</head>`, and its `<title>` replaced by `title`
/// (escaped here). `None` when the UI is not built.
fn shell(head: &str, title: Option<&str>) -> Option<String> {
    let index = Assets::get("index.html")?;
    let mut html = String::from_utf8_lossy(&index.data).into_owned();
    if let Some(title) = title
        && let (Some(start), Some(end)) = (html.find("<title>"), html.find("</title>"))
        && start < end
    {
        html.replace_range(start + "<title>".len()..end, &html_escape::encode_text(title));
    }
    let feed = format!(r#"<link rel="alternate" type="application/atom+xml" title="面经 mianjing" href="{FEED_PATH}" />"#);
    let at = html.find("</head>").unwrap_or(html.len());
    html.insert_str(at, &format!("{feed}{head}"));
    Some(html)
}

/// The text of an Open Graph description: at most `max` characters, cut
/// at a character boundary with an ellipsis.
fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// `GET /experiences/{id}`: the app shell with the post's `<title>` and its
/// share preview (`og:title`, `og:description` = company · position —
/// excerpt, `og:type` article, `og:url`, `og:site_name`,
/// `article:published_time`, `twitter:card`). The author is never named,
/// so an anonymous post reveals nothing. A missing or deleted post gets the
/// plain shell with status 404 (the UI shows its not-found page); a path
/// that is no 面经 id (`/experiences/new`) the plain shell as any route.
pub async fn experience_page(State(state): State<AppState>, lang: Lang, method: Method, uri: Uri, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return static_handler(method, uri).await };
    let found = match experiences::get(&state, Viewer::default(), id, false).await {
        Ok(found) => found,
        Err(Error::NotFound) => {
            return shell("", None).map_or_else(|| (StatusCode::NOT_FOUND, "web UI not built").into_response(), |h| html_response(StatusCode::NOT_FOUND, h));
        }
        Err(e) => return e.into_response(),
    };
    let r = &found.view.row;
    let brand = tr(lang, "share.brand", &[]);
    let title = format!("{} · {}", r.title, brand);
    let lead = match &r.position {
        Some(p) => format!("{} · {p}", r.company),
        None => r.company.clone(),
    };
    let description = format!("{lead} — {}", clip(&r.excerpt, 160));
    let url = format!("{}/experiences/{}", base_url(&state, &headers), r.id);
    let meta = |property: &str, content: &str| format!(r#"<meta property="{property}" content="{}" />"#, attr(content));
    let named = |name: &str, content: &str| format!(r#"<meta name="{name}" content="{}" />"#, attr(content));
    let head = [
        meta("og:type", "article"),
        meta("og:site_name", &brand),
        meta("og:title", &r.title),
        meta("og:description", &description),
        meta("og:url", &url),
        meta("article:published_time", &r.created_at.to_rfc3339()),
        named("twitter:card", "summary"),
        named("twitter:title", &r.title),
        named("twitter:description", &description),
        format!(r#"<link rel="canonical" href="{}" />"#, attr(&url)),
    ]
    .concat();
    match shell(&head, Some(&title)) {
        Some(html) => html_response(StatusCode::OK, html),
        None => (StatusCode::NOT_FOUND, "web UI not built").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{clip, is_client_route};

    #[test]
    fn descriptions_are_clipped_at_a_character_boundary() {
        assert_eq!(clip("字节跳动一面", 4), "字节跳动…");
        assert_eq!(clip("short", 10), "short");
    }

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
