//! Verification codes and the flows built on them: code login with
//! phone-first sign-up and account initialisation, password reset.
//!
//! Rules: 6 digits, valid 5 minutes, single use, stored
//! only as an HMAC under the server secret, at most 5 sends per target per
//! hour and 60 s apart, at most 5 wrong tries per code. Codes and counters
//! live in the shared [`Kv`](crate::store::kv::Kv) store, so they work
//! across nodes with Redis.

use std::time::Duration;

use rand::Rng;

use super::login::{start_session, LoggedIn};
use super::notices::{self, PasswordEvent};
use super::session::{self, AuthSession, Client};
use super::{check_password, clean, create_user, find_by_identifier, is_email, live_user, normalize_phone, token, view, NewUser, ProfileView};
use crate::entity::enums::{CodePurpose, UserStatus};
use crate::entity::user;
use crate::error::{Error, Result};
use crate::features::pages;
use crate::features::rate_limit::{self, Rule};
use crate::i18n::{tr, Lang};
use crate::notify::{CodeSms, Mail};
use crate::state::AppState;
use crate::store::catalog;
use crate::store::users::{self, InitRow};

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

/// A normalised code target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A lower-case email address.
    Email(String),
    /// A normalised phone number ([`normalize_phone`]).
    Phone(String),
}

impl Target {
    /// An email (anything with `@`) or a phone number; `None` when invalid.
    pub fn parse(raw: &str) -> Option<Target> {
        let raw = raw.trim();
        if raw.contains('@') {
            is_email(raw).then(|| Target::Email(raw.to_lowercase()))
        } else {
            normalize_phone(raw).map(Target::Phone)
        }
    }

    /// The normalised text codes are kept under.
    pub fn key(&self) -> &str {
        match self {
            Target::Email(s) | Target::Phone(s) => s,
        }
    }
}

fn parse_target(raw: &str) -> Result<Target> {
    Target::parse(raw).ok_or_else(|| Error::field("target", "target"))
}

fn signed_code(target: &str, purpose: CodePurpose, code: &str) -> String {
    format!("{target}:{}:{code}", purpose.as_str())
}

/// Check `code` for `target` (already normalised: lower-case email or
/// normalised phone) and consume it. Exactly one of several concurrent
/// correct submissions succeeds.
///
/// # Errors
/// 400 `invalid_code`; 400 `code_attempts_exceeded` after 5 wrong tries
/// (the code is then burnt).
pub async fn verify_code(state: &AppState, target: &str, purpose: CodePurpose, code: &str) -> Result<()> {
    check_code(state, target, purpose, code).await?;
    consume_code(state, target, purpose).await
}

/// Check `code` for `target` without consuming it (the try counts), so a
/// flow can validate the rest of a request before [`consume_code`].
///
/// # Errors
/// As [`verify_code`].
pub async fn check_code(state: &AppState, target: &str, purpose: CodePurpose, code: &str) -> Result<()> {
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
    if !token::verify_signature(&state.secret, "code", &signed_code(target, purpose, code), &stored) {
        return Err(Error::BadRequest("invalid_code"));
    }
    Ok(())
}

/// Use up the code of `target` that [`check_code`] accepted; only one of
/// several concurrent callers succeeds.
///
/// # Errors
/// 400 `invalid_code` when another request used it first.
pub async fn consume_code(state: &AppState, target: &str, purpose: CodePurpose) -> Result<()> {
    if !state.kv.take(&format!("code:v:{}:{target}", purpose.as_str())).await? {
        return Err(Error::BadRequest("invalid_code"));
    }
    state.kv.del(&format!("code:a:{}:{target}", purpose.as_str())).await?;
    Ok(())
}

/// The answer to a send.
#[derive(Clone, Copy, Debug)]
pub struct CodeSent {
    /// Seconds the code stays valid.
    pub expires_in: u64,
    /// Seconds before another code can be sent to this target.
    pub resend_after: u64,
    /// Sends per target per hour.
    pub limit: u64,
    /// Sends to this target left this hour.
    pub remaining: u64,
}

/// Send a 6-digit code by mail or SMS, in `lang`. `change_contact` needs a
/// session (`logged_in`).
///
/// For `reset_password`, and `login` by email, the answer must not reveal
/// whether the target is registered (OWASP Forgot Password Cheat Sheet:
/// same answer, same time). So both cases do the same work on the request
/// path — look the target up, draw, sign and store a code, count the send —
/// and the delivery runs in the background for a registered target; an
/// unknown target gets no message (no mail or SMS to someone who has no
/// account: for phones a text costs money and is unsolicited), and its
/// stored code is never sent to anyone. A failed background delivery is
/// logged, not answered: answering 503 only for registered targets would
/// reveal them.
///
/// # Errors
/// 400 `validation_failed` (`target`); 401 for `change_contact` without a
/// session; 409 `email_taken`, `phone_taken` for `signup` and
/// `change_contact` to a registered target; 429 `rate_limited`; 503 when the
/// code cannot be delivered (purposes that answer per target anyway):
/// `sms_unavailable` when the SMS vendor refuses, fails or times out,
/// `unavailable` for mail.
pub async fn send_code(state: &AppState, lang: Lang, ip: &str, logged_in: bool, target: &str, purpose: CodePurpose) -> Result<CodeSent> {
    let target = parse_target(target)?;
    let key = target.key().to_owned();
    let existing = find_by_identifier(state, &key).await?;
    let delivery = match (purpose, &target) {
        (CodePurpose::Signup | CodePurpose::ChangeContact, t) if existing.is_some() => {
            return Err(Error::Conflict(if matches!(t, Target::Email(_)) { "email_taken" } else { "phone_taken" }));
        }
        // Only a logged-in user may ask to verify a new contact.
        (CodePurpose::ChangeContact, _) if !logged_in => return Err(Error::Unauthorized),
        (CodePurpose::Login, Target::Email(_)) | (CodePurpose::ResetPassword, _) => {
            if existing.is_some() { Delivery::Background } else { Delivery::None }
        }
        _ => Delivery::Inline,
    };
    let hour = Duration::from_secs(3600);
    let tkey = format!("code:n:{key}");
    rate_limit::check(&state.kv, &tkey, Rule { max: SENDS_PER_HOUR, window: hour }).await?;
    if let Some(left) = state.kv.set_nx(&format!("code:cd:{key}"), "1", RESEND_AFTER).await? {
        return Err(Error::RateLimited { retry_after: left, limit: 1 });
    }
    let remaining = rate_limit::hit(&state.kv, &tkey, Rule { max: SENDS_PER_HOUR, window: hour }).await?;
    rate_limit::hit(&state.kv, &format!("code:ip:{ip}"), Rule { max: SENDS_PER_IP_HOUR, window: hour }).await?;
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    let vkey = format!("code:v:{}:{key}", purpose.as_str());
    let hash = token::sign(&state.secret, "code", &signed_code(&key, purpose, &code));
    state.kv.set(&vkey, &hash, CODE_TTL).await?;
    state.kv.del(&format!("code:a:{}:{key}", purpose.as_str())).await?;
    match delivery {
        Delivery::Inline => {
            if let Err(e) = deliver(state, lang, &target, purpose, &code).await {
                // Undelivered: the code must not stay valid, nor the cool-down block a retry.
                let _ = (state.kv.del(&vkey).await, state.kv.del(&format!("code:cd:{key}")).await);
                return Err(e);
            }
        }
        Delivery::Background => {
            let state = state.clone();
            tokio::spawn(async move {
                if let Err(e) = deliver(&state, lang, &target, purpose, &code).await {
                    tracing::warn!(purpose = purpose.as_str(), error = %e, "verification code not delivered");
                }
            });
        }
        Delivery::None => {}
    }
    Ok(CodeSent { expires_in: CODE_TTL.as_secs(), resend_after: RESEND_AFTER.as_secs(), limit: SENDS_PER_HOUR, remaining })
}

/// How a send reaches its target.
enum Delivery {
    /// On the request path; a failure answers 503.
    Inline,
    /// In a background task, so the answer does not depend on the target.
    Background,
    /// Not at all (an unknown target of an enumeration-safe purpose).
    None,
}

async fn deliver(state: &AppState, lang: Lang, target: &Target, purpose: CodePurpose, code: &str) -> Result<()> {
    let minutes = (CODE_TTL.as_secs() / 60).to_string();
    let purpose_text = tr(lang, &format!("mail.purpose_{}", purpose.as_str()), &[]);
    let params = [("code", code.to_owned()), ("minutes", minutes), ("purpose", purpose_text)];
    match target {
        Target::Email(to) => {
            let text = tr(lang, "mail.code_body", &params);
            let html = format!(
                "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif\"><p>{}</p><p style=\"font-size:28px;letter-spacing:6px\"><b>{}</b></p></body></html>",
                lang.locale(),
                html_escape(&text),
                code
            );
            let mail = Mail { to: to.clone(), subject: tr(lang, "mail.code_subject", &params), text, html };
            state.mailer.send(&mail).await.map_err(|e| Error::Unavailable(format!("cannot deliver verification code: {e:#}")))
        }
        Target::Phone(to) => {
            let text = tr(lang, "mail.sms_body", &params);
            let sms = CodeSms { phone: to, code, minutes: CODE_TTL.as_secs() / 60, text: &text };
            // Its own code, so the client can say the text message failed
            // (and suggest email) rather than that the whole site is down.
            state.sms.send_code(&sms).await.map_err(|e| Error::DependencyFailed { code: "sms_unavailable", detail: format!("cannot text verification code: {e:#}") })
        }
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Log in with a `login` code sent to `target`. An unknown phone number
/// creates an uninitialised account (`initialized = false`) that must be
/// finished with [`init_account`] before anything else; logging in by email
/// verifies the email.
///
/// Creating that account is a sign-up, so it needs `accept_terms` (the
/// acceptance of the terms of service and privacy policy, recorded with
/// their current versions); without it the answer is 400
/// `terms_not_accepted` and the code stays usable, so the client can ask
/// for consent and send the same code again. An existing account needs no
/// consent. The code is checked first: only its owner learns whether the
/// number is registered.
///
/// # Errors
/// 400 `validation_failed` (`target`), `invalid_code`,
/// `code_attempts_exceeded`, `terms_not_accepted`; 403 `account_disabled`.
pub async fn login_with_code(state: &AppState, lang: Lang, target: &str, code: &str, accept_terms: bool, keep: bool, client: Client<'_>) -> Result<LoggedIn> {
    let target = parse_target(target)?;
    check_code(state, target.key(), CodePurpose::Login, code).await?;
    let existing = find_by_identifier(state, target.key()).await?;
    if existing.is_none() && matches!(target, Target::Phone(_)) {
        pages::require_consent(accept_terms)?;
    }
    consume_code(state, target.key(), CodePurpose::Login).await?;
    let u = match existing {
        Some(u) => u,
        None => match &target {
            Target::Email(_) => return Err(Error::BadRequest("invalid_code")),
            Target::Phone(phone) => create_phone_user(state, lang, phone).await?,
        },
    };
    if u.status != UserStatus::Active.as_str() {
        return Err(Error::Forbidden("account_disabled"));
    }
    if matches!(target, Target::Email(_)) && u.email_verified_at.is_none() {
        users::mark_email_verified(&state.db, u.id).await?;
    }
    start_session(state, u, keep, client).await
}

/// Characters of a generated display name: lower-case letters and digits
/// without the look-alikes `0 o 1 l i`, so a name read aloud or copied by
/// hand comes out right.
pub const NAME_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// Random characters in a generated display name: 31⁶ ≈ 887 million names.
pub const NAME_RANDOM_LEN: usize = 6;

/// A random display name for a new phone-first account in `lang`
/// (`用户k7m2xq`, `使用者k7m2xq`, `User k7m2xq`). It carries nothing of
/// the phone number: the last digits of a number (the old `用户1234`)
/// narrow it down for anyone who knows the rest (issue 18).
pub fn random_display_name(lang: Lang) -> String {
    let mut rng = rand::rng();
    let tail: String = (0..NAME_RANDOM_LEN).map(|_| NAME_ALPHABET[rng.random_range(0..NAME_ALPHABET.len())] as char).collect();
    match lang {
        Lang::En => format!("User {tail}"),
        Lang::ZhTw => format!("使用者{tail}"),
        Lang::ZhCn => format!("用户{tail}"),
    }
}

/// The generated account name and a random display name
/// ([`random_display_name`]) of a phone-first account.
fn phone_user_names(lang: Lang) -> (String, String) {
    let account = format!("u_{}", token::new_token().replace(['-', '_'], "").chars().take(10).collect::<String>().to_lowercase());
    (account, random_display_name(lang))
}

async fn create_phone_user(state: &AppState, lang: Lang, phone: &str) -> Result<user::Model> {
    let (account, name) = phone_user_names(lang);
    let consent = Some(pages::consent_now(state).await?);
    let new = NewUser { account, name, phone: Some(phone.to_owned()), initialized: false, consent, ..NewUser::default() };
    match create_user(state, new).await {
        Ok(u) => Ok(u),
        // A concurrent code login created it first.
        Err(e) => find_by_identifier(state, phone).await?.ok_or(e),
    }
}

/// What finishing a phone-first account sets (lengths and email format
/// checked by the caller).
#[derive(Clone, Debug)]
pub struct InitAccount {
    /// The new password in clear.
    pub password: String,
    /// Display name, 1–50 characters.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// A `schools.id`.
    pub school_id: Option<i64>,
    /// Field of study.
    pub major: Option<String>,
    /// Student number.
    pub student_number: Option<String>,
}

/// Finish the phone-first account of session `s`: set password and name.
///
/// # Errors
/// 400 `validation_failed` (`name` empty, `password` weak, unknown
/// `school_id`); 409 `already_initialized` on repeat (also when two
/// requests race), `email_taken`.
pub async fn init_account(state: &AppState, s: &AuthSession, req: InitAccount) -> Result<ProfileView> {
    if s.initialized {
        return Err(Error::Conflict("already_initialized"));
    }
    let name = req.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::field("name", "not_empty"));
    }
    let email = clean(req.email);
    let current = live_user(state, s.user_id).await?;
    check_password("password", &req.password, &[email.as_deref().unwrap_or(""), current.phone.as_deref().unwrap_or("")])?;
    if let Some(id) = req.school_id
        && !catalog::school_exists(&state.db, id).await?
    {
        return Err(Error::field("school_id", "school"));
    }
    let password_hash = state.passwords.hash(&req.password).await?;
    let row = InitRow {
        password_hash,
        name,
        email,
        school_id: req.school_id,
        major: clean(req.major),
        student_number: clean(req.student_number),
    };
    let u = users::initialize(&state.db, s.user_id, row).await?.ok_or(Error::Conflict("already_initialized"))?;
    session::forget_user(state, s.user_id).await?;
    view(state, u).await
}

/// Set a new password with a `reset_password` code sent to `target`; every
/// session of the user is revoked, a phone-first account becomes
/// initialised, and the owner is mailed a notice (in `lang`, naming `ip`).
///
/// The answer must not tell registered targets from unknown ones, so the
/// steps before the code is proved depend only on the request: the target's
/// shape, then the password policy with the target itself as context, then
/// the code (an unknown target has no deliverable code, so `invalid_code`
/// like any wrong code). Only after a valid code — which proves control of
/// the target — is the policy checked against the account's own words
/// (account name, email); a rejection there leaves the code usable. The
/// code is consumed last, so a weak password never uses it up.
///
/// # Errors
/// 400 `validation_failed` (`target`, `new_password`), `invalid_code`
/// (also for an unknown target), `code_attempts_exceeded`.
pub async fn reset_password(state: &AppState, lang: Lang, ip: &str, target: &str, code: &str, new_password: &str) -> Result<()> {
    let target = parse_target(target)?;
    check_password("new_password", new_password, &[target.key()])?;
    let found = find_by_identifier(state, target.key()).await?;
    check_code(state, target.key(), CodePurpose::ResetPassword, code).await?;
    let u = found.ok_or(Error::BadRequest("invalid_code"))?;
    check_password("new_password", new_password, &[&u.account, u.email.as_deref().unwrap_or(""), u.phone.as_deref().unwrap_or("")])?;
    consume_code(state, target.key(), CodePurpose::ResetPassword).await?;
    let hash = state.passwords.hash(new_password).await?;
    users::set_password(&state.db, u.id, hash, None, true).await?;
    session::after_revoke_all(state, u.id, None).await?;
    notices::password_event(state, &u, lang, ip, PasswordEvent::Reset);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_lower_case_emails_or_normalised_phones() {
        assert_eq!(Target::parse(" Bob@Example.COM "), Some(Target::Email("bob@example.com".into())));
        assert_eq!(Target::parse("+86 138 0013 8000"), Some(Target::Phone("13800138000".into())));
        assert_eq!(Target::parse("bob@"), None);
        assert_eq!(Target::parse("12345"), None);
    }

    #[test]
    fn phone_first_accounts_get_a_valid_account_name_and_a_random_localised_name() {
        let (account, name) = phone_user_names(Lang::ZhCn);
        assert!(super::super::is_account(&account), "{account}");
        assert!(account.starts_with("u_") && account.len() == 12, "{account}");
        let tail = name.strip_prefix("用户").expect("用户 prefix");
        assert_eq!(tail.len(), NAME_RANDOM_LEN, "{name}");
        assert!(tail.bytes().all(|b| NAME_ALPHABET.contains(&b)), "{name}");
        assert!(random_display_name(Lang::En).starts_with("User "));
        assert!(random_display_name(Lang::ZhTw).starts_with("使用者"));
        let names: std::collections::HashSet<String> = (0..200).map(|_| random_display_name(Lang::ZhCn)).collect();
        assert!(names.len() > 190, "names are random: {} distinct of 200", names.len());
    }
}
