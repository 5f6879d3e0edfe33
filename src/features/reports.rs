//! Reports (举报) and moderation (issue 19).
//!
//! Any logged-in user reports a live 面经, discussion or comment of someone
//! else with a reason from a fixed list ([`ReportReason`]; `other` needs
//! words in `detail`), at most one open report per user and target
//! (409 `report_exists`). Administrators work through the queue and resolve
//! each report with an action ([`ModerationAction`]):
//! - `dismiss`: nothing changes but this report;
//! - `delete`: the content is deleted through the same path as its author's
//!   own delete (counters, caches and search follow), and every open report
//!   on it is closed;
//! - `hide`: the same, and the row is stamped `hidden_at`, so it is told
//!   apart from a deletion: the content is withdrawn from everyone (lists,
//!   search, detail, comment threads), and its author still sees it in their
//!   `content_moderated` notification (excerpt) and can ask about it on the
//!   feedback board. Reusing the delete path rather than adding a second
//!   visibility rule keeps every existing read path (cached lists, the
//!   search index, counters) correct without touching it.
//!
//! Every closed report's reporter gets a `report_resolved` notification
//! with the moderator's `note`; for `hide` and `delete`, the content's
//! author gets one `content_moderated`. The content change comes first (it
//! is idempotent: content already gone counts as done); then one transaction
//! closes the reports, stamps `hidden_at` and stores the notifications
//! ([`moderation::resolve`]), so a failure in between leaves the report
//! open for the moderator to resolve again.

use crate::entity::enums::{ModerationAction, NotificationKind, NotificationTarget, ReportReason, ReportStatus, ReportTarget, TargetType};
use crate::entity::report;
use crate::error::{Error, Result};
use crate::features::accounts::session::AuthSession;
use crate::features::community::{self, excerpt, Viewer};
use crate::features::{experiences, notifications, Page};
use crate::state::AppState;
use crate::store::moderation::{self, Reported, ReportRow, Resolution, TargetRow};
use crate::store::notifications::NewNotification;

/// Make a report by `me` of live `target` `id`.
///
/// # Errors
/// 400 `validation_failed` (`detail` `required` for reason `other`),
/// 400 `cannot_report_own`, 404 (no live target), 409 `report_exists`;
/// database failures.
pub async fn create(state: &AppState, me: &AuthSession, target: ReportTarget, id: i64, reason: ReportReason, detail: Option<&str>) -> Result<ReportRow> {
    let detail = detail.map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned);
    if reason == ReportReason::Other && detail.is_none() {
        return Err(Error::field("detail", "required"));
    }
    let row = moderation::target(&state.db, target, id).await?.filter(|t| t.deleted_at.is_none()).ok_or(Error::NotFound)?;
    if row.author_id == me.user_id {
        return Err(Error::BadRequest("cannot_report_own"));
    }
    match moderation::insert(&state.db, me.user_id, target, id, reason, detail).await? {
        Reported::Saved(saved) => moderation::by_id(&state.db, saved).await?.ok_or(Error::NotFound),
        Reported::Duplicate => Err(Error::Conflict("report_exists")),
    }
}

/// A report in the queue with what it reports.
#[derive(Clone, Debug)]
pub struct QueuedReport {
    /// The report.
    pub report: ReportRow,
    /// The reported row (`None` if it no longer exists at all).
    pub target: Option<TargetRow>,
}

/// A page (`page` 1-based) of reports for administrators, only those with
/// `status` when given (the open queue oldest first, otherwise newest first).
///
/// # Errors
/// Database failures.
pub async fn queue(state: &AppState, status: Option<ReportStatus>, page: u64, per_page: u64) -> Result<Page<QueuedReport>> {
    let (rows, total) = moderation::page(&state.db, status, page, per_page).await?;
    Ok(Page { items: rows.into_iter().map(|(report, target)| QueuedReport { report, target }).collect(), total, page, per_page })
}

/// Every report made by `user_id`, oldest first (for the data export of
/// `GET /api/users/me/export`).
///
/// # Errors
/// Database failures.
pub async fn export(state: &AppState, user_id: i64) -> Result<Vec<ReportRow>> {
    moderation::all_by(&state.db, user_id).await
}

/// Resolve open report `id` as administrator `admin` with `action` and a
/// `note` to the reporter (see the module docs).
///
/// # Errors
/// 404 (no report), 409 `report_closed` (already handled); database failures.
pub async fn resolve(state: &AppState, admin: &AuthSession, id: i64, action: ModerationAction, note: Option<&str>) -> Result<QueuedReport> {
    let note = note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    let current = moderation::by_id(&state.db, id).await?.ok_or(Error::NotFound)?;
    if current.status != ReportStatus::Open.as_str() {
        return Err(Error::Conflict("report_closed"));
    }
    let target: ReportTarget = current.target_type.parse().map_err(|_| Error::NotFound)?;
    let content = moderation::target(&state.db, target, current.target_id).await?;
    if action != ModerationAction::Dismiss && content.as_ref().is_some_and(|c| c.deleted_at.is_none()) {
        let removed = match target {
            ReportTarget::Experience => experiences::delete(state, admin, current.target_id).await,
            ReportTarget::Discussion => community::discussions::delete(state, Viewer::of(Some(admin)), current.target_id).await,
            ReportTarget::Comment => community::comments::delete(state, Viewer::of(Some(admin)), current.target_id).await,
        };
        match removed {
            Ok(()) | Err(Error::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    let resolution = Resolution { action, note, admin_id: admin.user_id };
    let mut sent = Vec::new();
    moderation::resolve(&state.db, id, &resolution, |closed| {
        sent = outcome(&resolution, target, content.as_ref(), closed);
        sent.clone()
    })
    .await?;
    notifications::mail(state, sent);
    let report = moderation::by_id(&state.db, id).await?.ok_or(Error::NotFound)?;
    let target = moderation::target(&state.db, target, report.target_id).await?;
    Ok(QueuedReport { report, target })
}

/// The notifications of `resolution` of the reports `closed` about
/// `content` (of kind `target`): one per reporter, and one for the author
/// when the content was hidden or deleted. No actor: moderators act as the
/// site. The administrator is never notified of their own action.
fn outcome(resolution: &Resolution, target: ReportTarget, content: Option<&TargetRow>, closed: &[report::Model]) -> Vec<NewNotification> {
    let text = content.map(|c| excerpt(&c.text, notifications::EXCERPT_CHARS)).unwrap_or_default();
    let post = content.and_then(|c| {
        let kind: TargetType = c.post_type.as_deref()?.parse().ok()?;
        Some((kind, c.post_id?))
    });
    let mut out: Vec<NewNotification> = closed
        .iter()
        .filter(|r| r.reporter_id != resolution.admin_id)
        .map(|r| NewNotification {
            recipient_id: r.reporter_id,
            kind: NotificationKind::ReportResolved,
            actor_id: None,
            target: NotificationTarget::Report,
            target_id: r.id,
            // Only dismissed content is still there to open.
            post: if resolution.action == ModerationAction::Dismiss { post } else { None },
            excerpt: text.clone(),
            note: resolution.note.clone(),
        })
        .collect();
    if let Some(c) = content.filter(|c| resolution.action != ModerationAction::Dismiss && c.author_id != resolution.admin_id) {
        let (kind, post) = match target {
            ReportTarget::Experience => (NotificationTarget::Experience, None),
            ReportTarget::Discussion => (NotificationTarget::Discussion, None),
            // The post a hidden comment was on is still there to open.
            ReportTarget::Comment => (NotificationTarget::Comment, post),
        };
        out.push(NewNotification {
            recipient_id: c.author_id,
            kind: NotificationKind::ContentModerated,
            actor_id: None,
            target: kind,
            target_id: c.id,
            post,
            excerpt: text,
            note: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(id: i64, reporter_id: i64) -> report::Model {
        let now = chrono::Utc::now();
        report::Model {
            id,
            reporter_id,
            target_type: "comment".into(),
            target_id: 7,
            reason: "spam".into(),
            detail: None,
            status: "resolved".into(),
            open_slot: None,
            action: Some("hide".into()),
            note: None,
            resolved_by: Some(1),
            resolved_at: Some(now),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn every_reporter_and_the_author_hear_of_a_hide_but_only_the_reporter_of_a_dismissal() {
        let content = TargetRow { id: 7, author_id: 4, text: "买课加微信".into(), post_type: Some("experience".into()), post_id: Some(9), deleted_at: None, hidden_at: None };
        let hide = Resolution { action: ModerationAction::Hide, note: Some("已处理".into()), admin_id: 1 };
        let list = outcome(&hide, ReportTarget::Comment, Some(&content), &[closed(1, 2), closed(2, 3)]);
        let who: Vec<_> = list.iter().map(|n| (n.recipient_id, n.kind, n.post)).collect();
        assert_eq!(
            who,
            vec![
                (2, NotificationKind::ReportResolved, None),
                (3, NotificationKind::ReportResolved, None),
                (4, NotificationKind::ContentModerated, Some((TargetType::Experience, 9)))
            ]
        );
        assert!(list.iter().all(|n| n.actor_id.is_none()));
        assert_eq!(list[0].note.as_deref(), Some("已处理"));
        assert_eq!(list[2].note, None, "the note is for the reporter");
        let dismiss = Resolution { action: ModerationAction::Dismiss, note: None, admin_id: 1 };
        let list = outcome(&dismiss, ReportTarget::Comment, Some(&content), &[closed(1, 2)]);
        assert_eq!(list.iter().map(|n| (n.recipient_id, n.post)).collect::<Vec<_>>(), vec![(2, Some((TargetType::Experience, 9)))]);
    }
}
