//! Which questions a mock interview asks.
//!
//! - Given `question_ids` (practising the mistake notebook, say): exactly
//!   those, in that order.
//! - Otherwise every draw keeps to the interview's language (`lang`; fewer
//!   questions rather than the other language) and to the kinds
//!   ([`QuestionKind`]) of the interview: a `reverse` question (one the
//!   candidate asks the interviewer) is never asked. A `company`'s real 面经
//!   questions come first, of those kinds only; then:
//!   - `topic`: questions of the career/tag at the difficulty, any kind but
//!     `reverse`;
//!   - `full`, round `first` (fundamentals): `technical` and `coding`
//!     questions of the career/tag, easier first (`easy`, `medium`, then
//!     any difficulty; or the difficulty asked for, then any);
//!   - `full`, round `second` (depth): with `use_resume` and a resume, 1–2
//!     questions generated from its skills and projects ([`RESUME_QUESTIONS`],
//!     "你在简历里写了「Redis」…"); then `technical`/`coding` questions
//!     matching the keywords of the posting, position and resume; then
//!     harder ones of the career (`hard`, `medium`, then any);
//!   - `full`, round `third` (design and overall ability): one `behavioural`
//!     question (two from five questions on), the rest `design` (the
//!     career's first, then any career's); short of design questions, more
//!     behavioural ones, then hard `technical` ones of the career;
//!   - `full`, round `hr`: `behavioural` questions only.
//!
//! Each draw is random and prefers questions with a reference answer (they
//! can be scored against it); no question is asked twice, and at most
//! `count` are asked.

use std::collections::BTreeMap;

use crate::entity::enums::{ContentLang, Difficulty, InterviewKind, InterviewRound, QuestionKind};
use crate::error::{Error, FieldError, FieldErrors, Result};
use crate::features::questions::{bank, recommend};
use crate::features::resumes::{PortfolioItem, WorkExperience};
use crate::features::scoring::Note;
use crate::features::skills;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store::interviews::NewQuestion;
use crate::store::questions::{self as store, QuestionFilter};

pub use crate::features::questions::kind::BEHAVIOURAL_CAREER as BEHAVIOURAL;

/// Keywords taken from the posting and resume of a personalised interview.
pub const KEYWORDS: usize = 10;

/// Questions searched per keyword in a personalised interview.
pub const PER_KEYWORD: u64 = 100;

/// Most questions a second round draws from the resume.
pub const RESUME_QUESTIONS: usize = 2;

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
    /// Questions to ask: 3–10 (default [`DEFAULT_COUNT`]).
    pub question_count: Option<u32>,
    /// Exactly these bank questions (1–20) instead.
    pub question_ids: Option<Vec<i64>>,
    /// Language of the questions; `None` reads as `zh` ([`Setup::or_lang`]
    /// fills it from the caller's language first).
    pub lang: Option<ContentLang>,
}

/// Questions asked when the set-up does not say.
pub const DEFAULT_COUNT: u32 = 5;

/// Most questions given by id.
pub const MAX_IDS: usize = 20;

/// The question language of a caller reading `lang`: English for `en`,
/// Chinese for both Chinese scripts.
pub fn content_lang(lang: Lang) -> ContentLang {
    if lang == Lang::En { ContentLang::En } else { ContentLang::Zh }
}

impl Setup {
    /// How many questions to ask.
    pub fn count(&self) -> usize {
        self.question_count.unwrap_or(DEFAULT_COUNT) as usize
    }

    /// The question language (`zh` when not given).
    pub fn lang(&self) -> ContentLang {
        self.lang.unwrap_or(ContentLang::Zh)
    }

    /// This set-up with the language of a caller reading `caller` when it
    /// names none (`Accept-Language` English → `en`, otherwise `zh`).
    #[must_use]
    pub fn or_lang(mut self, caller: Lang) -> Setup {
        self.lang.get_or_insert(content_lang(caller));
        self
    }

    /// What is wrong with the number of questions (empty when nothing).
    pub fn problems(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let range = 3..=10;
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

/// What a resume offers to ask about.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResumeTopics {
    /// Skills, as listed (or, without a list, those found in its text).
    pub skills: Vec<String>,
    /// Project titles, then jobs (`position @ company`).
    pub projects: Vec<String>,
}

/// Where questions are drawn from: the bank, or a fake one in tests.
pub(crate) trait Source {
    /// Ids of `count` random questions matching `filter`.
    fn draw(&self, filter: &QuestionFilter, count: u64) -> impl Future<Output = Result<Vec<i64>>> + Send;
    /// Ids of questions matching `filter` and the keywords of `text`, best first.
    fn by_keywords(&self, text: String, filter: &QuestionFilter) -> impl Future<Output = Result<Vec<i64>>> + Send;
    /// The text of `user_id`'s resume (empty without one).
    fn resume(&self, user_id: i64) -> impl Future<Output = Result<String>> + Send;
    /// What `user_id`'s resume offers to ask about (nothing without one).
    fn resume_topics(&self, user_id: i64) -> impl Future<Output = Result<ResumeTopics>> + Send;
    /// The ids among `ids`, in order, whose reference answer gives key points to
    /// score an answer against (set by an admin or derived from the answer).
    fn scorable(&self, ids: Vec<i64>) -> impl Future<Output = Result<Vec<i64>>> + Send;
}

/// The bank of this server.
struct Bank<'a>(&'a AppState);

impl Source for Bank<'_> {
    async fn draw(&self, filter: &QuestionFilter, count: u64) -> Result<Vec<i64>> {
        // Any spelling of a company (腾讯, Tencent, 鹅厂) draws the questions of
        // every 面经 of that company entity, as the bank's list and the company
        // page's "practise these" take it; an unknown spelling keeps the
        // name match.
        if let (Some(c), None) = (filter.company.as_deref(), filter.company_id)
            && let Some(id) = crate::features::companies::find(self.0, c).await?
        {
            return bank::draw(self.0, &QuestionFilter { company: None, company_id: Some(id), ..filter.clone() }, count).await;
        }
        bank::draw(self.0, filter, count).await
    }

    async fn by_keywords(&self, text: String, filter: &QuestionFilter) -> Result<Vec<i64>> {
        let kws = tokio::task::spawn_blocking(move || skills::extract(&text, KEYWORDS)).await.map_err(|e| Error::Internal(e.into()))?;
        let terms: Vec<(String, f64)> = kws.into_iter().map(|k| (k.term, k.weight)).collect();
        let ranked: Vec<i64> = recommend::score_by_terms(self.0, &terms, None, PER_KEYWORD).await?.into_iter().map(|m| m.id).collect();
        Ok(store::matching_ids(&self.0.db, &ranked, filter).await?)
    }

    async fn resume(&self, user_id: i64) -> Result<String> {
        crate::features::resumes::resume_text(self.0, user_id).await
    }

    async fn scorable(&self, ids: Vec<i64>) -> Result<Vec<i64>> {
        let found = store::find_many(&self.0.db.read, &ids).await?;
        let ok: std::collections::HashSet<i64> = found.iter().filter(|q| has_key_points(q)).map(|q| q.id).collect();
        Ok(ids.into_iter().filter(|id| ok.contains(id)).collect())
    }

    async fn resume_topics(&self, user_id: i64) -> Result<ResumeTopics> {
        let Some(r) = crate::store::resumes::of_user(&self.0.db.read, user_id).await? else { return Ok(ResumeTopics::default()) };
        let listed: Vec<String> = serde_json::from_str(&r.skills).unwrap_or_default();
        let portfolio: Vec<PortfolioItem> = serde_json::from_str(&r.portfolio).unwrap_or_default();
        let work: Vec<WorkExperience> = serde_json::from_str(&r.work_experience).unwrap_or_default();
        let mut skills_found: Vec<String> = listed.into_iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
        if skills_found.is_empty() {
            // No list: the skills of the curated vocabulary its text names.
            let text = crate::features::resumes::full_text(&r);
            skills_found = tokio::task::spawn_blocking(move || skills::extract(&text, KEYWORDS).into_iter().filter(|k| k.weight >= 2.0).map(|k| k.term).collect())
                .await
                .map_err(|e| Error::Internal(e.into()))?;
        }
        let mut projects: Vec<String> = portfolio.into_iter().map(|p| p.title.trim().to_owned()).filter(|t| !t.is_empty()).collect();
        projects.extend(work.into_iter().filter_map(|w| w.position.map(|p| format!("{} @ {}", p.trim(), w.company.trim()))));
        Ok(ResumeTopics { skills: skills_found, projects })
    }
}

/// A question chosen for an interview.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Pick {
    /// A bank question.
    Bank(i64),
    /// A question generated from the resume: its message key
    /// (`interview.resume.skill` or `.project`) and the resume's words.
    Resume(&'static str, String),
}

/// The questions chosen so far, at most `count`.
struct Picks {
    list: Vec<Pick>,
    count: usize,
}

impl Picks {
    fn full(&self) -> bool {
        self.list.len() >= self.count
    }

    /// Add the bank question `id` unless full or already chosen.
    fn add(&mut self, id: i64) {
        if !self.full() && !self.list.contains(&Pick::Bank(id)) {
            self.list.push(Pick::Bank(id));
        }
    }

    fn len(&self) -> usize {
        self.list.len()
    }
}

/// Whether question `q` can score an answer: admin-set key points, or a
/// reference answer they can be derived from. An imported answer that is only
/// a link to an article ("详见这篇文章") has none, and every answer to it would
/// be scored as off the point and draw a follow-up.
fn has_key_points(q: &crate::entity::question::Model) -> bool {
    let set: Vec<String> = q.key_points.as_deref().and_then(|k| serde_json::from_str(k).ok()).unwrap_or_default();
    !set.is_empty() || q.answer.as_deref().is_some_and(|a| !crate::features::scoring::key_points(&q.content, a).is_empty())
}

/// Fill `picks` up to `n` with questions matching `filter`: first those whose
/// answer can be scored ([`Source::scorable`]), then any.
async fn fill(source: &impl Source, filter: &QuestionFilter, n: usize, picks: &mut Picks) -> Result<()> {
    for has_answer in [Some(true), None] {
        if picks.len() >= n.min(picks.count) {
            break;
        }
        let f = QuestionFilter { has_answer, ..filter.clone() };
        // Ask for extra rows: some may already be chosen, or not scorable.
        let mut drawn = source.draw(&f, (n + picks.len()) as u64 * if has_answer.is_some() { 2 } else { 1 }).await?;
        if has_answer.is_some() {
            drawn = source.scorable(drawn).await?;
        }
        for id in drawn {
            if picks.len() >= n {
                break;
            }
            picks.add(id);
        }
    }
    Ok(())
}

/// The kinds a set-up asks: a drill any but `reverse`, a round its own.
pub fn kinds(setup: &Setup) -> Vec<QuestionKind> {
    use QuestionKind::*;
    if setup.kind == InterviewKind::Topic {
        return vec![Technical, Coding, Design, Behavioural];
    }
    match setup.round.unwrap_or(InterviewRound::First) {
        InterviewRound::First | InterviewRound::Second => vec![Technical, Coding],
        InterviewRound::Third => vec![Design, Behavioural],
        InterviewRound::Hr => vec![Behavioural],
    }
}

/// The choice of at most `count` questions for `setup` of `user_id` (the
/// rules in the module documentation), without `question_ids`.
pub(crate) async fn choose(source: &impl Source, user_id: i64, setup: &Setup, count: usize) -> Result<Vec<Pick>> {
    use QuestionKind::*;
    let mut picks = Picks { list: Vec::new(), count };
    let lang = Some(setup.lang());
    let round_kinds = kinds(setup);
    let of = |kinds: Vec<QuestionKind>| QuestionFilter { lang, kinds, ..Default::default() };
    let career = |kinds: Vec<QuestionKind>, difficulty: Option<Difficulty>| QuestionFilter {
        career_id: setup.career_id,
        tag: setup.tag.clone(),
        difficulty,
        ..of(kinds)
    };
    if let Some(company) = setup.company.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        let f = QuestionFilter { company: Some(company.to_owned()), ..of(round_kinds.clone()) };
        for id in source.draw(&f, count as u64).await? {
            picks.add(id);
        }
    }
    let round = setup.round.unwrap_or(InterviewRound::First);
    let ladder = |order: [Difficulty; 2]| -> Vec<Option<Difficulty>> {
        match setup.difficulty {
            Some(d) => vec![Some(d), None],
            None => vec![Some(order[0]), Some(order[1]), None],
        }
    };
    match (setup.kind, round) {
        (InterviewKind::Topic, _) | (_, InterviewRound::First) => {
            let steps = if setup.kind == InterviewKind::Topic { vec![setup.difficulty] } else { ladder([Difficulty::Easy, Difficulty::Medium]) };
            for d in steps {
                fill(source, &career(round_kinds.clone(), d), count, &mut picks).await?;
            }
        }
        (_, InterviewRound::Second) => {
            if setup.use_resume {
                let topics = source.resume_topics(user_id).await?;
                let generated = topics
                    .skills
                    .into_iter()
                    .take(1)
                    .map(|s| Pick::Resume("interview.resume.skill", s))
                    .chain(topics.projects.into_iter().take(1).map(|p| Pick::Resume("interview.resume.project", p)));
                for g in generated.take(RESUME_QUESTIONS) {
                    if !picks.full() {
                        picks.list.push(g);
                    }
                }
            }
            let mut text = setup.job_description.clone().unwrap_or_default();
            if let Some(p) = &setup.position {
                text.push('\n');
                text.push_str(p);
            }
            if setup.use_resume {
                text.push('\n');
                text.push_str(&source.resume(user_id).await?);
            }
            if !text.trim().is_empty() {
                for id in source.by_keywords(text, &of(round_kinds.clone())).await? {
                    picks.add(id);
                }
            }
            for d in ladder([Difficulty::Hard, Difficulty::Medium]) {
                fill(source, &career(round_kinds.clone(), d), count, &mut picks).await?;
            }
        }
        (_, InterviewRound::Third) => {
            let behavioural = if count >= 5 { 2 } else { 1 };
            let design_until = count.saturating_sub(behavioural).max(picks.len());
            fill(source, &career(vec![Design], None), design_until, &mut picks).await?;
            fill(source, &of(vec![Design]), design_until, &mut picks).await?;
            fill(source, &of(vec![Behavioural]), count, &mut picks).await?;
            fill(source, &career(vec![Technical], Some(Difficulty::Hard)), count, &mut picks).await?;
        }
        (_, InterviewRound::Hr) => {
            fill(source, &of(vec![Behavioural]), count, &mut picks).await?;
        }
    }
    picks.list.truncate(count);
    Ok(picks.list)
}

/// The questions `picks` to ask, in that order (bank questions no longer
/// there left out); each counts for `tag` when given, otherwise for its
/// career (a resume question for the interview's career). Generated
/// questions are written in `lang`.
async fn asked(state: &AppState, picks: &[Pick], tag: Option<&str>, career_id: Option<i64>, lang: ContentLang) -> Result<Vec<NewQuestion>> {
    let careers: BTreeMap<i64, String> = store::career_names(&state.db.read).await?;
    let ids: Vec<i64> = picks.iter().filter_map(|p| if let Pick::Bank(id) = p { Some(*id) } else { None }).collect();
    let models = store::find_many(&state.db.read, &ids).await?;
    let reader = if lang == ContentLang::En { Lang::En } else { Lang::ZhCn };
    let topic_of = |career: Option<i64>| tag.map(str::to_owned).or_else(|| career.and_then(|c| careers.get(&c).cloned()));
    Ok(picks
        .iter()
        .filter_map(|p| match p {
            Pick::Bank(id) => models.iter().find(|q| q.id == *id).map(|q| NewQuestion {
                question_id: Some(q.id),
                content: q.content.clone(),
                reference: q.answer.clone(),
                topic: topic_of(q.career_id),
            }),
            Pick::Resume(key, item) => Some(NewQuestion {
                question_id: None,
                content: Note::new(key).with("item", item.clone()).render(reader),
                reference: None,
                topic: topic_of(career_id),
            }),
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
        let picks: Vec<Pick> = ids.iter().map(|id| Pick::Bank(*id)).collect();
        let asked = asked(state, &picks, setup.tag.as_deref(), setup.career_id, setup.lang()).await?;
        if asked.len() != ids.len() {
            return Err(Error::field("question_ids", "not_found"));
        }
        return Ok(asked);
    }
    let picks = choose(&Bank(state), user_id, setup, setup.count()).await?;
    asked(state, &picks, setup.tag.as_deref(), setup.career_id, setup.lang()).await
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
        kind: QuestionKind,
        lang: ContentLang,
    }

    const BACKEND: i64 = 1;
    const FRONTEND: i64 = 2;
    const BEHAVIOUR: i64 = 3;
    const SYSTEM: i64 = 4;

    /// A bank whose draws are in id order (not random) so tests are exact.
    struct Fake {
        questions: Vec<Q>,
        keywords: Vec<i64>,
        topics: ResumeTopics,
    }

    fn matches(q: &Q, f: &QuestionFilter) -> bool {
        f.career_id.is_none_or(|c| q.career == Some(c))
            && f.difficulty.is_none_or(|d| q.difficulty == Some(d))
            && f.has_answer.is_none_or(|h| q.answered == h)
            && f.company.as_deref().is_none_or(|c| q.company == Some(c))
            && f.lang.is_none_or(|l| q.lang == l)
            && (f.kinds.is_empty() || f.kinds.contains(&q.kind))
    }

    impl Source for Fake {
        async fn draw(&self, f: &QuestionFilter, count: u64) -> Result<Vec<i64>> {
            Ok(self.questions.iter().filter(|q| matches(q, f)).take(count as usize).map(|q| q.id).collect())
        }
        async fn by_keywords(&self, _text: String, f: &QuestionFilter) -> Result<Vec<i64>> {
            Ok(self.keywords.iter().copied().filter(|id| self.questions.iter().any(|q| q.id == *id && matches(q, f))).collect())
        }
        async fn resume(&self, _user_id: i64) -> Result<String> {
            Ok("Redis".into())
        }
        async fn scorable(&self, ids: Vec<i64>) -> Result<Vec<i64>> {
            Ok(ids.into_iter().filter(|id| self.questions.iter().any(|q| q.id == *id && q.answered)).collect())
        }

        async fn resume_topics(&self, _user_id: i64) -> Result<ResumeTopics> {
            Ok(self.topics.clone())
        }
    }

    fn q(id: i64, career: i64, difficulty: Option<Difficulty>, answered: bool, kind: QuestionKind) -> Q {
        Q { id, career: Some(career), difficulty, answered, company: None, kind, lang: ContentLang::Zh }
    }

    /// Backend: 1–4 easy (2 and 4 answered), 5–8 medium (all answered),
    /// 9–10 hard, 40 a hard coding question; frontend 11–16 medium;
    /// behavioural 20–24, 25 a technical row of 行为面试, 26–27 reverse;
    /// system design 30–33; 50–52 English backend questions.
    fn fake() -> Fake {
        use Difficulty::*;
        use QuestionKind::*;
        let mut questions = vec![];
        for id in 1..=4 {
            questions.push(q(id, BACKEND, Some(Easy), id % 2 == 0, Technical));
        }
        for id in 5..=8 {
            questions.push(q(id, BACKEND, Some(Medium), true, Technical));
        }
        questions.push(q(9, BACKEND, Some(Hard), false, Technical));
        questions.push(q(10, BACKEND, Some(Hard), true, Technical));
        questions.push(q(40, BACKEND, Some(Hard), true, Coding));
        for id in 11..=16 {
            questions.push(q(id, FRONTEND, Some(Medium), true, Technical));
        }
        for id in 20..=24 {
            questions.push(q(id, BEHAVIOUR, None, false, Behavioural));
        }
        questions.push(q(25, BEHAVIOUR, None, false, Technical));
        questions.push(q(26, BEHAVIOUR, None, true, Reverse));
        questions.push(q(27, BEHAVIOUR, None, true, Reverse));
        for id in 30..=33 {
            questions.push(q(id, SYSTEM, Some(Hard), true, Design));
        }
        for id in 50..=52 {
            questions.push(Q { lang: ContentLang::En, ..q(id, BACKEND, Some(Easy), true, Technical) });
        }
        Fake { questions, keywords: vec![], topics: ResumeTopics::default() }
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
            lang: None,
        }
    }

    fn full(round: InterviewRound) -> Setup {
        Setup { round: Some(round), ..setup(InterviewKind::Full) }
    }

    #[test]
    fn only_answers_with_key_points_can_score() {
        let q = |answer: Option<&str>, key_points: Option<&str>| crate::entity::question::Model {
            id: 1,
            content: "RabbitMQ 有哪些工作模式？".into(),
            content_key: String::new(),
            answer: answer.map(str::to_owned),
            career_id: None,
            difficulty: None,
            lang: "zh".into(),
            source: None,
            source_path: None,
            license: None,
            created_by: None,
            favorites_count: 0,
            search_text: String::new(),
            kind: "technical".into(),
            key_points: key_points.map(str::to_owned),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        assert!(has_key_points(&q(Some("- 简单模式\n- work 工作模式\n- 发布订阅模式\n- 路由模式"), None)), "a list gives key points");
        let link = "详细介绍可以看这篇文章：[RabbitMQ 详解](https://example.com/rabbitmq.html)。";
        assert!(!has_key_points(&q(Some(link), None)), "a link to an article gives none");
        assert!(has_key_points(&q(Some(link), Some(r#"["工作模式"]"#))), "admin-set key points count");
        assert!(!has_key_points(&q(Some(link), Some("[]"))));
        assert!(!has_key_points(&q(None, None)));
    }

    #[test]
    fn every_interview_asks_three_to_ten() {
        let topic = |n| Setup { question_count: Some(n), ..setup(InterviewKind::Topic) };
        let full = |n| Setup { question_count: Some(n), ..setup(InterviewKind::Full) };
        assert!(topic(2).problems().contains_key("question_count"));
        assert!(topic(3).problems().is_empty() && topic(10).problems().is_empty());
        assert!(full(3).problems().is_empty());
        assert!(full(11).problems().contains_key("question_count"));
        let ids = |v: Vec<i64>| Setup { question_ids: Some(v), question_count: Some(99), ..setup(InterviewKind::Topic) };
        assert!(ids(vec![1]).problems().is_empty(), "the count does not matter with ids");
        assert!(ids(vec![]).problems().contains_key("question_ids"));
        assert!(ids((0..21).collect()).problems().contains_key("question_ids"));
    }

    #[test]
    fn the_language_defaults_to_the_callers() {
        assert_eq!(setup(InterviewKind::Topic).or_lang(Lang::En).lang(), ContentLang::En);
        assert_eq!(setup(InterviewKind::Topic).or_lang(Lang::ZhTw).lang(), ContentLang::Zh);
        let chosen = Setup { lang: Some(ContentLang::Zh), ..setup(InterviewKind::Topic) };
        assert_eq!(chosen.or_lang(Lang::En).lang(), ContentLang::Zh, "a language chosen stays");
    }

    async fn run(bank: &Fake, s: &Setup, count: usize) -> Vec<i64> {
        choose(bank, 1, s, count).await.expect("fake bank").into_iter().map(|p| if let Pick::Bank(id) = p { id } else { -1 }).collect()
    }

    #[tokio::test]
    async fn a_topic_drill_keeps_to_its_career_difficulty_and_language_answered_questions_first() {
        let bank = fake();
        let s = Setup { difficulty: Some(Difficulty::Easy), ..setup(InterviewKind::Topic) };
        // Only four easy Chinese backend questions: the two answered ones first.
        assert_eq!(run(&bank, &s, 5).await, vec![2, 4, 1, 3]);
        let s = Setup { difficulty: Some(Difficulty::Medium), ..setup(InterviewKind::Topic) };
        assert_eq!(run(&bank, &s, 3).await, vec![5, 6, 7], "never more than count");
        let s = Setup { lang: Some(ContentLang::En), ..setup(InterviewKind::Topic) };
        assert_eq!(run(&bank, &s, 5).await, vec![50, 51, 52], "fewer questions rather than another language");
    }

    #[tokio::test]
    async fn a_first_round_asks_technical_and_coding_questions_easier_first() {
        let bank = fake();
        let ids = run(&bank, &full(InterviewRound::First), 10).await;
        assert_eq!(ids, vec![2, 4, 1, 3, 5, 6, 7, 8, 10, 40], "easy, medium, then the rest of the career");
    }

    #[tokio::test]
    async fn a_second_round_asks_the_resume_the_posting_then_harder_questions() {
        let mut bank = fake();
        bank.keywords = vec![26, 12, 21, 13];
        bank.topics = ResumeTopics { skills: vec!["Redis".into(), "Kafka".into()], projects: vec!["秒杀系统".into()] };
        let s = Setup { use_resume: true, job_description: Some("Redis".into()), ..full(InterviewRound::Second) };
        let picks = choose(&bank, 1, &s, 6).await.expect("fake bank");
        assert_eq!(picks[0], Pick::Resume("interview.resume.skill", "Redis".into()));
        assert_eq!(picks[1], Pick::Resume("interview.resume.project", "秒杀系统".into()));
        assert_eq!(picks[2..], [Pick::Bank(12), Pick::Bank(13), Pick::Bank(10), Pick::Bank(40)], "posting matches of the round's kinds, then hard ones");
        let without = Setup { use_resume: false, ..s };
        assert!(run(&bank, &without, 3).await.iter().all(|id| *id > 0), "no resume question without use_resume");
    }

    #[tokio::test]
    async fn an_hr_round_asks_only_behavioural_questions_even_of_a_company() {
        let mut bank = fake();
        for i in [9, 10] {
            bank.questions[i].company = Some("字节跳动"); // ids 10 and 40: 手撕 LRU, B+ 树
        }
        bank.questions[21].company = Some("字节跳动"); // id 24, behavioural
        let s = Setup { company: Some("字节跳动".into()), ..full(InterviewRound::Hr) };
        assert_eq!(run(&bank, &s, 10).await, vec![24, 20, 21, 22, 23], "never technical (25) nor reverse (26, 27)");
    }

    #[tokio::test]
    async fn a_third_round_asks_design_and_one_or_two_behavioural_questions() {
        let bank = fake();
        assert_eq!(run(&bank, &full(InterviewRound::Third), 5).await, vec![30, 31, 32, 20, 21]);
        assert_eq!(run(&bank, &full(InterviewRound::Third), 3).await, vec![30, 31, 20]);
    }

    #[tokio::test]
    async fn company_questions_come_first_filtered_by_the_rounds_kinds() {
        let mut bank = fake();
        bank.questions[6].company = Some("腾讯"); // id 7, technical
        bank.questions[18].company = Some("腾讯"); // id 21, behavioural
        let s = Setup { company: Some(" 腾讯 ".into()), ..full(InterviewRound::First) };
        assert_eq!(run(&bank, &s, 3).await, vec![7, 2, 4]);
        let s = Setup { company: Some("腾讯".into()), ..setup(InterviewKind::Topic) };
        assert_eq!(run(&bank, &s, 3).await, vec![7, 21, 2], "a drill asks the company's questions of every kind but reverse");
    }

    #[test]
    fn no_round_and_no_drill_asks_reverse_questions() {
        for s in [setup(InterviewKind::Topic), full(InterviewRound::First), full(InterviewRound::Second), full(InterviewRound::Third), full(InterviewRound::Hr)] {
            assert!(!kinds(&s).contains(&QuestionKind::Reverse));
        }
        assert_eq!(kinds(&full(InterviewRound::Hr)), vec![QuestionKind::Behavioural]);
    }
}
