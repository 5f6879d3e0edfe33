//! HTTP integration tests of the whole API against a real database.
//! See `helpers.rs` for how to pick PostgreSQL, MySQL or Redis.

// Tests fail loudly: unwrapping is how a test says what must hold.
#![allow(clippy::unwrap_used)]

mod helpers;

mod accounts;
mod admin;
mod anonymity;
mod applications;
mod backup;
mod codes;
mod community;
mod community_basics;
mod companies;
mod contact;
mod contract;
mod curation;
mod drafts;
mod experiences;
mod export;
mod fail_fast;
mod files;
mod hardening;
mod import;
mod interview_flow;
mod login_guard;
mod migrations;
mod mock;
mod notifications;
mod platform;
mod profile;
mod questions;
mod reports;
mod scale_out;
mod select;
mod signup_consent;
mod sms;
mod static_assets;
mod sessions;
mod voice;
mod write_limits;
