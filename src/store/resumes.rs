//! Resumes in the database (`resumes`, one per user; list fields are JSON
//! arrays) and the files attached to them.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::entity::resume;
use crate::store::Db;

/// The resume of `user_id`.
///
/// # Errors
/// Database failures.
pub async fn of_user<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<Option<resume::Model>, DbErr> {
    resume::Entity::find().filter(resume::Column::UserId.eq(user_id)).one(db).await
}


/// The stored fields of a resume; list fields as JSON arrays.
#[derive(Clone, Debug, Default)]
pub struct ResumeFields {
    /// Free text about oneself.
    pub autobiography: Option<String>,
    /// JSON array of schools.
    pub education: String,
    /// JSON array of jobs.
    pub work_experience: String,
    /// JSON array of projects.
    pub portfolio: String,
    /// JSON array of skills.
    pub skills: String,
    /// The attached PDF.
    pub attachment_file_id: Option<i64>,
    /// Text extracted from it.
    pub attachment_text: Option<String>,
}

/// Store the resume of `user_id`.
///
/// # Errors
/// A unique violation when the user has one; database failures.
pub async fn create(db: &Db, user_id: i64, f: ResumeFields, now: DateTime<Utc>) -> Result<resume::Model, DbErr> {
    resume::ActiveModel {
        user_id: Set(user_id),
        autobiography: Set(f.autobiography),
        education: Set(f.education),
        work_experience: Set(f.work_experience),
        portfolio: Set(f.portfolio),
        skills: Set(f.skills),
        attachment_file_id: Set(f.attachment_file_id),
        attachment_text: Set(f.attachment_text),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db.write)
    .await
}

/// Changes to a resume; `None` keeps a field.
#[derive(Clone, Debug, Default)]
pub struct ResumePatch {
    /// New text; `Some(None)` clears it.
    pub autobiography: Option<Option<String>>,
    /// New JSON array of schools.
    pub education: Option<String>,
    /// New JSON array of jobs.
    pub work_experience: Option<String>,
    /// New JSON array of projects.
    pub portfolio: Option<String>,
    /// New JSON array of skills.
    pub skills: Option<String>,
    /// New attachment and its text; `Some((None, None))` detaches.
    pub attachment: Option<(Option<i64>, Option<String>)>,
}

/// Apply `patch` to the resume `current`.
///
/// # Errors
/// Database failures.
pub async fn update(db: &Db, current: resume::Model, patch: ResumePatch, now: DateTime<Utc>) -> Result<resume::Model, DbErr> {
    let mut am: resume::ActiveModel = current.into();
    if let Some(a) = patch.autobiography {
        am.autobiography = Set(a);
    }
    if let Some(v) = patch.education {
        am.education = Set(v);
    }
    if let Some(v) = patch.work_experience {
        am.work_experience = Set(v);
    }
    if let Some(v) = patch.portfolio {
        am.portfolio = Set(v);
    }
    if let Some(v) = patch.skills {
        am.skills = Set(v);
    }
    if let Some((id, text)) = patch.attachment {
        am.attachment_file_id = Set(id);
        am.attachment_text = Set(text);
    }
    am.updated_at = Set(now);
    am.update(&db.write).await
}

/// Delete the resume of `user_id`; `false` when there was none.
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, user_id: i64) -> Result<bool, DbErr> {
    Ok(resume::Entity::delete_many().filter(resume::Column::UserId.eq(user_id)).exec(&db.write).await?.rows_affected > 0)
}
