use sea_orm_migration::prelude::*;

use super::{create_table, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Account,
    AccountKey,
    Name,
    Email,
    EmailKey,
    EmailVerifiedAt,
    Phone,
    PasswordHash,
    Avatar,
    Address,
    Gender,
    Birthday,
    Signature,
    JobStatus,
    HighestEducation,
    Seniority,
    Company,
    Website,
    SchoolId,
    Major,
    StudentNumber,
    IsAdmin,
    Status,
    Initialized,
    TokenVersion,
    LastLoginAt,
    LastLoginIp,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Users::Table);
        t.col(ColumnDef::new(Users::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Users::Account).string_len(64).not_null())
            .col(ColumnDef::new(Users::AccountKey).string_len(64).not_null())
            .col(ColumnDef::new(Users::Name).string_len(50).not_null())
            .col(ColumnDef::new(Users::Email).string_len(254).null())
            .col(ColumnDef::new(Users::EmailKey).string_len(254).null())
            .col(ts(b, Users::EmailVerifiedAt).null())
            .col(ColumnDef::new(Users::Phone).string_len(20).null())
            .col(ColumnDef::new(Users::PasswordHash).string_len(255).null())
            .col(ColumnDef::new(Users::Avatar).string_len(500).null())
            .col(ColumnDef::new(Users::Address).string_len(200).null())
            .col(ColumnDef::new(Users::Gender).string_len(10).null())
            .col(ColumnDef::new(Users::Birthday).date().null())
            .col(ColumnDef::new(Users::Signature).string_len(200).null())
            .col(ColumnDef::new(Users::JobStatus).string_len(50).null())
            .col(ColumnDef::new(Users::HighestEducation).string_len(50).null())
            .col(ColumnDef::new(Users::Seniority).string_len(50).null())
            .col(ColumnDef::new(Users::Company).string_len(100).null())
            .col(ColumnDef::new(Users::Website).string_len(300).null())
            .col(ColumnDef::new(Users::SchoolId).big_integer().null())
            .col(ColumnDef::new(Users::Major).string_len(100).null())
            .col(ColumnDef::new(Users::StudentNumber).string_len(50).null())
            .col(ColumnDef::new(Users::IsAdmin).boolean().not_null().default(false))
            .col(ColumnDef::new(Users::Status).string_len(16).not_null().default("active"))
            .col(ColumnDef::new(Users::Initialized).boolean().not_null().default(true))
            .col(ColumnDef::new(Users::TokenVersion).integer().not_null().default(0))
            .col(ts(b, Users::LastLoginAt).null())
            .col(ColumnDef::new(Users::LastLoginIp).string_len(64).null())
            .col(ts(b, Users::DeletedAt).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_users_school_id")
                    .from(Users::Table, Users::SchoolId)
                    .to(Schools::Table, Schools::Id)
                    .on_delete(ForeignKeyAction::SetNull),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        for (name, col) in [
            ("ux_users_account_key", Users::AccountKey),
            ("ux_users_email_key", Users::EmailKey),
            ("ux_users_phone", Users::Phone),
        ] {
            manager
                .create_index(Index::create().name(name).table(Users::Table).col(col).unique().to_owned())
                .await?;
        }
        manager
            .create_index(Index::create().name("ix_users_created_at").table(Users::Table).col(Alias::new("created_at")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}
