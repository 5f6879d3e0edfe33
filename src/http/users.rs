//! Accounts over HTTP: sign-up, password login, logout, token refresh,
//! profile, password change, account deletion, public profiles. The rules
//! are in [`crate::features::accounts`]; verification-code flows live in
//! [`super::codes`].

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::ValidJson;
use crate::error::Result;
use crate::features::accounts::login::{self, LoggedIn};
use crate::features::accounts::profile::{self, ProfileEdit};
use crate::features::accounts::signup::{self, Signup};
use crate::features::accounts::{is_account, is_code, normalize_phone, ProfileView};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{self, AuthSession, AuthUser, ClientIp};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signup))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(refresh))
        .routes(routes!(get_profile, update_profile))
        .routes(routes!(change_password))
        .routes(routes!(delete_me))
        .routes(routes!(public_profile))
}

// ---------------------------------------------------------------- validation

/// Account rule: 4–20 of `[A-Za-z0-9_]` (`account_format`).
pub fn valid_account(account: &str) -> std::result::Result<(), ValidationError> {
    if is_account(account) { Ok(()) } else { Err(ValidationError::new("account_format")) }
}

/// A phone number [`normalize_phone`] accepts (`phone`).
pub fn valid_phone(phone: &str) -> std::result::Result<(), ValidationError> {
    normalize_phone(phone).map(|_| ()).ok_or_else(|| ValidationError::new("phone"))
}

/// Verification codes are six digits (`code_format`).
pub fn valid_code(code: &str) -> std::result::Result<(), ValidationError> {
    if is_code(code) { Ok(()) } else { Err(ValidationError::new("code_format")) }
}

// ------------------------------------------------------------------- shapes

/// The caller's own profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    /// `users.id`.
    pub id: i64,
    /// Login name, 4–20 of `[A-Za-z0-9_]` (generated for phone-first accounts).
    pub account: String,
    /// Display name, 1–50 characters.
    pub name: String,
    /// Avatar URL or `/api/files/{id}` path.
    pub avatar: Option<String>,
    /// Normalised phone number (11 digits for mainland numbers, else E.164).
    pub phone: Option<String>,
    /// Email address as entered.
    pub email: Option<String>,
    /// The email was verified with a code.
    pub email_verified: bool,
    /// Postal address, ≤ 200.
    pub address: Option<String>,
    /// `male` | `female` | `other`.
    pub gender: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date)]
    pub birthday: Option<NaiveDate>,
    /// Signature line, ≤ 200.
    pub signature: Option<String>,
    /// e.g. 在职 / 离职 / 在校, ≤ 50.
    pub job_status: Option<String>,
    /// e.g. 本科 / 硕士, ≤ 50.
    pub highest_education: Option<String>,
    /// e.g. 应届 / 1-3 年, ≤ 50.
    pub seniority: Option<String>,
    /// Employer, ≤ 100.
    pub company: Option<String>,
    /// `http(s)://…`, ≤ 300.
    pub website: Option<String>,
    /// An id from `GET /api/schools`.
    pub school_id: Option<i64>,
    /// Name of `school_id`.
    pub school_name: Option<String>,
    /// Field of study, ≤ 100.
    pub major: Option<String>,
    /// ≤ 50.
    pub student_number: Option<String>,
    /// Administrator.
    pub is_admin: bool,
    /// `active` | `disabled`.
    pub status: String,
    /// `false` for a phone-first account until `POST /api/users/init`.
    pub initialized: bool,
    /// When the account was made.
    pub created_at: ApiTime,
    /// Last successful login.
    pub last_login_at: Option<ApiTime>,
}

/// What anyone may see of a user.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicProfile {
    /// `users.id`.
    pub id: i64,
    /// Display name; a translated "deleted user" for deleted accounts.
    pub name: String,
    /// Avatar URL or path; none for deleted users.
    pub avatar: Option<String>,
    /// Signature line.
    pub signature: Option<String>,
    /// Name of the school.
    pub school_name: Option<String>,
    /// Employer.
    pub company: Option<String>,
    /// The account was deleted by its owner.
    pub deleted: bool,
    /// When the account was made.
    pub created_at: ApiTime,
}

/// The `user_data` part of a login response.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserData {
    /// `users.id`.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Avatar URL or path.
    pub avatar: Option<String>,
    /// `false` for a phone-first account until `POST /api/users/init`.
    pub initialized: bool,
    /// Administrator.
    pub is_admin: bool,
}

/// A new session. The same token is also set as the `mj_session` cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// Opaque bearer token (256 bits, base64url).
    pub token: String,
    /// When the token stops working.
    pub expires_at: ApiTime,
    /// Who logged in.
    pub user_data: UserData,
}
impl From<ProfileView> for Profile {
    fn from(v: ProfileView) -> Self {
        let u = v.user;
        Profile {
            id: u.id,
            account: u.account,
            name: u.name,
            avatar: u.avatar,
            phone: u.phone,
            email: u.email,
            email_verified: u.email_verified_at.is_some(),
            address: u.address,
            gender: u.gender,
            birthday: u.birthday,
            signature: u.signature,
            job_status: u.job_status,
            highest_education: u.highest_education,
            seniority: u.seniority,
            company: u.company,
            website: u.website,
            school_id: u.school_id,
            school_name: v.school_name,
            major: u.major,
            student_number: u.student_number,
            is_admin: u.is_admin,
            status: u.status,
            initialized: u.initialized,
            created_at: u.created_at.into(),
            last_login_at: u.last_login_at.map(ApiTime),
        }
    }
}

impl From<profile::PublicProfile> for PublicProfile {
    fn from(p: profile::PublicProfile) -> Self {
        PublicProfile {
            id: p.id,
            name: p.name,
            avatar: p.avatar,
            signature: p.signature,
            school_name: p.school_name,
            company: p.company,
            deleted: p.deleted,
            created_at: p.created_at.into(),
        }
    }
}

/// The answer to a login: the token and user in the body, the session
/// cookies in `Set-Cookie`.
pub(crate) fn session_response(state: &AppState, logged_in: LoggedIn) -> Response {
    let LoggedIn { issued, user: u } = logged_in;
    let body = LoginResponse {
        token: issued.token.clone(),
        expires_at: issued.expires_at.into(),
        user_data: UserData { id: u.id, name: u.name, avatar: u.avatar, initialized: u.initialized, is_admin: u.is_admin },
    };
    let mut resp = Json(body).into_response();
    for c in auth::session_cookies(state, &issued) {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

/// `resp` with `Set-Cookie` headers that delete the session cookies.
fn clearing_cookies(mut resp: Response) -> Response {
    for c in auth::clear_cookies() {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

// ------------------------------------------------------------------ sign-up

/// `POST /api/users/signup`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct SignupRequest {
    /// 4–20 of `[A-Za-z0-9_]`, unique ignoring case.
    #[validate(custom(function = "valid_account"))]
    pub account: String,
    /// Display name, 1–50 characters.
    #[validate(length(min = 1, max = 50))]
    pub name: String,
    /// Unique ignoring case.
    #[validate(email, length(max = 254))]
    pub email: String,
    /// 8–128 characters with upper, lower and digit; not a common password.
    pub password: String,
    /// Optional mobile number; when given, `code` (purpose `signup`) must verify it.
    #[validate(custom(function = "valid_phone"))]
    pub phone: Option<String>,
    /// Verification code for `phone`, or, without a phone, for `email`.
    #[validate(custom(function = "valid_code"))]
    pub code: Option<String>,
}

/// Create an account. Does not log in.
#[utoipa::path(post, path = "/api/users/signup", tag = "accounts", request_body = SignupRequest, responses(
    (status = 201, body = Profile),
    (status = 400, body = crate::error::ErrorBody, description = "validation_failed, invalid_code"),
    (status = 409, body = crate::error::ErrorBody, description = "account_taken, email_taken, phone_taken"),
    (status = 429, body = crate::error::ErrorBody)))]
async fn signup(State(state): State<AppState>, ClientIp(ip): ClientIp, ValidJson(req): ValidJson<SignupRequest>) -> Result<(StatusCode, Json<Profile>)> {
    write_limits::charge(&state, Action::Signup, None, &ip).await?;
    let req = Signup { account: req.account, name: req.name, email: req.email, password: req.password, phone: req.phone, code: req.code };
    let view = signup::signup(&state, req).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

// -------------------------------------------------------------------- login

/// `POST /api/users/login`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    /// Account name, email or phone number.
    #[validate(length(min = 1, max = 254))]
    pub account: String,
    /// The password.
    #[validate(length(min = 1, max = 1024))]
    pub password: String,
    /// Keep the session for `session_keep_days` (30) instead of `session_hours` (24).
    #[serde(default)]
    pub keep_logged_in: bool,
}

/// Log in with a password. The same `invalid_credentials` answer (and the
/// same argon2 cost) for an unknown account and a wrong password. After
/// `login_max_failures_per_account` failures for one account, or
/// `login_max_failures_per_ip` from one address, within
/// `login_window_secs`, answers 429 until the window ends.
#[utoipa::path(post, path = "/api/users/login", tag = "accounts", request_body = LoginRequest, responses(
    (status = 200, body = LoginResponse),
    (status = 400, body = crate::error::ErrorBody, description = "invalid_credentials, validation_failed"),
    (status = 403, body = crate::error::ErrorBody, description = "account_disabled, account_not_initialized"),
    (status = 429, body = crate::error::ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ValidJson(req): ValidJson<LoginRequest>,
) -> Result<Response> {
    let logged_in = login::login(&state, &req.account, &req.password, req.keep_logged_in, auth::client(&ip, &headers)).await?;
    Ok(session_response(&state, logged_in))
}

/// Revoke the current session at once and clear the cookies.
#[utoipa::path(post, path = "/api/users/logout", tag = "accounts", security(("bearer" = [])), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody)))]
async fn logout(State(state): State<AppState>, s: AuthSession) -> Result<Response> {
    login::logout(&state, &s).await?;
    Ok(clearing_cookies(StatusCode::NO_CONTENT.into_response()))
}

/// Exchange the current token for a new one of the same lifetime; the old
/// token stops working at once.
#[utoipa::path(post, path = "/api/token/refresh", tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = LoginResponse), (status = 401, body = crate::error::ErrorBody)))]
async fn refresh(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap, s: AuthSession) -> Result<Response> {
    let logged_in = login::refresh(&state, &s, auth::client(&ip, &headers)).await?;
    Ok(session_response(&state, logged_in))
}

// ------------------------------------------------------------------ profile

/// The caller's profile (also for uninitialised accounts).
#[utoipa::path(get, path = "/api/users/profile", tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = Profile), (status = 401, body = crate::error::ErrorBody)))]
async fn get_profile(State(state): State<AppState>, s: AuthSession) -> Result<Json<Profile>> {
    Ok(Json(profile::profile(&state, s.user_id).await?.into()))
}


/// `PATCH /api/users/profile`: every field optional; `null` clears a
/// nullable field. Changing `phone` or `email` needs `code`, sent to the new
/// address with purpose `change_contact`.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfile {
    /// 1–50 characters.
    pub name: Option<String>,
    /// Avatar URL or `/api/files/{id}` path, ≤ 500.
    #[serde(default, deserialize_with = "super::nullable")]
    pub avatar: Option<Option<String>>,
    /// A new phone number needs `code`.
    #[serde(default, deserialize_with = "super::nullable")]
    pub phone: Option<Option<String>>,
    /// A new email needs `code`.
    #[serde(default, deserialize_with = "super::nullable")]
    pub email: Option<Option<String>>,
    /// ≤ 200.
    #[serde(default, deserialize_with = "super::nullable")]
    pub address: Option<Option<String>>,
    /// `male` | `female` | `other`.
    #[serde(default, deserialize_with = "super::nullable")]
    pub gender: Option<Option<String>>,
    /// `YYYY-MM-DD`, between 1900-01-01 and today.
    #[serde(default, deserialize_with = "super::nullable")]
    pub birthday: Option<Option<String>>,
    /// ≤ 200.
    #[serde(default, deserialize_with = "super::nullable")]
    pub signature: Option<Option<String>>,
    /// ≤ 50, e.g. 在职 / 离职 / 在校.
    #[serde(default, deserialize_with = "super::nullable")]
    pub job_status: Option<Option<String>>,
    /// ≤ 50, e.g. 本科 / 硕士.
    #[serde(default, deserialize_with = "super::nullable")]
    pub highest_education: Option<Option<String>>,
    /// ≤ 50, e.g. 应届 / 1-3 年.
    #[serde(default, deserialize_with = "super::nullable")]
    pub seniority: Option<Option<String>>,
    /// ≤ 100.
    #[serde(default, deserialize_with = "super::nullable")]
    pub company: Option<Option<String>>,
    /// `http(s)://…`, ≤ 300.
    #[serde(default, deserialize_with = "super::nullable")]
    pub website: Option<Option<String>>,
    /// An id from `GET /api/schools`.
    #[serde(default, deserialize_with = "super::nullable")]
    pub school_id: Option<Option<i64>>,
    /// ≤ 100.
    #[serde(default, deserialize_with = "super::nullable")]
    pub major: Option<Option<String>>,
    /// ≤ 50.
    #[serde(default, deserialize_with = "super::nullable")]
    pub student_number: Option<Option<String>>,
    /// Verification code for a changed phone or email.
    pub code: Option<String>,
}

impl From<UpdateProfile> for ProfileEdit {
    fn from(r: UpdateProfile) -> Self {
        ProfileEdit {
            name: r.name,
            avatar: r.avatar,
            phone: r.phone,
            email: r.email,
            address: r.address,
            gender: r.gender,
            birthday: r.birthday,
            signature: r.signature,
            job_status: r.job_status,
            highest_education: r.highest_education,
            seniority: r.seniority,
            company: r.company,
            website: r.website,
            school_id: r.school_id,
            major: r.major,
            student_number: r.student_number,
            code: r.code,
        }
    }
}

/// Update the caller's profile.
#[utoipa::path(patch, path = "/api/users/profile", tag = "accounts", security(("bearer" = [])), request_body = UpdateProfile, responses(
    (status = 200, body = Profile),
    (status = 400, body = crate::error::ErrorBody, description = "validation_failed, invalid_code"),
    (status = 401, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "email_taken, phone_taken")))]
async fn update_profile(State(state): State<AppState>, me: AuthUser, ValidJson(req): ValidJson<UpdateProfile>) -> Result<Json<Profile>> {
    Ok(Json(profile::update_profile(&state, me.user_id, req.into()).await?.into()))
}

/// `PUT /api/users/password`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePassword {
    /// The current password.
    #[validate(length(min = 1, max = 1024))]
    pub old_password: String,
    /// 8–128 characters with upper, lower and digit; not a common password; not the old one.
    pub new_password: String,
}

/// Change the password; every other session of the user is revoked.
/// Wrong old passwords count as failed logins for the account.
#[utoipa::path(put, path = "/api/users/password", tag = "accounts", security(("bearer" = [])), request_body = ChangePassword, responses(
    (status = 204),
    (status = 400, body = crate::error::ErrorBody, description = "wrong_password, validation_failed"),
    (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
async fn change_password(State(state): State<AppState>, me: AuthUser, ValidJson(req): ValidJson<ChangePassword>) -> Result<StatusCode> {
    profile::change_password(&state, &me, &req.old_password, &req.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/users/me`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DeleteAccount {
    /// The current password, to confirm.
    #[validate(length(min = 1, max = 1024))]
    pub password: String,
}

/// Delete the caller's account (soft): sessions revoked, account name, email
/// and phone freed for reuse, content kept and shown as by a deleted user.
#[utoipa::path(delete, path = "/api/users/me", tag = "accounts", security(("bearer" = [])), request_body = DeleteAccount, responses(
    (status = 204), (status = 400, body = crate::error::ErrorBody, description = "wrong_password"),
    (status = 401, body = crate::error::ErrorBody)))]
async fn delete_me(State(state): State<AppState>, me: AuthUser, ValidJson(req): ValidJson<DeleteAccount>) -> Result<Response> {
    profile::delete_account(&state, &me, &req.password).await?;
    Ok(clearing_cookies(StatusCode::NO_CONTENT.into_response()))
}

/// A user's public profile. Deleted users answer with `deleted: true` and a
/// translated placeholder name, so their posts stay attributable.
#[utoipa::path(get, path = "/api/users/{id}", tag = "accounts", params(("id" = i64, Path)), responses(
    (status = 200, body = PublicProfile), (status = 404, body = crate::error::ErrorBody)))]
async fn public_profile(State(state): State<AppState>, lang: Lang, Path(id): Path<i64>) -> Result<Json<PublicProfile>> {
    Ok(Json(profile::public_profile(&state, lang, id).await?.into()))
}
