//! Read-through cache of hot public reads: 面经 list pages (with their
//! search results and totals) and 面经 details.
//!
//! A feed is read far more often than it changes; without a cache every home
//! page view repeats the same page-of-ids query, join and `COUNT(*)` (the
//! benchmark's `list_page1` scenario: 1,421 requests/s with p99 2.97 s on
//! SQLite, BENCHMARKS.md). Entries are the viewer-independent part of a
//! response (rows, total); per-viewer parts — `is_favorited`, `is_author`,
//! the author of an anonymous post for its author and admins — are computed
//! per request from them.
//!
//! Freshness rules:
//! - **Writes on this node** (create, edit or delete a 面经, favorite or
//!   comment on one, profile changes) call [`ReadCache::invalidate`], which
//!   bumps a generation that is part of every key: the next read loads again,
//!   so a writer sees their own change at once.
//! - **Counters and other nodes' writes**: an entry is *fresh* for
//!   [`FRESH_FOR`] (2 s, the view-count flush period of [`crate::views`]);
//!   an older one is served once more while one background task reloads it
//!   (stale-while-revalidate, so a hot page never makes 64 readers wait on a
//!   reload), and an entry older than [`MAX_AGE`] (10 s) is never served.
//!   On several nodes, another node's write therefore shows within 10 s.
//! - Concurrent misses of one key run one load (single flight, moka's
//!   `try_get_with`); the others wait for it.
//!
//! Size: bounded by the bytes the entries hold (`read_cache_mib`, default
//! 32 MiB; 0 turns caching off), least-recently-used entries evicted first.

use std::collections::HashSet;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an entry is served without a reload.
pub const FRESH_FOR: Duration = Duration::from_secs(2);
/// Age after which an entry is never served.
pub const MAX_AGE: Duration = Duration::from_secs(10);

/// Approximate heap size of a cached value, in bytes (for the size bound).
pub trait Weigh {
    /// Bytes held, roughly.
    fn weigh(&self) -> usize;
}

impl<T: Weigh> Weigh for Option<T> {
    fn weigh(&self) -> usize {
        self.as_ref().map_or(0, Weigh::weigh)
    }
}

struct Cached<V> {
    value: Arc<V>,
    loaded: Instant,
}

/// Entries keyed by (generation, key).
type Entries<K, V> = moka::future::Cache<(u64, K), Arc<Cached<V>>>;

/// A stale-while-revalidate cache from `K` to `V` (see the module docs).
pub struct ReadCache<K, V> {
    entries: Option<Entries<K, V>>,
    generation: AtomicU64,
    refreshing: Arc<Mutex<HashSet<(u64, K)>>>,
}

impl<K, V> ReadCache<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Weigh + Send + Sync + 'static,
{
    /// A cache holding at most `max_bytes` of values; 0 = no caching.
    pub fn new(max_bytes: u64) -> Self {
        let entries = (max_bytes > 0).then(|| {
            moka::future::Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_k: &(u64, K), v: &Arc<Cached<V>>| u32::try_from(v.value.weigh() + 64).unwrap_or(u32::MAX))
                .time_to_live(MAX_AGE)
                .build()
        });
        ReadCache { entries, generation: AtomicU64::new(0), refreshing: Arc::default() }
    }

    /// Forget everything cached so far (cheap: bumps the generation).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Drop the entry of `key` (current generation), e.g. after its view
    /// count was flushed.
    pub async fn remove(&self, key: &K) {
        if let Some(entries) = &self.entries {
            entries.invalidate(&(self.generation.load(Ordering::SeqCst), key.clone())).await;
        }
    }

    /// The value for `key`: cached when fresh; cached and reloaded in the
    /// background when stale; else loaded by `load` (once for concurrent
    /// callers).
    ///
    /// # Errors
    /// The error of `load` (errors are not cached).
    pub async fn get_or_load<F, Fut, E>(&self, key: K, load: F) -> Result<Arc<V>, E>
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<V, E>> + Send + 'static,
        E: Clone + Send + Sync + 'static,
    {
        let Some(entries) = &self.entries else {
            return load().await.map(Arc::new);
        };
        let key = (self.generation.load(Ordering::SeqCst), key);
        if let Some(hit) = entries.get(&key).await {
            if hit.loaded.elapsed() >= FRESH_FOR {
                self.refresh(entries, key, load);
            }
            return Ok(hit.value.clone());
        }
        let cached = entries
            .try_get_with(key, async move { Ok::<_, E>(Arc::new(Cached { value: Arc::new(load().await?), loaded: Instant::now() })) })
            .await
            .map_err(|e| (*e).clone())?;
        Ok(cached.value.clone())
    }

    /// Reload `key` in the background unless a reload is already running.
    fn refresh<F, Fut, E>(&self, entries: &moka::future::Cache<(u64, K), Arc<Cached<V>>>, key: (u64, K), load: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<V, E>> + Send + 'static,
        E: Send + 'static,
    {
        {
            let mut running = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
            if !running.insert(key.clone()) {
                return;
            }
        }
        let (entries, running) = (entries.clone(), self.refreshing.clone());
        tokio::spawn(async move {
            if let Ok(value) = load().await {
                entries.insert(key.clone(), Arc::new(Cached { value: Arc::new(value), loaded: Instant::now() })).await;
            }
            running.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    struct Bytes(usize);
    impl Weigh for Bytes {
        fn weigh(&self) -> usize {
            self.0
        }
    }

    fn counting_loader(calls: &Arc<AtomicUsize>) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = Result<Bytes, ()>> + Send>> + Send + Sync + 'static {
        let calls = calls.clone();
        move || {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(Bytes(n))
            })
        }
    }

    #[tokio::test]
    async fn concurrent_misses_load_once_and_invalidate_reloads() {
        let cache: Arc<ReadCache<&'static str, Bytes>> = Arc::new(ReadCache::new(1 << 20));
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (cache, load) = (cache.clone(), counting_loader(&calls));
            tasks.push(tokio::spawn(async move { cache.get_or_load("page1", load).await.unwrap().0 }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 0, "every caller got the one load's value");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(cache.get_or_load("page1", counting_loader(&calls)).await.unwrap().0, 0, "fresh hit");
        cache.invalidate();
        assert_eq!(cache.get_or_load("page1", counting_loader(&calls)).await.unwrap().0, 1, "a write forces a reload");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn errors_are_not_cached_and_zero_size_disables() {
        let cache: ReadCache<u8, Bytes> = ReadCache::new(1 << 20);
        assert!(cache.get_or_load(1, || async { Err::<Bytes, &str>("down") }).await.is_err());
        assert_eq!(cache.get_or_load(1, || async { Ok::<_, &str>(Bytes(7)) }).await.unwrap().0, 7);
        let off: ReadCache<u8, Bytes> = ReadCache::new(0);
        let calls = Arc::new(AtomicUsize::new(0));
        off.get_or_load(1, counting_loader(&calls)).await.unwrap();
        off.get_or_load(1, counting_loader(&calls)).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "no caching with a zero budget");
    }
}
