//! Accounts as the store keeps them (`users`, and the admin claim token in
//! `app_settings`).
//!
//! `account_key` and `email_key` hold the lower-cased account and email, so
//! uniqueness ignores case on every database; the functions here derive
//! them, callers pass the values as the user typed them. A deleted account
//! keeps its row (its posts stay attributed) with `deleted_at` set and its
//! account name, email and phone freed; "live" means not deleted. Writes that
//! also revoke sessions run in one transaction with
//! [`sessions::revoke_all_in`].

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::entity::enums::{Gender, UserStatus};
use crate::entity::{app_setting, user};
use crate::error::{Error, Result};
use crate::store::sessions;
use crate::store::sql::like_pattern;
use crate::store::Db;

/// `app_settings` key of the admin claim token's signature.
pub const CLAIM_KEY: &str = "admin_claim_token";

/// A new account: active, token version 0; the key columns are derived.
#[derive(Clone, Debug, Default)]
pub struct NewUserRow {
    /// Login name as typed (unique ignoring case).
    pub account: String,
    /// Display name.
    pub name: String,
    /// Email as typed (unique ignoring case).
    pub email: Option<String>,
    /// When the email was verified.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// Normalised phone number (unique).
    pub phone: Option<String>,
    /// PHC-format argon2id hash; `None` for accounts without a password.
    pub password_hash: Option<String>,
    /// Profile signature line.
    pub signature: Option<String>,
    /// Administrator.
    pub is_admin: bool,
    /// Finished initialisation (`false` for phone-first sign-ups).
    pub initialized: bool,
    /// The owner's acceptance of the terms and privacy policy; `None` for
    /// accounts an operator makes (exempt, README "Terms and privacy").
    pub consent: Option<Consent>,
}

/// An acceptance of the terms of service and the privacy policy, kept on
/// the account (`users.terms_accepted_at`, `terms_version`, `privacy_version`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consent {
    /// When it was given.
    pub accepted_at: DateTime<Utc>,
    /// Version of the `terms` page accepted.
    pub terms_version: i32,
    /// Version of the `privacy` page accepted.
    pub privacy_version: i32,
}

/// Insert `row`. A taken account, email or phone is a unique violation
/// (409 `account_taken`, `email_taken`, `phone_taken` through
/// [`crate::error::Error`]).
///
/// # Errors
/// Database failures, unique violations.
pub async fn insert(db: &Db, row: NewUserRow) -> std::result::Result<user::Model, sea_orm::DbErr> {
    let now = Utc::now();
    user::ActiveModel {
        account_key: Set(row.account.to_lowercase()),
        account: Set(row.account),
        name: Set(row.name),
        email_key: Set(row.email.as_ref().map(|e| e.to_lowercase())),
        email: Set(row.email),
        email_verified_at: Set(row.email_verified_at),
        phone: Set(row.phone),
        password_hash: Set(row.password_hash),
        signature: Set(row.signature),
        is_admin: Set(row.is_admin),
        status: Set(UserStatus::Active.as_str().into()),
        initialized: Set(row.initialized),
        terms_accepted_at: Set(row.consent.map(|c| c.accepted_at)),
        terms_version: Set(row.consent.map(|c| c.terms_version)),
        privacy_version: Set(row.consent.map(|c| c.privacy_version)),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db.write)
    .await
}

/// User `id`, deleted or not.
///
/// # Errors
/// Database failures.
pub async fn by_id(db: &Db, id: i64) -> std::result::Result<Option<user::Model>, sea_orm::DbErr> {
    user::Entity::find_by_id(id).one(&db.read).await
}

async fn live_in<C: ConnectionTrait>(conn: &C, id: i64) -> std::result::Result<Option<user::Model>, sea_orm::DbErr> {
    user::Entity::find_by_id(id).filter(user::Column::DeletedAt.is_null()).one(conn).await
}

/// Live user `id`.
///
/// # Errors
/// Database failures.
pub async fn live_by_id(db: &Db, id: i64) -> std::result::Result<Option<user::Model>, sea_orm::DbErr> {
    live_in(&db.read, id).await
}

/// The user whose account is `account` ignoring case, deleted or not.
///
/// # Errors
/// Database failures.
pub async fn by_account(db: &Db, account: &str) -> std::result::Result<Option<user::Model>, sea_orm::DbErr> {
    user::Entity::find().filter(user::Column::AccountKey.eq(account.to_lowercase())).one(&db.write).await
}

/// What identifies a user at login: any of an account name, an email (both
/// ignoring case) or a normalised phone number.
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    /// Account name.
    pub account: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Normalised phone number.
    pub phone: Option<String>,
}

/// Live users matching any part of `lookup` (several when, say, one user's
/// account name is another's phone number).
///
/// # Errors
/// Database failures.
pub async fn live_matching(db: &Db, lookup: &Lookup) -> std::result::Result<Vec<user::Model>, sea_orm::DbErr> {
    let mut cond = Condition::any();
    if let Some(a) = &lookup.account {
        cond = cond.add(user::Column::AccountKey.eq(a.to_lowercase()));
    }
    if let Some(e) = &lookup.email {
        cond = cond.add(user::Column::EmailKey.eq(e.to_lowercase()));
    }
    if let Some(p) = &lookup.phone {
        cond = cond.add(user::Column::Phone.eq(p.as_str()));
    }
    if cond.is_empty() {
        return Ok(Vec::new());
    }
    user::Entity::find().filter(cond).filter(user::Column::DeletedAt.is_null()).all(&db.read).await
}

/// Record a login of `id` from `ip` (at most 64 characters kept).
///
/// # Errors
/// Database failures.
pub async fn record_login(db: &Db, id: i64, ip: &str) -> std::result::Result<(), sea_orm::DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(Utc::now()))
        .col_expr(user::Column::LastLoginIp, Expr::value(ip.chars().take(64).collect::<String>()))
        .filter(user::Column::Id.eq(id))
        .exec(&db.write)
        .await
        .map(|_| ())
}

/// Mark the email of `id` verified now.
///
/// # Errors
/// Database failures.
pub async fn mark_email_verified(db: &Db, id: i64) -> std::result::Result<(), sea_orm::DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::EmailVerifiedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(id))
        .exec(&db.write)
        .await
        .map(|_| ())
}

/// A change of the profile: `None` keeps a column, `Some(None)` clears a
/// nullable one. Every field is applied by [`update_profile`], which names
/// them all, so a field added here and forgotten there does not compile.
#[derive(Clone, Debug, Default)]
pub struct ProfilePatch {
    /// Display name.
    pub name: Option<String>,
    /// Avatar URL or `/api/files/{id}` path.
    pub avatar: Option<Option<String>>,
    /// Normalised phone number.
    pub phone: Option<Option<String>>,
    /// Email as typed; `email_key` follows it.
    pub email: Option<Option<String>>,
    /// When the (new) email was verified.
    pub email_verified_at: Option<Option<DateTime<Utc>>>,
    /// Postal address.
    pub address: Option<Option<String>>,
    /// Gender.
    pub gender: Option<Option<Gender>>,
    /// Date of birth.
    pub birthday: Option<Option<NaiveDate>>,
    /// Signature line.
    pub signature: Option<Option<String>>,
    /// Job status (在职 / 离职 / 在校 …).
    pub job_status: Option<Option<String>>,
    /// Highest education (本科 / 硕士 …).
    pub highest_education: Option<Option<String>>,
    /// Seniority (应届 / 1-3 年 …).
    pub seniority: Option<Option<String>>,
    /// Employer.
    pub company: Option<Option<String>>,
    /// Personal website.
    pub website: Option<Option<String>>,
    /// `schools.id`.
    pub school_id: Option<Option<i64>>,
    /// Field of study.
    pub major: Option<Option<String>>,
    /// Student number.
    pub student_number: Option<Option<String>>,
}

fn change<T: Into<sea_orm::Value>>(v: Option<T>) -> ActiveValue<T> {
    v.map_or(ActiveValue::NotSet, Set)
}

/// Apply `patch` to user `id` (and stamp `updated_at`); the updated row.
///
/// # Errors
/// Database failures, unique violations of a new email or phone.
pub async fn update_profile(db: &Db, id: i64, patch: ProfilePatch) -> std::result::Result<user::Model, sea_orm::DbErr> {
    let ProfilePatch {
        name,
        avatar,
        phone,
        email,
        email_verified_at,
        address,
        gender,
        birthday,
        signature,
        job_status,
        highest_education,
        seniority,
        company,
        website,
        school_id,
        major,
        student_number,
    } = patch;
    user::ActiveModel {
        id: ActiveValue::Unchanged(id),
        name: change(name),
        avatar: change(avatar),
        phone: change(phone),
        email_key: change(email.as_ref().map(|e| e.as_ref().map(|e| e.to_lowercase()))),
        email: change(email),
        email_verified_at: change(email_verified_at),
        address: change(address),
        gender: change(gender.map(|g| g.map(|g| g.as_str().to_owned()))),
        birthday: change(birthday),
        signature: change(signature),
        job_status: change(job_status),
        highest_education: change(highest_education),
        seniority: change(seniority),
        company: change(company),
        website: change(website),
        school_id: change(school_id),
        major: change(major),
        student_number: change(student_number),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&db.write)
    .await
}

/// What finishing a phone-first account sets.
#[derive(Clone, Debug)]
pub struct InitRow {
    /// PHC-format argon2id hash of the new password.
    pub password_hash: String,
    /// Display name.
    pub name: String,
    /// Email as typed.
    pub email: Option<String>,
    /// `schools.id`.
    pub school_id: Option<i64>,
    /// Field of study.
    pub major: Option<String>,
    /// Student number.
    pub student_number: Option<String>,
}

/// Finish the uninitialised account `id`; `None` when it is already
/// initialised (also when a concurrent call finished it first).
///
/// # Errors
/// 404 for a deleted account; database failures; unique violation of the email.
pub async fn initialize(db: &Db, id: i64, row: InitRow) -> Result<Option<user::Model>> {
    let txn = db.write.begin().await?;
    let res = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(row.password_hash))
        .col_expr(user::Column::Name, Expr::value(row.name))
        .col_expr(user::Column::EmailKey, Expr::value(row.email.as_ref().map(|e| e.to_lowercase())))
        .col_expr(user::Column::Email, Expr::value(row.email))
        .col_expr(user::Column::SchoolId, Expr::value(row.school_id))
        .col_expr(user::Column::Major, Expr::value(row.major))
        .col_expr(user::Column::StudentNumber, Expr::value(row.student_number))
        .col_expr(user::Column::Initialized, Expr::value(true))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Initialized.eq(false))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(None);
    }
    let u = live_in(&txn, id).await?.ok_or(Error::NotFound)?;
    txn.commit().await?;
    Ok(Some(u))
}

/// Set the password hash of `id` and revoke every other session than `keep`
/// (a session id), in one transaction. With `initialize`, the account also
/// becomes initialised (a password reset finishes a phone-first account).
///
/// # Errors
/// Database failures.
pub async fn set_password(db: &Db, id: i64, hash: String, keep: Option<i64>, initialize: bool) -> std::result::Result<(), sea_orm::DbErr> {
    let txn = db.write.begin().await?;
    let mut upd = user::Entity::update_many().col_expr(user::Column::PasswordHash, Expr::value(hash));
    if initialize {
        upd = upd.col_expr(user::Column::Initialized, Expr::value(true));
    }
    upd.filter(user::Column::Id.eq(id)).exec(&txn).await?;
    sessions::revoke_all_in(&txn, id, keep).await?;
    txn.commit().await
}

/// Delete account `id` (soft): `deleted_at` set, account name, email and
/// phone freed for reuse, password removed, every session revoked — in one
/// transaction.
///
/// # Errors
/// Database failures.
pub async fn soft_delete(db: &Db, id: i64) -> std::result::Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    let txn = db.write.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::DeletedAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .col_expr(user::Column::AccountKey, Expr::value(format!("~deleted~{id}")))
        .col_expr(user::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(user::Column::EmailKey, Expr::value(Option::<String>::None))
        .col_expr(user::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(user::Column::PasswordHash, Expr::value(Option::<String>::None))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    sessions::revoke_all_in(&txn, id, None).await?;
    txn.commit().await
}

/// Which users an administrator lists.
#[derive(Clone, Debug, Default)]
pub struct UserFilter {
    /// Part of the account, name, email or phone (literal, account and
    /// email ignoring case).
    pub text: Option<String>,
    /// Only users with this status.
    pub status: Option<UserStatus>,
}

/// Page `page` (1-based) of `per_page` users matching `filter`, newest
/// first, deleted ones included; and how many match.
///
/// # Errors
/// Database failures.
pub async fn list(db: &Db, filter: &UserFilter, page: u64, per_page: u64) -> std::result::Result<(Vec<user::Model>, u64), sea_orm::DbErr> {
    let mut q = user::Entity::find().order_by_desc(user::Column::Id);
    if let Some(text) = &filter.text {
        let pat = like_pattern(&text.to_lowercase());
        q = q.filter(
            Condition::any()
                .add(user::Column::AccountKey.like(pat.clone()))
                .add(user::Column::Name.like(like_pattern(text)))
                .add(user::Column::EmailKey.like(pat.clone()))
                .add(user::Column::Phone.like(pat)),
        );
    }
    if let Some(status) = filter.status {
        q = q.filter(user::Column::Status.eq(status.as_str()));
    }
    let total = q.clone().count(&db.read).await?;
    let items = q.offset((page - 1) * per_page).limit(per_page).all(&db.read).await?;
    Ok((items, total))
}

/// Set the status and/or admin flag of live user `id`, in one transaction;
/// disabling an active user also revokes every session. The updated row.
///
/// # Errors
/// 404 for an unknown or deleted user; database failures.
pub async fn set_status_and_admin(db: &Db, id: i64, status: Option<UserStatus>, is_admin: Option<bool>) -> Result<user::Model> {
    let txn = db.write.begin().await?;
    let target = live_in(&txn, id).await?.ok_or(Error::NotFound)?;
    let mut upd = user::Entity::update_many().col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()));
    if let Some(status) = status {
        upd = upd.col_expr(user::Column::Status, Expr::value(status.as_str()));
    }
    if let Some(flag) = is_admin {
        upd = upd.col_expr(user::Column::IsAdmin, Expr::value(flag));
    }
    upd.filter(user::Column::Id.eq(id)).exec(&txn).await?;
    if status == Some(UserStatus::Disabled) && target.status != UserStatus::Disabled.as_str() {
        sessions::revoke_all_in(&txn, id, None).await?;
    }
    let updated = live_in(&txn, id).await?.ok_or(Error::NotFound)?;
    txn.commit().await?;
    Ok(updated)
}

/// Whether any live administrator exists.
///
/// # Errors
/// Database failures.
pub async fn admins_exist(db: &Db) -> std::result::Result<bool, sea_orm::DbErr> {
    let n = user::Entity::find()
        .filter(user::Column::IsAdmin.eq(true))
        .filter(user::Column::DeletedAt.is_null())
        .count(&db.read)
        .await?;
    Ok(n > 0)
}

/// The stored signature of the admin claim token, if one is outstanding.
///
/// # Errors
/// Database failures.
pub async fn claim_signature(db: &Db) -> std::result::Result<Option<String>, sea_orm::DbErr> {
    Ok(app_setting::Entity::find_by_id(CLAIM_KEY.to_owned()).one(&db.write).await?.map(|s| s.value))
}

/// Store `signature` as the outstanding admin claim (replacing any), or with
/// `None` withdraw it.
///
/// # Errors
/// Database failures.
pub async fn set_claim_signature(db: &Db, signature: Option<String>) -> std::result::Result<(), sea_orm::DbErr> {
    let Some(value) = signature else {
        return app_setting::Entity::delete_by_id(CLAIM_KEY.to_owned()).exec(&db.write).await.map(|_| ());
    };
    let now = Utc::now();
    let txn = db.write.begin().await?;
    app_setting::Entity::delete_by_id(CLAIM_KEY.to_owned()).exec(&txn).await?;
    app_setting::Entity::insert(app_setting::ActiveModel {
        key: Set(CLAIM_KEY.to_owned()),
        value: Set(value),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&txn)
    .await?;
    txn.commit().await
}

/// Use up the admin claim whose stored signature is `signature` and make
/// `user_id` an administrator, in one transaction. `None` when that claim
/// is no longer outstanding (of two concurrent claims, one wins).
///
/// # Errors
/// 404 for a deleted user; database failures.
pub async fn claim_admin(db: &Db, user_id: i64, signature: &str) -> Result<Option<user::Model>> {
    let txn = db.write.begin().await?;
    let deleted = app_setting::Entity::delete_many()
        .filter(app_setting::Column::Key.eq(CLAIM_KEY))
        .filter(app_setting::Column::Value.eq(signature))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Ok(None);
    }
    user::Entity::update_many()
        .col_expr(user::Column::IsAdmin, Expr::value(true))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    let u = live_in(&txn, user_id).await?.ok_or(Error::NotFound)?;
    txn.commit().await?;
    Ok(Some(u))
}
