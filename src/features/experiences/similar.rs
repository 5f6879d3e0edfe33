//! Similar 面经 while writing one, and the near-duplicate check of a new
//! post (issue 19).
//!
//! **Similar posts** ([`similar`]) shown beside the form: first the live
//! posts of the same company (case-insensitive) whose position contains
//! the given one and whose interview falls in the same recruiting
//! [`Season`], newest first; then posts that contain every one of the
//! first [`TITLE_WORDS`] search words of the title (the full-text search
//! of the 面经 list, most relevant first). Both read through the cached
//! list of [`super::list`], so typing in the form costs cache hits.
//!
//! **Near-duplicates** ([`recent_duplicate`]): a new post is a
//! near-duplicate of one of its author's own live posts created in the last
//! [`DUPLICATE_DAYS`] days when all of these hold:
//! - the same company, trimmed and ignoring case;
//! - titles at least [`TITLE_SIMILARITY`] alike: normalised Levenshtein
//!   similarity (strsim) of the lower-cased titles without white space, so
//!   "美团一面" and "美团二面" (0.75) are different posts;
//! - contents at least [`CONTENT_SIMILARITY`] alike: Sørensen–Dice
//!   similarity of character bigrams (strsim) of the contents without white
//!   space, which stays linear in the length (50,000 characters) and does
//!   not depend on word segmentation.
//!
//! The API answers such a post with 409 `possible_duplicate` naming the
//! earlier post, unless the request confirms it (`confirm_duplicate`).
//! Double submissions and re-posts are what this catches; a second post of
//! another round or position of the same company is not one.

use chrono::{Datelike, Duration, NaiveDate, Utc};

use super::{list, ExperienceView, ExperiencePatch, ListQuery};
use crate::error::Result;
use crate::features::community::Viewer;
use crate::features::search;
use crate::state::AppState;
use crate::store::experiences::similar::{recent_by_author, RecentPost};

/// How far back a post counts as recent for the duplicate check, days.
pub const DUPLICATE_DAYS: i64 = 30;
/// Most recent posts of the author compared.
pub const DUPLICATE_CANDIDATES: u64 = 50;
/// Least title similarity of a near-duplicate (0–1).
pub const TITLE_SIMILARITY: f64 = 0.9;
/// Least content similarity of a near-duplicate (0–1).
pub const CONTENT_SIMILARITY: f64 = 0.9;
/// How many of the title's search words the text match requires.
pub const TITLE_WORDS: usize = 4;
/// Most posts of each kind [`similar`] answers.
pub const SIMILAR_EACH: usize = 5;

/// A recruiting season: 春招 (spring, January–June) or 秋招 (autumn,
/// July–December) of a year, as Chinese campus recruiting runs (秋招 starts
/// with summer internships' return offers in July).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Season {
    pub year: i32,
    /// July–December.
    pub autumn: bool,
}

impl Season {
    /// The season of day `d`.
    pub fn of(d: NaiveDate) -> Season {
        Season { year: d.year(), autumn: d.month() >= 7 }
    }
}

/// What [`similar`] looks for.
#[derive(Clone, Debug, Default)]
pub struct SimilarQuery {
    pub company: Option<String>,
    pub position: Option<String>,
    /// The interview date; the season is today's without it.
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// A post to leave out (the one being edited).
    pub exclude: Option<i64>,
}

/// Why a post is similar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimilarReason {
    /// The same company and position in the same recruiting season.
    SameRole,
    /// Its text has the title's words.
    SimilarText,
}

impl SimilarReason {
    /// The code the API sends: `same_role` | `similar_text`.
    pub fn as_str(self) -> &'static str {
        match self {
            SimilarReason::SameRole => "same_role",
            SimilarReason::SimilarText => "similar_text",
        }
    }
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Live 面经 similar to the one being written (see the module docs): up to
/// [`SIMILAR_EACH`] of the same role and season, then up to
/// [`SIMILAR_EACH`] more by text, each post once.
///
/// # Errors
/// Database failures.
pub async fn similar(state: &AppState, viewer: Viewer, q: &SimilarQuery) -> Result<Vec<(ExperienceView, SimilarReason)>> {
    let mut out: Vec<(ExperienceView, SimilarReason)> = Vec::new();
    let seen = |out: &Vec<(ExperienceView, SimilarReason)>, id: i64| Some(id) == q.exclude || out.iter().any(|(v, _)| v.row.id == id);
    if let Some(company) = blank(&q.company) {
        let season = Season::of(q.date.unwrap_or_else(|| Utc::now().date_naive()));
        let query = ListQuery { company: Some(company), position: blank(&q.position), per_page: Some(50), ..Default::default() };
        let page = list(state, viewer, &query, None).await?;
        for v in page.items {
            let day = v.row.interview_date.unwrap_or_else(|| v.row.created_at.date_naive());
            if out.len() < SIMILAR_EACH && Season::of(day) == season && !seen(&out, v.row.id) {
                out.push((v, SimilarReason::SameRole));
            }
        }
    }
    if let Some(title) = blank(&q.title) {
        let words: Vec<String> = search::query_tokens(&title).into_iter().take(TITLE_WORDS).collect();
        if !words.is_empty() {
            let query = ListQuery { q: Some(words.join(" ")), per_page: Some(20), ..Default::default() };
            let page = list(state, viewer, &query, None).await?;
            let mut added = 0;
            for v in page.items {
                if added < SIMILAR_EACH && !seen(&out, v.row.id) {
                    out.push((v, SimilarReason::SimilarText));
                    added += 1;
                }
            }
        }
    }
    Ok(out)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// `new` is a near-duplicate of `old` (see the module docs).
pub fn is_near_duplicate(old: &RecentPost, company: &str, title: &str, content: &str) -> bool {
    old.company.trim().to_lowercase() == company.trim().to_lowercase()
        && strsim::normalized_levenshtein(&squeeze(&old.title), &squeeze(title)) >= TITLE_SIMILARITY
        && strsim::sorensen_dice(&squeeze(&old.content), &squeeze(content)) >= CONTENT_SIMILARITY
}

/// The newest of `author_id`'s own live posts of the last
/// [`DUPLICATE_DAYS`] days that a new post `patch` nearly duplicates, if
/// any. A patch without title, company or content has none (its
/// validation fails elsewhere).
///
/// # Errors
/// Database failures.
pub async fn recent_duplicate(state: &AppState, author_id: i64, patch: &ExperiencePatch) -> Result<Option<i64>> {
    let (Some(title), Some(company), Some(content)) = (&patch.title, &patch.company, &patch.content) else { return Ok(None) };
    let since = Utc::now() - Duration::days(DUPLICATE_DAYS);
    let recent = recent_by_author(&state.db, author_id, since, DUPLICATE_CANDIDATES).await?;
    Ok(recent.iter().find(|old| is_near_duplicate(old, company, title, content)).map(|old| old.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(title: &str, company: &str, content: &str) -> RecentPost {
        RecentPost { id: 1, title: title.into(), company: company.into(), content: content.into() }
    }

    #[test]
    fn near_duplicates_need_the_company_title_and_content() {
        let content = "## 一面\n\n先聊项目，然后问了二叉树和缓存一致性，最后反问。";
        let old = post("字节跳动后端一面", "字节跳动", content);
        assert!(is_near_duplicate(&old, " 字节跳动", "字节跳动 后端一面", &format!("{content} ")));
        assert!(!is_near_duplicate(&old, "ByteDance", "字节跳动后端一面", content), "another company");
        assert!(!is_near_duplicate(&post("美团一面", "美团", content), "美团", "美团二面", content), "another round");
        assert!(!is_near_duplicate(&old, "字节跳动", "字节跳动后端一面", "## 二面\n\n问了操作系统的进程调度和 TCP 拥塞控制。"), "other content");
    }

    #[test]
    fn seasons_split_the_year_in_july() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Season::of(d("2026-06-30")), Season { year: 2026, autumn: false });
        assert_eq!(Season::of(d("2026-07-01")), Season { year: 2026, autumn: true });
    }
}
