//! `company_aliases`: one spelling of a company. `alias_key` (see
//! `crate::features::companies::alias_key`) is unique: a spelling names one
//! company.

use sea_orm::entity::prelude::*;

/// One row of `company_aliases`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "company_aliases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub company_id: i64,
    /// The spelling as first written, 1–100 characters.
    pub alias: String,
    /// Its key: NFKC, lower case, no white space.
    pub alias_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
