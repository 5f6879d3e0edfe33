//! Reference lists as the store keeps them: careers (`careers`, in display
//! order) and schools (`schools`, seeded by migration 6).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::entity::{career, school};
use crate::store::sql::like_pattern;
use crate::store::Db;

/// Page `page` (1-based) of `per_page` careers by `sort_order`, then id, and
/// the number of careers.
///
/// # Errors
/// Database failures.
pub async fn careers(db: &Db, page: u64, per_page: u64) -> Result<(Vec<career::Model>, u64), sea_orm::DbErr> {
    let q = career::Entity::find().order_by_asc(career::Column::SortOrder).order_by_asc(career::Column::Id);
    let total = q.clone().count(&db.read).await?;
    let items = q.offset((page - 1) * per_page).limit(per_page).all(&db.read).await?;
    Ok((items, total))
}

/// Page `page` (1-based) of `per_page` schools by id whose name contains
/// `text` literally (every school without `text`), and how many match.
///
/// # Errors
/// Database failures.
pub async fn schools(db: &Db, text: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<school::Model>, u64), sea_orm::DbErr> {
    let mut q = school::Entity::find().order_by_asc(school::Column::Id);
    if let Some(text) = text {
        q = q.filter(school::Column::Name.like(like_pattern(text)));
    }
    let total = q.clone().count(&db.read).await?;
    let items = q.offset((page - 1) * per_page).limit(per_page).all(&db.read).await?;
    Ok((items, total))
}

/// The name of school `id`, `None` without an id or for an unknown one.
///
/// # Errors
/// Database failures.
pub async fn school_name(db: &Db, id: Option<i64>) -> Result<Option<String>, sea_orm::DbErr> {
    Ok(match id {
        Some(id) => school::Entity::find_by_id(id).one(&db.read).await?.map(|s| s.name),
        None => None,
    })
}

/// Whether school `id` exists.
///
/// # Errors
/// Database failures.
pub async fn school_exists(db: &Db, id: i64) -> Result<bool, sea_orm::DbErr> {
    Ok(school::Entity::find_by_id(id).one(&db.read).await?.is_some())
}

/// Find or create careers by name (the import's `career` keys); returns
/// name → id for every career.
///
/// # Errors
/// Database failures.
pub async fn careers_by_name(db: &Db, names: impl IntoIterator<Item = String>) -> Result<HashMap<String, i64>, sea_orm::DbErr> {
    let db = &db.write;
    let mut out: HashMap<String, i64> = career::Entity::find().all(db).await?.into_iter().map(|c| (c.name, c.id)).collect();
    let now = Utc::now();
    for name in names {
        if name.is_empty() || out.contains_key(&name) {
            continue;
        }
        career::Entity::insert(career::ActiveModel {
            name: Set(name.clone()),
            sort_order: Set(1000),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(career::Column::Name).do_nothing_on([career::Column::Name]).to_owned())
        .exec_without_returning(db)
        .await?;
        if let Some(c) = career::Entity::find().filter(career::Column::Name.eq(name.clone())).one(db).await? {
            out.insert(name, c.id);
        }
    }
    Ok(out)
}
