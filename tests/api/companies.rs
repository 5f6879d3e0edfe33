//! Companies (issue 19): spellings resolve to one company, the feed and
//! search find it by any of them, the company page's statistics follow adds,
//! edits and deletes, admins merge companies and edit aliases.

use serde_json::{json, Value};

use crate::experiences::{post, urlencode};

/// [`crate::experiences::sample`], confirmed as a deliberate near-duplicate:
/// these tests post the same text under several spellings of a company.
fn sample(title: &str, company: &str) -> Value {
    let mut body = crate::experiences::sample(title, company);
    body["confirm_duplicate"] = json!(true);
    body
}
use crate::helpers::TestApp;

async fn company_of(app: &TestApp, experience: i64) -> i64 {
    let r = app.get(&format!("/api/experiences/{experience}"), None).await;
    r.body["company_id"].as_i64().unwrap_or_else(|| panic!("no company_id: {}", r.text))
}

async fn stats(app: &TestApp, id: i64) -> Value {
    let r = app.get(&format!("/api/companies/{id}"), None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

fn ids(r: &crate::helpers::Resp) -> Vec<i64> {
    let mut v: Vec<i64> = r.body["items"].as_array().unwrap_or_else(|| panic!("{}", r.text)).iter().map(|i| i["id"].as_i64().unwrap()).collect();
    v.sort_unstable();
    v
}

fn with(mut body: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

#[tokio::test]
async fn every_spelling_is_one_company_and_the_feed_and_search_find_it_by_any() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let mut posts = vec![];
    for c in ["字节跳动", "字节", "ByteDance", "ByteDance/TikTok", "ＢｙｔｅＤａｎｃｅ", " bytedance / tiktok "] {
        let body = with(sample("后端一面", c), json!({"content": "聊了项目和 Redis。", "interview_questions": []}));
        posts.push(post(&app, &u, body).await);
    }
    let other = post(&app, &u, sample("腾讯一面", "腾讯")).await;
    let company = company_of(&app, posts[0]).await;
    for &p in &posts {
        assert_eq!(company_of(&app, p).await, company, "post {p}");
    }
    assert_ne!(company_of(&app, other).await, company);
    posts.sort_unstable();

    for spelling in ["字节", "字节跳动", "ByteDance", "BYTEDANCE", "bytedance/tiktok"] {
        let r = app.get(&format!("/api/experiences?company={}&per_page=100", urlencode(spelling)), None).await;
        assert_eq!(ids(&r), posts, "company={spelling}: {}", r.text);
        // No post has 字节跳动 in its text: the search finds them by company.
        let r = app.get(&format!("/api/experiences?q={}&per_page=100", urlencode(spelling)), None).await;
        assert_eq!(ids(&r), posts, "q={spelling}: {}", r.text);
    }
    let r = app.get(&format!("/api/experiences?company_id={company}&per_page=100"), None).await;
    assert_eq!(ids(&r), posts);
    // A company word among search words filters by it; the rest is full-text.
    let r = app.get(&format!("/api/experiences?q={}", urlencode("字节跳动 Redis")), None).await;
    assert_eq!(ids(&r), posts, "{}", r.text);
    let r = app.get(&format!("/api/experiences?q={}", urlencode("字节跳动 二叉树")), None).await;
    assert!(ids(&r).is_empty(), "{}", r.text);
    // An unknown spelling, or two companies at once, match nothing.
    let r = app.get(&format!("/api/experiences?company={}", urlencode("不存在的公司")), None).await;
    assert_eq!((r.status, r.body["total"].as_i64()), (200, Some(0)), "{}", r.text);
    let r = app.get(&format!("/api/experiences?company={}&company_id={company}", urlencode("腾讯")), None).await;
    assert_eq!(r.body["total"], 0, "{}", r.text);
    // Logged in, the same.
    let r = app.get(&format!("/api/experiences?company={}&per_page=100", urlencode("字节")), Some(&u.token)).await;
    assert_eq!(ids(&r), posts);
}

#[tokio::test]
async fn the_index_searches_aliases_and_sorts_by_count_or_name() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    for c in ["ByteDance", "字节", "腾讯", "Airbnb", "Airbnb", "Airbnb"] {
        post(&app, &u, sample("t", c)).await;
    }
    let r = app.get("/api/companies", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], 3, "only companies with 面经: {}", r.text);
    let names: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Airbnb", "字节跳动", "腾讯"], "most 面经 first");
    assert_eq!(r.body["items"][1]["count"], 2);
    assert!(r.body["items"][1]["aliases"].as_array().unwrap().iter().any(|a| a == "ByteDance/TikTok"), "{}", r.text);
    let r = app.get("/api/companies?sort=name", None).await;
    let names: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Airbnb", "字节跳动", "腾讯"], "by name (字 U+5B57 before 腾 U+817E)");
    for q in ["tiktok", "TikTok", "抖音", "字节"] {
        let r = app.get(&format!("/api/companies?q={}", urlencode(q)), None).await;
        assert_eq!((r.body["total"].as_i64(), r.body["items"][0]["name"].as_str()), (Some(1), Some("字节跳动")), "q={q}: {}", r.text);
    }
    let r = app.get("/api/companies?sort=size", None).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
}

#[tokio::test]
async fn company_statistics_follow_adds_edits_and_deletes() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let stranger = app.signup("stranger").await;
    let a = post(&app, &u, with(sample("a", "美团"), json!({"interview_result": "offer", "interview_difficulty": "hard", "interview_evaluation": 5, "interview_date": "2025-09-10", "position": "后端"}))).await;
    let b = post(&app, &u, with(sample("b", "Meituan"), json!({"interview_result": "rejected", "interview_difficulty": "easy", "interview_evaluation": 2, "interview_date": "2026-03-01", "position": "后端"}))).await;
    let c = post(&app, &u, with(sample("c", "美团点评"), json!({"interview_result": null, "interview_difficulty": null, "interview_evaluation": null, "interview_date": "2025-12-31", "position": "算法"}))).await;
    let id = company_of(&app, a).await;
    let s = stats(&app, id).await;
    assert_eq!((s["name"].as_str(), s["count"].as_i64()), (Some("美团"), Some(3)), "{s}");
    assert_eq!((s["outcomes"]["offer"].as_i64(), s["outcomes"]["rejected"].as_i64(), s["outcomes"]["unknown"].as_i64()), (Some(1), Some(1), Some(1)));
    assert_eq!(s["outcomes"]["share_offer"], 0.5);
    assert_eq!((s["difficulty"]["hard"].as_i64(), s["difficulty"]["easy"].as_i64(), s["difficulty"]["unknown"].as_i64()), (Some(1), Some(1), Some(1)));
    assert_eq!((s["average_rating"].as_f64(), s["ratings"].as_i64()), (Some(3.5), Some(2)));
    let seasons: Vec<(String, i64)> = s["seasons"].as_array().unwrap().iter().map(|x| (x["season"].as_str().unwrap().to_owned(), x["total"].as_i64().unwrap())).collect();
    assert_eq!(seasons, [("2025-autumn".to_owned(), 2), ("2026-spring".to_owned(), 1)]);
    assert_eq!((s["positions"][0]["position"].as_str(), s["positions"][0]["total"].as_i64(), s["positions"][0]["offer"].as_i64()), (Some("后端"), Some(2), Some(1)));

    // Another user cannot move a post; its author can, and the numbers follow.
    let r = app.patch(&format!("/api/experiences/{b}"), Some(&stranger.token), json!({"interview_result": "offer"})).await;
    assert_eq!(r.status, 403, "{}", r.text);
    let r = app.patch(&format!("/api/experiences/{b}"), Some(&u.token), json!({"interview_result": "offer"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let s = stats(&app, id).await;
    assert_eq!((s["outcomes"]["offer"].as_i64(), s["outcomes"]["rejected"].as_i64()), (Some(2), Some(0)), "{s}");
    let r = app.patch(&format!("/api/experiences/{c}"), Some(&u.token), json!({"company": "腾讯"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_ne!(r.body["company_id"].as_i64(), Some(id));
    assert_eq!(stats(&app, id).await["count"], 2, "moved to 腾讯");
    let r = app.delete(&format!("/api/experiences/{a}"), Some(&u.token), None).await;
    assert_eq!(r.status, 204);
    let s = stats(&app, id).await;
    assert_eq!((s["count"].as_i64(), s["outcomes"]["offer"].as_i64(), s["average_rating"].as_f64()), (Some(1), Some(1), Some(2.0)), "{s}");
    let r = app.post("/api/experiences", Some(&u.token), with(sample("d", "美团"), json!({"interview_result": "pending"}))).await;
    assert_eq!(r.status, 201);
    assert_eq!(stats(&app, id).await["outcomes"]["pending"], 1);

    assert_eq!(app.get("/api/companies/999999", None).await.status, 404);
    assert_eq!(app.get("/api/companies/abc", None).await.status, 400);
}

#[tokio::test]
async fn the_most_asked_bank_questions_are_listed() {
    let app = TestApp::spawn().await;
    let u = app.signup("writer").await;
    let common = "Redis 缓存穿透怎么解决？";
    let first = post(&app, &u, with(sample("a", "京东"), json!({"interview_questions": [common, "讲讲 JVM 垃圾回收"]}))).await;
    post(&app, &u, with(sample("b", "JD.com"), json!({"interview_questions": [common]}))).await;
    post(&app, &u, with(sample("c", "腾讯"), json!({"interview_questions": ["只在腾讯问的题"]}))).await;
    let id = company_of(&app, first).await;
    let r = app.get(&format!("/api/companies/{id}"), None).await;
    let qs = r.body["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 2, "{}", r.text);
    assert_eq!((qs[0]["content"].as_str(), qs[0]["count"].as_i64()), (Some(common), Some(2)));
    assert!(qs[0]["id"].as_i64().is_some());
    // The bank filtered by company takes any spelling of it (京东 = JD.com = jd).
    for spelling in ["京东", "JD.com", "jd"] {
        let r = app.get(&format!("/api/questions?company={}&per_page=50", urlencode(spelling)), None).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let mut got: Vec<&str> = r.body["items"].as_array().unwrap().iter().map(|q| q["content"].as_str().unwrap()).collect();
        got.sort_unstable();
        assert_eq!((got, r.body["total"].as_i64()), (vec!["Redis 缓存穿透怎么解决？", "讲讲 JVM 垃圾回收"], Some(2)), "company={spelling}: {}", r.text);
    }
    let r = app.get(&format!("/api/questions?company={}", urlencode("没有这家公司")), None).await;
    assert_eq!((r.status, r.body["total"].as_i64()), (200, Some(0)), "{}", r.text);
    let r = app.get(&format!("/api/questions?company={}", "x".repeat(101)), None).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    // Practise these: a mock interview of exactly those questions.
    let ids: Vec<i64> = qs.iter().map(|q| q["id"].as_i64().unwrap()).collect();
    let r = app.post("/api/mock-interviews", Some(&u.token), json!({"kind": "topic", "question_ids": ids})).await;
    assert_eq!(r.status, 201, "{}", r.text);
}

#[tokio::test]
async fn admins_rename_edit_aliases_and_merge_companies() {
    let app = TestApp::spawn().await;
    let admin = app.admin("boss").await;
    let u = app.signup("writer").await;
    let x = post(&app, &u, sample("a", "小红书")).await;
    let y = post(&app, &u, sample("b", "XHS")).await;
    let (from, into) = (company_of(&app, y).await, company_of(&app, x).await);
    assert_ne!(from, into, "XHS is not a seeded alias");

    let merge = format!("/api/admin/companies/{from}/merge");
    assert_eq!(app.post(&merge, None, json!({"into": into})).await.status, 401);
    let r = app.post(&merge, Some(&u.token), json!({"into": into})).await;
    assert_eq!(r.status, 403, "{}", r.text);
    let r = app.post(&merge, Some(&admin.token), json!({"into": from})).await;
    assert_eq!((r.status, r.code()), (400, "merge_same"), "{}", r.text);
    assert!(!r.body["message"].as_str().unwrap_or_default().is_empty());
    let r = app.post(&merge, Some(&admin.token), json!({"into": 999999})).await;
    assert_eq!(r.status, 404, "{}", r.text);
    let r = app.post(&merge, Some(&admin.token), json!({"into": "x"})).await;
    assert_eq!(r.status, 400, "{}", r.text);
    let r = app.post(&merge, Some(&admin.token), json!({"into": into})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["count"], 2);
    assert!(r.body["aliases"].as_array().unwrap().iter().any(|a| a == "XHS"), "aliases moved: {}", r.text);
    assert_eq!(company_of(&app, y).await, into);
    assert_eq!(app.get(&format!("/api/companies/{from}"), None).await.status, 404);
    let r = app.get(&format!("/api/experiences?company={}", urlencode("xhs")), None).await;
    assert_eq!(r.body["total"], 2, "{}", r.text);

    let aliases = format!("/api/admin/companies/{into}/aliases");
    assert_eq!(app.put(&aliases, Some(&u.token), json!({"aliases": ["RED"]})).await.status, 403);
    let r = app.put(&aliases, Some(&admin.token), json!({"aliases": ["RED", "red", "小红书 App"]})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let mut got: Vec<String> = r.body["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
    got.sort();
    assert_eq!(got, ["RED", "小红书", "小红书 App"], "XHS dropped, the name kept, one of RED/red");
    let r = app.put(&aliases, Some(&admin.token), json!({"aliases": ["字节"]})).await;
    assert_eq!((r.status, r.code()), (409, "alias_taken"), "{}", r.text);
    let r = app.put(&aliases, Some(&admin.token), json!({"aliases": [" "]})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    let r = app.put(&aliases, Some(&admin.token), json!({"aliases": vec!["a"; 51]})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
    assert_eq!(app.put("/api/admin/companies/999999/aliases", Some(&admin.token), json!({"aliases": []})).await.status, 404);
    // A new post spelt by an alias lands in the company.
    let z = post(&app, &u, sample("c", "red")).await;
    assert_eq!(company_of(&app, z).await, into);

    let rename = format!("/api/admin/companies/{into}");
    assert_eq!(app.patch(&rename, Some(&u.token), json!({"name": "RedNote"})).await.status, 403);
    let r = app.patch(&rename, Some(&admin.token), json!({"name": "RedNote"})).await;
    assert_eq!((r.status, r.body["name"].as_str()), (200, Some("RedNote")), "{}", r.text);
    let r = app.get(&format!("/api/experiences?company={}", urlencode("rednote")), None).await;
    assert_eq!(r.body["total"], 3, "the new name is an alias: {}", r.text);
    let r = app.patch(&rename, Some(&admin.token), json!({"name": "腾讯"})).await;
    assert_eq!((r.status, r.code()), (409, "alias_taken"), "{}", r.text);
    let r = app.patch(&rename, Some(&admin.token), json!({"name": "x".repeat(101)})).await;
    assert_eq!((r.status, r.code()), (400, "validation_failed"), "{}", r.text);
}

/// Every live 面经's company aggregates recounted from `experiences` and
/// `question_companies`, as sorted text rows, next to the trigger-maintained
/// tables' non-zero rows (migration 33).
async fn recount(app: &TestApp) -> (Vec<String>, Vec<String>) {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let db = &app.state.db.write;
    let b = db.get_database_backend();
    let month = match b {
        DbBackend::Postgres => "to_char(COALESCE(e.interview_date, CAST(e.created_at AS date)), 'YYYY-MM')",
        DbBackend::MySql => "DATE_FORMAT(COALESCE(e.interview_date, DATE(e.created_at)), '%Y-%m')",
        _ => "substr(COALESCE(e.interview_date, e.created_at), 1, 7)",
    };
    let text = |x: &str| if b == DbBackend::MySql { format!("CAST({x} AS CHAR)") } else { format!("CAST({x} AS TEXT)") };
    let live = "e.deleted_at IS NULL AND e.company_id IS NOT NULL";
    let rows = |sql: String| async move {
        let rows = db.query_all_raw(Statement::from_string(b, sql.clone())).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        let mut out: Vec<String> = rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect();
        out.sort();
        out
    };
    let cat = |parts: &[String]| match b {
        DbBackend::MySql => format!("CONCAT({})", parts.join(", '|', ")),
        _ => parts.join(" || '|' || "),
    };
    let truth = [
        format!(
            "SELECT {} FROM experiences e WHERE {live} GROUP BY e.company_id, COALESCE(e.interview_result, ''), COALESCE(e.interview_difficulty, ''), {month}",
            cat(&[text("e.company_id"), "COALESCE(e.interview_result, '')".into(), "COALESCE(e.interview_difficulty, '')".into(), month.into(), text("COUNT(*)"), text("SUM(COALESCE(e.interview_evaluation, 0))"), text("COUNT(e.interview_evaluation)")])
        ),
        format!(
            "SELECT {} FROM experiences e WHERE {live} GROUP BY e.company_id, COALESCE(e.position, '')",
            cat(&["'p'".into(), text("e.company_id"), "COALESCE(e.position, '')".into(), text("COUNT(*)"), text("SUM(CASE WHEN e.interview_result = 'offer' THEN 1 ELSE 0 END)"), text("SUM(CASE WHEN e.interview_result = 'rejected' THEN 1 ELSE 0 END)")])
        ),
        format!(
            "SELECT {} FROM question_companies qc JOIN experiences e ON e.id = qc.experience_id WHERE {live} GROUP BY e.company_id, qc.question_id",
            cat(&["'q'".into(), text("e.company_id"), text("qc.question_id"), text("COUNT(*)")])
        ),
    ];
    let kept = [
        format!("SELECT {} FROM company_stats s WHERE s.n <> 0 OR s.rating_sum <> 0 OR s.rating_n <> 0", cat(&[text("s.company_id"), "s.result".into(), "s.difficulty".into(), "s.month".into(), text("s.n"), text("s.rating_sum"), text("s.rating_n")])),
        format!("SELECT {} FROM company_position_stats s WHERE s.n <> 0 OR s.offers <> 0 OR s.rejected <> 0", cat(&["'p'".into(), text("s.company_id"), "s.position".into(), text("s.n"), text("s.offers"), text("s.rejected")])),
        format!("SELECT {} FROM company_question_stats s WHERE s.n <> 0", cat(&["'q'".into(), text("s.company_id"), text("s.question_id"), text("s.n")])),
    ];
    let (mut t, mut k) = (vec![], vec![]);
    for (a, c) in truth.into_iter().zip(kept) {
        t.extend(rows(a).await);
        k.extend(rows(c).await);
    }
    (t, k)
}

async fn assert_exact(app: &TestApp, step: &str) {
    let (truth, kept) = recount(app).await;
    assert!(!truth.is_empty(), "{step}: nothing counted");
    assert_eq!(kept, truth, "{step}: the maintained company aggregates differ from a recount");
}

#[tokio::test]
async fn company_aggregates_stay_exact_through_edits_deletes_hides_and_merges() {
    let app = TestApp::spawn().await;
    let (u, reporter, admin) = (app.signup("writer").await, app.signup("reporter").await, app.admin("boss").await);
    let q1 = "Redis 缓存穿透怎么解决？";
    let q2 = "讲讲 JVM 垃圾回收";
    let a = post(&app, &u, with(sample("a", "快手"), json!({"interview_result": "offer", "interview_difficulty": "hard", "interview_evaluation": 4, "interview_date": "2025-09-10", "position": "后端", "interview_questions": [q1, q2]}))).await;
    let b = post(&app, &u, with(sample("b", "Kuaishou"), json!({"interview_result": "rejected", "interview_difficulty": null, "interview_evaluation": null, "interview_date": null, "position": "测试", "interview_questions": [q1]}))).await;
    let c = post(&app, &u, with(sample("c", "小红书"), json!({"interview_result": "pending", "interview_evaluation": 1, "interview_date": "2026-02-01", "position": "前端", "interview_questions": [q2]}))).await;
    let d = post(&app, &u, with(sample("d", "XHS2"), json!({"interview_result": null, "interview_date": "2026-03-05", "position": "前端", "interview_questions": [q1]}))).await;
    assert_exact(&app, "created").await;
    let ks = company_of(&app, a).await;
    let s = stats(&app, ks).await;
    assert_eq!((s["count"].as_i64(), s["questions"][0]["content"].as_str(), s["questions"][0]["count"].as_i64()), (Some(2), Some(q1), Some(2)), "{s}");

    // Edits of every counted field, one by one and together.
    for (post_id, change) in [
        (a, json!({"interview_result": "rejected"})),
        (a, json!({"interview_difficulty": "easy", "interview_evaluation": 2})),
        (a, json!({"interview_date": "2026-01-15"})),
        (a, json!({"position": "算法"})),
        (b, json!({"company": "小红书", "interview_questions": [q1, q2]})),
        (c, json!({"interview_questions": []})),
        (d, json!({"company": "快手", "interview_result": "offer", "interview_difficulty": "medium", "interview_evaluation": 5, "position": "后端"})),
    ] {
        let r = app.patch(&format!("/api/experiences/{post_id}"), Some(&u.token), change.clone()).await;
        assert_eq!(r.status, 200, "{change}: {}", r.text);
        assert_exact(&app, &format!("edit {post_id} {change}")).await;
    }
    let s = stats(&app, ks).await;
    assert_eq!((s["count"].as_i64(), s["outcomes"]["offer"].as_i64(), s["outcomes"]["rejected"].as_i64(), s["ratings"].as_i64()), (Some(2), Some(1), Some(1), Some(2)), "{s}");

    // A stranger's edit changes nothing.
    let r = app.patch(&format!("/api/experiences/{a}"), Some(&reporter.token), json!({"interview_result": "offer"})).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_exact(&app, "refused edit").await;

    // Delete, and hide through a report.
    assert_eq!(app.delete(&format!("/api/experiences/{a}"), Some(&u.token), None).await.status, 204);
    assert_exact(&app, "deleted").await;
    let r = app.post("/api/reports", Some(&reporter.token), json!({"target_type": "experience", "target_id": d, "reason": "spam"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let rid = r.body["id"].as_i64().unwrap();
    let r = app.post(&format!("/api/admin/reports/{rid}/resolve"), Some(&admin.token), json!({"action": "hide"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_exact(&app, "hidden").await;
    assert_eq!(stats(&app, ks).await["count"], 0, "快手 has no live 面经 left");

    // Merge 小红书 into 快手: the counts move with the posts, nothing is left behind.
    let xhs = company_of(&app, c).await;
    let e = post(&app, &u, with(sample("e", "快手"), json!({"interview_result": "offer", "interview_questions": [q2]}))).await;
    let before = stats(&app, xhs).await;
    let r = app.post(&format!("/api/admin/companies/{xhs}/merge"), Some(&admin.token), json!({"into": ks})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_exact(&app, "merged").await;
    let s = stats(&app, ks).await;
    assert_eq!(s["count"].as_i64(), Some(before["count"].as_i64().unwrap() + 1), "{s}");
    assert_eq!(s["questions"][0]["count"], 2, "q2 from b and e: {s}");
    assert_eq!(app.delete(&format!("/api/experiences/{e}"), Some(&u.token), None).await.status, 204);
    assert_exact(&app, "deleted after merge").await;
}
