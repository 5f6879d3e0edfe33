//! Uploads over HTTP: `POST /api/files` (multipart: `purpose`
//! avatar|resume|recording|post_image and `file`), download by the owner or through a
//! signed expiring URL (`GET /api/files/{id}/link`), delete. What each
//! purpose accepts and who may read a file is [`crate::features::files`].

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::{check_text, ValidQuery};
use crate::entity::enums::FilePurpose;
use crate::entity::file;
use crate::error::{Error, Result};
use crate::features::files::{self, LinkParams, MAX_UPLOAD};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp, MaybeAuthUser};
use crate::http::security;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD + 64 * 1024))
        .routes(routes!(download, delete_file))
        .routes(routes!(link))
}

/// An uploaded file.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileInfo {
    /// `files.id`.
    pub id: i64,
    /// `avatar` | `resume` | `recording` | `post_image`.
    pub purpose: String,
    /// Detected from the content.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// The uploaded file's name, ≤ 255 characters.
    pub original_name: Option<String>,
    /// Where to download it (owner session, or public for avatars).
    pub url: String,
    /// When it was uploaded.
    pub created_at: ApiTime,
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
            created_at: f.created_at.into(),
        }
    }
}

/// The multipart form of `POST /api/files` (for the OpenAPI document).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// `avatar` | `resume` | `recording` | `post_image`.
    purpose: String,
    /// The file.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

/// Upload a file. 413 over the purpose's limit (`payload_too_large`) or over
/// the user's storage quota (`storage_quota_exceeded`), 415 when the content
/// is not one of the purpose's types, 429 over the upload rate limits.
#[utoipa::path(post, path = "/api/files", tag = "files", security(("bearer" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"), responses(
    (status = 201, body = FileInfo), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 413, body = crate::error::ErrorBody, description = "payload_too_large, storage_quota_exceeded"), (status = 415, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn upload(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, mut form: Multipart) -> Result<(StatusCode, Json<FileInfo>)> {
    write_limits::charge(&state, Action::Upload, Some(&me.0), &ip).await?;
    let mut purpose: Option<FilePurpose> = None;
    let mut data: Option<(Vec<u8>, Option<String>)> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(crate::http::body_error(e.status())),
        };
        match field.name() {
            Some("purpose") => {
                let text = field.text().await.map_err(|_| Error::BadRequest("bad_request"))?;
                check_text("purpose", &text)?;
                purpose = Some(text.trim().parse().map_err(|_| Error::field("purpose", "enum_value"))?);
            }
            Some("file") => {
                let name = field.file_name().map(str::to_owned);
                // The name is kept and shown: no control characters in it.
                check_text("file", name.as_deref().unwrap_or_default())?;
                let bytes = field.bytes().await.map_err(|e| crate::http::body_error(e.status()))?;
                data = Some((bytes.to_vec(), name));
            }
            _ => {}
        }
    }
    let purpose = purpose.ok_or_else(|| Error::field("purpose", "required"))?;
    let (bytes, name) = data.ok_or_else(|| Error::field("file", "required"))?;
    let f = files::upload(&state, me.user_id, purpose, bytes, name).await?;
    Ok((StatusCode::CREATED, Json(FileInfo::from(&f))))
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

/// Download a file: avatars and post images are public; other files need
/// the owner's session or a valid signed link.
///
/// Avatars, post images and recordings (which the UI shows in
/// `<img>` and `<audio>`) come `inline`, resumes as an `attachment`; every
/// file carries a sandboxing `Content-Security-Policy`, so even opened on its
/// own a file can run nothing (OWASP ASVS 5.0 V5.4.1).
#[utoipa::path(get, path = "/api/files/{id}", tag = "files", params(("id" = i64, Path), Signature), responses(
    (status = 200, content_type = "application/octet-stream", body = String), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn download(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, Path(id): Path<i64>, ValidQuery(sig): ValidQuery<Signature>) -> Result<Response> {
    let link = LinkParams { expires: sig.expires, sig: sig.sig.as_deref() };
    let (f, bytes) = files::download(&state, me.map(|m| m.user_id), id, link).await?;
    let inline = [FilePurpose::Avatar, FilePurpose::PostImage, FilePurpose::Recording].iter().any(|p| f.purpose == p.as_str());
    let disposition = content_disposition(if inline { "inline" } else { "attachment" }, f.original_name.as_deref());
    let cache = if files::is_public(&f.purpose) { "public, max-age=86400" } else { "private, no-store" };
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, cache.into()),
            (header::CONTENT_SECURITY_POLICY, security::FILE_CSP.into()),
        ],
        Body::from(bytes),
    )
        .into_response())
}

/// A `Content-Disposition` value (RFC 6266): `kind` plus, for a named file,
/// an ASCII `filename` fallback (anything but letters, digits and `-._ ()`
/// becomes `_`) and the exact name as `filename*=UTF-8''…` (RFC 8187
/// percent-encoding). Only the last path segment of the name is used.
fn content_disposition(kind: &str, name: Option<&str>) -> String {
    let Some(name) = name.map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).trim()).filter(|n| !n.is_empty()) else {
        return kind.to_owned();
    };
    let fallback: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || "-._ ()".contains(c) { c } else { '_' }).collect();
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{}", percent_encode(name))
}

/// RFC 8187 `value-chars`: `attr-char`s as they are, every other byte `%XX`.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
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
    /// When the link stops working.
    pub expires_at: ApiTime,
}

/// A signed, expiring link to one of the caller's files (to share a resume).
#[utoipa::path(get, path = "/api/files/{id}/link", tag = "files", security(("bearer" = [])), params(("id" = i64, Path), LinkQuery), responses(
    (status = 200, body = SignedLink), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn link(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>, ValidQuery(q): ValidQuery<LinkQuery>) -> Result<Json<SignedLink>> {
    let l = files::link(&state, me.user_id, id, q.ttl.unwrap_or(3600)).await?;
    Ok(Json(SignedLink { url: l.url, expires_at: l.expires_at.into() }))
}

/// Delete one of the caller's files (bytes and record).
#[utoipa::path(delete, path = "/api/files/{id}", tag = "files", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn delete_file(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    files::delete(&state, me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}


#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn disposition_has_a_safe_fallback_and_the_exact_name() {
        assert_eq!(content_disposition("attachment", None), "attachment");
        assert_eq!(content_disposition("inline", Some("me.png")), "inline; filename=\"me.png\"; filename*=UTF-8''me.png");
        assert_eq!(
            content_disposition("attachment", Some("简历 \"v2\";.pdf")),
            "attachment; filename=\"__ _v2__.pdf\"; filename*=UTF-8''%E7%AE%80%E5%8E%86%20%22v2%22%3B.pdf"
        );
        assert_eq!(content_disposition("attachment", Some("../../etc/passwd")), "attachment; filename=\"passwd\"; filename*=UTF-8''passwd");
        assert_eq!(content_disposition("attachment", Some("a\r\nb.pdf")), "attachment; filename=\"a__b.pdf\"; filename*=UTF-8''a%0D%0Ab.pdf");
    }
}
