//! Reference lists: careers (job directions) and schools.

use axum::extract::State;
use axum::Json;
use crate::store::sql::like_pattern;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Paged, PageParams, SearchPage, ValidQuery};
use crate::entity::{career, school};
use crate::error::Result;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_careers)).routes(routes!(list_schools))
}

/// A career (job direction).
#[derive(Debug, Serialize, ToSchema)]
pub struct Career {
    pub id: i64,
    pub name: String,
}

/// A school.
#[derive(Debug, Serialize, ToSchema)]
pub struct School {
    pub id: i64,
    pub name: String,
    /// Province, region or country.
    pub region: Option<String>,
}


/// All careers in display order (paged; `per_page` up to 100 covers them).
#[utoipa::path(get, path = "/api/careers", tag = "catalog", params(PageParams), responses(
    (status = 200, body = Paged<Career>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_careers(State(state): State<AppState>, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Career>>> {
    let (page, per_page) = (p.page.unwrap_or(1), p.per_page.unwrap_or(100));
    let q = career::Entity::find().order_by_asc(career::Column::SortOrder).order_by_asc(career::Column::Id);
    let total = q.clone().count(&state.db.read).await?;
    let items = q
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(&state.db.read)
        .await?
        .into_iter()
        .map(|c| Career { id: c.id, name: c.name })
        .collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// Schools whose name contains `q`.
#[utoipa::path(get, path = "/api/schools", tag = "catalog", params(SearchPage, PageParams), responses(
    (status = 200, body = Paged<School>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_schools(State(state): State<AppState>, ValidQuery(p): ValidQuery<SearchPage>, ValidQuery(pages): ValidQuery<PageParams>) -> Result<Json<Paged<School>>> {
    let (page, per_page) = pages.resolve();
    let mut q = school::Entity::find().order_by_asc(school::Column::Id);
    if let Some(text) = p.text() {
        q = q.filter(school::Column::Name.like(like_pattern(text)));
    }
    let total = q.clone().count(&state.db.read).await?;
    let items = q
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(&state.db.read)
        .await?
        .into_iter()
        .map(|s| School { id: s.id, name: s.name, region: s.region })
        .collect();
    Ok(Json(Paged { items, total, page, per_page }))
}
