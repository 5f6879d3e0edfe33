//! Sessions as the store keeps them (`sessions`): one row per token, found
//! by the SHA-256 of its token; a user's `token_version` revokes every older
//! session at once. The rules of sessions (lifetimes, idle timeout, who may
//! end which) are the accounts feature's; this module only reads and writes.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};

use crate::entity::{session, user};
use crate::store::Db;

/// A session to insert.
#[derive(Clone, Debug)]
pub struct NewSession {
    /// `users.id`.
    pub user_id: i64,
    /// SHA-256 (hex) of the token.
    pub token_hash: String,
    /// The user's `token_version` now.
    pub token_version: i32,
    /// The client's `User-Agent`, at most 300 characters.
    pub user_agent: Option<String>,
    /// The client's address, at most 64 characters.
    pub ip: Option<String>,
    /// The absolute deadline of the chain.
    pub expires_at: DateTime<Utc>,
    /// When the chain's login happened.
    pub logged_in_at: DateTime<Utc>,
    /// Logged in with `keep_logged_in`.
    pub keep_logged_in: bool,
}

/// The session whose token hashes to `token_hash`.
///
/// # Errors
/// Database failures.
pub async fn by_token_hash(db: &Db, token_hash: &str) -> Result<Option<session::Model>, sea_orm::DbErr> {
    session::Entity::find().filter(session::Column::TokenHash.eq(token_hash)).one(&db.read).await
}

/// Session `id`, read from the write pool (so a session made a moment ago
/// on SQLite's writer is seen).
///
/// # Errors
/// Database failures.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<session::Model>, sea_orm::DbErr> {
    session::Entity::find_by_id(id).one(&db.write).await
}

/// Session `id` if it belongs to `user_id` (else `None`, as for an unknown id).
///
/// # Errors
/// Database failures.
pub async fn by_id_of_user(db: &Db, id: i64, user_id: i64) -> Result<Option<session::Model>, sea_orm::DbErr> {
    session::Entity::find_by_id(id).filter(session::Column::UserId.eq(user_id)).one(&db.write).await
}

/// Every session row of `user_id`, the most recently used first.
///
/// # Errors
/// Database failures.
pub async fn of_user(db: &Db, user_id: i64) -> Result<Vec<session::Model>, sea_orm::DbErr> {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .order_by_desc(session::Column::LastSeenAt)
        .order_by_desc(session::Column::Id)
        .all(&db.write)
        .await
}

/// Insert `s`, created (and last seen) now.
///
/// # Errors
/// Database failures.
pub async fn insert(db: &Db, s: NewSession) -> Result<session::Model, sea_orm::DbErr> {
    let now = Utc::now();
    session::ActiveModel {
        user_id: Set(s.user_id),
        token_hash: Set(s.token_hash),
        token_version: Set(s.token_version),
        user_agent: Set(s.user_agent),
        ip: Set(s.ip),
        expires_at: Set(s.expires_at),
        created_at: Set(now),
        updated_at: Set(now),
        logged_in_at: Set(Some(s.logged_in_at)),
        last_seen_at: Set(Some(now)),
        keep_logged_in: Set(s.keep_logged_in),
        ..Default::default()
    }
    .insert(&db.write)
    .await
}

/// Record a request with session `id` at `at`.
///
/// # Errors
/// Database failures.
pub async fn touch(db: &Db, id: i64, at: DateTime<Utc>) -> Result<(), sea_orm::DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(at))
        .filter(session::Column::Id.eq(id))
        .exec(&db.write)
        .await
        .map(|_| ())
}

/// Delete the sessions of `user_id` that ended by `now`: past `expires_at`,
/// or last seen before `idle_before` (sessions without `keep_logged_in`) or
/// `keep_idle_before` (with it); `None` = no idle timeout of that kind.
///
/// # Errors
/// Database failures.
pub async fn delete_ended(
    db: &Db,
    user_id: i64,
    now: DateTime<Utc>,
    idle_before: Option<DateTime<Utc>>,
    keep_idle_before: Option<DateTime<Utc>>,
) -> Result<u64, sea_orm::DbErr> {
    let mut ended = Condition::any().add(session::Column::ExpiresAt.lte(now));
    if let Some(t) = idle_before {
        ended = ended.add(Condition::all().add(session::Column::KeepLoggedIn.eq(false)).add(session::Column::LastSeenAt.lt(t)));
    }
    if let Some(t) = keep_idle_before {
        ended = ended.add(Condition::all().add(session::Column::KeepLoggedIn.eq(true)).add(session::Column::LastSeenAt.lt(t)));
    }
    let res = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).filter(ended).exec(&db.write).await?;
    Ok(res.rows_affected)
}

/// Delete session `id`.
///
/// # Errors
/// Database failures.
pub async fn delete(db: &Db, id: i64) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_by_id(id).exec(&db.write).await.map(|_| ())
}

/// Revoke every session of `user_id` except `keep` (a session id), inside
/// the caller's transaction `txn`: the user's token version goes up by one,
/// the other sessions are deleted and the kept one is re-stamped with the
/// new version.
///
/// # Errors
/// Database failures.
pub async fn revoke_all_in<C: ConnectionTrait>(txn: &C, user_id: i64, keep: Option<i64>) -> Result<(), sea_orm::DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::TokenVersion, Expr::col(user::Column::TokenVersion).add(1))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    let mut del = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        del = del.filter(session::Column::Id.ne(keep));
        let ver = user::Entity::find_by_id(user_id).one(txn).await?.map_or(0, |u| u.token_version);
        session::Entity::update_many()
            .col_expr(session::Column::TokenVersion, Expr::value(ver))
            .filter(session::Column::Id.eq(keep))
            .exec(txn)
            .await?;
    }
    del.exec(txn).await?;
    Ok(())
}

/// [`revoke_all_in`] in a transaction of its own.
///
/// # Errors
/// Database failures.
pub async fn revoke_all(db: &Db, user_id: i64, keep: Option<i64>) -> Result<(), sea_orm::DbErr> {
    let txn = db.write.begin().await?;
    revoke_all_in(&txn, user_id, keep).await?;
    txn.commit().await
}

/// What authentication needs of a live (not deleted) user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserAuth {
    /// `users.token_version`.
    pub token_version: i32,
    /// `users.status`.
    pub status: String,
    /// `users.is_admin`.
    pub is_admin: bool,
    /// `users.initialized`.
    pub initialized: bool,
}

/// The auth state of live user `id`: one primary-key read, on SQLite on the
/// calling thread ([`crate::store::sqlite::inline`]) because it runs on
/// every authenticated request when the session cache is in process.
///
/// # Errors
/// Database failures.
pub async fn user_auth(db: &Db, id: i64) -> Result<Option<UserAuth>, sea_orm::DbErr> {
    if let Some(inline) = &db.inline {
        use rusqlite::OptionalExtension;
        return inline
            .read(|c| {
                c.prepare_cached("SELECT token_version, status, is_admin, initialized FROM users WHERE id = ?1 AND deleted_at IS NULL")?
                    .query_row([id], |r| Ok(UserAuth { token_version: r.get(0)?, status: r.get(1)?, is_admin: r.get(2)?, initialized: r.get(3)? }))
                    .optional()
            })
            .map_err(crate::store::sqlite::inline::db_err);
    }
    let row = user::Entity::find_by_id(id)
        .filter(user::Column::DeletedAt.is_null())
        .select_only()
        .columns([user::Column::TokenVersion, user::Column::Status, user::Column::IsAdmin, user::Column::Initialized])
        .into_tuple::<(i32, String, bool, bool)>()
        .one(&db.read)
        .await?;
    Ok(row.map(|(token_version, status, is_admin, initialized)| UserAuth { token_version, status, is_admin, initialized }))
}
