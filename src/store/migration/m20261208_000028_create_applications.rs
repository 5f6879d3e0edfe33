//! The job seeker's application tracker (issue 19): `applications`, one row
//! per job applied for, private to its owner, and `application_rounds`, the
//! rounds of one application in order (a stage, when it happens, notes and
//! the questions asked). Both go with their owner (`ON DELETE CASCADE`).
//!
//! Dates are `DATE` columns (no time zone: the day the owner wrote down);
//! an interview's time of day is the text `HH:MM` as the owner typed it, in
//! the owner's own clock, so nothing is shifted by a server's time zone.

use sea_orm_migration::prelude::*;

use super::{create_table, indexes, long_text, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
    UserId,
    Company,
    Position,
    Channel,
    AppliedOn,
    Stage,
    Notes,
}

#[derive(DeriveIden)]
enum ApplicationRounds {
    Table,
    Id,
    ApplicationId,
    Idx,
    Stage,
    ScheduledOn,
    ScheduledTime,
    Notes,
    Questions,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Applications::Table);
        t.col(ColumnDef::new(Applications::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Applications::UserId).big_integer().not_null())
            .col(ColumnDef::new(Applications::Company).string_len(100).not_null())
            .col(ColumnDef::new(Applications::Position).string_len(100).not_null())
            .col(ColumnDef::new(Applications::Channel).string_len(16).not_null())
            .col(ColumnDef::new(Applications::AppliedOn).date().null())
            .col(ColumnDef::new(Applications::Stage).string_len(24).not_null())
            .col(long_text(b, Applications::Notes).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_applications_user")
                    .from(Applications::Table, Applications::UserId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        indexes(manager, "applications", &[("ix_applications_user", &["user_id", "id"])]).await?;

        let mut t = create_table(b, ApplicationRounds::Table);
        t.col(ColumnDef::new(ApplicationRounds::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(ApplicationRounds::ApplicationId).big_integer().not_null())
            .col(ColumnDef::new(ApplicationRounds::Idx).integer().not_null())
            .col(ColumnDef::new(ApplicationRounds::Stage).string_len(24).not_null())
            .col(ColumnDef::new(ApplicationRounds::ScheduledOn).date().null())
            .col(ColumnDef::new(ApplicationRounds::ScheduledTime).string_len(5).null())
            .col(long_text(b, ApplicationRounds::Notes).null())
            .col(long_text(b, ApplicationRounds::Questions).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_application_rounds_application")
                    .from(ApplicationRounds::Table, ApplicationRounds::ApplicationId)
                    .to(Applications::Table, Applications::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_application_rounds_idx")
                    .table(ApplicationRounds::Table)
                    .col(ApplicationRounds::ApplicationId)
                    .col(ApplicationRounds::Idx)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ApplicationRounds::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Applications::Table).to_owned()).await
    }
}
