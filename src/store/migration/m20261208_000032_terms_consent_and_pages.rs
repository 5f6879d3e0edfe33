//! Consent at sign-up and the site pages it refers to (issue 19):
//! - `users.terms_accepted_at`, `users.terms_version`,
//!   `users.privacy_version`: when an account's owner accepted the terms of
//!   service and the privacy policy, and which versions. `NULL` for accounts
//!   made before consent was asked and for accounts made by an operator
//!   (`mianjing admin create`, the import account), which are exempt.
//! - `site_pages`: the admin-edited text of the pages `terms` and `privacy`,
//!   one row per (slug, language). `version` is the slug's version when that
//!   row was saved; the slug's current version is the largest of its rows,
//!   or 1 (the shipped default text) when it has none.

use sea_orm_migration::prelude::*;

use super::{create_table, long_text, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SitePages {
    Table,
    Id,
    Slug,
    Lang,
    Body,
    Version,
    UpdatedBy,
}

const USERS: &str = "users";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager.alter_table(Table::alter().table(Alias::new(USERS)).add_column(ts(b, Alias::new("terms_accepted_at")).null()).to_owned()).await?;
        for col in ["terms_version", "privacy_version"] {
            manager
                .alter_table(Table::alter().table(Alias::new(USERS)).add_column(ColumnDef::new(Alias::new(col)).integer().null()).to_owned())
                .await?;
        }
        let mut t = create_table(b, SitePages::Table);
        t.col(ColumnDef::new(SitePages::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(SitePages::Slug).string_len(20).not_null())
            .col(ColumnDef::new(SitePages::Lang).string_len(10).not_null())
            .col(long_text(b, SitePages::Body).not_null())
            .col(ColumnDef::new(SitePages::Version).integer().not_null())
            .col(ColumnDef::new(SitePages::UpdatedBy).big_integer().null());
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(Index::create().name("ux_site_pages_slug_lang").table(SitePages::Table).col(SitePages::Slug).col(SitePages::Lang).unique().to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SitePages::Table).to_owned()).await?;
        for col in ["privacy_version", "terms_version", "terms_accepted_at"] {
            manager.alter_table(Table::alter().table(Alias::new(USERS)).drop_column(Alias::new(col)).to_owned()).await?;
        }
        Ok(())
    }
}
