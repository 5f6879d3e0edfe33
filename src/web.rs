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
//! Files are served as built, compressed ahead of time (README, "How the UI
//! is served"): Vite writes every `assets/*.js` and `assets/*.css` also as
//! `NAME.br` (brotli, quality 11) and `NAME.gz` (gzip, level 9), and only
//! these two copies are embedded — the uncompressed originals would add
//! more to the binary than both copies together (3.0 MB against 1.9 MB for
//! the current build), and browsers never need them. A request gets
//! the copy its `Accept-Encoding` prefers (q-values honoured; br before gzip
//! on a tie), with `Content-Encoding`, `Vary: Accept-Encoding`, the type of
//! the original and its `Content-Length`; the rare client that accepts
//! neither (curl without `--compressed`) gets the gzip copy decoded per
//! request (browsers always take gzip or br, so this costs nothing on the
//! path that matters). Each file carries a strong `ETag` per coding and
//! answers `If-None-Match` with 304. Hashed assets (`/assets/NAME-HASH.*`)
//! are cached for a year (`immutable`); everything else, above all the shell,
//! is `no-cache` (revalidated on every use), so a new build is seen at once.
//! `NAME.br` / `NAME.gz` are not addressable themselves (404).
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
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
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
// Scripts and stylesheets only as their precompressed copies (module docs).
#[exclude = "assets/*.js"]
#[exclude = "assets/*.css"]
struct Assets;

/// `Cache-Control` of the hashed build output under `/assets/`: a new build
/// has new names, so a copy never goes stale.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A content coding a file can be sent in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coding {
    Br,
    Gzip,
    Identity,
}

impl Coding {
    /// The suffix of the precompressed copy, and of the `ETag`.
    fn suffix(self) -> &'static str {
        match self {
            Coding::Br => ".br",
            Coding::Gzip => ".gz",
            Coding::Identity => "",
        }
    }
}

/// The preference (q-value in thousandths, 0–1000) of a request's
/// `Accept-Encoding` for `coding` (RFC 9110 §12.5.3): its own entry, else
/// `*`'s, else 0 — except identity, which stays acceptable (at the lowest
/// preference, 1) unless refused by name or by `*;q=0`. `x-gzip` is gzip.
/// Entries with a malformed q-value are ignored. Without the header a client gets identity:
/// it may not know any coding (curl without `--compressed`).
fn preference(headers: &HeaderMap, coding: Coding) -> u16 {
    let mut own = None;
    let mut any = None;
    let mut seen = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        seen = true;
        for entry in value.split(',') {
            let mut parts = entry.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let mut q = Some(1000);
            for param in parts {
                if let Some((key, v)) = param.split_once('=')
                    && key.trim().eq_ignore_ascii_case("q")
                {
                    q = qvalue(v.trim());
                }
            }
            let Some(q) = q else { continue };
            let matches = match coding {
                Coding::Br => name == "br",
                Coding::Gzip => name == "gzip" || name == "x-gzip",
                Coding::Identity => name == "identity",
            };
            if matches {
                own = Some(own.map_or(q, |o: u16| o.max(q)));
            } else if name == "*" {
                any = Some(q);
            }
        }
    }
    match (own, any, coding) {
        (Some(q), _, _) => q,
        (None, _, Coding::Identity) if !seen => 1000,
        (None, None, Coding::Identity) => 1,
        (None, Some(q), _) => q,
        (None, None, _) => 0,
    }
}

/// A q-value (`0`, `0.5`, `1.000`; at most three decimals) in thousandths.
fn qvalue(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(frac),
        "1" if frac == 0 => Some(1000),
        _ => None,
    }
}

/// Whether `If-None-Match` names `etag` (weak comparison, or `*`).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|t| {
        let t = t.trim();
        t == "*" || t.trim_start_matches("W/") == etag
    })
}

/// Serves the built file at `path` (no leading `/`) in the coding the
/// request prefers, or `None` when there is no such file.
fn serve_file(path: &str, method: &Method, headers: &HeaderMap) -> Option<Response> {
    if path.is_empty() || path.ends_with(".br") || path.ends_with(".gz") {
        return None;
    }
    let br = Assets::get(&format!("{path}.br"));
    let gz = Assets::get(&format!("{path}.gz"));
    let raw = Assets::get(path);
    let compressed = br.is_some() || gz.is_some();
    // Highest preference wins; on a tie the smaller copy (br, then gzip).
    let mut best: Option<(u16, Coding)> = None;
    for (coding, available) in [(Coding::Br, br.is_some()), (Coding::Gzip, gz.is_some()), (Coding::Identity, raw.is_some() || gz.is_some())] {
        let q = preference(headers, coding);
        if available && q > 0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, coding));
        }
    }
    // Nothing acceptable (`identity;q=0` and no copy the client takes): the
    // plain file, as RFC 9110 §12.5.3 allows.
    let coding = best.map_or(Coding::Identity, |(_, c)| c);
    let (stored, decode) = match coding {
        Coding::Br => (br?, false),
        Coding::Gzip => (gz?, false),
        Coding::Identity => match raw {
            Some(raw) => (raw, false),
            None => (gz?, true),
        },
    };
    let hash = hex::encode(&stored.metadata.sha256_hash()[..12]);
    let etag = format!("\"{hash}{}{}\"", if decode { ".id" } else { "" }, coding.suffix());
    let content_type = mime_guess::from_path(path).first_or_octet_stream().to_string();
    let cache = if path.starts_with("assets/") { IMMUTABLE } else { "no-cache" };
    let mut resp = if not_modified(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body: Cow<'static, [u8]> = if decode {
            let mut out = Vec::with_capacity(stored.data.len() * 4);
            if let Err(e) = std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&stored.data[..]), &mut out) {
                tracing::error!(path, error = %e, "embedded gzip copy does not decode");
                return Some(StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
            Cow::Owned(out)
        } else {
            stored.data
        };
        let len = body.len();
        let mut resp = if method == Method::HEAD { ().into_response() } else { body.into_response() };
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&content_type).ok()?);
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        if coding != Coding::Identity {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(if coding == Coding::Br { "br" } else { "gzip" }));
        }
        resp
    };
    let h = resp.headers_mut();
    h.insert(header::ETAG, HeaderValue::from_str(&etag).ok()?);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if compressed {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Some(resp)
}

/// Whether `path` (without the leading `/`) may be a client-side route:
/// no segment contains a dot, also when percent-encoded (`%2e`).
fn is_client_route(path: &str) -> bool {
    !path.contains('.') && !path.to_ascii_lowercase().contains("%2e")
}

/// Fallback handler for everything the API router does not match.
pub async fn static_handler(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return Error::NotFound.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "method not allowed").into_response();
    }
    if let Some(resp) = serve_file(path, &method, &headers) {
        return resp;
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
    let Ok(id) = id.parse::<i64>() else { return static_handler(method, uri, headers).await };
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
