//! Password hashing (argon2id) and the password policy.
//!
//! Parameters default to OWASP's Password Storage Cheat Sheet minimum for
//! argon2id (m = 19 MiB, t = 2, p = 1) and are configurable. Hashing runs on
//! the blocking pool, at most `2 × cores` at once so a login burst cannot
//! allocate unbounded memory. Unknown accounts are verified against a dummy
//! hash so response time does not reveal which accounts exist
//! (zero-to-production `authentication/password.rs`).

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::{Error, FieldError, Result};

/// Hashes and verifies passwords off the async runtime.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
    dummy: Arc<String>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PasswordHasher(m={}KiB,t={},p={})", self.params.m_cost(), self.params.t_cost(), self.params.p_cost())
    }
}

impl PasswordHasher {
    /// A hasher with memory `m_kib` KiB, `t` iterations and `p` lanes.
    ///
    /// # Errors
    /// Parameters argon2 rejects (e.g. `m_kib < 8 × p`).
    pub fn new(m_kib: u32, t: u32, p: u32) -> anyhow::Result<Self> {
        let params = Params::new(m_kib, t, p, None).map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let dummy = hash_blocking(&params, "dummy password for unknown accounts")?;
        Ok(Self { params, permits: Arc::new(Semaphore::new(cores * 2)), dummy: Arc::new(dummy) })
    }

    /// PHC-format argon2id hash of `password` with a fresh random salt.
    ///
    /// # Errors
    /// 500 if hashing fails (it does not for valid parameters).
    pub async fn hash(&self, password: &str) -> Result<String> {
        let _permit = self.permits.acquire().await.map_err(|e| Error::Internal(e.into()))?;
        let params = self.params.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || hash_blocking(&params, &password))
            .await
            .map_err(|e| Error::Internal(e.into()))?
            .map_err(Error::Internal)
    }

    /// Whether `password` matches `hash`; with `hash = None` a dummy hash is
    /// checked (and `false` returned) so the cost is the same.
    ///
    /// # Errors
    /// 500 if the blocking task panics.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool> {
        let _permit = self.permits.acquire().await.map_err(|e| Error::Internal(e.into()))?;
        let known = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy.as_str().to_owned(), str::to_owned);
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
                .unwrap_or(false)
        })
        .await
        .map_err(|e| Error::Internal(e.into()))?;
        Ok(ok && known)
    }
}

fn hash_blocking(params: &Params, password: &str) -> anyhow::Result<String> {
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

/// Check the password policy: 8–128 characters with an
/// upper-case letter, a lower-case letter and a digit, and not guessable —
/// zxcvbn score ≥ 2 ("somewhat guessable" or better, ~10^6+ guesses),
/// taking the user's own account, name and email into account.
///
/// # Errors
/// `password_weak` or `password_common` reasons for the `field`.
pub fn check_policy(password: &str, user_inputs: &[&str]) -> std::result::Result<(), FieldError> {
    let len = password.chars().count();
    let ok_shape = (8..=128).contains(&len)
        && password.chars().any(|c| c.is_ascii_uppercase())
        && password.chars().any(|c| c.is_ascii_lowercase())
        && password.chars().any(|c| c.is_ascii_digit());
    if !ok_shape {
        return Err(FieldError { code: "password_weak", params: vec![] });
    }
    let inputs: Vec<&str> = user_inputs.iter().copied().filter(|s| !s.is_empty()).collect();
    let score = zxcvbn::zxcvbn(password, &inputs).score();
    if (score as u8) < 2 {
        return Err(FieldError { code: "password_common", params: vec![] });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_policy;

    #[test]
    fn policy_rejects_short_shapeless_and_common_passwords() {
        assert_eq!(check_policy("Ab1", &[]).unwrap_err().code, "password_weak");
        assert_eq!(check_policy("alllowercase1", &[]).unwrap_err().code, "password_weak");
        assert_eq!(check_policy("Password1", &[]).unwrap_err().code, "password_common");
        assert_eq!(check_policy("Qwerty123", &[]).unwrap_err().code, "password_common");
        assert_eq!(check_policy("Alice2024x", &["alice2024x"]).unwrap_err().code, "password_common");
        assert!(check_policy("Tiger-Lake-42", &[]).is_ok());
        assert!(check_policy(&format!("Aa1{}", "x".repeat(126)), &[]).is_err());
    }
}
