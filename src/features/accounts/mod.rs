//! Accounts: password policy and hashing, session tokens.

pub mod password;
pub mod session;
pub mod token;
