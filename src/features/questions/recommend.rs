//! Recommendation (README, "How it works"): skills and topics are extracted
//! from a job posting and/or the caller's resume (the curated vocabulary,
//! weight 2, plus jieba TF-IDF keywords, weight 1, [`crate::features::skills`]);
//! each is searched in the bank, and questions are ranked by the summed
//! weights of the keywords they match. Related questions and the
//! personalised part of a mock interview are scored the same way.

use std::collections::{BTreeMap, HashMap};

use super::items::items;
use super::Question;
use crate::error::{Error, Result};
use crate::features::community::Viewer;
use crate::features::{resumes, search, skills};
use crate::state::AppState;
use crate::store::questions as store;

/// Keywords taken from the text to recommend for.
pub const KEYWORDS: usize = 12;

/// Questions searched per keyword when recommending.
pub const PER_KEYWORD: u64 = 300;

/// A question matching some of the searched terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// The question.
    pub id: i64,
    /// The summed weights of the terms it matches.
    pub score: f64,
    /// Those terms, in the order they were searched.
    pub terms: Vec<String>,
}

/// Rank the questions found for each term, `(term, weight, ids)`: a
/// question scores the summed weights of the terms that found it; best
/// first, ties by id; `exclude` left out.
pub fn rank(found: &[(String, f64, Vec<i64>)], exclude: Option<i64>) -> Vec<Match> {
    let mut scores: BTreeMap<i64, (f64, Vec<String>)> = BTreeMap::new();
    for (term, weight, ids) in found {
        for &id in ids.iter().filter(|id| Some(**id) != exclude) {
            let e = scores.entry(id).or_insert((0.0, vec![]));
            e.0 += weight;
            e.1.push(term.clone());
        }
    }
    let mut out: Vec<Match> = scores.into_iter().map(|(id, (score, terms))| Match { id, score, terms }).collect();
    out.sort_by(|a, b| b.score.partial_cmp(&a.score).unwrap_or(std::cmp::Ordering::Equal).then(a.id.cmp(&b.id)));
    out
}

/// Questions matching any of the weighted `terms` (the best `per_term` of
/// each), ranked by [`rank`].
///
/// # Errors
/// Database failures.
pub async fn score_by_terms(state: &AppState, terms: &[(String, f64)], exclude: Option<i64>, per_term: u64) -> Result<Vec<Match>> {
    let mut found = Vec::with_capacity(terms.len());
    for (term, weight) in terms {
        let ids = store::best_matches(&state.db, &search::query_terms(term), per_term).await?;
        found.push((term.clone(), *weight, ids));
    }
    Ok(rank(&found, exclude))
}

/// What a recommendation found.
#[derive(Clone, Debug)]
pub struct Recommendations {
    /// Keywords extracted from the posting and/or resume, most important first.
    pub keywords: Vec<String>,
    /// The recommended questions, best first, with why.
    pub items: Vec<(Question, Match)>,
}

/// Recommend `count` questions for `job_description` and/or, with
/// `use_resume`, the viewer's resume.
///
/// # Errors
/// 401 when `use_resume` without a session; 400 (`job_description`
/// `required`) when there is no text; database failures.
pub async fn recommend(state: &AppState, viewer: Viewer, job_description: Option<&str>, use_resume: bool, count: usize) -> Result<Recommendations> {
    let mut text = job_description.unwrap_or_default().to_owned();
    if use_resume {
        let user_id = viewer.user_id.ok_or(Error::Unauthorized)?;
        text.push('\n');
        text.push_str(&resumes::resume_text(state, user_id).await?);
    }
    if text.trim().is_empty() {
        return Err(Error::field("job_description", "required"));
    }
    let keywords = tokio::task::spawn_blocking(move || skills::extract(&text, KEYWORDS)).await.map_err(|e| Error::Internal(e.into()))?;
    let terms: Vec<(String, f64)> = keywords.iter().map(|k| (k.term.clone(), k.weight)).collect();
    let top: Vec<Match> = score_by_terms(state, &terms, None, PER_KEYWORD).await?.into_iter().take(count).collect();
    let ids: Vec<i64> = top.iter().map(|m| m.id).collect();
    let mut by_id: HashMap<i64, Question> = items(state, false, viewer, &ids).await?.into_iter().map(|q| (q.id, q)).collect();
    let items = top.into_iter().filter_map(|m| by_id.remove(&m.id).map(|q| (q, m))).collect();
    Ok(Recommendations { keywords: keywords.into_iter().map(|k| k.term).collect(), items })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(term: &str, weight: f64, ids: &[i64]) -> (String, f64, Vec<i64>) {
        (term.to_owned(), weight, ids.to_vec())
    }

    #[test]
    fn questions_matching_more_weight_rank_first_and_ties_go_by_id() {
        let ranked = rank(&[found("Redis", 2.0, &[3, 1]), found("缓存", 1.0, &[1, 2]), found("MySQL", 2.0, &[4])], None);
        let order: Vec<(i64, f64)> = ranked.iter().map(|m| (m.id, m.score)).collect();
        assert_eq!(order, vec![(1, 3.0), (3, 2.0), (4, 2.0), (2, 1.0)]);
        assert_eq!(ranked[0].terms, vec!["Redis".to_owned(), "缓存".to_owned()]);
    }

    #[test]
    fn the_excluded_question_is_left_out() {
        let ranked = rank(&[found("Redis", 2.0, &[7, 8])], Some(7));
        assert_eq!(ranked.iter().map(|m| m.id).collect::<Vec<_>>(), vec![8]);
        assert!(rank(&[], None).is_empty());
    }
}
