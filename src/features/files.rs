//! Uploads: what each purpose accepts, who may read a file, signed links.
//!
//! The type is decided from the bytes (magic numbers via `infer`), never
//! from the file name or the client's content type: a text file named
//! `.pdf` is refused. Size limits per purpose: avatar 2 MiB, post image
//! 5 MiB, resume 10 MiB, recording 50 MiB. Avatars and post images are
//! public (they are shown next to and inside posts, which anyone may read);
//! resumes and recordings are readable by their owner, or by anyone holding
//! a signed link (HMAC-SHA256 over id and expiry with the server secret).
//! Bytes live in object storage under `<purpose>/<yyyy>/<mm>/<uuid>`.

use chrono::{DateTime, Utc};

use crate::entity::enums::FilePurpose;
use crate::entity::file;
use crate::error::{Error, Result};
use crate::features::accounts::token;
use crate::features::write_limits;
use crate::state::AppState;
use crate::store::files::{self, NewFile};
use crate::store::objects;

/// Largest upload of any purpose, bytes.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

/// Largest file of `purpose`, bytes.
pub fn max_bytes(purpose: FilePurpose) -> usize {
    match purpose {
        FilePurpose::Avatar => 2 * 1024 * 1024,
        FilePurpose::PostImage => 5 * 1024 * 1024,
        FilePurpose::Resume => 10 * 1024 * 1024,
        FilePurpose::Recording => MAX_UPLOAD,
    }
}

/// Content types `purpose` accepts: PNG, JPEG, WebP or GIF avatars and
/// post images (no SVG: it is a document that can carry script), PDF
/// resumes, WebM, Ogg, MP3, WAV or M4A recordings.
pub fn allowed(purpose: FilePurpose) -> &'static [&'static str] {
    match purpose {
        FilePurpose::Avatar | FilePurpose::PostImage => &["image/png", "image/jpeg", "image/webp", "image/gif"],
        FilePurpose::Resume => &["application/pdf"],
        FilePurpose::Recording => &["video/webm", "audio/webm", "audio/ogg", "audio/mpeg", "audio/x-wav", "audio/wav", "audio/m4a", "audio/mp4", "video/mp4"],
    }
}

/// Whether anyone may read files of `purpose` (avatars and post images).
pub fn is_public(purpose: &str) -> bool {
    purpose == FilePurpose::Avatar.as_str() || purpose == FilePurpose::PostImage.as_str()
}

/// The content type of `bytes` (WebM audio is reported as video/webm).
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    infer::get(bytes).map(|t| t.mime_type())
}

/// The content type `purpose` stores `bytes` as.
///
/// # Errors
/// 400 `validation_failed` (`file` empty), 413 over the purpose's limit,
/// 415 when the content is not one of the purpose's types.
fn check(purpose: FilePurpose, bytes: &[u8]) -> Result<&'static str> {
    if bytes.is_empty() {
        return Err(Error::field("file", "not_empty"));
    }
    if bytes.len() > max_bytes(purpose) {
        return Err(Error::PayloadTooLarge);
    }
    sniff(bytes).filter(|t| allowed(purpose).contains(t)).ok_or(Error::UnsupportedMediaType)
}

/// Store an upload of `owner_id`: the bytes first, then the record (the
/// bytes are removed again if the record cannot be written).
///
/// # Errors
/// As [`check`]; 413 `storage_quota_exceeded` over the owner's storage
/// quota ([`write_limits::check_storage`]); 503 when storage fails.
pub async fn upload(state: &AppState, owner_id: i64, purpose: FilePurpose, bytes: Vec<u8>, original_name: Option<String>) -> Result<file::Model> {
    let content_type = check(purpose, &bytes)?;
    write_limits::check_storage(state, owner_id, bytes.len() as u64).await?;
    let key = format!("{}/{}/{}", purpose.as_str(), Utc::now().format("%Y/%m"), uuid::Uuid::new_v4().simple());
    let size = bytes.len() as i64;
    objects::put(state.storage.as_ref(), &key, bytes).await?;
    let new = NewFile {
        owner_id,
        purpose,
        storage_key: key.clone(),
        content_type: content_type.into(),
        size,
        original_name: original_name.map(|n| n.chars().take(255).collect()),
    };
    match files::insert(&state.db, new).await {
        Ok(f) => Ok(f),
        Err(e) => {
            // Keep storage and database in step: no orphan bytes.
            let _ = objects::delete(state.storage.as_ref(), &key).await;
            Err(e.into())
        }
    }
}

/// File `id`, whoever owns it.
///
/// # Errors
/// Database failures.
pub async fn find(state: &AppState, id: i64) -> Result<Option<file::Model>> {
    Ok(files::by_id(&state.db, id).await?)
}

/// File `id` when it belongs to `owner_id` and is for `purpose` (what a
/// resume attachment or an answer recording may refer to).
///
/// # Errors
/// Database failures.
pub async fn owned(state: &AppState, owner_id: i64, id: i64, purpose: FilePurpose) -> Result<Option<file::Model>> {
    Ok(find(state, id).await?.filter(|f| f.owner_id == owner_id && f.purpose == purpose.as_str()))
}

/// The bytes of `f`.
///
/// # Errors
/// 404 when the bytes are missing, 503 when storage fails.
pub async fn read_bytes(state: &AppState, f: &file::Model) -> Result<bytes::Bytes> {
    objects::get(state.storage.as_ref(), &f.storage_key).await
}

fn signature(state: &AppState, id: i64, expires: i64) -> String {
    token::sign(&state.secret, "file", &format!("{id}:{expires}"))
}

/// A signed link's query: `expires` (Unix seconds) and `sig`.
#[derive(Clone, Copy, Debug)]
pub struct LinkParams<'a> {
    /// Unix time (seconds) after which the link stops working.
    pub expires: Option<i64>,
    /// The signature of the link.
    pub sig: Option<&'a str>,
}

/// File `id` and its bytes, for `viewer` (a user id) or a signed link:
/// avatars are public; other files need their owner or a valid link.
///
/// # Errors
/// 404 for an unknown file; 403 for a bad or expired link or another
/// user's file; 401 without a session or link.
pub async fn download(state: &AppState, viewer: Option<i64>, id: i64, link: LinkParams<'_>) -> Result<(file::Model, bytes::Bytes)> {
    let f = files::by_id(&state.db, id).await?.ok_or(Error::NotFound)?;
    let link_ok = match (link.expires, link.sig) {
        (Some(exp), Some(s)) => exp >= Utc::now().timestamp() && token::verify_signature(&state.secret, "file", &format!("{id}:{exp}"), s),
        _ => false,
    };
    let owner = viewer == Some(f.owner_id);
    if !(is_public(&f.purpose) || owner || link_ok) {
        return Err(if link.sig.is_some() || viewer.is_some() { Error::Forbidden("forbidden") } else { Error::Unauthorized });
    }
    let bytes = read_bytes(state, &f).await?;
    Ok((f, bytes))
}

/// A signed link to a file.
#[derive(Clone, Debug)]
pub struct SignedLink {
    /// Path with `expires` and `sig` query parameters.
    pub url: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// A signed link to file `id` of `owner_id`, valid `ttl_secs` seconds
/// (to share a resume).
///
/// # Errors
/// 404 for an unknown file, 403 for another user's.
pub async fn link(state: &AppState, owner_id: i64, id: i64, ttl_secs: i64) -> Result<SignedLink> {
    let f = files::by_id(&state.db, id).await?.ok_or(Error::NotFound)?;
    if f.owner_id != owner_id {
        return Err(Error::Forbidden("forbidden"));
    }
    let expires_at = Utc::now() + chrono::Duration::seconds(ttl_secs);
    let exp = expires_at.timestamp();
    Ok(SignedLink { url: format!("/api/files/{id}?expires={exp}&sig={}", signature(state, id, exp)), expires_at })
}

/// Delete file `id` of `owner_id`: the record, then the bytes (a failure to
/// remove the bytes is logged, the file is gone either way).
///
/// # Errors
/// 404 for an unknown file, 403 for another user's.
pub async fn delete(state: &AppState, owner_id: i64, id: i64) -> Result<()> {
    let f = files::by_id(&state.db, id).await?.ok_or(Error::NotFound)?;
    if f.owner_id != owner_id {
        return Err(Error::Forbidden("forbidden"));
    }
    files::delete(&state.db, id).await?;
    if let Err(e) = objects::delete(state.storage.as_ref(), &f.storage_key).await {
        tracing::warn!(error = %e, key = %f.storage_key, "file record deleted but its bytes could not be removed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];

    #[test]
    fn the_type_comes_from_the_bytes_and_must_suit_the_purpose() {
        assert_eq!(check(FilePurpose::Avatar, PNG).ok(), Some("image/png"));
        assert!(matches!(check(FilePurpose::Resume, PNG), Err(Error::UnsupportedMediaType)));
        assert!(matches!(check(FilePurpose::Resume, b"%PDF-1.7 but named .txt"), Ok("application/pdf")));
        assert!(matches!(check(FilePurpose::Resume, b"plain text named .pdf"), Err(Error::UnsupportedMediaType)));
        assert!(matches!(check(FilePurpose::Avatar, b""), Err(Error::Validation(_))));
        assert_eq!(check(FilePurpose::PostImage, PNG).ok(), Some("image/png"));
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert!(matches!(check(FilePurpose::PostImage, svg), Err(Error::UnsupportedMediaType)), "no SVG, whatever it is called");
    }

    #[test]
    fn each_purpose_has_its_size_limit_and_only_avatars_are_public() {
        let big = [PNG, &vec![0u8; max_bytes(FilePurpose::Avatar)]].concat();
        assert!(matches!(check(FilePurpose::Avatar, &big), Err(Error::PayloadTooLarge)));
        assert!(max_bytes(FilePurpose::Resume) < max_bytes(FilePurpose::Recording));
        assert_eq!(max_bytes(FilePurpose::Recording), MAX_UPLOAD);
        assert!(is_public("avatar") && is_public("post_image"));
        assert!(!is_public("resume") && !is_public("recording"));
    }
}
