//! Embedded schema migrations, applied in order at start-up and by
//! `mianjing migrate`. An applied migration is never edited; changes come as
//! new files named `mYYYYMMDD_HHMMSS_<what>`.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

mod frozen_search;
mod m20261121_000001_create_careers;
mod m20261121_000002_create_schools;
mod m20261121_000003_create_users;
mod m20261121_000004_create_sessions;
mod m20261121_000005_create_app_settings;
mod m20261121_000006_seed_careers_and_schools;
mod m20261121_000007_create_experiences;
mod m20261121_000008_create_discussions_and_tags;
mod m20261121_000009_create_comments;
mod m20261121_000010_create_favorites;
mod m20261121_000011_create_feedback;
mod m20261121_000012_create_questions;
mod m20261121_000013_create_files_and_resumes;
mod m20261121_000014_create_mock_interviews;
mod m20261121_000015_add_position_to_discussion_tags;
mod m20261121_000016_index_live_experiences;
mod m20261121_000017_index_inserts_in_app;
mod m20261121_000018_fts_merge_settings;
mod m20261122_000019_defer_experience_index;
mod m20261122_000020_view_counts;
mod m20261206_000021_contentless_experience_index;
mod m20261207_000022_question_kinds;
mod m20261207_000024_interview_flow;
mod m20261207_000025_session_lifetimes;
mod m20261207_000026_random_display_names;
mod m20261208_000027_companies;
mod m20261208_000028_create_applications;
mod m20261208_000029_notifications_and_reports;
mod m20261208_000030_community_basics;
mod m20261208_000031_create_drafts;
mod m20261208_000032_terms_consent_and_pages;
mod m20261208_000033_company_stats;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_create_careers::Migration),
            Box::new(m20261121_000002_create_schools::Migration),
            Box::new(m20261121_000003_create_users::Migration),
            Box::new(m20261121_000004_create_sessions::Migration),
            Box::new(m20261121_000005_create_app_settings::Migration),
            Box::new(m20261121_000006_seed_careers_and_schools::Migration),
            Box::new(m20261121_000007_create_experiences::Migration),
            Box::new(m20261121_000008_create_discussions_and_tags::Migration),
            Box::new(m20261121_000009_create_comments::Migration),
            Box::new(m20261121_000010_create_favorites::Migration),
            Box::new(m20261121_000011_create_feedback::Migration),
            Box::new(m20261121_000012_create_questions::Migration),
            Box::new(m20261121_000013_create_files_and_resumes::Migration),
            Box::new(m20261121_000014_create_mock_interviews::Migration),
            Box::new(m20261121_000015_add_position_to_discussion_tags::Migration),
            Box::new(m20261121_000016_index_live_experiences::Migration),
            Box::new(m20261121_000017_index_inserts_in_app::Migration),
            Box::new(m20261121_000018_fts_merge_settings::Migration),
            Box::new(m20261122_000019_defer_experience_index::Migration),
            Box::new(m20261122_000020_view_counts::Migration),
            Box::new(m20261206_000021_contentless_experience_index::Migration),
            Box::new(m20261207_000022_question_kinds::Migration),
            Box::new(m20261207_000024_interview_flow::Migration),
            Box::new(m20261207_000025_session_lifetimes::Migration),
            Box::new(m20261207_000026_random_display_names::Migration),
            Box::new(m20261208_000027_companies::Migration),
            Box::new(m20261208_000028_create_applications::Migration),
            Box::new(m20261208_000029_notifications_and_reports::Migration),
            Box::new(m20261208_000030_community_basics::Migration),
            Box::new(m20261208_000031_create_drafts::Migration),
            Box::new(m20261208_000032_terms_consent_and_pages::Migration),
            Box::new(m20261208_000033_company_stats::Migration),
        ]
    }
}

/// A UTC timestamp column with sub-second precision on every backend:
/// `timestamptz` on PostgreSQL, `DATETIME(6)` on MySQL (plain `TIMESTAMP`
/// drops fractions and ends in 2038), text on SQLite.
pub(crate) fn ts<T: IntoIden>(backend: DbBackend, col: T) -> ColumnDef {
    let mut def = ColumnDef::new(col);
    match backend {
        DbBackend::MySql => def.custom(Alias::new("DATETIME(6)")),
        _ => def.timestamp_with_time_zone(),
    };
    def
}

/// `created_at` and `updated_at`, both NOT NULL and set by the application.
pub(crate) fn timestamps(backend: DbBackend, table: &mut TableCreateStatement) {
    table
        .col(ts(backend, Alias::new("created_at")).not_null())
        .col(ts(backend, Alias::new("updated_at")).not_null());
}

/// Table options shared by every `CREATE TABLE`: InnoDB/utf8mb4 on MySQL.
pub(crate) fn create_table(backend: DbBackend, name: impl IntoIden) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(name).if_not_exists();
    if backend == DbBackend::MySql {
        t.engine("InnoDB").character_set("utf8mb4").collate("utf8mb4_bin");
    }
    t
}

/// A long text column: `MEDIUMTEXT` (16 MiB) on MySQL, whose `TEXT` holds
/// only 64 KiB; `text` elsewhere.
pub(crate) fn long_text<T: IntoIden>(backend: DbBackend, col: T) -> ColumnDef {
    let mut def = ColumnDef::new(col);
    match backend {
        DbBackend::MySql => def.custom(Alias::new("MEDIUMTEXT")),
        _ => def.text(),
    };
    def
}

/// Create plain (non-unique) indexes `(name, columns)` on `table`.
pub(crate) async fn indexes(manager: &SchemaManager<'_>, table: &str, list: &[(&str, &[&str])]) -> Result<(), DbErr> {
    for (name, cols) in list {
        let mut idx = Index::create();
        idx.name(*name).table(Alias::new(table));
        for c in *cols {
            idx.col(Alias::new(*c));
        }
        manager.create_index(idx.to_owned()).await?;
    }
    Ok(())
}

/// Run the full-text index DDL of [`crate::store::fts::create_index_sql`] for `table`.
pub(crate) async fn fulltext(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in crate::store::fts::create_index_sql(manager.get_database_backend(), table) {
        db.execute_unprepared(&sql).await?;
    }
    Ok(())
}
