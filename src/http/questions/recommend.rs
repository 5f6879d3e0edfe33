//! `POST /api/questions/recommend`: questions for a job posting and/or the
//! caller's resume ([`crate::features::questions::recommend`]).

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::QuestionItem;
use crate::error::Result;
use crate::features::community::Viewer;
use crate::features::questions::recommend;
use crate::http::auth::MaybeAuthUser;
use crate::http::ValidJson;
use crate::state::AppState;

/// `POST /api/questions/recommend` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendInput {
    /// A job posting (岗位描述), ≤ 20000 characters.
    #[validate(length(max = 20000))]
    pub job_description: Option<String>,
    /// Also use the caller's resume (skills, experience, attachment text).
    #[serde(default)]
    pub use_resume: bool,
    /// Questions to return, 1–50. Default 10.
    #[validate(range(min = 1, max = 50))]
    pub count: Option<u64>,
}

/// A recommended question and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub question: QuestionItem,
    /// Summed keyword weights (skills 2, other keywords 1).
    pub score: f64,
    /// The extracted keywords this question matches.
    pub matched_keywords: Vec<String>,
}

/// Recommendations with the keywords that were extracted.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendResult {
    /// Keywords extracted from the posting and/or resume, most important first.
    pub keywords: Vec<String>,
    pub items: Vec<Recommendation>,
}

/// Recommend questions for a job posting and/or the caller's resume: skills
/// and topics are extracted (vocabulary + jieba TF-IDF, see `crate::features::skills`),
/// each is searched in the bank, and questions are ranked by the weights of
/// the keywords they match.
#[utoipa::path(post, path = "/api/questions/recommend", tag = "questions", request_body = RecommendInput, responses(
    (status = 200, body = RecommendResult), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
pub(super) async fn recommend_questions(State(state): State<AppState>, MaybeAuthUser(me): MaybeAuthUser, ValidJson(input): ValidJson<RecommendInput>) -> Result<Json<RecommendResult>> {
    let count = input.count.unwrap_or(10) as usize;
    let found = recommend::recommend(&state, Viewer::of(me.as_ref()), input.job_description.as_deref(), input.use_resume, count).await?;
    let items = found
        .items
        .into_iter()
        .map(|(q, m)| Recommendation { question: q.into(), score: m.score, matched_keywords: m.terms })
        .collect();
    Ok(Json(RecommendResult { keywords: found.keywords, items }))
}
