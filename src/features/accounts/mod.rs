//! Accounts: who may sign up and how, logins and sessions, profiles,
//! verification codes and administration.
//!
//! Every account row is made by [`create_user`], whether by a password
//! sign-up, a code login with an unknown phone, `mianjing admin create` or
//! the import's system account, so they differ only in the values they pass.
//! The rules for account names, phone numbers, emails and codes are here;
//! the flows are in the submodules.

pub mod admin;
pub mod codes;
pub mod device;
pub mod login;
pub mod notices;
pub mod password;
pub mod profile;
pub mod session;
pub mod signup;
pub mod token;

use std::sync::LazyLock;

use chrono::{DateTime, Utc};

use crate::entity::user;
use crate::error::{Error, FieldErrors, Result};
use crate::state::AppState;
use crate::store::catalog;
pub use crate::store::users::Consent;
use crate::store::users::{self, Lookup, NewUserRow};

static ACCOUNT_RE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"^[A-Za-z0-9_]{4,20}$").expect("valid regex"));

/// The account name rule: 4–20 of `[A-Za-z0-9_]`.
pub fn is_account(account: &str) -> bool {
    ACCOUNT_RE.is_match(account)
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

/// Verification codes are six digits.
pub fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// `validator`'s email check (HTML5 rules), at most 254 characters.
pub fn is_email(s: &str) -> bool {
    use validator::ValidateEmail;
    s.len() <= 254 && s.validate_email()
}

/// Trim a string and turn an empty one into `None`.
pub fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// [`password::check_policy`] as a 400 `validation_failed` on `field`;
/// `context` holds the account name, email and phone the password must not
/// contain.
///
/// # Errors
/// `password_length`, `password_personal` or `password_common` for `field`.
pub fn check_password(field: &str, password: &str, context: &[&str]) -> Result<()> {
    password::check_policy(password, context).map_err(|e| {
        let mut f = FieldErrors::new();
        f.insert(field.to_owned(), vec![e]);
        Error::Validation(f)
    })
}

/// A new account, before its password is hashed.
#[derive(Clone, Debug, Default)]
pub struct NewUser {
    /// Login name, 4–20 of `[A-Za-z0-9_]` (callers check it).
    pub account: String,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// When the email was verified (by a code at sign-up).
    pub email_verified_at: Option<DateTime<Utc>>,
    /// Normalised phone number.
    pub phone: Option<String>,
    /// The password in clear (hashed here); `None` for accounts that log in
    /// by code only, or not at all.
    pub password: Option<String>,
    /// Profile signature line.
    pub signature: Option<String>,
    /// Administrator.
    pub is_admin: bool,
    /// Finished initialisation (`false` only for phone-first sign-ups).
    pub initialized: bool,
    /// The owner's acceptance of the terms and privacy policy (every
    /// self-service sign-up: [`crate::features::pages::consent_now`]);
    /// `None` only for accounts an operator makes, which are exempt.
    pub consent: Option<Consent>,
}

/// Create an account: the one place an account row is made. Hashes the
/// password (argon2id, off the async runtime); the account starts active.
/// Callers validate their inputs first.
///
/// # Errors
/// 409 `account_taken`, `email_taken` or `phone_taken`; database failures.
pub async fn create_user(state: &AppState, new: NewUser) -> Result<user::Model> {
    let password_hash = match &new.password {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let row = NewUserRow {
        account: new.account,
        name: new.name,
        email: new.email,
        email_verified_at: new.email_verified_at,
        phone: new.phone,
        password_hash,
        signature: new.signature,
        is_admin: new.is_admin,
        initialized: new.initialized,
        consent: new.consent,
    };
    Ok(users::insert(&state.db, row).await?)
}

/// The account named `new.account`, made with [`create_user`] if there is
/// none (also when a concurrent call makes it first). For system accounts.
///
/// # Errors
/// Database failures.
pub async fn ensure_user(state: &AppState, new: NewUser) -> Result<user::Model> {
    if let Some(u) = users::by_account(&state.db, &new.account).await? {
        return Ok(u);
    }
    let account = new.account.clone();
    match create_user(state, new).await {
        Ok(u) => Ok(u),
        Err(e) => users::by_account(&state.db, &account).await?.ok_or(e),
    }
}

/// Live user `id`.
///
/// # Errors
/// 404 when unknown or deleted.
pub async fn live_user(state: &AppState, id: i64) -> Result<user::Model> {
    users::live_by_id(&state.db, id).await?.ok_or(Error::NotFound)
}

/// The one spelling of a login identifier that [`find_by_identifier`]
/// would treat alike: a lower-case email, a normalised phone number, or a
/// lower-case account name. Failed logins of unknown identifiers are counted
/// under it, so `+86 137-0000-1234` and `13700001234` share one counter
/// there too.
pub fn normalize_identifier(ident: &str) -> String {
    let ident = ident.trim();
    if ident.contains('@') {
        return ident.to_lowercase();
    }
    normalize_phone(ident).unwrap_or_else(|| ident.to_lowercase())
}

/// Find a live user by account name, email or phone; an exact account name
/// wins over a phone number that happens to look the same.
///
/// # Errors
/// Database failures.
pub async fn find_by_identifier(state: &AppState, ident: &str) -> Result<Option<user::Model>> {
    let ident = ident.trim();
    let key = ident.to_lowercase();
    let lookup = if ident.contains('@') {
        Lookup { email: Some(ident.to_owned()), ..Lookup::default() }
    } else {
        Lookup { account: Some(ident.to_owned()), phone: normalize_phone(ident), ..Lookup::default() }
    };
    let mut found = users::live_matching(&state.db, &lookup).await?;
    found.sort_by_key(|u| u.account_key != key);
    Ok(found.into_iter().next())
}

/// A user with the name of their school: what the caller's profile shows.
#[derive(Clone, Debug)]
pub struct ProfileView {
    /// The row (the HTTP layer picks what to show; never the password hash).
    pub user: user::Model,
    /// Name of `user.school_id`.
    pub school_name: Option<String>,
}

/// `u` with its school's name.
///
/// # Errors
/// Database failures.
pub async fn view(state: &AppState, u: user::Model) -> Result<ProfileView> {
    let school_name = catalog::school_name(&state.db, u.school_id).await?;
    Ok(ProfileView { user: u, school_name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_to_mainland_digits_or_e164() {
        assert_eq!(normalize_phone("+86 138-0013-8000").as_deref(), Some("13800138000"));
        assert_eq!(normalize_phone("13800138000").as_deref(), Some("13800138000"));
        assert_eq!(normalize_phone("+14155550123").as_deref(), Some("+14155550123"));
        assert_eq!(normalize_phone("12800138000"), None, "mainland numbers start 13–19");
        assert_eq!(normalize_phone("+86 1380013800"), None);
        assert_eq!(normalize_phone("+0123456789"), None);
        assert_eq!(normalize_phone("4155550123"), None, "without + only mainland numbers");
    }

    #[test]
    fn identifiers_normalise_to_one_spelling() {
        for spelling in ["13700001234", "+8613700001234", "137-0000-1234", "+86 137 0000 1234"] {
            assert_eq!(normalize_identifier(spelling), "13700001234", "{spelling}");
        }
        assert_eq!(normalize_identifier(" Bob@Example.COM "), "bob@example.com");
        assert_eq!(normalize_identifier("Alice_01"), "alice_01");
    }

    #[test]
    fn account_names_codes_and_emails_follow_their_rules() {
        assert!(is_account("alice_01"));
        assert!(!is_account("abc"));
        assert!(!is_account("alice-01"));
        assert!(!is_account(&"a".repeat(21)));
        assert!(is_code("012345"));
        assert!(!is_code("12345"));
        assert!(!is_code("12345a"));
        assert!(is_email("a@example.com"));
        assert!(!is_email("a@"));
        assert_eq!(clean(Some("  x ".into())).as_deref(), Some("x"));
        assert_eq!(clean(Some("   ".into())), None);
    }
}
