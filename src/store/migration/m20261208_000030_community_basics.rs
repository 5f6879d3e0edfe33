//! Community basics of issue 19: "有帮助" (helpful) votes and the language
//! filter of the 面经 feed.
//!
//! - `helpful_votes (user_id, target_type, target_id, created_at)`: one vote
//!   per user and target (`experience` or `comment`); the primary key makes
//!   `PUT …/helpful` idempotent. Deleting the user deletes their votes (the
//!   counts of their targets stay: the vote was cast).
//! - `helpful_count` on `experiences` and `comments`: maintained in the same
//!   transaction as the vote row (`crate::store::helpful`), never a
//!   `COUNT(*)` per row. Not in the sea-orm entities: only that store module
//!   writes it, by SQL, so no entity write can put back a stale count.
//! - `(helpful_count, id)` and `(lang, id)` over live 面经 for `sort=helpful`
//!   and `lang=zh|en` pages (partial on SQLite and PostgreSQL; MySQL has no
//!   partial indexes and gets `deleted_at` in the key, as in migration 16).

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::{create_table, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HelpfulVotes {
    Table,
    UserId,
    TargetType,
    TargetId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let db = manager.get_connection();
        let mut t = create_table(b, HelpfulVotes::Table);
        t.col(ColumnDef::new(HelpfulVotes::UserId).big_integer().not_null())
            .col(ColumnDef::new(HelpfulVotes::TargetType).string_len(16).not_null())
            .col(ColumnDef::new(HelpfulVotes::TargetId).big_integer().not_null())
            .col(ts(b, HelpfulVotes::CreatedAt).not_null())
            .primary_key(Index::create().col(HelpfulVotes::UserId).col(HelpfulVotes::TargetType).col(HelpfulVotes::TargetId))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_helpful_votes_user_id")
                    .from(HelpfulVotes::Table, HelpfulVotes::UserId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            );
        manager.create_table(t).await?;
        for table in ["experiences", "comments"] {
            db.execute_unprepared(&format!("ALTER TABLE {table} ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0")).await?;
        }
        let statements: &[&str] = if b == DbBackend::MySql {
            &[
                "CREATE INDEX ix_experiences_helpful_live ON experiences (deleted_at, helpful_count, id)",
                "CREATE INDEX ix_experiences_lang_live ON experiences (lang, deleted_at, id)",
            ]
        } else {
            &[
                "CREATE INDEX ix_experiences_helpful_live ON experiences (helpful_count, id) WHERE deleted_at IS NULL",
                "CREATE INDEX ix_experiences_lang_live ON experiences (lang, id) WHERE deleted_at IS NULL",
            ]
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let on = if manager.get_database_backend() == DbBackend::MySql { " ON experiences" } else { "" };
        for name in ["ix_experiences_helpful_live", "ix_experiences_lang_live"] {
            db.execute_unprepared(&format!("DROP INDEX {name}{on}")).await?;
        }
        for table in ["experiences", "comments"] {
            db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN helpful_count")).await?;
        }
        manager.drop_table(Table::drop().table(HelpfulVotes::Table).to_owned()).await
    }
}
