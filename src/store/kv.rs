//! A small shared key/value store with expiry: rate-limit counters,
//! verification codes and the session cache live here.
//!
//! Two backends with one behaviour: in process (moka, per-entry expiry) when
//! `REDIS_URL` is unset, Redis when it is set so that several `serve`
//! processes share the state. Every operation the callers rely on for
//! correctness under concurrency is atomic in both: `incr` (moka's
//! `and_compute_with`, Redis `MULTI`), `set_nx`, and `take` (delete returning
//! whether this caller removed it).

use std::time::{Duration, Instant};

use moka::future::Cache;
use moka::ops::compute::{CompResult, Op};
use moka::Expiry;
use redis::aio::ConnectionManager;
use redis::AsyncCommands;

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
    /// Redis, through an auto-reconnecting connection manager; every key is
    /// prefixed with the `String` (`redis_prefix`).
    Redis(ConnectionManager, String),
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

    /// Connect to Redis at `url`.
    ///
    /// # Errors
    /// Bad URL or unreachable server.
    pub async fn redis(url: &str, prefix: &str) -> anyhow::Result<Kv> {
        let client = redis::Client::open(url)?;
        let mgr = ConnectionManager::new(client).await?;
        Ok(Kv::Redis(mgr, prefix.to_owned()))
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
