//! The site's pages that sign-up asks consent to: the terms of service
//! (`terms`) and the privacy policy (`privacy`), in Markdown, per language.
//!
//! Until an administrator edits a page, every language shows the short text
//! shipped in `src/features/pages/*.md`; that text is **version 1**. Each
//! save of any language raises the page's version by one (so the first edit
//! makes it 2), and sign-ups record the versions current at that moment
//! ([`consent_now`]), so an operator can tell who accepted which text.
//!
//! A reader's language falls back when it has no edited text but another
//! language has: an edited page replaces the shipped text in every language
//! (the shipped one no longer matches the version in force), preferring
//! zh-CN, then en, then zh-TW. The answer names the language it is in.

use chrono::{DateTime, Utc};

use crate::entity::site_page;
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::accounts::Consent;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store::pages;

/// Longest page body accepted, in characters.
pub const MAX_BODY_CHARS: usize = 100_000;

/// Version of the shipped default text of every page.
pub const DEFAULT_VERSION: i32 = 1;

/// A page sign-up refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slug {
    /// 用户协议, the terms of service.
    Terms,
    /// 隐私政策, the privacy policy.
    Privacy,
}

impl Slug {
    /// Both pages.
    pub const ALL: [Slug; 2] = [Slug::Terms, Slug::Privacy];

    /// `terms` | `privacy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Slug::Terms => "terms",
            Slug::Privacy => "privacy",
        }
    }

    /// The slug named `s`; 404 for any other (the page does not exist).
    ///
    /// # Errors
    /// 404 `not_found`.
    pub fn parse(s: &str) -> Result<Slug> {
        Slug::ALL.into_iter().find(|p| p.as_str() == s).ok_or(Error::NotFound)
    }

    /// The shipped default text in `lang`.
    pub fn default_body(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Slug::Terms, Lang::ZhCn) => include_str!("pages/terms.zh-CN.md"),
            (Slug::Terms, Lang::ZhTw) => include_str!("pages/terms.zh-TW.md"),
            (Slug::Terms, Lang::En) => include_str!("pages/terms.en.md"),
            (Slug::Privacy, Lang::ZhCn) => include_str!("pages/privacy.zh-CN.md"),
            (Slug::Privacy, Lang::ZhTw) => include_str!("pages/privacy.zh-TW.md"),
            (Slug::Privacy, Lang::En) => include_str!("pages/privacy.en.md"),
        }
    }
}

/// A page as a reader gets it.
#[derive(Clone, Debug)]
pub struct Page {
    /// Which page.
    pub slug: Slug,
    /// The language of `body` (the reader's, or a fallback).
    pub lang: Lang,
    /// Markdown.
    pub body: String,
    /// The page's current version (what a sign-up now accepts).
    pub version: i32,
    /// `false` while the shipped default text is shown.
    pub edited: bool,
    /// When `body` was last saved; `None` for the default text.
    pub updated_at: Option<DateTime<Utc>>,
}

const FALLBACK: [Lang; 3] = [Lang::ZhCn, Lang::En, Lang::ZhTw];

fn lang_of(code: &str) -> Lang {
    FALLBACK.into_iter().find(|l| l.locale() == code).unwrap_or_default()
}

fn page_of(slug: Slug, mut rows: Vec<site_page::Model>, lang: Lang) -> Page {
    let version = rows.iter().map(|r| r.version).max().unwrap_or(DEFAULT_VERSION);
    let pick = rows
        .iter()
        .position(|r| r.lang == lang.locale())
        .or_else(|| FALLBACK.iter().find_map(|l| rows.iter().position(|r| r.lang == l.locale())));
    match pick {
        Some(i) => {
            let row = rows.swap_remove(i);
            Page { slug, lang: lang_of(&row.lang), body: row.body, version, edited: true, updated_at: Some(row.updated_at) }
        }
        None => Page { slug, lang, body: slug.default_body(lang).to_owned(), version, edited: false, updated_at: None },
    }
}

/// Page `slug` for a reader of `lang`.
///
/// # Errors
/// Database failures.
pub async fn page(state: &AppState, slug: Slug, lang: Lang) -> Result<Page> {
    Ok(page_of(slug, pages::rows(&state.db, slug.as_str()).await?, lang))
}

/// The current version of `slug`.
///
/// # Errors
/// Database failures.
pub async fn version(state: &AppState, slug: Slug) -> Result<i32> {
    Ok(pages::rows(&state.db, slug.as_str()).await?.iter().map(|r| r.version).max().unwrap_or(DEFAULT_VERSION))
}

/// An acceptance, now, of the current terms and privacy policy: what every
/// self-service sign-up records on the new account.
///
/// # Errors
/// Database failures.
pub async fn consent_now(state: &AppState) -> Result<Consent> {
    Ok(Consent { accepted_at: Utc::now(), terms_version: version(state, Slug::Terms).await?, privacy_version: version(state, Slug::Privacy).await? })
}

/// The refusal of a sign-up that did not accept the terms and privacy
/// policy: 400 `terms_not_accepted`.
///
/// # Errors
/// Always, unless `accepted`.
pub fn require_consent(accepted: bool) -> Result<()> {
    if accepted { Ok(()) } else { Err(Error::BadRequest("terms_not_accepted")) }
}

/// Save `body` as the `lang` text of `slug` (by administrator `admin`; the
/// caller checked the role) and raise the page's version. Surrounding
/// whitespace is trimmed.
///
/// # Errors
/// 400 `validation_failed` (`body`: `not_empty`, `length`); database
/// failures.
pub async fn save(state: &AppState, admin: i64, slug: Slug, lang: Lang, body: &str) -> Result<Page> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::field("body", "not_empty"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        let reason = FieldError { code: "length", params: vec![("min", "1".to_owned()), ("max", MAX_BODY_CHARS.to_string())] };
        return Err(Error::Validation(FieldErrors::from([("body".to_owned(), vec![reason])])));
    }
    pages::save(&state.db, slug.as_str(), lang.locale(), body.to_owned(), admin, DEFAULT_VERSION).await?;
    page(state, slug, lang).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(lang: &str, version: i32) -> site_page::Model {
        site_page::Model {
            id: 0,
            slug: "terms".into(),
            lang: lang.into(),
            body: format!("{lang} v{version}"),
            version,
            updated_by: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn unedited_pages_show_the_shipped_text_as_version_1() {
        let p = page_of(Slug::Terms, vec![], Lang::En);
        assert_eq!((p.version, p.edited, p.lang), (1, false, Lang::En));
        assert!(p.body.starts_with("# Terms of Service"));
        assert!(Slug::Privacy.default_body(Lang::ZhTw).starts_with("# 隱私權政策"));
    }

    #[test]
    fn an_edited_language_wins_and_others_fall_back_to_zh_cn_first() {
        let rows = vec![row("zh-CN", 3), row("en", 2)];
        let en = page_of(Slug::Terms, rows.clone(), Lang::En);
        assert_eq!((en.body.as_str(), en.version, en.lang), ("en v2", 3, Lang::En));
        let tw = page_of(Slug::Terms, rows, Lang::ZhTw);
        assert_eq!((tw.body.as_str(), tw.lang, tw.edited), ("zh-CN v3", Lang::ZhCn, true));
        let only_en = page_of(Slug::Terms, vec![row("en", 2)], Lang::ZhCn);
        assert_eq!(only_en.lang, Lang::En);
    }
}
