//! Uploaded files as the store keeps them: a `files` row per upload; the
//! bytes live in object storage ([`crate::store::objects`]) under the row's
//! `storage_key`.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, DbBackend, EntityTrait, FromQueryResult, Set};

use crate::entity::enums::FilePurpose;
use crate::entity::file;
use crate::store::sql::Sql;
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

/// Bytes of all files of `owner_id` (0 without files), in one query on the
/// `ix_files_owner` index. Read from the write pool so an upload just made is
/// counted.
///
/// # Errors
/// Database failures.
pub async fn total_size(db: &Db, owner_id: i64) -> Result<i64, sea_orm::DbErr> {
    #[derive(FromQueryResult)]
    struct Total {
        total: i64,
    }
    // SUM of a BIGINT is NUMERIC on PostgreSQL and DECIMAL on MySQL: cast back
    // to each backend's 64-bit integer.
    let int = match db.backend {
        DbBackend::MySql => "SIGNED",
        DbBackend::Postgres => "BIGINT",
        _ => "INTEGER",
    };
    let mut sql = Sql::new(db.backend);
    sql.push(&format!("SELECT CAST(COALESCE(SUM(size), 0) AS {int}) AS total FROM files WHERE owner_id = ")).bind(owner_id);
    Ok(Total::find_by_statement(sql.build()).one(&db.write).await?.map_or(0, |t| t.total))
}
