//! Uploads (SPEC §3 "Resumes and files"): `POST /api/files` (multipart:
//! `purpose` avatar|resume|recording and `file`), download by the owner or
//! through a signed expiring URL, delete.
//!
//! The type is decided from the bytes (magic numbers via `infer`), never
//! from the file name or the client's content type: a text file named
//! `.pdf` is 415. Size limits per purpose: avatar 2 MiB, resume 10 MiB,
//! recording 50 MiB (413 above). Avatars are public (they are shown next to
//! posts); resumes and recordings are readable by their owner, or by anyone
//! holding a signed link (`GET /api/files/{id}/link`, HMAC-SHA256 over
//! id and expiry with the server secret).

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use object_store::path::Path as StorePath;
use object_store::{ObjectStoreExt, PutPayload};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::ValidQuery;
use crate::features::accounts::token;
use crate::http::auth::{AuthUser, MaybeAuthUser};
use crate::entity::file;
use crate::error::{Error, Result};
use crate::state::AppState;

/// Largest upload of any purpose (plus multipart overhead).
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD + 64 * 1024))
        .routes(routes!(download, delete_file))
        .routes(routes!(link))
}

/// What a file is for, with its limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Profile picture: PNG, JPEG, WebP or GIF, ≤ 2 MiB, public.
    Avatar,
    /// Resume attachment: PDF, ≤ 10 MiB.
    Resume,
    /// Mock-interview answer recording: WebM, Ogg, MP3, WAV or M4A, ≤ 50 MiB.
    Recording,
}

impl Purpose {
    fn parse(s: &str) -> Option<Purpose> {
        match s {
            "avatar" => Some(Purpose::Avatar),
            "resume" => Some(Purpose::Resume),
            "recording" => Some(Purpose::Recording),
            _ => None,
        }
    }
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Avatar => "avatar",
            Purpose::Resume => "resume",
            Purpose::Recording => "recording",
        }
    }
    fn max_bytes(self) -> usize {
        match self {
            Purpose::Avatar => 2 * 1024 * 1024,
            Purpose::Resume => 10 * 1024 * 1024,
            Purpose::Recording => MAX_UPLOAD,
        }
    }
    fn allowed(self) -> &'static [&'static str] {
        match self {
            Purpose::Avatar => &["image/png", "image/jpeg", "image/webp", "image/gif"],
            Purpose::Resume => &["application/pdf"],
            Purpose::Recording => &["video/webm", "audio/webm", "audio/ogg", "audio/mpeg", "audio/x-wav", "audio/wav", "audio/m4a", "audio/mp4", "video/mp4"],
        }
    }
}

/// An uploaded file.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileInfo {
    pub id: i64,
    /// `avatar` | `resume` | `recording`.
    pub purpose: String,
    /// Detected from the content.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    pub original_name: Option<String>,
    /// Where to download it (owner session, or public for avatars).
    pub url: String,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
}

impl From<&file::Model> for FileInfo {
    fn from(f: &file::Model) -> Self {
        FileInfo {
            id: f.id,
            purpose: f.purpose.clone(),
            content_type: f.content_type.clone(),
            size: f.size,
            original_name: f.original_name.clone(),
            url: format!("/api/files/{}", f.id),
            created_at: f.created_at,
        }
    }
}

/// The multipart form of `POST /api/files` (for the OpenAPI document).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// `avatar` | `resume` | `recording`.
    purpose: String,
    /// The file.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

/// Detect the content type of `bytes` (WebM audio is reported as video/webm).
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    infer::get(bytes).map(|t| t.mime_type())
}

/// Upload a file. 413 over the purpose's limit, 415 when the content is not
/// one of the purpose's types.
#[utoipa::path(post, path = "/api/files", tag = "files", security(("bearer" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"), responses(
    (status = 201, body = FileInfo), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 413, body = crate::error::ErrorBody), (status = 415, body = crate::error::ErrorBody)))]
async fn upload(State(state): State<AppState>, me: AuthUser, mut form: Multipart) -> Result<(StatusCode, Json<FileInfo>)> {
    let mut purpose: Option<Purpose> = None;
    let mut data: Option<(Vec<u8>, Option<String>)> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(Error::PayloadTooLarge),
            Err(_) => return Err(Error::BadRequest("bad_request")),
        };
        match field.name() {
            Some("purpose") => {
                let text = field.text().await.map_err(|_| Error::BadRequest("bad_request"))?;
                purpose = Some(Purpose::parse(text.trim()).ok_or_else(|| Error::field("purpose", "enum_value"))?);
            }
            Some("file") => {
                let name = field.file_name().map(|n| n.chars().take(255).collect::<String>());
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE { Error::PayloadTooLarge } else { Error::BadRequest("bad_request") }
                })?;
                data = Some((bytes.to_vec(), name));
            }
            _ => {}
        }
    }
    let purpose = purpose.ok_or_else(|| Error::field("purpose", "required"))?;
    let (bytes, name) = data.ok_or_else(|| Error::field("file", "required"))?;
    if bytes.is_empty() {
        return Err(Error::field("file", "not_empty"));
    }
    if bytes.len() > purpose.max_bytes() {
        return Err(Error::PayloadTooLarge);
    }
    let content_type = sniff(&bytes).filter(|t| purpose.allowed().contains(t)).ok_or(Error::UnsupportedMediaType)?;
    let now = Utc::now();
    let key = format!("{}/{}/{}", purpose.as_str(), now.format("%Y/%m"), uuid::Uuid::new_v4().simple());
    let size = bytes.len() as i64;
    state
        .storage
        .put(&StorePath::from(key.as_str()), PutPayload::from(bytes))
        .await
        .map_err(|e| Error::Unavailable(format!("storage: {e}")))?;
    let saved = file::ActiveModel {
        owner_id: Set(me.user_id),
        purpose: Set(purpose.as_str().into()),
        storage_key: Set(key.clone()),
        content_type: Set(content_type.into()),
        size: Set(size),
        original_name: Set(name),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db.write)
    .await;
    match saved {
        Ok(f) => Ok((StatusCode::CREATED, Json(FileInfo::from(&f)))),
        Err(e) => {
            // Keep storage and database in step: no orphan bytes.
            let _ = state.storage.delete(&StorePath::from(key.as_str())).await;
            Err(e.into())
        }
    }
}

/// Signed-URL parameters.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Signature {
    /// Unix time (seconds) after which the link stops working.
    pub expires: Option<i64>,
    /// HMAC from `GET /api/files/{id}/link`.
    #[validate(length(max = 100))]
    pub sig: Option<String>,
}

fn signed(state: &AppState, id: i64, expires: i64) -> String {
    token::sign(&state.secret, "file", &format!("{id}:{expires}"))
}

/// Read a file's bytes from storage.
///
/// # Errors
/// 404 when missing, 503 when storage fails.
pub async fn read_bytes(state: &AppState, f: &file::Model) -> Result<bytes::Bytes> {
    let got = state.storage.get(&StorePath::from(f.storage_key.as_str())).await.map_err(|e| match e {
        object_store::Error::NotFound { .. } => Error::NotFound,
        other => Error::Unavailable(format!("storage: {other}")),
    })?;
    got.bytes().await.map_err(|e| Error::Unavailable(format!("storage: {e}")))
}

/// Download a file: avatars are public; other files need the owner's session
/// or a valid signed link.
#[utoipa::path(get, path = "/api/files/{id}", tag = "files", params(("id" = i64, Path), Signature), responses(
    (status = 200, content_type = "application/octet-stream", body = String), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn download(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>, ValidQuery(sig): ValidQuery<Signature>) -> Result<Response> {
    let f = file::Entity::find_by_id(id).one(&state.db.read).await?.ok_or(Error::NotFound)?;
    let link_ok = match (sig.expires, sig.sig.as_deref()) {
        (Some(exp), Some(s)) => exp >= Utc::now().timestamp() && token::verify_signature(&state.secret, "file", &format!("{id}:{exp}"), s),
        _ => false,
    };
    let owner = me.as_ref().is_some_and(|m| m.user_id == f.owner_id);
    if !(f.purpose == "avatar" || owner || link_ok) {
        return Err(if sig.sig.is_some() { Error::Forbidden("forbidden") } else if me.is_none() { Error::Unauthorized } else { Error::Forbidden("forbidden") });
    }
    let bytes = read_bytes(&state, &f).await?;
    let disposition = match &f.original_name {
        Some(n) => format!("inline; filename*=UTF-8''{}", percent_encode(n)),
        None => "inline".into(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, if f.purpose == "avatar" { "public, max-age=86400".into() } else { "private, no-store".into() }),
        ],
        Body::from(bytes),
    )
        .into_response())
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// `GET /api/files/{id}/link` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkQuery {
    /// Lifetime in seconds, 60–604800 (7 days). Default 3600.
    #[validate(range(min = 60, max = 604_800))]
    pub ttl: Option<i64>,
}

/// A signed link.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedLink {
    /// Path with `expires` and `sig` query parameters.
    pub url: String,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: chrono::DateTime<Utc>,
}

/// A signed, expiring link to one of the caller's files (to share a resume).
#[utoipa::path(get, path = "/api/files/{id}/link", tag = "files", security(("bearer" = [])), params(("id" = i64, Path), LinkQuery), responses(
    (status = 200, body = SignedLink), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn link(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>, ValidQuery(q): ValidQuery<LinkQuery>) -> Result<Json<SignedLink>> {
    let f = file::Entity::find_by_id(id).one(&state.db.read).await?.ok_or(Error::NotFound)?;
    if f.owner_id != me.user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    let expires_at = Utc::now() + chrono::Duration::seconds(q.ttl.unwrap_or(3600));
    let exp = expires_at.timestamp();
    Ok(Json(SignedLink { url: format!("/api/files/{id}?expires={exp}&sig={}", signed(&state, id, exp)), expires_at }))
}

/// Delete one of the caller's files (bytes and record).
#[utoipa::path(delete, path = "/api/files/{id}", tag = "files", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_file(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    let f = file::Entity::find_by_id(id).one(&state.db.write).await?.ok_or(Error::NotFound)?;
    if f.owner_id != me.user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    file::Entity::delete_by_id(id).exec(&state.db.write).await?;
    if let Err(e) = state.storage.delete(&StorePath::from(f.storage_key.as_str())).await {
        tracing::warn!(error = %e, key = %f.storage_key, "file record deleted but its bytes could not be removed");
    }
    Ok(StatusCode::NO_CONTENT)
}

