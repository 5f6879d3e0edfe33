//! Issue 19: notifications, reports (举报) and moderation.
//!
//! - `notifications`: one row per event for one recipient. `actor_id` is
//!   NULL when the actor must not be shown (the anonymous author of a 面经
//!   commenting on it, an administrator's moderation). `target_type` /
//!   `target_id` name what the notification is about (a comment, a
//!   feedback message, a report); `post_type` / `post_id` the 面经 or
//!   discussion a comment is on, so a click can open it and so deleting the
//!   post can drop its notifications; `note` a moderator's note to the
//!   recipient. Indexes: `(recipient_id, read_at, id)`
//!   makes the unread count an index-only range scan and the unread page an
//!   index walk; `(recipient_id, id)` the whole page; the two others find
//!   the notifications of a deleted source.
//! - `notification_settings`: per-user preferences (mail on or off, and the
//!   language the mails are written in: that of the request that set it), a row
//!   only for users who changed the default, so `users` is left alone.
//! - `reports`: one per reporter and target while open. `open_slot` is 1
//!   while the report is open and NULL once handled; the unique index
//!   `(reporter_id, target_type, target_id, open_slot)` therefore allows one
//!   open report per user and target on all three backends (NULLs are
//!   distinct in a unique index on SQLite, PostgreSQL and MySQL) without a
//!   partial index, which MySQL lacks.
//! - `hidden_at` on `experiences`, `discussions` and `comments`: set, with
//!   `deleted_at`, when a moderator hides the row (see
//!   `crate::features::reports`).

use sea_orm_migration::prelude::*;

use super::{create_table, indexes, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    RecipientId,
    Kind,
    ActorId,
    TargetType,
    TargetId,
    PostType,
    PostId,
    Excerpt,
    Note,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    UserId,
    ByMail,
    Lang,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ReporterId,
    TargetType,
    TargetId,
    Reason,
    Detail,
    Status,
    OpenSlot,
    Action,
    Note,
    ResolvedBy,
    ResolvedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Notifications::Table);
        t.col(ColumnDef::new(Notifications::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Notifications::RecipientId).big_integer().not_null())
            .col(ColumnDef::new(Notifications::Kind).string_len(32).not_null())
            .col(ColumnDef::new(Notifications::ActorId).big_integer().null())
            .col(ColumnDef::new(Notifications::TargetType).string_len(16).not_null())
            .col(ColumnDef::new(Notifications::TargetId).big_integer().not_null())
            .col(ColumnDef::new(Notifications::PostType).string_len(16).null())
            .col(ColumnDef::new(Notifications::PostId).big_integer().null())
            .col(ColumnDef::new(Notifications::Excerpt).string_len(400).not_null().default(""))
            .col(ColumnDef::new(Notifications::Note).text().null())
            .col(ts(b, Notifications::ReadAt).null())
            .col(ts(b, Notifications::CreatedAt).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_notifications_recipient_id")
                    .from(Notifications::Table, Notifications::RecipientId)
                    .to(Alias::new("users"), Alias::new("id")),
            );
        manager.create_table(t).await?;
        indexes(
            manager,
            "notifications",
            &[
                ("ix_notifications_unread", &["recipient_id", "read_at", "id"]),
                ("ix_notifications_recipient", &["recipient_id", "id"]),
                ("ix_notifications_target", &["target_type", "target_id"]),
                ("ix_notifications_post", &["post_type", "post_id"]),
            ],
        )
        .await?;

        let mut t = create_table(b, NotificationSettings::Table);
        t.col(ColumnDef::new(NotificationSettings::UserId).big_integer().not_null().primary_key())
            .col(ColumnDef::new(NotificationSettings::ByMail).boolean().not_null().default(false))
            .col(ColumnDef::new(NotificationSettings::Lang).string_len(8).not_null().default("zh-CN"))
            .col(ts(b, NotificationSettings::UpdatedAt).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_notification_settings_user_id")
                    .from(NotificationSettings::Table, NotificationSettings::UserId)
                    .to(Alias::new("users"), Alias::new("id")),
            );
        manager.create_table(t).await?;

        let mut t = create_table(b, Reports::Table);
        t.col(ColumnDef::new(Reports::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Reports::ReporterId).big_integer().not_null())
            .col(ColumnDef::new(Reports::TargetType).string_len(16).not_null())
            .col(ColumnDef::new(Reports::TargetId).big_integer().not_null())
            .col(ColumnDef::new(Reports::Reason).string_len(32).not_null())
            .col(ColumnDef::new(Reports::Detail).text().null())
            .col(ColumnDef::new(Reports::Status).string_len(16).not_null().default("open"))
            .col(ColumnDef::new(Reports::OpenSlot).small_integer().null())
            .col(ColumnDef::new(Reports::Action).string_len(16).null())
            .col(ColumnDef::new(Reports::Note).text().null())
            .col(ColumnDef::new(Reports::ResolvedBy).big_integer().null())
            .col(ts(b, Reports::ResolvedAt).null())
            .col(ts(b, Reports::CreatedAt).not_null())
            .col(ts(b, Reports::UpdatedAt).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_reports_reporter_id")
                    .from(Reports::Table, Reports::ReporterId)
                    .to(Alias::new("users"), Alias::new("id")),
            );
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_reports_open")
                    .table(Reports::Table)
                    .col(Reports::ReporterId)
                    .col(Reports::TargetType)
                    .col(Reports::TargetId)
                    .col(Reports::OpenSlot)
                    .unique()
                    .to_owned(),
            )
            .await?;
        indexes(
            manager,
            "reports",
            &[("ix_reports_status", &["status", "id"]), ("ix_reports_target", &["target_type", "target_id", "status"]), ("ix_reports_reporter", &["reporter_id", "id"])],
        )
        .await?;

        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for table in ["experiences", "discussions", "comments"] {
            manager.alter_table(Table::alter().table(Alias::new(table)).add_column(ts(b, Alias::new("hidden_at")).null()).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["comments", "discussions", "experiences"] {
            manager.alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new("hidden_at")).to_owned()).await?;
        }
        for table in ["reports", "notification_settings", "notifications"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
