//! Mock interviews in the database: an interview row (`mock_interviews`)
//! and its asked questions with their answers and scores
//! (`mock_interview_answers`, main questions and follow-ups).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};

use crate::entity::enums::{ContentLang, Difficulty, InterviewKind, InterviewRound, InterviewStatus};
use crate::entity::{mock_interview as interview, mock_interview_answer as answer};
use crate::store::Db;

/// What a transition of an interview came to.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Done, with its result.
    Done(T),
    /// The interview is finished (or gone): it is read-only.
    Finished,
    /// No such interview.
    Missing,
}

/// The interview `id`.
///
/// # Errors
/// Database failures.
pub async fn find<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<interview::Model>, DbErr> {
    interview::Entity::find_by_id(id).one(db).await
}

/// The asked questions of the interview `id`, by index.
///
/// # Errors
/// Database failures.
pub async fn answers<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<answer::Model>, DbErr> {
    answer::Entity::find().filter(answer::Column::InterviewId.eq(id)).order_by_asc(answer::Column::Idx).all(db).await
}

/// An interview being set up.
#[derive(Clone, Debug)]
pub struct NewInterview {
    /// Its owner.
    pub user_id: i64,
    /// `topic` or `full`.
    pub kind: InterviewKind,
    /// The round of a `full` interview.
    pub round: Option<InterviewRound>,
    /// Career drilled.
    pub career_id: Option<i64>,
    /// Tag drilled.
    pub tag: Option<String>,
    /// Target position.
    pub position: Option<String>,
    /// Target company.
    pub company: Option<String>,
    /// Job posting.
    pub job_description: Option<String>,
    /// Personalised with the owner's resume.
    pub use_resume: bool,
    /// Difficulty asked for.
    pub difficulty: Option<Difficulty>,
    /// Language of its questions.
    pub lang: ContentLang,
}

/// A question to ask, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct NewQuestion {
    /// Bank question.
    pub question_id: Option<i64>,
    /// Its text.
    pub content: String,
    /// Its reference answer.
    pub reference: Option<String>,
    /// Career or tag it counts for.
    pub topic: Option<String>,
}

/// Store a new interview in progress with its questions (indexes from 1),
/// in one transaction; the first is asked at `now`. Returns its id.
///
/// # Errors
/// Database failures.
pub async fn create(db: &Db, new: NewInterview, questions: Vec<NewQuestion>, now: DateTime<Utc>) -> Result<i64, DbErr> {
    let txn = db.write.begin().await?;
    let saved = interview::ActiveModel {
        user_id: Set(new.user_id),
        kind: Set(new.kind.as_str().to_owned()),
        round: Set(new.round.map(|r| r.as_str().to_owned())),
        career_id: Set(new.career_id),
        tag: Set(new.tag),
        position: Set(new.position),
        company: Set(new.company),
        job_description: Set(new.job_description),
        use_resume: Set(new.use_resume),
        difficulty: Set(new.difficulty.map(|d| d.as_str().to_owned())),
        lang: Set(Some(new.lang.as_str().to_owned())),
        status: Set(InterviewStatus::InProgress.as_str().to_owned()),
        question_count: Set(questions.len() as i32),
        overall_score: Set(None),
        report: Set(None),
        finished_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let rows: Vec<answer::ActiveModel> = questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| answer::ActiveModel {
            interview_id: Set(saved.id),
            idx: Set(i as i32 + 1),
            parent_idx: Set(None),
            question_id: Set(q.question_id),
            question: Set(q.content),
            reference: Set(q.reference),
            dimension: Set(q.topic),
            asked_at: Set((i == 0).then_some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        answer::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(saved.id)
}

/// A page of `user_id`'s practice interviews (records of interviews done
/// elsewhere left out), newest first, with the total.
///
/// # Errors
/// Database failures.
pub async fn page(db: &Db, user_id: i64, page: u64, per_page: u64) -> Result<(Vec<interview::Model>, u64), DbErr> {
    let q = interview::Entity::find().filter(interview::Column::UserId.eq(user_id)).filter(interview::Column::Kind.ne(InterviewKind::Record.as_str()));
    let total = q.clone().count(&db.read).await?;
    let list = q.order_by_desc(interview::Column::Id).offset((page - 1) * per_page).limit(per_page).all(&db.read).await?;
    Ok((list, total))
}

/// A page of `user_id`'s finished interviews, newest first, each with its
/// asked questions by index, and the total.
///
/// # Errors
/// Database failures.
pub async fn finished_page(db: &Db, user_id: i64, page: u64, per_page: u64) -> Result<(Vec<(interview::Model, Vec<answer::Model>)>, u64), DbErr> {
    let q = interview::Entity::find().filter(interview::Column::UserId.eq(user_id)).filter(interview::Column::Status.eq(InterviewStatus::Finished.as_str()));
    let total = q.clone().count(&db.read).await?;
    let list = q.order_by_desc(interview::Column::Id).offset((page - 1) * per_page).limit(per_page).all(&db.read).await?;
    let ids: Vec<i64> = list.iter().map(|m| m.id).collect();
    let rows = answer::Entity::find().filter(answer::Column::InterviewId.is_in(ids)).order_by_asc(answer::Column::Idx).all(&db.read).await?;
    let items = list
        .into_iter()
        .map(|m| {
            let mine: Vec<answer::Model> = rows.iter().filter(|r| r.interview_id == m.id).cloned().collect();
            (m, mine)
        })
        .collect();
    Ok((items, total))
}

/// A scored answer to store.
#[derive(Clone, Debug)]
pub struct ScoredAnswer {
    /// The trimmed answer.
    pub answer: String,
    /// Seconds spent answering.
    pub duration_seconds: Option<i32>,
    /// A `recording` file of the owner.
    pub recording_file_id: Option<i64>,
    /// Characters (or English words) per minute.
    pub speech_rate: Option<f64>,
    /// 0–100.
    pub score: i32,
    /// The scorer's feedback as first rendered (the notes in `details` are
    /// what is shown).
    pub feedback: String,
    /// Improvement hints as first rendered, a JSON array of strings.
    pub improved: String,
    /// The scorer's details, a JSON object.
    pub details: String,
}

/// A follow-up question to add after an answer.
#[derive(Clone, Debug)]
pub struct NewFollowUp {
    /// Its index (the next free one).
    pub index: i32,
    /// The main question's index.
    pub follows: i32,
    /// Its text as first asked.
    pub content: String,
    /// Its text as a note (JSON), rendered in the reader's language.
    pub note: Option<String>,
    /// The career or tag it counts for (the main question's).
    pub topic: Option<String>,
}

/// Store the answer to the asked question `row` of the interview `id` and,
/// when given, add the follow-up, in one transaction that first checks the
/// interview is still in progress (a concurrent finish wins). The next
/// question is asked at `now`: the follow-up when one is added, else the
/// first unanswered main question not asked before. `Done(true)` when the
/// follow-up was added; a concurrent answer to the same question may have
/// added one first (`Done(false)`).
///
/// # Errors
/// Database failures.
pub async fn save_answer(db: &Db, id: i64, row: &answer::Model, scored: ScoredAnswer, follow_up: Option<NewFollowUp>, now: DateTime<Utc>) -> Result<Outcome<bool>, DbErr> {
    let txn = db.write.begin().await?;
    if find(&txn, id).await?.is_none_or(|m| m.status == InterviewStatus::Finished.as_str()) {
        return Ok(Outcome::Finished);
    }
    let mut am: answer::ActiveModel = row.clone().into();
    am.answer = Set(Some(scored.answer));
    am.duration_seconds = Set(scored.duration_seconds);
    am.recording_file_id = Set(scored.recording_file_id);
    am.speech_rate = Set(scored.speech_rate);
    am.score = Set(Some(scored.score));
    am.feedback = Set(Some(scored.feedback));
    am.improved = Set(Some(scored.improved));
    am.details = Set(Some(scored.details));
    am.answered_at = Set(Some(now));
    am.updated_at = Set(now);
    am.update(&txn).await?;
    let mut added = false;
    // A failed insert (a concurrent answer added the follow-up first) leaves
    // PostgreSQL's transaction unusable; that follow-up was asked already.
    let tried = follow_up.is_some();
    if let Some(f) = follow_up {
        let inserted = answer::ActiveModel {
            interview_id: Set(id),
            idx: Set(f.index),
            parent_idx: Set(Some(f.follows)),
            question_id: Set(None),
            question: Set(f.content),
            question_note: Set(f.note),
            // Scored for relevance to the follow-up itself, which names what was missed.
            reference: Set(None),
            dimension: Set(f.topic),
            asked_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        added = inserted.is_ok();
    }
    if !tried {
        let next = answer::Entity::find()
            .filter(answer::Column::InterviewId.eq(id))
            .filter(answer::Column::ParentIdx.is_null())
            .filter(answer::Column::AnsweredAt.is_null())
            .filter(answer::Column::Idx.ne(row.idx))
            .order_by_asc(answer::Column::Idx)
            .one(&txn)
            .await?;
        if let Some(n) = next.filter(|n| n.asked_at.is_none()) {
            let mut am: answer::ActiveModel = n.into();
            am.asked_at = Set(Some(now));
            am.update(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(Outcome::Done(added))
}

/// Finish the interview `id` in one transaction: `report` turns its asked
/// questions (by index) into `(overall score, report JSON, result)`, which is
/// stored with the finished status.
///
/// # Errors
/// Database failures.
pub async fn finish<T>(db: &Db, id: i64, report: impl FnOnce(&[answer::Model]) -> (i32, String, T), now: DateTime<Utc>) -> Result<Outcome<T>, DbErr> {
    let txn = db.write.begin().await?;
    let Some(m) = find(&txn, id).await? else { return Ok(Outcome::Missing) };
    if m.status == InterviewStatus::Finished.as_str() {
        return Ok(Outcome::Finished);
    }
    let rows = answers(&txn, id).await?;
    let (overall, json, result) = report(&rows);
    let mut am: interview::ActiveModel = m.into();
    am.status = Set(InterviewStatus::Finished.as_str().to_owned());
    am.overall_score = Set(Some(overall));
    am.report = Set(Some(json));
    am.finished_at = Set(Some(now));
    am.updated_at = Set(now);
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(Outcome::Done(result))
}

/// Store a finished `record` interview of `user_id` (an interview done
/// elsewhere) with its answered `rows` (their `id` and `interview_id` are
/// ignored), in one transaction. Returns the interview and its stored rows.
///
/// # Errors
/// Database failures.
pub async fn create_record(
    db: &Db,
    user_id: i64,
    overall_score: i32,
    report: String,
    rows: &[answer::Model],
    now: DateTime<Utc>,
) -> Result<(interview::Model, Vec<answer::Model>), DbErr> {
    let txn = db.write.begin().await?;
    let saved = interview::ActiveModel {
        user_id: Set(user_id),
        kind: Set(InterviewKind::Record.as_str().to_owned()),
        use_resume: Set(false),
        status: Set(InterviewStatus::Finished.as_str().to_owned()),
        question_count: Set(rows.len() as i32),
        overall_score: Set(Some(overall_score)),
        report: Set(Some(report)),
        finished_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let models: Vec<answer::ActiveModel> = rows
        .iter()
        .map(|r| {
            let mut am: answer::ActiveModel = r.clone().into();
            am.id = ActiveValue::NotSet;
            am.interview_id = Set(saved.id);
            am
        })
        .collect();
    if !models.is_empty() {
        answer::Entity::insert_many(models).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    let stored = answers(&db.write, saved.id).await?;
    Ok((saved, stored))
}

/// Every answered question of `user_id`'s interviews with its interview,
/// oldest answer first.
///
/// # Errors
/// Database failures.
pub async fn answered(db: &Db, user_id: i64) -> Result<Vec<(interview::Model, answer::Model)>, DbErr> {
    let interviews = interview::Entity::find().filter(interview::Column::UserId.eq(user_id)).all(&db.read).await?;
    let ids: Vec<i64> = interviews.iter().map(|m| m.id).collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows = answer::Entity::find()
        .filter(answer::Column::InterviewId.is_in(ids))
        .filter(answer::Column::AnsweredAt.is_not_null())
        .order_by_asc(answer::Column::AnsweredAt)
        .order_by_asc(answer::Column::Id)
        .all(&db.read)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| interviews.iter().find(|m| m.id == r.interview_id).cloned().map(|m| (m, r)))
        .collect())
}

