//! Verification codes over HTTP and the flows built on them: code login
//! with phone-first sign-up and account initialisation, password reset. The
//! rules (lifetime, send limits, tries) are in
//! [`crate::features::accounts::codes`].

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::{Validate, ValidationError};

use super::users::{session_response, valid_code, CodeSent, LoginResponse, Profile};
use super::ValidJson;
use crate::entity::enums::CodePurpose;
use crate::error::Result;
use crate::features::accounts::codes::{self, InitAccount as Init, Target};
use crate::features::write_limits::{self, Action};
use crate::http::auth::{self, AuthSession, ClientIp, MaybeSession};
use crate::i18n::Lang;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_code))
        .routes(routes!(login_with_code))
        .routes(routes!(init_account))
        .routes(routes!(reset_password))
}

fn valid_target(t: &str) -> std::result::Result<(), ValidationError> {
    Target::parse(t).map(|_| ()).ok_or_else(|| ValidationError::new("target"))
}

/// `POST /api/verification-codes`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct SendCode {
    /// An email address or a phone number.
    #[validate(custom(function = "valid_target"))]
    pub target: String,
    /// What the code is for; it works only for that.
    pub purpose: CodePurpose,
}

/// Send a 6-digit code by mail or SMS. For `reset_password`, and `login` by
/// email, the answer and the work before it are the same whether or not the
/// target is registered: 202, with delivery in the background for a
/// registered target and none for an unknown one. `signup` and
/// `change_contact` to a registered target answer 409.
#[utoipa::path(post, path = "/api/verification-codes", tag = "accounts", request_body = SendCode, responses(
    (status = 202, body = CodeSent, headers(("RateLimit-Remaining" = u64, description = "sends left this hour"))),
    (status = 400, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "email_taken, phone_taken"),
    (status = 429, body = crate::error::ErrorBody, headers(("Retry-After" = u64, description = "seconds"))),
    (status = 503, body = crate::error::ErrorBody, description = "sms_unavailable: the SMS vendor refused, failed or timed out; unavailable: mail or storage down")))]
async fn send_code(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    session: MaybeSession,
    ValidJson(req): ValidJson<SendCode>,
) -> Result<Response> {
    let sent = codes::send_code(&state, lang, &ip, session.0.is_some(), &req.target, req.purpose).await?;
    let body = CodeSent { expires_in: sent.expires_in, resend_after: sent.resend_after };
    let mut resp = (StatusCode::ACCEPTED, Json(body)).into_response();
    let h = resp.headers_mut();
    h.insert("ratelimit-limit", HeaderValue::from(sent.limit));
    h.insert("ratelimit-remaining", HeaderValue::from(sent.remaining));
    Ok(resp)
}

/// `POST /api/users/login/code`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CodeLogin {
    /// Email or phone the code was sent to.
    #[validate(custom(function = "valid_target"))]
    pub target: String,
    /// The six digits.
    #[validate(custom(function = "valid_code"))]
    pub code: String,
    /// Keep the session for `session_keep_days` (30) instead of `session_hours` (24).
    #[serde(default)]
    pub keep_logged_in: bool,
    /// The user agrees to the terms of service and privacy policy. Needed
    /// only when the phone number is not registered yet (the login then
    /// creates the account); recorded with the pages' current versions.
    #[serde(default)]
    pub accept_terms: bool,
}

/// Log in with a code; this is also the phone sign-up. An unknown phone
/// number creates an uninitialised account (`user_data.initialized =
/// false`) that must call `POST /api/users/init` before anything else;
/// creating it needs `accept_terms: true`, else 400 `terms_not_accepted`
/// and the code stays valid for a retry with consent.
#[utoipa::path(post, path = "/api/users/login/code", tag = "accounts", request_body = CodeLogin, responses(
    (status = 200, body = LoginResponse),
    (status = 400, body = crate::error::ErrorBody, description = "invalid_code, code_attempts_exceeded, terms_not_accepted"),
    (status = 403, body = crate::error::ErrorBody, description = "account_disabled")))]
async fn login_with_code(
    State(state): State<AppState>,
    lang: Lang,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ValidJson(req): ValidJson<CodeLogin>,
) -> Result<Response> {
    let logged_in = codes::login_with_code(&state, lang, &req.target, &req.code, req.accept_terms, req.keep_logged_in, auth::client(&ip, &headers)).await?;
    Ok(session_response(&state, logged_in))
}

/// `POST /api/users/init`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct InitAccount {
    /// 8–128 characters; not a common password, not containing the email's
    /// local part or the phone.
    pub password: String,
    /// Display name, 1–50 characters.
    #[validate(length(min = 1, max = 50))]
    pub name: String,
    /// Optional email, unique ignoring case.
    #[validate(email, length(max = 254))]
    pub email: Option<String>,
    /// An id from `GET /api/schools`.
    pub school_id: Option<i64>,
    /// Field of study, ≤ 100.
    #[validate(length(max = 100))]
    pub major: Option<String>,
    /// ≤ 50.
    #[validate(length(max = 50))]
    pub student_number: Option<String>,
}

/// Finish a phone-first account: set password and name. 409
/// `already_initialized` on repeat (also when two requests race).
#[utoipa::path(post, path = "/api/users/init", tag = "accounts", security(("bearer" = [])), request_body = InitAccount, responses(
    (status = 200, body = Profile),
    (status = 400, body = crate::error::ErrorBody),
    (status = 401, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody, description = "already_initialized, email_taken"), (status = 429, body = crate::error::ErrorBody, description = "rate_limited")))]
async fn init_account(State(state): State<AppState>, ClientIp(ip): ClientIp, s: AuthSession, ValidJson(req): ValidJson<InitAccount>) -> Result<Json<Profile>> {
    // Finishing a phone-first account is its sign-up.
    write_limits::charge(&state, Action::Signup, None, &ip).await?;
    let init = Init {
        password: req.password,
        name: req.name,
        email: req.email,
        school_id: req.school_id,
        major: req.major,
        student_number: req.student_number,
    };
    Ok(Json(codes::init_account(&state, &s, init).await?.into()))
}

/// `POST /api/users/password/reset`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPassword {
    /// Email or phone the code was sent to.
    #[validate(custom(function = "valid_target"))]
    pub target: String,
    /// The six digits.
    #[validate(custom(function = "valid_code"))]
    pub code: String,
    /// 8–128 characters; not a common password, not containing the target,
    /// account name or email's local part.
    pub new_password: String,
}

/// Set a new password with a `reset_password` code; every session of the
/// user is revoked and a notice is mailed to the account's email. Answers
/// are the same for registered and unknown targets: the password is checked
/// (against the policy and the target itself) before the code, and an
/// unknown target's code is never valid.
#[utoipa::path(post, path = "/api/users/password/reset", tag = "accounts", request_body = ResetPassword, responses(
    (status = 204),
    (status = 400, body = crate::error::ErrorBody, description = "invalid_code, validation_failed")))]
async fn reset_password(State(state): State<AppState>, lang: Lang, ClientIp(ip): ClientIp, ValidJson(req): ValidJson<ResetPassword>) -> Result<StatusCode> {
    codes::reset_password(&state, lang, &ip, &req.target, &req.code, &req.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}
