//! Time formats of the API (SPEC §2): RFC 3339 UTC with milliseconds,
//! e.g. `2026-11-21T08:30:00.123Z`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serializer;

/// Format `t` as the API does.
pub fn fmt(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `#[serde(serialize_with = "crate::time::ser")]` for `DateTime<Utc>`.
pub fn ser<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&fmt(t))
}

/// `#[serde(serialize_with = "crate::time::ser_opt")]` for `Option<DateTime<Utc>>`.
pub fn ser_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&fmt(t)),
        None => s.serialize_none(),
    }
}
