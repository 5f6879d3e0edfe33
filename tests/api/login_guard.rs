//! Login protection (issue 18): failed logins counted per account whatever
//! spelling is typed, per (account, client) with escalating lockouts, device
//! tokens that keep the owner in, re-authentication counters, reset answers
//! that do not reveal registered targets, the password policy and the
//! security notice mails.

use std::time::Duration;

use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{Resp, TestApp, PASSWORD};

const WRONG: &str = "Wrong-Pass-1";

/// A login from client address `ip` (the app trusts `X-Forwarded-For`).
async fn login_from(app: &TestApp, ip: &str, body: Value) -> Resp {
    app.call_with(Method::POST, "/api/users/login", None, Some(body), &[("x-forwarded-for", ip)]).await
}

async fn spawn_behind_proxy(tweak: impl FnOnce(&mut mianjing::Config)) -> TestApp {
    TestApp::spawn_with(|c| {
        c.trust_proxy = true;
        tweak(c);
    })
    .await
}

/// Sign up `account` with the phone `phone` (verified by a signup code).
async fn signup_with_phone(app: &TestApp, account: &str, phone: &str) {
    let code = app.code_for(phone, "signup", None).await;
    let body = json!({"accept_terms": true, "account": account, "name": account, "email": format!("{account}@example.com"), "password": PASSWORD, "phone": phone, "code": code});
    let r = app.post("/api/users/signup", None, body).await;
    assert_eq!(r.status, 201, "{}", r.text);
}

fn retry_after(r: &Resp) -> u64 {
    r.header("retry-after").unwrap_or_else(|| panic!("Retry-After on {}", r.text)).parse().unwrap()
}

/// Every outbox message to `to`, with base64 and quoted-printable bodies
/// decoded, waiting up to 5 s for at least `n` (notices are sent in the
/// background).
async fn mails_to(app: &TestApp, to: &str, n: usize) -> Vec<String> {
    for _ in 0..50 {
        let found = app.outbox(&format!("To: {to}"));
        if found.len() >= n {
            return found.iter().map(|m| decode(m)).collect();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.outbox(&format!("To: {to}")).iter().map(|m| decode(m)).collect()
}

/// The raw message followed by its decoded parts and subject.
fn decode(raw: &str) -> String {
    let mut out = raw.to_owned();
    let unfolded = raw.replace("\r\n", "\n");
    for part in unfolded.split("\n\n").collect::<Vec<_>>().windows(2) {
        if part[0].to_ascii_lowercase().contains("content-transfer-encoding: base64") {
            let b64: String = part[1].lines().take_while(|l| !l.starts_with("--")).collect();
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64.trim()) {
                out.push('\n');
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
        } else if part[0].to_ascii_lowercase().contains("quoted-printable") {
            let qp = part[1].replace("=\n", "");
            let mut bytes = Vec::new();
            let mut it = qp.bytes();
            while let Some(b) = it.next() {
                if b == b'=' {
                    let hex: Vec<u8> = it.by_ref().take(2).collect();
                    if let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(&hex), 16) {
                        bytes.push(v);
                    }
                } else {
                    bytes.push(b);
                }
            }
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    for word in raw.split("=?utf-8?b?").skip(1) {
        if let Some(enc) = word.split("?=").next()
            && let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(enc)
        {
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    out
}

// ------------------------------------------------------------ 1. per account

#[tokio::test]
async fn wrong_passwords_through_every_spelling_of_an_account_share_one_counter() {
    let app = spawn_behind_proxy(|_| {}).await;
    signup_with_phone(&app, "spelling", "13700001234").await;
    let spellings = ["spelling", "SPELLING", "spelling@example.com", "13700001234", "+8613700001234", "137-0000-1234", "+86 137 0000 1234"];

    // One client: its own (account, client) limit, 5 by default.
    let mut answered = Vec::new();
    for i in 0..100 {
        let r = login_from(&app, "203.0.113.1", json!({"account": spellings[i % spellings.len()], "password": WRONG})).await;
        answered.push(r.status);
        if r.status == 429 {
            assert_eq!(r.code(), "rate_limited");
            assert!(retry_after(&r) > 0);
            break;
        }
    }
    assert_eq!(answered, [400, 400, 400, 400, 400, 429], "the sixth try of any spelling is refused");

    // Many clients (one address each): the account-wide limit, 20 by default.
    let mut failures = 0;
    for i in 0..100 {
        let r = login_from(&app, &format!("198.51.100.{i}"), json!({"account": spellings[i % spellings.len()], "password": WRONG})).await;
        if r.status == 429 {
            break;
        }
        assert_eq!((r.status, r.code()), (400, "invalid_credentials"));
        failures += 1;
    }
    assert_eq!(failures, 20 - 5, "20 failures per account from clients without its device token");
}

#[tokio::test]
async fn unknown_and_known_accounts_answer_alike_under_brute_force() {
    let app = spawn_behind_proxy(|_| {}).await;
    signup_with_phone(&app, "known_one", "13700002222").await;
    let run = |phone_spellings: [&'static str; 3]| {
        let app = &app;
        async move {
            let mut out = Vec::new();
            for i in 0..7 {
                let r = login_from(app, "203.0.113.2", json!({"account": phone_spellings[i % 3], "password": WRONG})).await;
                out.push((r.status, r.code().to_owned(), r.header("retry-after").is_some()));
            }
            out
        }
    };
    let known = run(["13700002222", "+86 137-0000-2222", "+8613700002222"]).await;
    let unknown = run(["13700003333", "+86 137-0000-3333", "+8613700003333"]).await;
    assert_eq!(known, unknown);
    assert_eq!(known[4].0, 400);
    assert_eq!(known[5].0, 429, "unknown numbers are counted per number too, not per spelling");
}

// ------------------------------------------------- 2. clients, devices, NAT

#[tokio::test]
async fn the_owner_logs_in_from_a_clean_client_and_with_a_device_token_while_an_attacker_is_locked() {
    let app = spawn_behind_proxy(|_| {}).await;
    app.signup("owner_a").await;
    app.signup("neighbour").await;
    let first = login_from(&app, "192.0.2.10", json!({"account": "owner_a", "password": PASSWORD})).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let device = first.body["device_token"].as_str().unwrap().to_owned();
    let cookie = first.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).find(|c| c.starts_with("mj_device="));
    let cookie = cookie.expect("mj_device cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/api/users") && cookie.contains("SameSite=Strict"), "{cookie}");

    // The attacker's client is locked after 5 failures; the right password does not help it.
    for _ in 0..5 {
        assert_eq!(login_from(&app, "203.0.113.66", json!({"account": "owner_a", "password": WRONG})).await.status, 400);
    }
    let locked = login_from(&app, "203.0.113.66", json!({"account": "owner_a", "password": PASSWORD})).await;
    assert_eq!((locked.status, locked.code()), (429, "rate_limited"));
    assert!((1..=60).contains(&retry_after(&locked)), "{:?}", locked.header("retry-after"));

    // The owner from a client that has not been failing.
    let clean = login_from(&app, "198.51.100.20", json!({"account": "owner_a", "password": PASSWORD})).await;
    assert_eq!(clean.status, 200, "{}", clean.text);
    // The owner behind the attacker's very address, with the device token in the body …
    let with_token = login_from(&app, "203.0.113.66", json!({"account": "owner_a", "password": PASSWORD, "device_token": device})).await;
    assert_eq!(with_token.status, 200, "{}", with_token.text);
    // … or as the cookie a browser sends.
    let r = app
        .call_with(
            Method::POST,
            "/api/users/login",
            None,
            Some(json!({"account": "owner_a", "password": PASSWORD})),
            &[("x-forwarded-for", "203.0.113.66"), ("cookie", &format!("mj_device={device}"))],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Another user behind the same address (a NAT) is not affected.
    let r = login_from(&app, "203.0.113.66", json!({"account": "neighbour", "password": PASSWORD})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    // A forged or foreign device token is ignored.
    let forged = format!("{}x", device);
    let r = login_from(&app, "203.0.113.66", json!({"account": "owner_a", "password": PASSWORD, "device_token": forged})).await;
    assert_eq!(r.status, 429);
}

#[tokio::test]
async fn a_distributed_attack_locks_out_unknown_clients_but_not_device_tokens_and_mails_the_owner_once() {
    let app = spawn_behind_proxy(|c| c.login_max_failures_per_account = 6).await;
    app.signup("target_b").await;
    app.signup("other_b").await;
    let device = login_from(&app, "192.0.2.11", json!({"account": "target_b", "password": PASSWORD})).await.body["device_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let foreign = login_from(&app, "192.0.2.12", json!({"account": "other_b", "password": PASSWORD})).await.body["device_token"]
        .as_str()
        .unwrap()
        .to_owned();
    for i in 0..6 {
        let r = login_from(&app, &format!("203.0.113.{}", 100 + i), json!({"account": "target_b", "password": WRONG})).await;
        assert_eq!(r.status, 400, "try {i}: {}", r.text);
    }
    // Clients without the account's device token are locked out, right password or not …
    let r = login_from(&app, "198.51.100.30", json!({"account": "target_b", "password": PASSWORD})).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"));
    assert!(retry_after(&r) > 0);
    let r = login_from(&app, "198.51.100.30", json!({"account": "target_b", "password": PASSWORD, "device_token": foreign})).await;
    assert_eq!(r.status, 429, "another account's device token does not count");
    // … the owner's device is not.
    let r = login_from(&app, "198.51.100.30", json!({"account": "target_b", "password": PASSWORD, "device_token": device})).await;
    assert_eq!(r.status, 200, "{}", r.text);

    let mails = mails_to(&app, "target_b@example.com", 1).await;
    assert_eq!(mails.len(), 1, "one notice");
    let mail = &mails[0];
    assert!(mail.contains("多次") && mail.contains("203.0.113.105"), "{mail}");
    assert!(!mail.contains(WRONG) && !mail.contains(PASSWORD), "no secrets");
    // Further failures in the same window send no more mail.
    let r = login_from(&app, "203.0.113.200", json!({"account": "target_b", "password": WRONG, "device_token": device})).await;
    assert_eq!(r.status, 400);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(mails_to(&app, "target_b@example.com", 1).await.len(), 1);
}

#[tokio::test]
async fn lockouts_double_with_each_further_failure_up_to_the_cap() {
    let app = spawn_behind_proxy(|c| {
        c.login_max_failures_per_client = 2;
        c.login_lockout_secs = 1;
        c.login_lockout_max_secs = 2;
    })
    .await;
    app.signup("grow_c").await;
    let wrong = json!({"account": "grow_c", "password": WRONG});
    assert_eq!(login_from(&app, "203.0.113.7", wrong.clone()).await.status, 400);
    assert_eq!(login_from(&app, "203.0.113.7", wrong.clone()).await.status, 400);
    let r = login_from(&app, "203.0.113.7", wrong.clone()).await;
    assert_eq!((r.status, retry_after(&r)), (429, 1));
    // Once the lock is over, the next failure locks again at once, for twice as long …
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let r = login_from(&app, "203.0.113.7", wrong.clone()).await;
    assert_eq!((r.status, retry_after(&r)), (429, 2), "{}", r.text);
    // … and never longer than the cap.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let r = login_from(&app, "203.0.113.7", wrong.clone()).await;
    assert_eq!((r.status, retry_after(&r)), (429, 2), "{}", r.text);
}

#[tokio::test]
async fn failures_on_other_accounts_from_a_shared_address_do_not_block_correct_logins() {
    let app = spawn_behind_proxy(|_| {}).await;
    app.signup("natuser").await;
    // 60 failures from one address across many accounts (a NAT with one
    // guesser) used to block everyone behind it after 30.
    for i in 0..60 {
        let r = login_from(&app, "203.0.113.8", json!({"account": format!("nobody{i}"), "password": WRONG})).await;
        assert_eq!(r.status, 400, "{}", r.text);
    }
    let r = login_from(&app, "203.0.113.8", json!({"account": "natuser", "password": PASSWORD})).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn the_per_address_limit_still_stops_spraying_and_spares_device_tokens() {
    let app = spawn_behind_proxy(|c| c.login_max_failures_per_ip = 4).await;
    app.signup("sprayed").await;
    let device = login_from(&app, "192.0.2.13", json!({"account": "sprayed", "password": PASSWORD})).await.body["device_token"]
        .as_str()
        .unwrap()
        .to_owned();
    for i in 0..4 {
        assert_eq!(login_from(&app, "2001:db8:7:7::1", json!({"account": format!("spray{i}"), "password": WRONG})).await.status, 400);
    }
    // The whole IPv6 /64 is one client address.
    let r = login_from(&app, "2001:db8:7:7::abcd", json!({"account": "sprayed", "password": PASSWORD})).await;
    assert_eq!(r.status, 429, "{}", r.text);
    let r = login_from(&app, "2001:db8:7:7::abcd", json!({"account": "sprayed", "password": PASSWORD, "device_token": device})).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

// --------------------------------------------------------- 3. re-authentication

#[tokio::test]
async fn password_change_counts_every_check_on_its_own_counter() {
    let app = TestApp::spawn_with(|c| c.reauth_max_failures = 3).await;
    let u = app.signup("reauth_a").await;
    let body = |old: &str| json!({"old_password": old, "new_password": "New-Harbor-77"});
    assert_eq!(app.put("/api/users/password", None, body(PASSWORD)).await.status, 401);
    for _ in 0..3 {
        let r = app.put("/api/users/password", Some(&u.token), body(WRONG)).await;
        assert_eq!((r.status, r.code()), (400, "wrong_password"));
    }
    let r = app.put("/api/users/password", Some(&u.token), body(PASSWORD)).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"), "even the right password waits");
    assert!(retry_after(&r) > 0);
    // The login counters are separate: logging in still works.
    app.login("reauth_a", PASSWORD).await;
}

#[tokio::test]
async fn failed_logins_do_not_block_the_owners_password_change() {
    let app = TestApp::spawn().await;
    let u = app.signup("reauth_b").await;
    for _ in 0..6 {
        app.post("/api/users/login", None, json!({"account": "reauth_b", "password": WRONG})).await;
    }
    let r = app.put("/api/users/password", Some(&u.token), json!({"old_password": PASSWORD, "new_password": "New-Harbor-77"})).await;
    assert_eq!(r.status, 204, "{}", r.text);
}

#[tokio::test]
async fn account_deletion_counts_every_password_check() {
    let app = TestApp::spawn_with(|c| c.reauth_max_failures = 3).await;
    let u = app.signup("reauth_c").await;
    let other = app.signup("reauth_d").await;
    assert_eq!(app.delete("/api/users/me", None, Some(json!({"password": PASSWORD}))).await.status, 401);
    for _ in 0..3 {
        let r = app.delete("/api/users/me", Some(&u.token), Some(json!({"password": WRONG}))).await;
        assert_eq!((r.status, r.code()), (400, "wrong_password"));
    }
    let r = app.delete("/api/users/me", Some(&u.token), Some(json!({"password": PASSWORD}))).await;
    assert_eq!((r.status, r.code()), (429, "rate_limited"));
    assert_eq!(app.get("/api/users/profile", Some(&u.token)).await.status, 200, "not deleted");
    // Another user's counter is their own.
    let r = app.delete("/api/users/me", Some(&other.token), Some(json!({"password": PASSWORD}))).await;
    assert_eq!(r.status, 204, "{}", r.text);
}

// ------------------------------------------------------------ 4. reset answers

#[tokio::test]
async fn password_reset_answers_the_same_for_registered_and_unknown_targets() {
    let app = TestApp::spawn().await;
    signup_with_phone(&app, "resetter", "13700005555").await;
    // Forget the sign-up code's send (cool-down and hourly count), so both
    // targets start with the same history.
    app.skip_cooldown("13700005555").await;
    app.state.kv.del("code:n:13700005555").await.unwrap();
    let pairs = [("resetter@example.com", "stranger@example.com"), ("13700005555", "13700006666")];
    for (known, unknown) in pairs {
        for new_password in ["short", "password1", "Quiet-Meadow-93"] {
            let ask = |target: &str| app.post("/api/users/password/reset", None, json!({"target": target, "code": "000000", "new_password": new_password}));
            let (a, b) = (ask(known).await, ask(unknown).await);
            assert_eq!((a.status, &a.body), (b.status, &b.body), "{known} vs {unknown} with {new_password}");
            assert_eq!(a.status, 400);
        }
        let send = |target: &str| app.post("/api/verification-codes", None, json!({"target": target, "purpose": "reset_password"}));
        let (a, b) = (send(known).await, send(unknown).await);
        assert_eq!((a.status, &a.body, a.header("ratelimit-remaining")), (b.status, &b.body, b.header("ratelimit-remaining")));
        assert_eq!(a.status, 202);
    }
    // Only the registered target gets a message.
    assert!(!mails_to(&app, "resetter@example.com", 1).await.is_empty());
    assert!(app.outbox("stranger@example.com").is_empty());
    assert!(app.outbox("13700006666").is_empty());
}

#[tokio::test]
async fn reset_checks_the_accounts_own_words_only_after_a_valid_code_and_keeps_the_code() {
    let app = TestApp::spawn().await;
    let u = app.signup("wordsmith").await;
    let code = app.code_for(&u.email, "reset_password", None).await;
    let r = app.post("/api/users/password/reset", None, json!({"target": u.email, "code": code, "new_password": "x-wordsmith-2024"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["new_password"].is_array(), "{}", r.text);
    let r = app.post("/api/users/password/reset", None, json!({"target": u.email, "code": code, "new_password": "correct horse battery staple"})).await;
    assert_eq!(r.status, 204, "the code was not used up: {}", r.text);
    app.login("wordsmith", "correct horse battery staple").await;
}

// ------------------------------------------------------------- 5. the policy

#[tokio::test]
async fn the_password_policy_has_length_list_and_context_rules_but_no_composition_rules() {
    let app = TestApp::spawn().await;
    let try_password = |account: &'static str, password: String| {
        let app = &app;
        async move {
            let body = json!({"accept_terms": true, "account": account, "name": "P", "email": format!("{account}@example.com"), "password": password});
            app.call_with(Method::POST, "/api/users/signup", None, Some(body), &[("accept-language", "en")]).await
        }
    };
    for (i, ok) in ["correct horse battery staple", "the quick brown fox jumps over", "八个汉字组成的密码", "tiger-lake-42"].iter().enumerate() {
        let r = try_password(["pass_a", "pass_b", "pass_c", "pass_d"][i], (*ok).to_owned()).await;
        assert_eq!(r.status, 201, "{ok}: {}", r.text);
    }
    let reason = |r: &Resp| r.body["fields"]["password"][0].as_str().unwrap_or("").to_owned();
    let r = try_password("pass_e", "seven77".into()).await;
    assert_eq!(r.status, 400);
    assert!(reason(&r).contains("8–128"), "{}", r.text);
    let r = try_password("pass_e", "七个汉字的密码".into()).await;
    assert!(reason(&r).contains("8–128"), "characters, not bytes: {}", r.text);
    let r = try_password("pass_e", "x".repeat(129)).await;
    assert!(reason(&r).contains("8–128"), "{}", r.text);
    for common in ["password1", "Qwerty123", "P@ssw0rd", "iloveyou", "1234567890"] {
        let r = try_password("pass_e", common.into()).await;
        assert_eq!(r.status, 400, "{common}");
        assert!(reason(&r).contains("common"), "{common}: {}", r.text);
    }
    let r = try_password("pass_e", "my-pass_e-rocks".into()).await;
    assert!(reason(&r).contains("account name"), "{}", r.text);
}

// ----------------------------------------------------------- 6. notice mails

#[tokio::test]
async fn changing_the_password_mails_a_notice_without_the_password() {
    let app = spawn_behind_proxy(|_| {}).await;
    let u = app.signup("notice_a").await;
    let r = app
        .call_with(
            Method::PUT,
            "/api/users/password",
            Some(&u.token),
            Some(json!({"old_password": PASSWORD, "new_password": "Silver-Canoe-58"})),
            &[("accept-language", "en"), ("x-forwarded-for", "198.51.100.77")],
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let mails = mails_to(&app, &u.email, 1).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.contains("Your password was changed") && mail.contains("198.51.100.77") && mail.contains("UTC"), "{mail}");
    assert!(mail.contains("Forgot password"), "tells the owner what to do: {mail}");
    assert!(!mail.contains("Silver-Canoe-58") && !mail.contains(PASSWORD), "{mail}");
}

#[tokio::test]
async fn resetting_the_password_mails_a_notice_in_the_default_language() {
    let app = TestApp::spawn().await;
    let u = app.signup("notice_b").await;
    let code = app.code_for(&u.email, "reset_password", None).await;
    let r = app.post("/api/users/password/reset", None, json!({"target": u.email, "code": code, "new_password": "Amber-Lantern-31"})).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let mails = mails_to(&app, &u.email, 2).await;
    let notice = mails.iter().find(|m| m.contains("通过验证码重置")).unwrap_or_else(|| panic!("{mails:?}"));
    assert!(notice.contains("忘记密码") && !notice.contains("Amber-Lantern-31"), "{notice}");
}
