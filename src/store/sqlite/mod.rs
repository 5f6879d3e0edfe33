//! The SQLite machinery behind the store: readers that run on the calling
//! thread ([`inline`]), the single writer connection, and the checkpointer
//! that keeps the WAL short ([`checkpoint`]). Chosen once at connect
//! ([`crate::store::Db::connect`]); nothing above the store knows it exists.

pub mod checkpoint;
pub mod inline;
