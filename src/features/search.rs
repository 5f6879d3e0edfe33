//! Full-text search with each database's own engine (README, "How it works").
//!
//! Text is segmented in the application with jieba (Chinese) — search mode
//! for documents, so a document with 二叉树 also carries 二叉 — and by words
//! for English. Each token is lower-cased and stored hex-encoded with an `x`
//! prefix (`缓存` → `xe7bc93e5ad98`) in a `search_text` column. The encoding
//! gives every backend the same exact-token semantics: MySQL's default
//! `innodb_ft_min_token_size = 3` would otherwise drop two-character words
//! such as 缓存, its stop-word list would drop English words, and SQLite's
//! `unicode61` tokenizer would split tokens like `node.js`. Indexes:
//! SQLite FTS5 (external content kept in sync by triggers for discussions
//! and questions; for 面经 a contentless index written by the application,
//! whose `search_text` column stays empty on SQLite), PostgreSQL a
//! generated `tsvector` with GIN, MySQL a `FULLTEXT` index. Ranking is each
//! engine's own (bm25, `ts_rank`, MySQL relevance).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// The process-wide jieba instance (loading the dictionary takes ~0.25 s).
pub static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Longest token kept, in bytes (MySQL's FULLTEXT limit is 84 characters;
/// a hex-encoded token is 1 + 2 × bytes).
const MAX_TOKEN_BYTES: usize = 40;

/// `token` as stored: trimmed, lower-cased, cut to [`MAX_TOKEN_BYTES`] on a
/// character boundary; `None` without a letter or digit. Borrowed when
/// nothing changes (Chinese words and lower-case words: almost all).
fn keep(token: &str) -> Option<Cow<'_, str>> {
    let t = token.trim();
    let t: Cow<'_, str> = if t.chars().any(lowercase_differs) { Cow::Owned(t.to_lowercase()) } else { Cow::Borrowed(t) };
    if t.is_empty() || !t.chars().any(word_char) {
        return None;
    }
    let mut end = t.len().min(MAX_TOKEN_BYTES);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    Some(match t {
        Cow::Borrowed(b) => Cow::Borrowed(&b[..end]),
        Cow::Owned(mut o) => {
            o.truncate(end);
            Cow::Owned(o)
        }
    })
}

/// `char::is_alphanumeric`, with ASCII and CJK unified ideographs
/// (U+4E00–U+9FFF, all letters) answered without its table search, which
/// `perf` of the `create_experience` benchmark found in 1.5 % of the
/// server's samples.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// Whether `c` changes when lower-cased (upper- and title-case letters);
/// CJK characters (U+2E80–U+9FFF, no case) answer without a table lookup.
fn lowercase_differs(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    if ('\u{2e80}'..='\u{9fff}').contains(&c) {
        return false;
    }
    let mut lower = c.to_lowercase();
    lower.next() != Some(c) || lower.next().is_some()
}

/// Append `x` and the hex digits of `token` to `out`.
fn encode_into(out: &mut String, token: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('x');
    for b in token.bytes() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
}

fn encode(token: &str) -> String {
    let mut out = String::with_capacity(1 + 2 * token.len());
    encode_into(&mut out, token);
    out
}

/// Tokens of a document: jieba search-mode segmentation (words and their
/// sub-words), lower-cased, de-duplicated.
pub fn document_tokens(text: &str) -> BTreeSet<String> {
    document_words(text).into_iter().map(Cow::into_owned).collect()
}

/// [`document_tokens`] unsorted, with repeats, borrowing from `text`:
/// what [`index_words`] takes.
pub fn document_words(text: &str) -> Vec<Cow<'_, str>> {
    JIEBA.cut_for_search(text, true).into_iter().filter_map(|t| keep(t.word)).collect()
}

/// Tokens of a query: jieba's normal segmentation, lower-cased.
pub fn query_tokens(q: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    JIEBA
        .cut(q, true)
        .into_iter()
        .filter_map(|t| keep(t.word).map(Cow::into_owned))
        .filter(|t| seen.insert(t.clone()))
        .take(16)
        .collect()
}

/// The `search_text` value stored for a document made of `parts`: the
/// distinct tokens of all parts in byte order, each encoded, separated by
/// spaces. One sort of borrowed words instead of a set of owned strings:
/// it runs for every new 面经, and `perf` of the `create_experience`
/// benchmark found it in 34 % of the server's samples with jieba's own
/// segmentation in only 10 %, the rest allocating, comparing and encoding
/// tokens; with this version 25 %, jieba 12 %.
pub fn index_text(parts: &[&str]) -> String {
    index_words(parts.iter().flat_map(|p| document_words(p)).collect())
}

/// [`index_text`] of a document whose parts' [`document_words`] are
/// `words` (in any order, with repeats): for a caller that segments a part
/// once for two documents (a 面经 and the questions it adds to the bank).
pub fn index_words(mut words: Vec<Cow<'_, str>>) -> String {
    words.sort_unstable();
    words.dedup();
    let mut out = String::with_capacity(words.iter().map(|w| 2 + 2 * w.len()).sum());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        encode_into(&mut out, w);
    }
    out
}

/// The encoded tokens of query `q` ([`query_tokens`], each hex-encoded as
/// stored): every one must match. Empty when `q` has no searchable word
/// (only punctuation, say); the store turns them into each engine's match
/// argument (`crate::store::fts::match_arg`).
pub fn query_terms(q: &str) -> Vec<String> {
    query_tokens(q).iter().map(|t| encode(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_documents_carry_words_and_sub_words() {
        let t = document_tokens("讲一下二叉树的遍历和Redis缓存");
        for w in ["二叉树", "二叉", "遍历", "redis", "缓存"] {
            assert!(t.contains(w), "{w} missing from {t:?}");
        }
        assert!(!t.iter().any(|w| w.chars().all(|c| !c.is_alphanumeric())));
    }

    #[test]
    fn queries_without_words_match_nothing_and_never_carry_syntax() {
        assert!(query_terms("%'\";--").is_empty());
        let q = query_terms("缓存 OR 1=1");
        assert!(!q.is_empty() && q.iter().all(|t| t.starts_with('x') && t[1..].bytes().all(|b| b.is_ascii_hexdigit())), "{q:?}");
    }

    /// The stored text as it was computed before [`index_text`] sorted
    /// borrowed words: a set of owned, hex-encoded tokens. Stored texts of
    /// existing rows must not change (FTS deletes use the stored text).
    fn index_text_as_a_set(parts: &[&str]) -> String {
        let mut tokens = BTreeSet::new();
        for p in parts {
            for t in JIEBA.cut_for_search(p, true) {
                let t = t.word.trim().to_lowercase();
                if t.is_empty() || !t.chars().any(char::is_alphanumeric) {
                    continue;
                }
                let mut end = t.len().min(MAX_TOKEN_BYTES);
                while !t.is_char_boundary(end) {
                    end -= 1;
                }
                tokens.insert(t[..end].to_owned());
            }
        }
        tokens.iter().map(|t| format!("x{}", hex::encode(t.as_bytes()))).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn index_text_is_the_sorted_set_of_encoded_tokens() {
        let parts = [
            "字节跳动 后端开发 一面：讲一下二叉树的遍历和Redis缓存，HashMap 的扩容？",
            "Node.js 事件循环；TCP 三次握手 / 四次挥手。ÉCOLE Straße İstanbul ΣΊΣΥΦΟΣ ǅemal ᾈ Ⅻ Ⓐ",
            &"Ａ".repeat(30),
            "  ，。！ ",
            &format!("{}长词{}", "很".repeat(20), "X".repeat(50)),
            "",
        ];
        assert_eq!(index_text(&parts), index_text_as_a_set(&parts));
        for p in parts {
            assert_eq!(index_text(&[p]), index_text_as_a_set(&[p]), "{p}");
        }
    }

    #[test]
    fn word_chars_are_the_alphanumeric_ones() {
        for c in ('\0'..='\u{10000}').chain(['\u{1f600}', '\u{20000}', '\u{2f800}']) {
            assert_eq!(word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn tokens_are_hex_encoded_and_bounded() {
        let text = index_text(&["缓存", &"a".repeat(100)]);
        assert!(text.contains("xe7bc93e5ad98"));
        assert!(text.split(' ').all(|t| t.len() <= 1 + 2 * MAX_TOKEN_BYTES));
    }
}
