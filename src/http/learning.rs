//! Learning records: every answered question (做题记录), the mistake
//! notebook (错题本) and the ability analysis (能力分析); computed by
//! [`crate::features::learning`].

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Paged, PageParams, ValidQuery};
use crate::error::Result;
use crate::features::learning;
use crate::http::auth::AuthUser;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(practice_records)).routes(routes!(mistakes)).routes(routes!(ability))
}

/// One answered question.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeRecord {
    pub interview_id: i64,
    pub index: i32,
    pub question_id: Option<i64>,
    pub question: String,
    /// 0–100.
    pub score: i32,
    /// Career or tag.
    pub topic: Option<String>,
    pub follow_up: bool,
    pub answered_at: ApiTime,
}

/// Every question the caller answered, newest first.
#[utoipa::path(get, path = "/api/practice-records", tag = "learning", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<PracticeRecord>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn practice_records(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<PracticeRecord>>> {
    let (page, per_page) = p.resolve();
    let (list, total) = learning::practice(&state, lang, me.user_id, page, per_page).await?;
    let items = list
        .into_iter()
        .map(|(m, r)| PracticeRecord {
            interview_id: m.id,
            index: r.idx,
            question_id: r.question_id,
            question: r.question,
            score: r.score.unwrap_or(0),
            topic: r.dimension,
            follow_up: r.parent_idx.is_some(),
            answered_at: r.answered_at.unwrap_or(r.updated_at).into(),
        })
        .collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// A question in the mistake notebook.
#[derive(Debug, Serialize, ToSchema)]
pub struct Mistake {
    pub question_id: i64,
    pub question: String,
    /// Reference answer (Markdown), if the bank has one.
    pub reference_answer: Option<String>,
    /// The caller's latest answer and its score.
    pub your_answer: Option<String>,
    pub score: i32,
    /// Times the caller answered it.
    pub attempts: i32,
    pub topic: Option<String>,
    pub answered_at: ApiTime,
}

/// 错题本: bank questions whose latest answer by the caller scored below 60,
/// most recent first. A later answer scoring 60 or more takes a question out.
#[utoipa::path(get, path = "/api/mistakes", tag = "learning", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<Mistake>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn mistakes(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Mistake>>> {
    let (page, per_page) = p.resolve();
    let (list, total) = learning::mistakes(&state, me.user_id, page, per_page).await?;
    let items = list
        .into_iter()
        .map(|m| {
            let r = m.latest;
            Mistake {
                question_id: r.question_id.unwrap_or_default(),
                question: m.question.as_ref().map_or(r.question.clone(), |q| q.content.clone()),
                reference_answer: m.question.and_then(|q| q.answer),
                your_answer: r.answer,
                score: r.score.unwrap_or(0),
                attempts: m.attempts,
                topic: r.dimension,
                answered_at: r.answered_at.unwrap_or(r.updated_at).into(),
            }
        })
        .collect();
    Ok(Json(Paged { items, total, page, per_page }))
}

/// Score of one ability dimension.
#[derive(Debug, Serialize, ToSchema)]
pub struct AbilityDimension {
    /// Career or tag, e.g. 后端 / Redis.
    pub name: String,
    /// Mean score 0–100.
    pub score: i32,
    /// Answers counted.
    pub answers: i32,
}

/// One finished interview on the trend line.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPoint {
    pub interview_id: i64,
    pub finished_at: ApiTime,
    pub overall_score: i32,
    /// Mean score per career/tag in that interview.
    pub topics: BTreeMap<String, i32>,
}

/// 能力分析.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ability {
    /// Per career/tag over all answered main questions (radar chart).
    pub dimensions: Vec<AbilityDimension>,
    /// Mean answer sub-scores 0–100: coverage, structure, fluency, length, pace.
    pub skills: BTreeMap<String, i32>,
    /// Finished interviews, oldest first.
    pub trend: Vec<TrendPoint>,
}

/// The caller's ability per career/tag for a radar chart, answer skills, and
/// the trend of finished interviews.
#[utoipa::path(get, path = "/api/users/ability", tag = "learning", security(("bearer" = [])), responses(
    (status = 200, body = Ability), (status = 401, body = crate::error::ErrorBody)))]
async fn ability(State(state): State<AppState>, me: AuthUser) -> Result<Json<Ability>> {
    let a = learning::ability(&state, me.user_id).await?;
    Ok(Json(Ability {
        dimensions: a.dimensions.into_iter().map(|d| AbilityDimension { name: d.name, score: d.score, answers: d.answers }).collect(),
        skills: a.skills,
        trend: a
            .trend
            .into_iter()
            .map(|t| TrendPoint { interview_id: t.interview_id, finished_at: t.finished_at.into(), overall_score: t.overall_score, topics: t.topics })
            .collect(),
    }))
}
