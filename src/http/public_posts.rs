//! A user's public posts, for the public profile: `GET /api/users/{id}/experiences`
//! and `/discussions`. Anonymous 面经 are never listed (see
//! [`crate::features::community::profiles`]).

use axum::extract::{Path, State};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::discussions::DiscussionItem;
use super::experiences::ExperienceItem;
use super::{PageParams, Paged, ValidQuery};
use crate::error::{ErrorBody, Result};
use crate::features::community::{profiles, Viewer};
use crate::http::auth::MaybeAuthUser;
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(user_experiences)).routes(routes!(user_discussions))
}

/// A user's live 面经, newest first, without their anonymous ones (also for
/// the user themself). 404 for an unknown user.
#[utoipa::path(get, path = "/api/users/{id}/experiences", tag = "accounts", params(("id" = i64, Path), PageParams), responses(
    (status = 200, body = Paged<ExperienceItem>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn user_experiences(
    State(state): State<AppState>,
    lang: Lang,
    MaybeAuthUser(me): MaybeAuthUser,
    Path(id): Path<i64>,
    ValidQuery(p): ValidQuery<PageParams>,
) -> Result<Json<Paged<ExperienceItem>>> {
    let (page, per_page) = p.resolve();
    let found = profiles::experiences_of(&state, Viewer::of(me.as_ref()), id, page, per_page).await?;
    Ok(Json(Paged::from_page(found, |v| ExperienceItem::new(v, lang))))
}

/// A user's live discussions, newest first. 404 for an unknown user.
#[utoipa::path(get, path = "/api/users/{id}/discussions", tag = "accounts", params(("id" = i64, Path), PageParams), responses(
    (status = 200, body = Paged<DiscussionItem>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn user_discussions(
    State(state): State<AppState>,
    lang: Lang,
    MaybeAuthUser(me): MaybeAuthUser,
    Path(id): Path<i64>,
    ValidQuery(p): ValidQuery<PageParams>,
) -> Result<Json<Paged<DiscussionItem>>> {
    let viewer = Viewer::of(me.as_ref());
    let (page, per_page) = p.resolve();
    let found = profiles::discussions_of(&state, viewer, id, page, per_page).await?;
    Ok(Json(DiscussionItem::page(lang, viewer, found, (page, per_page))))
}
