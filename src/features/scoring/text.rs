//! Text analysis for the built-in scorer: markup removal, sentences, weighted
//! terms and how much of a piece of text is written in sentences.
//!
//! Terms are jieba tokens (Chinese) and Snowball-stemmed words (English),
//! mapped through [`super::terms`] so that equivalents (持久化 / persistence)
//! are one term. A term's weight is its IDF in jieba's bundled TF-IDF table
//! (rare words tell more about a point than common ones); words the table does
//! not know take the table's median, and jieba's stop words weigh 0.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use jieba_rs::KeywordExtract;
use regex::Regex;

use crate::features::search::JIEBA;
use crate::features::skills::TFIDF;

/// A term with its weight.
pub type Terms = BTreeMap<String, f64>;

static CODE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)```.*?```|~~~.*?~~~").expect("valid regex"));
static IMG_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]").expect("valid regex"));
static LINK_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
static URL_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://\S+|www\.\S+").expect("valid regex"));
static HTML_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>\n]{1,200}>").expect("valid regex"));
static TABLE_RULE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*\|?[\s:|-]{3,}\|?\s*$").expect("valid regex"));

/// `text` without fenced code, images, link targets, bare URLs, HTML tags and
/// table rules; link texts, inline code and emphasis keep their words (the
/// `**` of bold text stays: key points read it, [`plain`] drops it).
pub fn strip_markup(text: &str) -> String {
    let t = CODE_RE.replace_all(text, "\n");
    let t = IMG_RE.replace_all(&t, " ");
    let t = LINK_RE.replace_all(&t, "$1");
    let t = URL_RE.replace_all(&t, " ");
    let t = HTML_RE.replace_all(&t, " ");
    let t = TABLE_RULE_RE.replace_all(&t, "");
    t.replace('`', "").replace('|', " ")
}

/// A line of [`strip_markup`]'s output without heading marks and emphasis.
pub fn plain(line: &str) -> String {
    line.trim_start_matches(['#', '>', ' ']).replace("**", "").replace("__", "").trim().to_owned()
}

static LIST_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-*+•·]\s+|\d{1,2}\s*[.)、．]\s*|[（(]\d{1,2}[)）]\s*|[①②③④⑤⑥⑦⑧⑨]\s*|第[一二三四五六七八九十]+[，,、：:是]?\s*)").expect("valid regex"));

/// The list marker at the start of `line` (`- `, `1.`, `1、`, `（1）`, `第一，`), if any.
pub fn list_marker(line: &str) -> Option<usize> {
    LIST_RE.find(line).map(|m| m.end())
}

/// One sentence of an answer or reference.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// The sentence as written (trimmed, markup removed).
    pub text: String,
    /// Its weighted terms.
    pub terms: Terms,
    /// How much it reads as a sentence rather than a list of words, 0–1 ([`sentence_quality`]).
    pub quality: f64,
    /// Whether it is an item of a bulleted or numbered list.
    pub list_item: bool,
    /// Characters (CJK characters plus five per English word): its size.
    pub size: usize,
}

/// Characters of `text` counted the way lengths are judged: CJK characters,
/// plus five per English word (an English word carries about as much as five
/// Chinese characters' worth of typing; the scorer's length bands are in Chinese characters).
pub fn size(text: &str) -> usize {
    let cjk = text.chars().filter(|c| is_cjk(*c)).count();
    let words = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| w.chars().any(|c| c.is_ascii_alphabetic())).count();
    cjk + 5 * words
}

/// Whether `c` is a CJK ideograph.
pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Sentences of `text` (already stripped of markup): split at line breaks and
/// sentence punctuation (。！？；!?; and ". "), each list item its own sentence.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for line in text.lines() {
        let list_item = list_marker(line).is_some();
        let mut cur = String::new();
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            cur.push(*c);
            let end = matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
                || (*c == '.' && chars.get(i + 1).is_none_or(|n| n.is_whitespace()) && chars.get(i.wrapping_sub(1)).is_some_and(|p| !p.is_ascii_digit()));
            if end {
                push_sentence(&mut out, &cur, list_item);
                cur.clear();
            }
        }
        push_sentence(&mut out, &cur, list_item);
    }
    out
}

fn push_sentence(out: &mut Vec<Sentence>, raw: &str, list_item: bool) {
    let text = plain(raw);
    if text.chars().all(|c| !c.is_alphanumeric()) {
        return;
    }
    let list_item = list_item || list_marker(&text).is_some();
    let toks = tokens(&text);
    let mut quality = sentence_quality(&toks);
    // A list item is often a terse statement ("使用 Modernizr 进行功能检测",
    // "Autoprefixer adds vendor prefixes"): with a verb it says something.
    if list_item && toks.len() >= 3 && toks.iter().any(|t| t.tag.starts_with('v') || (t.tag == "eng" && EN_CORE.contains(&t.word.as_str()))) {
        quality = quality.max(0.8);
    }
    let terms = weigh(&toks);
    out.push(Sentence { size: size(&text), text, terms, quality, list_item });
}

/// One token: the word (lower case), its jieba part of speech and the term it
/// stands for (`None` for function words and punctuation).
#[derive(Clone, Debug)]
pub struct Token {
    /// The word as written, lower case.
    pub word: String,
    /// jieba's part-of-speech tag (`eng` for English words).
    pub tag: String,
    /// The canonical term (stemmed, equivalents merged), if a content word.
    pub term: Option<String>,
}

static STEMMER: LazyLock<rust_stemmers::Stemmer> = LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// English function words and verbs too common to tell anything (a short
/// list in the spirit of the SMART / NLTK stop lists).
const EN_STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "as", "about",
    "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "can", "could", "will", "would", "should",
    "may", "might", "must", "shall", "it", "its", "this", "that", "these", "those", "there", "here", "which", "who", "whom", "what", "when",
    "where", "why", "how", "i", "you", "we", "they", "he", "she", "me", "my", "your", "our", "their", "them", "us", "not", "no", "yes", "all",
    "any", "each", "some", "more", "most", "other", "such", "than", "too", "very", "just", "also", "only", "own", "same", "both", "few",
    "because", "while", "through", "over", "under", "between", "after", "before", "up", "down", "out", "off", "again", "once", "further",
    "one", "use", "used", "using", "make", "makes", "way", "ways", "thing", "things", "get", "gets", "like", "e", "g", "eg", "ie", "etc",
    "let", "lets", "s", "t", "don", "doesn", "isn", "aren", "won", "can't", "many", "much", "well", "even", "still", "whether", "via", "per",
];

/// Words that ask rather than tell: question words and generic nouns of
/// interview questions (区别, 作用, explain). They are never key points and
/// weigh little when matching.
pub const GENERIC: &[&str] = &[
    "什么", "怎么", "怎样", "如何", "为什么", "为何", "哪些", "哪个", "哪里", "是否", "有没有", "多少", "吗", "呢", "请", "简述", "介绍", "说说",
    "谈谈", "讲讲", "聊聊", "解释", "描述", "说明", "理解", "了解", "知道", "区别", "不同", "异同", "作用", "特点", "优缺点", "优点", "缺点", "原理",
    "问题", "方法", "方式", "情况", "时候", "东西", "概念", "含义", "意思", "一下", "分别", "一般", "常见", "常用", "主要", "具体", "实现", "使用",
    "技术", "办法", "解决办法", "方案", "解决方案", "措施", "总结", "步骤", "结论", "答案", "示例", "例子", "进行", "可以", "需要", "能够", "应该", "以及", "或者", "还是", "通过", "对于", "关于", "一些", "一个", "这个", "那个", "这些", "那些", "其他",
    "explain", "describ", "differ", "differenc", "between", "mean", "defin", "definit", "tell", "know", "understand", "pros", "cons",
    "advantag", "disadvantag", "exampl", "purpos", "work", "happen", "concept", "question", "answer", "name", "list", "give", "main", "common",
];

/// Chinese function-word tags of jieba (ICTCLAS tag set): prepositions,
/// conjunctions, particles, adverbs, pronouns, modal and locative words.
fn is_function_tag(tag: &str) -> bool {
    matches!(tag.as_bytes().first(), Some(b'p' | b'c' | b'u' | b'd' | b'r' | b'y' | b'e' | b'f')) && tag != "eng"
}

/// Tokens of `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let lower = text.to_lowercase();
    let tagged = JIEBA.tag(&lower, true);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tagged.len() {
        // jieba cuts a word differently alone and in context (持久化 vs 持久/化):
        // two pieces that together are a word of the equivalents table are one word.
        let (word, tag, step) = match tagged.get(i + 1) {
            Some(next) if !tagged[i].word.is_ascii() && super::terms::known(&format!("{}{}", tagged[i].word, next.word)) => {
                (format!("{}{}", tagged[i].word, next.word), "n", 2)
            }
            _ => (tagged[i].word.to_owned(), tagged[i].tag, 1),
        };
        i += step;
        let word = word.trim();
        if word.is_empty() || word.chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        let english = word.is_ascii();
        let term = if english {
            let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '+' && c != '#');
            if w.is_empty() || EN_STOP.contains(&w) || w.chars().all(|c| c.is_ascii_digit()) {
                None
            } else {
                Some(super::terms::canonical(&STEMMER.stem(w)))
            }
        } else if is_function_tag(tag) || matches!(tag, "m" | "q" | "x" | "w") || !word.chars().any(is_cjk) {
            None
        } else {
            Some(super::terms::canonical(word))
        };
        out.push(Token { word: word.to_owned(), tag: if english { "eng".into() } else { tag.to_owned() }, term });
    }
    out
}

/// English words that nearly every written sentence has and that every
/// keyword extractor drops: articles, the commonest prepositions, copulas,
/// pronouns and conjunctions.
const EN_CORE: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "into", "is", "are", "was", "were", "be", "been", "it",
    "this", "that", "these", "those", "and", "or", "not", "you", "we", "they", "i", "he", "she", "there", "which", "who", "if", "so", "than",
];

/// Chinese words of the same kind (jieba's part-of-speech tags cover the
/// particles, prepositions, conjunctions and pronouns; these are the commonest
/// adverbs and auxiliaries).
const ZH_CORE: &[&str] = &["是", "有", "不", "没", "没有", "都", "也", "就", "还", "很", "会", "能", "要", "可以", "把", "被", "让", "将", "所以", "因为", "如果"];

/// How much `tokens` read as a sentence, 0–1: the share of function words
/// (Chinese particles, prepositions, conjunctions, pronouns and the commonest
/// auxiliaries; English articles, prepositions, copulas, pronouns). Written
/// sentences run at 0.2–0.5; a list of keywords, whatever extracted it, near
/// 0, because extractors drop exactly these words. Fewer than three words is
/// no sentence.
pub fn sentence_quality(tokens: &[Token]) -> f64 {
    let words: Vec<&Token> = tokens.iter().filter(|t| t.word.chars().any(char::is_alphanumeric)).collect();
    if words.len() < 3 {
        return 0.0;
    }
    let english = words.iter().filter(|t| t.tag == "eng").count() * 2 > words.len();
    let function = words
        .iter()
        .filter(|t| {
            if t.tag == "eng" {
                EN_CORE.contains(&t.word.as_str())
            } else {
                matches!(t.tag.as_bytes().first(), Some(b'p' | b'c' | b'u' | b'r' | b'y')) || ZH_CORE.contains(&t.word.as_str())
            }
        })
        .count();
    let ratio = function as f64 / words.len() as f64;
    let (lo, span) = if english { (0.06, 0.14) } else { (0.05, 0.12) };
    ((ratio - lo) / span).clamp(0.0, 1.0)
}

/// The weight of `term` (IDF in jieba's table, 0 for stop words and
/// [`GENERIC`] words at 0.15 of theirs).
pub fn weight(term: &str) -> f64 {
    let n = term.chars().count();
    let base = if term.is_ascii() {
        // jieba's table is Chinese; English words weigh like a mid-frequency
        // Chinese word, more for long (technical) ones.
        6.0 + (n.min(10) as f64) * 0.3
    } else if n < 2 {
        5.0
    } else {
        match TFIDF.extract_keywords(&JIEBA, term, 1, vec![]).first() {
            Some(k) => k.weight.clamp(2.0, 12.0),
            None => 0.0,
        }
    };
    if GENERIC.contains(&term) { base * 0.15 } else { base }
}

/// Weighted terms of `tokens` (each term once).
pub fn weigh(tokens: &[Token]) -> Terms {
    let mut out = Terms::new();
    for t in tokens {
        if let Some(term) = &t.term
            && !out.contains_key(term)
        {
            let w = weight(term);
            if w > 0.0 {
                out.insert(term.clone(), w);
            }
        }
    }
    out
}

/// Weighted terms of `text`.
pub fn terms_of(text: &str) -> Terms {
    weigh(&tokens(text))
}

/// Σ weights of the terms of `a` that are also in `b`, ÷ Σ weights of `a`
/// (0 when `a` is empty).
pub fn overlap(a: &Terms, b: &Terms) -> f64 {
    let total: f64 = a.values().sum();
    if total <= 0.0 {
        return 0.0;
    }
    a.iter().filter(|(t, _)| b.contains_key(*t)).map(|(_, w)| w).sum::<f64>() / total
}

/// The set of terms of `text` (for question words).
pub fn term_set(text: &str) -> BTreeSet<String> {
    tokens(text).into_iter().filter_map(|t| t.term).collect()
}

/// `text` cut to at most `max` characters on a jieba word boundary (never
/// inside a word), without trailing particles and punctuation.
pub fn shorten(text: &str, max: usize) -> String {
    let english = text.chars().filter(|c| c.is_ascii_alphabetic()).count() > text.chars().filter(|c| is_cjk(*c)).count() * 2;
    let max = if english { max * 2 } else { max };
    let mut out = String::new();
    for w in JIEBA.cut(text, true) {
        if out.chars().count() + w.word.chars().count() > max {
            break;
        }
        out.push_str(w.word);
    }
    let trimmed = out.trim_end_matches(|c: char| !c.is_alphanumeric() || "的了和与及或而并".contains(c)).trim();
    if english {
        // Do not end an English phrase on a function word.
        let mut words: Vec<&str> = trimmed.split_whitespace().collect();
        while words.last().is_some_and(|w| EN_STOP.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_ascii_alphanumeric()))) {
            words.pop();
        }
        words.join(" ")
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_link_texts_stay() {
        let t = strip_markup("用 [布隆过滤器](https://x.io/a) 拦截，见 ![图](a.png) <b>x</b>\n```java\nint a;\n```\n`key`");
        assert!(t.contains("布隆过滤器") && t.contains("key") && !t.contains("https") && !t.contains("int a") && !t.contains("png"), "{t}");
    }

    #[test]
    fn a_keyword_list_is_no_sentence_and_a_sentence_is() {
        let list = sentence_quality(&tokens("缓存穿透 布隆过滤器 空值 参数校验 数据库 Redis"));
        let zh = sentence_quality(&tokens("缓存穿透是指请求的数据在缓存和数据库中都不存在，每次都会打到数据库"));
        let en = sentence_quality(&tokens("Cache penetration means the data exists in neither the cache nor the database"));
        let en_list = sentence_quality(&tokens("cache penetration bloom filter null value database"));
        assert!(list < 0.2 && en_list < 0.2, "{list} {en_list}");
        assert!(zh > 0.8 && en > 0.8, "{zh} {en}");
    }

    #[test]
    fn equivalents_are_one_term() {
        assert_eq!(term_set("persistence"), term_set("持久化"));
        assert_eq!(term_set("indexes"), term_set("索引"));
    }

    #[test]
    fn shortening_never_breaks_a_word() {
        let s = shorten("Redis 持久化机制包括 RDB 快照和 AOF 日志两种方式", 8);
        assert!(!s.ends_with('化') || s.ends_with("持久化"), "{s}");
        assert!("Redis 持久化机制包括 RDB 快照和 AOF 日志两种方式".starts_with(&s), "{s}");
    }

    #[test]
    fn sentences_split_at_punctuation_and_list_items() {
        let s = sentences("结论先行。1. 第一点说明原因\n2. 第二点说明做法; e.g. this. Done");
        assert!(s.len() >= 4, "{s:?}");
        assert!(s.iter().filter(|x| x.list_item).count() >= 2);
    }
}
