//! Server-side drafts (issue 19): the autosaved form of a 面经 or
//! discussion, one row per owner, kind and post. `post_id` is 0 for a post
//! not yet published: a NULL would not be equal to itself in the unique
//! index, so a new post could gather many drafts.

use sea_orm_migration::prelude::*;

use super::{create_table, long_text, timestamps};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Drafts {
    Table,
    Id,
    OwnerId,
    Kind,
    PostId,
    Fields,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Drafts::Table);
        t.col(ColumnDef::new(Drafts::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Drafts::OwnerId).big_integer().not_null())
            .col(ColumnDef::new(Drafts::Kind).string_len(16).not_null())
            .col(ColumnDef::new(Drafts::PostId).big_integer().not_null().default(0))
            .col(long_text(b, Drafts::Fields).not_null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_drafts_owner_id")
                    .from(Drafts::Table, Drafts::OwnerId)
                    .to(Alias::new("users"), Alias::new("id"))
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_drafts_owner_kind_post")
                    .table(Drafts::Table)
                    .col(Drafts::OwnerId)
                    .col(Drafts::Kind)
                    .col(Drafts::PostId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Drafts::Table).to_owned()).await
    }
}
