//! `site_pages`: the admin-edited text of the site's pages, one row per
//! (slug, language). A slug's current version is the largest `version` of
//! its rows; the rules (defaults, fallback, version 1 for the shipped text)
//! are in [`crate::features::pages`].

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};

use crate::entity::site_page;
use crate::store::Db;

/// Every edited language of `slug`, newest version first.
///
/// # Errors
/// Database failures.
pub async fn rows(db: &Db, slug: &str) -> std::result::Result<Vec<site_page::Model>, sea_orm::DbErr> {
    site_page::Entity::find()
        .filter(site_page::Column::Slug.eq(slug))
        .order_by_desc(site_page::Column::Version)
        .all(&db.read)
        .await
}

/// Save `body` as the `lang` text of `slug` by `admin`, giving it version
/// `max(version of the slug's rows, floor) + 1` in one transaction, so the
/// version grows with every edit of any language. Answers the saved row.
///
/// # Errors
/// Database failures; a unique violation when two first edits of the same
/// language race (409 `conflict`).
pub async fn save(db: &Db, slug: &str, lang: &str, body: String, admin: i64, floor: i32) -> std::result::Result<site_page::Model, sea_orm::DbErr> {
    let txn = db.write.begin().await?;
    let existing = site_page::Entity::find().filter(site_page::Column::Slug.eq(slug)).all(&txn).await?;
    let version = existing.iter().map(|r| r.version).max().unwrap_or(0).max(floor) + 1;
    let now = Utc::now();
    let saved = match existing.into_iter().find(|r| r.lang == lang) {
        Some(row) => {
            let mut row: site_page::ActiveModel = row.into();
            row.body = Set(body);
            row.version = Set(version);
            row.updated_by = Set(Some(admin));
            row.updated_at = Set(now);
            row.update(&txn).await?
        }
        None => {
            site_page::ActiveModel {
                slug: Set(slug.to_owned()),
                lang: Set(lang.to_owned()),
                body: Set(body),
                version: Set(version),
                updated_by: Set(Some(admin)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    txn.commit().await?;
    Ok(saved)
}
