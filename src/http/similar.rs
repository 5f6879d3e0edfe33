//! Similar 面经 while writing one (issue 19; the rules are in
//! [`crate::features::experiences::similar`]).

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::experiences::ExperienceItem;
use super::ValidQuery;
use crate::error::{ErrorBody, Result};
use crate::features::community::Viewer;
use crate::features::experiences::similar::{self as feature, SimilarQuery};
use crate::http::auth::MaybeAuthUser;
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(similar_experiences))
}

fn valid_date(s: &str) -> std::result::Result<(), ValidationError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|_| ()).map_err(|_| ValidationError::new("date"))
}

/// `GET /api/experiences/similar` query: what the form holds so far.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// The company as typed.
    #[validate(length(max = 100))]
    pub company: Option<String>,
    /// Part of the position.
    #[validate(length(max = 100))]
    pub position: Option<String>,
    /// The interview date `YYYY-MM-DD`: its recruiting season (January–June
    /// 春招, July–December 秋招); today's season without it.
    #[validate(custom(function = "valid_date"))]
    pub date: Option<String>,
    /// The title: posts with its first four search words.
    #[validate(length(max = 200))]
    pub title: Option<String>,
    /// A post to leave out (the one being edited).
    pub exclude: Option<i64>,
}

/// A similar 面经 and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarExperience {
    #[serde(flatten)]
    pub item: ExperienceItem,
    /// `same_role` (same company, position and season) | `similar_text`.
    pub reason: String,
}

/// Similar 面经.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarList {
    /// Up to five of the same role and season, then up to five by text.
    pub items: Vec<SimilarExperience>,
}

/// Live 面经 similar to one being written: the same company, position and
/// recruiting season, or text with the title's words.
#[utoipa::path(get, path = "/api/experiences/similar", tag = "experiences", params(SimilarParams), responses(
    (status = 200, body = SimilarList), (status = 400, body = ErrorBody)))]
async fn similar_experiences(State(state): State<AppState>, lang: Lang, MaybeAuthUser(me): MaybeAuthUser, ValidQuery(p): ValidQuery<SimilarParams>) -> Result<Json<SimilarList>> {
    let q = SimilarQuery {
        company: p.company,
        position: p.position,
        date: p.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        title: p.title,
        exclude: p.exclude,
    };
    let found = feature::similar(&state, Viewer::of(me.as_ref()), &q).await?;
    let items = found.into_iter().map(|(v, why)| SimilarExperience { item: ExperienceItem::new(v, lang), reason: why.as_str().to_owned() }).collect();
    Ok(Json(SimilarList { items }))
}
