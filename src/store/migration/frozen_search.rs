//! The index text of a document as `crate::features::search::index_text`
//! made it when migration `m20261206_000021` was written, frozen here so
//! that the migration (which must rebuild texts on its way down) depends on
//! nothing above the store and keeps meaning what it meant when applied.
//! Do not change it to follow the live tokeniser.

use std::borrow::Cow;
use std::sync::LazyLock;

use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The distinct jieba search-mode tokens of `parts`, lower-cased, cut to 40
/// bytes, each hex-encoded with an `x` prefix, sorted, space-separated.
pub fn index_text(parts: &[&str]) -> String {
    let mut words: Vec<Cow<'_, str>> = parts.iter().flat_map(|p| JIEBA.cut_for_search(p, true)).filter_map(|t| token(t.word)).collect();
    words.sort_unstable();
    words.dedup();
    let encoded: Vec<String> = words.iter().map(|w| format!("x{}", hex::encode(w.as_bytes()))).collect();
    encoded.join(" ")
}

fn token(raw: &str) -> Option<Cow<'_, str>> {
    let t = raw.trim();
    if t.is_empty() || !t.chars().any(char::is_alphanumeric) {
        return None;
    }
    let mut t = t.to_lowercase();
    let mut end = t.len().min(40);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    t.truncate(end);
    Some(Cow::Owned(t))
}
