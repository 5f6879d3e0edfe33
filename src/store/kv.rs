//! A small shared key/value store with expiry: rate-limit counters,
//! verification codes and the session cache live here.
//!
//! Two backends with one behaviour: in process (moka, per-entry expiry) when
//! `REDIS_URL` is unset, Redis when it is set so that several `serve`
//! processes share the state. Every operation the callers rely on for
//! correctness under concurrency is atomic in both: `incr` (moka's
//! `and_compute_with`, Redis `MULTI`), `set_nx`, and `take` (delete returning
//! whether this caller removed it).
//!
//! Every Redis call is bounded by `redis_timeout_ms` ([`TimedConnection`]):
//! a Redis that refuses connections or accepts them and never answers makes
//! a request fail with 503 `unavailable` after about that long, instead of
//! waiting out the client's reconnection back-off (8–16 s before). The
//! connection manager reconnects in the background, so service comes back
//! with Redis, without a restart.

use std::time::{Duration, Instant};

use moka::future::Cache;
use moka::ops::compute::{CompResult, Op};
use moka::Expiry;
use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Cmd, Pipeline, RedisFuture, Value};

use crate::error::{Error, Result};

#[derive(Clone, Debug)]
/// A stored value and its deadline (in-process backend).
#[doc(hidden)]
pub struct Entry {
    value: String,
    expires_at: Instant,
}

struct EntryExpiry;

impl Expiry<String, Entry> for EntryExpiry {
    fn expire_after_create(&self, _: &String, v: &Entry, now: Instant) -> Option<Duration> {
        Some(v.expires_at.saturating_duration_since(now))
    }
    fn expire_after_update(&self, _: &String, v: &Entry, now: Instant, _: Option<Duration>) -> Option<Duration> {
        Some(v.expires_at.saturating_duration_since(now))
    }
}

/// The store; cheap to clone.
#[derive(Clone)]
pub enum Kv {
    /// In-process store.
    Memory(Cache<String, Entry>),
    /// Redis, through an auto-reconnecting connection manager whose every
    /// call is bounded in time; every key is prefixed with the `String`
    /// (`redis_prefix`).
    Redis(TimedConnection, String),
}

/// A Redis connection manager whose every command (or pipeline) fails with
/// an I/O `TimedOut` error after `timeout`, whatever it waits for: a
/// reconnection, a connect attempt, or the answer. Commands go through it
/// like through the manager (`redis::AsyncCommands` works on it); cheap to
/// clone.
#[derive(Clone)]
pub struct TimedConnection {
    inner: ConnectionManager,
    timeout: Duration,
}

impl TimedConnection {
    /// Connect to `client` with every wait bounded by `timeout`: each connect
    /// attempt and each answer, at most one quick retry of a failed connect
    /// (the default was six, with back-off up to seconds, all of which a
    /// request waited through), and the whole start-up.
    ///
    /// # Errors
    /// The server cannot be reached or does not answer within `timeout` per try.
    pub async fn connect(client: redis::Client, timeout: Duration) -> redis::RedisResult<TimedConnection> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(timeout / 4);
        let inner = match tokio::time::timeout(timeout * 3, ConnectionManager::new_with_config(client, config)).await {
            Ok(conn) => conn?,
            Err(_) => return Err(timed_out()),
        };
        Ok(TimedConnection { inner, timeout })
    }
}

fn timed_out() -> redis::RedisError {
    std::io::Error::new(std::io::ErrorKind::TimedOut, "Redis did not answer in time").into()
}

impl ConnectionLike for TimedConnection {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        let timeout = self.timeout;
        Box::pin(async move { tokio::time::timeout(timeout, self.inner.req_packed_command(cmd)).await.unwrap_or_else(|_| Err(timed_out())) })
    }

    fn req_packed_commands<'a>(&'a mut self, cmd: &'a Pipeline, offset: usize, count: usize) -> RedisFuture<'a, Vec<Value>> {
        let timeout = self.timeout;
        Box::pin(async move {
            tokio::time::timeout(timeout, self.inner.req_packed_commands(cmd, offset, count)).await.unwrap_or_else(|_| Err(timed_out()))
        })
    }

    fn get_db(&self) -> i64 {
        self.inner.get_db()
    }
}

impl std::fmt::Debug for Kv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kv::Memory(_) => "Kv::Memory",
            Kv::Redis(..) => "Kv::Redis",
        })
    }
}

fn redis_err(e: redis::RedisError) -> Error {
    Error::Unavailable(format!("redis: {e}"))
}

fn secs(d: Duration) -> u64 {
    d.as_secs().max(1)
}

impl Kv {
    /// An in-process store holding up to one million entries.
    pub fn memory() -> Kv {
        Kv::Memory(Cache::builder().max_capacity(1_000_000).expire_after(EntryExpiry).build())
    }

    /// Connect to Redis at `url`; every later call fails with 503 after
    /// `timeout` (`redis_timeout_ms`, see [`TimedConnection`]).
    ///
    /// # Errors
    /// Bad URL, or a server that cannot be reached or does not answer in time.
    pub async fn redis(url: &str, prefix: &str, timeout: Duration) -> anyhow::Result<Kv> {
        let client = redis::Client::open(url)?;
        let conn = TimedConnection::connect(client, timeout).await?;
        Ok(Kv::Redis(conn, prefix.to_owned()))
    }

    /// Add one to the counter at `key`, creating it with lifetime `ttl` if
    /// absent (the window does not slide). Returns the new count and the
    /// seconds until the window ends.
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn incr(&self, key: &str, ttl: Duration) -> Result<(u64, u64)> {
        match self {
            Kv::Memory(cache) => {
                let now = Instant::now();
                let res = cache
                    .entry(key.to_owned())
                    .and_compute_with(|cur| async move {
                        let next = match cur.map(|e| e.into_value()) {
                            Some(e) if e.expires_at > now => Entry {
                                value: (e.value.parse::<u64>().unwrap_or(0) + 1).to_string(),
                                expires_at: e.expires_at,
                            },
                            _ => Entry { value: "1".into(), expires_at: now + ttl },
                        };
                        Op::Put(next)
                    })
                    .await;
                let entry = match res {
                    CompResult::Inserted(e) | CompResult::ReplacedWith(e) | CompResult::Unchanged(e) => e.into_value(),
                    CompResult::Removed(_) | CompResult::StillNone(_) => return Ok((0, secs(ttl))),
                };
                Ok((entry.value.parse().unwrap_or(0), secs(entry.expires_at.saturating_duration_since(now))))
            }
            Kv::Redis(conn, prefix) => {
                let key = &format!("{prefix}{key}");
                let mut conn = conn.clone();
                let (count, left): (u64, i64) = redis::pipe()
                    .atomic()
                    .incr(key, 1u64)
                    .cmd("EXPIRE")
                    .arg(key)
                    .arg(secs(ttl))
                    .arg("NX")
                    .ignore()
                    .ttl(key)
                    .query_async(&mut conn)
                    .await
                    .map_err(redis_err)?;
                Ok((count, left.max(1) as u64))
            }
        }
    }

    /// Current counter value at `key` (0 when absent) and seconds left.
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn count(&self, key: &str) -> Result<(u64, u64)> {
        match self {
            Kv::Memory(cache) => Ok(cache.get(key).await.map_or((0, 0), |e| {
                (e.value.parse().unwrap_or(0), secs(e.expires_at.saturating_duration_since(Instant::now())))
            })),
            Kv::Redis(conn, prefix) => {
                let key = &format!("{prefix}{key}");
                let mut conn = conn.clone();
                let (v, left): (Option<u64>, i64) =
                    redis::pipe().get(key).ttl(key).query_async(&mut conn).await.map_err(redis_err)?;
                Ok((v.unwrap_or(0), left.max(0) as u64))
            }
        }
    }

    /// Value at `key`.
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn get(&self, key: &str) -> Result<Option<String>> {
        match self {
            Kv::Memory(cache) => Ok(cache.get(key).await.filter(|e| e.expires_at > Instant::now()).map(|e| e.value)),
            Kv::Redis(conn, prefix) => conn.clone().get(format!("{prefix}{key}")).await.map_err(redis_err),
        }
    }

    /// Set `key` to `value` for `ttl`.
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn set(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        match self {
            Kv::Memory(cache) => {
                let entry = Entry { value: value.to_owned(), expires_at: Instant::now() + ttl };
                cache.insert(key.to_owned(), entry).await;
                Ok(())
            }
            Kv::Redis(conn, prefix) => conn.clone().set_ex(format!("{prefix}{key}"), value, secs(ttl)).await.map_err(redis_err),
        }
    }

    /// Set `key` only if absent. Returns `Ok(None)` when this call set it, or
    /// `Ok(Some(seconds_left))` of the existing entry.
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn set_nx(&self, key: &str, value: &str, ttl: Duration) -> Result<Option<u64>> {
        match self {
            Kv::Memory(cache) => {
                let now = Instant::now();
                let value = value.to_owned();
                let res = cache
                    .entry(key.to_owned())
                    .and_compute_with(|cur| async move {
                        match cur.map(|e| e.into_value()) {
                            Some(e) if e.expires_at > now => Op::Nop,
                            _ => Op::Put(Entry { value, expires_at: now + ttl }),
                        }
                    })
                    .await;
                Ok(match res {
                    CompResult::Unchanged(e) => Some(secs(e.into_value().expires_at.saturating_duration_since(now))),
                    _ => None,
                })
            }
            Kv::Redis(conn, prefix) => {
                let key = &format!("{prefix}{key}");
                let mut conn = conn.clone();
                let set: Option<String> = redis::cmd("SET")
                    .arg(key)
                    .arg(value)
                    .arg("NX")
                    .arg("EX")
                    .arg(secs(ttl))
                    .query_async(&mut conn)
                    .await
                    .map_err(redis_err)?;
                if set.is_some() {
                    return Ok(None);
                }
                let left: i64 = conn.ttl(key).await.map_err(redis_err)?;
                Ok(Some(left.max(1) as u64))
            }
        }
    }

    /// Delete `key`; `true` when this call removed a live entry (so of
    /// several concurrent callers exactly one sees `true`).
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn take(&self, key: &str) -> Result<bool> {
        match self {
            Kv::Memory(cache) => {
                Ok(cache.remove(key).await.is_some_and(|e| e.expires_at > Instant::now()))
            }
            Kv::Redis(conn, prefix) => {
                let n: u64 = conn.clone().del(format!("{prefix}{key}")).await.map_err(redis_err)?;
                Ok(n > 0)
            }
        }
    }

    /// Delete `key` if present.
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn del(&self, key: &str) -> Result<()> {
        self.take(key).await.map(|_| ())
    }

    /// Whether the store is shared by every node (Redis), so that state kept
    /// in this process alone would not be.
    pub fn is_shared(&self) -> bool {
        matches!(self, Kv::Redis(..))
    }

    /// Whether the backing service answers (always true in process).
    pub async fn ping(&self) -> bool {
        match self {
            Kv::Memory(_) => true,
            Kv::Redis(conn, _) => {
                let mut conn = conn.clone();
                redis::cmd("PING").query_async::<String>(&mut conn).await.is_ok()
            }
        }
    }
}

// ------------------------------------------------------------------ pub/sub

/// How long to wait for Redis to accept a subscriber connection or answer
/// its keep-alive `PING`.
const PUBSUB_TIMEOUT: Duration = Duration::from_secs(2);
/// A subscriber with no message for this long pings Redis, so a connection
/// lost without a TCP reset (a hung server, a dropped route) is noticed.
const PUBSUB_IDLE: Duration = Duration::from_secs(5);
/// Longest wait between two reconnection attempts (the first waits 100 ms,
/// then twice as long each time).
const PUBSUB_MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What a [`subscribe`] handler is told.
#[derive(Debug, PartialEq, Eq)]
pub enum Notice<'a> {
    /// The subscription is (re)established; `first` for the first one.
    /// After a reconnection, messages sent while it was down are lost.
    Subscribed {
        /// The first subscription of this listener.
        first: bool,
    },
    /// A message published on the channel.
    Message(&'a str),
    /// Nothing happened for a while (a chance to stop).
    Idle,
}

impl Kv {
    /// Publish `message` on `channel` to every [`subscribe`]r of every
    /// process sharing this Redis (the channel is prefixed with
    /// `redis_prefix` like the keys); nothing in process, which has no other
    /// node to tell.
    ///
    /// # Errors
    /// 503 when Redis is unreachable.
    pub async fn publish(&self, channel: &str, message: &str) -> Result<()> {
        match self {
            Kv::Memory(_) => Ok(()),
            Kv::Redis(conn, prefix) => {
                let _receivers: i64 = conn.clone().publish(format!("{prefix}{channel}"), message).await.map_err(redis_err)?;
                Ok(())
            }
        }
    }
}

/// Listen on Redis channel `prefix` + `channel` at `url` in a task of its
/// own, on a dedicated connection (a subscribed connection can do nothing
/// else). `on` is called for every [`Notice`] and ends the task by
/// returning `false`.
///
/// A lost connection (closed, or no answer to a keep-alive `PING` within
/// 2 s after 5 s without a message) is reopened with a back-off from
/// 100 ms up to 5 s, and `on` hears [`Notice::Subscribed`] again: messages
/// published in between are lost, so the handler must assume it missed
/// some. The returned receiver fires once the first subscription stands
/// (dropped unfired if the task ends first).
pub fn subscribe<F>(url: String, prefix: &str, channel: &str, mut on: F) -> tokio::sync::oneshot::Receiver<()>
where
    F: FnMut(Notice<'_>) -> bool + Send + 'static,
{
    use futures::StreamExt;

    let channel = format!("{prefix}{channel}");
    let (ready, subscribed) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let mut ready = Some(ready);
        let mut backoff = Duration::from_millis(100);
        loop {
            let connected = async {
                let client = redis::Client::open(url.as_str())?;
                let (mut sink, stream) = client.get_async_pubsub().await?.split();
                sink.subscribe(&channel).await?;
                Ok::<_, redis::RedisError>((sink, stream))
            };
            let (mut sink, mut stream) = match tokio::time::timeout(PUBSUB_TIMEOUT, connected).await {
                Ok(Ok(pair)) => pair,
                failed => {
                    let error = match failed {
                        Ok(Err(e)) => e.to_string(),
                        _ => "timed out".to_owned(),
                    };
                    tracing::warn!(%error, %channel, "cannot subscribe to Redis; retrying");
                    if !on(Notice::Idle) {
                        return;
                    }
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(PUBSUB_MAX_BACKOFF);
                    continue;
                }
            };
            backoff = Duration::from_millis(100);
            let first = ready.is_some();
            if !first {
                tracing::info!(%channel, "Redis subscription restored");
            }
            if !on(Notice::Subscribed { first }) {
                return;
            }
            if let Some(ready) = ready.take() {
                let _ = ready.send(());
            }
            loop {
                match tokio::time::timeout(PUBSUB_IDLE, stream.next()).await {
                    Ok(Some(msg)) => {
                        let payload: String = msg.get_payload().unwrap_or_default();
                        if !on(Notice::Message(&payload)) {
                            return;
                        }
                    }
                    Ok(None) => break,
                    Err(_idle) => {
                        if !on(Notice::Idle) {
                            return;
                        }
                        let alive = tokio::time::timeout(PUBSUB_TIMEOUT, sink.ping::<redis::Value>()).await;
                        if !matches!(alive, Ok(Ok(_))) {
                            break;
                        }
                    }
                }
            }
            tracing::warn!(%channel, "lost the Redis subscription; reconnecting");
        }
    });
    subscribed
}
