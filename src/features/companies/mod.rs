//! Companies (issue 19): every 面经 names a company through its spellings
//! (aliases), so 字节跳动, 字节, ByteDance and "ByteDance/TikTok" are one.
//!
//! - **Spelling rule** ([`alias_key`]): NFKC (full-width letters become
//!   ASCII), lower case, white space removed. A typed name resolves to the
//!   company with that key ([`resolve`]) or makes a new company — on create,
//!   edit and import of a 面经 (`experiences.company` keeps the text as
//!   typed, for display).
//! - **Feed and search** ([`expand`]): `?company=` of `GET /api/experiences`
//!   is any spelling and filters by its company; a `q` whose whole text, or
//!   exactly one of its space-separated words, is a spelling becomes that
//!   company filter (the other words stay full-text terms). So `?q=字节跳动`
//!   finds posts written as ByteDance.
//! - **Statistics** ([`page`]): read from aggregate tables that database
//!   triggers keep exact with every 面经 write (`crate::store::companies::stats`,
//!   migration 33), so an uncached read costs a few index range reads; cached in
//!   [`Caches`], which `experiences::changed` drops on every 面经 write (add,
//!   edit, delete) and which admin edits here drop too.
//! - **Seasons** ([`season_of`]): a post counts in the recruiting season of
//!   its interview date, else of its posting date: August–December of year
//!   Y is "Y 秋招" (`Y-autumn`), January–July of Y is "Y 春招" (`Y-spring`).
//! - **Outcomes**: `interview_result` `offer`, `rejected`, `pending`; posts
//!   without one count as `unknown` and are left out of the shares.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::Page;
use crate::state::AppState;
use crate::store::companies::{self as store, CompanyRow};

pub mod model;

pub use model::{Caches, CompanyPage, CompanySummary, Difficulties, Outcomes, PositionStat, QuestionStat, SeasonStat, SummaryPage};
pub use store::CompanyOrder as Order;

/// Most aliases of one company.
pub const MAX_ALIASES: usize = 50;
/// Positions the company page lists.
pub const TOP_POSITIONS: u64 = 10;
/// Bank questions the company page lists.
pub const TOP_QUESTIONS: u64 = 10;

/// The key of a company spelling: NFKC, lower case, white space removed
/// (the migration `m20261208_000027_companies` froze a copy).
pub fn alias_key(name: &str) -> String {
    name.nfkc().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).collect()
}

/// The id of the company spelt `name` (trimmed): the one with that alias, or
/// a new company named so. Called by 面经 create, edit and import (job
/// applications only [`find`] theirs: they are private).
///
/// # Errors
/// 400 `validation_failed` (`company`: `length`) for a blank or over-100-character
/// name; database failures.
pub async fn resolve(state: &AppState, name: &str) -> Result<i64> {
    let name = check_name("company", name)?;
    let id = store::resolve(&state.db, &name, &alias_key(&name), Utc::now()).await?;
    Ok(id)
}

/// The company spelt `name`, if any (no company is created).
///
/// # Errors
/// Database failures.
pub async fn find(state: &AppState, name: &str) -> Result<Option<i64>> {
    let key = alias_key(name.trim());
    if key.is_empty() {
        return Ok(None);
    }
    let caches = &state.experience_reads.companies;
    if let Some(found) = caches.keys.get(&key).await {
        return Ok(found);
    }
    let found = store::by_key(&state.db.read, &key).await?;
    caches.keys.insert(key, found).await;
    Ok(found)
}

fn check_name(field: &str, name: &str) -> Result<String> {
    let name = name.trim().to_owned();
    let n = name.chars().count();
    if n == 0 || n > 100 || alias_key(&name).is_empty() {
        let mut errors = FieldErrors::new();
        errors.entry(field.into()).or_default().push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", "100".into())] });
        return Err(Error::Validation(errors));
    }
    Ok(name)
}

/// A list query's company filter and search words as resolved by [`expand`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// Only posts of this company.
    pub company_id: Option<i64>,
    /// The search text left for full-text matching.
    pub q: Option<String>,
}

/// Resolve the feed's `company` (any spelling) and `company_id`, and take a
/// company spelling out of `q` (see the module docs). `None`: nothing can
/// match (an unknown spelling, or two different companies asked for).
///
/// # Errors
/// Database failures.
pub async fn expand(state: &AppState, company: Option<&str>, company_id: Option<i64>, q: Option<&str>) -> Result<Option<Expanded>> {
    let mut id = company_id;
    if let Some(c) = company.map(str::trim).filter(|c| !c.is_empty()) {
        match find(state, c).await? {
            Some(found) if id.is_none_or(|i| i == found) => id = Some(found),
            _ => return Ok(None),
        }
    }
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    let Some(text) = q else { return Ok(Some(Expanded { company_id: id, q: None })) };
    if let Some(found) = find(state, text).await? {
        if id.is_some_and(|i| i != found) {
            return Ok(None);
        }
        return Ok(Some(Expanded { company_id: Some(found), q: None }));
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 1 {
        let mut hits = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if let Some(found) = find(state, w).await? {
                hits.push((i, found));
            }
        }
        if let [(i, found)] = hits[..]
            && id.is_none_or(|x| x == found)
        {
            let rest: Vec<&str> = words.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, w)| *w).collect();
            return Ok(Some(Expanded { company_id: Some(found), q: Some(rest.join(" ")) }));
        }
    }
    Ok(Some(Expanded { company_id: id, q: Some(text.to_owned()) }))
}

async fn summaries(state: &AppState, rows: Vec<CompanyRow>) -> Result<Vec<CompanySummary>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut aliases = store::aliases_of(&state.db.read, &ids).await?;
    Ok(rows.into_iter().map(|r| CompanySummary { aliases: aliases.remove(&r.id).unwrap_or_default(), id: r.id, name: r.name, count: r.count }).collect())
}

/// Companies whose name or an alias contains `q` (compared by [`alias_key`]),
/// in `order`, through the cache.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, q: Option<&str>, order: Order, page: u64, per_page: u64) -> Result<Page<CompanySummary>> {
    let key = q.map(alias_key).filter(|k| !k.is_empty());
    let st = state.clone();
    let found = state
        .experience_reads
        .companies
        .lists
        .get_or_load((key.clone(), order, page, per_page), move || {
            let (st, key) = (st.clone(), key.clone());
            async move {
                let (rows, total) = store::list(&st.db, key.as_deref(), order, page, per_page).await.map_err(|e| e.to_string())?;
                let items = summaries(&st, rows).await.map_err(|e| e.to_string())?;
                Ok::<_, String>(SummaryPage { items, total })
            }
        })
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!(e)))?;
    Ok(Page { items: found.items.clone(), total: found.total, page, per_page })
}

/// The season of a `YYYY-MM` month: (year, `autumn` for August–December,
/// `spring` for January–July). `None` for a malformed month.
pub fn season_of(month: &str) -> Option<(i32, &'static str)> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.get(..2)?.parse().ok()?);
    match m {
        8..=12 => Some((y, "autumn")),
        1..=7 => Some((y, "spring")),
        _ => None,
    }
}

fn build_page(company: CompanySummary, rows: store::StatsRows) -> CompanyPage {
    let (mut outcomes, mut difficulty) = (Outcomes::default(), Difficulties::default());
    let (mut rating_sum, mut ratings) = (0i64, 0i64);
    let mut seasons: BTreeMap<(i32, u8), (i64, Outcomes)> = BTreeMap::new();
    for c in &rows.cells {
        outcomes.add(c.interview_result.as_deref(), c.n);
        match c.interview_difficulty.as_deref() {
            Some("easy") => difficulty.easy += c.n,
            Some("medium") => difficulty.medium += c.n,
            Some("hard") => difficulty.hard += c.n,
            _ => difficulty.unknown += c.n,
        }
        rating_sum += c.rating_sum.unwrap_or(0);
        ratings += c.rating_n;
        if let Some((year, term)) = c.month.as_deref().and_then(season_of) {
            let s = seasons.entry((year, u8::from(term == "autumn"))).or_default();
            s.0 += c.n;
            s.1.add(c.interview_result.as_deref(), c.n);
        }
    }
    CompanyPage {
        company,
        outcomes,
        difficulty,
        average_rating: (ratings > 0).then(|| rating_sum as f64 / ratings as f64),
        ratings,
        seasons: seasons
            .into_iter()
            .map(|((year, autumn), (total, outcomes))| {
                let term = if autumn == 1 { "autumn" } else { "spring" };
                SeasonStat { season: format!("{year}-{term}"), year, term, total, outcomes }
            })
            .collect(),
        positions: rows.positions.into_iter().map(|p| PositionStat { position: p.position, total: p.n, offer: p.offers, rejected: p.rejected }).collect(),
        questions: rows.questions.into_iter().map(|q| QuestionStat { id: q.id, content: q.content, count: q.n }).collect(),
    }
}

/// Company `id` with its statistics, through the cache.
///
/// # Errors
/// 404 `not_found`; database failures.
pub async fn page(state: &AppState, id: i64) -> Result<CompanyPage> {
    let st = state.clone();
    let found = state
        .experience_reads
        .companies
        .pages
        .get_or_load(id, move || {
            let st = st.clone();
            async move {
                let load = async {
                    let Some(row) = store::get(&st.db, id).await? else { return Ok(None) };
                    let company = summaries(&st, vec![row]).await?.remove(0);
                    let rows = store::stats(&st.db, id, TOP_POSITIONS, TOP_QUESTIONS).await?;
                    Ok::<_, Error>(Some(build_page(company, rows)))
                };
                load.await.map_err(|e| e.to_string())
            }
        })
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!(e)))?;
    found.as_ref().clone().ok_or(Error::NotFound)
}

/// Rename company `id` (admin): the new name becomes an alias too.
///
/// # Errors
/// 400 `validation_failed` (`name`), 404 `not_found`, 409 `alias_taken`
/// when another company has that spelling; database failures.
pub async fn rename(state: &AppState, id: i64, name: &str) -> Result<()> {
    let name = check_name("name", name)?;
    store::rename(&state.db, id, &name, &alias_key(&name), Utc::now()).await?;
    admin_changed(state);
    Ok(())
}

/// Replace the aliases of company `id` (admin); its canonical name stays an
/// alias. Spellings with the same key count once.
///
/// # Errors
/// 400 `validation_failed` (`aliases`: `max_items`, `length`), 404
/// `not_found`, 409 `alias_taken`; database failures.
pub async fn set_aliases(state: &AppState, id: i64, aliases: &[String]) -> Result<()> {
    if aliases.len() > MAX_ALIASES {
        let mut errors = FieldErrors::new();
        errors.entry("aliases".into()).or_default().push(FieldError { code: "max_items", params: vec![("max", MAX_ALIASES.to_string())] });
        return Err(Error::Validation(errors));
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut list = Vec::new();
    for a in aliases {
        let a = check_name("aliases", a)?;
        let key = alias_key(&a);
        if seen.insert(key.clone(), a.clone()).is_none() {
            list.push((a, key));
        }
    }
    let current = store::get(&state.db, id).await?.ok_or(Error::NotFound)?;
    store::set_aliases(&state.db, id, &alias_key(&current.name), &list, Utc::now()).await?;
    admin_changed(state);
    Ok(())
}

/// Merge company `from` into `into` (admin): posts and aliases move in one
/// transaction, `from` is gone. Returns how many 面经 moved.
///
/// # Errors
/// 400 `merge_same` when they are one company, 404 `not_found`; database failures.
pub async fn merge(state: &AppState, from: i64, into: i64) -> Result<u64> {
    if from == into {
        return Err(Error::BadRequest("merge_same"));
    }
    let moved = store::merge(&state.db, from, into, Utc::now()).await?;
    admin_changed(state);
    tracing::info!(from, into, moved, "companies merged");
    Ok(moved)
}

/// After an admin edit: the spelling lookups and the 面经 reads (whose
/// company filters may now mean another company) start again.
fn admin_changed(state: &AppState) {
    state.experience_reads.companies.keys.invalidate_all();
    state.db.forget_totals();
    state.experience_reads.invalidate();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_compare_without_case_width_or_spaces() {
        assert_eq!(alias_key(" ByteDance / TikTok "), "bytedance/tiktok");
        assert_eq!(alias_key("ＢｙｔｅＤａｎｃｅ"), alias_key("bytedance"));
        assert_eq!(alias_key("字节"), "字节");
    }

    #[test]
    fn seasons_split_at_august() {
        assert_eq!(season_of("2025-08"), Some((2025, "autumn")));
        assert_eq!(season_of("2025-12-31"), Some((2025, "autumn")));
        assert_eq!(season_of("2026-01"), Some((2026, "spring")));
        assert_eq!(season_of("2026-07"), Some((2026, "spring")));
        assert_eq!(season_of("2026-13"), None);
        assert_eq!(season_of("bad"), None);
    }
}
