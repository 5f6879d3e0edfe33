//! Administration of users (SPEC §3 "Administration"): list and search,
//! disable/enable (disabling revokes every session), grant and revoke admin,
//! and the one-time claim of the first admin.

use axum::extract::{Path, State};
use axum::Json;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use crate::store::sql::like_pattern;
use super::users::{find_user, to_profile, Profile};
use super::{Paged, ValidJson, ValidQuery};
use crate::features::accounts::token;
use crate::http::auth::{self, AdminUser, AuthUser, ClientIp};
use crate::entity::{app_setting, user};
use crate::error::{Error, Result};
use crate::features::rate_limit::{self, Rule};
use crate::state::AppState;

/// `app_settings` key of the admin claim token's signature.
pub const CLAIM_KEY: &str = "admin_claim_token";

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(update_user))
        .routes(routes!(claim_admin))
}

/// A user as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminUserView {
    pub id: i64,
    pub account: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `active` | `disabled`.
    pub status: String,
    pub is_admin: bool,
    pub initialized: bool,
    pub deleted: bool,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_login_at: Option<chrono::DateTime<Utc>>,
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
            created_at: u.created_at,
            last_login_at: u.last_login_at,
            last_login_ip: u.last_login_ip,
        }
    }
}

fn valid_status(s: &str) -> std::result::Result<(), validator::ValidationError> {
    if matches!(s, "active" | "disabled") { Ok(()) } else { Err(validator::ValidationError::new("status")) }
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
    #[validate(range(min = 1, max = 1_000_000))]
    pub page: Option<u64>,
    #[validate(range(min = 1, max = 100))]
    pub per_page: Option<u64>,
}

/// List and search users, newest first (admins only).
#[utoipa::path(get, path = "/api/admin/users", tag = "admin", security(("bearer" = [])), params(UserQuery), responses(
    (status = 200, body = Paged<AdminUserView>),
    (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
async fn list_users(State(state): State<AppState>, _admin: AdminUser, ValidQuery(p): ValidQuery<UserQuery>) -> Result<Json<Paged<AdminUserView>>> {
    let (page, per_page) = (p.page.unwrap_or(1), p.per_page.unwrap_or(20));
    let mut q = user::Entity::find().order_by_desc(user::Column::Id);
    if let Some(text) = p.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pat = like_pattern(&text.to_lowercase());
        q = q.filter(
            Condition::any()
                .add(user::Column::AccountKey.like(pat.clone()))
                .add(user::Column::Name.like(like_pattern(text)))
                .add(user::Column::EmailKey.like(pat.clone()))
                .add(user::Column::Phone.like(pat)),
        );
    }
    if let Some(status) = &p.status {
        q = q.filter(user::Column::Status.eq(status.as_str()));
    }
    let total = q.clone().count(&state.db.read).await?;
    let items = q.offset((page - 1) * per_page).limit(per_page).all(&state.db.read).await?;
    Ok(Json(Paged { items: items.into_iter().map(Into::into).collect(), total, page, per_page }))
}

/// `PATCH /api/admin/users/{id}`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// `active` | `disabled`; disabling revokes every session at once.
    #[validate(custom(function = "valid_status"))]
    pub status: Option<String>,
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
    if id == admin.user_id && (req.status.as_deref() == Some("disabled") || req.is_admin == Some(false)) {
        return Err(Error::Forbidden("forbidden"));
    }
    let txn = state.db.write.begin().await?;
    let target = find_user(&txn, id).await?;
    let mut upd = user::Entity::update_many().col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(status) = &req.status {
        upd = upd.col_expr(user::Column::Status, Expr::value(status.clone()));
    }
    if let Some(flag) = req.is_admin {
        upd = upd.col_expr(user::Column::IsAdmin, Expr::value(flag));
    }
    upd.filter(user::Column::Id.eq(id)).exec(&txn).await?;
    let disabling = req.status.as_deref() == Some("disabled") && target.status != "disabled";
    if disabling {
        auth::revoke_all_in(&txn, id, None).await?;
    }
    let updated = find_user(&txn, id).await?;
    txn.commit().await?;
    auth::forget_user(&state, id).await?;
    tracing::info!(admin = admin.user_id, user = id, status = ?req.status, is_admin = ?req.is_admin, "user updated by admin");
    Ok(Json(updated.into()))
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
    let rule = Rule { max: 10, window: std::time::Duration::from_secs(3600) };
    let key = format!("claim:{ip}");
    rate_limit::check(&state.kv, &key, rule).await?;
    let txn = state.db.write.begin().await?;
    let stored = app_setting::Entity::find_by_id(CLAIM_KEY.to_owned()).one(&txn).await?;
    let ok = stored.as_ref().is_some_and(|s| token::verify_signature(&state.secret, "claim", req.token.trim(), &s.value));
    if !ok {
        drop(txn);
        rate_limit::hit(&state.kv, &key, rule).await?;
        return Err(Error::BadRequest("invalid_code"));
    }
    let deleted = app_setting::Entity::delete_by_id(CLAIM_KEY.to_owned()).exec(&txn).await?;
    if deleted.rows_affected == 0 {
        return Err(Error::BadRequest("invalid_code"));
    }
    user::Entity::update_many()
        .col_expr(user::Column::IsAdmin, Expr::value(true))
        .filter(user::Column::Id.eq(me.user_id))
        .exec(&txn)
        .await?;
    let u = find_user(&txn, me.user_id).await?;
    txn.commit().await?;
    auth::forget_user(&state, me.user_id).await?;
    tracing::warn!(user = me.user_id, "first administrator claimed with the start-up token");
    Ok(Json(to_profile(&state.db.read, u).await?))
}

/// Called at start: while no administrator exists, (re)issue a one-time
/// claim token, store its signature and return it for printing.
///
/// # Errors
/// Database failures.
pub async fn ensure_claim_token(state: &AppState) -> Result<Option<String>> {
    let admins = user::Entity::find()
        .filter(user::Column::IsAdmin.eq(true))
        .filter(user::Column::DeletedAt.is_null())
        .count(&state.db.read)
        .await?;
    if admins > 0 {
        app_setting::Entity::delete_by_id(CLAIM_KEY.to_owned()).exec(&state.db.write).await?;
        return Ok(None);
    }
    let tok = token::new_token();
    let now = Utc::now();
    let sig = token::sign(&state.secret, "claim", &tok);
    let txn = state.db.write.begin().await?;
    app_setting::Entity::delete_by_id(CLAIM_KEY.to_owned()).exec(&txn).await?;
    app_setting::Entity::insert(app_setting::ActiveModel {
        key: sea_orm::Set(CLAIM_KEY.to_owned()),
        value: sea_orm::Set(sig),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(tok))
}
