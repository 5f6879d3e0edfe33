//! The request side of authentication: the extractors every handler uses,
//! the session cookies and the headers a token comes in.
//!
//! Clients send the session token as `Authorization: Bearer`, as the
//! `token` header of the original API, or — the web UI — as the HttpOnly
//! `mj_session` cookie, in which case unsafe methods must also carry
//! `X-CSRF-Token` equal to the `mj_csrf` cookie. What a token means, and
//! its cache, is [`crate::features::accounts::session`].
//!
//! When cookies are `Secure` ([`crate::config::Config::cookies_secure`]) they
//! are named `__Host-mj_session` / `__Host-mj_csrf` and only those names are
//! read: a browser accepts a `__Host-` cookie only from this origin over
//! HTTPS with `Path=/` and no `Domain`, so a sibling subdomain or a
//! plain-HTTP response cannot plant a session (RFC 6265bis §4.1.3.2,
//! OWASP ASVS 5.0 V3.3.1).
//!
//! It also owns who the caller is for the security log: [`Caller`], the slot
//! the logging middleware puts into each request and the extractors fill in,
//! and [`client_ip`], the client address behind trusted proxies.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, Extensions, HeaderMap, HeaderValue, Method};
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::features::accounts::session::{self, Authenticated, Client, Issued};
use crate::state::AppState;

/// Session cookie name (HttpOnly) without `Secure`.
pub const SESSION_COOKIE: &str = "mj_session";
/// CSRF cookie name (readable by the UI's script) without `Secure`.
pub const CSRF_COOKIE: &str = "mj_csrf";
/// Session cookie name when cookies are `Secure`.
pub const SECURE_SESSION_COOKIE: &str = "__Host-mj_session";
/// CSRF cookie name when cookies are `Secure` (the UI reads either name).
pub const SECURE_CSRF_COOKIE: &str = "__Host-mj_csrf";

/// The (session, CSRF) cookie names in use.
fn cookie_names(secure: bool) -> (&'static str, &'static str) {
    if secure { (SECURE_SESSION_COOKIE, SECURE_CSRF_COOKIE) } else { (SESSION_COOKIE, CSRF_COOKIE) }
}
/// CSRF request header.
pub const CSRF_HEADER: &str = "x-csrf-token";

pub use crate::features::accounts::session::AuthSession;

/// A logged-in, initialised user. Rejects with 401 `unauthorized` (or
/// `session_expired` for a session past its idle timeout or lifetime) or 403
/// `account_not_initialized`.
#[derive(Clone, Debug)]
pub struct AuthUser(pub AuthSession);

/// A logged-in administrator. Rejects with 401 or 403 `forbidden`.
#[derive(Clone, Debug)]
pub struct AdminUser(pub AuthSession);

/// An optional initialised user; never rejects for a missing token.
#[derive(Clone, Debug)]
pub struct MaybeAuthUser(pub Option<AuthSession>);

/// An optional session of any account (including uninitialised ones).
#[derive(Clone, Debug)]
pub struct MaybeSession(pub Option<AuthSession>);

impl std::ops::Deref for AuthUser {
    type Target = AuthSession;
    fn deref(&self) -> &AuthSession {
        &self.0
    }
}

impl std::ops::Deref for AdminUser {
    type Target = AuthSession;
    fn deref(&self) -> &AuthSession {
        &self.0
    }
}

/// Where the token came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Header,
    Cookie,
}

/// Whether a request presents a session token at all (valid or not): an
/// `Authorization: Bearer`, a `token` header or a session cookie.
pub fn carries_token(headers: &HeaderMap) -> bool {
    token_from(headers, false).is_some() || token_from(headers, true).is_some()
}

fn token_from(headers: &HeaderMap, secure_cookies: bool) -> Option<(String, Source)> {
    if let Some(v) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        && let Some(t) = v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")) {
            return Some((t.trim().to_owned(), Source::Header));
        }
    if let Some(t) = headers.get("token").and_then(|v| v.to_str().ok()) {
        return Some((t.trim().to_owned(), Source::Header));
    }
    cookie(headers, cookie_names(secure_cookies).0).map(|t| (t, Source::Cookie))
}

/// Value of cookie `name` in the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| Cookie::parse(c.trim().to_owned()).ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// `Set-Cookie` values for a new session: the HttpOnly session cookie and the
/// script-readable CSRF cookie, both `SameSite=Lax; Path=/`, `Secure` with
/// `__Host-` names when [`Config::cookies_secure`].
pub fn session_cookies(state: &AppState, issued: &Issued) -> [HeaderValue; 2] {
    let max_age = time_duration(issued.max_age);
    let secure = state.config.cookies_secure();
    let (session_name, csrf_name) = cookie_names(secure);
    let session = Cookie::build((session_name, issued.token.clone()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure)
        .max_age(max_age)
        .build();
    let csrf = Cookie::build((csrf_name, issued.csrf.clone())).same_site(SameSite::Lax).path("/").secure(secure).max_age(max_age).build();
    [header_value(&session), header_value(&csrf)]
}

/// The [`Client`] of a request: its address (from [`ClientIp`]) and `User-Agent`.
pub fn client<'a>(ip: &'a str, headers: &'a HeaderMap) -> Client<'a> {
    Client { ip, user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()) }
}

/// `Set-Cookie` values that delete both cookies under both sets of names
/// (a `__Host-` cookie is only replaced by one that is `Secure` too).
pub fn clear_cookies() -> [HeaderValue; 4] {
    [(SESSION_COOKIE, false), (CSRF_COOKIE, false), (SECURE_SESSION_COOKIE, true), (SECURE_CSRF_COOKIE, true)].map(|(name, secure)| {
        let c = Cookie::build((name, "")).path("/").secure(secure).max_age(time_duration(0)).build();
        header_value(&c)
    })
}

fn header_value(c: &Cookie<'_>) -> HeaderValue {
    HeaderValue::from_str(&c.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn time_duration(secs: i64) -> cookie::time::Duration {
    cookie::time::Duration::seconds(secs)
}

/// The caller as resolved once per request (memoised in the request
/// extensions): a live session, or whether the token named an ended one.
#[derive(Clone)]
struct Resolved {
    session: Option<AuthSession>,
    expired: bool,
}

/// Resolve the caller once per request.
async fn resolve(parts: &mut Parts, state: &AppState) -> Result<Resolved> {
    if let Some(cached) = parts.extensions.get::<Resolved>() {
        return Ok(cached.clone());
    }
    let found = match token_from(&parts.headers, state.config.cookies_secure()) {
        None => Resolved { session: None, expired: false },
        Some((token, source)) => match session::authenticate(state, &token).await? {
            Authenticated::Session(s) => {
                if let Some(caller) = parts.extensions.get::<Caller>() {
                    caller.note_user(s.user_id);
                }
                let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
                let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
                if source == Source::Cookie && unsafe_method && !session::csrf_ok(state, &s, sent) {
                    return Err(Error::Forbidden("csrf_failed"));
                }
                Resolved { session: Some(s), expired: false }
            }
            Authenticated::Expired => Resolved { session: None, expired: true },
            Authenticated::Unknown => Resolved { session: None, expired: false },
        },
    };
    parts.extensions.insert(found.clone());
    Ok(found)
}

impl FromRequestParts<AppState> for AuthSession {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let r = resolve(parts, state).await?;
        r.session.ok_or(if r.expired { Error::SessionExpired } else { Error::Unauthorized })
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let s = AuthSession::from_request_parts(parts, state).await?;
        if !s.initialized {
            return Err(Error::Forbidden("account_not_initialized"));
        }
        Ok(AuthUser(s))
    }
}

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let s = AuthUser::from_request_parts(parts, state).await?;
        if !s.is_admin {
            return Err(Error::Forbidden("forbidden"));
        }
        if let Some(caller) = parts.extensions.get::<Caller>() {
            caller.note_admin();
        }
        Ok(AdminUser(s.0))
    }
}

impl FromRequestParts<AppState> for MaybeAuthUser {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Ok(MaybeAuthUser(resolve(parts, state).await?.session.filter(|s| s.initialized)))
    }
}

/// The client's address as [`client_ip`] finds it.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Ok(ClientIp(client_ip(&state.config, &parts.headers, peer(&parts.extensions))))
    }
}

/// The TCP peer of a request (absent when the router is driven without a socket).
pub fn peer(extensions: &Extensions) -> Option<IpAddr> {
    extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// The client's address, the key of every per-IP limit and the `ip` of the
/// security log.
///
/// Without `trust_proxy`, or when the TCP peer is not one of
/// `trusted_proxies`, it is the peer: anyone can write `X-Forwarded-For`.
/// Otherwise `X-Forwarded-For` (all its lines, in order) is read from the
/// right, each proxy having appended the address it saw; the first hop that is
/// not a trusted proxy is the client (MDN, "X-Forwarded-For: Selecting an IP
/// address"). The left-most entries are whatever the client sent, so they
/// are never believed; a hop that is not an address ends the walk at the last
/// trusted one. `"unknown"` without a peer.
pub fn client_ip(config: &Config, headers: &HeaderMap, peer: Option<IpAddr>) -> String {
    let Some(peer) = peer.map(|p| p.to_canonical()) else { return "unknown".to_owned() };
    let trusted = |ip: &IpAddr| config.trusted_proxies.iter().any(|net| net.contains(ip));
    if !config.trust_proxy || !trusted(&peer) {
        return peer.to_string();
    }
    let hops: Vec<&[u8]> = headers.get_all("x-forwarded-for").iter().flat_map(|v| v.as_bytes().split(|b| *b == b',')).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = std::str::from_utf8(hop).ok().and_then(|h| parse_hop(h.trim())) else { break };
        client = ip;
        if !trusted(&ip) {
            break;
        }
    }
    client.to_string()
}

/// One `X-Forwarded-For` entry: an address, optionally with a port
/// (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip())).map(|ip| ip.to_canonical())
}

/// Who a request turned out to be, for the security log: created empty per
/// request by [`crate::http::security::log_events`] and filled in by the
/// extractors (the user once the token resolves, `admin` once
/// [`AdminUser`] accepts). Cloning shares the slot.
#[derive(Clone, Debug, Default)]
pub struct Caller(Arc<CallerSlot>);

#[derive(Debug, Default)]
struct CallerSlot {
    user_id: OnceLock<i64>,
    admin: AtomicBool,
}

impl Caller {
    fn note_user(&self, user_id: i64) {
        let _ = self.0.user_id.set(user_id);
    }

    fn note_admin(&self) {
        self.0.admin.store(true, Ordering::Relaxed);
    }

    /// The user whose token the request carried, if it was valid.
    pub fn user_id(&self) -> Option<i64> {
        self.0.user_id.get().copied()
    }

    /// Whether an administrator's request passed the [`AdminUser`] check.
    pub fn acted_as_admin(&self) -> bool {
        self.0.admin.load(Ordering::Relaxed)
    }
}

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Ok(MaybeSession(resolve(parts, state).await?.session))
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use axum::http::{HeaderMap, HeaderValue};

    use super::client_ip;
    use crate::config::Config;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn forwarded_for_is_read_from_the_right_past_trusted_proxies_only() {
        let mut c = Config::default();
        // Off: the peer, whatever the header says.
        assert_eq!(client_ip(&c, &xff(&["198.51.100.7"]), ip("127.0.0.1")), "127.0.0.1");
        c.trust_proxy = true;
        // A proxy on loopback appended the real address; the client's own entries are ignored.
        assert_eq!(client_ip(&c, &xff(&["1.2.3.4, 203.0.113.9"]), ip("127.0.0.1")), "203.0.113.9");
        assert_eq!(client_ip(&c, &xff(&["1.2.3.4", "203.0.113.9"]), ip("127.0.0.1")), "203.0.113.9");
        // Two trusted hops: the right-most untrusted one.
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap(), "10.0.0.0/8".parse().unwrap()];
        assert_eq!(client_ip(&c, &xff(&["6.6.6.6, 203.0.113.9, 10.1.2.3"]), ip("127.0.0.1")), "203.0.113.9");
        // A peer that is not a trusted proxy cannot choose its address.
        assert_eq!(client_ip(&c, &xff(&["6.6.6.6"]), ip("192.0.2.50")), "192.0.2.50");
        // Only trusted hops: the farthest of them; garbage stops the walk.
        assert_eq!(client_ip(&c, &xff(&["10.9.9.9, 10.1.2.3"]), ip("127.0.0.1")), "10.9.9.9");
        assert_eq!(client_ip(&c, &xff(&["nonsense, 10.1.2.3"]), ip("127.0.0.1")), "10.1.2.3");
        // Ports, IPv6 and IPv4-mapped peers.
        assert_eq!(client_ip(&c, &xff(&["[2001:db8::1]:4711"]), ip("::ffff:127.0.0.1")), "2001:db8::1");
        assert_eq!(client_ip(&c, &xff(&["198.51.100.1:80"]), ip("127.0.0.1")), "198.51.100.1");
        assert_eq!(client_ip(&c, &HeaderMap::new(), ip("127.0.0.1")), "127.0.0.1");
        assert_eq!(client_ip(&c, &HeaderMap::new(), None), "unknown");
    }
}
