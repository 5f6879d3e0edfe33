//! The index text of a 面经: what its full-text entry holds, and its
//! interview questions prepared for the question bank in the same pass.

use crate::entity::experience;
use crate::features::questions::{prepare_questions, PreparedQuestion};
use crate::features::search;

/// The `search_text` of 面经 `m` whose `interview_questions` are
/// `questions`, and those questions prepared for the bank
/// ([`prepare_questions`]). Each question is segmented
/// once for both: the 面经's text is the index text of its title, company,
/// position, questions and content.
pub fn index_experience(m: &experience::Model, questions: &[String]) -> (String, Vec<PreparedQuestion>) {
    index_parts(&m.title, &m.company, m.position.as_deref(), &m.content, questions)
}

/// [`index_experience`] of a 面经 given by its indexed fields.
pub fn index_parts(
    title: &str,
    company: &str,
    position: Option<&str>,
    content: &str,
    questions: &[String],
) -> (String, Vec<PreparedQuestion>) {
    let mut words = Vec::new();
    let prepared = prepare_questions(questions, &mut words);
    for part in [title, company, position.unwrap_or(""), content] {
        words.extend(search::document_words(part));
    }
    (search::index_words(words), prepared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use crate::entity::enums::ContentLang;
    use crate::features::experiences::model::{NewExperience, Origin};
    use crate::features::questions::{content_key, search_text};
    use crate::entity::experience;

    /// A 面经 with `questions` and otherwise empty fields.
    fn model(title: &str, position: Option<&str>, questions: &[&str], content: &str) -> experience::Model {
        let mut m = NewExperience {
            author_id: 1,
            title: title.into(),
            company: "字节跳动".into(),
            position: position.map(Into::into),
            career_id: None,
            interview_date: None,
            interview_result: None,
            interview_difficulty: None,
            interview_evaluation: None,
            interview_questions: vec![],
            content: content.into(),
            anonymous: false,
            lang: ContentLang::Zh,
            origin: Origin::default(),
            created_at: Utc::now(),
        }
        .into_row()
        .0;
        // Untrimmed, with blanks and repeats, as older posts may hold them.
        m.interview_questions = serde_json::to_string(questions).unwrap();
        m
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
