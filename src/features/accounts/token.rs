//! Opaque session tokens: 256 random bits, base64url, stored as SHA-256.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh token (43 base64url characters encoding 32 random bytes).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Lower-case hex SHA-256 of `token`: what `sessions.token_hash` stores.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// HMAC-SHA256 of `purpose:data` with the server secret, base64url.
/// Used for the CSRF token (bound to the session) and signed URLs.
pub fn sign(secret: &[u8], purpose: &str, data: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(data.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Constant-time check of a [`sign`] value.
pub fn verify_signature(secret: &[u8], purpose: &str, data: &str, signature: &str) -> bool {
    use subtle::ConstantTimeEq;
    let expected = sign(secret, purpose, data);
    expected.as_bytes().ct_eq(signature.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_256_bit_and_hash_to_64_hex() {
        let a = new_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_token());
        assert_eq!(hash_token(&a).len(), 64);
        assert_eq!(hash_token("x"), hash_token("x"));
    }

    #[test]
    fn signatures_verify_only_for_same_purpose_and_data() {
        let s = sign(b"k", "csrf", "abc");
        assert!(verify_signature(b"k", "csrf", "abc", &s));
        assert!(!verify_signature(b"k", "csrf", "abd", &s));
        assert!(!verify_signature(b"k", "url", "abc", &s));
        assert!(!verify_signature(b"other", "csrf", "abc", &s));
    }
}
