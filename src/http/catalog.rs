//! Reference lists: careers (job directions) and schools.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Paged, PageParams, SearchPage, ValidQuery};
use crate::error::Result;
use crate::features::catalog;
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_careers)).routes(routes!(list_schools))
}

/// A career (job direction).
#[derive(Debug, Serialize, ToSchema)]
pub struct Career {
    /// `careers.id`.
    pub id: i64,
    /// The stored name, e.g. 前端, 后端, 算法 (what filters and set-ups send).
    pub name: String,
    /// The name in the caller's language (`Accept-Language`), e.g.
    /// "Front end"; the stored name for careers without a translation.
    pub label: String,
}

/// A school.
#[derive(Debug, Serialize, ToSchema)]
pub struct School {
    /// `schools.id`.
    pub id: i64,
    /// Full name, e.g. 清华大学.
    pub name: String,
    /// Province, region or country.
    pub region: Option<String>,
}

/// All careers in display order (paged; `per_page` up to 100 covers them).
#[utoipa::path(get, path = "/api/careers", tag = "catalog", params(PageParams), responses(
    (status = 200, body = Paged<Career>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_careers(State(state): State<AppState>, lang: Lang, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Career>>> {
    let (page, per_page) = (p.page.unwrap_or(1), p.per_page.unwrap_or(100));
    let (rows, total) = catalog::careers(&state, page, per_page).await?;
    let items = rows.into_iter().map(|c| Career { id: c.id, label: catalog::career_label(lang, &c.name), name: c.name }).collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// Schools whose name contains `q`.
#[utoipa::path(get, path = "/api/schools", tag = "catalog", params(SearchPage, PageParams), responses(
    (status = 200, body = Paged<School>), (status = 400, body = crate::error::ErrorBody)))]
async fn list_schools(
    State(state): State<AppState>,
    ValidQuery(p): ValidQuery<SearchPage>,
    ValidQuery(paging): ValidQuery<PageParams>,
) -> Result<Json<Paged<School>>> {
    let (page, per_page) = paging.resolve();
    let (rows, total) = catalog::schools(&state, p.text(), page, per_page).await?;
    let items = rows.into_iter().map(|s| School { id: s.id, name: s.name, region: s.region }).collect();
    Ok(Json(Paged { items, total, page, per_page }))
}
