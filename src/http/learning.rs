//! Learning records (seed 004's origin project: 做题记录, 错题本, 能力分析):
//! every answered question, the mistake notebook and the ability chart.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::mock_interviews::scored_answers;
use super::{Paged, PageParams, ValidQuery};
use crate::http::auth::AuthUser;
use crate::entity::question;
use crate::error::Result;
use crate::state::AppState;

/// Below this score an answer is a mistake (SPEC §3).
pub const PASS: i32 = 60;

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
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub answered_at: chrono::DateTime<Utc>,
}

/// Every question the caller answered, newest first.
#[utoipa::path(get, path = "/api/practice-records", tag = "learning", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<PracticeRecord>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn practice_records(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<PracticeRecord>>> {
    let (page, per_page) = p.resolve();
    let mut all = scored_answers(&state, me.user_id).await?;
    all.reverse();
    let total = all.len() as u64;
    let items = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|(m, r)| PracticeRecord {
            interview_id: m.id,
            index: r.idx,
            question_id: r.question_id,
            question: r.question,
            score: r.score.unwrap_or(0),
            topic: r.dimension,
            follow_up: r.parent_idx.is_some(),
            answered_at: r.answered_at.unwrap_or(r.updated_at),
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
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub answered_at: chrono::DateTime<Utc>,
}

/// 错题本: bank questions whose latest answer by the caller scored below 60,
/// most recent first. A later answer scoring 60 or more takes a question out.
#[utoipa::path(get, path = "/api/mistakes", tag = "learning", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Paged<Mistake>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn mistakes(State(state): State<AppState>, me: AuthUser, ValidQuery(p): ValidQuery<PageParams>) -> Result<Json<Paged<Mistake>>> {
    let (page, per_page) = p.resolve();
    let all = scored_answers(&state, me.user_id).await?;
    // Latest main answer per bank question (rows come oldest first).
    let mut latest: BTreeMap<i64, (crate::entity::mock_interview_answer::Model, i32)> = BTreeMap::new();
    for (_, r) in all.into_iter().filter(|(_, r)| r.parent_idx.is_none()) {
        if let Some(qid) = r.question_id {
            let attempts = latest.get(&qid).map_or(0, |(_, n)| *n) + 1;
            latest.insert(qid, (r, attempts));
        }
    }
    let mut wrong: Vec<(crate::entity::mock_interview_answer::Model, i32)> = latest.into_values().filter(|(r, _)| r.score.unwrap_or(0) < PASS).collect();
    wrong.sort_by_key(|w| std::cmp::Reverse(w.0.answered_at));
    let total = wrong.len() as u64;
    let page_rows: Vec<_> = wrong.into_iter().skip(((page - 1) * per_page) as usize).take(per_page as usize).collect();
    let ids: Vec<i64> = page_rows.iter().filter_map(|(r, _)| r.question_id).collect();
    let bank: BTreeMap<i64, question::Model> = question::Entity::find().filter(question::Column::Id.is_in(ids)).all(&state.db.read).await?.into_iter().map(|q| (q.id, q)).collect();
    let items = page_rows
        .into_iter()
        .map(|(r, attempts)| {
            let q = r.question_id.and_then(|id| bank.get(&id));
            Mistake {
                question_id: r.question_id.unwrap_or_default(),
                question: q.map_or(r.question.clone(), |q| q.content.clone()),
                reference_answer: q.and_then(|q| q.answer.clone()),
                your_answer: r.answer,
                score: r.score.unwrap_or(0),
                attempts,
                topic: r.dimension,
                answered_at: r.answered_at.unwrap_or(r.updated_at),
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
    #[serde(serialize_with = "crate::time::ser")]
    #[schema(value_type = String, format = DateTime)]
    pub finished_at: chrono::DateTime<Utc>,
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
    let all = scored_answers(&state, me.user_id).await?;
    let mut dims: BTreeMap<String, (i64, i32)> = BTreeMap::new();
    let mut skills: BTreeMap<String, (f64, i32)> = BTreeMap::new();
    for (_, r) in all.iter().filter(|(_, r)| r.parent_idx.is_none()) {
        let name = r.dimension.clone().unwrap_or_else(|| "综合".into());
        let e = dims.entry(name).or_insert((0, 0));
        e.0 += i64::from(r.score.unwrap_or(0));
        e.1 += 1;
        if let Some(d) = r.details.as_deref().and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok()) {
            for k in ["coverage", "structure", "fluency", "length", "pace"] {
                if let Some(v) = d["dimensions"][k].as_f64() {
                    let e = skills.entry(k.to_owned()).or_insert((0.0, 0));
                    e.0 += v;
                    e.1 += 1;
                }
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut trend: Vec<TrendPoint> = Vec::new();
    for (m, _) in &all {
        if m.status != "finished" || !seen.insert(m.id) {
            continue;
        }
        let report: Option<super::mock_interviews::Report> = m.report.as_deref().and_then(|r| serde_json::from_str(r).ok());
        trend.push(TrendPoint {
            interview_id: m.id,
            finished_at: m.finished_at.unwrap_or(m.updated_at),
            overall_score: m.overall_score.unwrap_or(0),
            topics: report.map(|r| r.topics).unwrap_or_default(),
        });
    }
    trend.sort_by_key(|t| t.finished_at);
    Ok(Json(Ability {
        dimensions: dims.into_iter().map(|(name, (sum, n))| AbilityDimension { name, score: (sum as f64 / f64::from(n)).round() as i32, answers: n }).collect(),
        skills: skills.into_iter().map(|(k, (s, n))| (k, (s / f64::from(n) * 100.0).round() as i32)).collect(),
        trend,
    }))
}
