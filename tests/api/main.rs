//! HTTP integration tests of the whole API against a real database.
//! See `helpers.rs` for how to pick PostgreSQL, MySQL or Redis.

// Tests fail loudly: unwrapping is how a test says what must hold.
#![allow(clippy::unwrap_used)]

mod helpers;

mod accounts;
mod admin;
mod codes;
mod community;
mod contract;
mod experiences;
mod files;
mod import;
mod interview_flow;
mod migrations;
mod mock;
mod platform;
mod profile;
mod questions;
mod scale_out;
mod select;
mod voice;
mod write_limits;
