//! Sign-up by phone and by account name with consent to the terms and the
//! privacy policy (issue 19), and the pages themselves: default text per
//! language, admin edits, versions.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

#[tokio::test]
async fn phone_sign_up_asks_consent_records_it_and_finishes_with_init() {
    let app = TestApp::spawn().await;
    let phone = "13911112222";
    let code = app.code_for(phone, "login", None).await;
    let body = json!({"target": phone, "code": code});
    let r = app.call_with(Method::POST, "/api/users/login/code", None, Some(body), &[("accept-language", "en")]).await;
    assert_eq!((r.status, r.code()), (400, "terms_not_accepted"), "{}", r.text);
    assert!(r.body["message"].as_str().unwrap().contains("Terms of Service"), "{}", r.text);
    let r = app.post("/api/users/login/code", None, json!({"target": phone, "code": code, "accept_terms": false})).await;
    assert_eq!(r.code(), "terms_not_accepted");

    // The refusal left the code usable: the same code with consent signs up.
    let r = app.post("/api/users/login/code", None, json!({"target": phone, "code": code, "accept_terms": true})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["user_data"]["initialized"], false);
    let token = r.body["token"].as_str().unwrap().to_owned();
    let p = app.get("/api/users/profile", Some(&token)).await;
    assert_eq!((p.body["terms_version"].clone(), p.body["privacy_version"].clone()), (json!(1), json!(1)));
    assert!(p.body["terms_accepted_at"].is_string(), "{}", p.text);

    // The optional second step: password and name.
    let r = app.post("/api/users/init", Some(&token), json!({"password": PASSWORD, "name": "小李"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["initialized"].clone(), r.body["terms_version"].clone()), (json!(true), json!(1)));
    app.login(phone, PASSWORD).await;

    // A registered number logs in by code without being asked again.
    app.skip_cooldown(phone).await;
    let code = app.code_for(phone, "login", None).await;
    let r = app.post("/api/users/login/code", None, json!({"target": phone, "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn a_wrong_code_is_refused_before_consent_is_asked() {
    let app = TestApp::spawn().await;
    let code = app.code_for("13911113333", "login", None).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = app.post("/api/users/login/code", None, json!({"target": "13911113333", "code": wrong})).await;
    assert_eq!((r.status, r.code()), (400, "invalid_code"), "only the number's owner learns it is unregistered");
}

#[tokio::test]
async fn account_sign_up_without_consent_is_refused_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let base = json!({"account": "consent_a", "name": "甲", "email": "consent_a@example.com", "password": PASSWORD});
    let r = app.call_with(Method::POST, "/api/users/signup", None, Some(base.clone()), &[("accept-language", "zh-CN")]).await;
    assert_eq!((r.status, r.code()), (400, "terms_not_accepted"), "{}", r.text);
    assert!(r.body["message"].as_str().unwrap().contains("用户协议"), "{}", r.text);
    let mut refused = base.clone();
    refused["accept_terms"] = json!(false);
    assert_eq!(app.post("/api/users/signup", None, refused).await.code(), "terms_not_accepted");
    let r = app.post("/api/users/login", None, json!({"account": "consent_a", "password": PASSWORD})).await;
    assert_eq!(r.code(), "invalid_credentials", "nothing was created");

    let mut ok = base;
    ok["accept_terms"] = json!(true);
    let r = app.post("/api/users/signup", None, ok).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.body["terms_version"].clone(), r.body["privacy_version"].clone()), (json!(1), json!(1)));
    assert!(r.body["terms_accepted_at"].is_string());
}

#[tokio::test]
async fn pages_ship_a_default_text_per_language() {
    let app = TestApp::spawn().await;
    for (lang, terms, privacy) in [("zh-CN", "# 用户协议", "# 隐私政策"), ("zh-TW", "# 使用者條款", "# 隱私權政策"), ("en", "# Terms of Service", "# Privacy Policy")] {
        let t = app.call_with(Method::GET, "/api/pages/terms", None, None, &[("accept-language", lang)]).await;
        assert_eq!(t.status, 200, "{}", t.text);
        assert!(t.body["body"].as_str().unwrap().starts_with(terms), "{lang}: {}", t.text);
        assert_eq!((t.body["lang"].as_str().unwrap(), t.body["version"].as_i64(), t.body["edited"].as_bool()), (lang, Some(1), Some(false)));
        let p = app.call_with(Method::GET, "/api/pages/privacy", None, None, &[("accept-language", lang)]).await;
        assert!(p.body["body"].as_str().unwrap().starts_with(privacy), "{lang}: {}", p.text);
    }
    let r = app.get("/api/pages/cookies", None).await;
    assert_eq!((r.status, r.code()), (404, "not_found"));
}

#[tokio::test]
async fn only_admins_edit_pages_and_each_edit_raises_the_version_sign_up_records() {
    let app = TestApp::spawn().await;
    let admin = app.admin("pages_admin").await;
    let user = app.signup("pages_user").await;
    let edit = json!({"lang": "zh-CN", "body": "# 用户协议 v2\n\n新的条款。"});
    assert_eq!(app.put("/api/admin/pages/terms", None, edit.clone()).await.status, 401);
    let r = app.put("/api/admin/pages/terms", Some(&user.token), edit.clone()).await;
    assert_eq!((r.status, r.code()), (403, "forbidden"));
    let r = app.put("/api/admin/pages/terms", Some(&admin.token), json!({"lang": "fr", "body": "x"})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["lang"].is_array(), "{}", r.text);
    let r = app.put("/api/admin/pages/terms", Some(&admin.token), json!({"lang": "en", "body": "   "})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"));
    assert!(r.body["fields"]["body"].is_array(), "{}", r.text);
    assert_eq!(app.put("/api/admin/pages/cookies", Some(&admin.token), edit.clone()).await.status, 404);

    let r = app.put("/api/admin/pages/terms", Some(&admin.token), edit).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.body["version"].as_i64(), r.body["edited"].as_bool()), (Some(2), Some(true)));
    // An English reader gets the text in force (zh-CN) until English is edited too.
    let en = app.call_with(Method::GET, "/api/pages/terms", None, None, &[("accept-language", "en")]).await;
    assert_eq!((en.body["lang"].as_str(), en.body["version"].as_i64()), (Some("zh-CN"), Some(2)));
    assert!(en.body["body"].as_str().unwrap().contains("新的条款"));
    let r = app.put("/api/admin/pages/terms", Some(&admin.token), json!({"lang": "en", "body": "# Terms v3"})).await;
    assert_eq!(r.body["version"].as_i64(), Some(3));
    let en = app.call_with(Method::GET, "/api/pages/terms", None, None, &[("accept-language", "en")]).await;
    assert_eq!((en.body["lang"].as_str(), en.body["body"].as_str()), (Some("en"), Some("# Terms v3")));
    assert!(en.body["updated_at"].is_string());
    let privacy = app.get("/api/pages/privacy", None).await;
    assert_eq!((privacy.body["version"].as_i64(), privacy.body["edited"].as_bool()), (Some(1), Some(false)), "pages have their own versions");

    let r = app.post("/api/users/signup", None, json!({"accept_terms": true, "account": "late_user", "name": "L", "email": "late@example.com", "password": PASSWORD})).await;
    assert_eq!((r.body["terms_version"].as_i64(), r.body["privacy_version"].as_i64()), (Some(3), Some(1)), "{}", r.text);
    let r = app.get("/api/users/profile", Some(&user.token)).await;
    assert_eq!(r.body["terms_version"].as_i64(), Some(1), "earlier accounts keep the version they accepted");
}
