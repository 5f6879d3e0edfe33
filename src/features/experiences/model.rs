//! The shape of a 面经 write: the fields a writer sends ([`ExperiencePatch`],
//! any subset for an edit), their rules ([`ExperiencePatch::check`] →
//! [`ValidPatch`]), and the one way to build a new row ([`NewExperience`]),
//! used by create, the import and tests.
//!
//! Rules (README, "面经"): title, company and position 1–100 characters;
//! content 1–50,000; at most 50 interview questions of at most 500
//! characters each, blanks dropped; the interview date not in the future and
//! not before 1990; evaluation 1–5; result and difficulty one of their codes.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::entity::enums::{ContentLang, Difficulty, InterviewResult};
use crate::entity::experience;
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::community::excerpt;
use crate::features::experiences::index::index_experience;
use crate::features::questions::PreparedQuestion;

/// Characters of the excerpt lists show.
pub const EXCERPT_CHARS: usize = 200;
/// Most interview questions of one 面经.
pub const MAX_QUESTIONS: usize = 50;

/// The fields of a 面经 as a writer sends them, unchecked. `None`: not sent
/// (an edit keeps the stored value); `Some(None)`: cleared.
#[derive(Clone, Debug, Default)]
pub struct ExperiencePatch {
    pub title: Option<String>,
    pub company: Option<String>,
    pub position: Option<String>,
    pub career_id: Option<Option<i64>>,
    /// `YYYY-MM-DD`.
    pub interview_date: Option<Option<String>>,
    /// An [`InterviewResult`] code.
    pub interview_result: Option<Option<String>>,
    /// A [`Difficulty`] code.
    pub interview_difficulty: Option<Option<String>>,
    pub interview_evaluation: Option<Option<i16>>,
    pub interview_questions: Option<Vec<String>>,
    /// Markdown.
    pub content: Option<String>,
    pub anonymous: Option<bool>,
}

/// An [`ExperiencePatch`] that passed [`ExperiencePatch::check`]: trimmed,
/// parsed, within the limits.
#[derive(Clone, Debug, Default)]
pub struct ValidPatch {
    pub title: Option<String>,
    pub company: Option<String>,
    pub position: Option<String>,
    pub career_id: Option<Option<i64>>,
    pub interview_date: Option<Option<NaiveDate>>,
    pub interview_result: Option<Option<InterviewResult>>,
    pub interview_difficulty: Option<Option<Difficulty>>,
    pub interview_evaluation: Option<Option<i16>>,
    pub interview_questions: Option<Vec<String>>,
    pub content: Option<String>,
    pub anonymous: Option<bool>,
}

fn push(errors: &mut FieldErrors, field: &str, code: &'static str, params: Vec<(&'static str, String)>) {
    errors.entry(field.into()).or_default().push(FieldError { code, params });
}

/// `v` trimmed, checked to be 1–`max` characters (and present when `required`).
fn text(errors: &mut FieldErrors, field: &str, v: Option<&String>, max: usize, required: bool) -> Option<String> {
    let v = v.map(|s| s.trim().to_owned());
    match &v {
        None if required => push(errors, field, "required", vec![]),
        Some(s) if s.is_empty() || s.chars().count() > max => push(errors, field, "length", vec![("min", "1".into()), ("max", max.to_string())]),
        _ => {}
    }
    v
}

/// A nullable code parsed into `T` (an unknown code is `enum_value`).
fn code<T: std::str::FromStr>(errors: &mut FieldErrors, field: &str, v: &Option<Option<String>>) -> Option<Option<T>> {
    let v = v.as_ref()?;
    let Some(s) = v.as_deref() else { return Some(None) };
    match s.parse::<T>() {
        Ok(c) => Some(Some(c)),
        Err(_) => {
            push(errors, field, "enum_value", vec![]);
            None
        }
    }
}

impl ExperiencePatch {
    /// Check every field at once; with `creating`, title, company, position
    /// and content are required.
    ///
    /// # Errors
    /// 400 `validation_failed` with a reason per field.
    pub fn check(&self, creating: bool) -> Result<ValidPatch> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", self.title.as_ref(), 100, creating);
        let company = text(&mut errors, "company", self.company.as_ref(), 100, creating);
        let position = text(&mut errors, "position", self.position.as_ref(), 100, creating);
        let content = text(&mut errors, "content", self.content.as_ref(), 50_000, creating);
        let interview_result = code(&mut errors, "interview_result", &self.interview_result);
        let interview_difficulty = code(&mut errors, "interview_difficulty", &self.interview_difficulty);
        if self.interview_evaluation.flatten().is_some_and(|e| !(1..=5).contains(&e)) {
            push(&mut errors, "interview_evaluation", "range", vec![("min", "1".into()), ("max", "5".into())]);
        }
        let interview_date = self.interview_date.as_ref().map(|d| {
            let d = d.as_deref().map(str::trim).filter(|d| !d.is_empty())?;
            match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(date) if date <= Utc::now().date_naive() && date.year_ce().1 >= 1990 => Some(date),
                _ => {
                    push(&mut errors, "interview_date", "date", vec![]);
                    None
                }
            }
        });
        let interview_questions = self.interview_questions.as_ref().map(|qs| {
            let qs: Vec<String> = qs.iter().map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()).collect();
            if qs.len() > MAX_QUESTIONS {
                push(&mut errors, "interview_questions", "max_items", vec![("max", MAX_QUESTIONS.to_string())]);
            }
            if qs.iter().any(|q| q.chars().count() > 500) {
                push(&mut errors, "interview_questions", "max_length", vec![("max", "500".into())]);
            }
            qs
        });
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        Ok(ValidPatch {
            title,
            company,
            position,
            career_id: self.career_id,
            interview_date,
            interview_result,
            interview_difficulty,
            interview_evaluation: self.interview_evaluation,
            interview_questions,
            content,
            anonymous: self.anonymous,
        })
    }
}

/// The language of a post: `zh` when its title or content has CJK characters.
pub fn detect_lang(title: &str, content: &str) -> ContentLang {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if cjk(title) || cjk(content) { ContentLang::Zh } else { ContentLang::En }
}

impl ValidPatch {
    /// Apply the sent fields to `m` with what follows from them (company
    /// key, excerpt, question count) and stamp `updated_at`; returns the
    /// questions prepared for the bank, with `m.search_text` set to the new
    /// index text.
    pub fn apply(self, m: &mut experience::Model, now: DateTime<Utc>) -> Vec<PreparedQuestion> {
        if let Some(v) = self.title {
            m.title = v;
        }
        if let Some(v) = self.company {
            m.company = v;
        }
        if let Some(v) = self.position {
            m.position = Some(v);
        }
        if let Some(v) = self.career_id {
            m.career_id = v;
        }
        if let Some(v) = self.interview_date {
            m.interview_date = v;
        }
        if let Some(v) = self.interview_result {
            m.interview_result = v.map(|r| r.as_str().to_owned());
        }
        if let Some(v) = self.interview_difficulty {
            m.interview_difficulty = v.map(|d| d.as_str().to_owned());
        }
        if let Some(v) = self.interview_evaluation {
            m.interview_evaluation = v;
        }
        let questions = match self.interview_questions {
            Some(qs) => {
                m.interview_questions = serde_json::to_string(&qs).unwrap_or_else(|_| "[]".into());
                qs
            }
            None => serde_json::from_str(&m.interview_questions).unwrap_or_default(),
        };
        if let Some(v) = self.content {
            m.content = v;
        }
        if let Some(v) = self.anonymous {
            m.anonymous = v;
        }
        m.updated_at = now;
        derive(m, &questions)
    }
}

/// Set what follows from `m`'s fields and its interview `questions` (the
/// list `m.interview_questions` holds as JSON): the company key, the
/// excerpt, the question count and the index text; the questions prepared
/// for the bank.
fn derive(m: &mut experience::Model, questions: &[String]) -> Vec<PreparedQuestion> {
    m.company_key = m.company.to_lowercase();
    m.excerpt = excerpt(&m.content, EXCERPT_CHARS);
    m.question_count = i32::try_from(questions.len()).unwrap_or(i32::MAX);
    let (search_text, prepared) = index_experience(m, questions);
    m.search_text = search_text;
    prepared
}

/// Where an imported 面经 comes from (shown with it).
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// `owner/repo` or a site.
    pub source: Option<String>,
    /// Path or URL within the source.
    pub source_path: Option<String>,
    /// SPDX-style licence name.
    pub license: Option<String>,
    /// Identity of the imported text: a second import skips it.
    pub import_key: Option<String>,
}

/// A new 面经, checked: the one constructor of its row ([`NewExperience::into_row`]).
#[derive(Clone, Debug)]
pub struct NewExperience {
    pub author_id: i64,
    pub title: String,
    pub company: String,
    pub position: Option<String>,
    pub career_id: Option<i64>,
    pub interview_date: Option<NaiveDate>,
    pub interview_result: Option<InterviewResult>,
    pub interview_difficulty: Option<Difficulty>,
    pub interview_evaluation: Option<i16>,
    pub interview_questions: Vec<String>,
    pub content: String,
    pub anonymous: bool,
    pub lang: ContentLang,
    pub origin: Origin,
    pub created_at: DateTime<Utc>,
}

impl NewExperience {
    /// A post by `author_id` at `now` from a patch checked with `creating`
    /// (absent required fields become empty strings, which `check` refuses).
    pub fn from_patch(author_id: i64, p: ValidPatch, now: DateTime<Utc>) -> NewExperience {
        let title = p.title.unwrap_or_default();
        let content = p.content.unwrap_or_default();
        NewExperience {
            author_id,
            lang: detect_lang(&title, &content),
            title,
            company: p.company.unwrap_or_default(),
            position: p.position,
            career_id: p.career_id.flatten(),
            interview_date: p.interview_date.flatten(),
            interview_result: p.interview_result.flatten(),
            interview_difficulty: p.interview_difficulty.flatten(),
            interview_evaluation: p.interview_evaluation.flatten(),
            interview_questions: p.interview_questions.unwrap_or_default(),
            content,
            anonymous: p.anonymous.unwrap_or(false),
            origin: Origin::default(),
            created_at: now,
        }
    }

    /// The row to insert (`id` 0: the database assigns it) with its index
    /// text, and its interview questions prepared for the bank.
    pub fn into_row(self) -> (experience::Model, Vec<PreparedQuestion>) {
        let mut m = experience::Model {
            id: 0,
            author_id: self.author_id,
            title: self.title,
            company: self.company,
            company_key: String::new(),
            company_id: None,
            position: self.position,
            career_id: self.career_id,
            interview_date: self.interview_date,
            interview_result: self.interview_result.map(|r| r.as_str().to_owned()),
            interview_difficulty: self.interview_difficulty.map(|d| d.as_str().to_owned()),
            interview_evaluation: self.interview_evaluation,
            interview_questions: serde_json::to_string(&self.interview_questions).unwrap_or_else(|_| "[]".into()),
            question_count: 0,
            content: self.content,
            excerpt: String::new(),
            anonymous: self.anonymous,
            favorites_count: 0,
            comments_count: 0,
            lang: self.lang.as_str().to_owned(),
            source: self.origin.source,
            source_path: self.origin.source_path,
            license: self.origin.license,
            import_key: self.origin.import_key,
            search_text: String::new(),
            deleted_at: None,
            created_at: self.created_at,
            updated_at: self.created_at,
        };
        let prepared = derive(&mut m, &self.interview_questions);
        (m, prepared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch() -> ExperiencePatch {
        ExperiencePatch {
            title: Some("  字节后端一面 ".into()),
            company: Some("字节跳动".into()),
            position: Some("后端开发".into()),
            content: Some("## 一面\n\n问了 **Redis**。".into()),
            interview_questions: Some(vec![" Redis 持久化 ".into(), "".into(), "Redis 持久化".into()]),
            interview_result: Some(Some("offer".into())),
            ..Default::default()
        }
    }

    #[test]
    fn a_new_post_is_trimmed_and_derives_its_key_excerpt_and_questions() {
        let now = Utc::now();
        let valid = patch().check(true).expect("valid");
        let (m, prepared) = NewExperience::from_patch(7, valid, now).into_row();
        assert_eq!((m.title.as_str(), m.company_key.as_str(), m.lang.as_str()), ("字节后端一面", "字节跳动", "zh"));
        assert_eq!(m.excerpt, "一面 问了 Redis。");
        assert_eq!(m.interview_result.as_deref(), Some("offer"));
        assert_eq!(m.question_count, 2, "blank questions are dropped, repeats kept in the post");
        assert_eq!(prepared.len(), 1, "the bank gets each distinct question once");
        assert!(!m.search_text.is_empty());
        assert_eq!((m.created_at, m.updated_at), (now, now));
    }

    #[test]
    fn every_broken_field_is_reported_at_once() {
        let bad = ExperiencePatch {
            title: Some(" ".into()),
            interview_result: Some(Some("hired".into())),
            interview_difficulty: Some(Some("Hard".into())),
            interview_evaluation: Some(Some(6)),
            interview_date: Some(Some("2999-01-01".into())),
            interview_questions: Some(vec!["x".repeat(501)]),
            ..Default::default()
        };
        let Err(Error::Validation(fields)) = bad.check(true) else { panic!("must fail") };
        let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            ["company", "content", "interview_date", "interview_difficulty", "interview_evaluation", "interview_questions", "interview_result", "position", "title"]
        );
        assert_eq!(fields["company"][0].code, "required");
        assert_eq!(fields["title"][0].code, "length");
        assert_eq!(fields["interview_result"][0].code, "enum_value");
    }

    #[test]
    fn an_edit_changes_only_what_it_sends_and_null_clears() {
        let now = Utc::now();
        let (mut m, _) = NewExperience::from_patch(7, patch().check(true).expect("valid"), now).into_row();
        let before = m.clone();
        let edit = ExperiencePatch { company: Some("ByteDance".into()), interview_result: Some(None), ..Default::default() };
        let later = now + chrono::Duration::seconds(5);
        edit.check(false).expect("valid").apply(&mut m, later);
        assert_eq!((m.company.as_str(), m.company_key.as_str()), ("ByteDance", "bytedance"));
        assert_eq!(m.interview_result, None);
        assert_eq!((m.title.as_str(), m.content.as_str(), m.updated_at), (before.title.as_str(), before.content.as_str(), later));
        assert_ne!(m.search_text, before.search_text, "the index text follows the company");
    }
}
