//! Drafts as the store keeps them: `drafts` rows keyed by owner, kind and
//! post (`post_id` 0 for a new post; see the migration), written by upsert
//! so an autosave is one statement whether or not a draft exists.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::entity::draft;
use crate::entity::enums::DraftKind;
use crate::store::sql::Sql;
use crate::store::{Db, StoreError};

/// Which draft: its owner, kind and post (`0` for a new post).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DraftKey {
    /// `users.id` of the writer.
    pub owner_id: i64,
    /// A 面经 or a discussion.
    pub kind: DraftKind,
    /// The post being edited; `0` for a new post.
    pub post_id: i64,
}

/// Draft `key`, read from the write pool (an autosave may just have written it).
///
/// # Errors
/// Database failures.
pub async fn get(db: &Db, key: DraftKey) -> Result<Option<draft::Model>, StoreError> {
    draft::Entity::find()
        .filter(draft::Column::OwnerId.eq(key.owner_id))
        .filter(draft::Column::Kind.eq(key.kind.as_str()))
        .filter(draft::Column::PostId.eq(key.post_id))
        .one(&db.write)
        .await
}

/// Whether draft `key` exists, read from the read pool: cheaper than a
/// delete on SQLite's one writer when, as after most publishes, there is none.
///
/// # Errors
/// Database failures.
pub async fn exists(db: &Db, key: DraftKey) -> Result<bool, StoreError> {
    let n = draft::Entity::find()
        .filter(draft::Column::OwnerId.eq(key.owner_id))
        .filter(draft::Column::Kind.eq(key.kind.as_str()))
        .filter(draft::Column::PostId.eq(key.post_id))
        .count(&db.read)
        .await?;
    Ok(n > 0)
}

/// Create or replace draft `key` with `fields` (a JSON object), dated `now`.
///
/// # Errors
/// Database failures.
pub async fn put(db: &Db, key: DraftKey, fields: String, now: DateTime<Utc>) -> Result<(), StoreError> {
    draft::Entity::insert(draft::ActiveModel {
        owner_id: Set(key.owner_id),
        kind: Set(key.kind.as_str().to_owned()),
        post_id: Set(key.post_id),
        fields: Set(fields),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([draft::Column::OwnerId, draft::Column::Kind, draft::Column::PostId])
            .update_columns([draft::Column::Fields, draft::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(&db.write)
    .await?;
    Ok(())
}

/// Delete draft `key`; whether there was one.
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, key: DraftKey) -> Result<bool, StoreError> {
    let res = draft::Entity::delete_many()
        .filter(draft::Column::OwnerId.eq(key.owner_id))
        .filter(draft::Column::Kind.eq(key.kind.as_str()))
        .filter(draft::Column::PostId.eq(key.post_id))
        .exec(&db.write)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Page `page` (1-based) of `owner_id`'s drafts, most recently saved first,
/// and how many there are.
///
/// # Errors
/// Database failures.
pub async fn list(db: &Db, owner_id: i64, page: u64, per_page: u64) -> Result<(Vec<draft::Model>, u64), StoreError> {
    let mine = draft::Entity::find().filter(draft::Column::OwnerId.eq(owner_id));
    let total = mine.clone().count(&db.read).await?;
    let items = mine
        .order_by_desc(draft::Column::UpdatedAt)
        .order_by_desc(draft::Column::Id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .all(&db.read)
        .await?;
    Ok((items, total))
}

/// The author of live post `post_id` of `kind`; `None` when there is no
/// such post or it is deleted. Read from the write pool (the post may have
/// just been created).
///
/// # Errors
/// Database failures.
pub async fn post_author(db: &Db, kind: DraftKind, post_id: i64) -> Result<Option<i64>, StoreError> {
    #[derive(FromQueryResult)]
    struct Row {
        author_id: i64,
    }
    let table = match kind {
        DraftKind::Experience => "experiences",
        DraftKind::Discussion => "discussions",
    };
    let mut sql = Sql::new(db.backend);
    sql.push(&format!("SELECT author_id FROM {table} WHERE deleted_at IS NULL AND id = ")).bind(post_id);
    Ok(Row::find_by_statement(sql.build()).one(&db.write).await?.map(|r| r.author_id))
}
