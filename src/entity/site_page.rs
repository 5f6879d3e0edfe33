//! `site_pages`: admin-edited text of the site's pages (`terms`, `privacy`),
//! one row per (slug, language); see [`crate::features::pages`].

use sea_orm::entity::prelude::*;

/// One row of `site_pages`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site_pages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `terms` or `privacy`.
    pub slug: String,
    /// `zh-CN`, `zh-TW` or `en`.
    pub lang: String,
    /// Markdown.
    pub body: String,
    /// The slug's version when this row was saved.
    pub version: i32,
    /// The administrator who saved it.
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
