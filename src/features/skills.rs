//! Skill and topic extraction from job postings and resumes for question
//! recommendation (README, "How it works": Recommendation).
//!
//! Two sources of keywords: a curated vocabulary of technologies and
//! interview topics (canonical name + aliases, matched case-insensitively,
//! ASCII terms on word boundaries), weighted 2; and jieba's TF-IDF keywords
//! of the text, weighted 1, for topics outside the vocabulary.

use std::collections::BTreeMap;

use jieba_rs::{KeywordExtract, TfIdf};

use crate::features::search::JIEBA;

/// jieba's TF-IDF extractor with its bundled IDF table, built once per
/// process (building it parses the whole table).
pub static TFIDF: std::sync::LazyLock<TfIdf> = std::sync::LazyLock::new(TfIdf::default);

/// `(canonical, aliases)`; the canonical name is also an alias.
const VOCABULARY: &[(&str, &[&str])] = &[
    ("Java", &["java"]), ("JVM", &["jvm", "虚拟机", "垃圾回收", "gc"]), ("Spring", &["spring", "spring boot", "springboot", "spring cloud"]),
    ("MyBatis", &["mybatis"]), ("Go", &["golang", "go语言", "go 语言"]), ("Python", &["python", "django", "flask"]),
    ("C++", &["c++", "cpp", "stl"]), ("Rust", &["rust"]), ("JavaScript", &["javascript", "js", "es6", "ecmascript"]),
    ("TypeScript", &["typescript", "ts"]), ("React", &["react", "hooks"]), ("Vue", &["vue", "vuex", "pinia"]),
    ("Node.js", &["node.js", "nodejs", "node"]), ("CSS", &["css", "flex", "布局"]), ("HTML", &["html", "html5"]),
    ("Webpack", &["webpack", "vite", "打包"]), ("浏览器", &["浏览器", "渲染", "跨域"]), ("小程序", &["小程序"]),
    ("Android", &["android", "安卓", "kotlin"]), ("iOS", &["ios", "swift", "objective-c"]), ("Flutter", &["flutter"]),
    ("MySQL", &["mysql", "innodb", "sql"]), ("索引", &["索引", "b+树", "b+ 树"]), ("事务", &["事务", "隔离级别", "mvcc"]),
    ("PostgreSQL", &["postgresql", "postgres"]), ("MongoDB", &["mongodb"]), ("Redis", &["redis"]),
    ("缓存", &["缓存", "cache"]), ("Kafka", &["kafka"]), ("RabbitMQ", &["rabbitmq"]), ("RocketMQ", &["rocketmq"]),
    ("消息队列", &["消息队列", "mq"]), ("Elasticsearch", &["elasticsearch", "es", "搜索引擎"]), ("Nginx", &["nginx"]),
    ("Docker", &["docker", "容器"]), ("Kubernetes", &["kubernetes", "k8s"]), ("Linux", &["linux", "shell"]),
    ("Git", &["git"]), ("分布式", &["分布式", "cap", "一致性", "raft", "paxos"]), ("微服务", &["微服务", "dubbo", "grpc", "rpc"]),
    ("高并发", &["高并发", "并发", "多线程", "线程池", "锁", "synchronized"]), ("高可用", &["高可用", "容灾", "限流", "熔断"]),
    ("网络", &["tcp", "udp", "http 协议", "https 协议", "三次握手", "计算机网络"]), ("操作系统", &["操作系统", "进程", "线程", "内存管理"]),
    ("数据结构", &["数据结构", "链表", "二叉树", "哈希表", "堆", "栈"]), ("算法", &["算法", "动态规划", "排序", "leetcode", "刷题"]),
    ("设计模式", &["设计模式", "单例"]), ("系统设计", &["系统设计", "架构", "架构设计"]), ("机器学习", &["机器学习", "machine learning", "ml"]),
    ("深度学习", &["深度学习", "pytorch", "tensorflow", "神经网络"]), ("大模型", &["大模型", "llm", "rag", "agent", "prompt", "transformer"]),
    ("大数据", &["大数据", "hadoop", "spark", "flink", "hive"]), ("数据分析", &["数据分析", "pandas", "统计", "a/b"]),
    ("测试", &["测试", "自动化测试", "单元测试"]), ("安全", &["安全", "xss", "csrf", "sql注入"]), ("性能优化", &["性能优化", "性能调优"]),
];

/// Part-of-speech tags kept as keywords: nouns (incl. person, place,
/// organisation and other proper nouns), verbal nouns and English words.
/// Verbs and adverbs (讲讲, 提到, 大量) describe, they are not topics.
pub fn noun_pos() -> Vec<String> {
    ["n", "nr", "nrt", "ns", "nt", "nz", "vn", "eng"].iter().map(|s| (*s).to_owned()).collect()
}

/// One extracted keyword with its weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// The search term (canonical name for vocabulary hits).
    pub term: String,
    /// 2.0 for vocabulary skills, 1.0 for TF-IDF keywords.
    pub weight: f64,
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    if !needle.is_ascii() {
        return haystack.contains(needle);
    }
    let bytes = haystack.as_bytes();
    let mut start = 0;
    while let Some(pos) = haystack[start..].find(needle) {
        let at = start + pos;
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + needle.len()).copied();
        let boundary = |c: Option<u8>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        start = at + needle.len();
    }
    false
}

/// Keywords of `text`, vocabulary hits first, at most `max`.
pub fn extract(text: &str, max: usize) -> Vec<Keyword> {
    let lower = text.to_lowercase();
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (canonical, aliases) in VOCABULARY {
        if aliases.iter().any(|a| contains_word(&lower, a)) || contains_word(&lower, &canonical.to_lowercase()) {
            out.insert((*canonical).to_owned(), 2.0);
            order.push((*canonical).to_owned());
        }
    }
    for kw in TFIDF.extract_keywords(&JIEBA, text, 8, noun_pos()) {
        let k = kw.keyword.trim().to_owned();
        if k.chars().count() < 2 || out.keys().any(|o| o.eq_ignore_ascii_case(&k)) {
            continue;
        }
        out.insert(k.clone(), 1.0);
        order.push(k);
    }
    order.into_iter().take(max).map(|term| Keyword { weight: out[&term], term }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_yields_its_skills_first() {
        let kws = extract("岗位要求：熟悉 Redis、MySQL 与 Spring Boot，了解 Kafka，有高并发经验者优先。", 10);
        let terms: Vec<&str> = kws.iter().map(|k| k.term.as_str()).collect();
        for t in ["Redis", "MySQL", "Spring", "Kafka", "高并发"] {
            assert!(terms.contains(&t), "{t} missing from {terms:?}");
        }
        assert!(kws.iter().take(5).all(|k| k.weight == 2.0));
    }

    #[test]
    fn ascii_terms_match_on_word_boundaries_only() {
        assert!(contains_word("we use go and rust", "go"));
        assert!(!contains_word("google cloud", "go"));
        assert!(contains_word("c++ 开发", "c++"));
    }
}
