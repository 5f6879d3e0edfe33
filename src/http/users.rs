//! Accounts over HTTP: sign-up, password login, logout, token refresh,
//! profile, password change, account deletion, public profiles. The rules
//! are in [`crate::features::accounts`]; verification-code flows live in
//! [`super::codes`].

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum_extra::extract::cookie::{Cookie, SameSite};
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
use crate::features::accounts::{device, is_account, is_code, normalize_phone, ProfileView};
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
        .routes(routes!(send_contact_code))
        .routes(routes!(change_contact))
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
    /// When the owner accepted the terms of service and privacy policy;
    /// `null` for accounts made before consent was asked or by an operator.
    pub terms_accepted_at: Option<ApiTime>,
    /// Version of `GET /api/pages/terms` accepted.
    pub terms_version: Option<i32>,
    /// Version of `GET /api/pages/privacy` accepted.
    pub privacy_version: Option<i32>,
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
    /// Device token for this client and account (also set as the HttpOnly
    /// `mj_device` cookie). Send it back as `device_token` when logging in
    /// again: failed logins elsewhere then cannot lock this client out
    /// (README "Login protection"). Valid `login_device_days` (180).
    pub device_token: String,
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
            terms_accepted_at: u.terms_accepted_at.map(ApiTime),
            terms_version: u.terms_version,
            privacy_version: u.privacy_version,
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
    let device_token = device::issue(&state.secret, u.id, state.config.login_device_days);
    let device_cookie = device_cookie(state, &device_token);
    let body = LoginResponse {
        token: issued.token.clone(),
        expires_at: issued.expires_at.into(),
        user_data: UserData { id: u.id, name: u.name, avatar: u.avatar, initialized: u.initialized, is_admin: u.is_admin },
        device_token,
    };
    let mut resp = Json(body).into_response();
    for c in auth::session_cookies(state, &issued) {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    if let Some(c) = device_cookie {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

/// Name of the device-token cookie (HttpOnly, sent only to `/api/users`).
pub const DEVICE_COOKIE: &str = "mj_device";

/// The `mj_device` cookie: HttpOnly, `SameSite=Strict`, `Path=/api/users`
/// (the login endpoints; nothing else needs it), `Secure` like the session
/// cookie, kept `login_device_days`. A logout keeps it: it names the
/// device, not a session.
fn device_cookie(state: &AppState, token: &str) -> Option<HeaderValue> {
    let c = Cookie::build((DEVICE_COOKIE, token.to_owned()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/api/users")
        .secure(state.config.cookies_secure())
        .max_age(cookie::time::Duration::days(state.config.login_device_days))
        .build();
    HeaderValue::from_str(&c.to_string()).ok()
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
    /// 8–128 characters, no composition rules; not a common password, not
    /// containing the account name, the email's local part or the phone.
    pub password: String,
    /// Optional mobile number; when given, `code` (purpose `signup`) must verify it.
    #[validate(custom(function = "valid_phone"))]
    pub phone: Option<String>,
    /// Verification code for `phone`, or, without a phone, for `email`.
    #[validate(custom(function = "valid_code"))]
    pub code: Option<String>,
    /// Must be `true`: the user agrees to the terms of service and the
    /// privacy policy (`GET /api/pages/terms`, `/api/pages/privacy`); their
    /// current versions are recorded on the account. Missing or `false`
    /// answers 400 `terms_not_accepted`.
    #[serde(default)]
    pub accept_terms: bool,
}

/// Create an account by account name (the "账号注册" tab). Does not log in.
/// A phone-first sign-up (the "手机号注册" tab) is `POST /api/verification-codes`
/// (purpose `login`), `POST /api/users/login/code` with `accept_terms`, then
/// `POST /api/users/init` (README "Sign-up").
#[utoipa::path(post, path = "/api/users/signup", tag = "accounts", request_body = SignupRequest, responses(
    (status = 201, body = Profile),
    (status = 400, body = crate::error::ErrorBody, description = "terms_not_accepted, validation_failed, invalid_code"),
    (status = 409, body = crate::error::ErrorBody, description = "account_taken, email_taken, phone_taken"),
    (status = 429, body = crate::error::ErrorBody)))]
async fn signup(State(state): State<AppState>, ClientIp(ip): ClientIp, ValidJson(req): ValidJson<SignupRequest>) -> Result<(StatusCode, Json<Profile>)> {
    write_limits::charge(&state, Action::Signup, None, &ip).await?;
    let req = Signup {
        account: req.account,
        name: req.name,
        email: req.email,
        password: req.password,
        phone: req.phone,
        code: req.code,
        accept_terms: req.accept_terms,
    };
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
    /// The `device_token` of an earlier login on this client (API clients;
    /// browsers send the `mj_device` cookie instead).
    #[validate(length(max = 200))]
    pub device_token: Option<String>,
}

/// Log in with a password. The same `invalid_credentials` answer (and the
/// same argon2 cost) for an unknown account and a wrong password. Failed
/// logins are counted per account whichever spelling of it is typed, per
/// (account, client), for clients without the account's device token per
/// account and per address, each with an escalating lockout (429 with
/// `Retry-After`); a client with a valid device token for the account is
/// held only by its own failures (README "Login protection").
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
    let device_token = req.device_token.or_else(|| auth::cookie(&headers, DEVICE_COOKIE));
    let client = auth::client(&ip, &headers);
    let logged_in = login::login(&state, &req.account, &req.password, req.keep_logged_in, client, device_token.as_deref()).await?;
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
/// nullable field. The phone number and email change only through
/// `POST /api/users/me/contact`: a different `phone` or `email` here is
/// refused (`use_contact_change`), the current one is ignored.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfile {
    /// 1–50 characters.
    pub name: Option<String>,
    /// Avatar URL or `/api/files/{id}` path, ≤ 500.
    #[serde(default, deserialize_with = "super::nullable")]
    pub avatar: Option<Option<String>>,
    /// Only the current value is accepted (field error `use_contact_change`
    /// otherwise): change it with `POST /api/users/me/contact`.
    #[serde(default, deserialize_with = "super::nullable")]
    pub phone: Option<Option<String>>,
    /// Only the current value (ignoring case) is accepted (field error
    /// `use_contact_change` otherwise): change it with
    /// `POST /api/users/me/contact`.
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
    /// Ignored: accepted so that older clients get the field error on
    /// `phone` or `email` that points them to `POST /api/users/me/contact`.
    #[schema(deprecated)]
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
        }
    }
}

/// Update the caller's profile (not the phone or email: a changed one is
/// refused with the field error `use_contact_change`).
#[utoipa::path(patch, path = "/api/users/profile", tag = "accounts", security(("bearer" = [])), request_body = UpdateProfile, responses(
    (status = 200, body = Profile),
    (status = 400, body = crate::error::ErrorBody, description = "validation_failed"),
    (status = 401, body = crate::error::ErrorBody)))]
async fn update_profile(State(state): State<AppState>, me: AuthUser, ValidJson(req): ValidJson<UpdateProfile>) -> Result<Json<Profile>> {
    Ok(Json(profile::update_profile(&state, me.user_id, req.into()).await?.into()))
}

/// Which contact a change is about.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// The email address.
    Email,
    /// The phone number.
    Phone,
}

impl From<ContactKind> for profile::ContactKind {
    fn from(k: ContactKind) -> Self {
        match k {
            ContactKind::Email => profile::ContactKind::Email,
            ContactKind::Phone => profile::ContactKind::Phone,
        }
    }
}

/// Answer of a send.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodeSent {
    /// Seconds the code stays valid (300).
    pub expires_in: u64,
    /// Seconds before another code can be sent to this target (60).
    pub resend_after: u64,
}

/// `POST /api/users/me/contact/code`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactCodeRequest {
    /// `email` or `phone`.
    pub kind: ContactKind,
    /// The new email address or phone number.
    #[validate(length(min = 1, max = 254))]
    pub value: String,
}

/// Send a verification code (purpose `change_contact`) to a new email or
/// phone number of the caller, the first step of changing it. The limits of
/// every code apply (one send per minute and 5 per hour per address, 30 per
/// hour per client address).
#[utoipa::path(post, path = "/api/users/me/contact/code", tag = "accounts", security(("bearer" = [])), request_body = ContactCodeRequest, responses(
    (status = 202, body = CodeSent, headers(("RateLimit-Remaining" = u64, description = "sends to this address left this hour"))),
    (status = 400, body = crate::error::ErrorBody, description = "validation_failed (`value`: email, phone, contact_same)"),
    (status = 401, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "email_taken, phone_taken"),
    (status = 429, body = crate::error::ErrorBody, headers(("Retry-After" = u64, description = "seconds")))))]
async fn send_contact_code(State(state): State<AppState>, lang: Lang, ClientIp(ip): ClientIp, me: AuthUser, ValidJson(req): ValidJson<ContactCodeRequest>) -> Result<Response> {
    let sent = profile::send_contact_code(&state, lang, &ip, &me, req.kind.into(), &req.value).await?;
    let body = CodeSent { expires_in: sent.expires_in, resend_after: sent.resend_after };
    let mut resp = (StatusCode::ACCEPTED, Json(body)).into_response();
    let h = resp.headers_mut();
    h.insert("ratelimit-limit", sent.limit.into());
    h.insert("ratelimit-remaining", sent.remaining.into());
    Ok(resp)
}

/// `POST /api/users/me/contact`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactChange {
    /// `email` or `phone`.
    pub kind: ContactKind,
    /// The new email address or phone number the code was sent to.
    #[validate(length(min = 1, max = 254))]
    pub value: String,
    /// The 6-digit code sent by `POST /api/users/me/contact/code`.
    #[validate(custom(function = "valid_code"))]
    pub code: String,
}

/// Change the caller's email or phone number with the code sent to the new
/// one. A new email counts as verified; a notice goes to the email the
/// account had before, if any. Answers the updated profile.
#[utoipa::path(post, path = "/api/users/me/contact", tag = "accounts", security(("bearer" = [])), request_body = ContactChange, responses(
    (status = 200, body = Profile),
    (status = 400, body = crate::error::ErrorBody, description = "validation_failed, invalid_code, code_attempts_exceeded"),
    (status = 401, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "email_taken, phone_taken")))]
async fn change_contact(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidJson(req): ValidJson<ContactChange>) -> Result<Json<Profile>> {
    Ok(Json(profile::change_contact(&state, lang, &me, req.kind.into(), &req.value, &req.code).await?.into()))
}

/// `PUT /api/users/password`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePassword {
    /// The current password.
    #[validate(length(min = 1, max = 1024))]
    pub old_password: String,
    /// 8–128 characters; not a common password, not containing the account
    /// name, the email's local part or the phone; not the old one.
    pub new_password: String,
}

/// Change the password; every other session of the user is revoked and a
/// notice is mailed to the account's email. Every check of the old password
/// counts on the account's re-authentication lockout (`reauth_max_failures`).
#[utoipa::path(put, path = "/api/users/password", tag = "accounts", security(("bearer" = [])), request_body = ChangePassword, responses(
    (status = 204),
    (status = 400, body = crate::error::ErrorBody, description = "wrong_password, validation_failed"),
    (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    me: AuthUser,
    ValidJson(req): ValidJson<ChangePassword>,
) -> Result<StatusCode> {
    profile::change_password(&state, &me, &req.old_password, &req.new_password, lang, &ip).await?;
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
/// Every check of the password counts on the account's re-authentication
/// lockout (`reauth_max_failures`).
#[utoipa::path(delete, path = "/api/users/me", tag = "accounts", security(("bearer" = [])), request_body = DeleteAccount, responses(
    (status = 204), (status = 400, body = crate::error::ErrorBody, description = "wrong_password"),
    (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
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
