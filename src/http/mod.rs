//! The JSON API under `/api`: one module per resource, each contributing an
//! `OpenApiRouter` so the OpenAPI document is generated from the handlers.

pub mod admin;
pub mod applications;
pub mod auth;
pub mod catalog;
pub mod codes;
pub mod comments;
pub mod community;
pub mod companies;
pub mod curation;
pub mod discussions;
pub mod duplicate;
pub mod drafts;
pub mod experiences;
pub mod export;
pub mod favorites;
pub mod feeds;
pub mod feedback;
pub mod files;
pub mod helpful;
pub mod learning;
pub mod mock_interviews;
pub mod notifications;
pub mod openapi;
pub mod pages;
pub mod public_posts;
pub mod questions;
pub mod reports;
pub mod resumes;
pub mod security;
pub mod sessions;
pub mod similar;
pub mod transcriptions;
pub mod health;
pub mod users;

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use validator::{Validate, ValidationErrors};

use self::openapi::SecuritySchemes;
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::state::AppState;

/// All API routes with their OpenAPI description, which lists every error
/// answer an operation can give (see [`openapi`]).
pub fn routes() -> OpenApiRouter<AppState> {
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(users::routes())
        .merge(sessions::routes())
        .merge(codes::routes())
        .merge(catalog::routes())
        .merge(admin::routes())
        .merge(curation::routes())
        .merge(experiences::routes())
        .merge(companies::routes())
        .merge(discussions::routes())
        .merge(comments::routes())
        .merge(favorites::routes())
        .merge(helpful::routes())
        .merge(public_posts::routes())
        .merge(drafts::routes())
        .merge(feedback::routes())
        .merge(questions::routes())
        .merge(files::routes())
        .merge(resumes::routes())
        .merge(mock_interviews::routes())
        .merge(transcriptions::routes())
        .merge(learning::routes())
        .merge(pages::routes())
        .merge(export::routes())
        .merge(notifications::routes())
        .merge(reports::routes())
        .merge(health::routes())
        .merge(applications::routes())
        .merge(similar::routes());
    openapi::ShapeErrors.modify(router.get_openapi_mut());
    router
}

#[derive(OpenApi)]
#[openapi(
    info(title = "mianjing API", description = "面经 community and interview practice platform. Errors are `{code, message, fields?}`; messages follow `Accept-Language` (zh-CN default, zh-TW, en)."),
    modifiers(&SecuritySchemes),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

/// JSON body extractor that validates with `validator` and reports failures in
/// the API's error format: malformed JSON → 400 `invalid_json`, wrong shape →
/// 400 `bad_request`, wrong content type → 415, over 1 MiB → 413, a control
/// character in any string ([`crate::text::forbidden`]) → 400
/// `validation_failed` naming the field with `control_chars`, invalid fields →
/// 400 `validation_failed` with `fields`.
pub struct ValidJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidJson<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self> {
        let value: T = json_body(req, state).await?;
        value.validate().map_err(validation_errors)?;
        Ok(ValidJson(value))
    }
}

/// JSON body extractor with the API's rejections (those of [`ValidJson`],
/// control characters included) but no `validator` pass, for handlers that
/// merge derive-based and hand-written checks into one answer (call
/// [`validation_fields`] on the body yourself).
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self> {
        Ok(JsonBody(json_body(req, state).await?))
    }
}

/// The body of a JSON request as `T`: what `axum::Json` does (content type,
/// size limit, parsing), plus the refusal of control characters anywhere in
/// the document, so that no handler can store one (a NUL made PostgreSQL
/// answer 500 and was stored as is on SQLite).
async fn json_body<T: DeserializeOwned, S: Send + Sync>(req: Request, state: &S) -> Result<T> {
    if !json_content_type(req.headers()) {
        return Err(Error::UnsupportedMediaType);
    }
    let bytes = Bytes::from_request(req, state).await.map_err(|r| body_error(r.status()))?;
    if crate::text::json_forbidden(&bytes).is_some() {
        // Rare: parse once more, untyped, only to name the field.
        return Err(match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Err(_) => Error::BadRequest("invalid_json"),
            Ok(doc) => match crate::text::json_field_with_forbidden(&doc) {
                Some(field) if !field.is_empty() => Error::field(&field, CONTROL_CHARS),
                _ => Error::BadRequest("bad_request"),
            },
        });
    }
    let axum::Json(value) = axum::Json::<T>::from_bytes(&bytes).map_err(json_rejection)?;
    Ok(value)
}

/// `application/json` or `application/*+json`, parameters ignored (the
/// rule of `axum::Json`).
fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.strip_prefix("application/") {
        Some(sub) => sub == "json" || (sub.ends_with("+json") && !sub.contains('/')),
        None => false,
    }
}

/// Field-error code of a control character in text (`validation.control_chars`
/// in `locales/security-failfast.yml`).
pub const CONTROL_CHARS: &str = "control_chars";

/// A text value taken from outside a JSON body (a multipart text field, a
/// file name), refused with 400 `validation_failed` naming `field` when it
/// holds a control character ([`crate::text::forbidden`]).
///
/// # Errors
/// `control_chars` on `field`.
pub fn check_text(field: &str, value: &str) -> Result<()> {
    if crate::text::has_forbidden(value) { Err(Error::field(field, CONTROL_CHARS)) } else { Ok(()) }
}

/// Refuse a query string with a control character in a value (400
/// `validation_failed` naming the parameter) or in a name (400
/// `bad_request`), after percent-decoding, before any handler sees it.
fn check_query(parts: &Parts) -> Result<()> {
    let Some(query) = parts.uri.query() else { return Ok(()) };
    // Cheap test first: a control character can only arrive percent-encoded
    // (`%00`), or as the raw bytes of U+FFFE/U+FFFF.
    if !query.contains('%') && !crate::text::has_forbidden(query) {
        return Ok(());
    }
    let axum::extract::Query(pairs) = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map_err(|_: QueryRejection| Error::BadRequest("bad_request"))?;
    for (name, value) in &pairs {
        if crate::text::has_forbidden(name) {
            return Err(Error::BadRequest("bad_request"));
        }
        check_text(name, value)?;
    }
    Ok(())
}

/// `validator` errors of `value` as field errors (empty when valid).
pub fn validation_fields<T: Validate>(value: &T) -> FieldErrors {
    match value.validate() {
        Ok(()) => FieldErrors::new(),
        Err(e) => match validation_errors(e) {
            Error::Validation(f) => f,
            _ => FieldErrors::new(),
        },
    }
}

/// The error for a request body (JSON bytes or a multipart field) that
/// could not be read, from the status axum gave it: 413 `payload_too_large`
/// over the body limit, else 400 `bad_request`.
pub(crate) fn body_error(status: StatusCode) -> Error {
    if status == StatusCode::PAYLOAD_TOO_LARGE { Error::PayloadTooLarge } else { Error::BadRequest("bad_request") }
}

fn json_rejection(r: JsonRejection) -> Error {
    match r.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::UnsupportedMediaType,
        _ => match r {
            JsonRejection::JsonSyntaxError(_) => Error::BadRequest("invalid_json"),
            _ => Error::BadRequest("bad_request"),
        },
    }
}

/// Query-string extractor whose rejection is the API's 400: bad shape →
/// `bad_request`, a control character in a value → `validation_failed`
/// naming the parameter with `control_chars`, invalid values →
/// `validation_failed`.
pub struct ValidQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ValidQuery<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        check_query(parts)?;
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map_err(|_: QueryRejection| Error::BadRequest("bad_request"))?;
        value.validate().map_err(validation_errors)?;
        Ok(ValidQuery(value))
    }
}

/// Convert `validator` errors to the API's field errors. Codes map to
/// `validation.*` keys in the locale files; `length` with only `max` becomes
/// `max_length`.
pub fn validation_errors(errs: ValidationErrors) -> Error {
    let mut out = FieldErrors::new();
    for (field, list) in errs.field_errors() {
        let reasons = list
            .iter()
            .map(|e| {
                let param = |k: &str| e.params.get(k).map(|v| v.to_string().trim_matches('"').to_owned());
                match e.code.as_ref() {
                    "length" => match (param("min"), param("max")) {
                        (Some(min), Some(max)) => FieldError { code: "length", params: vec![("min", min), ("max", max)] },
                        (_, Some(max)) => FieldError { code: "max_length", params: vec![("max", max)] },
                        _ => FieldError { code: "not_empty", params: vec![] },
                    },
                    "range" => FieldError {
                        code: "range",
                        params: vec![("min", param("min").unwrap_or_default()), ("max", param("max").unwrap_or_default())],
                    },
                    code => FieldError { code: known_code(code), params: vec![] },
                }
            })
            .collect();
        out.insert(field.to_string(), reasons);
    }
    Error::Validation(out)
}

fn known_code(code: &str) -> &'static str {
    const CODES: &[&str] = &[
        "required", "email", "phone", "target", "url", "date", "gender", "status", "purpose", "account_format",
        "password_weak", "password_common", "code_format", "not_empty", "school", "enum_value", "career", "max_items", "not_found",
    ];
    CODES.iter().copied().find(|c| *c == code).unwrap_or("bad_request")
}

/// `?page=1&per_page=20` (README, "Using the API"): `page` ≥ 1, `per_page` 1–100.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1-based page number. Default 1.
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: Option<u64>,
    /// Items per page, 1–100. Default 20.
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<u64>,
}

impl PageParams {
    /// (page, per_page) with defaults applied.
    pub fn resolve(&self) -> (u64, u64) {
        (self.page.unwrap_or(1), self.per_page.unwrap_or(20))
    }
}

/// `?q=` of the autocomplete-style lists (schools, companies, tags), with
/// [`PageParams`]: `q` is part of the name.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchPage {
    /// Part of the name, ≤ 100 characters.
    #[validate(length(max = 100))]
    pub q: Option<String>,
}

impl SearchPage {
    /// The trimmed, non-empty `q`.
    pub fn text(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// `validator` check that `s` is a code of the enum `T` (e.g.
/// `crate::entity::enums::InterviewResult`); the field error is `enum_value`.
///
/// # Errors
/// `enum_value` for any other text.
pub fn code<T: std::str::FromStr>(s: &str) -> std::result::Result<(), validator::ValidationError> {
    s.parse::<T>().map(|_| ()).map_err(|_| validator::ValidationError::new("enum_value"))
}

/// Deserialise a field that may be absent (`None`), `null` (`Some(None)`,
/// "clear it") or a value (with `#[serde(default, deserialize_with = "nullable")]`).
///
/// # Errors
/// The value's own deserialisation errors.
pub fn nullable<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The list envelope (README, "Using the API").
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Items in all pages.
    pub total: u64,
    /// 1-based page number.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
}

impl<T> Paged<T> {
    /// The envelope of a features page, each item mapped into its DTO by `f`.
    pub fn from_page<U>(page: crate::features::Page<U>, f: impl FnMut(U) -> T) -> Paged<T> {
        Paged { items: page.items.into_iter().map(f).collect(), total: page.total, page: page.page, per_page: page.per_page }
    }
}

/// Trim a string and turn an empty one into `None`.
pub fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}
