//! Judging one answer: the daily quotas, the built-in scorer and, when an
//! LLM is configured and the user has LLM calls left today, the LLM judging
//! the answer against the question's key points.
//!
//! Order: one of the user's scored answers is charged first (429
//! `quota_exceeded` when used up, nothing else runs); the built-in scorer
//! always runs (on a blocking thread: jieba) so there is a result to fall back
//! on; then one LLM call is charged and the LLM asked
//! ([`crate::features::scoring::llm::Llm::judge`]). Any failure of the LLM
//! (timeout, error, a reply outside the schema) keeps the built-in result;
//! an LLM quota used up keeps it too, with a note saying so.
//!
//! The LLM writes free text in the interview's language, which cannot be
//! re-rendered in another language: it is kept as the verbatim note
//! `interview.verbatim` (`locales/interview-voice.yml`).
//!
//! Coupling to the built-in scorer's result type ([`Scored`]) is kept to
//! [`key_points_of`] and [`merge`].

use crate::error::{Error, Result};
use crate::features::quota::{self, Quota};
use crate::features::scoring::llm::{Judging, Verdict};
use crate::features::scoring::{self, KeyPoint, Note, Scored, Spoken};
use crate::i18n::Lang;
use crate::state::AppState;

/// The question an answer is judged against.
#[derive(Clone, Copy, Debug)]
pub struct Asked<'a> {
    /// The question as asked.
    pub question: &'a str,
    /// Its reference answer, if any.
    pub reference: Option<&'a str>,
    /// Key points an administrator set for the question; `None` = the
    /// built-in scorer's own key points.
    pub key_points: Option<&'a [String]>,
    /// A behavioural question (judged on STAR).
    pub behavioural: bool,
}

/// Who scored an answer, and why the LLM did not when it did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judge {
    /// The built-in scorer; no LLM is configured.
    Builtin,
    /// The LLM.
    Llm,
    /// The built-in scorer: the user's LLM calls of the day are used up.
    BuiltinOverQuota,
    /// The built-in scorer: the LLM failed, timed out or answered outside the schema.
    BuiltinAfterLlmFailure,
}

/// A judged answer.
#[derive(Clone, Debug)]
pub struct Judged {
    /// The result (`scorer` is `llm` or `builtin`).
    pub scored: Scored,
    /// Who scored it.
    pub judge: Judge,
    /// The follow-up the judge proposes: the LLM's (a verbatim note; `None`
    /// when it found nothing important missing) or the built-in one. The
    /// caller decides whether to ask it (main questions, once).
    pub follow_up: Option<Note>,
    /// A note for the reader about how it was judged (the LLM quota used up).
    pub notice: Option<Note>,
}

/// The key points the LLM judges against when the question has none of its
/// own: the built-in scorer's.
fn key_points_of(built: &Scored) -> Vec<String> {
    built.key_points.iter().map(|k| k.point.clone()).collect()
}

/// The built-in result with the LLM's verdict: its score, feedback, hints
/// and which key points are covered (the built-in evidence is kept where
/// both agree); the built-in sub-scores stay (they feed the ability chart
/// and must stay comparable between interviews).
fn merge(built: Scored, points: &[String], v: &Verdict) -> Scored {
    let evidence = |p: &str| built.key_points.iter().find(|k| k.point == p && k.covered).and_then(|k| k.evidence.clone());
    let key_points: Vec<KeyPoint> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let covered = v.covered.contains(&i);
            KeyPoint { point: p.clone(), covered, evidence: if covered { evidence(p) } else { None } }
        })
        .collect();
    let explanation = Note::new("interview.llm.explanation").with("covered", v.covered.len().to_string()).with("total", points.len().to_string());
    let mut scored = scoring::llm_score(built, (v.score, v.feedback.clone(), v.improved.clone()));
    scored.key_points = key_points;
    scored.explanation = explanation;
    scored
}

/// Judge `user_id`'s `answer` to `q` in `lang` (the interview's language).
/// `spoken` is the recording's duration in seconds for a spoken answer
/// (`None` for a typed one). Uses one of the user's scored answers of the
/// day and, when the LLM is asked, one LLM call.
///
/// # Errors
/// 429 `quota_exceeded` when the day's scored answers are used up; 503 when
/// Redis is down; 500 when the scorer's thread fails.
pub async fn judge(state: &AppState, user_id: i64, lang: Lang, q: Asked<'_>, answer: &str, spoken: Option<f64>) -> Result<Judged> {
    quota::charge(state, user_id, Quota::ScoredAnswers).await?;
    let spoken = spoken.filter(|s| s.is_finite() && *s > 0.0).map(|s| Spoken { duration_seconds: s });
    let (question, reference, text, star) = (q.question.to_owned(), q.reference.map(str::to_owned), answer.to_owned(), q.behavioural);
    let points = q.key_points.map(<[String]>::to_vec);
    let built = tokio::task::spawn_blocking(move || {
        scoring::builtin(&scoring::Answer { question: &question, reference: reference.as_deref(), key_points: points.as_deref(), answer: &text, spoken, behavioural: star })
    })
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    let builtin_follow_up = built.follow_up.as_ref().map(|f| f.question.clone());
    let fallback = |built: Scored, judge: Judge, notice: Option<Note>| Judged { scored: built, judge, follow_up: builtin_follow_up.clone(), notice };
    let Some(llm) = &state.llm else { return Ok(fallback(built, Judge::Builtin, None)) };
    if !quota::try_charge(state, user_id, Quota::LlmCalls).await? {
        let notice = Note::new("interview.llm.quota_used_up");
        let mut built = built;
        built.feedback.push(notice.clone());
        return Ok(fallback(built, Judge::BuiltinOverQuota, Some(notice)));
    }
    let points: Vec<String> = match q.key_points {
        Some(p) => p.to_vec(),
        None => key_points_of(&built),
    };
    let judging = Judging { lang, question: q.question, reference: q.reference, key_points: &points, behavioural: q.behavioural, answer };
    match llm.judge(&judging).await {
        Ok(v) => Ok(Judged { follow_up: v.follow_up.as_deref().map(Note::verbatim), scored: merge(built, &points, &v), judge: Judge::Llm, notice: None }),
        Err(e) => {
            tracing::warn!(error = %e, "LLM judging failed; the built-in scorer's result stands");
            Ok(fallback(built, Judge::BuiltinAfterLlmFailure, None))
        }
    }
}
