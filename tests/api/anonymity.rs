//! Anonymity (issue 18): the comments of an anonymous 面经's author do not
//! unmask them, privacy-relevant changes reach every node's read cache at
//! once, and phone-first accounts are not named after their phone number.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::experiences::{post, sample};
use crate::helpers::{TestApp, TestUser};
use crate::scale_out::redis_url;

/// Every comment and reply of a comments page, flattened.
fn all_comments(page: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for c in page["items"].as_array().unwrap() {
        out.push(c.clone());
        out.extend(c["replies"].as_array().unwrap().iter().cloned());
    }
    out
}

/// The comments on `id` as `token` sees them, with the raw text.
async fn comments_seen_by(app: &TestApp, id: i64, token: Option<&str>) -> (Vec<Value>, String) {
    let r = app.get(&format!("/api/experiences/{id}/comments"), token).await;
    assert_eq!(r.status, 200, "{}", r.text);
    (all_comments(&r.body), r.text)
}

async fn comment(app: &TestApp, u: &TestUser, id: i64, content: &str, parent: Option<i64>) -> Value {
    let r = app.post(&format!("/api/experiences/{id}/comments"), Some(&u.token), json!({"content": content, "parent_id": parent})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

#[tokio::test]
async fn the_authors_comments_on_an_anonymous_experience_show_as_the_op_to_everyone_but_them_and_admins() {
    let app = TestApp::spawn().await;
    let shy = app.signup("shy_author").await;
    let other = app.signup("curious").await;
    let admin = app.admin("moderator").await;
    let mut body = sample("匿名的字节面经", "字节跳动");
    body["anonymous"] = json!(true);
    let id = post(&app, &shy, body).await;

    let own = comment(&app, &shy, id, "楼主补充：二面问了 Kafka", None).await;
    assert_eq!((own["op"].clone(), own["is_author"].clone()), (json!(true), json!(true)), "{own}");
    assert_eq!(own["author"]["id"], shy.id, "the author sees their own comment as theirs");
    let question = comment(&app, &other, id, "请问几轮面试？", None).await;
    let reply = comment(&app, &shy, id, "一共三轮", Some(question["id"].as_i64().unwrap())).await;
    assert_eq!(reply["parent_id"], question["id"]);
    let edited = app.patch(&format!("/api/comments/{}", reply["id"]), Some(&shy.token), json!({"content": "一共三轮，含 HR 面"})).await;
    assert_eq!((edited.status, edited.body["op"].clone()), (200, json!(true)), "{}", edited.text);

    let by_author = |c: &Value| c["id"] == own["id"] || c["id"] == reply["id"];
    for (who, token) in [("visitor", None), ("other user", Some(other.token.as_str()))] {
        let (seen, text) = comments_seen_by(&app, id, token).await;
        assert_eq!(seen.len(), 3, "{who}: {text}");
        for c in &seen {
            if by_author(c) {
                assert!(c["author"].is_null(), "{who} must not see who wrote {c}");
                assert_eq!((c["op"].clone(), c["is_author"].clone()), (json!(true), json!(false)), "{who}: {c}");
            } else {
                assert_eq!(c["author"]["id"], other.id, "{who}: {c}");
                assert_eq!(c["op"], false, "{who}: {c}");
            }
        }
        for leak in ["shy_author", "@example.com", &format!("\"author\":{{\"id\":{}", shy.id)] {
            assert!(!text.contains(leak), "{who} sees {leak:?}: {text}");
        }
    }
    for (who, u) in [("author", &shy), ("admin", &admin)] {
        let (seen, text) = comments_seen_by(&app, id, Some(&u.token)).await;
        for c in seen.iter().filter(|c| by_author(c)) {
            assert_eq!(c["author"]["id"], shy.id, "{who}: {text}");
            assert_eq!(c["op"], true, "{who}: {c}");
            assert_eq!(c["is_author"], json!(who == "author"), "{who}: {c}");
        }
    }

    // Made public, the same comments show their author; anonymous again, they hide again.
    assert_eq!(app.patch(&format!("/api/experiences/{id}"), Some(&shy.token), json!({"anonymous": false})).await.status, 200);
    let (seen, _) = comments_seen_by(&app, id, Some(&other.token)).await;
    assert!(seen.iter().filter(|c| by_author(c)).all(|c| c["author"]["id"] == shy.id && c["op"] == true), "{seen:?}");
    assert_eq!(app.patch(&format!("/api/experiences/{id}"), Some(&shy.token), json!({"anonymous": true})).await.status, 200);
    let (seen, _) = comments_seen_by(&app, id, None).await;
    assert!(seen.iter().filter(|c| by_author(c)).all(|c| c["author"].is_null()), "{seen:?}");

    // The author's comments elsewhere (a post that is not anonymous) keep their name.
    let open = post(&app, &other, sample("公开的面经", "腾讯")).await;
    comment(&app, &shy, open, "我也面过腾讯", None).await;
    let (seen, _) = comments_seen_by(&app, open, None).await;
    assert_eq!((seen[0]["author"]["id"].clone(), seen[0]["op"].clone()), (json!(shy.id), json!(false)));
}

#[tokio::test]
async fn an_anonymous_experience_shows_no_author_in_lists_search_favorites_or_discussion_comments() {
    let app = TestApp::spawn().await;
    let shy = app.signup("hidden_one").await;
    let other = app.signup("fan_user").await;
    let mut body = sample("匿名的美团面经", "美团");
    body["anonymous"] = json!(true);
    let id = post(&app, &shy, body).await;
    assert_eq!(app.put(&format!("/api/experiences/{id}/favorite"), Some(&other.token), json!({})).await.status, 200);
    for path in ["/api/experiences", "/api/experiences?q=%E7%BE%8E%E5%9B%A2", "/api/experiences?company=%E7%BE%8E%E5%9B%A2", "/api/favorites/experiences"] {
        for token in [None, Some(other.token.as_str())] {
            if token.is_none() && path.starts_with("/api/favorites") {
                continue;
            }
            let r = app.get(path, token).await;
            assert_eq!(r.status, 200, "{path}: {}", r.text);
            let item = r.body["items"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("{path}: {}", r.text));
            assert!(item["author"].is_null(), "{path}: {item}");
            assert!(!r.text.contains("hidden_one"), "{path}: {}", r.text);
        }
    }
    // The public profile lists no posts or comments, so nothing links it to the post.
    let r = app.get(&format!("/api/users/{}", shy.id), None).await;
    assert!(!r.text.contains("美团"), "{}", r.text);
    // Discussions are never anonymous: their author's comments carry name and the OP mark.
    let d = app.post("/api/discussions", Some(&shy.token), json!({"title": "讨论", "content": "内容"})).await;
    assert_eq!(d.status, 201, "{}", d.text);
    let did = d.body["id"].as_i64().unwrap();
    let r = app.post(&format!("/api/discussions/{did}/comments"), Some(&shy.token), json!({"content": "楼主回复"})).await;
    assert_eq!(r.status, 201);
    let r = app.get(&format!("/api/discussions/{did}/comments"), None).await;
    assert_eq!((r.body["items"][0]["author"]["id"].clone(), r.body["items"][0]["op"].clone()), (json!(shy.id), json!(true)), "{}", r.text);
}

#[tokio::test]
async fn phone_first_accounts_get_a_random_name_and_migration_26_renames_the_old_phone_names() {
    use sea_orm::{ConnectionTrait, Statement};
    // A configured secret, so the second node below shares it.
    let app = TestApp::spawn_with(|c| c.secret_key = Some("secret-of-the-migration-test-0123456789abcdef".to_owned().into())).await;
    let code = app.code_for("13912345678", "login", None).await;
    let r = app.post("/api/users/login/code", None, json!({"accept_terms": true, "target": "13912345678", "code": code})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let (id, name) = (r.body["user_data"]["id"].as_i64().unwrap(), r.body["user_data"]["name"].as_str().unwrap().to_owned());
    let tail = name.strip_prefix("用户").unwrap_or_else(|| panic!("{name}"));
    assert!(!tail.contains("5678") && tail.len() == 6, "{name}");
    let keep = app.signup("own_name").await;

    // Accounts named the old way before migration 26: the matching one is
    // renamed, a name of another number and a chosen name stay.
    let db = &app.state.db.write;
    let b = db.get_database_backend();
    let other = app.signup("english_one").await;
    for (user, name, phone) in [(id, "用户5678", "13912345678"), (keep.id, "用户9999", "13900009998"), (other.id, "User 0123", "+14155550123")] {
        let update = Statement::from_sql_and_values(b, sql(b, "UPDATE users SET name = ?, phone = ? WHERE id = ?"), [name.into(), phone.into(), user.into()]);
        db.execute_raw(update).await.unwrap();
    }
    db.execute_raw(Statement::from_string(b, "DELETE FROM seaql_migrations WHERE version = 'm20261207_000026_random_display_names'")).await.unwrap();
    let again = app.spawn_sibling().await; // start-up applies migration 26 again
    let name_of = |body: &Value| body["name"].as_str().unwrap().to_owned();
    let renamed = name_of(&again.get(&format!("/api/users/{id}"), None).await.body);
    assert!(renamed.starts_with("用户") && renamed != "用户5678" && renamed.chars().count() == 8, "{renamed}");
    assert_eq!(name_of(&again.get(&format!("/api/users/{}", keep.id), None).await.body), "用户9999", "another number's digits stay");
    let english = name_of(&again.get(&format!("/api/users/{}", other.id), None).await.body);
    assert!(english.starts_with("User ") && english != "User 0123", "{english}");
}

/// `?` placeholders as `backend` writes them.
fn sql(backend: sea_orm::DbBackend, text: &str) -> String {
    if backend != sea_orm::DbBackend::Postgres {
        return text.to_owned();
    }
    let mut n = 0;
    text.chars()
        .map(|c| {
            if c == '?' {
                n += 1;
                format!("${n}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

// ------------------------------------------------------------- two nodes

/// Two nodes on one database and Redis (`b_url`: B's Redis URL, e.g. a proxy).
async fn two_nodes(url: &str, b_url: Option<String>) -> (TestApp, TestApp) {
    let url = url.to_owned();
    let a = TestApp::spawn_with(|c| {
        c.redis_url = Some(url);
        c.redis_prefix = format!("mjt:{}:", uuid::Uuid::new_v4().simple());
        c.secret_key = Some("shared-secret-of-the-test-cluster-0123456789".to_owned().into());
    })
    .await;
    let b = a.spawn_sibling_with(|c| c.redis_url = b_url.or(c.redis_url.take())).await;
    (a, b)
}

/// Poll `check` on `node` for up to a second (pub/sub delivery is
/// asynchronous); the last body when it never holds.
async fn within_a_second(node: &TestApp, path: &str, token: Option<&str>, check: impl Fn(u16, &Value) -> bool) -> Result<(), String> {
    let start = Instant::now();
    loop {
        let r = node.get(path, token).await;
        if check(r.status, &r.body) {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(1) {
            return Err(format!("{}: {}", r.status, r.text));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Read `id` on `node` until the detail cache holds it (a detail is cached
/// from its second read).
async fn warm(node: &TestApp, id: i64, token: Option<&str>) {
    for _ in 0..3 {
        assert_eq!(node.get(&format!("/api/experiences/{id}"), token).await.status, 200);
        node.get("/api/experiences", token).await;
    }
}

#[tokio::test]
async fn with_redis_making_a_post_anonymous_or_deleting_it_on_one_node_shows_on_the_other_at_once() {
    let Some(url) = redis_url().await else { return };
    let (a, b) = two_nodes(&url, None).await;
    let u = a.signup("two_node_author").await;
    let admin = a.admin("two_node_admin").await;
    let id = post(&a, &u, sample("两个节点的面经", "阿里巴巴")).await;
    let detail = format!("/api/experiences/{id}");
    let c = a.post(&format!("{detail}/comments"), Some(&admin.token), json!({"content": "会删掉的评论"})).await;
    assert_eq!(c.status, 201);
    warm(&b, id, None).await;
    let seen = b.get(&detail, None).await;
    assert_eq!((seen.body["author"]["id"].clone(), seen.body["comments"].clone()), (json!(u.id), json!(1)), "{}", seen.text);

    assert_eq!(a.patch(&detail, Some(&u.token), json!({"anonymous": true})).await.status, 200);
    within_a_second(&b, &detail, None, |_, body| body["author"].is_null()).await.expect("detail anonymous on b");
    within_a_second(&b, "/api/experiences", None, |_, body| body["items"][0]["author"].is_null()).await.expect("list anonymous on b");

    warm(&b, id, None).await;
    assert_eq!(a.delete(&format!("/api/comments/{}", c.body["id"]), Some(&admin.token), None).await.status, 204);
    within_a_second(&b, &detail, None, |_, body| body["comments"] == 0).await.expect("comment delete on b");

    warm(&b, id, None).await;
    assert_eq!(a.delete(&detail, Some(&u.token), None).await.status, 204);
    within_a_second(&b, &detail, None, |status, _| status == 404).await.expect("delete on b");
    within_a_second(&b, "/api/experiences", None, |_, body| body["items"].as_array().is_some_and(|i| i.iter().all(|x| x["id"] != id)))
        .await
        .expect("list without it on b");
}

/// A TCP proxy to `target` whose open connections can be cut.
struct Proxy {
    addr: std::net::SocketAddr,
    conns: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let conns: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>> = Default::default();
        let held = conns.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                held.lock().unwrap().push(task);
            }
        });
        Proxy { addr, conns }
    }

    /// Close every connection made so far (as a Redis restart would).
    fn cut(&self) {
        for t in self.conns.lock().unwrap().drain(..) {
            t.abort();
        }
    }
}

#[tokio::test]
async fn with_redis_a_node_that_lost_its_subscription_drops_its_cache_when_it_is_back() {
    let Some(url) = redis_url().await else { return };
    let target = url.trim_start_matches("redis://").split('/').next().unwrap().to_owned();
    let proxy = Proxy::start(target).await;
    let (a, b) = two_nodes(&url, Some(format!("redis://{}", proxy.addr))).await;
    let u = a.signup("reconnect_author").await;
    let id = post(&a, &u, sample("原来的标题", "京东")).await;
    let detail = format!("/api/experiences/{id}");
    warm(&b, id, None).await;
    // A change no node is told about (straight in the database): b keeps
    // serving its cached copy.
    use sea_orm::ConnectionTrait;
    let backend = a.state.db.backend;
    a.state
        .db
        .write
        .execute_raw(sea_orm::Statement::from_sql_and_values(backend, sql(backend, "UPDATE experiences SET title = ? WHERE id = ?"), ["悄悄改的标题".into(), id.into()]))
        .await
        .unwrap();
    assert_eq!(b.get(&detail, None).await.body["title"], "原来的标题", "b serves its cache");
    proxy.cut();
    within_a_second(&b, &detail, None, |_, body| body["title"] == "悄悄改的标题").await.expect("b drops its cache when resubscribed");
}
