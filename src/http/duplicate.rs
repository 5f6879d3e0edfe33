//! The answer to a new 面经 that nearly duplicates one of its author's own
//! recent posts (issue 19; the rule is in
//! [`crate::features::experiences::similar`]).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::i18n::{tr, Lang};

/// The 409 answer to a new 面经 that nearly duplicates one of the author's
/// own recent posts: the error body (`ErrorBody`'s fields) plus the earlier
/// post's id. The OpenAPI document declares it as `ErrorBody`, whose
/// objects may carry more fields, so every 4xx keeps one schema.
#[derive(Debug, Serialize)]
pub struct DuplicateBody {
    /// `possible_duplicate`.
    pub code: String,
    /// In the caller's language.
    pub message: String,
    /// The earlier post.
    pub existing_id: i64,
}

/// The 409 `possible_duplicate` response naming `existing_id`. Its JSON is
/// rendered here (the error middleware leaves a JSON body alone) because the
/// shared error body has no place for the id.
pub fn possible_duplicate(lang: Lang, existing_id: i64) -> Response {
    let body = DuplicateBody { code: "possible_duplicate".into(), message: tr(lang, "errors.possible_duplicate", &[]), existing_id };
    (StatusCode::CONFLICT, [(header::CONTENT_LANGUAGE, lang.locale())], Json(body)).into_response()
}
