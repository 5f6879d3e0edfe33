//! An authenticated session, as the rules see it.

/// Who is calling, for any valid session (including uninitialised accounts).
#[derive(Clone, Debug)]
pub struct AuthSession {
    /// `users.id`.
    pub user_id: i64,
    /// `sessions.id`.
    pub session_id: i64,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Whether the user is an administrator.
    pub is_admin: bool,
    /// Whether the account finished initialisation (set-up of phone sign-ups).
    pub initialized: bool,
}

