//! Atom feeds of new 面经 (RFC 4287): `GET /feeds/experiences.atom`, and per
//! company with `?company=NAME`. Outside `/api` and the OpenAPI document:
//! feed readers follow the `<link rel="alternate">` of the app shell
//! ([`crate::web`]) and expect XML, not the API's JSON.
//!
//! The newest [`FEED_SIZE`] live posts, anonymous ones without an author;
//! read through the same cached list as the feed page (a reader polling
//! every minute costs one cache hit). The company parameter is read in one
//! place, [`FeedQuery::list_query`], so it can move from names to company
//! ids without touching the rest.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::Utc;
use serde::Deserialize;
use validator::Validate;

use super::ValidQuery;
use crate::error::Result;
use crate::features::community::Viewer;
use crate::features::experiences::{self, ExperienceView, ListQuery};
use crate::i18n::{tr, Lang};
use crate::state::AppState;

/// Entries per feed: the usual size of a feed, and one cached list page.
pub const FEED_SIZE: u64 = 30;

/// The path of the overall feed (`?company=` for one company's).
pub const FEED_PATH: &str = "/feeds/experiences.atom";

/// The feed routes (merged outside `/api` by [`crate::router`]).
pub fn routes() -> Router<AppState> {
    Router::new().route(FEED_PATH, get(experiences_feed))
}

/// `?company=` of a feed.
#[derive(Debug, Default, Deserialize, Validate)]
pub struct FeedQuery {
    /// A company's name as the feed's company filter takes it (exact,
    /// ignoring case); empty or absent: every company.
    #[validate(length(max = 100))]
    pub company: Option<String>,
}

impl FeedQuery {
    /// The company this feed is about, trimmed (`None`: every company).
    pub fn company(&self) -> Option<&str> {
        self.company.as_deref().map(str::trim).filter(|c| !c.is_empty())
    }

    /// The list query of this feed: its newest [`FEED_SIZE`] posts.
    pub fn list_query(&self) -> ListQuery {
        ListQuery { company: self.company().map(str::to_owned), page: Some(1), per_page: Some(FEED_SIZE), ..Default::default() }
    }
}

/// The absolute URL the site is reached at, without a trailing slash:
/// `public_url` when set, else `http://` and the request's `Host` (kept only
/// when it is a plain host name or address, so a forged header cannot put
/// markup into a page or feed).
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = state.config.public_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.len() <= 255 && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    format!("http://{host}")
}

fn entry(base: &str, lang: Lang, v: ExperienceView) -> Entry {
    let r = v.row;
    let url = format!("{base}/experiences/{}", r.id);
    let author = if r.anonymous { tr(lang, "share.anonymous", &[]) } else { r.author_name.unwrap_or_default() };
    let summary = match &r.position {
        Some(p) => format!("{} · {p} — {}", r.company, r.excerpt),
        None => format!("{} — {}", r.company, r.excerpt),
    };
    Entry {
        title: Text::plain(r.title),
        id: url.clone(),
        updated: FixedDateTime::from(r.updated_at),
        published: Some(FixedDateTime::from(r.created_at)),
        authors: vec![Person { name: author, ..Default::default() }],
        categories: vec![Category { term: r.company, ..Default::default() }],
        links: vec![Link { href: url, rel: "alternate".into(), mime_type: Some("text/html".into()), ..Default::default() }],
        summary: Some(Text::plain(summary)),
        ..Default::default()
    }
}

/// The Atom feed of the newest 面经, of one company with `?company=`.
/// 400 `validation_failed` for a company name over 100 characters.
async fn experiences_feed(State(state): State<AppState>, lang: Lang, headers: HeaderMap, ValidQuery(q): ValidQuery<FeedQuery>) -> Result<Response> {
    let page = experiences::list(&state, Viewer::default(), &q.list_query(), None).await?;
    let base = base_url(&state, &headers);
    let self_url = match q.company() {
        Some(c) => format!("{base}{FEED_PATH}?company={}", form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()),
        None => format!("{base}{FEED_PATH}"),
    };
    let title = match q.company() {
        Some(c) => tr(lang, "feed.company_title", &[("company", c.to_owned())]),
        None => tr(lang, "feed.title", &[]),
    };
    let updated = page.items.iter().map(|v| v.row.updated_at).max().unwrap_or_else(Utc::now);
    let feed = Feed {
        title: Text::plain(title),
        id: self_url.clone(),
        updated: FixedDateTime::from(updated),
        lang: Some(lang.locale().to_owned()),
        links: vec![
            Link { href: self_url, rel: "self".into(), mime_type: Some("application/atom+xml".into()), ..Default::default() },
            Link { href: format!("{base}/"), rel: "alternate".into(), mime_type: Some("text/html".into()), ..Default::default() },
        ],
        entries: page.items.into_iter().map(|v| entry(&base, lang, v)).collect(),
        ..Default::default()
    };
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=60")], feed.to_string()).into_response())
}
