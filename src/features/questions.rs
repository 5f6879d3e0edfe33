//! The question bank's rules: a question's identity ([`content_key`]) and
//! index text, and the interview questions of a 面经 prepared for the bank.

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
/// instead of twice (`crate::features::experiences::index::index_experience`).
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
