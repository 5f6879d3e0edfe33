//! Favorites (收藏): idempotent `PUT`/`DELETE …/favorite` on experiences and
//! discussions, and the caller's favorite lists. The rules (exact counts,
//! which caches drop) are in [`crate::features::community::favorites`].

use axum::extract::{Path, State};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::discussions::DiscussionItem;
use super::experiences::ExperienceItem;
use super::{Paged, PageParams, ValidQuery};
use crate::entity::enums::TargetType;
use crate::error::Result;
use crate::features::community::discussions;
use crate::features::community::favorites::{self, FavoriteState};
use crate::features::community::Viewer;
use crate::features::write_limits::{self, Action};
use crate::http::auth::{AuthUser, ClientIp};
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(favorite_experience, unfavorite_experience))
        .routes(routes!(favorite_discussion, unfavorite_discussion))
        .routes(routes!(favorite_experiences))
        .routes(routes!(favorite_discussions))
}

/// Favorite a 面经 (idempotent).
#[utoipa::path(put, path = "/api/experiences/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn favorite_experience(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    write_limits::charge(&state, Action::Favorite, Some(&me.0), &ip).await?;
    Ok(Json(favorites::add(&state, me.user_id, TargetType::Experience, id, true).await?))
}

/// Remove a 面经 from favorites (idempotent).
#[utoipa::path(delete, path = "/api/experiences/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn unfavorite_experience(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    write_limits::charge(&state, Action::Favorite, Some(&me.0), &ip).await?;
    Ok(Json(favorites::remove(&state, me.user_id, TargetType::Experience, id).await?))
}

/// Favorite a discussion (idempotent).
#[utoipa::path(put, path = "/api/discussions/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn favorite_discussion(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    write_limits::charge(&state, Action::Favorite, Some(&me.0), &ip).await?;
    Ok(Json(favorites::add(&state, me.user_id, TargetType::Discussion, id, true).await?))
}

/// Remove a discussion from favorites (idempotent).
#[utoipa::path(delete, path = "/api/discussions/{id}/favorite", tag = "favorites", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FavoriteState), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn unfavorite_discussion(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, Path(id): Path<i64>) -> Result<Json<FavoriteState>> {
    write_limits::charge(&state, Action::Favorite, Some(&me.0), &ip).await?;
    Ok(Json(favorites::remove(&state, me.user_id, TargetType::Discussion, id).await?))
}

/// The caller's favorite 面经, most recently favorited first.
#[utoipa::path(get, path = "/api/favorites/experiences", tag = "favorites", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn favorite_experiences(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<ExperienceItem>>> {
    let (page, per_page) = p.resolve();
    let found = favorites::experiences_of(&state, &me.0, page, per_page).await?;
    Ok(Json(Paged::from_page(found, |(v, at)| ExperienceItem { favorited_at: Some(at.into()), ..ExperienceItem::new(v, lang) })))
}

/// The caller's favorite discussions, most recently favorited first.
#[utoipa::path(get, path = "/api/favorites/discussions", tag = "favorites", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<DiscussionItem>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn favorite_discussions(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<DiscussionItem>>> {
    let (page, per_page) = p.resolve();
    let found = discussions::favorites(&state, &me.0, page, per_page).await?;
    Ok(Json(DiscussionItem::page(lang, Viewer::of(Some(&me.0)), found, (page, per_page))))
}
