//! Which questions a mock interview asks.
//!
//! - Given `question_ids` (practising the mistake notebook, say): exactly
//!   those, in that order.
//! - Otherwise a `company`'s real 面经 questions come first, then:
//!   - `topic`: questions of the career/tag at the difficulty;
//!   - `full`, round `hr`: behavioural questions ([`BEHAVIOURAL`]);
//!   - `full`, other rounds: from the second round on, questions matching the
//!     keywords of the posting, position and (with `use_resume`) resume;
//!     the third round then fills half of what is left with system design
//!     ([`DESIGN`]) and the rest with behavioural questions; then questions of
//!     the career/tag at the difficulty (default `easy` in the first round,
//!     `hard` later), then at any difficulty.
//!
//! Each draw is random and prefers questions with a reference answer (they
//! can be scored against it); no question is asked twice, and at most
//! `count` are asked.

use std::collections::BTreeMap;

use crate::entity::enums::{Difficulty, InterviewKind, InterviewRound};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::questions::{bank, recommend};
use crate::features::{resumes, skills};
use crate::state::AppState;
use crate::store::interviews::NewQuestion;
use crate::store::questions::{self as store, QuestionFilter};

/// Career whose questions are behavioural (scored with STAR).
pub const BEHAVIOURAL: &str = "行为面试";

/// Career of the system-design questions of a third round.
pub const DESIGN: &str = "系统设计";

/// Keywords taken from the posting and resume of a personalised interview.
pub const KEYWORDS: usize = 10;

/// Questions searched per keyword in a personalised interview.
pub const PER_KEYWORD: u64 = 100;

/// How a mock interview is set up.
#[derive(Clone, Debug)]
pub struct Setup {
    /// `topic` or `full`.
    pub kind: InterviewKind,
    /// Round of a `full` interview (default `first`).
    pub round: Option<InterviewRound>,
    /// Career drilled.
    pub career_id: Option<i64>,
    /// Tag drilled; also the topic of every question when given.
    pub tag: Option<String>,
    /// Target position (its words personalise a `full` interview).
    pub position: Option<String>,
    /// Company whose 面经 questions come first.
    pub company: Option<String>,
    /// Job posting that personalises a `full` interview.
    pub job_description: Option<String>,
    /// Personalise with the owner's resume.
    pub use_resume: bool,
    /// Difficulty asked for.
    pub difficulty: Option<Difficulty>,
    /// Questions to ask: `topic` 5–10, `full` 3–10 (default [`DEFAULT_COUNT`]).
    pub question_count: Option<u32>,
    /// Exactly these bank questions (1–20) instead.
    pub question_ids: Option<Vec<i64>>,
}

/// Questions asked when the set-up does not say.
pub const DEFAULT_COUNT: u32 = 5;

/// Most questions given by id.
pub const MAX_IDS: usize = 20;

impl Setup {
    /// How many questions to ask.
    pub fn count(&self) -> usize {
        self.question_count.unwrap_or(DEFAULT_COUNT) as usize
    }

    /// What is wrong with the number of questions (empty when nothing).
    pub fn problems(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let range = if self.kind == InterviewKind::Topic { 5..=10 } else { 3..=10 };
        if self.question_ids.is_none() && !range.contains(&self.count()) {
            errors.entry("question_count".into()).or_default().push(FieldError {
                code: "range",
                params: vec![("min", range.start().to_string()), ("max", range.end().to_string())],
            });
        }
        if let Some(ids) = &self.question_ids
            && (ids.is_empty() || ids.len() > MAX_IDS)
        {
            errors.entry("question_ids".into()).or_default().push(FieldError { code: "range", params: vec![("min", "1".into()), ("max", MAX_IDS.to_string())] });
        }
        errors
    }
}

/// Where questions are drawn from: the bank, or a fake one in tests.
pub(crate) trait Source {
    /// Ids of `count` random questions matching `filter`.
    fn draw(&self, filter: &QuestionFilter, count: u64) -> impl Future<Output = Result<Vec<i64>>> + Send;
    /// Ids of questions matching the keywords of `text`, best first.
    fn by_keywords(&self, text: String) -> impl Future<Output = Result<Vec<i64>>> + Send;
    /// The id of the career named `name`.
    fn career(&self, name: &str) -> impl Future<Output = Result<Option<i64>>> + Send;
    /// The text of `user_id`'s resume.
    fn resume(&self, user_id: i64) -> impl Future<Output = Result<String>> + Send;
}

/// The bank of this server.
struct Bank<'a>(&'a AppState);

impl Source for Bank<'_> {
    async fn draw(&self, filter: &QuestionFilter, count: u64) -> Result<Vec<i64>> {
        bank::draw(self.0, filter, count).await
    }

    async fn by_keywords(&self, text: String) -> Result<Vec<i64>> {
        let kws = tokio::task::spawn_blocking(move || skills::extract(&text, KEYWORDS)).await.map_err(|e| Error::Internal(e.into()))?;
        let terms: Vec<(String, f64)> = kws.into_iter().map(|k| (k.term, k.weight)).collect();
        Ok(recommend::score_by_terms(self.0, &terms, None, PER_KEYWORD).await?.into_iter().map(|m| m.id).collect())
    }

    async fn career(&self, name: &str) -> Result<Option<i64>> {
        Ok(store::career_id_by_name(&self.0.db.read, name).await?)
    }

    async fn resume(&self, user_id: i64) -> Result<String> {
        resumes::resume_text(self.0, user_id).await
    }
}

/// Fill `taken` up to `n` ids with questions matching `filter`, answered
/// ones first.
async fn fill(source: &impl Source, filter: QuestionFilter, n: usize, taken: &mut Vec<i64>) -> Result<()> {
    for has_answer in [Some(true), None] {
        if taken.len() >= n {
            break;
        }
        let f = QuestionFilter { has_answer, ..filter.clone() };
        // Ask for extra rows: some may already be taken.
        for id in source.draw(&f, (n + taken.len()) as u64).await? {
            if taken.len() >= n {
                break;
            }
            if !taken.contains(&id) {
                taken.push(id);
            }
        }
    }
    Ok(())
}

/// The ids of at most `count` questions for `setup` of `user_id` (the
/// rules in the module documentation), without `question_ids`.
pub(crate) async fn choose(source: &impl Source, user_id: i64, setup: &Setup, count: usize) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = Vec::new();
    let base = QuestionFilter { career_id: setup.career_id, tag: setup.tag.clone(), difficulty: setup.difficulty, ..Default::default() };
    if let Some(company) = setup.company.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        let f = QuestionFilter { company: Some(company.to_owned()), ..Default::default() };
        for id in source.draw(&f, count as u64).await? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if setup.kind == InterviewKind::Topic {
        fill(source, base, count, &mut ids).await?;
    } else {
        let round = setup.round.unwrap_or(InterviewRound::First);
        let mut text = setup.job_description.clone().unwrap_or_default();
        if let Some(p) = &setup.position {
            text.push('\n');
            text.push_str(p);
        }
        if setup.use_resume {
            text.push('\n');
            text.push_str(&source.resume(user_id).await?);
        }
        let behavioural = source.career(BEHAVIOURAL).await?;
        let design = source.career(DESIGN).await?;
        if round == InterviewRound::Hr {
            fill(source, QuestionFilter { career_id: behavioural, ..Default::default() }, count, &mut ids).await?;
        } else {
            if !text.trim().is_empty() && round != InterviewRound::First {
                for id in source.by_keywords(text).await?.into_iter().take(count) {
                    if ids.len() < count && !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
            let difficulty = setup.difficulty.or(Some(if round == InterviewRound::First { Difficulty::Easy } else { Difficulty::Hard }));
            if round == InterviewRound::Third {
                let half = ids.len() + (count.saturating_sub(ids.len())).div_ceil(2);
                fill(source, QuestionFilter { career_id: design, ..Default::default() }, half.min(count), &mut ids).await?;
                fill(source, QuestionFilter { career_id: behavioural, ..Default::default() }, count, &mut ids).await?;
            }
            fill(source, QuestionFilter { difficulty, ..base }, count, &mut ids).await?;
            // Not enough at that difficulty: any difficulty of the career.
            fill(source, QuestionFilter { career_id: setup.career_id, tag: setup.tag.clone(), ..Default::default() }, count, &mut ids).await?;
        }
    }
    ids.truncate(count);
    Ok(ids)
}

/// The bank questions `ids` to ask, in that order (absent ones left out);
/// each counts for `tag` when given, otherwise for its career.
async fn asked(state: &AppState, ids: &[i64], tag: Option<&str>) -> Result<Vec<NewQuestion>> {
    let careers: BTreeMap<i64, String> = store::career_names(&state.db.read).await?;
    let models = store::find_many(&state.db.read, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| models.iter().find(|q| q.id == *id))
        .map(|q| NewQuestion {
            question_id: Some(q.id),
            content: q.content.clone(),
            reference: q.answer.clone(),
            topic: tag.map(str::to_owned).or_else(|| q.career_id.and_then(|c| careers.get(&c).cloned())),
        })
        .collect())
}

/// The questions `user_id`'s interview set up as `setup` asks: at most
/// [`Setup::count`], or exactly `question_ids`.
///
/// # Errors
/// 400 (`question_ids` `not_found`) when one of `question_ids` is not in the
/// bank; database failures.
pub async fn questions(state: &AppState, user_id: i64, setup: &Setup) -> Result<Vec<NewQuestion>> {
    if let Some(ids) = &setup.question_ids {
        let picks = asked(state, ids, setup.tag.as_deref()).await?;
        if picks.len() != ids.len() {
            return Err(Error::field("question_ids", "not_found"));
        }
        return Ok(picks);
    }
    let ids = choose(&Bank(state), user_id, setup, setup.count()).await?;
    asked(state, &ids, setup.tag.as_deref()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question of the fake bank.
    #[derive(Clone)]
    struct Q {
        id: i64,
        career: Option<i64>,
        difficulty: Option<Difficulty>,
        answered: bool,
        company: Option<&'static str>,
    }

    const BACKEND: i64 = 1;
    const FRONTEND: i64 = 2;
    const BEHAVIOUR: i64 = 3;
    const SYSTEM: i64 = 4;

    /// A bank whose draws are in id order (not random) so tests are exact.
    struct Fake {
        questions: Vec<Q>,
        keywords: Vec<i64>,
    }

    impl Source for Fake {
        async fn draw(&self, f: &QuestionFilter, count: u64) -> Result<Vec<i64>> {
            Ok(self
                .questions
                .iter()
                .filter(|q| f.career_id.is_none_or(|c| q.career == Some(c)))
                .filter(|q| f.difficulty.is_none_or(|d| q.difficulty == Some(d)))
                .filter(|q| f.has_answer.is_none_or(|h| q.answered == h))
                .filter(|q| f.company.as_deref().is_none_or(|c| q.company == Some(c)))
                .take(count as usize)
                .map(|q| q.id)
                .collect())
        }
        async fn by_keywords(&self, _text: String) -> Result<Vec<i64>> {
            Ok(self.keywords.clone())
        }
        async fn career(&self, name: &str) -> Result<Option<i64>> {
            Ok(match name {
                BEHAVIOURAL => Some(BEHAVIOUR),
                DESIGN => Some(SYSTEM),
                _ => None,
            })
        }
        async fn resume(&self, _user_id: i64) -> Result<String> {
            Ok("Redis".into())
        }
    }

    fn q(id: i64, career: i64, difficulty: Option<Difficulty>, answered: bool) -> Q {
        Q { id, career: Some(career), difficulty, answered, company: None }
    }

    /// Backend: 1–4 easy (2 and 4 answered), 5–8 medium (all answered),
    /// 9–10 hard; frontend 11–16 medium; behavioural 20–24; system design 30–33.
    fn fake() -> Fake {
        use Difficulty::*;
        let mut questions = vec![];
        for id in 1..=4 {
            questions.push(q(id, BACKEND, Some(Easy), id % 2 == 0));
        }
        for id in 5..=8 {
            questions.push(q(id, BACKEND, Some(Medium), true));
        }
        questions.push(q(9, BACKEND, Some(Hard), false));
        questions.push(q(10, BACKEND, Some(Hard), true));
        for id in 11..=16 {
            questions.push(q(id, FRONTEND, Some(Medium), true));
        }
        for id in 20..=24 {
            questions.push(q(id, BEHAVIOUR, None, false));
        }
        for id in 30..=33 {
            questions.push(q(id, SYSTEM, Some(Hard), true));
        }
        Fake { questions, keywords: vec![] }
    }

    fn setup(kind: InterviewKind) -> Setup {
        Setup {
            kind,
            round: None,
            career_id: Some(BACKEND),
            tag: None,
            position: None,
            company: None,
            job_description: None,
            use_resume: false,
            difficulty: None,
            question_count: None,
            question_ids: None,
        }
    }

    #[test]
    fn a_topic_drill_asks_five_to_ten_and_a_full_round_three_to_ten() {
        let topic = |n| Setup { question_count: Some(n), ..setup(InterviewKind::Topic) };
        let full = |n| Setup { question_count: Some(n), ..setup(InterviewKind::Full) };
        assert!(topic(4).problems().contains_key("question_count"));
        assert!(topic(5).problems().is_empty() && topic(10).problems().is_empty());
        assert!(full(3).problems().is_empty());
        assert!(full(11).problems().contains_key("question_count"));
        let ids = |v: Vec<i64>| Setup { question_ids: Some(v), question_count: Some(99), ..setup(InterviewKind::Topic) };
        assert!(ids(vec![1]).problems().is_empty(), "the count does not matter with ids");
        assert!(ids(vec![]).problems().contains_key("question_ids"));
        assert!(ids((0..21).collect()).problems().contains_key("question_ids"));
    }

    async fn run(bank: &Fake, s: &Setup, count: usize) -> Vec<i64> {
        choose(bank, 1, s, count).await.expect("fake bank")
    }

    #[tokio::test]
    async fn a_topic_drill_keeps_to_its_career_and_difficulty_answered_questions_first() {
        let bank = fake();
        let s = Setup { difficulty: Some(Difficulty::Easy), ..setup(InterviewKind::Topic) };
        // Only four easy backend questions: the two answered ones first.
        assert_eq!(run(&bank, &s, 5).await, vec![2, 4, 1, 3]);
        let s = Setup { difficulty: Some(Difficulty::Medium), ..setup(InterviewKind::Topic) };
        assert_eq!(run(&bank, &s, 3).await, vec![5, 6, 7], "never more than count");
    }

    #[tokio::test]
    async fn a_first_round_is_easy_then_any_difficulty_of_the_career() {
        let bank = fake();
        let ids = run(&bank, &setup(InterviewKind::Full), 6).await;
        assert_eq!(ids, vec![2, 4, 1, 3, 5, 6], "the four easy ones, then the rest of the career");
        let ids = run(&bank, &Setup { round: Some(InterviewRound::Second), ..setup(InterviewKind::Full) }, 3).await;
        assert_eq!(ids, vec![10, 9, 2], "later rounds default to hard");
    }

    #[tokio::test]
    async fn an_hr_round_asks_only_behavioural_questions() {
        let bank = fake();
        let ids = run(&bank, &Setup { round: Some(InterviewRound::Hr), ..setup(InterviewKind::Full) }, 4).await;
        assert_eq!(ids, vec![20, 21, 22, 23]);
    }

    #[tokio::test]
    async fn a_third_round_splits_between_design_and_behaviour_before_the_career() {
        let bank = fake();
        let ids = run(&bank, &Setup { round: Some(InterviewRound::Third), ..setup(InterviewKind::Full) }, 5).await;
        assert_eq!(ids, vec![30, 31, 32, 20, 21], "half (rounded up) design, the rest behavioural");
    }

    #[tokio::test]
    async fn company_and_keyword_questions_come_first_without_repeats() {
        let mut bank = fake();
        bank.questions[6].company = Some("腾讯"); // id 7
        bank.keywords = vec![7, 12, 13];
        let s = Setup { company: Some(" 腾讯 ".into()), round: Some(InterviewRound::Second), job_description: Some("Redis".into()), ..setup(InterviewKind::Full) };
        let ids = run(&bank, &s, 4).await;
        assert_eq!(ids, vec![7, 12, 13, 10]);
        // The first round ignores the keywords.
        let s = Setup { round: Some(InterviewRound::First), ..s };
        assert_eq!(run(&bank, &s, 3).await, vec![7, 2, 4]);
    }
}
