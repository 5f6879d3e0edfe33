//! The caller's own account: reading and editing the profile (a new phone
//! or email needs a `change_contact` code), changing the password, deleting
//! the account; and the public profile anyone may see.

use chrono::{DateTime, NaiveDate, Utc};

use super::codes::verify_code;
use super::session::{self, AuthSession};
use super::{check_password, clean, is_email, live_user, normalize_phone, view, ProfileView};
use crate::entity::enums::{CodePurpose, Gender};
use crate::entity::user;
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::i18n::{tr, Lang};
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
    /// A phone number (normalised here); a new one needs `code`.
    pub phone: Option<Option<String>>,
    /// An email; a new one needs `code`.
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
    /// `change_contact` code sent to the new phone or email.
    pub code: Option<String>,
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
/// its `school_id` names no school), and the contact
/// (normalised phone or lower-case email) a code must verify. Every field
/// error is collected before answering.
fn patch_of(edit: ProfileEdit, current: &user::Model, unknown_school: bool, now: DateTime<Utc>) -> Result<(ProfilePatch, Option<String>)> {
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
    // Contact changes: a verified code for the new value is required.
    let mut contact_to_verify: Option<String> = None;
    if let Some(v) = edit.phone {
        let phone = clean(v).and_then(|p| {
            let n = normalize_phone(&p);
            if n.is_none() {
                push(&mut errors, "phone", "phone");
            }
            n
        });
        if phone.is_some() && phone != current.phone {
            contact_to_verify = phone.clone();
        }
        patch.phone = Some(phone);
    }
    if let Some(v) = edit.email {
        let email = clean(v);
        if let Some(e) = &email
            && !is_email(e)
        {
            push(&mut errors, "email", "email");
        }
        let key = email.as_ref().map(|e| e.to_lowercase());
        if key.is_some() && key != current.email_key {
            if contact_to_verify.is_some() {
                push(&mut errors, "email", "code_required");
            }
            contact_to_verify = key.clone();
            patch.email_verified_at = Some(Some(now));
        }
        if key.is_none() {
            patch.email_verified_at = Some(None);
        }
        patch.email = Some(email);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok((patch, contact_to_verify))
}

/// Edit the profile of `user_id`. A changed phone or email needs a
/// `change_contact` code sent to the new value (one contact per request).
/// Author names and avatars show in 面经 lists, so their cache is dropped.
///
/// # Errors
/// 400 `validation_failed` (every invalid field at once; `school_id` of an
/// unknown school; `code` missing), `invalid_code`; 404 when the account is
/// gone; 409 `email_taken`, `phone_taken`.
pub async fn update_profile(state: &AppState, user_id: i64, edit: ProfileEdit) -> Result<ProfileView> {
    let current = live_user(state, user_id).await?;
    let unknown_school = match edit.school_id {
        Some(Some(id)) => !catalog::school_exists(&state.db, id).await?,
        _ => false,
    };
    let code = edit.code.clone();
    let (patch, contact_to_verify) = patch_of(edit, &current, unknown_school, Utc::now())?;
    if let Some(target) = contact_to_verify {
        let code = code.as_deref().ok_or_else(|| Error::field("code", "code_required"))?;
        verify_code(state, &target, CodePurpose::ChangeContact, code).await?;
    }
    let u = users::update_profile(&state.db, user_id, patch).await?;
    crate::features::experiences::changed(state); // author names and avatars in lists
    view(state, u).await
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
    crate::features::experiences::changed(state); // posts now show a deleted author
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
            created_at: now,
            updated_at: now,
        }
    }

    fn codes(r: Result<(ProfilePatch, Option<String>)>) -> Vec<(String, Vec<&'static str>)> {
        match r {
            Err(Error::Validation(f)) => f.into_iter().map(|(k, v)| (k, v.into_iter().map(|e| e.code).collect())).collect(),
            other => panic!("expected validation errors, got {:?}", other.map(|(_, c)| c)),
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
            ("phone".into(), vec!["phone"]),
            ("website".into(), vec!["url"]),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_new_contact_needs_a_code_but_the_same_one_in_another_case_does_not() {
        let edit = ProfileEdit { email: Some(Some(" ALICE@example.com ".into())), ..ProfileEdit::default() };
        let (patch, verify) = patch_of(edit, &user(), false, Utc::now()).unwrap();
        assert_eq!(verify, None);
        assert_eq!(patch.email, Some(Some("ALICE@example.com".into())));
        assert!(patch.email_verified_at.is_none(), "verification kept");

        let edit = ProfileEdit { phone: Some(Some("+86 139-0013-9000".into())), ..ProfileEdit::default() };
        let (_, verify) = patch_of(edit, &user(), false, Utc::now()).unwrap();
        assert_eq!(verify.as_deref(), Some("13900139000"));

        let edit = ProfileEdit {
            phone: Some(Some("13900139000".into())),
            email: Some(Some("new@example.com".into())),
            ..ProfileEdit::default()
        };
        assert_eq!(codes(patch_of(edit, &user(), false, Utc::now())), vec![("email".to_owned(), vec!["code_required"])]);

        let edit = ProfileEdit { email: Some(None), gender: Some(Some("female".into())), ..ProfileEdit::default() };
        let (patch, verify) = patch_of(edit, &user(), false, Utc::now()).unwrap();
        assert_eq!((verify, patch.email_verified_at), (None, Some(None)));
        assert_eq!(patch.gender, Some(Some(Gender::Female)));
    }
}
