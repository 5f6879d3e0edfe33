//! Accounts (SPEC §3 "Accounts"): sign-up, password login, logout, token
//! refresh, profile, password change, account deletion, public profiles.
//! Verification-code flows live in [`super::codes`].

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::codes::{verify_code, Purpose};
use super::{clean, ValidJson};
use crate::features::accounts::password::check_policy;
use crate::http::auth::{self, AuthSession, AuthUser, ClientIp};
use crate::entity::{school, session, user};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::i18n::{tr, Lang};
use crate::features::rate_limit::{self, Rule};
use crate::state::AppState;

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

static ACCOUNT_RE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"^[A-Za-z0-9_]{4,20}$").expect("valid regex"));

/// Account rule (seed 002): 4–20 of `[A-Za-z0-9_]`.
pub fn valid_account(account: &str) -> std::result::Result<(), ValidationError> {
    if ACCOUNT_RE.is_match(account) { Ok(()) } else { Err(ValidationError::new("account_format")) }
}

/// Normalise a phone number: mainland mobile numbers (`1[3-9]` + 9 digits,
/// optional `+86`) become 11 digits; others must be E.164 (`+` and 7–15
/// digits). Spaces and dashes are ignored. `None` when invalid.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let s: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let mainland = |d: &str| d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9') && d.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = s.strip_prefix("+86") {
        return mainland(rest).then(|| rest.to_owned());
    }
    if mainland(&s) {
        return Some(s);
    }
    let digits = s.strip_prefix('+')?;
    ((7..=15).contains(&digits.len()) && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.clone())
}

fn valid_phone(phone: &str) -> std::result::Result<(), ValidationError> {
    normalize_phone(phone).map(|_| ()).ok_or_else(|| ValidationError::new("phone"))
}

/// Verification codes are six digits.
pub fn valid_code(code: &str) -> std::result::Result<(), ValidationError> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) { Ok(()) } else { Err(ValidationError::new("code_format")) }
}

/// `validator`'s email check (HTML5 rules) for a plain string.
pub fn is_email(s: &str) -> bool {
    use validator::ValidateEmail;
    s.len() <= 254 && s.validate_email()
}

fn policy(field: &str, password: &str, inputs: &[&str]) -> Result<()> {
    check_policy(password, inputs).map_err(|e| {
        let mut f = FieldErrors::new();
        f.insert(field.to_owned(), vec![e]);
        Error::Validation(f)
    })
}

// ------------------------------------------------------------------- shapes

/// The caller's own profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    pub id: i64,
    /// Login name, 4–20 of `[A-Za-z0-9_]` (generated for phone-first accounts).
    pub account: String,
    pub name: String,
    pub avatar: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub email_verified: bool,
    pub address: Option<String>,
    /// `male` | `female` | `other`.
    pub gender: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date)]
    pub birthday: Option<NaiveDate>,
    pub signature: Option<String>,
    pub job_status: Option<String>,
    pub highest_education: Option<String>,
    pub seniority: Option<String>,
    pub company: Option<String>,
    pub website: Option<String>,
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
    pub major: Option<String>,
    pub student_number: Option<String>,
    pub is_admin: bool,
    /// `active` | `disabled`.
    pub status: String,
    /// `false` for a phone-first account until `POST /api/users/init`.
    pub initialized: bool,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
    #[serde(serialize_with = "crate::time::ser_opt")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_login_at: Option<chrono::DateTime<Utc>>,
}

/// What anyone may see of a user.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicProfile {
    pub id: i64,
    /// Display name; a translated "deleted user" for deleted accounts.
    pub name: String,
    pub avatar: Option<String>,
    pub signature: Option<String>,
    pub school_name: Option<String>,
    pub company: Option<String>,
    /// The account was deleted by its owner.
    pub deleted: bool,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<Utc>,
}

/// The `user_data` part of a login response (seed 001).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserData {
    pub id: i64,
    pub name: String,
    pub avatar: Option<String>,
    pub initialized: bool,
    pub is_admin: bool,
}

/// A new session. The same token is also set as the `mj_session` cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// Opaque bearer token (256 bits, base64url).
    pub token: String,
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: chrono::DateTime<Utc>,
    pub user_data: UserData,
}

pub(crate) async fn school_name<C: ConnectionTrait>(db: &C, id: Option<i64>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => school::Entity::find_by_id(id).one(db).await?.map(|s| s.name),
        None => None,
    })
}

pub(crate) async fn to_profile<C: ConnectionTrait>(db: &C, u: user::Model) -> Result<Profile> {
    let school_name = school_name(db, u.school_id).await?;
    Ok(Profile {
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
        school_name,
        major: u.major,
        student_number: u.student_number,
        is_admin: u.is_admin,
        status: u.status,
        initialized: u.initialized,
        created_at: u.created_at,
        last_login_at: u.last_login_at,
    })
}

pub(crate) async fn find_user<C: ConnectionTrait>(db: &C, id: i64) -> Result<user::Model> {
    user::Entity::find_by_id(id)
        .filter(user::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// Log `u` in: record the login, issue a session, answer with the token and
/// the session cookies.
pub(crate) async fn start_session(
    state: &AppState,
    u: &user::Model,
    keep: bool,
    ip: &str,
    headers: &HeaderMap,
) -> Result<Response> {
    let now = Utc::now();
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(now))
        .col_expr(user::Column::LastLoginIp, Expr::value(ip.chars().take(64).collect::<String>()))
        .filter(user::Column::Id.eq(u.id))
        .exec(&state.db.write)
        .await?;
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let issued = auth::issue(state, u, keep, ip, ua).await?;
    let body = LoginResponse {
        token: issued.token.clone(),
        expires_at: issued.expires_at,
        user_data: UserData {
            id: u.id,
            name: u.name.clone(),
            avatar: u.avatar.clone(),
            initialized: u.initialized,
            is_admin: u.is_admin,
        },
    };
    let mut resp = Json(body).into_response();
    for c in auth::session_cookies(state, &issued) {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(resp)
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
async fn signup(State(state): State<AppState>, ValidJson(req): ValidJson<SignupRequest>) -> Result<(StatusCode, Json<Profile>)> {
    let name = req.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::field("name", "not_empty"));
    }
    let email = req.email.trim().to_owned();
    policy("password", &req.password, &[&req.account, &name, &email])?;
    let phone = req.phone.as_deref().and_then(normalize_phone);
    let mut email_verified = None;
    match (&phone, &req.code) {
        (Some(_), None) => return Err(Error::field("code", "required")),
        (Some(p), Some(code)) => verify_code(&state, p, Purpose::Signup, code).await?,
        (None, Some(code)) => {
            verify_code(&state, &email.to_lowercase(), Purpose::Signup, code).await?;
            email_verified = Some(Utc::now());
        }
        (None, None) => {}
    }
    let hash = state.passwords.hash(&req.password).await?;
    let now = Utc::now();
    let u = user::ActiveModel {
        account: Set(req.account.clone()),
        account_key: Set(req.account.to_lowercase()),
        name: Set(name),
        email_key: Set(Some(email.to_lowercase())),
        email: Set(Some(email)),
        email_verified_at: Set(email_verified),
        phone: Set(phone),
        password_hash: Set(Some(hash)),
        is_admin: Set(false),
        status: Set(user::status::ACTIVE.into()),
        initialized: Set(true),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db.write)
    .await?;
    Ok((StatusCode::CREATED, Json(to_profile(&state.db.read, u).await?)))
}

// -------------------------------------------------------------------- login

/// `POST /api/users/login`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct LoginRequest {
    /// Account name, email or phone number.
    #[validate(length(min = 1, max = 254))]
    pub account: String,
    #[validate(length(min = 1, max = 1024))]
    pub password: String,
    /// Keep the session for `session_keep_days` (30) instead of `session_hours` (24).
    #[serde(default)]
    pub keep_logged_in: bool,
}

/// Find a live user by account name, email or phone (in that preference).
pub(crate) async fn find_by_identifier<C: ConnectionTrait>(db: &C, ident: &str) -> Result<Option<user::Model>> {
    let ident = ident.trim();
    let key = ident.to_lowercase();
    let mut cond = Condition::any();
    if ident.contains('@') {
        cond = cond.add(user::Column::EmailKey.eq(&key));
    } else {
        cond = cond.add(user::Column::AccountKey.eq(&key));
        if let Some(p) = normalize_phone(ident) {
            cond = cond.add(user::Column::Phone.eq(p));
        }
    }
    let mut found = user::Entity::find().filter(cond).filter(user::Column::DeletedAt.is_null()).all(db).await?;
    found.sort_by_key(|u| u.account_key != key);
    Ok(found.into_iter().next())
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
    let cfg = &state.config;
    let window = std::time::Duration::from_secs(cfg.login_window_secs);
    let acct_rule = Rule { max: cfg.login_max_failures_per_account, window };
    let ip_rule = Rule { max: cfg.login_max_failures_per_ip, window };
    let acct_key = format!("lf:a:{}", req.account.trim().to_lowercase());
    let ip_key = format!("lf:i:{ip}");
    rate_limit::check(&state.kv, &acct_key, acct_rule).await?;
    rate_limit::check(&state.kv, &ip_key, ip_rule).await?;

    let found = find_by_identifier(&state.db.read, &req.account).await?;
    if let Some(u) = &found
        && !u.initialized && u.password_hash.is_none() {
            return Err(Error::Forbidden("account_not_initialized"));
        }
    let hash = found.as_ref().and_then(|u| u.password_hash.as_deref());
    if !state.passwords.verify(&req.password, hash).await? {
        rate_limit::hit(&state.kv, &acct_key, acct_rule).await?;
        rate_limit::hit(&state.kv, &ip_key, ip_rule).await?;
        return Err(Error::BadRequest("invalid_credentials"));
    }
    let u = found.ok_or(Error::BadRequest("invalid_credentials"))?;
    if u.status != user::status::ACTIVE {
        return Err(Error::Forbidden("account_disabled"));
    }
    state.kv.del(&acct_key).await?;
    start_session(&state, &u, req.keep_logged_in, &ip, &headers).await
}

/// Revoke the current session at once and clear the cookies.
#[utoipa::path(post, path = "/api/users/logout", tag = "accounts", security(("bearer" = [])), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody)))]
async fn logout(State(state): State<AppState>, s: AuthSession) -> Result<Response> {
    auth::revoke(&state, &s).await?;
    let mut resp = StatusCode::NO_CONTENT.into_response();
    for c in auth::clear_cookies() {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(resp)
}

/// Exchange the current token for a new one of the same lifetime; the old
/// token stops working at once.
#[utoipa::path(post, path = "/api/token/refresh", tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = LoginResponse), (status = 401, body = crate::error::ErrorBody)))]
async fn refresh(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap, s: AuthSession) -> Result<Response> {
    let row = session::Entity::find_by_id(s.session_id).one(&state.db.write).await?.ok_or(Error::Unauthorized)?;
    let keep = (row.expires_at - row.created_at).num_seconds() > state.config.session_hours * 3_600;
    let u = find_user(&state.db.write, s.user_id).await.map_err(|_| Error::Unauthorized)?;
    auth::revoke(&state, &s).await?;
    start_session(&state, &u, keep, &ip, &headers).await
}

// ------------------------------------------------------------------ profile

/// The caller's profile (also for uninitialised accounts).
#[utoipa::path(get, path = "/api/users/profile", tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = Profile), (status = 401, body = crate::error::ErrorBody)))]
async fn get_profile(State(state): State<AppState>, s: AuthSession) -> Result<Json<Profile>> {
    let u = find_user(&state.db.read, s.user_id).await?;
    Ok(Json(to_profile(&state.db.read, u).await?))
}

pub(crate) fn double_option<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
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
    #[serde(default, deserialize_with = "double_option")]
    pub avatar: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub email: Option<Option<String>>,
    /// ≤ 200.
    #[serde(default, deserialize_with = "double_option")]
    pub address: Option<Option<String>>,
    /// `male` | `female` | `other`.
    #[serde(default, deserialize_with = "double_option")]
    pub gender: Option<Option<String>>,
    /// `YYYY-MM-DD`, between 1900-01-01 and today.
    #[serde(default, deserialize_with = "double_option")]
    pub birthday: Option<Option<String>>,
    /// ≤ 200.
    #[serde(default, deserialize_with = "double_option")]
    pub signature: Option<Option<String>>,
    /// ≤ 50, e.g. 在职 / 离职 / 在校.
    #[serde(default, deserialize_with = "double_option")]
    pub job_status: Option<Option<String>>,
    /// ≤ 50, e.g. 本科 / 硕士.
    #[serde(default, deserialize_with = "double_option")]
    pub highest_education: Option<Option<String>>,
    /// ≤ 50, e.g. 应届 / 1-3 年.
    #[serde(default, deserialize_with = "double_option")]
    pub seniority: Option<Option<String>>,
    /// ≤ 100.
    #[serde(default, deserialize_with = "double_option")]
    pub company: Option<Option<String>>,
    /// `http(s)://…`, ≤ 300.
    #[serde(default, deserialize_with = "double_option")]
    pub website: Option<Option<String>>,
    /// An id from `GET /api/schools`.
    #[serde(default, deserialize_with = "double_option")]
    pub school_id: Option<Option<i64>>,
    /// ≤ 100.
    #[serde(default, deserialize_with = "double_option")]
    pub major: Option<Option<String>>,
    /// ≤ 50.
    #[serde(default, deserialize_with = "double_option")]
    pub student_number: Option<Option<String>>,
    /// Verification code for a changed phone or email.
    pub code: Option<String>,
}

fn text_field(
    errors: &mut FieldErrors,
    name: &str,
    value: Option<Option<String>>,
    max: usize,
) -> Option<Option<String>> {
    let v = value?;
    let v = clean(v);
    if let Some(s) = &v
        && s.chars().count() > max {
            errors.entry(name.to_owned()).or_default().push(FieldError { code: "max_length", params: vec![("max", max.to_string())] });
        }
    Some(v)
}

fn push(errors: &mut FieldErrors, name: &str, code: &'static str) {
    errors.entry(name.to_owned()).or_default().push(FieldError { code, params: vec![] });
}

/// Update the caller's profile.
#[utoipa::path(patch, path = "/api/users/profile", tag = "accounts", security(("bearer" = [])), request_body = UpdateProfile, responses(
    (status = 200, body = Profile),
    (status = 400, body = crate::error::ErrorBody, description = "validation_failed, invalid_code"),
    (status = 401, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "email_taken, phone_taken")))]
async fn update_profile(State(state): State<AppState>, me: AuthUser, ValidJson(req): ValidJson<UpdateProfile>) -> Result<Json<Profile>> {
    let current = find_user(&state.db.read, me.user_id).await?;
    let mut errors = FieldErrors::new();
    let mut am: user::ActiveModel = current.clone().into();
    if let Some(name) = req.name.as_deref().map(str::trim) {
        if name.is_empty() || name.chars().count() > 50 {
            errors.entry("name".into()).or_default().push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", "50".into())] });
        }
        am.name = Set(name.to_owned());
    }
    macro_rules! text {
        ($field:ident, $max:expr) => {
            if let Some(v) = text_field(&mut errors, stringify!($field), req.$field.clone(), $max) {
                am.$field = Set(v);
            }
        };
    }
    text!(avatar, 500);
    // Rendered as <img src>: only our own paths or http(s) URLs, never `javascript:` or `data:`.
    if let Some(Some(a)) = &req.avatar {
        let a = a.trim();
        let ok = a.is_empty()
            || ((a.starts_with('/') && !a.starts_with("//")) || a.starts_with("https://") || a.starts_with("http://"))
                && !a.contains(char::is_whitespace);
        if !ok {
            push(&mut errors, "avatar", "url");
        }
    }
    text!(address, 200);
    text!(signature, 200);
    text!(job_status, 50);
    text!(highest_education, 50);
    text!(seniority, 50);
    text!(company, 100);
    text!(major, 100);
    text!(student_number, 50);
    if let Some(v) = text_field(&mut errors, "website", req.website.clone(), 300) {
        if let Some(url) = &v
            && (!(url.starts_with("http://") || url.starts_with("https://")) || url.contains(char::is_whitespace)) {
                push(&mut errors, "website", "url");
            }
        am.website = Set(v);
    }
    if let Some(v) = text_field(&mut errors, "gender", req.gender.clone(), 10) {
        if v.as_deref().is_some_and(|g| !matches!(g, "male" | "female" | "other")) {
            push(&mut errors, "gender", "gender");
        }
        am.gender = Set(v);
    }
    if let Some(v) = req.birthday.clone() {
        let parsed = match clean(v) {
            None => None,
            Some(s) => match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                Ok(d) if d >= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() && d <= Utc::now().date_naive() => Some(d),
                _ => {
                    push(&mut errors, "birthday", "date");
                    None
                }
            },
        };
        am.birthday = Set(parsed);
    }
    if let Some(v) = req.school_id {
        if let Some(id) = v
            && school::Entity::find_by_id(id).one(&state.db.read).await?.is_none() {
                push(&mut errors, "school_id", "school");
            }
        am.school_id = Set(v);
    }
    // Contact changes: a verified code for the new value is required.
    let mut contact_to_verify: Option<String> = None;
    if let Some(v) = req.phone.clone() {
        let phone = match clean(v) {
            None => None,
            Some(p) => match normalize_phone(&p) {
                Some(p) => Some(p),
                None => {
                    push(&mut errors, "phone", "phone");
                    None
                }
            },
        };
        if phone.is_some() && phone != current.phone {
            contact_to_verify = phone.clone();
        }
        am.phone = Set(phone);
    }
    if let Some(v) = req.email.clone() {
        let email = clean(v);
        if let Some(e) = &email
            && !is_email(e) {
                push(&mut errors, "email", "email");
            }
        let key = email.as_ref().map(|e| e.to_lowercase());
        if key.is_some() && key != current.email_key {
            if contact_to_verify.is_some() {
                push(&mut errors, "email", "code_required");
            }
            contact_to_verify = key.clone();
            am.email_verified_at = Set(Some(Utc::now()));
        }
        if key.is_none() {
            am.email_verified_at = Set(None);
        }
        am.email_key = Set(key);
        am.email = Set(email);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    if let Some(target) = contact_to_verify {
        let code = req.code.as_deref().ok_or_else(|| Error::field("code", "code_required"))?;
        verify_code(&state, &target, Purpose::ChangeContact, code).await?;
    }
    am.updated_at = Set(Utc::now());
    let u = am.update(&state.db.write).await?;
    crate::features::experiences::changed(&state); // author names and avatars in lists
    Ok(Json(to_profile(&state.db.read, u).await?))
}

/// `PUT /api/users/password`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ChangePassword {
    #[validate(length(min = 1, max = 1024))]
    pub old_password: String,
    pub new_password: String,
}

/// Change the password; every other session of the user is revoked.
/// Wrong old passwords count as failed logins for the account.
#[utoipa::path(put, path = "/api/users/password", tag = "accounts", security(("bearer" = [])), request_body = ChangePassword, responses(
    (status = 204),
    (status = 400, body = crate::error::ErrorBody, description = "wrong_password, validation_failed"),
    (status = 401, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
async fn change_password(State(state): State<AppState>, me: AuthUser, ValidJson(req): ValidJson<ChangePassword>) -> Result<StatusCode> {
    let u = find_user(&state.db.read, me.user_id).await?;
    let rule = Rule {
        max: state.config.login_max_failures_per_account,
        window: std::time::Duration::from_secs(state.config.login_window_secs),
    };
    let key = format!("lf:a:{}", u.account_key);
    rate_limit::check(&state.kv, &key, rule).await?;
    if !state.passwords.verify(&req.old_password, u.password_hash.as_deref()).await? {
        rate_limit::hit(&state.kv, &key, rule).await?;
        return Err(Error::BadRequest("wrong_password"));
    }
    if req.new_password == req.old_password {
        return Err(Error::field("new_password", "password_same"));
    }
    policy("new_password", &req.new_password, &[&u.account, &u.name, u.email.as_deref().unwrap_or("")])?;
    let hash = state.passwords.hash(&req.new_password).await?;
    let txn = state.db.write.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await?;
    auth::revoke_all_in(&txn, u.id, Some(&me.0)).await?;
    txn.commit().await?;
    auth::after_revoke_all(&state, u.id, Some(&me.0)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/users/me`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DeleteAccount {
    #[validate(length(min = 1, max = 1024))]
    pub password: String,
}

/// Delete the caller's account (soft): sessions revoked, account name, email
/// and phone freed for reuse, content kept and shown as by a deleted user.
#[utoipa::path(delete, path = "/api/users/me", tag = "accounts", security(("bearer" = [])), request_body = DeleteAccount, responses(
    (status = 204), (status = 400, body = crate::error::ErrorBody, description = "wrong_password"),
    (status = 401, body = crate::error::ErrorBody)))]
async fn delete_me(State(state): State<AppState>, me: AuthUser, ValidJson(req): ValidJson<DeleteAccount>) -> Result<Response> {
    let u = find_user(&state.db.read, me.user_id).await?;
    if !state.passwords.verify(&req.password, u.password_hash.as_deref()).await? {
        return Err(Error::BadRequest("wrong_password"));
    }
    let now = Utc::now();
    let txn = state.db.write.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::DeletedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .col_expr(user::Column::AccountKey, Expr::value(format!("~deleted~{}", u.id)))
        .col_expr(user::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(user::Column::EmailKey, Expr::value(Option::<String>::None))
        .col_expr(user::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(user::Column::PasswordHash, Expr::value(Option::<String>::None))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await?;
    auth::revoke_all_in(&txn, u.id, None).await?;
    txn.commit().await?;
    crate::features::experiences::changed(&state); // posts now show a deleted author
    auth::after_revoke_all(&state, u.id, None).await?;
    let mut resp = StatusCode::NO_CONTENT.into_response();
    for c in auth::clear_cookies() {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(resp)
}

/// A user's public profile. Deleted users answer with `deleted: true` and a
/// translated placeholder name, so their posts stay attributable.
#[utoipa::path(get, path = "/api/users/{id}", tag = "accounts", params(("id" = i64, Path)), responses(
    (status = 200, body = PublicProfile), (status = 404, body = crate::error::ErrorBody)))]
async fn public_profile(State(state): State<AppState>, lang: Lang, Path(id): Path<i64>) -> Result<Json<PublicProfile>> {
    let u = user::Entity::find_by_id(id).one(&state.db.read).await?.ok_or(Error::NotFound)?;
    let deleted = u.deleted_at.is_some();
    Ok(Json(PublicProfile {
        id: u.id,
        name: if deleted { tr(lang, "user.deleted_name", &[]) } else { u.name },
        avatar: if deleted { None } else { u.avatar },
        signature: if deleted { None } else { u.signature },
        school_name: if deleted { None } else { school_name(&state.db.read, u.school_id).await? },
        company: if deleted { None } else { u.company },
        deleted,
        created_at: u.created_at,
    }))
}

