//! Verification codes (seed 004) and the flows built on them: code login with
//! phone-first sign-up and account initialisation (seed 003), password reset.
//!
//! Rules (SPEC §3): 6 digits, valid 5 minutes, single use, stored only as an
//! HMAC under the server secret, at most 5 sends per target per hour and 60 s
//! apart, at most 5 wrong tries per code. Codes and counters live in the
//! shared [`Kv`](crate::store::kv::Kv) store, so they work across nodes with Redis.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::users::{find_user, is_email, normalize_phone, start_session, to_profile, valid_code, LoginResponse, Profile};
use super::{clean, ValidJson};
use crate::features::accounts::password::check_policy;
use crate::features::accounts::token;
use crate::http::auth::{self, AuthSession, ClientIp, MaybeSession};
use crate::entity::{school, user};
use crate::error::{Error, FieldErrors, Result};
use crate::i18n::{tr, Lang};
use crate::notify::Mail;
use crate::features::rate_limit::{self, Rule};
use crate::state::AppState;

/// Lifetime of a code.
pub const CODE_TTL: Duration = Duration::from_secs(300);
/// Minimum time between two sends to one target.
pub const RESEND_AFTER: Duration = Duration::from_secs(60);
/// Sends per target per hour.
pub const SENDS_PER_HOUR: u64 = 5;
/// Wrong tries before a code is burnt.
pub const MAX_ATTEMPTS: u64 = 5;
/// Sends per client IP per hour (against SMS bombing through many targets).
pub const SENDS_PER_IP_HOUR: u64 = 30;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_code))
        .routes(routes!(login_with_code))
        .routes(routes!(init_account))
        .routes(routes!(reset_password))
}

/// What a code is for; a code only works for its own purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Verify a phone or email at sign-up.
    Signup,
    /// Log in (an unknown phone creates an uninitialised account).
    Login,
    /// Reset a forgotten password.
    ResetPassword,
    /// Verify a new phone or email in `PATCH /api/users/profile`.
    ChangeContact,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Signup => "signup",
            Purpose::Login => "login",
            Purpose::ResetPassword => "reset_password",
            Purpose::ChangeContact => "change_contact",
        }
    }
}

/// A normalised code target.
enum Target {
    Email(String),
    Phone(String),
}

impl Target {
    fn parse(raw: &str) -> Option<Target> {
        let raw = raw.trim();
        if raw.contains('@') {
            is_email(raw).then(|| Target::Email(raw.to_lowercase()))
        } else {
            normalize_phone(raw).map(Target::Phone)
        }
    }
    fn key(&self) -> &str {
        match self {
            Target::Email(s) | Target::Phone(s) => s,
        }
    }
}

fn valid_target(t: &str) -> std::result::Result<(), ValidationError> {
    Target::parse(t).map(|_| ()).ok_or_else(|| ValidationError::new("target"))
}

fn code_hash(state: &AppState, target: &str, purpose: Purpose, code: &str) -> String {
    token::sign(&state.secret, "code", &format!("{target}:{}:{code}", purpose.as_str()))
}

/// Check `code` for `target` (already normalised: lower-case email or
/// normalised phone) and consume it. Exactly one of several concurrent
/// correct submissions succeeds.
///
/// # Errors
/// 400 `invalid_code`; 400 `code_attempts_exceeded` after 5 wrong tries
/// (the code is then burnt).
pub async fn verify_code(state: &AppState, target: &str, purpose: Purpose, code: &str) -> Result<()> {
    let vkey = format!("code:v:{}:{target}", purpose.as_str());
    let akey = format!("code:a:{}:{target}", purpose.as_str());
    // Count every try before comparing, so at most MAX_ATTEMPTS comparisons
    // ever happen per code, however many requests arrive at once. Tries past
    // the limit are refused without touching the code (so they cannot make a
    // concurrent correct try fail); the code simply becomes unusable.
    let (attempts, _) = state.kv.incr(&akey, CODE_TTL).await?;
    if attempts > MAX_ATTEMPTS {
        return Err(Error::BadRequest("code_attempts_exceeded"));
    }
    let Some(stored) = state.kv.get(&vkey).await? else {
        return Err(Error::BadRequest("invalid_code"));
    };
    if !token::verify_signature(&state.secret, "code", &format!("{target}:{}:{code}", purpose.as_str()), &stored) {
        return Err(Error::BadRequest("invalid_code"));
    }
    if !state.kv.take(&vkey).await? {
        return Err(Error::BadRequest("invalid_code"));
    }
    state.kv.del(&akey).await?;
    Ok(())
}

/// `POST /api/verification-codes`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct SendCode {
    /// An email address or a phone number.
    #[validate(custom(function = "valid_target"))]
    pub target: String,
    pub purpose: Purpose,
}

/// Answer of a send.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodeSent {
    /// Seconds the code stays valid (300).
    pub expires_in: u64,
    /// Seconds before another code can be sent to this target (60).
    pub resend_after: u64,
}

/// Send a 6-digit code by mail or SMS. Answers 202 without sending for an
/// unknown target when the purpose is `login` by email or `reset_password`,
/// so the answer does not reveal which addresses are registered; `signup`
/// and `change_contact` to a registered target answer 409.
#[utoipa::path(post, path = "/api/verification-codes", tag = "accounts", request_body = SendCode, responses(
    (status = 202, body = CodeSent, headers(("RateLimit-Remaining" = u64, description = "sends left this hour"))),
    (status = 400, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "email_taken, phone_taken"),
    (status = 429, body = crate::error::ErrorBody, headers(("Retry-After" = u64, description = "seconds")))))]
async fn send_code(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    session: MaybeSession,
    ValidJson(req): ValidJson<SendCode>,
) -> Result<Response> {
    let target = Target::parse(&req.target).ok_or_else(|| Error::field("target", "target"))?;
    let key = target.key().to_owned();
    let existing = super::users::find_by_identifier(&state.db.read, &key).await?;
    let send = match (req.purpose, &target) {
        (Purpose::Signup | Purpose::ChangeContact, t) if existing.is_some() => {
            return Err(Error::Conflict(if matches!(t, Target::Email(_)) { "email_taken" } else { "phone_taken" }));
        }
        // Only a logged-in user may ask to verify a new contact.
        (Purpose::ChangeContact, _) if session.0.is_none() => return Err(Error::Unauthorized),
        (Purpose::Login, Target::Email(_)) | (Purpose::ResetPassword, _) => existing.is_some(),
        _ => true,
    };
    let hour = Duration::from_secs(3600);
    let tkey = format!("code:n:{key}");
    rate_limit::check(&state.kv, &tkey, Rule { max: SENDS_PER_HOUR, window: hour }).await?;
    if let Some(left) = state.kv.set_nx(&format!("code:cd:{key}"), "1", RESEND_AFTER).await? {
        return Err(Error::RateLimited { retry_after: left, limit: 1 });
    }
    let remaining = rate_limit::hit(&state.kv, &tkey, Rule { max: SENDS_PER_HOUR, window: hour }).await?;
    rate_limit::hit(&state.kv, &format!("code:ip:{ip}"), Rule { max: SENDS_PER_IP_HOUR, window: hour }).await?;
    if send {
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
        let vkey = format!("code:v:{}:{key}", req.purpose.as_str());
        state.kv.set(&vkey, &code_hash(&state, &key, req.purpose, &code), CODE_TTL).await?;
        state.kv.del(&format!("code:a:{}:{key}", req.purpose.as_str())).await?;
        deliver(&state, lang, &target, req.purpose, &code).await?;
    }
    let mut resp = (StatusCode::ACCEPTED, Json(CodeSent { expires_in: CODE_TTL.as_secs(), resend_after: RESEND_AFTER.as_secs() })).into_response();
    let h = resp.headers_mut();
    h.insert("ratelimit-limit", HeaderValue::from(SENDS_PER_HOUR));
    h.insert("ratelimit-remaining", HeaderValue::from(remaining));
    Ok(resp)
}

async fn deliver(state: &AppState, lang: Lang, target: &Target, purpose: Purpose, code: &str) -> Result<()> {
    let minutes = (CODE_TTL.as_secs() / 60).to_string();
    let purpose_text = tr(lang, &format!("mail.purpose_{}", purpose.as_str()), &[]);
    let params = [("code", code.to_owned()), ("minutes", minutes), ("purpose", purpose_text)];
    let result = match target {
        Target::Email(to) => {
            let text = tr(lang, "mail.code_body", &params);
            let html = format!(
                "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif\"><p>{}</p><p style=\"font-size:28px;letter-spacing:6px\"><b>{}</b></p></body></html>",
                lang.locale(),
                html_escape(&text),
                code
            );
            let mail = Mail { to: to.clone(), subject: tr(lang, "mail.code_subject", &params), text, html };
            state.mailer.send(&mail).await
        }
        Target::Phone(to) => state.sms.send(to, &tr(lang, "mail.sms_body", &params)).await,
    };
    result.map_err(|e| Error::Unavailable(format!("cannot deliver verification code: {e:#}")))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `POST /api/users/login/code`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CodeLogin {
    /// Email or phone the code was sent to.
    #[validate(custom(function = "valid_target"))]
    pub target: String,
    #[validate(custom(function = "valid_code"))]
    pub code: String,
    #[serde(default)]
    pub keep_logged_in: bool,
}

/// Log in with a code. An unknown phone number creates an uninitialised
/// account (`user_data.initialized = false`) that must call
/// `POST /api/users/init` before anything else (seed 003).
#[utoipa::path(post, path = "/api/users/login/code", tag = "accounts", request_body = CodeLogin, responses(
    (status = 200, body = LoginResponse),
    (status = 400, body = crate::error::ErrorBody, description = "invalid_code, code_attempts_exceeded"),
    (status = 403, body = crate::error::ErrorBody, description = "account_disabled")))]
async fn login_with_code(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ValidJson(req): ValidJson<CodeLogin>,
) -> Result<Response> {
    let target = Target::parse(&req.target).ok_or_else(|| Error::field("target", "target"))?;
    verify_code(&state, target.key(), Purpose::Login, &req.code).await?;
    let u = match super::users::find_by_identifier(&state.db.write, target.key()).await? {
        Some(u) => u,
        None => match &target {
            Target::Email(_) => return Err(Error::BadRequest("invalid_code")),
            Target::Phone(phone) => create_phone_user(&state, lang, phone).await?,
        },
    };
    if u.status != user::status::ACTIVE {
        return Err(Error::Forbidden("account_disabled"));
    }
    if matches!(target, Target::Email(_)) && u.email_verified_at.is_none() {
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(Utc::now()))
            .filter(user::Column::Id.eq(u.id))
            .exec(&state.db.write)
            .await?;
    }
    start_session(&state, &u, req.keep_logged_in, &ip, &headers).await
}

async fn create_phone_user(state: &AppState, lang: Lang, phone: &str) -> Result<user::Model> {
    let suffix: String = phone.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let account = format!("u_{}", token::new_token().replace(['-', '_'], "").chars().take(10).collect::<String>().to_lowercase());
    let name = match lang {
        Lang::En => format!("User {suffix}"),
        Lang::ZhTw => format!("使用者{suffix}"),
        Lang::ZhCn => format!("用户{suffix}"),
    };
    let now = Utc::now();
    let res = user::ActiveModel {
        account_key: Set(account.clone()),
        account: Set(account),
        name: Set(name),
        phone: Set(Some(phone.to_owned())),
        is_admin: Set(false),
        status: Set(user::status::ACTIVE.into()),
        initialized: Set(false),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db.write)
    .await;
    match res {
        Ok(u) => Ok(u),
        // A concurrent code login created it first.
        Err(e) => match super::users::find_by_identifier(&state.db.write, phone).await? {
            Some(u) => Ok(u),
            None => Err(e.into()),
        },
    }
}

/// `POST /api/users/init`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct InitAccount {
    pub password: String,
    #[validate(length(min = 1, max = 50))]
    pub name: String,
    #[validate(email, length(max = 254))]
    pub email: Option<String>,
    pub school_id: Option<i64>,
    #[validate(length(max = 100))]
    pub major: Option<String>,
    #[validate(length(max = 50))]
    pub student_number: Option<String>,
}

/// Finish a phone-first account: set password and name. 409
/// `already_initialized` on repeat (also when two requests race).
#[utoipa::path(post, path = "/api/users/init", tag = "accounts", security(("bearer" = [])), request_body = InitAccount, responses(
    (status = 200, body = Profile),
    (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "already_initialized, email_taken")))]
async fn init_account(State(state): State<AppState>, s: AuthSession, ValidJson(req): ValidJson<InitAccount>) -> Result<Json<Profile>> {
    if s.initialized {
        return Err(Error::Conflict("already_initialized"));
    }
    let name = req.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::field("name", "not_empty"));
    }
    let email = clean(req.email);
    let current = find_user(&state.db.read, s.user_id).await?;
    check_policy(&req.password, &[&name, email.as_deref().unwrap_or(""), current.phone.as_deref().unwrap_or("")]).map_err(|e| {
        let mut f = FieldErrors::new();
        f.insert("password".into(), vec![e]);
        Error::Validation(f)
    })?;
    if let Some(id) = req.school_id
        && school::Entity::find_by_id(id).one(&state.db.read).await?.is_none() {
            return Err(Error::field("school_id", "school"));
        }
    let hash = state.passwords.hash(&req.password).await?;
    let txn = state.db.write.begin().await?;
    let res = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::Name, Expr::value(name))
        .col_expr(user::Column::EmailKey, Expr::value(email.as_ref().map(|e| e.to_lowercase())))
        .col_expr(user::Column::Email, Expr::value(email))
        .col_expr(user::Column::SchoolId, Expr::value(req.school_id))
        .col_expr(user::Column::Major, Expr::value(clean(req.major)))
        .col_expr(user::Column::StudentNumber, Expr::value(clean(req.student_number)))
        .col_expr(user::Column::Initialized, Expr::value(true))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(s.user_id))
        .filter(user::Column::Initialized.eq(false))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(Error::Conflict("already_initialized"));
    }
    let u = find_user(&txn, s.user_id).await?;
    txn.commit().await?;
    auth::forget_user(&state, s.user_id).await?;
    Ok(Json(to_profile(&state.db.read, u).await?))
}

/// `POST /api/users/password/reset`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPassword {
    #[validate(custom(function = "valid_target"))]
    pub target: String,
    #[validate(custom(function = "valid_code"))]
    pub code: String,
    pub new_password: String,
}

/// Set a new password with a `reset_password` code; every session of the
/// user is revoked.
#[utoipa::path(post, path = "/api/users/password/reset", tag = "accounts", request_body = ResetPassword, responses(
    (status = 204),
    (status = 400, body = crate::error::ErrorBody, description = "invalid_code, validation_failed")))]
async fn reset_password(State(state): State<AppState>, ValidJson(req): ValidJson<ResetPassword>) -> Result<StatusCode> {
    let target = Target::parse(&req.target).ok_or_else(|| Error::field("target", "target"))?;
    let u = super::users::find_by_identifier(&state.db.read, target.key()).await?;
    if let Some(u) = &u {
        check_policy(&req.new_password, &[&u.account, &u.name, u.email.as_deref().unwrap_or("")]).map_err(|e| {
            let mut f = FieldErrors::new();
            f.insert("new_password".into(), vec![e]);
            Error::Validation(f)
        })?;
    }
    verify_code(&state, target.key(), Purpose::ResetPassword, &req.code).await?;
    let u = u.ok_or(Error::BadRequest("invalid_code"))?;
    let hash = state.passwords.hash(&req.new_password).await?;
    let txn = state.db.write.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::Initialized, Expr::value(true))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await?;
    auth::revoke_all_in(&txn, u.id, None).await?;
    txn.commit().await?;
    auth::after_revoke_all(&state, u.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
