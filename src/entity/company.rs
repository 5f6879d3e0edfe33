//! `companies`: an employer 面经 are about, with its canonical name. Its
//! spellings are `company_aliases` rows (the canonical name is one of them).

use sea_orm::entity::prelude::*;

/// One row of `companies`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Canonical name, 1–100 characters.
    pub name: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
