//! Verification codes by SMS through Aliyun SMS and Tencent Cloud SMS
//! (issue 20), against local fakes of the two vendors' `SendSms`.
//!
//! The fakes check every request the way the vendor does: required
//! parameters, the access key, the clock, and the signature — recomputed
//! here step by step from the vendors' documents, independently of the
//! signer in `src/notify/sms.rs` (own percent-encoding, own canonical
//! strings, straight from the request as received). Each verifier first
//! reproduces the vendor's published worked example. A request the fake
//! rejects gets the vendor's own error answer.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use mianjing::config::SmsVendor;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{Resp, TestApp};

const KEY_ID: &str = "LTAI5tTestKeyId0001";
const SECRET: &str = "fake-vendor-secret-8f2c1d9e";
const SIGN_NAME: &str = "面经社区";
const TEMPLATE: &str = "SMS_123456789";
const SDK_APP_ID: &str = "1400000001";

// ------------------------------------------------- Aliyun, from its docs

/// Aliyun RPC signature, step 1b ("POP 编码"): UTF-8 bytes; `A-Z a-z 0-9 - _ . ~`
/// stay; every other byte is `%` and two upper-case hex digits (so a space is
/// `%20`, `*` is `%2A`).
fn pop_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'~' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The signature Aliyun expects for `params` (everything but `Signature`):
/// sort by name, encode names and values, join with `=` and `&`; then
/// `StringToSign = METHOD + "&" + encode("/") + "&" + encode(query)`; then
/// `Base64(HMAC-SHA1(secret + "&", StringToSign))`.
fn aliyun_expected(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let query: Vec<String> = params.iter().filter(|(k, _)| *k != "Signature").map(|(k, v)| format!("{}={}", pop_encode(k), pop_encode(v))).collect();
    let string_to_sign = format!("{method}&{}&{}", pop_encode("/"), pop_encode(&query.join("&")));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn the_aliyun_verifier_reproduces_the_documented_send_sms_example() {
    // 短信服务 "HTTP 协议及签名" (help.aliyun.com/document_detail/56189).
    let params: BTreeMap<String, String> = [
        ("AccessKeyId", "testId"),
        ("Action", "SendSms"),
        ("Format", "XML"),
        ("OutId", "123"),
        ("PhoneNumbers", "15300000001"),
        ("RegionId", "cn-hangzhou"),
        ("SignName", "阿里云短信测试专用"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
        ("SignatureVersion", "1.0"),
        ("TemplateCode", "SMS_71390007"),
        ("TemplateParam", r#"{"customer":"test"}"#),
        ("Timestamp", "2017-07-12T02:42:19Z"),
        ("Version", "2017-05-25"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(aliyun_expected("GET", &params, "testSecret"), "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
}

// ------------------------------------------------ Tencent, from its docs

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn hmac256(key: &[u8], msg: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(msg.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// TC3-HMAC-SHA256 ("签名方法 v3"): step 1 the canonical request (POST, `/`,
/// empty query, canonical headers, signed header names, hex SHA-256 of the
/// body); step 2 the string to sign; step 3 the derived key and signature.
/// Returns (hashed canonical request, signature).
fn tc3_expected(secret_key: &str, service: &str, date: &str, timestamp: &str, canonical_headers: &str, signed_headers: &str, body: &[u8]) -> (String, String) {
    let canonical_request = format!("POST\n/\n\n{canonical_headers}\n{signed_headers}\n{}", sha256_hex(body));
    let hashed = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("TC3-HMAC-SHA256\n{timestamp}\n{date}/{service}/tc3_request\n{hashed}");
    let secret_date = hmac256(format!("TC3{secret_key}").as_bytes(), date);
    let secret_service = hmac256(&secret_date, service);
    let secret_signing = hmac256(&secret_service, "tc3_request");
    (hashed, hex::encode(hmac256(&secret_signing, &string_to_sign)))
}

#[test]
fn the_tencent_verifier_reproduces_the_documented_example() {
    // "签名方法 v3", the DescribeInstances example.
    let body = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    let (hashed, signature) = tc3_expected(
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        "cvm",
        "2019-02-25",
        "1551113065",
        "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n",
        "content-type;host",
        body.as_bytes(),
    );
    assert_eq!(hashed, "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    assert_eq!(signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
}

// ------------------------------------------------------------- the fakes

/// What a fake answers to a request whose signature and parameters are right.
#[derive(Clone, Debug)]
enum Mode {
    /// Sent.
    Send,
    /// The vendor's refusal with this error code (Aliyun `Code`, Tencent
    /// `Response.Error.Code`).
    Refuse(&'static str),
    /// Tencent: accepted, but this number's `SendStatusSet[].Code` is not `Ok`.
    NotSent(&'static str),
    /// Never answers.
    Hang,
}

/// One request as the fake understood it.
#[derive(Clone, Debug)]
struct Received {
    /// Why the fake refused it (bad signature, missing parameter, …), if it did.
    rejected: Option<String>,
    /// Aliyun: the decoded form parameters; Tencent: the JSON body's fields and the `X-TC-*` headers.
    params: BTreeMap<String, String>,
    /// Tencent: the JSON body.
    body: Value,
}

struct Fake {
    url: String,
    mode: Arc<Mutex<Mode>>,
    received: Arc<Mutex<Vec<Received>>>,
}

#[derive(Clone)]
struct FakeState {
    mode: Arc<Mutex<Mode>>,
    received: Arc<Mutex<Vec<Received>>>,
    nonces: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    async fn start(vendor: SmsVendor) -> Fake {
        let state = FakeState { mode: Arc::new(Mutex::new(Mode::Send)), received: Arc::default(), nonces: Arc::default() };
        let router = match vendor {
            SmsVendor::Aliyun => Router::new().route("/", post(aliyun)),
            SmsVendor::Tencent => Router::new().route("/", post(tencent)),
        }
        .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Fake { url, mode: state.mode, received: state.received }
    }

    fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Aliyun's error answer.
fn aliyun_error(status: StatusCode, code: &str, message: &str) -> axum::response::Response {
    (status, Json(json!({"RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990", "HostId": "dysmsapi.aliyuncs.com", "Code": code, "Message": message}))).into_response()
}

/// The fake `SendSms` of dysmsapi: a POST form (the SDKs' RPC style).
async fn aliyun(State(st): State<FakeState>, headers: HeaderMap, body: String) -> axum::response::Response {
    let params: BTreeMap<String, String> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    let check = || -> Result<(), (StatusCode, &'static str, String)> {
        let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        if !content_type.starts_with("application/x-www-form-urlencoded") {
            return Err((StatusCode::BAD_REQUEST, "InvalidParameter", format!("content-type {content_type}")));
        }
        for (name, want) in [("Action", "SendSms"), ("Version", "2017-05-25"), ("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0"), ("Format", "JSON")] {
            if params.get(name).map(String::as_str) != Some(want) {
                return Err((StatusCode::BAD_REQUEST, "MissingParameter", format!("{name} is not {want}")));
            }
        }
        for name in ["AccessKeyId", "RegionId", "PhoneNumbers", "SignName", "TemplateCode", "TemplateParam", "SignatureNonce", "Timestamp", "Signature"] {
            if params.get(name).is_none_or(String::is_empty) {
                return Err((StatusCode::BAD_REQUEST, "MissingParameter", format!("{name} missing")));
            }
        }
        if params["AccessKeyId"] != KEY_ID {
            return Err((StatusCode::NOT_FOUND, "InvalidAccessKeyId.NotFound", "Specified access key is not found.".into()));
        }
        let at = chrono::NaiveDateTime::parse_from_str(&params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ")
            .map_err(|_| (StatusCode::BAD_REQUEST, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.".into()))?;
        if (chrono::Utc::now().naive_utc() - at).num_seconds().abs() > 900 {
            return Err((StatusCode::BAD_REQUEST, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.".into()));
        }
        let mut nonces = st.nonces.lock().unwrap();
        if nonces.contains(&params["SignatureNonce"]) {
            return Err((StatusCode::BAD_REQUEST, "SignatureNonceUsed", "Specified signature nonce was used already.".into()));
        }
        nonces.push(params["SignatureNonce"].clone());
        if aliyun_expected("POST", &params, SECRET) != params["Signature"] {
            return Err((StatusCode::BAD_REQUEST, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.".into()));
        }
        serde_json::from_str::<serde_json::Map<String, Value>>(&params["TemplateParam"])
            .map_err(|_| (StatusCode::OK, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值".into()))?;
        Ok(())
    };
    let result = check();
    let rejected = result.as_ref().err().map(|(_, code, why)| format!("{code}: {why}"));
    st.received.lock().unwrap().push(Received { rejected, params: params.clone(), body: Value::Null });
    if let Err((status, code, message)) = result {
        return aliyun_error(status, code, &message);
    }
    let mode = st.mode.lock().unwrap().clone();
    match mode {
        Mode::Send | Mode::NotSent(_) => Json(json!({"Message": "OK", "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990", "BizId": "900619746936498440^0", "Code": "OK"})).into_response(),
        Mode::Refuse(code) => aliyun_error(StatusCode::OK, code, "触发号码天级流控Permits:10"),
        Mode::Hang => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            aliyun_error(StatusCode::OK, "OK", "too late")
        }
    }
}

/// Tencent's error answer (HTTP 200 with `Response.Error`).
fn tencent_error(code: &str, message: &str) -> axum::response::Response {
    Json(json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "a0aabda6-cf91-4f3e-a670-a5ff3fa9d0a1"}})).into_response()
}

/// The fake `SendSms` of sms.tencentcloudapi.com (API 3.0, JSON POST).
async fn tencent(State(st): State<FakeState>, headers: HeaderMap, body: axum::body::Bytes) -> axum::response::Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let mut params = BTreeMap::new();
    for name in ["x-tc-action", "x-tc-version", "x-tc-region", "x-tc-timestamp"] {
        params.insert(name.to_owned(), header(name));
    }
    let json_body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let check = || -> Result<(), (&'static str, String)> {
        if params["x-tc-action"] != "SendSms" || params["x-tc-version"] != "2021-01-11" || params["x-tc-region"].is_empty() {
            return Err(("MissingParameter", format!("action/version/region: {params:?}")));
        }
        // Authorization: TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=…, Signature=…
        let auth = header("authorization");
        let rest = auth.strip_prefix("TC3-HMAC-SHA256 ").ok_or(("AuthFailure.InvalidAuthorization", auth.clone()))?;
        let mut fields = BTreeMap::new();
        for part in rest.split(", ") {
            let (k, v) = part.split_once('=').ok_or(("AuthFailure.InvalidAuthorization", auth.clone()))?;
            fields.insert(k, v);
        }
        let (Some(credential), Some(signed), Some(signature)) = (fields.get("Credential"), fields.get("SignedHeaders"), fields.get("Signature")) else {
            return Err(("AuthFailure.InvalidAuthorization", auth.clone()));
        };
        let scope: Vec<&str> = credential.split('/').collect();
        let [id, date, service, "tc3_request"] = scope[..] else { return Err(("AuthFailure.InvalidAuthorization", credential.to_string())) };
        if id != KEY_ID {
            return Err(("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.".into()));
        }
        let timestamp: i64 = params["x-tc-timestamp"].parse().map_err(|_| ("InvalidParameter", "X-TC-Timestamp".to_owned()))?;
        if (chrono::Utc::now().timestamp() - timestamp).abs() > 300 {
            return Err(("AuthFailure.SignatureExpire", "Signature expired.".into()));
        }
        // The date must be the UTC date of the timestamp; the service the host's product.
        let utc_date = chrono::DateTime::from_timestamp(timestamp, 0).unwrap().format("%Y-%m-%d").to_string();
        if date != utc_date || service != "sms" {
            return Err(("AuthFailure.InvalidAuthorization", format!("scope {date}/{service}")));
        }
        let names: Vec<&str> = signed.split(';').collect();
        if !names.contains(&"content-type") || !names.contains(&"host") {
            return Err(("AuthFailure.InvalidAuthorization", format!("SignedHeaders {signed}")));
        }
        let canonical_headers: String = names.iter().map(|n| format!("{n}:{}\n", header(n).trim().to_lowercase())).collect();
        let (_, expected) = tc3_expected(SECRET, service, date, &params["x-tc-timestamp"], &canonical_headers, signed, &body);
        if expected != *signature {
            return Err(("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.".into()));
        }
        if header("content-type") != "application/json; charset=utf-8" || !json_body.is_object() {
            return Err(("InvalidParameter", "body".into()));
        }
        for field in ["SmsSdkAppId", "TemplateId"] {
            if !json_body[field].is_string() {
                return Err(("MissingParameter", format!("The request is missing a required parameter `{field}`.")));
            }
        }
        if !json_body["PhoneNumberSet"].is_array() || !json_body["TemplateParamSet"].is_array() {
            return Err(("MissingParameter", "PhoneNumberSet / TemplateParamSet".into()));
        }
        Ok(())
    };
    let result = check();
    let rejected = result.as_ref().err().map(|(code, why)| format!("{code}: {why}"));
    st.received.lock().unwrap().push(Received { rejected, params, body: json_body.clone() });
    if let Err((code, message)) = result {
        return tencent_error(code, &message);
    }
    let phone = json_body["PhoneNumberSet"][0].as_str().unwrap_or("").to_owned();
    let status = |code: &str, message: &str| {
        json!({"Response": {"SendStatusSet": [{"SerialNo": "5000:1045710669157053657849499619", "PhoneNumber": phone, "Fee": 1, "SessionContext": "", "Code": code, "Message": message, "IsoCode": "CN"}], "RequestId": "a0aabda6-cf91-4f3e-a670-a5ff3fa9d0a1"}})
    };
    let mode = st.mode.lock().unwrap().clone();
    match mode {
        Mode::Send => Json(status("Ok", "send success")).into_response(),
        Mode::NotSent(code) => Json(status(code, "the number has reached its daily limit")).into_response(),
        Mode::Refuse(code) => tencent_error(code, "insufficient balance in SMS package"),
        Mode::Hang => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            tencent_error("InternalError", "too late")
        }
    }
}

/// An app whose codes go to `fake` through `vendor`, signing with `secret`.
async fn app_for(vendor: SmsVendor, fake: &Fake, secret: &str) -> TestApp {
    let (url, secret) = (fake.url.clone(), secret.to_owned());
    TestApp::spawn_with(move |c| {
        c.sms_provider = Some(vendor);
        c.sms_access_key_id = Some(KEY_ID.into());
        c.sms_access_key_secret = Some(secret.into());
        c.sms_sign_name = Some(SIGN_NAME.into());
        c.sms_template_code = Some(if vendor == SmsVendor::Aliyun { TEMPLATE.into() } else { "1110".into() });
        c.sms_template_minutes_param = Some("minutes".into());
        c.sms_sdk_app_id = Some(SDK_APP_ID.into());
        c.sms_endpoint = Some(url);
        c.sms_timeout_secs = 1;
    })
    .await
}

async fn send(app: &TestApp, target: &str, lang: &str) -> Resp {
    app.call_with(reqwest::Method::POST, "/api/verification-codes", None, Some(json!({"target": target, "purpose": "login"})), &[("accept-language", lang)])
        .await
}

/// The code the fake was asked to text.
fn code_of(vendor: SmsVendor, r: &Received) -> String {
    match vendor {
        SmsVendor::Aliyun => serde_json::from_str::<Value>(&r.params["TemplateParam"]).unwrap()["code"].as_str().unwrap().to_owned(),
        SmsVendor::Tencent => r.body["TemplateParamSet"][0].as_str().unwrap().to_owned(),
    }
}

// ------------------------------------------------------------- the tests

#[tokio::test]
async fn aliyun_gets_a_correctly_signed_send_sms_and_its_code_logs_in() {
    let fake = Fake::start(SmsVendor::Aliyun).await;
    let app = app_for(SmsVendor::Aliyun, &fake, SECRET).await;
    let r = send(&app, "+86 139 0000 7001", "zh-CN").await;
    assert_eq!(r.status, 202, "{}", r.text);
    let got = fake.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rejected, None, "the fake accepted the signature and parameters");
    let p = &got[0].params;
    assert_eq!(
        (p["PhoneNumbers"].as_str(), p["SignName"].as_str(), p["TemplateCode"].as_str(), p["RegionId"].as_str(), p["AccessKeyId"].as_str()),
        ("13900007001", SIGN_NAME, TEMPLATE, "cn-hangzhou", KEY_ID)
    );
    let template: Value = serde_json::from_str(&p["TemplateParam"]).unwrap();
    let code = code_of(SmsVendor::Aliyun, &got[0]);
    assert_eq!(template, json!({"code": code, "minutes": "5"}));
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
    assert!(app.outbox("13900007001").is_empty(), "a vendor replaces the outbox");
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900007001", "code": code})).await;
    assert_eq!(r.status, 200, "the texted code logs in: {}", r.text);

    // International numbers go without the `+`.
    let r = send(&app, "+85291234567", "zh-CN").await;
    assert_eq!(r.status, 202, "{}", r.text);
    let got = fake.received();
    assert_eq!((got[1].rejected.as_deref(), got[1].params["PhoneNumbers"].as_str()), (None, "85291234567"));
    assert_ne!(got[0].params["SignatureNonce"], got[1].params["SignatureNonce"], "a fresh nonce per request");
}

#[tokio::test]
async fn tencent_gets_a_correctly_signed_send_sms_and_its_code_logs_in() {
    let fake = Fake::start(SmsVendor::Tencent).await;
    let app = app_for(SmsVendor::Tencent, &fake, SECRET).await;
    let r = send(&app, "13900007002", "zh-CN").await;
    assert_eq!(r.status, 202, "{}", r.text);
    let got = fake.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rejected, None, "the fake accepted the signature and parameters");
    let code = code_of(SmsVendor::Tencent, &got[0]);
    assert_eq!(
        got[0].body,
        json!({"PhoneNumberSet": ["+8613900007002"], "SmsSdkAppId": SDK_APP_ID, "SignName": SIGN_NAME, "TemplateId": "1110", "TemplateParamSet": [code, "5"]})
    );
    assert_eq!(got[0].params["x-tc-region"], "ap-guangzhou");
    assert!(app.outbox("13900007002").is_empty(), "a vendor replaces the outbox");
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900007002", "code": code})).await;
    assert_eq!(r.status, 200, "the texted code logs in: {}", r.text);
}

/// 503 `sms_unavailable` in the caller's language, and nothing kept: no
/// code to guess, no cool-down holding back a retry.
async fn assert_refused(app: &TestApp, target: &str, phone: &str) {
    for (lang, text) in [("en", "text message could not be sent"), ("zh-TW", "簡訊暫時無法發送"), ("zh-CN", "短信暂时无法发送")] {
        let start = Instant::now();
        let r = send(app, target, lang).await;
        assert_eq!((r.status, r.code()), (503, "sms_unavailable"), "{}", r.text);
        assert!(r.body["message"].as_str().unwrap().contains(text), "{lang}: {}", r.text);
        assert!(start.elapsed() < Duration::from_secs(2), "answered after {:?}", start.elapsed());
        assert_eq!(app.state.kv.get(&format!("code:v:login:{phone}")).await.unwrap(), None);
        assert_eq!(app.state.kv.get(&format!("code:cd:{phone}")).await.unwrap(), None);
    }
}

#[tokio::test]
async fn a_wrong_secret_fails_the_fakes_signature_check_and_answers_503() {
    for vendor in [SmsVendor::Aliyun, SmsVendor::Tencent] {
        let fake = Fake::start(vendor).await;
        let app = app_for(vendor, &fake, "not-the-vendors-secret").await;
        assert_refused(&app, "13900007003", "13900007003").await;
        let got = fake.received();
        assert_eq!(got.len(), 3, "{vendor:?}: each try reached the vendor");
        let why = got[0].rejected.clone().unwrap_or_default();
        assert!(why.starts_with("SignatureDoesNotMatch") || why.starts_with("AuthFailure.SignatureFailure"), "{vendor:?}: {why}");
    }
}

/// Log lines written while the returned guard lives (on this thread: the
/// test runtime runs the server here too).
fn capture_logs() -> (Arc<Mutex<Vec<u8>>>, tracing::subscriber::DefaultGuard) {
    #[derive(Clone)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Arc::new(Mutex::new(Vec::new()));
    let writer = Buf(buf.clone());
    let subscriber = tracing_subscriber::fmt().with_ansi(false).with_max_level(tracing::Level::INFO).with_writer(move || writer.clone()).finish();
    (buf, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn vendor_refusals_answer_503_and_are_logged_without_secrets() {
    let (logs, _guard) = capture_logs();
    let cases = [
        (SmsVendor::Aliyun, Mode::Refuse("isv.BUSINESS_LIMIT_CONTROL"), "isv.BUSINESS_LIMIT_CONTROL"),
        (SmsVendor::Tencent, Mode::Refuse("FailedOperation.InsufficientBalanceInSmsPackage"), "FailedOperation.InsufficientBalanceInSmsPackage"),
        (SmsVendor::Tencent, Mode::NotSent("LimitExceeded.PhoneNumberDailyLimit"), "LimitExceeded.PhoneNumberDailyLimit"),
    ];
    for (vendor, mode, vendor_code) in cases {
        let fake = Fake::start(vendor).await;
        fake.set(mode);
        let app = app_for(vendor, &fake, SECRET).await;
        assert_refused(&app, "13900007004", "13900007004").await;
        assert!(fake.received().iter().all(|r| r.rejected.is_none()), "{vendor:?}: signed right, refused by the vendor");
        let text = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
        assert!(text.contains(vendor_code) && text.contains("sms_unavailable"), "{vendor:?}: the refusal is logged: {text}");
        assert!(!text.contains(SECRET), "no secret in the log: {text}");
        assert!(!text.contains("13900007004"), "no number in the log: {text}");
    }
}

#[tokio::test]
async fn a_vendor_that_does_not_answer_answers_503_within_2_s() {
    for vendor in [SmsVendor::Aliyun, SmsVendor::Tencent] {
        let fake = Fake::start(vendor).await;
        fake.set(Mode::Hang);
        let app = app_for(vendor, &fake, SECRET).await;
        let start = Instant::now();
        let r = send(&app, "13900007005", "en").await;
        assert_eq!((r.status, r.code()), (503, "sms_unavailable"), "{vendor:?}: {}", r.text);
        assert!(start.elapsed() < Duration::from_secs(2), "{vendor:?}: answered after {:?}", start.elapsed());
        assert_eq!(app.state.kv.get("code:cd:13900007005").await.unwrap(), None, "a retry is not held back");
    }
}

#[tokio::test]
async fn a_failed_background_delivery_answers_202_and_is_logged() {
    // A password reset answers the same for every number (no enumeration),
    // so a registered number's failed text is only logged.
    let fake = Fake::start(SmsVendor::Tencent).await;
    let app = app_for(SmsVendor::Tencent, &fake, SECRET).await;
    let r = send(&app, "13900007006", "zh-CN").await;
    assert_eq!(r.status, 202);
    let code = code_of(SmsVendor::Tencent, &fake.received()[0]);
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13900007006", "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    fake.set(Mode::Refuse("FailedOperation.InsufficientBalanceInSmsPackage"));
    app.skip_cooldown("13900007006").await;
    let (logs, _guard) = capture_logs();
    let r = app.post("/api/verification-codes", None, json!({"target": "13900007006", "purpose": "reset_password"})).await;
    assert_eq!(r.status, 202, "{}", r.text);
    for _ in 0..50 {
        if String::from_utf8_lossy(&logs.lock().unwrap()).contains("not delivered") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let text = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(text.contains("verification code not delivered") && text.contains("InsufficientBalanceInSmsPackage"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}

#[tokio::test]
async fn without_a_vendor_codes_are_outbox_files_as_before() {
    let app = TestApp::spawn().await;
    assert_eq!(app.state.config.sms_provider, None, "no vendor by default");
    let r = send(&app, "13900007007", "en").await;
    assert_eq!(r.status, 202, "{}", r.text);
    let files = app.outbox("13900007007");
    assert_eq!(files.len(), 1);
    let code = crate::helpers::extract_code(&files[0]).unwrap();
    assert!(files[0].starts_with("to: 13900007007\n\n") && files[0].contains(&code) && files[0].ends_with('\n'), "{}", files[0]);
}
