//! Pieces shared by experiences, discussions, comments and favorites:
//! author display (anonymity, deleted users), excerpts, the list envelope's
//! cached totals and "which of these did the caller favorite".

use std::collections::HashSet;

use pulldown_cmark::{Event, Parser, TagEnd};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::AuthSession;
use crate::db::sql::Sql;
use crate::error::Result;
use crate::i18n::{tr, Lang};
use crate::state::AppState;

/// Who wrote something, as shown to readers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Author {
    pub id: i64,
    /// Display name; translated "deleted user" for deleted accounts.
    pub name: String,
    pub avatar: Option<String>,
    /// The account was deleted.
    pub deleted: bool,
}

impl Author {
    /// Build from the joined user columns.
    pub fn new(lang: Lang, id: i64, name: Option<String>, avatar: Option<String>, deleted: bool) -> Author {
        if deleted {
            return Author { id, name: tr(lang, "user.deleted_name", &[]), avatar: None, deleted: true };
        }
        Author { id, name: name.unwrap_or_default(), avatar, deleted: false }
    }
}

/// The caller, as far as visibility rules care.
#[derive(Clone, Copy, Debug, Default)]
pub struct Viewer {
    /// Logged-in user id.
    pub user_id: Option<i64>,
    /// Administrator.
    pub is_admin: bool,
}

impl Viewer {
    /// From an optional session.
    pub fn of(s: Option<&AuthSession>) -> Viewer {
        Viewer { user_id: s.map(|s| s.user_id), is_admin: s.is_some_and(|s| s.is_admin) }
    }

    /// May see who wrote an anonymous post by `author_id`.
    pub fn sees_author(&self, author_id: i64) -> bool {
        self.is_admin || self.user_id == Some(author_id)
    }

    /// May delete content of `author_id` (its author or an admin).
    pub fn may_delete(&self, author_id: i64) -> bool {
        self.sees_author(author_id)
    }
}

/// Plain text of Markdown `content`, whitespace collapsed, at most `max`
/// characters (with an ellipsis when cut).
pub fn excerpt(content: &str, max: usize) -> String {
    let mut text = String::new();
    // Characters in `text`, counted as they are added (counting all of
    // `text` after every event made this quadratic in the content).
    let mut chars = 0;
    for ev in Parser::new(content) {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(&t);
                chars += t.chars().count();
            }
            // Blocks end with a space; inline ends (bold, links) join their words.
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::TableCell | TagEnd::List(_),
            ) => {
                text.push(' ');
                chars += 1;
            }
            _ => {}
        }
        if chars > max * 2 {
            break;
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The ids among `ids` of `target_type` that `user_id` has favorited.
///
/// # Errors
/// Database failures.
pub async fn favorited_ids<C: ConnectionTrait>(db: &C, user_id: Option<i64>, target_type: &str, ids: &[i64]) -> Result<HashSet<i64>> {
    let Some(user_id) = user_id else { return Ok(HashSet::new()) };
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        target_id: i64,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT target_id FROM favorites WHERE user_id = ")
        .bind(user_id)
        .push(" AND target_type = ")
        .bind(target_type)
        .push(" AND target_id IN ")
        .bind_list(ids.iter().copied());
    let rows = Row::find_by_statement(sql.build()).all(db).await?;
    Ok(rows.into_iter().map(|r| r.target_id).collect())
}

/// `COUNT(*)` for a list query, cached by `key` for a few seconds. Concurrent
/// misses of one key run the count once (moka's `try_get_with`), so an
/// expiring entry under load does not become 64 simultaneous counts.
///
/// # Errors
/// Database failures.
pub async fn cached_total(state: &AppState, key: String, count: Sql) -> std::result::Result<u64, sea_orm::DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        n: i64,
    }
    let db = state.db.read.clone();
    state
        .list_totals
        .try_get_with(key, async move {
            let row = Row::find_by_statement(count.build()).one(&db).await?;
            Ok::<u64, sea_orm::DbErr>(row.map_or(0, |r| r.n.max(0) as u64))
        })
        .await
        .map_err(|e| (*e).clone())
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpt_strips_markdown_and_cuts() {
        assert_eq!(excerpt("# 一面\n\n**问了** `Redis` 和 [缓存](http://x)", 100), "一面 问了 Redis 和 缓存");
        assert_eq!(excerpt("写**二叉树**的遍历，**LeetCode**，很难", 100), "写二叉树的遍历，LeetCode，很难");
        assert_eq!(excerpt("abcdef", 4), "abc…");
        assert_eq!(excerpt("<script>alert(1)</script>\n\nhi", 100), "hi", "raw HTML never reaches the excerpt");
    }
}
