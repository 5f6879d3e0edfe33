//! Device tokens, OWASP "Slow Down Online Guessing Attacks with Device
//! Cookies": a successful login gives the client a token naming the account
//! and a random device id, signed with the server secret ([`token::sign`],
//! purpose `device`). A client that presents a valid token for the account
//! it logs into has proved it logged in there before, so it is counted on
//! its own (account, device) failure counter and is not held back by the
//! account-wide or per-address lockouts that an attacker elsewhere can
//! trigger.
//!
//! Shape: `<user id>.<device id>.<expiry, Unix seconds>.<signature>`
//! (base64url and digits; fits a cookie). Nothing is stored server-side: a
//! token stops working when it expires or the secret changes.

use chrono::Utc;

use super::token;

const PURPOSE: &str = "device";

/// A verified device token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// The account it was issued for (`users.id`).
    pub user_id: i64,
    /// Random id of the client (16 base64url characters).
    pub id: String,
}

/// A new device token for `user_id`, valid for `days`.
pub fn issue(secret: &[u8], user_id: i64, days: i64) -> String {
    let id: String = token::new_token().chars().take(16).collect();
    let expires = Utc::now().timestamp() + days.max(1) * 86_400;
    let payload = format!("{user_id}.{id}.{expires}");
    let sig = token::sign(secret, PURPOSE, &payload);
    format!("{payload}.{sig}")
}

/// The device a token names, when its signature is valid and it has not
/// expired; `None` otherwise (a forged or stale token is simply ignored).
pub fn verify(secret: &[u8], raw: &str) -> Option<Device> {
    let (payload, sig) = raw.trim().rsplit_once('.')?;
    if payload.len() > 100 || !token::verify_signature(secret, PURPOSE, payload, sig) {
        return None;
    }
    let mut parts = payload.split('.');
    let user_id = parts.next()?.parse::<i64>().ok()?;
    let id = parts.next()?.to_owned();
    let expires = parts.next()?.parse::<i64>().ok()?;
    (parts.next().is_none() && expires > Utc::now().timestamp()).then_some(Device { user_id, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_token_verifies_for_its_user_only_with_the_same_secret() {
        let t = issue(b"secret", 42, 30);
        let d = verify(b"secret", &t).unwrap();
        assert_eq!(d.user_id, 42);
        assert_eq!(d.id.len(), 16);
        assert_eq!(verify(b"other", &t), None);
        assert_eq!(verify(b"secret", &t.replacen("42.", "43.", 1)), None, "the user id is signed");
        assert_eq!(verify(b"secret", "garbage"), None);
        let expired = format!("42.abc.{}", Utc::now().timestamp() - 1);
        assert_eq!(verify(b"secret", &format!("{expired}.{}", token::sign(b"secret", PURPOSE, &expired))), None);
    }
}
