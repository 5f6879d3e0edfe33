//! Security notices to an account's owner: a mail when the password is
//! changed or reset, and when failed logins lock unknown clients out of the
//! account (OWASP Authentication Cheat Sheet, "notify the user"; ASVS 5.0
//! V6.3.7 / V6.3.5). Notices go to the account's email, if any, and never
//! carry a password or a code. They are sent in the background: a slow or
//! failing mail server neither delays nor fails the request (and a lockout
//! notice does not make answers for known accounts slower than for unknown
//! ones); failures are logged.

use std::time::Duration;

use chrono::Utc;

use crate::entity::user;
use crate::i18n::{tr, Lang};
use crate::notify::Mail;
use crate::state::AppState;

/// Which password event a notice reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordEvent {
    /// Changed with the old password (`PUT /api/users/password`).
    Changed,
    /// Reset with a code (`POST /api/users/password/reset`).
    Reset,
}

/// Mail the owner of `u` that their password was changed or reset from
/// address `ip`, in `lang` (the language of the request that did it, which
/// is the owner's own session or reset form).
pub fn password_event(state: &AppState, u: &user::Model, lang: Lang, ip: &str, event: PasswordEvent) {
    let key = match event {
        PasswordEvent::Changed => "password_changed",
        PasswordEvent::Reset => "password_reset",
    };
    send(state, u, lang, key, vec![("ip", ip.to_owned())]);
}

/// Mail the owner of `u` that clients without their device token are
/// locked out for `lock` after repeated failed logins, the latest from
/// `ip`. The language of the attacker's request says nothing about the
/// owner, so this is in zh-CN, the default.
pub fn login_locked(state: &AppState, u: &user::Model, ip: &str, lock: Duration) {
    let minutes = lock.as_secs().div_ceil(60).to_string();
    send(state, u, Lang::ZhCn, "login_locked", vec![("ip", ip.to_owned()), ("minutes", minutes)]);
}

fn send(state: &AppState, u: &user::Model, lang: Lang, key: &str, mut params: Vec<(&'static str, String)>) {
    let Some(to) = u.email.clone() else { return };
    params.push(("account", u.account.clone()));
    params.push(("time", Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()));
    let subject = tr(lang, &format!("mail.{key}_subject"), &params);
    let text = tr(lang, &format!("mail.{key}_body"), &params);
    let html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif\"><p>{}</p></body></html>",
        lang.locale(),
        html_escape(&text)
    );
    let mail = Mail { to, subject, text, html };
    let state = state.clone();
    let user_id = u.id;
    tokio::spawn(async move {
        if let Err(e) = state.mailer.send(&mail).await {
            tracing::warn!(user_id, error = %format!("{e:#}"), "security notice mail not sent");
        }
    });
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
