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

/// Shortest password, in characters (ASVS 5.0 V6.2.1).
pub const MIN_CHARS: usize = 8;
/// Longest password, in characters (ASVS 5.0 V6.2.9 asks for at least 64).
pub const MAX_CHARS: usize = 128;
/// Context words shorter than this are not looked for in passwords.
pub const MIN_CONTEXT_CHARS: usize = 4;

/// Check the password policy of ASVS 5.0 V6.2, with no composition rules
/// (V6.2.5: any characters, passphrases welcome):
/// - 8–128 characters, counted as Unicode scalar values, not bytes
///   (`password_length`);
/// - not a context word (V6.2.11): the lower-cased password must not contain
///   any of `context` (the account name, the email's local part — an email
///   in `context` counts by its local part — or a phone number) of 4 or more
///   characters (`password_personal`);
/// - not a common or breached password (V6.2.4, V6.2.12): the whole password,
///   ignoring case, l33t substitutions and reversal, is not one of the 30,000
///   most common passwords of the list zxcvbn embeds (Dropbox's zxcvbn
///   `passwords` list, drawn from leaked password sets; MIT licence, via the
///   `zxcvbn` crate), and is not guessable in under 10^3 guesses (zxcvbn
///   score 0, e.g. `aaaaaaaaaa`, `1234512345`) (`password_common`).
///
/// The web UI's `isPasswordAcceptable` (`web/src/components/forms.ts`)
/// applies the same length and context rules; the list check is server-only.
///
/// # Errors
/// The reason for the password field.
pub fn check_policy(password: &str, context: &[&str]) -> std::result::Result<(), FieldError> {
    let len = password.chars().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&len) {
        return Err(FieldError {
            code: "password_length",
            params: vec![("min", MIN_CHARS.to_string()), ("max", MAX_CHARS.to_string())],
        });
    }
    let lower = password.to_lowercase();
    let personal = context_words(context).any(|w| lower.contains(&w));
    if personal {
        return Err(FieldError { code: "password_personal", params: vec![] });
    }
    if is_common(password) {
        return Err(FieldError { code: "password_common", params: vec![] });
    }
    Ok(())
}

/// The lower-cased context words of `context` that are long enough to look
/// for: an email contributes its local part.
fn context_words<'a>(context: &'a [&'a str]) -> impl Iterator<Item = String> + 'a {
    context
        .iter()
        .map(|c| c.trim())
        .map(|c| c.split_once('@').map_or(c, |(local, _)| local).to_lowercase())
        .filter(|w| w.chars().count() >= MIN_CONTEXT_CHARS)
}

/// Whether zxcvbn explains the whole password as one entry of its common
/// password list (any case, l33t, reversed), or rates it trivially guessable.
fn is_common(password: &str) -> bool {
    use zxcvbn::matching::patterns::MatchPattern;
    let entropy = zxcvbn::zxcvbn(password, &[]);
    let listed = match entropy.sequence() {
        // zxcvbn does not export the dictionary enum's path, only its Debug name.
        [only] => matches!(&only.pattern, MatchPattern::Dictionary(d) if format!("{:?}", d.dictionary_name) == "Passwords"),
        _ => false,
    };
    listed || (entropy.score() as u8) == 0
}

#[cfg(test)]
mod tests {
    use super::check_policy;

    fn code(p: &str, ctx: &[&str]) -> &'static str {
        check_policy(p, ctx).err().map_or("ok", |e| e.code)
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(code("Ab1", &[]), "password_length");
        assert_eq!(code("七个汉字的密码", &[]), "password_length", "7 characters, 21 bytes");
        assert_eq!(code("八个汉字组成的密码", &[]), "ok");
        assert_eq!(code(&"x7Q".repeat(43), &[]), "password_length", "129 characters");
        assert_eq!(code(&format!("{}k", "x7Q-".repeat(31)), &[]), "ok", "125 characters");
    }

    #[test]
    fn no_composition_rules_so_passphrases_pass() {
        assert_eq!(code("correct horse battery staple", &[]), "ok");
        assert_eq!(code("the quick brown fox jumps over", &[]), "ok");
        assert_eq!(code("tiger-lake-42", &[]), "ok");
    }

    #[test]
    fn common_and_breached_passwords_are_rejected_in_any_case_or_l33t() {
        for p in ["password", "Password1", "Qwerty123", "p@ssw0rd", "12345678", "iloveyou", "sunshine", "aaaaaaaaaa", "DROWSSAP"] {
            assert_eq!(code(p, &[]), "password_common", "{p}");
        }
    }

    #[test]
    fn context_words_are_rejected() {
        assert_eq!(code("alice2024x", &["alice", "alice@example.com"]), "password_personal");
        assert_eq!(code("My-Bobby-Tables-9", &["xx", "bobby@example.com"]), "password_personal", "email local part");
        assert_eq!(code("zz-139-0000-1", &["13900001111"]), "ok");
        assert_eq!(code("call 13900001111 now", &["13900001111"]), "password_personal");
        assert_eq!(code("abc-Tiger-Lake", &["abc@example.com"]), "ok", "context words under 4 characters are ignored");
    }
}
