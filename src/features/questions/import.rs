//! Importing questions from JSONL, shared by `mianjing import questions
//! FILE` ([`crate::import::questions`]) and the admin's upload (`POST
//! /api/questions/import`): one parser, one report.
//!
//! Schema (one object a line, the schema of `shared/data/questions.jsonl`,
//! which `GET /api/questions/export` writes too):
//! `{source, source_path, license, lang, career, tags, difficulty,
//! question, answer, kind, key_points}`; only `question` is required. Each
//! bad line is reported with its number and reason and skipped; good lines
//! go in in transactions of [`BATCH`] rows. Idempotent by the normalised
//! question text (`content_key`): a question already in the bank is
//! counted as skipped, not changed. Careers are created from the file's
//! values.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use serde::Deserialize;

use super::admin::{clean_key_points, key_point_problems};
use crate::entity::enums::{ContentLang, QuestionKind};
use crate::entity::question;
use crate::error::{Error, Result};
use crate::state::AppState;

/// Rows per transaction.
pub const BATCH: usize = 500;
/// Largest upload, bytes (20 MiB: the shared question set is a few MiB).
pub const MAX_IMPORT: usize = 20 * 1024 * 1024;

/// One upload import at a time on a node: a second one waits for nothing
/// and is refused (409 `import_running`), so two admins cannot make the
/// node parse two large files at once. Administrators are exempt from the
/// write rate limits (`crate::features::write_limits`), so this and
/// [`MAX_IMPORT`] are what bound the import.
static RUNNING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// [`import_bytes`] guarded by [`RUNNING`].
///
/// # Errors
/// 409 `import_running`; database failures.
pub async fn import_upload(state: &AppState, data: &[u8]) -> Result<Report> {
    let _permit = RUNNING.try_acquire().map_err(|_| Error::Conflict("import_running"))?;
    let r = import_bytes(state, data).await?;
    tracing::info!(lines = r.lines, inserted = r.inserted, skipped = r.skipped, bad = r.errors.len(), "questions imported by upload");
    Ok(r)
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Lines read (non-empty).
    pub lines: usize,
    /// Rows inserted.
    pub inserted: usize,
    /// Valid rows already present (earlier import).
    pub skipped: usize,
    /// `(line number, reason)` of rejected lines, in English (the CLI's
    /// wording, which the upload's report shows too).
    pub errors: Vec<(usize, String)>,
}

#[derive(Debug, Deserialize)]
struct QuestionLine {
    source: Option<String>,
    source_path: Option<String>,
    license: Option<String>,
    lang: Option<String>,
    career: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    difficulty: Option<String>,
    question: Option<String>,
    answer: Option<String>,
    /// A `QuestionKind` code (the export writes it); without one the
    /// question is classified ([`super::kind::classify`]).
    kind: Option<String>,
    /// Key points a good answer covers (the export writes them when an
    /// admin set some); absent or null: derived from the answer.
    key_points: Option<Vec<String>>,
}

/// A parsed question line: the row and its tags.
struct ParsedQuestion {
    model: question::Model,
    tags: Vec<String>,
}

/// The trimmed `career` of a line, if it has one (careers are created
/// before the lines are parsed).
pub fn career_of(line: &str) -> Option<String> {
    let v = serde_json::from_str::<serde_json::Value>(line).ok()?;
    v.get("career").and_then(|c| c.as_str()).map(|c| c.trim().to_owned()).filter(|c| !c.is_empty())
}

fn parse_question(line: &str, careers: &HashMap<String, i64>) -> std::result::Result<ParsedQuestion, String> {
    let l: QuestionLine = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let content = l.question.as_deref().map(str::trim).filter(|s| !s.is_empty()).ok_or("question is missing")?.to_owned();
    if content.chars().count() > 20_000 {
        return Err("question is longer than 20000 characters".into());
    }
    let lang = match l.lang.as_deref() {
        Some("en") => ContentLang::En,
        Some("zh") | None => ContentLang::Zh,
        Some(other) => return Err(format!("unknown lang {other:?}")),
    };
    if let Some(d) = &l.difficulty
        && !["easy", "medium", "hard"].contains(&d.as_str()) {
            return Err(format!("difficulty {d:?} is not easy, medium or hard"));
        }
    let tags: Vec<String> = l.tags.iter().map(|t| t.trim().chars().take(50).collect::<String>()).filter(|t| !t.is_empty()).collect();
    let kind = match l.kind.as_deref() {
        Some(k) => k.parse::<QuestionKind>().map_err(|_| format!("kind {k:?} is not one of technical, coding, design, behavioural, reverse"))?,
        None => super::kind::classify(l.career.as_deref(), &tags, &content),
    };
    let key_points = match l.key_points {
        Some(points) => {
            let points = clean_key_points(&points);
            if !key_point_problems(&points).is_empty() {
                return Err(format!("key_points must be 1–{} points of at most {} characters", super::admin::MAX_KEY_POINTS, super::admin::MAX_KEY_POINT));
            }
            Some(serde_json::to_string(&points).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    let now = Utc::now();
    Ok(ParsedQuestion {
        model: question::Model {
            id: 0,
            content_key: super::content_key(&content),
            search_text: super::search_text(&content, &tags),
            content,
            answer: l.answer.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
            career_id: l.career.as_ref().and_then(|c| careers.get(c.trim()).copied()),
            difficulty: l.difficulty,
            lang: lang.as_str().into(),
            source: l.source.map(|s| s.chars().take(100).collect()),
            source_path: l.source_path.map(|s| s.chars().take(300).collect()),
            license: l.license.map(|s| s.chars().take(50).collect()),
            created_by: None,
            favorites_count: 0,
            kind: kind.as_str().to_owned(),
            key_points,
            created_at: now,
            updated_at: now,
        },
        tags,
    })
}

/// An import under way: the careers by name and the report so far. Feed
/// it the lines in batches ([`Importer::batch`]), then [`Importer::finish`].
pub struct Importer {
    careers: HashMap<String, i64>,
    /// What it did so far.
    pub report: Report,
}

impl Importer {
    /// Start an import whose lines name `careers` (created when missing).
    ///
    /// # Errors
    /// Database failures.
    pub async fn new(state: &AppState, careers: BTreeSet<String>) -> Result<Self> {
        Ok(Self { careers: crate::store::catalog::careers_by_name(&state.db, careers).await?, report: Report::default() })
    }

    /// Parse and insert `lines` (`(line number, text)`, blank lines left
    /// out), one transaction; returns this batch's rejected lines.
    ///
    /// # Errors
    /// Database failures (bad lines are reported, not errors).
    pub async fn batch(&mut self, state: &AppState, lines: Vec<(usize, String)>) -> Result<Vec<(usize, String)>> {
        let careers = self.careers.clone();
        let parsed: Vec<(usize, std::result::Result<ParsedQuestion, String>)> =
            tokio::task::spawn_blocking(move || lines.into_iter().map(|(n, l)| (n, parse_question(&l, &careers))).collect())
                .await
                .map_err(|e| Error::Internal(e.into()))?;
        let mut rows = Vec::new();
        let mut bad = Vec::new();
        for (n, p) in parsed {
            self.report.lines += 1;
            match p {
                Ok(q) => rows.push((q.model, q.tags)),
                Err(e) => bad.push((n, e)),
            }
        }
        if !rows.is_empty() {
            let (inserted, skipped) = crate::store::questions::import_batch(&state.db, rows).await?;
            self.report.inserted += inserted;
            self.report.skipped += skipped;
        }
        self.report.errors.extend(bad.iter().cloned());
        Ok(bad)
    }

    /// Drop the caches the new questions make stale and return the report.
    pub fn finish(self, state: &AppState) -> Report {
        crate::features::experiences::changed(state);
        self.report
    }
}

/// Import an uploaded JSONL file held in memory. A line that is not UTF-8
/// is reported like any bad line.
///
/// # Errors
/// Database failures.
pub async fn import_bytes(state: &AppState, data: &[u8]) -> Result<Report> {
    let mut lines: Vec<(usize, std::result::Result<String, String>)> = Vec::new();
    let mut careers = BTreeSet::new();
    for (i, raw) in data.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t,
            Err(_) => {
                lines.push((i + 1, Err("line is not UTF-8".into())));
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        if let Some(c) = career_of(text) {
            careers.insert(c);
        }
        lines.push((i + 1, Ok(text.to_owned())));
    }
    let mut importer = Importer::new(state, careers).await?;
    for chunk in lines.chunks(BATCH) {
        let mut good = Vec::with_capacity(chunk.len());
        for (n, l) in chunk {
            match l {
                Ok(t) => good.push((*n, t.clone())),
                Err(e) => {
                    importer.report.lines += 1;
                    importer.report.errors.push((*n, e.clone()));
                }
            }
        }
        importer.batch(state, good).await?;
    }
    let mut report = importer.finish(state);
    report.errors.sort_by_key(|(n, _)| *n);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_checked_field_by_field() {
        let careers = HashMap::from([("后端".to_owned(), 7)]);
        let q = parse_question(r#"{"question":" 什么是 Redis？ ","career":"后端","tags":["Redis"],"key_points":["内存"," 内存 "]}"#, &careers).unwrap();
        assert_eq!((q.model.content.as_str(), q.model.career_id, q.model.key_points.as_deref()), ("什么是 Redis？", Some(7), Some(r#"["内存"]"#)));
        assert_eq!(parse_question("{", &careers).err().unwrap().split(':').next(), Some("invalid JSON"));
        assert_eq!(parse_question(r#"{"answer":"x"}"#, &careers).err().as_deref(), Some("question is missing"));
        assert!(parse_question(r#"{"question":"q","difficulty":"extreme"}"#, &careers).is_err());
        assert!(parse_question(r#"{"question":"q","kind":"poetry"}"#, &careers).is_err());
        assert!(parse_question(r#"{"question":"q","key_points":[]}"#, &careers).is_err());
        assert_eq!(career_of(r#"{"career":" 前端 "}"#).as_deref(), Some("前端"));
    }
}
