//! 面经: lists with filters, search and sorts; one post (counting a view);
//! sharing, editing (author only) and deleting (author or admin) a post;
//! the company filter. Reads go through the caches of [`read::Reads`]; every
//! write that changes what a list or detail shows ends in [`changed`], and
//! one that must not be shown a moment longer in [`privacy_changed`].
//!
//! Cross-node invalidation: each node caches reads for up to
//! [`MAX_AGE`](crate::features::read_cache::MAX_AGE), so another node's
//! write shows within seconds. That is fine for a new post or a count, not
//! for a post made anonymous or deleted, or an author banned: with
//! `redis_url` set, [`privacy_changed`] publishes on the Redis channel
//! [`INVALIDATE_CHANNEL`] and every node's [`listen_for_changes`] task drops
//! its caches on the message. A listener that lost Redis drops everything
//! when it is back (messages may have been missed while it was away).

pub mod index;
pub mod model;
pub mod read;
pub mod similar;

use std::collections::HashSet;

use chrono::Utc;

use crate::entity::enums::{Difficulty, ExperienceSort, InterviewResult};
use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::entity::enums::DraftKind;
use crate::features::community::{drafts, Viewer};
use crate::features::companies;
use crate::features::search;
use crate::features::Page;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store::experiences::{DetailRow, ListFilter, ListPage, Row};
use crate::store::helpful::HelpfulTarget;
use crate::store::kv::Notice;
use crate::store::views::Viewed;

pub use model::{ExperiencePatch, NewExperience, Origin, ValidPatch};
pub use read::Body;

/// A list query as the caller gives it (texts are trimmed here).
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    /// Any spelling of a company ([`crate::features::companies::expand`]).
    pub company: Option<String>,
    /// Only posts of this company.
    pub company_id: Option<i64>,
    /// Part of the position.
    pub position: Option<String>,
    pub career_id: Option<i64>,
    pub result: Option<InterviewResult>,
    pub difficulty: Option<Difficulty>,
    /// Full-text search; every word must match.
    pub q: Option<String>,
    /// Default: relevance with `q`, else latest.
    pub sort: Option<ExperienceSort>,
    /// Only posts in this language (`zh` | `en`, see [`crate::text`]'s
    /// detection at posting time); `None` for every language.
    pub lang: Option<String>,
    /// Leave out anonymous posts, also the viewer's own (a public profile).
    pub public: bool,
    /// 1-based, default 1.
    pub page: Option<u64>,
    /// Default 20.
    pub per_page: Option<u64>,
}

impl ListQuery {
    fn page(&self) -> (u64, u64) {
        (self.page.unwrap_or(1), self.per_page.unwrap_or(20))
    }

    /// The [`ListFilter`] of this query (and `author` for an author's own
    /// list) once its company and search words are resolved (`expanded`),
    /// or `None` when `q` has no searchable word (nothing matches).
    fn filter(&self, author: Option<i64>, expanded: &companies::Expanded) -> Option<ListFilter> {
        let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let terms = match text(&expanded.q) {
            Some(q) => Some(search::query_terms(&q)).filter(|t| !t.is_empty()).map(Some)?,
            None => None,
        };
        let (page, per_page) = self.page();
        Some(ListFilter {
            sort: self.sort.unwrap_or(if terms.is_some() { ExperienceSort::Relevance } else { ExperienceSort::Latest }),
            terms,
            company_id: expanded.company_id,
            position: text(&self.position),
            career_id: self.career_id,
            result: self.result,
            difficulty: self.difficulty,
            author,
            public: self.public,
            lang: self.lang.clone(),
            page,
            per_page,
        })
    }
}

/// A 面经 as one viewer sees it.
#[derive(Clone, Debug)]
pub struct ExperienceView {
    pub row: Row,
    /// The viewer favorited it.
    pub favorited: bool,
    /// The author may be shown: the post is not anonymous, or the viewer is
    /// its author or an admin.
    pub author_visible: bool,
    /// The viewer wrote it.
    pub is_author: bool,
    /// The viewer counts it helpful (有帮助).
    pub helpful: bool,
}

/// A 面经 with its content, as one viewer sees it.
#[derive(Clone, Debug)]
pub struct DetailView {
    pub view: ExperienceView,
    /// The questions asked, in order.
    pub interview_questions: Vec<String>,
    /// Markdown.
    pub content: String,
}

fn view(row: Row, viewer: Viewer, (favorited, helpful): (bool, bool)) -> ExperienceView {
    ExperienceView { author_visible: !row.anonymous || viewer.sees_author(row.author_id), is_author: viewer.user_id == Some(row.author_id), favorited, helpful, row }
}

fn detail_view(d: &DetailRow, viewer: Viewer, marks: (bool, bool)) -> DetailView {
    DetailView {
        view: view(d.row.clone(), viewer, marks),
        interview_questions: serde_json::from_str(&d.interview_questions).unwrap_or_default(),
        content: d.content.clone(),
    }
}

/// Drop every cached 面经 list page, detail and list total: called after
/// every write that changes what they show (a post, its counters, its
/// author's name or avatar).
pub fn changed(state: &AppState) {
    state.db.forget_totals();
    state.experience_reads.invalidate();
}

/// The Redis channel (after `redis_prefix`) of [`privacy_changed`].
pub const INVALIDATE_CHANNEL: &str = "experiences:invalidate";

/// Like [`changed`], on every node sharing Redis at once: for changes that
/// must not be shown a moment longer, such as a post made anonymous or
/// deleted, a banned or disabled author, a deleted comment. Without Redis
/// there is no other node. Publishing is best effort: when Redis is down
/// the change stands and other nodes drop their entries within
/// [`MAX_AGE`](crate::features::read_cache::MAX_AGE) (10 s) as usual.
pub async fn privacy_changed(state: &AppState) {
    changed(state);
    if let Err(e) = state.kv.publish(INVALIDATE_CHANNEL, &state.experience_reads.node).await {
        tracing::warn!(error = %e, "cannot tell the other nodes to drop their cached 面经 reads");
    }
}

/// With `redis_url` set, start this process's listener for
/// [`privacy_changed`] messages (see the module docs) and wait until it is
/// subscribed (at most 2 s; it keeps trying in the background). The task
/// ends with the state.
pub async fn listen_for_changes(state: &AppState) {
    let Some(url) = state.config.redis_url.clone().filter(|u| !u.trim().is_empty()) else { return };
    let weak = std::sync::Arc::downgrade(&state.0);
    let subscribed = crate::store::kv::subscribe(url, &state.config.redis_prefix, INVALIDATE_CHANNEL, move |notice| {
        let Some(inner) = weak.upgrade() else { return false };
        let state = AppState(inner);
        match notice {
            Notice::Message(from) if from == state.experience_reads.node => {}
            Notice::Message(_) | Notice::Subscribed { first: false } => changed(&state),
            Notice::Subscribed { first: true } | Notice::Idle => {}
        }
        true
    });
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), subscribed).await;
}

/// The viewer's favorite and helpful vote of each of `ids` (two queries
/// for a logged-in viewer, none otherwise).
async fn marks(state: &AppState, viewer: Viewer, ids: &[i64]) -> Result<(HashSet<i64>, HashSet<i64>)> {
    let favs = state.experiences.favorited(viewer.user_id, ids).await?;
    let helpful = crate::store::helpful::voted(&state.db, viewer.user_id, HelpfulTarget::Experience, ids).await?;
    Ok((favs, helpful))
}

/// The [`ListFilter`] of `query`: its company spellings resolved to a
/// company ([`companies::expand`]); `None` when nothing can match.
async fn resolve_filter(state: &AppState, query: &ListQuery, author: Option<i64>) -> Result<Option<ListFilter>> {
    let Some(expanded) = companies::expand(state, query.company.as_deref(), query.company_id, query.q.as_deref()).await? else { return Ok(None) };
    Ok(query.filter(author, &expanded))
}

/// Add the per-viewer fields to a page of rows.
async fn render(state: &AppState, viewer: Viewer, f: &ListFilter, data: &ListPage) -> Result<Page<ExperienceView>> {
    let ids: Vec<i64> = data.rows.iter().map(|r| r.id).collect();
    let (favs, helpful) = marks(state, viewer, &ids).await?;
    let items = data.rows.iter().map(|r| view(r.clone(), viewer, (favs.contains(&r.id), helpful.contains(&r.id)))).collect();
    Ok(Page { items, total: data.total, page: f.page, per_page: f.per_page })
}

/// One page of live 面经 for `viewer`: public lists through the cache, an
/// author's own list (`author`, anonymous posts included) from the database.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, viewer: Viewer, query: &ListQuery, author: Option<i64>) -> Result<Page<ExperienceView>> {
    let Some(f) = resolve_filter(state, query, author).await? else {
        let (page, per_page) = query.page();
        return Ok(Page { items: vec![], total: 0, page, per_page });
    };
    let data = if author.is_none() {
        let (st, key) = (state.clone(), f.clone());
        state.experience_reads.lists.get_or_load(f.clone(), move || {
            let (st, key) = (st.clone(), key.clone());
            async move { st.experiences.list(&key).await }
        })
        .await?
    } else {
        std::sync::Arc::new(state.experiences.list(&f).await?)
    };
    render(state, viewer, &f, &data).await
}

/// The serialised page of `query` as a logged-out caller in `lang` sees it,
/// cached per language; `serialise` turns the page into the response body.
/// `None` when `query` has no searchable word (use [`list`]).
///
/// # Errors
/// Database failures.
pub async fn anonymous_list<S>(state: &AppState, query: &ListQuery, lang: Lang, serialise: S) -> Result<Option<Body>>
where
    S: Fn(&Page<ExperienceView>) -> bytes::Bytes + Send + Sync + Clone + 'static,
{
    let Some(f) = resolve_filter(state, query, None).await? else { return Ok(None) };
    let (st, key) = (state.clone(), f.clone());
    let body = state
        .experience_reads
        .anonymous_lists
        .get_or_load((f, lang), move || {
            let (st, key, serialise) = (st.clone(), key.clone(), serialise.clone());
            async move {
                let data = st.experiences.list(&key).await?;
                let page = render(&st, Viewer::default(), &key, &data).await.map_err(|e| load_error(&e))?;
                Ok::<_, crate::store::StoreError>(Body(serialise(&page)))
            }
        })
        .await?;
    Ok(Some(body.as_ref().clone()))
}

/// A load error of a cached read, which must be cloneable.
fn load_error(e: &Error) -> crate::store::StoreError {
    crate::store::StoreError::Custom(e.to_string())
}

/// Live 面经 `id` as `viewer` sees it, through the detail cache; with
/// `count_view`, counts a view (buffered) and shows it.
///
/// # Errors
/// 404 `not_found` for missing or deleted posts; database failures.
pub async fn get(state: &AppState, viewer: Viewer, id: i64, count_view: bool) -> Result<DetailView> {
    let st = state.clone();
    let found = state
        .experience_reads
        .details
        .get_or_load(id, move || {
            let st = st.clone();
            async move { st.experiences.detail(id).await }
        })
        .await?;
    let found = found.as_ref().as_ref().ok_or(Error::NotFound)?;
    let (favs, helpful) = marks(state, viewer, &[id]).await?;
    let mut d = detail_view(found, viewer, (!favs.is_empty(), !helpful.is_empty()));
    if count_view {
        d.view.row.view_count += state.views.record(Viewed::Experience, id);
    }
    Ok(d)
}

/// Like [`get`] but uncached and without counting a view, for the answer
/// to an edit (read after its commit).
async fn get_fresh(state: &AppState, viewer: Viewer, id: i64) -> Result<DetailView> {
    let found = state.experiences.detail(id).await?.ok_or(Error::NotFound)?;
    let (favs, helpful) = marks(state, viewer, &[id]).await?;
    Ok(detail_view(&found, viewer, (!favs.is_empty(), !helpful.is_empty())))
}

/// The name of career `id` (`None` without one), remembered for a minute.
///
/// # Errors
/// 400 with `fields.career_id` when there is no such career.
async fn career_name(state: &AppState, id: Option<i64>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    if let Some(name) = state.experience_reads.careers.get(&id).await {
        return Ok(Some(name));
    }
    let name = state.experiences.career_name(id).await?.ok_or_else(|| Error::field("career_id", "career"))?;
    state.experience_reads.careers.insert(id, name.clone()).await;
    Ok(Some(name))
}

/// Share a 面经 as `me`; the answer shows it as stored.
///
/// # Errors
/// 400 `validation_failed` (see [`ExperiencePatch::check`]); database failures.
pub async fn create(state: &AppState, me: &AuthSession, patch: &ExperiencePatch) -> Result<DetailView> {
    let valid = patch.check(true)?;
    let career_name = career_name(state, valid.career_id.flatten()).await?;
    let new = NewExperience::from_patch(me.user_id, valid, Utc::now());
    let questions = new.interview_questions.clone();
    let company_id = companies::resolve(state, &new.company).await?;
    let (mut model, prepared) = new.into_row();
    model.company_id = Some(company_id);
    // The answer is built from what is stored rather than read back: on
    // SQLite that read (a ~5 KB row out of every reader's page cache) cost
    // more than the rest of a create (BENCHMARKS.md).
    let author = state.experiences.author(me.user_id).await?;
    let mut row = Row {
        id: 0,
        author_id: model.author_id,
        title: model.title.clone(),
        company: model.company.clone(),
        company_id: model.company_id,
        position: model.position.clone(),
        career_id: model.career_id,
        career_name,
        interview_date: model.interview_date,
        interview_result: model.interview_result.clone(),
        interview_difficulty: model.interview_difficulty.clone(),
        interview_evaluation: model.interview_evaluation,
        excerpt: model.excerpt.clone(),
        question_count: model.question_count,
        anonymous: model.anonymous,
        view_count: 0,
        favorites_count: 0,
        comments_count: 0,
        helpful_count: 0,
        source: None,
        source_path: None,
        license: None,
        lang: model.lang.clone(),
        created_at: model.created_at,
        updated_at: model.updated_at,
        author_name: author.name,
        author_avatar: author.avatar,
        author_deleted_at: author.deleted_at,
    };
    let content = model.content.clone();
    row.id = state.experiences.create(model, prepared).await?;
    changed(state);
    drafts::published(state, me.user_id, DraftKind::Experience, None).await;
    Ok(DetailView { view: view(row, Viewer::of(Some(me)), (false, false)), interview_questions: questions, content })
}

/// Edit live 面经 `id` (its author only): the sent fields of `patch`.
///
/// # Errors
/// 400 `validation_failed`, 403 `forbidden` for anyone but the author,
/// 404 `not_found`; database failures.
pub async fn update(state: &AppState, me: &AuthSession, id: i64, patch: &ExperiencePatch) -> Result<DetailView> {
    let valid = patch.check(false)?;
    career_name(state, valid.career_id.flatten()).await?;
    // Resolved before the edit's transaction: a company created for a
    // refused edit is an empty company, which lists show with 0 面经.
    let company_id = match &valid.company {
        Some(name) => Some(companies::resolve(state, name).await?),
        None => None,
    };
    let author = me.user_id;
    state
        .experiences
        .update(id, move |mut m| {
            if m.author_id != author {
                return Err(Error::Forbidden("forbidden"));
            }
            let prepared = valid.apply(&mut m, Utc::now());
            if company_id.is_some() {
                m.company_id = company_id;
            }
            Ok((m, prepared))
        })
        .await?;
    // Every node at once for a change of `anonymous`; other edits too, as an
    // edit may take a name or detail out of the text for the same reason.
    privacy_changed(state).await;
    drafts::published(state, me.user_id, DraftKind::Experience, Some(id)).await;
    get_fresh(state, Viewer::of(Some(me)), id).await
}

/// Delete live 面经 `id` (its author or an admin). Soft: comments and
/// favorites stay, the post leaves every list.
///
/// # Errors
/// 403 `forbidden`, 404 `not_found`; database failures.
pub async fn delete(state: &AppState, me: &AuthSession, id: i64) -> Result<()> {
    let author = state.experiences.author_of(id).await?.ok_or(Error::NotFound)?;
    if !Viewer::of(Some(me)).may_delete(author) {
        return Err(Error::Forbidden("forbidden"));
    }
    state.experiences.soft_delete(id, Utc::now()).await?;
    // Right after the delete: the 面经 store writes outside our transactions.
    crate::store::notifications::forget_post(&state.db.write, crate::entity::enums::TargetType::Experience, id).await?;
    privacy_changed(state).await;
    if author != me.user_id {
        tracing::info!(admin = me.user_id, experience = id, "experience deleted by admin");
    }
    Ok(())
}
