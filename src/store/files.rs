//! Uploaded files as the store keeps them: a `files` row per upload; the
//! bytes live in object storage ([`crate::store::objects`]) under the row's
//! `storage_key`.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::entity::enums::FilePurpose;
use crate::entity::file;
use crate::store::Db;

/// A file to record after its bytes were stored.
#[derive(Clone, Debug)]
pub struct NewFile {
    /// `users.id` of the uploader.
    pub owner_id: i64,
    /// What it is for.
    pub purpose: FilePurpose,
    /// Where the bytes are in object storage.
    pub storage_key: String,
    /// MIME type detected from the content.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// The client's file name, at most 255 characters.
    pub original_name: Option<String>,
}

/// File `id`.
///
/// # Errors
/// Database failures.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<file::Model>, sea_orm::DbErr> {
    file::Entity::find_by_id(id).one(&db.read).await
}

/// Record `f`, created now.
///
/// # Errors
/// Database failures.
pub async fn insert(db: &Db, f: NewFile) -> Result<file::Model, sea_orm::DbErr> {
    let now = Utc::now();
    file::ActiveModel {
        owner_id: Set(f.owner_id),
        purpose: Set(f.purpose.as_str().into()),
        storage_key: Set(f.storage_key),
        content_type: Set(f.content_type),
        size: Set(f.size),
        original_name: Set(f.original_name),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db.write)
    .await
}

/// Delete the record of file `id` (not its bytes).
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, id: i64) -> Result<(), sea_orm::DbErr> {
    file::Entity::delete_by_id(id).exec(&db.write).await.map(|_| ())
}
