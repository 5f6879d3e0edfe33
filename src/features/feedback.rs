//! The feedback board (留言板): logged-in users post, everyone reads,
//! administrators reply and set the status.

use crate::entity::enums::FeedbackStatus;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::entity::enums::{NotificationKind, NotificationTarget};
use crate::entity::feedback as entity;
use crate::features::community::excerpt;
use crate::features::notifications;
use crate::store::feedback::{self, FeedbackPatch, FeedbackRow};
use crate::store::notifications::NewNotification;

/// Post `content` (trimmed, 1–2000 characters) by `author_id`; it starts `open`.
///
/// # Errors
/// 400 `validation_failed` (`content` blank).
pub async fn create(state: &AppState, author_id: i64, content: &str) -> Result<FeedbackRow> {
    let content = content.trim();
    if content.is_empty() {
        return Err(Error::field("content", "not_empty"));
    }
    let id = feedback::insert(&state.db, author_id, content.to_owned()).await?;
    feedback::by_id(&state.db, id).await?.ok_or(Error::NotFound)
}

/// Page `page` (1-based) of `per_page` messages, newest first, only those
/// with `status` when given; and how many match.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, status: Option<FeedbackStatus>, page: u64, per_page: u64) -> Result<(Vec<FeedbackRow>, u64)> {
    Ok(feedback::list(&state.db, status, page, per_page).await?)
}

/// An administrator's answer to message `id` and/or its new status. A blank
/// `reply` removes the answer; any `reply` records who answered and when.
/// A new or changed answer notifies the message's author
/// (`feedback_reply`, in the same transaction), unless they answered
/// themselves.
///
/// # Errors
/// 404 for an unknown message.
pub async fn update(state: &AppState, admin_id: i64, id: i64, status: Option<FeedbackStatus>, reply: Option<&str>) -> Result<FeedbackRow> {
    let reply = reply.map(|r| Some(r.trim().to_owned()).filter(|r| !r.is_empty()));
    let answer = reply.clone().flatten();
    let patch = FeedbackPatch { status, reply, replied_by: admin_id };
    let mut sent = Vec::new();
    let found = feedback::update(&state.db, id, patch, |current| {
        sent = answered(admin_id, current, answer.as_deref());
        sent.clone()
    })
    .await?;
    if !found {
        return Err(Error::NotFound);
    }
    notifications::mail(state, sent);
    feedback::by_id(&state.db, id).await?.ok_or(Error::NotFound)
}

/// The notification of `admin_id`'s `answer` to `current`: for its author,
/// when the answer is new or changed and the author is someone else.
fn answered(admin_id: i64, current: &entity::Model, answer: Option<&str>) -> Vec<NewNotification> {
    match answer {
        Some(text) if current.author_id != admin_id && current.reply.as_deref() != Some(text) => vec![NewNotification {
            recipient_id: current.author_id,
            kind: NotificationKind::FeedbackReply,
            actor_id: None,
            target: NotificationTarget::Feedback,
            target_id: current.id,
            post: None,
            excerpt: excerpt(text, notifications::EXCERPT_CHARS),
            note: None,
        }],
        _ => vec![],
    }
}
