//! Sessions as the store keeps them (`sessions`): one row per login, found
//! by the SHA-256 of its token; a user's `token_version` revokes every older
//! session at once (the rules of sessions are the accounts feature's).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

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
    /// When the token stops working.
    pub expires_at: DateTime<Utc>,
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

/// Insert `s`, created now.
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
        ..Default::default()
    }
    .insert(&db.write)
    .await
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
