//! `mianjing import experiences FILE.jsonl`: bulk import of real 面经 in the
//! schema of `shared/data/experiences.jsonl`:
//!
//! ```json
//! {"source": "owner/repo", "source_path": "…", "license": "MIT", "lang": "zh|en",
//!  "company": "Google", "position": "… or null", "questions": ["…"],
//!  "content": "… or null", "date": "YYYY-MM-DD or null"}
//! ```
//!
//! Optional extra keys: `title`, `career`, `interview_result`
//! (`offer|rejected|pending`), `interview_difficulty` (`easy|medium|hard`),
//! `interview_evaluation` (1–5). Each bad line is reported with its number
//! and skipped; good lines are inserted in transactions of [`BATCH`] rows.
//! Re-running adds nothing: every row carries `import_key` =
//! SHA-256(source, source_path, content or questions), unique in the table.
//! Imported posts belong to the system account `mianjing_import` and keep
//! `source`, `source_path` and `license`, which the UI shows.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::entity::enums::{ContentLang, Difficulty, InterviewResult};
use crate::features::experiences::{NewExperience, Origin};
use crate::features::questions::PreparedQuestion;
use crate::entity::experience;
use crate::state::AppState;

/// Rows per transaction.
pub const BATCH: usize = 500;
/// Account that owns imported posts.
pub const SYSTEM_ACCOUNT: &str = "mianjing_import";

/// What an import did (the same report for 面经 and questions).
pub use crate::features::questions::import::Report;

#[derive(Debug, Deserialize)]
struct Line {
    source: Option<String>,
    source_path: Option<String>,
    license: Option<String>,
    lang: Option<String>,
    company: Option<String>,
    position: Option<String>,
    #[serde(default)]
    questions: Vec<String>,
    content: Option<String>,
    date: Option<String>,
    title: Option<String>,
    career: Option<String>,
    interview_result: Option<String>,
    interview_difficulty: Option<String>,
    interview_evaluation: Option<i16>,
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
pub fn progress(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} lines ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_owned());
    pb
}

/// Find or create the system account that owns imported content.
///
/// # Errors
/// Database failures.
pub async fn system_user(state: &AppState) -> anyhow::Result<i64> {
    let account = crate::features::accounts::NewUser {
        account: SYSTEM_ACCOUNT.into(),
        name: "面经导入".into(),
        signature: Some("公开面经数据导入账号；每篇都注明来源与许可证。".into()),
        initialized: true,
        ..Default::default()
    };
    let u = crate::features::accounts::ensure_user(state, account).await.context("cannot create the import account")?;
    Ok(u.id)
}

/// A parsed line: the row to insert and its prepared interview questions.
type ParsedExperience = (experience::Model, Vec<PreparedQuestion>);

fn parse(line: &str, author_id: i64, careers: &HashMap<String, i64>) -> Result<ParsedExperience, String> {
    let l: Line = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let company = l.company.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or("company is missing")?.to_owned();
    if company.chars().count() > 100 {
        return Err("company is longer than 100 characters".into());
    }
    let questions: Vec<String> = l.questions.iter().map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()).collect();
    let content = l.content.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    if content.is_none() && questions.is_empty() {
        return Err("neither content nor questions".into());
    }
    let lang = match l.lang.as_deref() {
        Some("en") => ContentLang::En,
        Some("zh") | None => ContentLang::Zh,
        Some(other) => return Err(format!("unknown lang {other:?}")),
    };
    let interview_date = match l.date.as_deref() {
        None | Some("") => None,
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| format!("date {d:?} is not YYYY-MM-DD"))?),
    };
    fn code<T: std::str::FromStr + std::fmt::Display>(v: &Option<String>, all: &[T], name: &str) -> Result<Option<T>, String> {
        match v {
            Some(x) => x.parse().map(Some).map_err(|_| format!("{name} {x:?} is not one of {:?}", all.iter().map(ToString::to_string).collect::<Vec<_>>())),
            None => Ok(None),
        }
    }
    let interview_result = code(&l.interview_result, InterviewResult::ALL, "interview_result")?;
    let interview_difficulty = code(&l.interview_difficulty, Difficulty::ALL, "interview_difficulty")?;
    if l.interview_evaluation.is_some_and(|e| !(1..=5).contains(&e)) {
        return Err("interview_evaluation must be 1–5".into());
    }
    let position = l.position.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.chars().take(100).collect::<String>());
    let title = match l.title.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => t.chars().take(100).collect(),
        None => {
            let who = match &position {
                Some(p) => format!("{company} {p}"),
                None => company.clone(),
            };
            if lang == ContentLang::En { format!("{who} interview experience") } else { format!("{who} 面经") }
        }
    };
    let body = match &content {
        Some(c) => c.clone(),
        // The questions are shown from `interview_questions`; the body only says what the post is.
        None => {
            let n = questions.len();
            if lang == ContentLang::En {
                format!("A list of {n} questions reported from {company} interviews, collected from public sources.")
            } else {
                format!("整理自公开资料的 {company} 面试题，共 {n} 道。")
            }
        }
    };
    let mut hasher = Sha256::new();
    for part in [l.source.as_deref().unwrap_or(""), l.source_path.as_deref().unwrap_or(""), content.as_deref().unwrap_or(""), &questions.join("\n")] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    let new = NewExperience {
        author_id,
        title,
        company,
        position,
        career_id: l.career.as_ref().and_then(|c| careers.get(c).copied()),
        interview_date,
        interview_result,
        interview_difficulty,
        interview_evaluation: l.interview_evaluation,
        interview_questions: questions,
        content: body,
        anonymous: false,
        lang,
        origin: Origin {
            source: l.source.map(|s| s.chars().take(100).collect()),
            source_path: l.source_path.map(|s| s.chars().take(300).collect()),
            license: l.license.map(|s| s.chars().take(50).collect()),
            import_key: Some(hex::encode(hasher.finalize())),
        },
        created_at: Utc::now(),
    };
    Ok(new.into_row())
}

/// Parse `lines` on every core (jieba segmentation dominates an import).
fn parse_parallel(lines: &[String], author_id: i64, careers: &HashMap<String, i64>) -> Vec<Result<ParsedExperience, String>> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
    let chunk = lines.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = lines.chunks(chunk).map(|part| s.spawn(move || part.iter().map(|l| parse(l, author_id, careers)).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// Import `file` into the database of `state`.
///
/// # Errors
/// Unreadable file or database failures (bad lines are reported, not errors).
pub async fn experiences(state: &AppState, file: &Path, show_progress: bool) -> anyhow::Result<Report> {
    let started = Instant::now();
    let total = std::io::BufReader::new(std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?).lines().count();
    let reader = std::io::BufReader::new(std::fs::File::open(file)?);
    let author = system_user(state).await?;
    let pb = if show_progress { progress(total as u64, "importing experiences") } else { ProgressBar::hidden() };
    // Careers named in the file are created first.
    let mut names = std::collections::BTreeSet::new();
    for line in std::io::BufReader::new(std::fs::File::open(file)?).lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line.unwrap_or_default())
            && let Some(c) = v.get("career").and_then(|c| c.as_str()) {
                names.insert(c.trim().to_owned());
            }
    }
    let careers = crate::store::catalog::careers_by_name(&state.db, names).await?;
    let mut report = Report::default();
    // Parsing (jieba segmentation, CPU-bound, on every core) of the next
    // batch overlaps the database insert of the current one.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<anyhow::Result<(Vec<usize>, Vec<Result<ParsedExperience, String>>, u64)>>(2);
    let parser = tokio::task::spawn_blocking(move || {
        let mut lines = reader.lines().enumerate().peekable();
        while lines.peek().is_some() {
            let (mut batch, mut numbers, mut read) = (Vec::with_capacity(BATCH), Vec::with_capacity(BATCH), 0u64);
            for (i, line) in lines.by_ref() {
                read += 1;
                let line = match line.with_context(|| format!("cannot read line {}", i + 1)) {
                    Ok(l) => l,
                    Err(e) => {
                        let _ = tx.blocking_send(Err(e));
                        return;
                    }
                };
                if line.trim().is_empty() {
                    continue;
                }
                batch.push(line);
                numbers.push(i + 1);
                if batch.len() == BATCH {
                    break;
                }
            }
            let parsed = parse_parallel(&batch, author, &careers);
            if tx.blocking_send(Ok((numbers, parsed, read))).is_err() {
                return;
            }
        }
    });
    while let Some(next) = rx.recv().await {
        let (numbers, parsed, read) = next?;
        let mut rows = Vec::with_capacity(parsed.len());
        for (n, p) in numbers.iter().zip(parsed) {
            report.lines += 1;
            match p {
                Ok(m) => rows.push(m),
                Err(e) => {
                    pb.suspend(|| eprintln!("line {n}: {e}"));
                    report.errors.push((*n, e));
                }
            }
        }
        let (inserted, skipped) = insert_batch(state, rows).await?;
        report.inserted += inserted;
        report.skipped += skipped;
        pb.inc(read);
    }
    parser.await?;
    pb.finish_and_clear();
    crate::features::experiences::changed(state);
    tracing::info!(inserted = report.inserted, skipped = report.skipped, bad = report.errors.len(), secs = started.elapsed().as_secs_f64(), "import finished");
    Ok(report)
}

/// Import questions in the schema of `shared/data/questions.jsonl`
/// (`{source, source_path, license, lang, career, tags, difficulty,
/// question, answer, kind, key_points}`), parsed by
/// [`crate::features::questions::import`] (the admin's upload uses the same
/// parser). Idempotent by the normalised question text (`content_key`);
/// careers are created from the file's values.
///
/// # Errors
/// Unreadable file or database failures (bad lines are reported, not errors).
pub async fn questions(state: &AppState, file: &Path, show_progress: bool) -> anyhow::Result<Report> {
    use crate::features::questions::import::{career_of, Importer, BATCH as QUESTION_BATCH};
    let total = std::io::BufReader::new(std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?).lines().count();
    let mut names = std::collections::BTreeSet::new();
    for line in std::io::BufReader::new(std::fs::File::open(file)?).lines() {
        if let Some(c) = career_of(&line.unwrap_or_default()) {
            names.insert(c);
        }
    }
    let mut importer = Importer::new(state, names).await?;
    let pb = if show_progress { progress(total as u64, "importing questions") } else { ProgressBar::hidden() };
    let mut lines = std::io::BufReader::new(std::fs::File::open(file)?).lines().enumerate().peekable();
    while lines.peek().is_some() {
        let mut batch = Vec::with_capacity(QUESTION_BATCH);
        for (i, line) in lines.by_ref() {
            let line = line.with_context(|| format!("cannot read line {}", i + 1))?;
            pb.inc(1);
            if line.trim().is_empty() {
                continue;
            }
            batch.push((i + 1, line));
            if batch.len() == QUESTION_BATCH {
                break;
            }
        }
        for (n, e) in importer.batch(state, batch).await? {
            pb.suspend(|| eprintln!("line {n}: {e}"));
        }
    }
    pb.finish_and_clear();
    Ok(importer.finish(state))
}

/// Insert rows whose `import_key` is new, in one transaction, each mapped
/// to its company first ([`crate::features::companies::resolve`]; companies
/// are made outside that transaction, so a failed batch may leave a company
/// without posts, which lists show with 0 面经).
async fn insert_batch(state: &AppState, mut rows: Vec<ParsedExperience>) -> anyhow::Result<(usize, usize)> {
    if rows.is_empty() {
        return Ok((0, 0));
    }
    let mut ids: HashMap<String, i64> = HashMap::new();
    for (m, _) in &mut rows {
        let key = crate::features::companies::alias_key(&m.company);
        let id = match ids.get(&key) {
            Some(&id) => id,
            None => {
                let id = crate::features::companies::resolve(state, &m.company).await?;
                ids.insert(key, id);
                id
            }
        };
        m.company_id = Some(id);
    }
    Ok(state.experiences.import_batch(rows).await?)
}
