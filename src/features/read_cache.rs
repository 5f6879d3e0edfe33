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
//!
//! Admission (optional, [`ReadCache::admit_repeats`]): a key is cached from
//! its second read in a short window, not its first. Storing an entry costs
//! more than a cheap load it may save: under the benchmark's `detail_read`
//! (uniformly random posts of 100,000, ~4 % of them fitting the cache) the
//! cache cost more CPU than it saved and held p99 above 10 ms on SQLite,
//! where a detail load is an in-process point read (BENCHMARKS.md). With the
//! filter a post read several times a second is cached at its second read,
//! one read now and then is served straight from the database.

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
    doorkeeper: Option<Doorkeeper>,
}

/// Admission filter ("doorkeeper", as in TinyLFU): one slot per hash bucket
/// remembers the hash of the last key read there; a key is admitted when it
/// is still there, i.e. when it is read again before another key's read
/// lands in its slot.
struct Doorkeeper {
    slots: Box<[AtomicU64]>,
    hasher: std::hash::RandomState,
}

impl Doorkeeper {
    /// Whether `key` was the last key seen in its slot; if not, it is now.
    fn admit<K: Hash>(&self, key: &K) -> bool {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(key) | 1; // 0 marks an empty slot
        let slot = &self.slots[(hash >> 1) as usize % self.slots.len()];
        if slot.load(Ordering::Relaxed) == hash {
            return true;
        }
        slot.store(hash, Ordering::Relaxed);
        false
    }
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
        ReadCache { entries, generation: AtomicU64::new(0), refreshing: Arc::default(), doorkeeper: None }
    }

    /// Cache a key only from its second read within a window set by `slots`
    /// (see the module docs): with reads spread evenly over many keys, a
    /// key's read is admitted when fewer than about `slots` other reads came
    /// since its last one.
    #[must_use]
    pub fn admit_repeats(mut self, slots: usize) -> Self {
        self.doorkeeper = Some(Doorkeeper { slots: (0..slots.max(1)).map(|_| AtomicU64::new(0)).collect(), hasher: Default::default() });
        self
    }

    /// Forget everything cached so far (cheap: bumps the generation).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Drop the entry of `key` (current generation), e.g. after its view
    /// count was flushed.
    pub async fn remove(&self, key: &K) {
        if let Some(entries) = &self.entries {
            let key = (self.generation.load(Ordering::SeqCst), key.clone());
            // Most flushed ids are not cached (the admission filter keeps
            // rare reads out); `contains_key` is a lock-free lookup, where
            // `invalidate` queues a write operation for the cache's upkeep.
            if entries.contains_key(&key) {
                entries.invalidate(&key).await;
            }
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
        if self.doorkeeper.as_ref().is_some_and(|d| !d.admit(&key.1)) {
            return load().await.map(Arc::new);
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
    async fn with_admission_a_key_is_cached_from_its_second_read() {
        let cache: ReadCache<u32, Bytes> = ReadCache::new(1 << 20).admit_repeats(64);
        let calls = Arc::new(AtomicUsize::new(0));
        assert_eq!(cache.get_or_load(1, counting_loader(&calls)).await.unwrap().0, 0, "first read: loaded");
        assert_eq!(cache.get_or_load(1, counting_loader(&calls)).await.unwrap().0, 1, "first read was not cached");
        assert_eq!(cache.get_or_load(1, counting_loader(&calls)).await.unwrap().0, 1, "second read was");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        // Reads of many other keys push a key out of its slot before it is
        // read again: such keys stay uncached, pass after pass.
        let loads = Arc::new(AtomicUsize::new(0));
        let quick = || {
            let loads = loads.clone();
            move || {
                loads.fetch_add(1, Ordering::SeqCst);
                async { Ok::<_, ()>(Bytes(1)) }
            }
        };
        for pass in 1..=3 {
            let before = loads.load(Ordering::SeqCst);
            for k in 100..1_100 {
                cache.get_or_load(k, quick()).await.unwrap();
            }
            let loaded = loads.load(Ordering::SeqCst) - before;
            assert!(loaded > 900, "pass {pass}: {loaded} of 1,000 keys loaded");
        }
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
