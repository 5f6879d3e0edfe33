//! Uploads and resumes: type by content, size limits, owner-only access,
//! signed links, PDF text extraction feeding recommendations, S3 storage.

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use crate::helpers::{Resp, TestApp, TestUser};

/// A minimal valid PDF whose page shows `text` (Helvetica), with a correct xref.
pub fn pdf(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

/// PNG signature plus `len` bytes of padding (enough for content sniffing).
pub fn png(len: usize) -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];
    v.resize(len.max(v.len()), 0);
    v
}

pub async fn upload(app: &TestApp, u: Option<&TestUser>, purpose: &str, name: &str, bytes: Vec<u8>) -> Resp {
    let form = Form::new().text("purpose", purpose.to_owned()).part("file", Part::bytes(bytes).file_name(name.to_owned()));
    let mut req = app.client.post(app.url("/api/files")).multipart(form);
    if let Some(u) = u {
        req = req.bearer_auth(&u.token);
    }
    TestApp::read(req.send().await.unwrap()).await
}

async fn raw_get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Vec<u8>) {
    let mut req = app.client.get(app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn uploads_are_typed_by_content_and_limited_by_purpose() {
    let app = TestApp::spawn().await;
    let u = app.signup("uploader").await;
    assert_eq!(upload(&app, None, "avatar", "a.png", png(100)).await.status, 401);
    let r = upload(&app, Some(&u), "avatar", "a.png", png(1000)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.body["content_type"].clone(), r.body["size"].clone()), (json!("image/png"), json!(1000)));
    let r = upload(&app, Some(&u), "resume", "resume.pdf", b"just some text pretending to be a pdf".to_vec()).await;
    assert_eq!((r.status, r.code()), (415, "unsupported_media_type"));
    let r = upload(&app, Some(&u), "avatar", "cv.png", pdf("hello")).await;
    assert_eq!(r.status, 415, "a PDF is not an avatar");
    let r = upload(&app, Some(&u), "avatar", "big.png", png(3 * 1024 * 1024)).await;
    assert_eq!((r.status, r.code()), (413, "payload_too_large"));
    let r = upload(&app, Some(&u), "resume", "huge.pdf", { let mut p = pdf("x"); p.resize(11 * 1024 * 1024, b' '); p }).await;
    assert_eq!(r.status, 413);
    let r = upload(&app, Some(&u), "selfie", "a.png", png(100)).await;
    assert_eq!((r.status, r.body["fields"]["purpose"].is_array()), (400, true));
    let form = Form::new().text("purpose", "avatar");
    let r = TestApp::read(app.client.post(app.url("/api/files")).bearer_auth(&u.token).multipart(form).send().await.unwrap()).await;
    assert_eq!((r.status, r.body["fields"]["file"].is_array()), (400, true));
    let r = TestApp::read(app.client.post(app.url("/api/files")).bearer_auth(&u.token).json(&json!({})).send().await.unwrap()).await;
    assert_eq!(r.status, 400, "not multipart: {}", r.text);
}

#[tokio::test]
async fn files_are_owner_only_unless_public_avatars_or_signed_links() {
    let app = TestApp::spawn().await;
    let u = app.signup("owner").await;
    let other = app.signup("other").await;
    let avatar = upload(&app, Some(&u), "avatar", "me.png", png(500)).await.body["id"].as_i64().unwrap();
    let (s, body) = raw_get(&app, &format!("/api/files/{avatar}"), None).await;
    assert_eq!((s, body.len()), (200, 500), "avatars are public");
    let cv_bytes = pdf("Redis");
    let cv = upload(&app, Some(&u), "resume", "简历.pdf", cv_bytes.clone()).await.body["id"].as_i64().unwrap();
    let path = format!("/api/files/{cv}");
    assert_eq!(raw_get(&app, &path, Some(&u.token)).await, (200, cv_bytes.clone()));
    assert_eq!(raw_get(&app, &path, Some(&other.token)).await.0, 403);
    assert_eq!(raw_get(&app, &path, None).await.0, 401);
    assert_eq!(app.get(&format!("/api/files/{cv}/link"), Some(&other.token)).await.status, 403);
    let link = app.get(&format!("/api/files/{cv}/link?ttl=600"), Some(&u.token)).await;
    assert_eq!(link.status, 200, "{}", link.text);
    let url = link.body["url"].as_str().unwrap().to_owned();
    assert_eq!(raw_get(&app, &url, None).await, (200, cv_bytes));
    assert_eq!(raw_get(&app, &url.replace("sig=", "sig=x"), None).await.0, 403, "tampered");
    let expired = url.split("expires=").next().unwrap().to_owned() + "expires=1000&sig=abc";
    assert_eq!(raw_get(&app, &expired, None).await.0, 403);
    assert_eq!(app.get(&format!("/api/files/{cv}/link?ttl=10"), Some(&u.token)).await.status, 400);
    assert_eq!(app.delete(&path, Some(&other.token), None).await.status, 403);
    assert_eq!(app.delete(&path, Some(&u.token), None).await.status, 204);
    assert_eq!(raw_get(&app, &path, Some(&u.token)).await.0, 404);
    assert_eq!(raw_get(&app, "/api/files/999999", Some(&u.token)).await.0, 404);
}

fn resume_body() -> Value {
    json!({
        "autobiography": "三年后端开发经验，热爱分布式系统。",
        "education": [{"school": "浙江大学", "major": "计算机科学与技术", "degree": "硕士", "admission_date": "2019-09-01", "graduation_date": "2022-06-30"}],
        "work_experience": [{"company": "某电商", "position": "后端工程师", "start_date": "2022-07-01", "end_date": null, "description": "负责订单系统，使用 Kafka 削峰。"}],
        "portfolio": [{"title": "开源限流库", "description": "令牌桶", "url": "https://github.com/example/limiter"}],
        "skills": ["Java", "Spring Boot"]
    })
}

#[tokio::test]
async fn one_resume_per_user_with_validation_and_partial_updates() {
    let app = TestApp::spawn().await;
    let u = app.signup("seeker").await;
    let other = app.signup("other").await;
    assert_eq!(app.get("/api/resumes", None).await.status, 401);
    assert_eq!(app.get("/api/resumes", Some(&u.token)).await.status, 404);
    let r = app.post("/api/resumes", Some(&u.token), resume_body()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["education"][0]["school"], "浙江大学");
    assert_eq!(r.body["work_experience"][0]["end_date"], Value::Null);
    let r = app.post("/api/resumes", Some(&u.token), resume_body()).await;
    assert_eq!((r.status, r.code()), (409, "resume_exists"));
    let r = app.patch("/api/resumes", Some(&u.token), json!({"skills": ["Go", "Redis"]})).await;
    assert_eq!(r.body["skills"], json!(["Go", "Redis"]));
    assert_eq!(r.body["education"][0]["school"], "浙江大学", "other fields untouched");
    assert!(r.body["extracted_skills"].as_array().unwrap().contains(&json!("Kafka")), "{}", r.text);
    let bad = json!({"education": [{"school": "", "admission_date": "2020-09-01", "graduation_date": "2019-06-01"}], "portfolio": [{"title": "x", "url": "ftp://x"}], "skills": ["x".repeat(51)]});
    let r = app.patch("/api/resumes", Some(&u.token), bad).await;
    assert_eq!(r.status, 400, "{}", r.text);
    for f in ["education", "portfolio", "skills"] {
        assert!(r.body["fields"][f].is_array(), "{f}: {}", r.text);
    }
    let r = app.patch("/api/resumes", Some(&u.token), json!({"education": [{"school": "x", "admission_date": "2020-13-01"}]})).await;
    assert_eq!(r.status, 400, "bad dates are rejected: {}", r.text);
    assert_eq!(app.get("/api/resumes", Some(&other.token)).await.status, 404, "each user sees only their own");
    assert_eq!(app.delete("/api/resumes", Some(&u.token), None).await.status, 204);
    assert_eq!(app.get("/api/resumes", Some(&u.token)).await.status, 404);
    assert_eq!(app.delete("/api/resumes", Some(&u.token), None).await.status, 404);
}

#[tokio::test]
async fn an_attached_pdf_is_parsed_and_feeds_recommendations() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    for (q, tags) in [("Redis 持久化 RDB 和 AOF 的区别", vec!["Redis"]), ("Elasticsearch 倒排索引原理", vec!["Elasticsearch"]), ("Vue 响应式原理", vec!["Vue"])] {
        let r = app.post("/api/questions", Some(&admin.token), json!({"content": q, "tags": tags})).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let u = app.signup("seeker").await;
    let other = app.signup("other").await;
    let foreign = upload(&app, Some(&other), "resume", "x.pdf", pdf("Vue")).await.body["id"].clone();
    let cv = upload(&app, Some(&u), "resume", "cv.pdf", pdf("Experienced with Redis and Elasticsearch at scale")).await.body["id"].clone();
    let r = app.post("/api/resumes", Some(&u.token), json!({"attachment_file_id": foreign})).await;
    assert_eq!((r.status, r.body["fields"]["attachment_file_id"].is_array()), (400, true), "another user's file: {}", r.text);
    let r = app.post("/api/resumes", Some(&u.token), json!({"attachment_file_id": cv})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.body["attachment_text_excerpt"].as_str().unwrap_or("").contains("Redis and Elasticsearch"), "{}", r.text);
    assert_eq!(r.body["attachment"]["original_name"], "cv.pdf");
    let skills = r.body["extracted_skills"].as_array().unwrap();
    assert!(skills.contains(&json!("Redis")) && skills.contains(&json!("Elasticsearch")), "{}", r.text);
    let r = app.post("/api/questions/recommend", Some(&u.token), json!({"use_resume": true, "count": 3})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let top: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|i| i["question"]["content"].as_str().unwrap()).collect();
    assert_eq!(top.len(), 2, "{top:?}");
    assert!(top.iter().all(|t| t.contains("Redis") || t.contains("Elasticsearch")), "{top:?}");
    let r = app.patch("/api/resumes", Some(&u.token), json!({"attachment_file_id": null})).await;
    assert_eq!((r.body["attachment"].clone(), r.body["attachment_text_excerpt"].clone()), (Value::Null, Value::Null));
}

/// `moto_server` from PyPI (installed by scripts/test.sh into ~/.cache/mianjing/venv).
fn moto_server() -> Option<std::path::PathBuf> {
    let candidates = [
        std::env::var("MIANJING_TEST_MOTO").ok().map(std::path::PathBuf::from),
        std::env::var("HOME").ok().map(|h| std::path::PathBuf::from(h).join(".cache/mianjing/venv/bin/moto_server")),
    ];
    candidates.into_iter().flatten().find(|p| p.exists())
}

struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn files_round_trip_through_an_s3_compatible_server() {
    let Some(moto) = moto_server() else {
        assert!(std::env::var("MIANJING_REQUIRE_ALL").is_err(), "moto_server is required but missing");
        eprintln!("skipping: moto_server not installed (scripts/test.sh installs it)");
        return;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let _server = Child(
        std::process::Command::new(moto)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let endpoint = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..100 {
        if client.put(format!("{endpoint}/mianjing-test")).send().await.is_ok_and(|r| r.status().is_success()) {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "moto did not start");
    let app = TestApp::spawn_with(|c| {
        c.s3_bucket = Some("mianjing-test".into());
        c.s3_endpoint = Some(endpoint.clone());
        c.s3_access_key_id = Some("test".into());
        c.s3_secret_access_key = Some("test".to_owned().into());
        c.s3_allow_http = true;
    })
    .await;
    let u = app.signup("clouder").await;
    let bytes = pdf("S3 stored resume");
    let r = upload(&app, Some(&u), "resume", "cv.pdf", bytes.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(raw_get(&app, &format!("/api/files/{id}"), Some(&u.token)).await, (200, bytes));
    let listing = client.get(format!("{endpoint}/mianjing-test?list-type=2")).send().await.unwrap().text().await.unwrap();
    assert!(listing.contains("<Key>resume/"), "the object is in the bucket: {listing}");
    assert!(!app.data_dir.join("files/resume").exists(), "nothing written locally");
    let r = app.post("/api/resumes", Some(&u.token), json!({"attachment_file_id": id})).await;
    assert!(r.body["attachment_text_excerpt"].as_str().unwrap_or("").contains("S3 stored resume"), "{}", r.text);
    assert_eq!(app.delete(&format!("/api/files/{id}"), Some(&u.token), None).await.status, 204);
    let listing = client.get(format!("{endpoint}/mianjing-test?list-type=2")).send().await.unwrap().text().await.unwrap();
    assert!(!listing.contains("<Key>resume/"), "deleted from the bucket: {listing}");
}
