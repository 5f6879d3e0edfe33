//! Administration of users: list and search, disable/enable (disabling
//! revokes every session), grant and revoke admin rights, ending a user's
//! sessions, and the one-time
//! claim of the first administrator with a token printed at start.

use std::time::Duration;

use super::{session, token, view, ProfileView};
use crate::entity::enums::UserStatus;
use crate::entity::user;
use crate::error::{Error, Result};
use crate::features::rate_limit::{self, Rule};
use crate::state::AppState;
use crate::store::users::{self, UserFilter};

/// Wrong claim tokens allowed per client address per hour.
const CLAIM_RULE: Rule = Rule { max: 10, window: Duration::from_secs(3600) };

/// Page `page` (1-based) of `per_page` users, newest first, deleted ones
/// included; `text` is part of the account, name, email or phone. Also the
/// number of matching users.
///
/// # Errors
/// Database failures.
pub async fn list_users(state: &AppState, text: Option<&str>, status: Option<UserStatus>, page: u64, per_page: u64) -> Result<(Vec<user::Model>, u64)> {
    let filter = UserFilter { text: text.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned), status };
    Ok(users::list(&state.db, &filter, page, per_page).await?)
}

/// A change of a user by an administrator; `None` keeps the value.
#[derive(Clone, Copy, Debug, Default)]
pub struct UserChange {
    /// New status; disabling revokes every session at once.
    pub status: Option<UserStatus>,
    /// New admin flag.
    pub is_admin: Option<bool>,
}

/// Apply `change` to live user `id`. `by` is the administrator making the
/// change (`None` for the command line); administrators cannot disable
/// themselves or drop their own admin flag, so the site cannot be left
/// without an administrator by accident.
///
/// # Errors
/// 403 `forbidden` for such a change of oneself; 404 for an unknown or
/// deleted user.
pub async fn update_user(state: &AppState, by: Option<i64>, id: i64, change: UserChange) -> Result<user::Model> {
    if by == Some(id) && (change.status == Some(UserStatus::Disabled) || change.is_admin == Some(false)) {
        return Err(Error::Forbidden("forbidden"));
    }
    let updated = users::set_status_and_admin(&state.db, id, change.status, change.is_admin).await?;
    session::forget_user(state, id).await?;
    crate::features::experiences::privacy_changed(state).await; // a ban shows on every node at once
    tracing::info!(target: "security", admin = ?by, user = id, status = ?change.status, is_admin = ?change.is_admin, "user updated by admin");
    Ok(updated)
}

/// End every session of live user `id` at once without disabling the
/// account (a lost device, a suspected stolen session). `by` is the
/// administrator (`None` for the command line); the action is logged as a
/// security event with both ids.
///
/// # Errors
/// 404 for an unknown or deleted user; database or Redis failures.
pub async fn end_sessions(state: &AppState, by: Option<i64>, id: i64) -> Result<()> {
    session::end_all(state, id).await?;
    tracing::info!(target: "security", admin = ?by, user = id, "every session of the user ended by admin");
    Ok(())
}

/// Make `user_id` the first administrator with the one-time `claim` token
/// printed at start ([`ensure_claim_token`]). The token works once; 10
/// wrong tries per client address per hour answer 429.
///
/// # Errors
/// 400 `invalid_code`; 429 `rate_limited`.
pub async fn claim_admin(state: &AppState, user_id: i64, ip: &str, claim: &str) -> Result<ProfileView> {
    let key = format!("claim:{ip}");
    rate_limit::check(&state.kv, &key, CLAIM_RULE).await?;
    let stored = users::claim_signature(&state.db).await?;
    let Some(signature) = stored.filter(|s| token::verify_signature(&state.secret, "claim", claim.trim(), s)) else {
        rate_limit::hit(&state.kv, &key, CLAIM_RULE).await?;
        return Err(Error::BadRequest("invalid_code"));
    };
    let u = users::claim_admin(&state.db, user_id, &signature).await?.ok_or(Error::BadRequest("invalid_code"))?;
    session::forget_user(state, user_id).await?;
    tracing::warn!(user = user_id, "first administrator claimed with the start-up token");
    view(state, u).await
}

/// Whether any live administrator exists (the claim is closed then).
///
/// # Errors
/// Database failures.
pub async fn admin_exists(state: &AppState) -> Result<bool> {
    Ok(users::admins_exist(&state.db).await?)
}

/// Called at start and after the command line changes administrators:
/// while no administrator exists, (re)issue a one-time claim token, store
/// its signature and return it for printing; once one exists, withdraw any.
///
/// # Errors
/// Database failures.
pub async fn ensure_claim_token(state: &AppState) -> Result<Option<String>> {
    if users::admins_exist(&state.db).await? {
        users::set_claim_signature(&state.db, None).await?;
        return Ok(None);
    }
    let tok = token::new_token();
    users::set_claim_signature(&state.db, Some(token::sign(&state.secret, "claim", &tok))).await?;
    Ok(Some(tok))
}
