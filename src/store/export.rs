//! Everything one user owns, read for the data export
//! ([`crate::features::export`]): one query per table, each by the owning
//! user's id and without deleted rows, oldest first. Reads go to the write
//! connection, so an export just after a write includes it.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{comment, discussion, experience, favorite, file, mock_interview, mock_interview_answer, question_note};
use crate::store::Db;

type R<T> = std::result::Result<Vec<T>, sea_orm::DbErr>;

/// The user's live 面经, anonymous ones included.
///
/// # Errors
/// Database failures.
pub async fn experiences(db: &Db, user_id: i64) -> R<experience::Model> {
    experience::Entity::find()
        .filter(experience::Column::AuthorId.eq(user_id))
        .filter(experience::Column::DeletedAt.is_null())
        .order_by_asc(experience::Column::Id)
        .all(&db.write)
        .await
}

/// The user's live comments and replies on 面经 and discussions.
///
/// # Errors
/// Database failures.
pub async fn comments(db: &Db, user_id: i64) -> R<comment::Model> {
    comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(user_id))
        .filter(comment::Column::DeletedAt.is_null())
        .order_by_asc(comment::Column::Id)
        .all(&db.write)
        .await
}

/// The user's live discussions.
///
/// # Errors
/// Database failures.
pub async fn discussions(db: &Db, user_id: i64) -> R<discussion::Model> {
    discussion::Entity::find()
        .filter(discussion::Column::AuthorId.eq(user_id))
        .filter(discussion::Column::DeletedAt.is_null())
        .order_by_asc(discussion::Column::Id)
        .all(&db.write)
        .await
}

/// The user's favorites (收藏).
///
/// # Errors
/// Database failures.
pub async fn favorites(db: &Db, user_id: i64) -> R<favorite::Model> {
    favorite::Entity::find().filter(favorite::Column::UserId.eq(user_id)).order_by_asc(favorite::Column::Id).all(&db.write).await
}

/// The user's notes on bank questions.
///
/// # Errors
/// Database failures.
pub async fn question_notes(db: &Db, user_id: i64) -> R<question_note::Model> {
    question_note::Entity::find()
        .filter(question_note::Column::UserId.eq(user_id))
        .order_by_asc(question_note::Column::Id)
        .all(&db.write)
        .await
}

/// The files the user uploaded (metadata only).
///
/// # Errors
/// Database failures.
pub async fn files(db: &Db, user_id: i64) -> R<file::Model> {
    file::Entity::find().filter(file::Column::OwnerId.eq(user_id)).order_by_asc(file::Column::Id).all(&db.write).await
}

/// The user's mock interviews, each with its answers in order.
///
/// # Errors
/// Database failures.
pub async fn mock_interviews(db: &Db, user_id: i64) -> R<(mock_interview::Model, Vec<mock_interview_answer::Model>)> {
    let interviews = mock_interview::Entity::find()
        .filter(mock_interview::Column::UserId.eq(user_id))
        .order_by_asc(mock_interview::Column::Id)
        .all(&db.write)
        .await?;
    let ids: Vec<i64> = interviews.iter().map(|m| m.id).collect();
    let mut answers = if ids.is_empty() {
        Vec::new()
    } else {
        mock_interview_answer::Entity::find()
            .filter(mock_interview_answer::Column::InterviewId.is_in(ids))
            .order_by_asc(mock_interview_answer::Column::InterviewId)
            .order_by_asc(mock_interview_answer::Column::Idx)
            .all(&db.write)
            .await?
    };
    let mut by_interview: std::collections::HashMap<i64, Vec<mock_interview_answer::Model>> = std::collections::HashMap::new();
    for a in answers.drain(..) {
        by_interview.entry(a.interview_id).or_default().push(a);
    }
    Ok(interviews
        .into_iter()
        .map(|m| {
            let mine = by_interview.remove(&m.id).unwrap_or_default();
            (m, mine)
        })
        .collect())
}
