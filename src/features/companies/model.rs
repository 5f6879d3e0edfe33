//! The values of company reads and their caches ([`Caches`]), apart from
//! the rules in the parent module so that the 面经 read caches can hold
//! them without importing what the rules import (the application state).

use crate::features::read_cache::{ReadCache, Weigh};
use crate::store::companies::CompanyOrder;

/// A company in the index and the autocomplete.
#[derive(Clone, Debug)]
pub struct CompanySummary {
    pub id: i64,
    /// Canonical name.
    pub name: String,
    /// Every spelling, the canonical name included, oldest first.
    pub aliases: Vec<String>,
    /// Live 面经.
    pub count: i64,
}

impl Weigh for CompanySummary {
    fn weigh(&self) -> usize {
        64 + self.name.len() + self.aliases.iter().map(|a| a.len() + 24).sum::<usize>()
    }
}

/// One cached page of [`list`].
#[derive(Clone, Debug)]
pub struct SummaryPage {
    pub items: Vec<CompanySummary>,
    pub total: u64,
}

impl Weigh for SummaryPage {
    fn weigh(&self) -> usize {
        self.items.iter().map(Weigh::weigh).sum()
    }
}

/// Share of the posts with an outcome, and counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcomes {
    pub offer: i64,
    pub rejected: i64,
    pub pending: i64,
    /// Posts without a result.
    pub unknown: i64,
}

impl Outcomes {
    pub(super) fn add(&mut self, result: Option<&str>, n: i64) {
        match result {
            Some("offer") => self.offer += n,
            Some("rejected") => self.rejected += n,
            Some("pending") => self.pending += n,
            _ => self.unknown += n,
        }
    }
}

/// Difficulty counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Difficulties {
    pub easy: i64,
    pub medium: i64,
    pub hard: i64,
    pub unknown: i64,
}

/// One recruiting season of a company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeasonStat {
    /// `YYYY-autumn` | `YYYY-spring` (see [`season_of`]).
    pub season: String,
    pub year: i32,
    /// `autumn` (秋招) | `spring` (春招).
    pub term: &'static str,
    pub total: i64,
    pub outcomes: Outcomes,
}

/// One position of a company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionStat {
    /// `None`: posts without a position.
    pub position: Option<String>,
    pub total: i64,
    pub offer: i64,
    pub rejected: i64,
}

/// A bank question reported at the company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionStat {
    pub id: i64,
    pub content: String,
    /// Live 面经 of the company reporting it.
    pub count: i64,
}

/// The company page: the company and its statistics.
#[derive(Clone, Debug)]
pub struct CompanyPage {
    pub company: CompanySummary,
    pub outcomes: Outcomes,
    pub difficulty: Difficulties,
    /// Mean `interview_evaluation` (1–5) of the posts that give one.
    pub average_rating: Option<f64>,
    pub ratings: i64,
    /// Oldest first.
    pub seasons: Vec<SeasonStat>,
    /// Most common first, at most [`TOP_POSITIONS`].
    pub positions: Vec<PositionStat>,
    /// Most reported first, at most [`TOP_QUESTIONS`].
    pub questions: Vec<QuestionStat>,
}

impl Weigh for CompanyPage {
    fn weigh(&self) -> usize {
        256 + self.company.weigh()
            + self.seasons.len() * 64
            + self.positions.iter().map(|p| 48 + p.position.as_ref().map_or(0, String::len)).sum::<usize>()
            + self.questions.iter().map(|q| 32 + q.content.len()).sum::<usize>()
    }
}

/// The caches of company reads: index pages, company pages and spelling
/// lookups. [`Caches::invalidate`] runs with every 面经 change
/// (`experiences::changed`).
pub struct Caches {
    pub(crate) lists: ReadCache<(Option<String>, CompanyOrder, u64, u64), SummaryPage>,
    pub(crate) pages: ReadCache<i64, Option<CompanyPage>>,
    /// Spelling key → company, kept 10 s (admin edits here drop it at once).
    pub(crate) keys: moka::future::Cache<String, Option<i64>>,
}

impl Caches {
    /// Caches of at most `max_bytes` each (0: no caching).
    pub fn new(max_bytes: u64) -> Caches {
        let keys = moka::future::Cache::builder()
            .max_capacity(if max_bytes == 0 { 0 } else { 10_000 })
            .time_to_live(std::time::Duration::from_secs(10))
            .build();
        Caches { lists: ReadCache::new(max_bytes), pages: ReadCache::new(max_bytes), keys }
    }

    /// Drop the index pages and company pages (not the spelling lookups:
    /// a 面经 write adds spellings, never moves one).
    pub fn invalidate(&self) {
        self.lists.invalidate();
        self.pages.invalidate();
    }
}
