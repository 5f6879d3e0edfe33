//! Administration of users over HTTP: list and search, disable/enable,
//! grant and revoke admin, end a user's sessions, and the one-time claim of
//! the first admin. The
//! rules are in [`crate::features::accounts::admin`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::users::Profile;
use super::{PageParams, Paged, ValidJson, ValidQuery};
use crate::entity::enums::UserStatus;
use crate::entity::user;
use crate::error::Result;
use crate::features::accounts::admin::{self, UserChange};
use crate::http::auth::{AdminUser, AuthUser, ClientIp};
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(update_user))
        .routes(routes!(end_user_sessions))
        .routes(routes!(claim_status, claim_admin))
}

/// A user as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminUserView {
    /// `users.id`.
    pub id: i64,
    /// Login name.
    pub account: String,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Normalised phone number.
    pub phone: Option<String>,
    /// `active` | `disabled`.
    pub status: String,
    /// Administrator.
    pub is_admin: bool,
    /// `false` for a phone-first account until it is finished.
    pub initialized: bool,
    /// Deleted by its owner.
    pub deleted: bool,
    /// When the account was made.
    pub created_at: ApiTime,
    /// Last successful login.
    pub last_login_at: Option<ApiTime>,
    /// Address of the last login.
    pub last_login_ip: Option<String>,
}

impl From<user::Model> for AdminUserView {
    fn from(u: user::Model) -> Self {
        Self {
            id: u.id,
            account: u.account,
            name: u.name,
            email: u.email,
            phone: u.phone,
            status: u.status,
            is_admin: u.is_admin,
            initialized: u.initialized,
            deleted: u.deleted_at.is_some(),
            created_at: u.created_at.into(),
            last_login_at: u.last_login_at.map(ApiTime),
            last_login_ip: u.last_login_ip,
        }
    }
}

fn valid_status(s: &str) -> std::result::Result<(), validator::ValidationError> {
    s.parse::<UserStatus>().map(|_| ()).map_err(|_| validator::ValidationError::new("status"))
}

/// A status that passed [`valid_status`].
fn status(s: Option<&str>) -> Option<UserStatus> {
    s.and_then(|s| s.parse().ok())
}

/// `GET /api/admin/users` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Part of the account, name, email or phone.
    #[validate(length(max = 100))]
    pub q: Option<String>,
    /// `active` | `disabled`.
    #[validate(custom(function = "valid_status"))]
    pub status: Option<String>,
}

/// List and search users, newest first (admins only).
#[utoipa::path(get, path = "/api/admin/users", tag = "admin", security(("bearer" = [])), params(UserQuery, PageParams), responses(
    (status = 200, body = Paged<AdminUserView>),
    (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    _admin: AdminUser,
    ValidQuery(p): ValidQuery<UserQuery>,
    ValidQuery(paging): ValidQuery<PageParams>,
) -> Result<Json<Paged<AdminUserView>>> {
    let (page, per_page) = paging.resolve();
    let (items, total) = admin::list_users(&state, p.q.as_deref(), status(p.status.as_deref()), page, per_page).await?;
    Ok(Json(Paged { items: items.into_iter().map(Into::into).collect(), total, page, per_page }))
}

/// `PATCH /api/admin/users/{id}`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// `active` | `disabled`; disabling revokes every session at once.
    #[validate(custom(function = "valid_status"))]
    pub status: Option<String>,
    /// Grant (`true`) or revoke (`false`) admin rights; effective at once.
    pub is_admin: Option<bool>,
}

/// Disable/enable a user or change their admin flag. Admins cannot disable
/// themselves or drop their own admin flag (403), so the site cannot be left
/// without an administrator by accident.
#[utoipa::path(patch, path = "/api/admin/users/{id}", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateUser, responses(
    (status = 200, body = AdminUserView),
    (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    admin: AdminUser,
    Path(id): Path<i64>,
    ValidJson(req): ValidJson<UpdateUser>,
) -> Result<Json<AdminUserView>> {
    let change = UserChange { status: status(req.status.as_deref()), is_admin: req.is_admin };
    Ok(Json(admin::update_user(&state, Some(admin.user_id), id, change).await?.into()))
}

/// End every session of a user at once without disabling the account
/// (admins only; logged as a security event with both ids).
#[utoipa::path(delete, path = "/api/admin/users/{id}/sessions", tag = "admin", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody)))]
async fn end_user_sessions(State(state): State<AppState>, admin: AdminUser, Path(id): Path<i64>) -> Result<StatusCode> {
    admin::end_sessions(&state, Some(admin.user_id), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/admin/claim`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ClaimAdmin {
    /// The one-time token printed in the log at start while no admin exists.
    #[validate(length(min = 1, max = 200))]
    pub token: String,
}

/// Become the first administrator with the one-time token printed at start.
/// The token works once; 10 wrong tries per IP per hour → 429.
#[utoipa::path(post, path = "/api/admin/claim", tag = "admin", security(("bearer" = [])), request_body = ClaimAdmin, responses(
    (status = 200, body = Profile),
    (status = 400, body = crate::error::ErrorBody, description = "invalid_code"),
    (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
async fn claim_admin(State(state): State<AppState>, me: AuthUser, ClientIp(ip): ClientIp, ValidJson(req): ValidJson<ClaimAdmin>) -> Result<Json<Profile>> {
    Ok(Json(admin::claim_admin(&state, me.user_id, &ip, &req.token).await?.into()))
}

/// Whether the site has an administrator (`GET /api/admin/claim`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimStatus {
    /// `true` once any administrator exists: the claim is closed and the UI
    /// hides its panel. Nothing else about the administrators is told.
    pub admin_exists: bool,
}

/// Whether an administrator exists (public; only that boolean), so the UI
/// offers the one-time claim only while it can work.
#[utoipa::path(get, path = "/api/admin/claim", tag = "admin", responses((status = 200, body = ClaimStatus)))]
async fn claim_status(State(state): State<AppState>) -> Result<Json<ClaimStatus>> {
    Ok(Json(ClaimStatus { admin_exists: admin::admin_exists(&state).await? }))
}
