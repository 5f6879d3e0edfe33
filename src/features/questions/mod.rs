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
pub mod import;
pub mod kind;
pub mod notes;
pub mod recommend;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::entity::enums::QuestionKind;
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
/// instead of twice (`crate::features::experiences::index::index_experience`).
pub fn prepare_questions<'a>(questions: &'a [String], words: &mut Vec<std::borrow::Cow<'a, str>>) -> Vec<PreparedQuestion> {
    let mut seen = std::collections::HashSet::new();
    let mut prepared = Vec::with_capacity(questions.len());
    for q in questions.iter().map(|q| q.trim()).filter(|q| !q.is_empty()) {
        let own = search::document_words(q);
        let key = content_key(q);
        if seen.insert(key.clone()) {
            // `search_text(q, &[])`: no tags yet.
            // A 面经 gives no career name or tags: the kind comes from the text.
            prepared.push(PreparedQuestion { content: q.to_owned(), search_text: search::index_words(own.clone()), key, kind: kind::classify(None, &[], q) });
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
    /// What it asks of the candidate ([`kind`]).
    pub kind: QuestionKind,
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
