//! The rules of the product: validation, invariants, use cases, caching and
//! cache invalidation. Features call the store ([`crate::store`]) and never
//! name SQL, a database backend or the SQLite machinery; the HTTP layer
//! ([`crate::http`]) calls features.

pub mod accounts;
pub mod applications;
pub mod backup;
pub mod catalog;
pub mod community;
pub mod companies;
pub mod curation;
pub mod experiences;
pub mod export;
pub mod feedback;
pub mod files;
pub mod health;
pub mod interviews;
pub mod learning;
pub mod pages;
pub mod notifications;
pub mod rate_limit;
pub mod questions;
pub mod quota;
pub mod read_cache;
pub mod reports;
pub mod resumes;
pub mod scoring;
pub mod search;
pub mod skills;
pub mod stats;
pub mod transcription;
pub mod write_limits;

/// One page of a list: its items, the number of items in all pages, the
/// 1-based page number and the page size.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}
