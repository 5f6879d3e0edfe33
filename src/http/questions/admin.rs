//! Admin endpoints of the bank: `POST /api/questions`, `PATCH` and `DELETE
//! /api/questions/{id}`, and `GET /api/questions/export` (JSONL).

use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{valid_difficulty, valid_kind, valid_lang, QuestionDetail};
use crate::error::{Error, Result};
use crate::features::community::Viewer;
use crate::features::questions::admin::{self, QuestionFields};
use crate::features::questions::import::{self, MAX_IMPORT};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AdminUser, ClientIp};
use crate::http::{validation_fields, JsonBody};
use crate::state::AppState;

/// Body of admin `POST /api/questions`; `PATCH` takes any subset.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionInput {
    /// 1–10000 characters (Markdown).
    pub content: Option<String>,
    /// Reference answer (Markdown), ≤ 50000; empty clears it.
    #[validate(length(max = 50000))]
    pub answer: Option<String>,
    pub career_id: Option<i64>,
    /// `easy` | `medium` | `hard`.
    #[validate(custom(function = "valid_difficulty"))]
    pub difficulty: Option<String>,
    /// ≤ 10 tags of 1–50 characters.
    pub tags: Option<Vec<String>>,
    /// `zh` | `en`.
    #[validate(custom(function = "valid_lang"))]
    pub lang: Option<String>,
    #[validate(length(max = 100))]
    pub source: Option<String>,
    #[validate(length(max = 50))]
    pub license: Option<String>,
    /// `technical` | `coding` | `design` | `behavioural` | `reverse`;
    /// classified from career, tags and text when adding without one.
    #[validate(custom(function = "valid_kind"))]
    pub kind: Option<String>,
    /// Key points a good answer covers: 1–12 strings of 1–100 characters;
    /// `null` clears them (derived from the reference answer again).
    #[serde(default, deserialize_with = "crate::http::nullable")]
    #[schema(value_type = Option<Vec<String>>)]
    pub key_points: Option<Option<Vec<String>>>,
}

impl From<QuestionInput> for QuestionFields {
    /// Codes that do not parse become `None`; `validation_fields` reports them.
    fn from(i: QuestionInput) -> Self {
        QuestionFields {
            content: i.content,
            answer: i.answer,
            career_id: i.career_id,
            difficulty: i.difficulty.and_then(|d| d.parse().ok()),
            tags: i.tags,
            lang: i.lang.and_then(|l| l.parse().ok()),
            source: i.source,
            license: i.license,
            kind: i.kind.and_then(|k| k.parse().ok()),
            key_points: i.key_points,
        }
    }
}

/// Add a question (admins). 409 `conflict` when the same text exists.
#[utoipa::path(post, path = "/api/questions", tag = "questions", security(("bearer" = [])), request_body = QuestionInput, responses(
    (status = 201, body = QuestionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub(super) async fn create_question(State(state): State<AppState>, admin: AdminUser, JsonBody(input): JsonBody<QuestionInput>) -> Result<(StatusCode, Json<QuestionDetail>)> {
    let errors = validation_fields(&input);
    let created = admin::create(&state, Viewer::of(Some(&admin.0)), input.into(), errors).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// Edit a question (admins).
#[utoipa::path(patch, path = "/api/questions/{id}", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = QuestionInput, responses(
    (status = 200, body = QuestionDetail), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub(super) async fn update_question(State(state): State<AppState>, admin: AdminUser, Path(id): Path<i64>, JsonBody(input): JsonBody<QuestionInput>) -> Result<Json<QuestionDetail>> {
    let errors = validation_fields(&input);
    Ok(Json(admin::update(&state, Viewer::of(Some(&admin.0)), id, input.into(), errors).await?.into()))
}

/// Delete a question (admins); its tags, notes, company links and favorites go with it.
#[utoipa::path(delete, path = "/api/questions/{id}", tag = "questions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub(super) async fn delete_question(State(state): State<AppState>, _admin: AdminUser, Path(id): Path<i64>) -> Result<StatusCode> {
    admin::delete(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The whole bank as JSONL in the import schema (admins).
#[utoipa::path(get, path = "/api/questions/export", tag = "questions", security(("bearer" = [])), responses(
    (status = 200, content_type = "application/x-ndjson", body = String), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub(super) async fn export_questions(State(state): State<AppState>, _admin: AdminUser) -> Result<Response> {
    let out = admin::export(&state).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"questions.jsonl\"")],
        Body::from(out),
    )
        .into_response())
}

/// The multipart form of `POST /api/questions/import` (for the OpenAPI document).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// The JSONL file (schema of `mianjing import questions`), ≤ 20 MiB.
    #[schema(format = Binary, content_media_type = "application/x-ndjson")]
    file: String,
}

/// A rejected line of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportLineError {
    /// 1-based line number in the file.
    pub line: usize,
    /// Why it was rejected (English, as `mianjing import` prints it).
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// Non-empty lines read.
    pub lines: usize,
    /// Questions added.
    pub inserted: usize,
    /// Valid questions already in the bank (left unchanged).
    pub skipped: usize,
    /// Rejected lines, by line number.
    pub errors: Vec<ImportLineError>,
}

/// Import questions from an uploaded JSONL file (admins; the schema and
/// parser of `mianjing import questions`, so an export imports back).
/// Bad lines are reported with their number and reason and skipped, the
/// rest go in. 413 `payload_too_large` over 20 MiB; 409 `import_running`
/// while another import runs on this node.
#[utoipa::path(post, path = "/api/questions/import", tag = "questions", security(("bearer" = [])),
    request_body(content = ImportForm, content_type = "multipart/form-data"), responses(
    (status = 200, body = ImportReport), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody, description = "import_running"),
    (status = 413, body = crate::error::ErrorBody, description = "payload_too_large"), (status = 429, body = crate::error::ErrorBody)))]
pub(super) async fn import_questions(State(state): State<AppState>, admin: AdminUser, ClientIp(ip): ClientIp, mut form: Multipart) -> Result<Json<ImportReport>> {
    write_limits::charge(&state, Action::Upload, Some(&admin.0), &ip).await?;
    let mut data = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(crate::http::body_error(e.status())),
        };
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|e| crate::http::body_error(e.status()))?;
            if bytes.len() > MAX_IMPORT {
                return Err(Error::PayloadTooLarge);
            }
            data = Some(bytes);
        }
    }
    let data = data.ok_or_else(|| Error::field("file", "required"))?;
    let r = import::import_upload(&state, &data).await?;
    Ok(Json(ImportReport {
        lines: r.lines,
        inserted: r.inserted,
        skipped: r.skipped,
        errors: r.errors.into_iter().map(|(line, reason)| ImportLineError { line, reason }).collect(),
    }))
}
