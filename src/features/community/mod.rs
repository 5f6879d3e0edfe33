//! The community: discussions, comments and favorites (one module each),
//! and the rules they share with 面经: who may see an anonymous author or
//! delete a post, and the plain-text excerpt of a Markdown post.

pub mod comments;
pub mod discussions;
pub mod drafts;
pub mod favorites;
pub mod helpful;
pub mod profiles;

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::features::accounts::session::AuthSession;

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

    /// Is the logged-in user `author_id` (wrote what is shown).
    pub fn is(&self, author_id: i64) -> bool {
        self.user_id == Some(author_id)
    }

    /// May see who wrote an anonymous post by `author_id`.
    pub fn sees_author(&self, author_id: i64) -> bool {
        self.is_admin || self.is(author_id)
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
