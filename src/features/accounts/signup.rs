//! Sign-up with a password: account name, display name, email and password,
//! optionally a phone or an email verified by a `signup` code.

use chrono::Utc;

use super::codes::verify_code;
use super::{check_password, create_user, normalize_phone, view, NewUser, ProfileView};
use crate::entity::enums::CodePurpose;
use crate::error::{Error, Result};
use crate::features::pages;
use crate::state::AppState;

/// What a sign-up asks for (shapes already checked by the caller: account
/// name rule, lengths, email and phone format, code format).
#[derive(Clone, Debug)]
pub struct Signup {
    /// Login name, 4–20 of `[A-Za-z0-9_]`.
    pub account: String,
    /// Display name, 1–50 characters.
    pub name: String,
    /// Email address.
    pub email: String,
    /// The password in clear.
    pub password: String,
    /// A phone number; then `code` must verify it.
    pub phone: Option<String>,
    /// A `signup` code for `phone`, or without a phone for `email`.
    pub code: Option<String>,
    /// The user ticked "I have read and agree to the terms of service and
    /// the privacy policy"; recorded with the current versions.
    pub accept_terms: bool,
}

/// Create an account (it does not log in). The password must pass the
/// policy, which rejects the account name, the email's local part and the
/// phone inside it; a phone needs
/// its code; a code without a phone verifies the email.
///
/// The acceptance of the terms and privacy policy is required and is
/// recorded on the account with the pages' current versions.
///
/// # Errors
/// 400 `terms_not_accepted`, `validation_failed` (`name` empty, `password`
/// weak, `code` missing), `invalid_code`, `code_attempts_exceeded`; 409
/// `account_taken`, `email_taken`, `phone_taken`.
pub async fn signup(state: &AppState, req: Signup) -> Result<ProfileView> {
    pages::require_consent(req.accept_terms)?;
    let name = req.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::field("name", "not_empty"));
    }
    let email = req.email.trim().to_owned();
    let phone = req.phone.as_deref().and_then(normalize_phone);
    check_password("password", &req.password, &[&req.account, &email, phone.as_deref().unwrap_or("")])?;
    let mut email_verified_at = None;
    match (&phone, &req.code) {
        (Some(_), None) => return Err(Error::field("code", "required")),
        (Some(p), Some(code)) => verify_code(state, p, CodePurpose::Signup, code).await?,
        (None, Some(code)) => {
            verify_code(state, &email.to_lowercase(), CodePurpose::Signup, code).await?;
            email_verified_at = Some(Utc::now());
        }
        (None, None) => {}
    }
    let u = create_user(
        state,
        NewUser {
            account: req.account,
            name,
            email: Some(email),
            email_verified_at,
            phone,
            password: Some(req.password),
            initialized: true,
            consent: Some(pages::consent_now(state).await?),
            ..NewUser::default()
        },
    )
    .await?;
    view(state, u).await
}
