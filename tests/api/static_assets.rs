//! How the web UI's files are served (issue 20, "Fast first load"; README,
//! "How the UI is served"): the precompressed copy the request's
//! `Accept-Encoding` prefers, with its headers; `ETag` and 304; a year of
//! caching for hashed assets and `no-cache` for the shell.
//!
//! The test binary reads `web/dist` from disk (rust-embed in a debug build),
//! so these run against the UI as last built by `npm run build`.

use std::io::Read;

use reqwest::header::HeaderMap;
use reqwest::Method;

use crate::helpers::TestApp;

/// A response with its body as bytes (reqwest here decodes nothing).
struct Raw {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn fetch(app: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Raw {
    let mut req = app.client.request(method, app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.expect("body").to_vec();
    Raw { status, headers, body }
}

/// The first `attr="/assets/…ext"` in the shell (a script or stylesheet of the build).
async fn asset(app: &TestApp, ext: &str) -> String {
    let index = app.get("/", None).await.text;
    index
        .split('"')
        .find(|s| s.starts_with("/assets/") && s.ends_with(ext))
        .unwrap_or_else(|| panic!("no /assets/*{ext} in index.html — run `npm run build` in web/"))
        .to_owned()
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out).expect("a gzip body");
    out
}

#[tokio::test]
async fn scripts_come_in_the_encoding_the_client_prefers_with_matching_headers() {
    let app = TestApp::spawn().await;
    let js = asset(&app, ".js").await;

    let plain = fetch(&app, Method::GET, &js, &[]).await;
    assert_eq!(plain.status, 200, "{js}");
    assert_eq!(plain.header("content-encoding"), None, "no Accept-Encoding: the plain file");
    assert_eq!(plain.header("content-type"), Some("text/javascript"));
    assert_eq!(plain.header("content-length"), Some(plain.body.len().to_string().as_str()));
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    assert_eq!(plain.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert!(std::str::from_utf8(&plain.body).is_ok_and(|s| s.contains("import") || s.contains("function")), "JavaScript");

    let br = fetch(&app, Method::GET, &js, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("text/javascript"));
    assert_eq!(br.header("content-length"), Some(br.body.len().to_string().as_str()));
    assert_eq!(br.header("vary"), Some("accept-encoding"));
    assert!(br.body.len() * 2 < plain.body.len(), "br {} of {} bytes", br.body.len(), plain.body.len());

    let gz = fetch(&app, Method::GET, &js, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("content-length"), Some(gz.body.len().to_string().as_str()));
    assert_eq!(gunzip(&gz.body), plain.body, "the gzip copy is the file");
    assert!(br.body.len() < gz.body.len());

    // Every copy has its own strong validator.
    let tags = [&plain, &br, &gz].map(|r| r.header("etag").expect("an ETag").to_owned());
    assert!(tags.iter().all(|t| t.starts_with('"') && t.ends_with('"')), "{tags:?}");
    assert!(tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2], "{tags:?}");

    // Stylesheets too.
    let css = asset(&app, ".css").await;
    let r = fetch(&app, Method::GET, &css, &[("accept-encoding", "br")]).await;
    assert_eq!((r.status, r.header("content-encoding"), r.header("content-type")), (200, Some("br"), Some("text/css")), "{css}");
    let r = fetch(&app, Method::GET, &css, &[]).await;
    assert_eq!((r.status, r.header("content-encoding")), (200, None));
    assert!(std::str::from_utf8(&r.body).is_ok_and(|s| s.contains('{')), "CSS");
}

#[tokio::test]
async fn q_values_and_odd_accept_encoding_headers_are_honoured() {
    let app = TestApp::spawn().await;
    let js = asset(&app, ".js").await;
    for (accept, expected) in [
        ("br;q=0, gzip", Some("gzip")),
        ("gzip;q=1.0, br;q=0.5", Some("gzip")),
        ("gzip;q=0.5, br;q=0.8", Some("br")),
        ("br;q=0.5, gzip;q=0.5", Some("br")),
        ("*", Some("br")),
        ("*;q=0.3, br;q=0", Some("gzip")),
        ("x-gzip", Some("gzip")),
        ("GZIP", Some("gzip")),
        ("identity", None),
        ("deflate, zstd", None),
        ("", None),
        ("br;q=2, gzip;q=abc, identity", None),
        ("identity;q=0, gzip", Some("gzip")),
        // Nothing acceptable: the plain file rather than an error.
        ("identity;q=0", None),
        ("*;q=0", None),
    ] {
        let r = fetch(&app, Method::GET, &js, &[("accept-encoding", accept)]).await;
        assert_eq!(r.status, 200, "{accept:?}");
        assert_eq!(r.header("content-encoding"), expected, "{accept:?}");
        assert_eq!(r.header("content-length"), Some(r.body.len().to_string().as_str()), "{accept:?}");
    }
}

#[tokio::test]
async fn head_and_if_none_match_answer_without_a_body() {
    let app = TestApp::spawn().await;
    let js = asset(&app, ".js").await;
    for accept in ["br", "gzip", "identity"] {
        let get = fetch(&app, Method::GET, &js, &[("accept-encoding", accept)]).await;
        let head = fetch(&app, Method::HEAD, &js, &[("accept-encoding", accept)]).await;
        assert_eq!(head.status, 200, "{accept}");
        assert!(head.body.is_empty(), "{accept}");
        assert_eq!(head.header("content-length"), Some(get.body.len().to_string().as_str()), "{accept}");
        assert_eq!(head.header("content-encoding"), get.header("content-encoding"), "{accept}");
        assert_eq!(head.header("etag"), get.header("etag"), "{accept}");

        let etag = get.header("etag").unwrap();
        let r = fetch(&app, Method::GET, &js, &[("accept-encoding", accept), ("if-none-match", etag)]).await;
        assert_eq!(r.status, 304, "{accept}");
        assert!(r.body.is_empty());
        assert_eq!(r.header("etag"), Some(etag));
        assert_eq!(r.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert_eq!(r.header("vary"), Some("accept-encoding"));
        let weak = format!("\"other\", W/{etag}");
        let r = fetch(&app, Method::GET, &js, &[("accept-encoding", accept), ("if-none-match", &weak)]).await;
        assert_eq!(r.status, 304, "a list with the tag, weakly compared");
        // Another coding's tag, or another file's, does not match.
        let r = fetch(&app, Method::GET, &js, &[("accept-encoding", if accept == "br" { "gzip" } else { "br" }), ("if-none-match", etag)]).await;
        assert_eq!(r.status, 200, "{accept}");
        let r = fetch(&app, Method::GET, &js, &[("accept-encoding", accept), ("if-none-match", "\"0123\"")]).await;
        assert_eq!(r.status, 200, "{accept}");
    }
    // Files that are not compressed (the icon) have a validator and no Vary.
    let icon = fetch(&app, Method::GET, "/favicon.svg", &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/svg+xml"));
    assert_eq!(icon.header("content-encoding"), None);
    assert_eq!(icon.header("vary"), None);
    assert_eq!(icon.header("cache-control"), Some("no-cache"), "not hashed: revalidated");
    let r = fetch(&app, Method::GET, "/favicon.svg", &[("if-none-match", icon.header("etag").unwrap())]).await;
    assert_eq!(r.status, 304);
}

#[tokio::test]
async fn the_shell_is_revalidated_and_compressed_copies_are_not_addressable() {
    let app = TestApp::spawn().await;
    for path in ["/", "/profile", "/experiences/new", "/experiences/999999", "/index.html"] {
        let r = fetch(&app, Method::GET, path, &[("accept-encoding", "br, gzip")]).await;
        assert!(r.status == 200 || r.status == 404, "{path}: {}", r.status);
        assert!(r.header("content-type").unwrap().starts_with("text/html"), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        assert!(String::from_utf8_lossy(&r.body).to_lowercase().contains("<!doctype html"), "{path}");
    }
    let js = asset(&app, ".js").await;
    for path in [format!("{js}.br"), format!("{js}.gz"), "/assets/missing.js".to_owned(), "/assets/missing.css.gz".to_owned()] {
        let r = fetch(&app, Method::GET, &path, &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
    }
    // Writes to a file answer 405, as on any page.
    let r = fetch(&app, Method::POST, &js, &[]).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, HEAD"));
}
