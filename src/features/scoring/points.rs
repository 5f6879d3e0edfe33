//! Key points of a reference answer, taken from its structure.
//!
//! Candidates, in order of trust: list items (the head before a colon when
//! there is one, "布隆过滤器：…" → 布隆过滤器), bold terms and headings; then
//! definitions ("X 是/指…", "X is …"); then the first sentence of each
//! paragraph; then any other sentence. Examples and anecdotes (比如、举个例子、
//! for example …) and remarks about the document (如下图、推荐阅读、see below)
//! are not points, and a candidate made only of the question's own words or
//! of question words (什么、区别、explain) is dropped. Near-duplicates (60 % of
//! the weight shared) are merged; at most [`MAX_POINTS`] are kept, in the
//! order they appear in the reference.
//!
//! Each point has a short label for people (at most ~18 characters or ~9
//! English words, cut on jieba word boundaries, so never a broken word) and
//! the weighted terms of the text it came from (the whole list item or
//! sentence) for matching; the question's own terms weigh a third there, so
//! repeating the question does not cover a point.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::text::{self, Terms};

/// At most this many key points per question.
pub const MAX_POINTS: usize = 8;

/// Characters of a label (English: three times as many letters).
const LABEL_CHARS: usize = 18;

/// One key point.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// What a person reads, e.g. "布隆过滤器" or "AOF rewriting".
    pub label: String,
    /// The terms that show the point is covered.
    pub terms: Terms,
}

static BOLD_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\*\*([^*\n]{2,40})\*\*|__([^_\n]{2,40})__").expect("valid regex"));
static DEFINITION_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.{2,24}?)(是指|指的是|就是|是一种|是一个|是|指)|(?i)^([a-z0-9][\w\s\-+#./]{1,40}?)\s+(is|are|means|refers to)\s").expect("valid regex"));
static ANECDOTE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(比如|例如|举个例子|举例|举个栗子|假如|假设|想象|譬如|打个比方|就像|好比|for example|for instance|e\.g\.|imagine|suppose|say you)|黑客|攻击者|小明|张三|李四|老王|笔者|作者").expect("valid regex")
});
static META_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)如下图|下图|上图|如图|图中|推荐阅读|参考资料|参考文章|详见|原文|本文|这篇文章|下面(我们)?(来|介绍|看)|如下所示|代码如下|示例代码|see (also|below|above)|the following|as shown|this article|read more|useful resources|source:|^references?$|^(参考|琐事|注意|小结|扩展阅读|延伸阅读|相关阅读)$|如下|面试不必|不必展开|想继续看|感兴趣的|可以参考|\bdocs?\b|\bofficial\b|\bmdn\b|good to hear|additional links|mdn docs|further reading|^^resources?$|^links?$|^notes?$|^alternatively$|^first$|^later$|^then$").expect("valid regex")
});
const LEADING: &[&str] = &[
    "首先", "其次", "然后", "最后", "另外", "此外", "所以", "因此", "总之", "总结", "综上", "同时", "而且", "并且", "还有", "其实", "简单来说", "简单说", "也就是说", "即",
    "however,", "however", "but", "first,", "second,", "third,", "finally,", "also,", "so,", "in short,", "first", "second", "finally", "also", "and",
];

struct Candidate {
    priority: u8,
    order: usize,
    label: String,
    terms: Terms,
}

fn clean_label(s: &str) -> String {
    let s = match text::list_marker(s) {
        Some(at) => &s[at..],
        None => s,
    };
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s = collapsed.trim_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != '（').trim().to_owned();
    loop {
        let lower = s.to_lowercase();
        match LEADING.iter().find(|l| lower.starts_with(*l) && s.len() > l.len()) {
            Some(l) => s = s[l.len()..].trim_start_matches(|c: char| !c.is_alphanumeric()).to_owned(),
            None => break,
        }
    }
    text::shorten(&s, LABEL_CHARS)
}

/// The terms of `source` with the question's terms weighing a third.
fn point_terms(source: &str, question: &BTreeSet<String>) -> Terms {
    let mut terms = text::terms_of(source);
    for (t, w) in terms.iter_mut() {
        if question.contains(t) {
            *w /= 3.0;
        }
    }
    terms
}

/// Weight of the terms of `label` that are neither the question's nor question words.
fn own_weight(label: &str, question: &BTreeSet<String>) -> f64 {
    text::terms_of(label).iter().filter(|(t, _)| !question.contains(*t) && !text::GENERIC.contains(&t.as_str())).map(|(_, w)| w).sum()
}

/// Key points of `reference` for `question` (see the module docs).
pub fn derive(question: &str, reference: &str) -> Vec<Point> {
    let qset = text::term_set(question);
    // Table rows are data behind a claim ("| 99.9% | 约 8.76 小时 |"), not
    // points one says; cut into cells they read as nonsense.
    let without_tables: Vec<&str> = reference.lines().filter(|l| !l.trim_start().starts_with('|')).collect();
    let stripped = text::strip_markup(&without_tables.join("\n"));
    let mut cands: Vec<Candidate> = Vec::new();
    let mut order = 0usize;
    let mut new_paragraph = true;
    let push = |cands: &mut Vec<Candidate>, priority: u8, label: &str, source: &str, order: usize| {
        let plain_source = text::plain(source);
        let lead_in = plain_source.trim_end().ends_with(['：', ':']) && plain_source.chars().count() <= 30;
        if lead_in || ANECDOTE_RE.is_match(plain_source.trim()) || META_RE.is_match(&plain_source) {
            return;
        }
        let label = clean_label(&text::plain(label));
        if label.chars().count() < 2 || own_weight(&label, &qset) < 4.0 || META_RE.is_match(&label) {
            return;
        }
        let terms = point_terms(&plain_source, &qset);
        if terms.values().sum::<f64>() < 4.0 {
            return;
        }
        cands.push(Candidate { priority, order, label, terms });
    };
    for line in stripped.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            new_paragraph = true;
            continue;
        }
        order += 1;
        for c in BOLD_RE.captures_iter(trimmed) {
            if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                push(&mut cands, 1, m.as_str(), trimmed, order);
            }
        }
        if trimmed.starts_with('#') {
            push(&mut cands, 1, trimmed, trimmed, order);
            new_paragraph = true;
            continue;
        }
        if let Some(at) = text::list_marker(line) {
            let body = text::plain(&line[at..]);
            // The label is the head before a colon outside inline code
            // (`display: flex` is content, not a label's end).
            let head = label_head(&line[at..]).map(text::plain);
            let label = match head {
                Some(h) if (2..=24).contains(&h.trim().chars().count()) => h.trim().to_owned(),
                _ => first_clause(&body),
            };
            push(&mut cands, 0, &label, &body, order);
            new_paragraph = false;
            continue;
        }
        for (i, s) in text::sentences(trimmed).iter().enumerate() {
            order += 1;
            let sentence = s.text.as_str();
            if let Some(c) = DEFINITION_RE.captures(sentence) {
                let subject = c.get(1).or_else(|| c.get(3)).map_or("", |m| m.as_str());
                if !subject.is_empty() {
                    push(&mut cands, 2, &first_clause(sentence), sentence, order);
                    continue;
                }
            }
            let priority = if i == 0 && new_paragraph { 3 } else { 4 };
            push(&mut cands, priority, &first_clause(sentence), sentence, order);
        }
        new_paragraph = false;
    }
    cands.sort_by_key(|c| (c.priority, c.order));
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in cands {
        if chosen.len() >= MAX_POINTS {
            break;
        }
        let dup = chosen.iter().any(|k| {
            k.label == c.label || text::overlap(&c.terms, &k.terms) >= 0.6 || text::overlap(&k.terms, &c.terms) >= 0.6
        });
        if !dup {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.order);
    chosen.into_iter().map(|c| Point { label: c.label, terms: c.terms }).collect()
}

/// The first clause of a sentence (up to the first comma), the readable
/// head of a long item; with the next clause when the first only sets the
/// scene ("在 ES6 中，…", "However, …", fewer than six characters or three words).
fn first_clause(s: &str) -> String {
    let clauses: Vec<&str> = s.split(['，', ',', '；', ';', '：', ':', '（', '(']).filter(|p| own_len(p) >= 2).collect();
    let Some(first) = clauses.first() else { return s.trim().to_owned() };
    let english = first.is_ascii();
    let short = if english { first.split_whitespace().count() < 3 } else { first.chars().filter(|c| text::is_cjk(*c)).count() < 6 };
    let scene = SCENE_RE.is_match(first.trim());
    match clauses.get(1) {
        Some(next) if short || scene => {
            if scene { next.trim().to_owned() } else { format!("{}{}{}", first.trim(), if english { ", " } else { "，" }, next.trim()) }
        }
        _ => first.trim().to_owned(),
    }
}

static SCENE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(在.{0,12}中|在这.{0,8}|上述.{0,8}|上面.{0,8}|这里|此时|同时|另外|此外|然而|但是|不过|however|nowadays|in (this|the above|that) .{0,20}|here|note that|in short|basically)$").expect("valid regex")
});

fn own_len(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Points an admin wrote for a question (`questions.key_points`):
/// each string is a label and, for matching, its own terms.
pub fn given(question: &str, points: &[String]) -> Vec<Point> {
    let qset = text::term_set(question);
    points
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .take(MAX_POINTS * 2)
        .map(|p| Point { label: p.to_owned(), terms: point_terms(p, &qset) })
        .collect()
}

/// The raw text before the first colon of `item` that is not inside an
/// inline code span, `None` without one.
fn label_head(item: &str) -> Option<&str> {
    let mut in_code = false;
    for (i, c) in item.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '：' | ':' if !in_code => return Some(&item[..i]),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_give_their_heads_and_anecdotes_are_not_points() {
        let r = "缓存穿透说简单点就是大量请求的 key 根本不存在于缓存中，也不存在于数据库中。举个例子：某个黑客故意制造一些非法的 key 发起大量请求，导致数据库宕机。\n\n解决办法：\n\n1. **布隆过滤器**：把所有可能存在的请求值都存放在布隆过滤器中，不存在的直接拦截。\n2. 缓存无效 key：如果缓存和数据库都查不到某个 key 就写一个空值到缓存中并设置过期时间。\n3. 参数校验：不合法的参数请求直接抛出异常返回给客户端。";
        let pts: Vec<String> = derive("什么是缓存穿透？怎么解决？", r).into_iter().map(|p| p.label).collect();
        assert!(pts.contains(&"布隆过滤器".to_owned()), "{pts:?}");
        assert!(pts.contains(&"参数校验".to_owned()), "{pts:?}");
        assert!(!pts.iter().any(|p| p.contains("黑客") || p.contains("宕机")), "{pts:?}");
        assert!(!pts.iter().any(|p| p == "缓存穿透" || p == "解决办法"), "{pts:?}");
        assert!(pts.len() <= MAX_POINTS);
    }

    #[test]
    fn an_english_reference_gives_readable_points() {
        let r = "- `&` puts the job in the background and makes the shell not wait for it\n- `disown` removes the process from the shell's job control\n- `nohup` disconnects the process from the terminal and shields it from **SIGHUP**\n\nUseful resources:\n\n- [Difference](https://unix.stackexchange.com/q/3886)";
        let pts: Vec<String> = derive("Difference between nohup, disown, and &?", r).into_iter().map(|p| p.label).collect();
        assert!(pts.len() >= 3, "{pts:?}");
        assert!(pts.iter().all(|p| p.split_whitespace().count() <= 9), "{pts:?}");
        assert!(!pts.iter().any(|p| p.contains("Useful") || p.contains("stackexchange")), "{pts:?}");
    }

    #[test]
    fn labels_never_break_a_word() {
        let r = "Redis 持久化机制主要有两种：RDB 快照持久化会在指定的时间间隔内将内存中的数据集快照写入磁盘，AOF 持久化记录每一个写操作。";
        for p in derive("Redis 的持久化", r) {
            let l = p.label;
            assert!(!l.starts_with("化") && !l.starts_with("久化"), "{l}");
        }
    }

    #[test]
    fn a_colon_inside_inline_code_does_not_end_a_list_items_label() {
        assert_eq!(label_head("Set the `.row` parent to `display: flex;`"), None);
        assert_eq!(label_head("**AOF**：追加写日志"), Some("**AOF**"));
    }

    #[test]
    fn table_rows_are_not_key_points() {
        let reference = "可用性越高，每年允许的停机时间越短。\n\n| 可用性 | 每年停机 |\n|---|---|\n| 99.9% | 约 8.76 小时 |\n| 99.99% | 约 52.6 分钟 |\n\n**冗余**和**故障转移**是提高可用性的手段。";
        let points = crate::features::scoring::key_points("可用性 99.9%、99.99% 分别意味着什么？", reference);
        assert!(!points.iter().any(|p| p.contains("小时") || p.contains("分钟")), "{points:?}");
        assert!(points.iter().any(|p| p.contains("冗余")), "{points:?}");
    }
}
