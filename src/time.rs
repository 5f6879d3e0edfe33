//! Time formats of the API (README, "Using the API"): RFC 3339 UTC with milliseconds,
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

/// A time as the API shows it: RFC 3339 UTC with milliseconds
/// (`2026-11-21T08:30:00.123Z`, [`fmt`]). Response types use it instead of
/// `DateTime<Utc>` with serialisation attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiTime(pub DateTime<Utc>);

impl From<DateTime<Utc>> for ApiTime {
    fn from(t: DateTime<Utc>) -> Self {
        ApiTime(t)
    }
}

impl serde::Serialize for ApiTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fmt(&self.0))
    }
}

impl utoipa::PartialSchema for ApiTime {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some("RFC 3339 UTC with milliseconds, e.g. `2026-11-21T08:30:00.123Z`."))
            .into()
    }
}

impl utoipa::ToSchema for ApiTime {}
