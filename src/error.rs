//! The crate-wide error type and its HTTP rendering.
//!
//! Handlers return [`Error`]; its `IntoResponse` attaches an [`ApiError`] to an
//! otherwise empty response, and the `localize` middleware (see [`crate::i18n`])
//! renders the JSON body `{"code","message","fields"?,"resets_at"?}` in the caller's
//! language. Database and I/O failures become a generic 500 whose details are
//! logged once with the request id and never sent to the client.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sea_orm::{DbErr, SqlErr};
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field: a stable reason code and its interpolation parameters
/// (for example `length` with `min`/`max`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Reason code, a key under `validation.` in `locales/*.yml`.
    pub code: &'static str,
    /// `%{name}` parameters for the translated text.
    pub params: Vec<(&'static str, String)>,
}

/// Field name → reasons. Kept ordered so bodies are stable.
pub type FieldErrors = BTreeMap<String, Vec<FieldError>>;

/// Everything a handler can fail with. The `code` strings are part of the API
/// contract and never change meaning.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 400 `validation_failed` with per-field reasons.
    #[error("validation failed")]
    Validation(FieldErrors),
    /// 400 with a specific code such as `invalid_credentials` or `invalid_code`.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// 401 `unauthorized`: no valid session.
    #[error("unauthorized")]
    Unauthorized,
    /// 401 `session_expired`: the session passed its idle timeout or absolute lifetime.
    #[error("session expired")]
    SessionExpired,
    /// 403 with a code: `forbidden`, `csrf_failed`, `account_disabled`,
    /// `account_not_initialized`.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// 404 `not_found`.
    #[error("not found")]
    NotFound,
    /// 409 with a code: `account_taken`, `email_taken`, `phone_taken`,
    /// `already_initialized`, `conflict`.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// 413 `payload_too_large`.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 413 `storage_quota_exceeded`: an upload would take the user's files
    /// over `storage_quota_mib_per_user` (`crate::features::write_limits`).
    #[error("storage quota exceeded")]
    StorageQuotaExceeded,
    /// 415 `unsupported_media_type`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 429 `rate_limited`; `retry_after` in seconds, `limit` the quota of the window.
    #[error("rate limited")]
    RateLimited {
        /// Seconds until a retry can succeed.
        retry_after: u64,
        /// Requests allowed per window.
        limit: u64,
    },
    /// 429 `quota_exceeded`: the user's daily quota (`crate::features::quota`)
    /// is used up until `resets_at`, the next UTC midnight; `retry_after`
    /// seconds until then, `limit` the quota of the day. The body carries
    /// `resets_at`.
    #[error("daily quota exceeded")]
    QuotaExceeded {
        /// Seconds until the quota resets.
        retry_after: u64,
        /// Events allowed per day.
        limit: u64,
        /// When the quota resets (the next UTC midnight).
        resets_at: chrono::DateTime<chrono::Utc>,
    },
    /// 502 with a code such as `transcription_failed`: an upstream service
    /// this request needed failed, timed out or answered nonsense.
    #[error("upstream failed: {0}")]
    BadGateway(&'static str),
    /// 503 with a code such as `transcription_unavailable`: a feature this
    /// server is not configured for (not an outage: retrying does not help).
    #[error("not configured: {0}")]
    NotConfigured(&'static str),
    /// 503 `unavailable`: a dependency (database, Redis, mail) is down.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// 503 with a code such as `sms_unavailable`: a service this request
    /// needed (an SMS vendor) refused it, failed or did not answer in time;
    /// retrying later may help. `detail` is logged (it names the vendor's
    /// error, never a secret), never shown.
    #[error("{code}: {detail}")]
    DependencyFailed {
        /// Stable code, a key under `errors.` in the locale files.
        code: &'static str,
        /// What failed, for the log.
        detail: String,
    },
    /// 500 `internal_error`: anything unexpected. Logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The error as carried from handler to the localizing middleware.
#[derive(Clone, Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable snake_case code; also the key under `errors.` in the locale files.
    pub code: &'static str,
    /// Per-field reasons for 400 `validation_failed`.
    pub fields: Option<FieldErrors>,
    /// When a used-up quota resets (429 `quota_exceeded`).
    pub resets_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The JSON error body of every non-2xx API response (README, "Using the API").
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case error code, e.g. `validation_failed`.
    pub code: String,
    /// Human-readable message in the caller's language (`Accept-Language`).
    pub message: String,
    /// Invalid fields → translated reasons; only for `validation_failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
    /// Only for `quota_exceeded`: when the daily quota resets, the next UTC
    /// midnight (RFC 3339 with milliseconds, like every API time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resets_at: Option<String>,
}

/// `Result` with the crate error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::Validation(_) | Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorized | Error::SessionExpired => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::PayloadTooLarge | Error::StorageQuotaExceeded => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::RateLimited { .. } | Error::QuotaExceeded { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Error::NotConfigured(_) | Error::Unavailable(_) | Error::DependencyFailed { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation_failed",
            Error::BadRequest(c) | Error::Forbidden(c) | Error::Conflict(c) | Error::BadGateway(c) | Error::NotConfigured(c) => c,
            Error::Unauthorized => "unauthorized",
            Error::SessionExpired => "session_expired",
            Error::NotFound => "not_found",
            Error::PayloadTooLarge => "payload_too_large",
            Error::StorageQuotaExceeded => "storage_quota_exceeded",
            Error::UnsupportedMediaType => "unsupported_media_type",
            Error::RateLimited { .. } => "rate_limited",
            Error::QuotaExceeded { .. } => "quota_exceeded",
            Error::Unavailable(_) => "unavailable",
            Error::DependencyFailed { code, .. } => code,
            Error::Internal(_) => "internal_error",
        }
    }

    /// A single-field validation error.
    pub fn field(field: &str, code: &'static str) -> Self {
        let mut map = FieldErrors::new();
        map.insert(field.to_owned(), vec![FieldError { code, params: vec![] }]);
        Error::Validation(map)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let code = self.code();
        match &self {
            Error::Internal(e) => tracing::error!(error = ?e, "internal error"),
            Error::Unavailable(e) => tracing::error!(error = %e, "dependency unavailable"),
            Error::DependencyFailed { code, detail } => tracing::error!(code = *code, error = %detail, "dependency failed"),
            _ => {}
        }
        let mut resp = status.into_response();
        let (limited, resets_at) = match &self {
            Error::RateLimited { retry_after, limit } => (Some((*retry_after, *limit)), None),
            Error::QuotaExceeded { retry_after, limit, resets_at } => (Some((*retry_after, *limit)), Some(*resets_at)),
            _ => (None, None),
        };
        if let Some((retry_after, limit)) = limited {
            let h = resp.headers_mut();
            h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            h.insert("ratelimit-limit", HeaderValue::from(limit));
            h.insert("ratelimit-remaining", HeaderValue::from(0u64));
            h.insert("ratelimit-reset", HeaderValue::from(retry_after));
        }
        let fields = match self {
            Error::Validation(f) => Some(f),
            _ => None,
        };
        resp.extensions_mut().insert(ApiError { status, code, fields, resets_at });
        resp
    }
}

/// Code used for bare statuses produced outside handlers (e.g. by middleware).
pub fn default_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "bad_request",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        _ if status.is_server_error() => "internal_error",
        _ => "bad_request",
    }
}

impl From<DbErr> for Error {
    /// Unique violations become 409 here, in one place, with a code chosen from
    /// the violated index's name (`ux_users_email_key` → `email_taken`); a lost
    /// or unobtainable connection ([`connection_lost`]) becomes 503
    /// `unavailable` (retrying later helps); anything else is a 500.
    fn from(err: DbErr) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(msg)) = err.sql_err() {
            return Error::Conflict(conflict_code(&msg));
        }
        if connection_lost(&err) {
            return Error::Unavailable(err.to_string());
        }
        Error::Internal(anyhow::Error::new(err))
    }
}

/// MySQL/MariaDB error numbers that mean the connection is gone or cannot be
/// had: 1040 too many connections, 1053 server shutdown, 1077 normal
/// shutdown, 1152/1184 aborted connection, 1927 connection killed (MariaDB),
/// 2002/2003 cannot connect, 2006 server has gone away, 2013 lost connection
/// during query, 3169 session killed, 4031 disconnected by the server (MySQL
/// 8). The 2xxx are client codes: sqlx reports those as I/O errors, but a
/// proxy may relay them.
const MYSQL_CONNECTION_ERRORS: [u16; 12] = [1040, 1053, 1077, 1152, 1184, 1927, 2002, 2003, 2006, 2013, 3169, 4031];

/// Whether `err` means the database is out of reach rather than that the
/// statement was wrong: the pool could not hand out a connection in time or
/// is closed; the connection broke (I/O, TLS, protocol errors, a crashed
/// SQLite worker); PostgreSQL answered SQLSTATE class 08 (connection
/// exception), 57P01/57P02/57P03/57P05 (administrator or crash shutdown,
/// cannot connect now, idle session timeout) or 53300 (too many
/// connections); MySQL answered one of `MYSQL_CONNECTION_ERRORS` or a
/// class-08 SQLSTATE; SQLite stayed busy ([`sqlite_busy`]). Such failures
/// answer 503 `unavailable`: the request
/// may succeed once the database is back, and nothing about it is the
/// client's or the code's fault.
pub fn connection_lost(err: &DbErr) -> bool {
    use sea_orm::sqlx::mysql::MySqlDatabaseError;
    use sea_orm::sqlx::postgres::PgDatabaseError;
    use sea_orm::sqlx::sqlite::SqliteError;
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::RuntimeErr;
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match &**sqlx {
        Sqlx::Io(_) | Sqlx::Tls(_) | Sqlx::Protocol(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
        Sqlx::Database(db) => {
            if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
                pg_connection_lost(pg.code())
            } else if let Some(my) = db.try_downcast_ref::<MySqlDatabaseError>() {
                mysql_connection_lost(my.number(), my.code())
            } else if db.try_downcast_ref::<SqliteError>().is_some() {
                db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(sqlite_busy)
            } else {
                false
            }
        }
        _ => false,
    }
}

/// PostgreSQL SQLSTATEs of [`connection_lost`].
fn pg_connection_lost(sqlstate: &str) -> bool {
    sqlstate.starts_with("08") || matches!(sqlstate, "57P01" | "57P02" | "57P03" | "57P05" | "53300")
}

/// MySQL error numbers and SQLSTATEs of [`connection_lost`].
fn mysql_connection_lost(number: u16, sqlstate: Option<&str>) -> bool {
    MYSQL_CONNECTION_ERRORS.contains(&number) || sqlstate.is_some_and(|c| c.starts_with("08"))
}

/// Whether an SQLite (extended) result code is `SQLITE_BUSY` (5): the
/// database stayed locked by another connection past `busy_timeout`. Like a
/// pool that hands out no connection in time, the request may succeed later.
pub fn sqlite_busy(code: i32) -> bool {
    code & 0xff == 5
}

/// Map a unique-violation message to a stable 409 code.
fn conflict_code(msg: &str) -> &'static str {
    const TABLE: &[(&str, &str)] = &[
        ("account_key", "account_taken"),
        ("email_key", "email_taken"),
        ("phone", "phone_taken"),
    ];
    TABLE
        .iter()
        .find(|(needle, _)| msg.contains(needle))
        .map_or("conflict", |(_, code)| code)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};

    use super::*;

    fn query(e: Sqlx) -> DbErr {
        DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
    }

    #[test]
    fn a_broken_or_unobtainable_connection_is_503_unavailable() {
        let lost = [
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
            DbErr::Conn(RuntimeErr::Internal("refused".into())),
            query(Sqlx::Io(std::io::Error::from(std::io::ErrorKind::UnexpectedEof))),
            DbErr::Exec(RuntimeErr::SqlxError(Arc::new(Sqlx::Io(std::io::Error::from(std::io::ErrorKind::ConnectionReset))))),
            query(Sqlx::Protocol("unexpected message".into())),
            query(Sqlx::Tls("handshake".into())),
            query(Sqlx::PoolTimedOut),
            query(Sqlx::PoolClosed),
            query(Sqlx::WorkerCrashed),
        ];
        for err in lost {
            let text = err.to_string();
            let e = Error::from(err);
            assert_eq!((e.status(), e.code()), (StatusCode::SERVICE_UNAVAILABLE, "unavailable"), "{text}");
        }
    }

    #[test]
    fn statement_errors_stay_500() {
        for err in [query(Sqlx::RowNotFound), query(Sqlx::ColumnNotFound("x".into())), DbErr::Custom("bug".into()), DbErr::RecordNotFound("x".into())] {
            assert_eq!(Error::from(err).status(), StatusCode::INTERNAL_SERVER_ERROR);
        }
    }

    #[test]
    fn postgres_and_mysql_codes_of_a_lost_connection() {
        for code in ["08000", "08003", "08006", "08P01", "57P01", "57P02", "57P03", "57P05", "53300"] {
            assert!(pg_connection_lost(code), "{code}");
        }
        for code in ["23505", "22021", "42P01", "40001", "57014"] {
            assert!(!pg_connection_lost(code), "{code}");
        }
        for n in [1040, 1053, 1927, 2006, 2013, 4031] {
            assert!(mysql_connection_lost(n, Some("HY000")), "{n}");
        }
        assert!(mysql_connection_lost(1, Some("08S01")));
        for busy in [5, 261, 517, 773] {
            assert!(sqlite_busy(busy), "{busy}");
        }
        for other in [1, 6, 19, 2067, 10] {
            assert!(!sqlite_busy(other), "{other}");
        }
        for n in [1062, 1146, 1064, 1213] {
            assert!(!mysql_connection_lost(n, Some("23000")), "{n}");
        }
    }
}
