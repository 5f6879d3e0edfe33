//! Scoring of mock-interview answers.
//!
//! ## Built-in scorer (deterministic)
//! Each answer gets five sub-scores in 0–1:
//! - **coverage** — share of the reference answer's key terms found in the
//!   answer. Key terms: skill-vocabulary hits plus jieba TF-IDF keywords of
//!   the reference (at most 8). Without a reference answer this becomes
//!   **relevance**: the share of the question's own key terms the answer
//!   takes up (at most 6), capped by length so echoing the question is not
//!   enough.
//! - **structure** — for behavioural questions, the STAR components present
//!   (Situation/Task/Action/Result, cue words in Chinese and English) ÷ 4
//!   (the STAR method, e.g. MIT CAPD's interview guide); for technical
//!   questions, ordering/summary markers (首先/其次/最后/总结/first/finally …)
//!   and paragraphs: min(1, markers ÷ 3).
//! - **fluency** — 1 − 10 × filler ratio, where fillers are 嗯 啊 呃 那个 就是
//!   然后然后 um uh like "you know", over the answer's tokens.
//! - **length** — < 30 characters: 0.1; 30–150: linear to 1; 150–800: 1;
//!   longer: down to 0.7 at 2000 (rambling).
//! - **pace** — only when a duration is given: Chinese 180–280 characters per
//!   minute, English 120–160 words per minute score 1 (ranges of typical
//!   conversational speech rate), falling linearly to 0 at half or double.
//!
//! Score = 100 × weighted sum, weights with a reference answer: coverage
//! 0.45, structure 0.15, fluency 0.15, length 0.15, pace 0.10; without one:
//! relevance 0.35, structure 0.25, fluency 0.15, length 0.15, pace 0.10.
//! Without a duration the pace weight is spread over the others. An answer
//! that says it does not know (不知道 / 不清楚 / "no idea") with under 30
//! characters is capped at 10.
//!
//! ## LLM scorer (optional)
//! With `llm_base_url` set, [`llm::Llm::score`] asks an OpenAI-compatible
//! `POST {base}/chat/completions` for `{"score","feedback","improved"}`. The
//! question, reference and answer travel as one JSON *data* document in the
//! user message; the system message says to treat it as data only. Replies
//! that time out, fail, or do not match the schema (score an integer 0–100,
//! feedback a string ≤ 2000, improved ≤ 5 strings ≤ 300) are ignored and the
//! built-in result stands.

use jieba_rs::KeywordExtract;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::features::search::JIEBA;

pub mod llm;
pub mod note;

pub use llm::{llm_score, Llm};
pub use note::Note;

/// Sub-scores of one answer, each 0–1 (`fluency` and `pace` only for a
/// spoken answer).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Dimensions {
    /// Coverage of the reference's key terms (or relevance to the question).
    pub coverage: f64,
    /// STAR or technical structure.
    pub structure: f64,
    /// Appropriate length.
    pub length: f64,
    /// Absence of filler words, for a spoken answer.
    pub fluency: Option<f64>,
    /// Speaking pace, for a spoken answer.
    pub pace: Option<f64>,
}

/// A spoken answer: the recording's length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spoken {
    /// Seconds.
    pub duration_seconds: f64,
}

/// A key point of the reference and whether the answer covered it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct KeyPoint {
    /// The point.
    pub point: String,
    /// Whether the answer covered it.
    pub covered: bool,
    /// The answer's own words that cover it.
    pub evidence: Option<String>,
}

/// A follow-up question about one missed point.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FollowUp {
    /// The missed point.
    pub point: String,
    /// The question.
    pub question: Note,
}

/// A scored answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Scored {
    /// 0–100.
    pub score: i32,
    /// Sub-scores.
    pub dimensions: Dimensions,
    /// What the answer did well and what it missed.
    pub feedback: Vec<Note>,
    /// Concrete improvement hints.
    pub improved: Vec<Note>,
    /// One sentence explaining the score.
    pub explanation: Note,
    /// The key points and whether each was covered.
    pub key_points: Vec<KeyPoint>,
    /// No reference answer: the score is a rough estimate.
    pub estimate: bool,
    /// A follow-up about a missed point.
    pub follow_up: Option<FollowUp>,
    /// Filler words found.
    pub fillers: usize,
    /// `builtin` or `llm`.
    pub scorer: String,
}

/// SHIM until the new scorer lands: a note carrying today's text in every language.
fn tri(key: &str, f: impl Fn(Lang) -> String) -> Note {
    Note::new(key).with("zh-CN", f(Lang::ZhCn)).with("zh-TW", f(Lang::ZhTw)).with("en", f(Lang::En))
}

const FILLERS_ZH: &[&str] = &["嗯", "啊", "呃", "那个", "就是说", "然后然后", "这个这个"];
const FILLERS_EN: &[&str] = &["um", "uh", "erm", "like", "you know"];
const STAR: &[&[&str]] = &[
    &["背景", "当时", "情境", "场景", "那时", "situation", "context", "when i was"],
    &["任务", "目标", "负责", "需要", "挑战", "task", "goal", "responsible"],
    &["我做了", "采取", "措施", "行动", "首先", "于是", "我决定", "action", "i decided", "i built", "i led"],
    &["结果", "最终", "最后", "提升", "降低", "收获", "%", "result", "outcome", "improved", "reduced"],
];
const MARKERS: &[&str] = &["首先", "其次", "然后", "最后", "第一", "第二", "第三", "另外", "总结", "综上", "总之", "比如", "例如", "first", "second", "then", "finally", "for example", "in summary", "1.", "2.", "3."];
const DONT_KNOW: &[&str] = &["不知道", "不清楚", "不太懂", "没了解", "不会", "忘了", "no idea", "don't know", "not sure"];

/// Characters counted for Chinese pace: CJK characters plus ASCII words.
fn units(text: &str) -> (usize, usize) {
    let cjk = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
    let words = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).count();
    (cjk, words)
}

/// Whether `text` is mostly English.
pub fn is_english(text: &str) -> bool {
    let (cjk, words) = units(text);
    cjk * 2 < words
}

/// Speech rate: Chinese characters per minute, or words per minute for
/// English answers; `None` without a positive duration.
pub fn speech_rate(answer: &str, duration_seconds: Option<i32>) -> Option<f64> {
    let secs = f64::from(duration_seconds.filter(|d| *d > 0)?);
    let (cjk, words) = units(answer);
    let n = if is_english(answer) { words } else { cjk + words };
    Some(((n as f64) * 60.0 / secs * 10.0).round() / 10.0)
}

/// Words about the document rather than the topic (sources, links).
const META: &[&str] = &["javaguide", "github", "推荐阅读", "参考", "参考资料", "链接", "文章", "详见", "图片", "原文", "地址", "http", "https", "www", "com"];

static URL_RE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?s)https?://\S+|\]\([^)]*\)|!\[[^\]]*\]|```.*?```|<[^>]+>").expect("valid regex"));

/// The topic text of a reference answer: links, images, HTML and fenced
/// code removed (they name sources and syntax, not key points).
fn topic_text(text: &str) -> String {
    URL_RE.replace_all(text, " ").into_owned()
}

fn key_terms(text: &str, max: usize) -> Vec<String> {
    let text = &topic_text(text);
    let mut terms: Vec<String> = crate::features::skills::extract(text, 20).into_iter().filter(|k| k.weight >= 2.0).map(|k| k.term).collect();
    for kw in crate::features::skills::TFIDF.extract_keywords(&JIEBA, text, max * 2, crate::features::skills::noun_pos()) {
        let k = kw.keyword.trim().to_lowercase();
        if k.chars().count() >= 2 && !k.chars().all(|c| c.is_ascii_digit()) && !META.contains(&k.as_str()) && !terms.iter().any(|t| t.eq_ignore_ascii_case(&k)) {
            terms.push(k);
        }
    }
    terms.truncate(max);
    terms
}

fn contains_term(answer_lower: &str, term: &str) -> bool {
    let t = term.to_lowercase();
    if answer_lower.contains(&t) {
        return true;
    }
    // Vocabulary terms also match through their aliases (e.g. "B+ 树" for 索引).
    crate::features::skills::extract(answer_lower, 30).iter().any(|k| k.term.eq_ignore_ascii_case(term))
}

fn count_fillers(lower: &str, english: bool) -> usize {
    let mut n = FILLERS_ZH.iter().map(|f| lower.matches(f).count()).sum::<usize>();
    if english {
        n += lower
            .split(|c: char| !c.is_ascii_alphanumeric() && c != ' ')
            .map(|s| FILLERS_EN.iter().map(|f| s.split_whitespace().collect::<Vec<_>>().join(" ").matches(&format!(" {f} ")).count()).sum::<usize>())
            .sum::<usize>();
        n += FILLERS_EN.iter().filter(|f| lower.starts_with(&format!("{f} "))).count();
    }
    n
}

fn length_score(n: usize) -> f64 {
    match n {
        0..30 => 0.1,
        30..150 => 0.1 + 0.9 * (n - 30) as f64 / 120.0,
        150..=800 => 1.0,
        _ => (1.0 - 0.3 * ((n - 800) as f64 / 1200.0)).max(0.7),
    }
}

fn pace_score(rate: f64, english: bool) -> f64 {
    let (lo, hi) = if english { (120.0, 160.0) } else { (180.0, 280.0) };
    if rate < lo {
        ((rate - lo / 2.0) / (lo / 2.0)).clamp(0.0, 1.0)
    } else if rate > hi {
        (1.0 - (rate - hi) / hi).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

/// Score one answer with the built-in scorer. `behavioural` selects STAR
/// structure; `reference` is the reference answer, if any.
pub fn builtin(lang: Lang, question: &str, reference: Option<&str>, answer: &str, spoken: Option<Spoken>, behavioural: bool) -> Scored {
    let _ = lang;
    let duration_seconds = spoken.map(|s| s.duration_seconds.round() as i32);
    let lower = answer.to_lowercase();
    let english = is_english(answer);
    let (cjk, words) = units(answer);
    let size = if english { words * 5 } else { cjk + words };
    let has_reference = reference.is_some_and(|r| !r.trim().is_empty());
    let terms = match reference.filter(|_| has_reference) {
        Some(r) => key_terms(r, 8),
        None => key_terms(question, 6),
    };
    let (covered, missed): (Vec<String>, Vec<String>) = terms.iter().cloned().partition(|t| contains_term(&lower, t));
    let mut coverage = if terms.is_empty() { (size as f64 / 150.0).min(1.0) } else { covered.len() as f64 / terms.len() as f64 };
    if !has_reference {
        coverage = coverage.min(length_score(size));
    }
    let structure = if behavioural {
        STAR.iter().filter(|cues| cues.iter().any(|c| lower.contains(c))).count() as f64 / 4.0
    } else {
        let markers = MARKERS.iter().filter(|m| lower.contains(*m)).count() + answer.matches("\n\n").count();
        (markers as f64 / 3.0).min(1.0)
    };
    let fillers = count_fillers(&lower, english);
    let tokens = (cjk + words).max(1);
    let fluency: f64 = (1.0 - 10.0 * fillers as f64 / tokens as f64).clamp(0.0, 1.0);
    let length = length_score(size);
    let pace = speech_rate(answer, duration_seconds).map(|r| pace_score(r, english));
    let weights: [f64; 5] = if has_reference { [0.45, 0.15, 0.15, 0.15, 0.10] } else { [0.35, 0.25, 0.15, 0.15, 0.10] };
    let parts = [coverage, structure, fluency, length];
    let mut total: f64 = parts.iter().zip(weights.iter()).map(|(p, w)| p * w).sum();
    match pace {
        Some(p) => total += p * weights[4],
        None => total /= 1.0 - weights[4],
    }
    let mut score = (total * 100.0).round() as i32;
    if size < 30 && DONT_KNOW.iter().any(|d| lower.contains(d)) {
        score = score.min(10);
    }
    let score = score.clamp(0, 100);
    let dims = Dimensions { coverage, structure, fluency: spoken.map(|_| fluency), length, pace };
    let rate = speech_rate(answer, duration_seconds);
    let per_lang = |l: Lang| advice(l, &dims, &covered, &missed, fillers, rate, behavioural, has_reference, english);
    let (zh, tw, en) = (per_lang(Lang::ZhCn), per_lang(Lang::ZhTw), per_lang(Lang::En));
    let feedback = vec![tri("interview.shim.feedback", |l| match l { Lang::ZhCn => zh.0.clone(), Lang::ZhTw => tw.0.clone(), Lang::En => en.0.clone() })];
    let improved = (0..zh.1.len())
        .map(|i| tri(&format!("interview.shim.{}", zh.1[i].0), |l| match l { Lang::ZhCn => zh.1[i].1.clone(), Lang::ZhTw => tw.1[i].1.clone(), Lang::En => en.1[i].1.clone() }))
        .collect();
    let explanation = feedback[0].clone();
    let key_points = covered.iter().map(|p| KeyPoint { point: p.clone(), covered: true, evidence: Some(p.clone()) }).chain(missed.iter().map(|p| KeyPoint { point: p.clone(), covered: false, evidence: None })).collect();
    let follow_up = (!(score >= 60 && coverage >= 0.6)).then(|| FollowUp { point: missed.first().cloned().unwrap_or_default(), question: tri("interview.shim.follow_up", |l| follow_up_text(l, &missed, has_reference)) });
    Scored { score, dimensions: dims, feedback, improved, explanation, key_points, estimate: !has_reference, follow_up, fillers, scorer: "builtin".into() }
}

#[allow(clippy::too_many_arguments)]
fn advice(lang: Lang, d: &Dimensions, covered: &[String], missed: &[String], fillers: usize, rate: Option<f64>, behavioural: bool, has_reference: bool, english: bool) -> (String, Vec<(&'static str, String)>) {
    let en = lang == Lang::En;
    let tw = lang == Lang::ZhTw;
    let t = |zh: &str, tw_s: &str, en_s: &str| -> String { if en { en_s.to_owned() } else if tw { tw_s.to_owned() } else { zh.to_owned() } };
    let list = |v: &[String]| v.join(if en { ", " } else { "、" });
    let mut fb = Vec::new();
    let mut hints = Vec::new();
    if !covered.is_empty() {
        fb.push(t(&format!("答到了：{}。", list(covered)), &format!("答到了：{}。", list(covered)), &format!("Covered: {}.", list(covered))));
    }
    if !missed.is_empty() && d.coverage < 0.8 {
        let m = list(&missed[..missed.len().min(4)]);
        if has_reference {
            fb.push(t(&format!("遗漏的要点：{m}。"), &format!("遺漏的要點：{m}。"), &format!("Missed key points: {m}.")));
            hints.push(("missed", t(&format!("补充要点：{m}"), &format!("補充要點：{m}"), &format!("Add the key points: {m}"))));
        } else {
            hints.push(("missed", t(&format!("紧扣题目回答，围绕：{m}"), &format!("緊扣題目回答，圍繞：{m}"), &format!("Stay on the question: address {m}"))));
        }
    }
    if d.structure < 0.5 {
        hints.push(("structure", if behavioural {
            t("用 STAR 结构组织：先讲背景（S）和任务（T），再讲你的行动（A）和可量化的结果（R）", "用 STAR 結構組織：先講背景（S）和任務（T），再講你的行動（A）和可量化的結果（R）", "Use STAR: situation and task first, then your actions and a measurable result")
        } else {
            t("先给结论，再分点展开（首先/其次/最后），最后总结", "先給結論，再分點展開（首先/其次/最後），最後總結", "Lead with the conclusion, then explain point by point (first, second, finally) and sum up")
        }));
    }
    if fillers >= 2 {
        hints.push(("fillers", t(&format!("减少口头禅（出现 {fillers} 次，如“嗯”“那个”），停顿时先想好再说"), &format!("減少口頭禪（出現 {fillers} 次，如「嗯」「那個」），停頓時先想好再說"), &format!("Cut filler words ({fillers} found, e.g. \"um\", \"like\"); pause silently instead"))));
    }
    if d.length < 0.6 {
        hints.push(("short", t("回答偏短：说明原理，并结合一个项目中的例子", "回答偏短：說明原理，並結合一個專案中的例子", "Too short: explain the principle and give an example from your projects")));
    }
    if let (Some(r), Some(p)) = (rate, d.pace)
        && p < 0.8 {
            let (lo, hi, unit) = if english { (120, 160, if en { "words/min" } else { "词/分钟" }) } else { (180, 280, if en { "chars/min" } else { "字/分钟" }) };
            let fast = r > f64::from(hi);
            hints.push(("pace", if fast {
                t(&format!("语速偏快（{r:.0} {unit}），放慢到 {lo}–{hi}"), &format!("語速偏快（{r:.0} {unit}），放慢到 {lo}–{hi}"), &format!("You spoke fast ({r:.0} {unit}); aim for {lo}–{hi}"))
            } else {
                t(&format!("语速偏慢（{r:.0} {unit}），提前梳理思路，目标 {lo}–{hi}"), &format!("語速偏慢（{r:.0} {unit}），提前梳理思路，目標 {lo}–{hi}"), &format!("You spoke slowly ({r:.0} {unit}); organise first and aim for {lo}–{hi}"))
            }));
        }
    if fb.is_empty() {
        fb.push(t("回答没有覆盖题目的关键点。", "回答沒有涵蓋題目的關鍵點。", "The answer did not address the key points."));
    }
    if hints.is_empty() {
        fb.push(t("结构清晰、要点完整，保持这个水平。", "結構清晰、要點完整，保持這個水準。", "Clear and complete; keep it up."));
    }
    (fb.join(if en { " " } else { "" }), hints)
}

fn follow_up_text(lang: Lang, missed: &[String], has_reference: bool) -> String {
    let missing: Vec<&String> = missed.iter().take(2).collect();
    match (lang, has_reference && !missing.is_empty()) {
        (Lang::En, true) => format!("You did not mention {}. Can you explain how they fit in?", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" and ")),
        (Lang::En, false) => "Can you give a concrete example from a project you worked on?".into(),
        (Lang::ZhTw, true) => format!("你沒有提到{}，能具體展開講講嗎？", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("和")),
        (Lang::ZhTw, false) => "能結合你做過的專案，舉一個具體的例子嗎？".into(),
        (_, true) => format!("你没有提到{}，能具体展开讲讲吗？", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("和")),
        (_, false) => "能结合你做过的项目，举一个具体的例子吗？".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = "Redis 缓存穿透是什么？怎么解决？";
    const REF: &str = "缓存穿透指查询一个数据库中也不存在的数据，请求每次都打到数据库。解决：布隆过滤器拦截不存在的 key；缓存空值并设置较短过期时间；接口层参数校验。";

    #[test]
    fn a_good_answer_scores_clearly_above_an_evasive_one() {
        let good = "首先，缓存穿透是指请求的数据在缓存和数据库中都不存在，每次请求都会打到数据库。\n\n解决办法：第一，用布隆过滤器在缓存前拦截不存在的 key；第二，对查询结果为空的 key 也缓存一个空值，并设置较短的过期时间；另外在接口层做参数校验。总结来说，核心是不让无效请求落到数据库。";
        let evasive = "嗯，这个，那个我不太清楚，就是说缓存的问题吧。";
        let g = builtin(Lang::ZhCn, Q, Some(REF), good, Some(Spoken { duration_seconds: 60.0 }), false);
        let e = builtin(Lang::ZhCn, Q, Some(REF), evasive, Some(Spoken { duration_seconds: 20.0 }), false);
        assert!(g.score >= 70, "good: {g:?}");
        assert!(e.score <= 20, "evasive: {e:?}");
        assert!(g.score - e.score >= 50);
        assert!(e.fillers >= 3 && !e.improved.is_empty());
        assert!(e.follow_up.is_some());
        assert!(g.follow_up.is_none());
    }

    #[test]
    fn key_points_ignore_links_sources_and_markup() {
        let terms = key_terms("缓存穿透用布隆过滤器解决，详见 [JavaGuide](https://javaguide.cn/database/redis.html) 和 <img src=x>。", 8);
        assert!(terms.iter().any(|t| t == "布隆过滤器" || t == "过滤器"), "{terms:?}");
        assert!(!terms.iter().any(|t| t.contains("javaguide") || t == "网络" || t == "html"), "{terms:?}");
    }

    #[test]
    fn scoring_is_deterministic() {
        let a = builtin(Lang::ZhCn, Q, Some(REF), "布隆过滤器和缓存空值", None, false);
        let b = builtin(Lang::ZhCn, Q, Some(REF), "布隆过滤器和缓存空值", None, false);
        assert_eq!(a, b);
    }

    #[test]
    fn star_structure_counts_for_behavioural_questions() {
        let star = "当时我在实习，项目上线前发现性能问题（背景）。我的任务是在一周内把接口延迟降下来。我采取的措施是先加监控定位慢查询，然后加索引和缓存。最终 P99 从 800ms 降低到 120ms，提升了 85%。";
        let flat = "我觉得我做事很认真，也很喜欢和同事合作，平时会主动学习新的技术。";
        let q = "讲一个你解决过的困难问题";
        let s = builtin(Lang::ZhCn, q, None, star, None, true);
        let f = builtin(Lang::ZhCn, q, None, flat, None, true);
        assert_eq!(s.dimensions.structure, 1.0);
        assert!(s.score > f.score + 15, "{} vs {}", s.score, f.score);
    }

    #[test]
    fn speech_rate_is_chars_per_minute_or_words_per_minute() {
        assert_eq!(speech_rate("一二三四五六七八九十", Some(3)), Some(200.0));
        assert_eq!(speech_rate("one two three four five six seven eight nine ten", Some(5)), Some(120.0));
        assert_eq!(speech_rate("任何", None), None);
        let fast = builtin(Lang::ZhCn, Q, Some(REF), &"布隆过滤器缓存空值".repeat(40), Some(Spoken { duration_seconds: 30.0 }), false);
        assert!(fast.improved.iter().any(|h| h.render(Lang::ZhCn).contains("语速偏快")), "{:?}", fast.improved);
    }
}
