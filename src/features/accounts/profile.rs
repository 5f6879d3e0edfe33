//! The caller's own account: reading and editing the profile, changing the
//! phone number or email (a flow of its own: a `change_contact` code sent to
//! the new address proves it, see [`send_contact_code`] and
//! [`change_contact`]), changing the password, deleting the account; and the
//! public profile anyone may see.
//!
//! The profile edit never changes the phone or email: it used to, when sent
//! with a code, so one save mixed a form with a verification and failed as a
//! whole when the code was missing (issue 18). A changed `phone` or `email`
//! in it is refused with the field error `use_contact_change`; the same
//! value is accepted and ignored, so a client that sends the whole profile
//! back keeps working.

use chrono::{DateTime, NaiveDate, Utc};

use super::codes::{self, verify_code, CodeSent};
use super::session::{self, AuthSession};
use super::{check_password, clean, is_email, live_user, normalize_phone, view, ProfileView};
use crate::entity::enums::{CodePurpose, Gender};
use crate::entity::user;
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::i18n::{tr, Lang};
use crate::notify::Mail;
use crate::state::AppState;
use crate::store::users::{self, ProfilePatch};
use crate::store::catalog;

/// The profile of live user `user_id` (also for uninitialised accounts).
///
/// # Errors
/// 404 when the account is gone.
pub async fn profile(state: &AppState, user_id: i64) -> Result<ProfileView> {
    let u = live_user(state, user_id).await?;
    view(state, u).await
}

/// An edit of the profile as sent: `None` keeps a field, `Some(None)`
/// clears a nullable one. Text is trimmed and an empty text clears.
#[derive(Clone, Debug, Default)]
pub struct ProfileEdit {
    /// 1–50 characters.
    pub name: Option<String>,
    /// Our own path or an http(s) URL, ≤ 500.
    pub avatar: Option<Option<String>>,
    /// Only the current phone number (normalised here) is accepted: a
    /// change goes through [`change_contact`].
    pub phone: Option<Option<String>>,
    /// Only the current email (ignoring case) is accepted: a change goes
    /// through [`change_contact`].
    pub email: Option<Option<String>>,
    /// ≤ 200.
    pub address: Option<Option<String>>,
    /// A [`Gender`] code.
    pub gender: Option<Option<String>>,
    /// `YYYY-MM-DD`, between 1900-01-01 and today.
    pub birthday: Option<Option<String>>,
    /// ≤ 200.
    pub signature: Option<Option<String>>,
    /// ≤ 50.
    pub job_status: Option<Option<String>>,
    /// ≤ 50.
    pub highest_education: Option<Option<String>>,
    /// ≤ 50.
    pub seniority: Option<Option<String>>,
    /// ≤ 100.
    pub company: Option<Option<String>>,
    /// `http(s)://…`, ≤ 300.
    pub website: Option<Option<String>>,
    /// A `schools.id`.
    pub school_id: Option<Option<i64>>,
    /// ≤ 100.
    pub major: Option<Option<String>>,
    /// ≤ 50.
    pub student_number: Option<Option<String>>,
}

fn push(errors: &mut FieldErrors, name: &str, code: &'static str) {
    errors.entry(name.to_owned()).or_default().push(FieldError { code, params: vec![] });
}

/// The cleaned text of a field, with `max_length` noted when over `max` characters.
fn text_field(errors: &mut FieldErrors, name: &str, value: Option<Option<String>>, max: usize) -> Option<Option<String>> {
    let v = clean(value?);
    if let Some(s) = &v
        && s.chars().count() > max
    {
        errors.entry(name.to_owned()).or_default().push(FieldError { code: "max_length", params: vec![("max", max.to_string())] });
    }
    Some(v)
}

/// Whether `a` may be an avatar: it is rendered as `<img src>`, so only our
/// own paths or http(s) URLs, never `javascript:` or `data:`.
fn is_avatar_url(a: &str) -> bool {
    let a = a.trim();
    a.is_empty()
        || ((a.starts_with('/') && !a.starts_with("//")) || a.starts_with("https://") || a.starts_with("http://"))
            && !a.contains(char::is_whitespace)
}

fn is_website(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.contains(char::is_whitespace)
}

/// A birthday between 1900-01-01 and `today`.
fn birthday(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| *d >= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() && *d <= today)
}

/// The checked patch of `edit` against the current row (`unknown_school`:
/// its `school_id` names no school). Every field error is collected before
/// answering; a changed phone or email is `use_contact_change`.
fn patch_of(edit: ProfileEdit, current: &user::Model, unknown_school: bool, now: DateTime<Utc>) -> Result<ProfilePatch> {
    let mut errors = FieldErrors::new();
    let mut patch = ProfilePatch::default();
    if let Some(name) = edit.name.as_deref().map(str::trim) {
        if name.is_empty() || name.chars().count() > 50 {
            errors.entry("name".into()).or_default().push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", "50".into())] });
        }
        patch.name = Some(name.to_owned());
    }
    patch.avatar = text_field(&mut errors, "avatar", edit.avatar.clone(), 500);
    if let Some(Some(a)) = &edit.avatar
        && !is_avatar_url(a)
    {
        push(&mut errors, "avatar", "url");
    }
    patch.address = text_field(&mut errors, "address", edit.address, 200);
    patch.signature = text_field(&mut errors, "signature", edit.signature, 200);
    patch.job_status = text_field(&mut errors, "job_status", edit.job_status, 50);
    patch.highest_education = text_field(&mut errors, "highest_education", edit.highest_education, 50);
    patch.seniority = text_field(&mut errors, "seniority", edit.seniority, 50);
    patch.company = text_field(&mut errors, "company", edit.company, 100);
    patch.major = text_field(&mut errors, "major", edit.major, 100);
    patch.student_number = text_field(&mut errors, "student_number", edit.student_number, 50);
    patch.website = text_field(&mut errors, "website", edit.website, 300);
    if let Some(Some(url)) = &patch.website
        && !is_website(url)
    {
        push(&mut errors, "website", "url");
    }
    if let Some(v) = text_field(&mut errors, "gender", edit.gender, 10) {
        let parsed = v.as_deref().map(str::parse::<Gender>).transpose();
        if parsed.is_err() {
            push(&mut errors, "gender", "gender");
        }
        patch.gender = Some(parsed.unwrap_or(None));
    }
    if let Some(v) = edit.birthday {
        let parsed = clean(v).and_then(|s| {
            let d = birthday(&s, now.date_naive());
            if d.is_none() {
                push(&mut errors, "birthday", "date");
            }
            d
        });
        patch.birthday = Some(parsed);
    }
    if unknown_school {
        push(&mut errors, "school_id", "school");
    }
    patch.school_id = edit.school_id;
    // The phone and email change only through `change_contact`.
    if let Some(v) = edit.phone
        && clean(v).map(|p| normalize_phone(&p).unwrap_or(p)) != current.phone
    {
        push(&mut errors, "phone", "use_contact_change");
    }
    if let Some(v) = edit.email
        && clean(v).map(|e| e.to_lowercase()) != current.email_key
    {
        push(&mut errors, "email", "use_contact_change");
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(patch)
}

/// Edit the profile of `user_id` (not its phone or email: see
/// [`change_contact`]). Author names and avatars show in 面经 lists, so
/// their cache is dropped.
///
/// # Errors
/// 400 `validation_failed` (every invalid field at once; `school_id` of an
/// unknown school; `phone` or `email` `use_contact_change` for a changed
/// value); 404 when the account is gone.
pub async fn update_profile(state: &AppState, user_id: i64, edit: ProfileEdit) -> Result<ProfileView> {
    let current = live_user(state, user_id).await?;
    let unknown_school = match edit.school_id {
        Some(Some(id)) => !catalog::school_exists(&state.db, id).await?,
        _ => false,
    };
    let patch = patch_of(edit, &current, unknown_school, Utc::now())?;
    let u = users::update_profile(&state.db, user_id, patch).await?;
    crate::features::experiences::changed(state); // author names and avatars in lists
    view(state, u).await
}

/// Which contact of an account a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactKind {
    /// The email address (login identifier, notices, password reset).
    Email,
    /// The phone number (login identifier, code login).
    Phone,
}

/// `value` as the store keeps `kind`: a lower-case email or a normalised
/// phone number, and the text to store (an email as typed).
///
/// # Errors
/// 400 `validation_failed` on `value` (`email` or `phone` format).
fn contact_value(kind: ContactKind, value: &str) -> Result<(String, String)> {
    let value = value.trim();
    match kind {
        ContactKind::Email if is_email(value) => Ok((value.to_lowercase(), value.to_owned())),
        ContactKind::Email => Err(Error::field("value", "email")),
        ContactKind::Phone => normalize_phone(value).map(|p| (p.clone(), p)).ok_or_else(|| Error::field("value", "phone")),
    }
}

/// The current key of `kind` of `u` (lower-case email, phone).
fn current_contact(u: &user::Model, kind: ContactKind) -> Option<&str> {
    match kind {
        ContactKind::Email => u.email_key.as_deref(),
        ContactKind::Phone => u.phone.as_deref(),
    }
}

/// Send a `change_contact` code to `value`, the new email or phone number
/// of `me`, in `lang`: the send limits and cool-down of every code
/// ([`codes::send_code`]) apply, per target and per client address `ip`.
///
/// # Errors
/// 400 `validation_failed` on `value` (`email`, `phone`: bad format;
/// `contact_same`: it is already the account's); 409 `email_taken`,
/// `phone_taken` when another account has it; 429 `rate_limited`; 503 when
/// the code cannot be delivered.
pub async fn send_contact_code(state: &AppState, lang: Lang, ip: &str, me: &AuthSession, kind: ContactKind, value: &str) -> Result<CodeSent> {
    let (key, _) = contact_value(kind, value)?;
    let u = live_user(state, me.user_id).await?;
    if current_contact(&u, kind) == Some(key.as_str()) {
        return Err(Error::field("value", "contact_same"));
    }
    let sent = codes::send_code(state, lang, ip, true, &key, CodePurpose::ChangeContact).await?;
    // The code is the address's; this binds it to the account that asked,
    // so a code read out to someone else (a phishing call) changes nothing.
    state.kv.set(&requester_key(&key), &me.user_id.to_string(), codes::CODE_TTL).await?;
    Ok(sent)
}

/// The key/value entry naming the account that asked for the current
/// `change_contact` code of `key`.
fn requester_key(key: &str) -> String {
    format!("contact:by:{key}")
}

/// Set the email or phone number (`kind`) of `me` to `value`, proven by the
/// `change_contact` `code` sent to it at `me`'s request
/// ([`send_contact_code`]; a code another account asked for is
/// `invalid_code`). One `UPDATE`: a new email is marked
/// verified; uniqueness is the database's (a race with a sign-up answers
/// 409). Then a notice goes to the email the account had before, if any
/// (OWASP ASVS 5.0 V6.3.7: users are told of changes to their
/// authentication details); its failure is logged, the change stands.
///
/// # Errors
/// 400 `validation_failed` on `value` (`email`, `phone`, `contact_same`),
/// `invalid_code`, `code_attempts_exceeded`; 409 `email_taken`,
/// `phone_taken`; 404 when the account is gone.
pub async fn change_contact(state: &AppState, lang: Lang, me: &AuthSession, kind: ContactKind, value: &str, code: &str) -> Result<ProfileView> {
    let (key, stored) = contact_value(kind, value)?;
    let before = live_user(state, me.user_id).await?;
    if current_contact(&before, kind) == Some(key.as_str()) {
        return Err(Error::field("value", "contact_same"));
    }
    if state.kv.get(&requester_key(&key)).await?.as_deref() != Some(me.user_id.to_string().as_str()) {
        return Err(Error::BadRequest("invalid_code"));
    }
    verify_code(state, &key, CodePurpose::ChangeContact, code).await?;
    let patch = match kind {
        ContactKind::Email => ProfilePatch { email: Some(Some(stored.clone())), email_verified_at: Some(Some(Utc::now())), ..ProfilePatch::default() },
        ContactKind::Phone => ProfilePatch { phone: Some(Some(stored.clone())), ..ProfilePatch::default() },
    };
    let u = users::update_profile(&state.db, me.user_id, patch).await?;
    state.kv.del(&requester_key(&key)).await?;
    tracing::info!(user = me.user_id, kind = ?kind, "contact changed");
    if let Some(old) = before.email.as_deref() {
        let mail = contact_notice(lang, kind, old, &stored);
        if let Err(e) = state.mailer.send(&mail).await {
            tracing::warn!(user = me.user_id, error = %e, "cannot send the contact-change notice");
        }
    }
    view(state, u).await
}

/// `value` with most of it hidden, for a notice: `t***@example.com`,
/// `138****8000`.
fn masked(kind: ContactKind, value: &str) -> String {
    match kind {
        ContactKind::Email => {
            let (local, domain) = value.split_once('@').unwrap_or((value, ""));
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        ContactKind::Phone => {
            let chars: Vec<char> = value.chars().collect();
            let head: String = chars.iter().take(3).collect();
            let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
            format!("{head}****{tail}")
        }
    }
}

/// The notice of a contact change, to `to` (the email before the change).
fn contact_notice(lang: Lang, kind: ContactKind, to: &str, new_value: &str) -> Mail {
    let what = tr(lang, if kind == ContactKind::Email { "contact.what_email" } else { "contact.what_phone" }, &[]);
    let params = [("what", what), ("value", masked(kind, new_value))];
    let text = tr(lang, "contact.changed_body", &params);
    let html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif\"><p>{}</p></body></html>",
        lang.locale(),
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    );
    Mail { to: to.to_owned(), subject: tr(lang, "contact.changed_subject", &params), text, html }
}

/// Change the password of the caller `me`; every other session of the user
/// is revoked and the owner is mailed a notice (in `lang`, naming `ip`).
/// The old password is checked by [`super::login::reauthenticate`].
///
/// # Errors
/// 400 `wrong_password`, `validation_failed` (`new_password` weak or the
/// same as the old one); 429 `rate_limited`.
pub async fn change_password(state: &AppState, me: &AuthSession, old_password: &str, new_password: &str, lang: Lang, ip: &str) -> Result<()> {
    let u = live_user(state, me.user_id).await?;
    super::login::reauthenticate(state, &u, old_password).await?;
    if new_password == old_password {
        return Err(Error::field("new_password", "password_same"));
    }
    check_password("new_password", new_password, &[&u.account, u.email.as_deref().unwrap_or(""), u.phone.as_deref().unwrap_or("")])?;
    let hash = state.passwords.hash(new_password).await?;
    users::set_password(&state.db, u.id, hash, Some(me.session_id), false).await?;
    session::after_revoke_all(state, u.id, Some(me)).await?;
    super::notices::password_event(state, &u, lang, ip, super::notices::PasswordEvent::Changed);
    Ok(())
}

/// Delete the caller's account (soft): sessions revoked, account name, email
/// and phone freed for reuse, content kept and shown as by a deleted user.
///
/// # Errors
/// 400 `wrong_password` (checked by [`super::login::reauthenticate`]); 404
/// when the account is gone; 429 `rate_limited`.
pub async fn delete_account(state: &AppState, me: &AuthSession, password: &str) -> Result<()> {
    let u = live_user(state, me.user_id).await?;
    super::login::reauthenticate(state, &u, password).await?;
    users::soft_delete(&state.db, u.id).await?;
    crate::features::experiences::privacy_changed(state).await; // posts now show a deleted author, on every node
    session::after_revoke_all(state, u.id, None).await
}

/// What anyone may see of a user.
#[derive(Clone, Debug)]
pub struct PublicProfile {
    /// `users.id`.
    pub id: i64,
    /// Display name; a translated "deleted user" for deleted accounts.
    pub name: String,
    /// Avatar (none for deleted accounts).
    pub avatar: Option<String>,
    /// Signature line (none for deleted accounts).
    pub signature: Option<String>,
    /// School name (none for deleted accounts).
    pub school_name: Option<String>,
    /// Employer (none for deleted accounts).
    pub company: Option<String>,
    /// The account was deleted by its owner.
    pub deleted: bool,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
}

/// The public profile of user `id`. Deleted users keep their id and date
/// with a translated placeholder name and nothing else, so their posts stay
/// attributable.
///
/// # Errors
/// 404 for an unknown id.
pub async fn public_profile(state: &AppState, lang: Lang, id: i64) -> Result<PublicProfile> {
    let u = users::by_id(&state.db, id).await?.ok_or(Error::NotFound)?;
    if u.deleted_at.is_some() {
        return Ok(PublicProfile {
            id: u.id,
            name: tr(lang, "user.deleted_name", &[]),
            avatar: None,
            signature: None,
            school_name: None,
            company: None,
            deleted: true,
            created_at: u.created_at,
        });
    }
    let school_name = catalog::school_name(&state.db, u.school_id).await?;
    Ok(PublicProfile {
        id: u.id,
        name: u.name,
        avatar: u.avatar,
        signature: u.signature,
        school_name,
        company: u.company,
        deleted: false,
        created_at: u.created_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> user::Model {
        let now = Utc::now();
        user::Model {
            id: 1,
            account: "alice".into(),
            account_key: "alice".into(),
            name: "Alice".into(),
            email: Some("Alice@Example.com".into()),
            email_key: Some("alice@example.com".into()),
            email_verified_at: None,
            phone: Some("13800138000".into()),
            password_hash: None,
            avatar: None,
            address: None,
            gender: None,
            birthday: None,
            signature: None,
            job_status: None,
            highest_education: None,
            seniority: None,
            company: None,
            website: None,
            school_id: None,
            major: None,
            student_number: None,
            is_admin: false,
            status: "active".into(),
            initialized: true,
            token_version: 0,
            last_login_at: None,
            last_login_ip: None,
            deleted_at: None,
            terms_accepted_at: None,
            terms_version: None,
            privacy_version: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn codes(r: Result<ProfilePatch>) -> Vec<(String, Vec<&'static str>)> {
        match r {
            Err(Error::Validation(f)) => f.into_iter().map(|(k, v)| (k, v.into_iter().map(|e| e.code).collect())).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn avatars_and_websites_must_be_our_paths_or_http_urls() {
        assert!(is_avatar_url("/api/files/3"));
        assert!(is_avatar_url("https://cdn.example.com/a.png"));
        assert!(!is_avatar_url("//evil.example.com/a.png"));
        assert!(!is_avatar_url("javascript:alert(1)"));
        assert!(!is_avatar_url("data:image/png;base64,AAAA"));
        assert!(is_website("https://example.com"));
        assert!(!is_website("ftp://example.com"));
        assert!(!is_website("https://exa mple.com"));
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let edit = ProfileEdit {
            name: Some("  ".into()),
            avatar: Some(Some("javascript:x".into())),
            gender: Some(Some("robot".into())),
            birthday: Some(Some("1899-12-31".into())),
            website: Some(Some("example.com".into())),
            phone: Some(Some("123".into())),
            ..ProfileEdit::default()
        };
        let got = codes(patch_of(edit, &user(), false, Utc::now()));
        let want: Vec<(String, Vec<&str>)> = vec![
            ("avatar".into(), vec!["url"]),
            ("birthday".into(), vec!["date"]),
            ("gender".into(), vec!["gender"]),
            ("name".into(), vec!["length"]),
            ("phone".into(), vec!["use_contact_change"]),
            ("website".into(), vec!["url"]),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn the_profile_edit_refuses_a_new_contact_and_ignores_the_current_one() {
        let edit = ProfileEdit {
            email: Some(Some(" ALICE@example.com ".into())),
            phone: Some(Some("+86 138-0013-8000".into())),
            gender: Some(Some("female".into())),
            ..ProfileEdit::default()
        };
        let patch = patch_of(edit, &user(), false, Utc::now()).unwrap();
        assert_eq!((patch.email, patch.phone, patch.email_verified_at), (None, None, None), "contacts untouched");
        assert_eq!(patch.gender, Some(Some(Gender::Female)));

        let edit = ProfileEdit {
            phone: Some(Some("13900139000".into())),
            email: Some(None),
            signature: Some(Some("hi".into())),
            ..ProfileEdit::default()
        };
        assert_eq!(
            codes(patch_of(edit, &user(), false, Utc::now())),
            vec![("email".to_owned(), vec!["use_contact_change"]), ("phone".to_owned(), vec!["use_contact_change"])]
        );
    }

    #[test]
    fn contact_values_are_normalised_and_notices_mask_them() {
        assert_eq!(contact_value(ContactKind::Email, " Tina@Example.com ").unwrap(), ("tina@example.com".into(), "Tina@Example.com".into()));
        assert_eq!(contact_value(ContactKind::Phone, "+86 139-0013-9000").unwrap().0, "13900139000");
        assert!(matches!(contact_value(ContactKind::Phone, "tina@example.com"), Err(Error::Validation(f)) if f["value"][0].code == "phone"));
        assert!(matches!(contact_value(ContactKind::Email, "13900139000"), Err(Error::Validation(f)) if f["value"][0].code == "email"));
        assert_eq!(masked(ContactKind::Email, "tina@example.com"), "t***@example.com");
        assert_eq!(masked(ContactKind::Phone, "13900139000"), "139****9000");
        let mail = contact_notice(Lang::En, ContactKind::Phone, "old@example.com", "13900139000");
        assert_eq!(mail.to, "old@example.com");
        assert!(mail.text.contains("139****9000") && !mail.text.contains("13900139000"), "{}", mail.text);
    }
}
