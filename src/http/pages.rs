//! The site's pages over HTTP: the terms of service and the privacy policy
//! that sign-up asks consent to. Anyone reads them; administrators edit
//! them. The rules (default text, fallback, versions) are in
//! [`crate::features::pages`].

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::{ValidJson, ValidQuery};
use crate::error::Result;
use crate::features::pages::{self, Slug};
use crate::http::auth::AdminUser;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_page)).routes(routes!(put_page))
}

/// A page in Markdown.
#[derive(Debug, Serialize, ToSchema)]
pub struct SitePage {
    /// `terms` | `privacy`.
    pub slug: String,
    /// Language of `body`: the caller's (`Accept-Language`, or the `lang`
    /// saved), or a fallback when only another language was edited.
    pub lang: String,
    /// Markdown text.
    pub body: String,
    /// The page's current version: 1 for the shipped text, raised by every
    /// edit of any language. Sign-up records it.
    pub version: i32,
    /// `false` while the shipped default text is shown.
    pub edited: bool,
    /// When `body` was last saved; `null` for the default text.
    pub updated_at: Option<ApiTime>,
}

impl From<pages::Page> for SitePage {
    fn from(p: pages::Page) -> Self {
        Self {
            slug: p.slug.as_str().to_owned(),
            lang: p.lang.locale().to_owned(),
            body: p.body,
            version: p.version,
            edited: p.edited,
            updated_at: p.updated_at.map(ApiTime),
        }
    }
}

/// `GET /api/pages/{slug}` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `zh-CN` | `zh-TW` | `en`: this language instead of `Accept-Language`
    /// (the admin editor loads each language).
    #[validate(custom(function = "valid_lang"))]
    pub lang: Option<String>,
}

/// The terms of service (`terms`) or privacy policy (`privacy`) in the
/// caller's language (`lang`, else `Accept-Language`); an unknown slug is 404.
#[utoipa::path(get, path = "/api/pages/{slug}", tag = "pages", params(("slug" = String, Path, description = "`terms` or `privacy`"), PageQuery), responses(
    (status = 200, body = SitePage), (status = 400, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn get_page(State(state): State<AppState>, lang: Lang, Path(slug): Path<String>, ValidQuery(q): ValidQuery<PageQuery>) -> Result<Json<SitePage>> {
    let lang = q.lang.as_deref().and_then(lang_of).unwrap_or(lang);
    Ok(Json(pages::page(&state, Slug::parse(&slug)?, lang).await?.into()))
}

fn valid_lang(l: &str) -> std::result::Result<(), ValidationError> {
    lang_of(l).map(|_| ()).ok_or_else(|| ValidationError::new("lang"))
}

fn lang_of(l: &str) -> Option<Lang> {
    [Lang::ZhCn, Lang::ZhTw, Lang::En].into_iter().find(|x| x.locale() == l)
}

/// `PUT /api/admin/pages/{slug}`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutPage {
    /// `zh-CN` | `zh-TW` | `en`: which language's text this is.
    #[validate(custom(function = "valid_lang"))]
    pub lang: String,
    /// Markdown, 1–100,000 characters after trimming.
    pub body: String,
}

/// Replace one language's text of a page (admins only). Raises the page's
/// version, so later sign-ups record the new one. Answers the page as saved.
#[utoipa::path(put, path = "/api/admin/pages/{slug}", tag = "pages", security(("bearer" = [])), params(("slug" = String, Path, description = "`terms` or `privacy`")), request_body = PutPage, responses(
    (status = 200, body = SitePage),
    (status = 400, body = crate::error::ErrorBody, description = "validation_failed"),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody)))]
async fn put_page(State(state): State<AppState>, admin: AdminUser, Path(slug): Path<String>, ValidJson(req): ValidJson<PutPage>) -> Result<Json<SitePage>> {
    let slug = Slug::parse(&slug)?;
    let lang = lang_of(&req.lang).unwrap_or_default();
    Ok(Json(pages::save(&state, admin.0.user_id, slug, lang, &req.body).await?.into()))
}
