use sea_orm_migration::prelude::*;

use super::{create_table, fulltext, indexes, long_text, timestamps, ts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Discussions {
    Table,
    Id,
    AuthorId,
    Title,
    Content,
    Excerpt,
    ViewCount,
    FavoritesCount,
    CommentsCount,
    SearchText,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
    Name,
    NameKey,
    UsageCount,
}

#[derive(DeriveIden)]
enum DiscussionTags {
    Table,
    DiscussionId,
    TagId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let b = manager.get_database_backend();
        let mut t = create_table(b, Discussions::Table);
        t.col(ColumnDef::new(Discussions::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Discussions::AuthorId).big_integer().not_null())
            .col(ColumnDef::new(Discussions::Title).string_len(200).not_null())
            .col(long_text(b, Discussions::Content).not_null())
            .col(ColumnDef::new(Discussions::Excerpt).string_len(400).not_null())
            .col(ColumnDef::new(Discussions::ViewCount).big_integer().not_null().default(0))
            .col(ColumnDef::new(Discussions::FavoritesCount).integer().not_null().default(0))
            .col(ColumnDef::new(Discussions::CommentsCount).integer().not_null().default(0))
            .col(long_text(b, Discussions::SearchText).not_null())
            .col(ts(b, Discussions::DeletedAt).null())
            .foreign_key(
                ForeignKey::create()
                    .name("fk_discussions_author_id")
                    .from(Discussions::Table, Discussions::AuthorId)
                    .to(Alias::new("users"), Alias::new("id")),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        indexes(
            manager,
            "discussions",
            &[("ix_discussions_author", &["author_id", "id"]), ("ix_discussions_popular", &["favorites_count", "id"])],
        )
        .await?;
        fulltext(manager, "discussions").await?;

        let mut t = create_table(b, Tags::Table);
        t.col(ColumnDef::new(Tags::Id).big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Tags::Name).string_len(30).not_null())
            .col(ColumnDef::new(Tags::NameKey).string_len(30).not_null())
            .col(ColumnDef::new(Tags::UsageCount).integer().not_null().default(0));
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        manager
            .create_index(Index::create().name("ux_tags_name_key").table(Tags::Table).col(Tags::NameKey).unique().to_owned())
            .await?;

        let mut t = create_table(b, DiscussionTags::Table);
        t.col(ColumnDef::new(DiscussionTags::DiscussionId).big_integer().not_null())
            .col(ColumnDef::new(DiscussionTags::TagId).big_integer().not_null())
            .primary_key(Index::create().col(DiscussionTags::DiscussionId).col(DiscussionTags::TagId))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_discussion_tags_discussion")
                    .from(DiscussionTags::Table, DiscussionTags::DiscussionId)
                    .to(Discussions::Table, Discussions::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("fk_discussion_tags_tag")
                    .from(DiscussionTags::Table, DiscussionTags::TagId)
                    .to(Tags::Table, Tags::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        timestamps(b, &mut t);
        manager.create_table(t).await?;
        indexes(manager, "discussion_tags", &[("ix_discussion_tags_tag", &["tag_id", "discussion_id"])]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DiscussionTags::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Tags::Table).to_owned()).await?;
        if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            manager.get_connection().execute_unprepared("DROP TABLE IF EXISTS discussions_fts").await?;
        }
        manager.drop_table(Table::drop().table(Discussions::Table).to_owned()).await
    }
}
