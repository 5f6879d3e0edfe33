//! Discussions (讨论): Markdown posts with up to five tags; lists filtered
//! by tag and text, the caller's own, and the caller's favorites; the tags
//! in use with their counts.
//!
//! Only the author edits; the author or an admin deletes (softly). Writes
//! drop the cached list totals; no 面经 read shows a discussion, so they
//! leave the 面经 cache alone.

use chrono::{DateTime, Utc};

use super::{drafts, excerpt, favorites, Viewer};
use crate::entity::enums::{DiscussionSort, DraftKind, TargetType};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::accounts::session::AuthSession;
use crate::features::search;
use crate::state::AppState;
use crate::store::discussions::{self, DiscussionRow, Edit, Filter, NewDiscussion};
use crate::store::tags::{self, TagCount};
use crate::store::views::Viewed;

/// Tags per discussion.
pub const MAX_TAGS: usize = 5;
/// Characters per tag.
pub const MAX_TAG_CHARS: usize = 20;
/// Characters of a title.
pub const MAX_TITLE_CHARS: usize = 100;
/// Characters of the content.
pub const MAX_CONTENT_CHARS: usize = 20_000;
/// Characters of the plain-text excerpt shown in lists.
pub const EXCERPT_CHARS: usize = 200;

/// A discussion as one viewer sees it in a list.
#[derive(Clone, Debug)]
pub struct Discussion {
    /// The stored discussion with its author and tags.
    pub row: DiscussionRow,
    /// The viewer has it as a favorite.
    pub is_favorited: bool,
    /// When the viewer favorited it (favorites list only).
    pub favorited_at: Option<DateTime<Utc>>,
}

/// A discussion with its Markdown content.
#[derive(Clone, Debug)]
pub struct DiscussionWithContent {
    /// The discussion.
    pub discussion: Discussion,
    /// Markdown, to be rendered sanitised.
    pub content: String,
}

/// What a discussion list shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct ListQuery<'a> {
    /// Full-text search over title, content and tags.
    pub q: Option<&'a str>,
    /// Only discussions with this tag (ignoring case).
    pub tag: Option<&'a str>,
    /// Order; `relevance` with `q`, else `latest`, when not given.
    pub sort: Option<DiscussionSort>,
    /// Only this author's discussions.
    pub author: Option<i64>,
}

/// Attach what `viewer` sees to `rows`.
async fn seen_by(state: &AppState, viewer: Viewer, rows: Vec<DiscussionRow>) -> Result<Vec<Discussion>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let favs = crate::store::favorites::favorited(&state.db, viewer.user_id, TargetType::Discussion, &ids).await?;
    Ok(rows.into_iter().map(|row| Discussion { is_favorited: favs.contains(&row.id), row, favorited_at: None }).collect())
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A page (`page` 1-based) of live discussions matching `query`, and how many
/// there are.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, viewer: Viewer, query: &ListQuery<'_>, page: u64, per_page: u64) -> Result<(Vec<Discussion>, u64)> {
    let terms = non_empty(query.q).map(search::query_terms);
    let sort = query.sort.unwrap_or(if terms.is_some() { DiscussionSort::Relevance } else { DiscussionSort::Latest });
    let filter = Filter { terms: terms.as_deref(), tag: non_empty(query.tag), author: query.author };
    let (rows, total) = discussions::page(&state.db, &filter, sort, page, per_page).await?;
    Ok((seen_by(state, viewer, rows).await?, total))
}

/// One live discussion; `after_write` reads what this process just wrote.
async fn fetch(state: &AppState, viewer: Viewer, id: i64, after_write: bool) -> Result<DiscussionWithContent> {
    let (row, content) = discussions::one(&state.db, id, after_write).await?.ok_or(Error::NotFound)?;
    let discussion = seen_by(state, viewer, vec![row]).await?.pop().ok_or(Error::NotFound)?;
    Ok(DiscussionWithContent { discussion, content })
}

/// Read one live discussion, counting a view (its `view_count` includes it).
///
/// # Errors
/// `NotFound`; database failures.
pub async fn read(state: &AppState, viewer: Viewer, id: i64) -> Result<DiscussionWithContent> {
    let mut d = fetch(state, viewer, id, false).await?;
    d.discussion.row.view_count += state.views.record(Viewed::Discussion, id);
    Ok(d)
}

/// A page (`page` 1-based) of `me`'s favorite live discussions, most
/// recently favorited first, and how many there are.
///
/// # Errors
/// Database failures.
pub async fn favorites(state: &AppState, me: &AuthSession, page: u64, per_page: u64) -> Result<(Vec<Discussion>, u64)> {
    let (ids, total) = favorites::page_of(state, me.user_id, TargetType::Discussion, page, per_page).await?;
    let viewer = Viewer::of(Some(me));
    let mut items = Vec::with_capacity(ids.len());
    for (id, at) in ids {
        // Deleted between the two reads: left out of the page.
        if let Ok(mut d) = fetch(state, viewer, id, false).await {
            d.discussion.favorited_at = Some(at);
            items.push(d.discussion);
        }
    }
    Ok((items, total))
}

/// A new discussion or an edit of one: a `None` field is not given (an error
/// when creating, unchanged when editing).
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// 1–100 characters after trimming.
    pub title: Option<String>,
    /// Markdown, 1–20000 characters after trimming.
    pub content: Option<String>,
    /// ≤ 5 tags of 1–20 characters; a leading `#` is dropped, empty ones are
    /// ignored and duplicates (ignoring case) merged, keeping the first.
    pub tags: Option<Vec<String>>,
}

/// A draft that passed [`check`]: trimmed texts and normalised tags.
#[derive(Debug, PartialEq, Eq)]
struct Checked {
    title: Option<String>,
    content: Option<String>,
    tags: Option<Vec<String>>,
}

/// Validate and normalise `draft`, reporting every bad field at once
/// (`required`, `length`, `max_items`, `max_length`).
fn check(draft: &Draft, creating: bool) -> Result<Checked> {
    let mut errors = FieldErrors::new();
    let mut text = |field: &str, v: Option<&String>, max: usize| {
        let v = v.map(|s| s.trim().to_owned());
        match &v {
            None if creating => errors.entry(field.into()).or_default().push(FieldError { code: "required", params: vec![] }),
            Some(s) if s.is_empty() || s.chars().count() > max => errors
                .entry(field.into())
                .or_default()
                .push(FieldError { code: "length", params: vec![("min", "1".into()), ("max", max.to_string())] }),
            _ => {}
        }
        v
    };
    let title = text("title", draft.title.as_ref(), MAX_TITLE_CHARS);
    let content = text("content", draft.content.as_ref(), MAX_CONTENT_CHARS);
    let tags = draft.tags.as_ref().map(|list| {
        let mut seen = std::collections::HashSet::new();
        let tags: Vec<String> = list.iter().map(|t| t.trim().trim_start_matches('#').to_owned()).filter(|t| !t.is_empty() && seen.insert(t.to_lowercase())).collect();
        if tags.len() > MAX_TAGS {
            errors.entry("tags".into()).or_default().push(FieldError { code: "max_items", params: vec![("max", MAX_TAGS.to_string())] });
        }
        if tags.iter().any(|t| t.chars().count() > MAX_TAG_CHARS) {
            errors.entry("tags".into()).or_default().push(FieldError { code: "max_length", params: vec![("max", MAX_TAG_CHARS.to_string())] });
        }
        tags
    });
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    Ok(Checked { title, content, tags })
}

/// The full-text index text of a discussion: title, content and tags.
fn search_text(title: &str, content: &str, tags: &[String]) -> String {
    search::index_text(&[title, content, &tags.join(" ")])
}

/// Start a discussion by `me`; it and its tags are stored in one transaction.
///
/// # Errors
/// `Validation` ([`Draft`]); database failures.
pub async fn create(state: &AppState, me: &AuthSession, draft: &Draft) -> Result<DiscussionWithContent> {
    let c = check(draft, true)?;
    let (title, content, tags) = (c.title.unwrap_or_default(), c.content.unwrap_or_default(), c.tags.unwrap_or_default());
    let new = NewDiscussion {
        author_id: me.user_id,
        excerpt: excerpt(&content, EXCERPT_CHARS),
        search_text: search_text(&title, &content, &tags),
        title,
        content,
        tags,
    };
    let id = discussions::create(&state.db, new).await?;
    state.db.forget_totals();
    drafts::published(state, me.user_id, DraftKind::Discussion, None).await;
    fetch(state, Viewer::of(Some(me)), id, true).await
}

/// Edit discussion `id` (its author only) with the fields `draft` gives.
///
/// # Errors
/// `Validation` ([`Draft`]), `NotFound` (no live discussion), `Forbidden`
/// (not the author); database failures.
pub async fn update(state: &AppState, me: &AuthSession, id: i64, draft: &Draft) -> Result<DiscussionWithContent> {
    let Checked { title, content, tags } = check(draft, false)?;
    discussions::update(&state.db, id, tags.as_deref(), |current| {
        if current.author_id != me.user_id {
            return Err(Error::Forbidden("forbidden"));
        }
        let title = title.unwrap_or_else(|| current.title.to_owned());
        let content = content.unwrap_or_else(|| current.content.to_owned());
        Ok(Edit { excerpt: excerpt(&content, EXCERPT_CHARS), search_text: search_text(&title, &content, current.tags), title, content })
    })
    .await?;
    state.db.forget_totals();
    drafts::published(state, me.user_id, DraftKind::Discussion, Some(id)).await;
    fetch(state, Viewer::of(Some(me)), id, true).await
}

/// Delete discussion `id` (its author or an admin); soft, its tags stop
/// counting it.
///
/// # Errors
/// `NotFound` (no live discussion), `Forbidden`; database failures.
pub async fn delete(state: &AppState, viewer: Viewer, id: i64) -> Result<()> {
    discussions::delete(&state.db, id, |author_id| if viewer.may_delete(author_id) { Ok(()) } else { Err(Error::Forbidden("forbidden")) }).await?;
    state.db.forget_totals();
    Ok(())
}

/// A page (`page` 1-based) of the tags in use, most used first, those
/// containing `q` (ignoring case) when given; and how many there are.
///
/// # Errors
/// Database failures.
pub async fn tags(state: &AppState, q: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<TagCount>, u64)> {
    tags::page(&state.db, non_empty(q), page, per_page).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: Option<&str>, content: Option<&str>, tags: Option<&[&str]>) -> Draft {
        Draft {
            title: title.map(Into::into),
            content: content.map(Into::into),
            tags: tags.map(|t| t.iter().map(|s| (*s).to_owned()).collect()),
        }
    }

    fn codes(r: Result<Checked>) -> Vec<(String, &'static str)> {
        match r {
            Err(Error::Validation(f)) => f.into_iter().flat_map(|(k, v)| v.into_iter().map(move |e| (k.clone(), e.code))).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn tags_are_trimmed_unhashed_and_merged_ignoring_case_in_the_authors_order() {
        let c = check(&draft(Some(" t "), Some("c"), Some(&["秋招", "Java", "java", " #JVM ", "", "#"])), true).ok();
        let expected = Checked { title: Some("t".into()), content: Some("c".into()), tags: Some(vec!["秋招".into(), "Java".into(), "JVM".into()]) };
        assert_eq!(c, Some(expected));
    }

    #[test]
    fn creating_requires_title_and_content_and_editing_does_not() {
        assert_eq!(codes(check(&draft(None, None, None), true)), vec![("content".into(), "required"), ("title".into(), "required")]);
        assert_eq!(check(&draft(None, None, None), false).ok(), Some(Checked { title: None, content: None, tags: None }));
        assert_eq!(codes(check(&draft(Some("  "), None, None), false)), vec![("title".into(), "length")]);
    }

    #[test]
    fn too_many_or_too_long_tags_are_refused_and_all_fields_reported_at_once() {
        assert_eq!(codes(check(&draft(Some("t"), Some("c"), Some(&["a", "b", "c", "d", "e", "f"])), true)), vec![("tags".into(), "max_items")]);
        assert!(check(&draft(Some("t"), Some("c"), Some(&["a", "B", "b", "c", "d", "e"])), true).is_ok(), "duplicates do not count");
        let long = "x".repeat(MAX_TAG_CHARS + 1);
        let title = "y".repeat(MAX_TITLE_CHARS + 1);
        let got = codes(check(&draft(Some(&title), Some(""), Some(&[&long])), true));
        assert_eq!(got, vec![("content".into(), "length"), ("tags".into(), "max_length"), ("title".into(), "length")]);
    }
}
