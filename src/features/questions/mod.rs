//! The question bank's rules: a question's identity ([`content_key`]) and
//! index text, the interview questions of a 面经 prepared for the bank, and
//! questions as lists show them ([`Question`], read by [`items`]). The use
//! cases are in the submodules: browsing ([`bank`]), recommendation
//! ([`recommend`]), administration ([`admin`]) and private notes ([`notes`]).
//!
//! This module itself reads nothing: the 面经 writer uses its rules, and
//! every reader depends on the application state.

pub mod admin;
pub mod bank;
pub mod items;
pub mod notes;
pub mod recommend;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::features::search;
pub use crate::store::questions::PreparedQuestion;

/// SHA-256 of the question text, lower-cased with all whitespace removed:
/// the identity of a question across imports, admins and 面经.
pub fn content_key(text: &str) -> String {
    let norm: String = text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    hex::encode(Sha256::digest(norm.as_bytes()))
}

/// `search_text` of a question: its text and tags (answers are not indexed,
/// so a search finds questions about a topic, not every long answer that
/// mentions it).
pub fn search_text(content: &str, tags: &[String]) -> String {
    search::index_text(&[content, &tags.join(" ")])
}

/// The distinct (by [`content_key`]) non-empty questions among a 面经's
/// `questions`, with their search text, appending every question's
/// [`search::document_words`] (repeats kept) to `words`: the 面经's own
/// search text contains them, and jieba then segments each question once
/// instead of twice (`crate::http::experiences::index_experience`).
pub fn prepare_questions<'a>(questions: &'a [String], words: &mut Vec<std::borrow::Cow<'a, str>>) -> Vec<PreparedQuestion> {
    let mut seen = std::collections::HashSet::new();
    let mut prepared = Vec::with_capacity(questions.len());
    for q in questions.iter().map(|q| q.trim()).filter(|q| !q.is_empty()) {
        let own = search::document_words(q);
        let key = content_key(q);
        if seen.insert(key.clone()) {
            // `search_text(q, &[])`: no tags yet.
            prepared.push(PreparedQuestion { content: q.to_owned(), search_text: search::index_words(own.clone()), key });
        }
        words.extend(own);
    }
    prepared
}

/// `(content_key, search_text)` of a question with `content` and `tags`.
pub fn index(content: &str, tags: &[String]) -> (String, String) {
    (content_key(content), search_text(content, tags))
}

/// A question of the bank as lists show it.
#[derive(Clone, Debug)]
pub struct Question {
    /// `questions.id`.
    pub id: i64,
    /// Markdown (may contain code blocks).
    pub content: String,
    /// Its career.
    pub career_id: Option<i64>,
    /// That career's name.
    pub career_name: Option<String>,
    /// `easy` | `medium` | `hard`.
    pub difficulty: Option<String>,
    /// Tags, alphabetical.
    pub tags: Vec<String>,
    /// `zh` | `en`.
    pub lang: String,
    /// Whether it has a reference answer.
    pub has_answer: bool,
    /// Companies whose live 面经 report it.
    pub companies: Vec<String>,
    /// Favorites of it.
    pub favorites: i32,
    /// Whether the caller favorited it.
    pub is_favorited: bool,
    /// Where it comes from (`owner/repo`, or `mianjing` for 面经).
    pub source: Option<String>,
    /// The file or 面经 it comes from.
    pub source_path: Option<String>,
    /// Its licence.
    pub license: Option<String>,
    /// When the caller favorited it (favorites list only).
    pub favorited_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::experiences::index_experience;
    use chrono::Utc;
    use crate::entity::experience;

    /// A 面经 with `questions` and otherwise empty fields.
    fn model(title: &str, position: Option<&str>, questions: &[&str], content: &str) -> experience::Model {
        experience::Model {
            id: 0,
            author_id: 1,
            title: title.into(),
            company: "字节跳动".into(),
            company_key: "字节跳动".into(),
            position: position.map(Into::into),
            career_id: None,
            interview_date: None,
            interview_result: None,
            interview_difficulty: None,
            interview_evaluation: None,
            question_count: questions.len() as i32,
            interview_questions: serde_json::to_string(questions).unwrap(),
            excerpt: String::new(),
            content: content.into(),
            anonymous: false,
            favorites_count: 0,
            comments_count: 0,
            lang: "zh".into(),
            source: None,
            source_path: None,
            license: None,
            import_key: None,
            search_text: String::new(),
            deleted_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    /// Segmenting each question once gives the texts that segmenting the
    /// joined questions and each question again gave: the stored texts of
    /// earlier posts and the ones made now must agree for search.
    #[test]
    fn experience_and_question_texts_match_separate_segmentation() {
        let cases = [
            model("后端一面", Some("后端开发"), &["讲一下二叉树的遍历", " Redis 缓存击穿怎么办 ", "讲一下二叉树的遍历", "", "HashMap"], "## 一面\n\n问了 Redis 和 **MySQL**。"),
            model("Node.js", None, &["C++ 的虚函数表", "Java", "GC 调优", "TCP 三次握手和四次挥手，TIME_WAIT 状态有什么作用"], "Java\nGC"),
            model("interview", Some("SDE"), &[], "Two rounds: system design and LeetCode."),
        ];
        for m in cases {
            let questions: Vec<String> = serde_json::from_str(&m.interview_questions).unwrap();
            let (text, prepared) = index_experience(&m, &questions);
            let joined = crate::features::search::index_text(&[&m.title, &m.company, m.position.as_deref().unwrap_or(""), &questions.join("\n"), &m.content]);
            assert_eq!(text, joined, "{}", m.title);
            // Each distinct question once, as the bank stores it.
            let mut keys = std::collections::HashSet::new();
            let separate: Vec<_> = questions.iter().map(|q| q.trim()).filter(|q| !q.is_empty() && keys.insert(content_key(q))).collect();
            assert_eq!(prepared.iter().map(|p| p.content.as_str()).collect::<Vec<_>>(), separate);
            for p in &prepared {
                assert_eq!((p.key.as_str(), p.search_text.as_str()), (content_key(&p.content).as_str(), search_text(&p.content, &[]).as_str()));
            }
        }
    }
}
