//! The caches of 面经 reads (see [`crate::features::read_cache`] for their
//! freshness rules): list pages by [`ListFilter`] as rows (⅛ of the budget)
//! and, for logged-out callers, as serialised bodies per language (⅛);
//! details by id (¾), from their second read in a short window; career names.
//! Only [`crate::features::experiences::changed`] drops them, and
//! [`crate::features::experiences::privacy_changed`] on every node at once.

use crate::features::read_cache::{ReadCache, Weigh};
use crate::i18n::Lang;
use crate::store::experiences::{DetailRow, ListFilter, ListPage, Row};

/// Slots of the details' admission filter ([`ReadCache::admit_repeats`]): at
/// 12,000 reads/s spread evenly over 100,000 posts about 4 % of the reads
/// are admitted; a post read more than a few times a second is cached from
/// its second read.
const DETAIL_ADMISSION_SLOTS: usize = 4096;

/// A serialised response body.
#[derive(Clone, Debug)]
pub struct Body(pub bytes::Bytes);

impl Weigh for Body {
    fn weigh(&self) -> usize {
        self.0.len()
    }
}

impl Weigh for Row {
    fn weigh(&self) -> usize {
        let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        200 + self.title.len() + self.company.len() + self.excerpt.len() + opt(&self.position) + opt(&self.career_name)
            + opt(&self.source) + opt(&self.source_path) + opt(&self.license) + opt(&self.author_name) + opt(&self.author_avatar)
    }
}

impl Weigh for ListPage {
    fn weigh(&self) -> usize {
        self.rows.iter().map(Weigh::weigh).sum()
    }
}

impl Weigh for DetailRow {
    fn weigh(&self) -> usize {
        self.row.weigh() + self.content.len() + self.interview_questions.len()
    }
}

/// Cached public reads of 面经.
pub struct Reads {
    /// List pages, search results included (per-viewer fields added per request).
    pub(super) lists: ReadCache<ListFilter, ListPage>,
    /// The body of list pages as a logged-out caller sees them, per language.
    pub(super) anonymous_lists: ReadCache<(ListFilter, Lang), Body>,
    /// Details by id.
    pub(super) details: ReadCache<i64, Option<DetailRow>>,
    /// Names of career ids known to exist (kept 60 s: careers are a small
    /// seeded table the API never edits).
    pub(super) careers: moka::future::Cache<i64, String>,
    /// Company index pages, company pages and spelling lookups
    /// ([`crate::features::companies`]), 1/32 of the budget each.
    pub(crate) companies: crate::features::companies::model::Caches,
    /// This process's name on the invalidation channel, so it skips its own
    /// messages (random, 64 bits in hex).
    pub(super) node: String,
}

impl Reads {
    /// Caches holding at most `max_bytes` together; 0 = no caching.
    pub fn new(max_bytes: u64) -> Reads {
        Reads {
            lists: ReadCache::new(max_bytes / 8),
            anonymous_lists: ReadCache::new(max_bytes / 8),
            details: ReadCache::new(max_bytes - max_bytes / 4).admit_repeats(DETAIL_ADMISSION_SLOTS),
            companies: crate::features::companies::model::Caches::new(max_bytes / 32),
            careers: moka::future::Cache::builder().max_capacity(10_000).time_to_live(std::time::Duration::from_secs(60)).build(),
            node: format!("{:016x}", rand::random::<u64>()),
        }
    }

    /// Drop every list page and detail, and the company statistics.
    pub(crate) fn invalidate(&self) {
        self.companies.invalidate();
        self.lists.invalidate();
        self.anonymous_lists.invalidate();
        self.details.invalidate();
    }

    /// Drop the cached detail of `id` (its view count changed).
    pub async fn forget_detail(&self, id: i64) {
        self.details.remove(&id).await;
    }
}
