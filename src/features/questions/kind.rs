//! What a question asks of the candidate ([`QuestionKind`]), decided from
//! its career, tags and text when it enters the bank (import, admin, 面经);
//! an admin may correct it afterwards. Migration 22 classified the rows
//! that existed before with a frozen copy of this rule
//! (`m20261207_000022_question_kinds::classify`): change the rule here, not
//! there.
//!
//! The rule, first match wins (cues are matched ignoring case; ASCII cues
//! only as whole words):
//! 1. a tag `反问面试官` or `reverse interview` → `reverse` (the questions
//!    a candidate asks the interviewer: 公积金比例, 工作签证, team size…);
//! 2. career `系统设计` → `design`; career `算法` → `coding`;
//! 3. career `行为面试` → `behavioural`, unless the text names a technology
//!    ([`TECHNICAL_CUES`]: 安卓, 插件, 微前端, 推荐算法…) → `technical`. The
//!    shared data's 行为面试 holds such rows ("你觉得安卓开发最关键的技术在哪里？",
//!    "都使用过哪些自定义控件？"), which an HR round must not ask;
//! 4. any other question: a design cue ([`DESIGN_CUES`], "设计一个",
//!    "design a", not 设计模式) → `design`; a coding cue ([`CODING_CUES`]:
//!    手写, 手撕, 实现一个, "implement a") → `coding`; a question without a
//!    technical career that asks about the candidate ([`BEHAVIOURAL_CUES`]:
//!    自我介绍, 离职, 职业规划, "tell me about a time") → `behavioural`
//!    (面经 questions of an HR round); otherwise `technical`.
//!
//! The cues were chosen by reading the 行为面试 rows of the shared question
//! data (708 rows); they are lists, not a model: an unusual question may be
//! misfiled, which is why admins can change a question's kind.

use crate::entity::enums::QuestionKind;

/// Career of behavioural questions (also questions to ask the interviewer).
pub const BEHAVIOURAL_CAREER: &str = "行为面试";
/// Career of system-design questions.
pub const DESIGN_CAREER: &str = "系统设计";
/// Career of coding problems.
pub const CODING_CAREER: &str = "算法";

/// Tags of the questions a candidate asks the interviewer.
pub const REVERSE_TAGS: &[&str] = &["反问面试官", "reverse interview"];

/// Words that make a 行为面试 question technical.
pub const TECHNICAL_CUES: &[&str] = &[
    "安卓", "android", "控件", "插件", "微前端", "开源库", "算法", "数据结构", "单体应用", "人工智能", "机器学习", "验证码",
    "代码编辑器", "技术分析", "单元测试", "源码", "框架", "数据库", "sdk", "api", "algorithm", "data structure", "database",
    "framework",
];

/// Words of a design question.
pub const DESIGN_CUES: &[&str] = &["设计一个", "如何设计", "系统设计", "design a", "design an", "how would you design"];

/// Words of a coding question.
pub const CODING_CUES: &[&str] = &["手写", "手撕", "实现一个", "写一个", "编写一个", "implement a", "implement an", "write a function", "write a program"];

/// Words of a question about the candidate (only for questions without a
/// career, e.g. those of a 面经).
pub const BEHAVIOURAL_CUES: &[&str] = &[
    "自我介绍", "离职", "职业规划", "优缺点", "优点和缺点", "缺点", "期望薪资", "薪资", "加班", "为什么选择我们", "团队合作", "最有成就感",
    "tell me about a time", "tell me about yourself", "introduce yourself", "greatest weakness", "greatest strength", "why do you want",
];

/// Whether `text` (lower-cased) contains `cue`: anywhere for a Chinese cue,
/// as whole words for an ASCII one ("api" is not in "rapid").
fn has(text: &str, cue: &str) -> bool {
    if !cue.is_ascii() {
        return text.contains(cue);
    }
    let bytes = text.as_bytes();
    text.match_indices(cue).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + cue.len()).copied();
        let edge = |c: Option<u8>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        edge(before) && edge(after)
    })
}

fn any(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| has(text, c))
}

/// The kind of a question of career `career` (its name), with `tags` and
/// text `content`, by the rule in the module documentation.
pub fn classify(career: Option<&str>, tags: &[String], content: &str) -> QuestionKind {
    if tags.iter().any(|t| REVERSE_TAGS.contains(&t.trim().to_lowercase().as_str())) {
        return QuestionKind::Reverse;
    }
    let text = content.to_lowercase();
    match career.map(str::trim) {
        Some(DESIGN_CAREER) => QuestionKind::Design,
        Some(CODING_CAREER) => QuestionKind::Coding,
        Some(BEHAVIOURAL_CAREER) if any(&text, TECHNICAL_CUES) => QuestionKind::Technical,
        Some(BEHAVIOURAL_CAREER) => QuestionKind::Behavioural,
        c => {
            if any(&text, DESIGN_CUES) && !text.contains("设计模式") {
                QuestionKind::Design
            } else if any(&text, CODING_CUES) {
                QuestionKind::Coding
            } else if c.is_none() && any(&text, BEHAVIOURAL_CUES) {
                QuestionKind::Behavioural
            } else {
                QuestionKind::Technical
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn questions_to_ask_the_interviewer_are_reverse_whatever_their_career() {
        assert_eq!(classify(Some("行为面试"), &tags(&["反问面试官", "待遇"]), "公积金比例是多少？"), QuestionKind::Reverse);
        assert_eq!(classify(Some("行为面试"), &tags(&["Reverse Interview"]), "Do you sponsor work visas?"), QuestionKind::Reverse);
    }

    #[test]
    fn behavioural_rows_naming_a_technology_are_technical() {
        let soft = tags(&["非技术面试题"]);
        assert_eq!(classify(Some("行为面试"), &soft, "你觉得安卓开发最关键的技术在哪里？"), QuestionKind::Technical);
        assert_eq!(classify(Some("行为面试"), &soft, "都使用过哪些自定义控件？"), QuestionKind::Technical);
        assert_eq!(classify(Some("行为面试"), &soft, "为什么要离职?"), QuestionKind::Behavioural);
        assert_eq!(classify(Some("行为面试"), &[], "Tell me about a rapid change you led."), QuestionKind::Behavioural, "api is not in rapid");
    }

    #[test]
    fn careers_and_cues_give_design_and_coding() {
        assert_eq!(classify(Some("系统设计"), &[], "短链系统"), QuestionKind::Design);
        assert_eq!(classify(Some("算法"), &[], "两数之和"), QuestionKind::Coding);
        assert_eq!(classify(Some("后端"), &[], "手撕 LRU 缓存"), QuestionKind::Coding);
        assert_eq!(classify(Some("后端"), &[], "如何设计一个高可用系统？"), QuestionKind::Design);
        assert_eq!(classify(Some("Java"), &[], "说说你用过的设计模式"), QuestionKind::Technical);
        assert_eq!(classify(Some("后端"), &[], "MySQL 为什么用 B+ 树？"), QuestionKind::Technical);
    }

    #[test]
    fn questions_without_a_career_about_the_candidate_are_behavioural() {
        assert_eq!(classify(None, &[], "请做一个自我介绍"), QuestionKind::Behavioural);
        assert_eq!(classify(None, &[], "Redis 持久化有哪些方式？"), QuestionKind::Technical);
        assert_eq!(classify(Some("前端"), &[], "你的缺点是什么？"), QuestionKind::Technical, "a technical career keeps its rows technical");
    }
}
