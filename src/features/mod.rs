//! The rules of the product: validation, invariants, use cases, caching and
//! cache invalidation. Features call the store ([`crate::store`]) and never
//! name SQL, a database backend or the SQLite machinery; the HTTP layer
//! ([`crate::http`]) calls features.

pub mod accounts;
pub mod catalog;
pub mod community;
pub mod feedback;
pub mod files;
pub mod health;
pub mod rate_limit;
pub mod questions;
pub mod read_cache;
pub mod scoring;
pub mod search;
pub mod skills;
