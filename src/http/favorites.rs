//! Favorites (收藏): idempotent `PUT`/`DELETE …/favorite` on experiences and
//! discussions, and the caller's favorite lists.
//!
//! The `favorites_count` column of the target moves in the same transaction
//! as the favorite row, and only when a row was really inserted or deleted
//! (the unique index `(user_id, target_type, target_id)` decides), so the
//! count stays exact under any mix of concurrent requests.

use axum::extract::{Path, State};
use axum::Json;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, Set, SqlErr, TransactionTrait};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::features::community::Viewer;
use super::discussions::DiscussionItem;
use super::experiences::ExperienceItem;
use super::{Paged, PageParams, ValidQuery};
use crate::http::auth::AuthUser;
use crate::store::sql::Sql;
use crate::entity::favorite;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(favorite_experience, unfavorite_experience))
        .routes(routes!(favorite_discussion, unfavorite_discussion))
        .routes(routes!(favorite_experiences))
        .routes(routes!(favorite_discussions))
}

/// Something that can be favorited.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// A 面经.
    Experience,
    /// A discussion.
    Discussion,
    /// A question of the bank.
    Question,
}

impl Target {
    /// `favorites.target_type` value.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Experience => "experience",
            Target::Discussion => "discussion",
            Target::Question => "question",
        }
    }
    /// Table with `favorites_count` and (for posts) `deleted_at`.
    pub fn table(self) -> &'static str {
        match self {
            Target::Experience => "experiences",
            Target::Discussion => "discussions",
            Target::Question => "questions",
        }
    }
}

/// Favorite state after a toggle.
#[derive(Debug, Serialize, ToSchema)]
pub struct FavoriteState {
    /// Whether the caller now has it as a favorite.
    pub favorited: bool,
    /// The target's favorite count.
    pub favorites: i64,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

async fn count_of<C: ConnectionTrait>(db: &C, target: Target, id: i64, live_only: bool) -> Result<Option<i64>> {
    #[derive(FromQueryResult)]
    struct Favs {
        n: i32,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("SELECT favorites_count AS n FROM {} WHERE id = ", target.table())).bind(id);
    if live_only {
        sql.push(" AND deleted_at IS NULL");
    }
    Ok(Favs::find_by_statement(sql.build()).one(db).await?.map(|c| i64::from(c.n)))
}

async fn bump<C: ConnectionTrait>(db: &C, target: Target, id: i64, delta: i64) -> Result<()> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!("UPDATE {} SET favorites_count = favorites_count + ", target.table())).bind(delta).push(" WHERE id = ").bind(id);
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Add a favorite (idempotent). 404 when the target does not exist.
///
/// # Errors
/// 404, database failures.
pub async fn add(state: &AppState, user_id: i64, target: Target, id: i64, live_only: bool) -> Result<FavoriteState> {
    if count_of(&state.db.read, target, id, live_only).await?.is_none() {
        return Err(Error::NotFound);
    }
    let txn = state.db.write.begin().await?;
    let now = Utc::now();
    let inserted = favorite::ActiveModel {
        user_id: Set(user_id),
        target_type: Set(target.kind().into()),
        target_id: Set(id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {
            bump(&txn, target, id, 1).await?;
            txn.commit().await?;
            crate::features::experiences::changed(&state);
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
        }
        Err(e) => return Err(e.into()),
    }
    let favorites = count_of(&state.db.write, target, id, false).await?.unwrap_or(0);
    Ok(FavoriteState { favorited: true, favorites })
}

/// Remove a favorite (idempotent). 404 when the target does not exist.
///
/// # Errors
/// 404, database failures.
pub async fn remove(state: &AppState, user_id: i64, target: Target, id: i64) -> Result<FavoriteState> {
    if count_of(&state.db.read, target, id, false).await?.is_none() {
        return Err(Error::NotFound);
    }
    let txn = state.db.write.begin().await?;
    let res = favorite::Entity::delete_many()
        .filter(favorite::Column::UserId.eq(user_id))
        .filter(favorite::Column::TargetType.eq(target.kind()))
        .filter(favorite::Column::TargetId.eq(id))
        .exec(&txn)
        .await?;
    if res.rows_affected > 0 {
        bump(&txn, target, id, -(res.rows_affected as i64)).await?;
    }
    txn.commit().await?;
    crate::features::experiences::changed(&state);
    let favorites = count_of(&state.db.write, target, id, false).await?.unwrap_or(0);
    Ok(FavoriteState { favorited: false, favorites })
}

/// Favorite a 面经 (idempotent).
#[utoipa::path(put, path = "/api/experiences/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn favorite_experience(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(add(&state, me.user_id, Target::Experience, id, true).await?))
}

/// Remove a 面经 from favorites (idempotent).
#[utoipa::path(delete, path = "/api/experiences/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn unfavorite_experience(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(remove(&state, me.user_id, Target::Experience, id).await?))
}

/// Favorite a discussion (idempotent).
#[utoipa::path(put, path = "/api/discussions/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn favorite_discussion(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(add(&state, me.user_id, Target::Discussion, id, true).await?))
}

/// Remove a discussion from favorites (idempotent).
#[utoipa::path(delete, path = "/api/discussions/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn unfavorite_discussion(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    Ok(Json(remove(&state, me.user_id, Target::Discussion, id).await?))
}

/// A page of the caller's favorite ids of `target` (newest favorite first),
/// live targets only, with when each was favorited.
///
/// # Errors
/// Database failures.
pub async fn page_of(state: &AppState, user_id: i64, target: Target, page: u64, per_page: u64) -> Result<(Vec<(i64, chrono::DateTime<Utc>)>, u64)> {
    #[derive(FromQueryResult)]
    struct Row {
        target_id: i64,
        created_at: chrono::DateTime<Utc>,
    }
    let live = if matches!(target, Target::Question) { "" } else { " AND t.deleted_at IS NULL" };
    let from = format!(" FROM favorites f JOIN {} t ON t.id = f.target_id WHERE f.user_id = ", target.table());
    let mut count = Sql::new(state.db.backend);
    count.push("SELECT COUNT(*) AS n").push(&from).bind(user_id).push(" AND f.target_type = ").bind(target.kind()).push(live);
    let total = Count::find_by_statement(count.build()).one(&state.db.read).await?.map_or(0, |c| c.n.max(0) as u64);
    let mut sql = Sql::new(state.db.backend);
    sql.push("SELECT f.target_id, f.created_at").push(&from).bind(user_id).push(" AND f.target_type = ").bind(target.kind()).push(live);
    sql.push(" ORDER BY f.id DESC LIMIT ").bind(per_page as i64).push(" OFFSET ").bind(((page - 1) * per_page) as i64);
    let rows = Row::find_by_statement(sql.build()).all(&state.db.read).await?;
    Ok((rows.into_iter().map(|r| (r.target_id, r.created_at)).collect(), total))
}

/// The caller's favorite 面经, most recently favorited first.
#[utoipa::path(get, path = "/api/favorites/experiences", tag = "favorites", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn favorite_experiences(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<ExperienceItem>>> {
    let (page, per_page) = p.resolve();
    let (ids, total) = page_of(&state, me.user_id, Target::Experience, page, per_page).await?;
    let viewer = Viewer::of(Some(&me.0));
    let mut items = Vec::with_capacity(ids.len());
    for (id, at) in ids {
        if let Ok(found) = crate::features::experiences::get(&state, viewer, id, false).await {
            let mut item = ExperienceItem::new(found.view, lang);
            item.favorited_at = Some(at.into());
            items.push(item);
        }
    }
    Ok(Json(Paged { items, total, page, per_page }))
}

/// The caller's favorite discussions, most recently favorited first.
#[utoipa::path(get, path = "/api/favorites/discussions", tag = "favorites", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<DiscussionItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn favorite_discussions(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<DiscussionItem>>> {
    let (page, per_page) = p.resolve();
    let (ids, total) = page_of(&state, me.user_id, Target::Discussion, page, per_page).await?;
    let viewer = Viewer::of(Some(&me.0));
    let mut items = Vec::with_capacity(ids.len());
    for (id, at) in ids {
        if let Ok(mut d) = super::discussions::fetch(&state, lang, viewer, id, false).await {
            d.item.favorited_at = Some(at);
            items.push(d.item);
        }
    }
    Ok(Json(Paged { items, total, page, per_page }))
}
