//! Notifications (issue 19): who is told what, and when.
//!
//! Kinds ([`NotificationKind`]): a reply to my comment, a comment on my 面经
//! or discussion, an administrator's answer to my feedback, the outcome of my
//! report, and the moderation of my content. Nobody is notified of their
//! own action. A comment notifies the author of the comment it answers
//! (`comment_reply`) and the post's author (`experience_comment` /
//! `discussion_comment`), once each, and only one notification when they are
//! the same person (the reply wins).
//!
//! Anonymity follows the comment rules ([`super::community::comments`]): the
//! comments of an anonymous 面经's author are shown as 楼主 (OP) to others,
//! so a notification of such a comment carries no actor (`actor_id` NULL)
//! and `actor_op`. Moderation notifications carry no actor either: which
//! administrator acted is not the user's business.
//!
//! Consistency: notifications are written in the same transaction as the
//! write that causes them (comment, feedback answer, report resolution), and
//! removed in the same transaction as the comment or discussion they are
//! about; a deleted 面经 drops them right after its delete (its store
//! writes outside a transaction of ours). Mail goes out after the commit,
//! in the background ([`mail`]).

use std::time::Duration;

use crate::entity::enums::{NotificationKind, NotificationTarget, TargetType};
use crate::error::{Error, Result};
use crate::features::community::excerpt;
use crate::features::Page;
use crate::i18n::{tr, Lang};
use crate::notify::Mail;
use crate::state::AppState;
use crate::store::comments::NewComment;
use crate::store::notifications::{self, NewNotification, NotificationRow};

/// Length of a notification's excerpt, characters.
pub const EXCERPT_CHARS: usize = 120;

/// The notifications a new comment `c` causes (see the module docs).
pub fn for_comment(c: &NewComment<'_>) -> Vec<NewNotification> {
    let op_hidden = c.post.anonymous && c.author_id == c.post.author_id;
    let base = NewNotification {
        recipient_id: 0,
        kind: NotificationKind::CommentReply,
        actor_id: (!op_hidden).then_some(c.author_id),
        target: NotificationTarget::Comment,
        target_id: c.id,
        post: Some((c.target, c.target_id)),
        excerpt: excerpt(c.content, EXCERPT_CHARS),
        note: None,
    };
    let mut out = Vec::new();
    if let Some(parent) = c.parent_author.filter(|p| *p != c.author_id) {
        out.push(NewNotification { recipient_id: parent, ..base.clone() });
    }
    let post_author = c.post.author_id;
    if post_author != c.author_id && c.parent_author != Some(post_author) {
        let kind = if c.target == TargetType::Discussion { NotificationKind::DiscussionComment } else { NotificationKind::ExperienceComment };
        out.push(NewNotification { recipient_id: post_author, kind, ..base });
    }
    out
}

/// A notification as its recipient sees it.
#[derive(Clone, Debug)]
pub struct NotificationView {
    /// The stored row.
    pub row: NotificationRow,
    /// The actor is the anonymous author of the post (楼主), not shown.
    pub actor_op: bool,
}

impl NotificationView {
    fn new(row: NotificationRow) -> NotificationView {
        let kind: Option<NotificationKind> = row.kind.parse().ok();
        let comment = matches!(kind, Some(NotificationKind::CommentReply | NotificationKind::ExperienceComment | NotificationKind::DiscussionComment));
        NotificationView { actor_op: comment && row.actor_id.is_none(), row }
    }
}

/// A page (`page` 1-based) of the caller's notifications, newest first,
/// unread ones only with `unread_only`.
///
/// # Errors
/// Database failures.
pub async fn list(state: &AppState, user_id: i64, unread_only: bool, page: u64, per_page: u64) -> Result<Page<NotificationView>> {
    let (rows, total) = notifications::page(&state.db, user_id, unread_only, page, per_page).await?;
    Ok(Page { items: rows.into_iter().map(NotificationView::new).collect(), total, page, per_page })
}

/// Every notification of `user_id`, oldest first (for the data export of
/// `GET /api/users/me/export`).
///
/// # Errors
/// Database failures.
pub async fn export(state: &AppState, user_id: i64) -> Result<Vec<NotificationView>> {
    Ok(notifications::all_of(&state.db, user_id).await?.into_iter().map(NotificationView::new).collect())
}

/// How many unread notifications `user_id` has, at most
/// [`notifications::UNREAD_CAP`].
///
/// # Errors
/// Database failures.
pub async fn unread_count(state: &AppState, user_id: i64) -> Result<u64> {
    notifications::unread_count(&state.db, user_id).await
}

/// Mark notification `id` of `user_id` read.
///
/// # Errors
/// 404 `not_found` when `user_id` has no notification `id` (someone
/// else's answers the same); database failures.
pub async fn mark_read(state: &AppState, user_id: i64, id: i64) -> Result<()> {
    if notifications::mark_read(&state.db, user_id, id).await? { Ok(()) } else { Err(Error::NotFound) }
}

/// Mark every notification of `user_id` read; how many were unread.
///
/// # Errors
/// Database failures.
pub async fn mark_all_read(state: &AppState, user_id: i64) -> Result<u64> {
    notifications::mark_all_read(&state.db, user_id).await
}

/// The notification settings of one user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// A mail per notification (at most `notify_mail_per_hour`).
    pub by_mail: bool,
    /// The language of those mails.
    pub lang: Lang,
}

/// The settings of `user_id` (mail off by default).
///
/// # Errors
/// Database failures.
pub async fn settings(state: &AppState, user_id: i64, lang: Lang) -> Result<Settings> {
    let (by_mail, stored) = notifications::settings(&state.db, user_id).await?;
    Ok(Settings { by_mail, lang: stored.map_or(lang, |l| lang_of(&l)) })
}

/// Turn notification mail on or off for `user_id`; mails are then written
/// in `lang`, the language of this request.
///
/// # Errors
/// Database failures.
pub async fn set_settings(state: &AppState, user_id: i64, by_mail: bool, lang: Lang) -> Result<Settings> {
    notifications::set_settings(&state.db, user_id, by_mail, lang.locale()).await?;
    Ok(Settings { by_mail, lang })
}

fn lang_of(locale: &str) -> Lang {
    match locale {
        "zh-TW" => Lang::ZhTw,
        "en" => Lang::En,
        _ => Lang::ZhCn,
    }
}

/// Mail `list` (just committed) to those of its recipients who turned
/// mail on, in the background: the request that caused them does not wait
/// for the mail server, and a failure is only logged. Each recipient gets
/// at most `notify_mail_per_hour` such mails an hour (counted in the
/// shared [`Kv`](crate::store::kv::Kv), so across nodes with Redis); the
/// rest stay in the app.
pub fn mail(state: &AppState, list: Vec<NewNotification>) {
    let per_hour = u64::from(state.config.notify_mail_per_hour);
    if list.is_empty() || per_hour == 0 {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        let ids: Vec<i64> = list.iter().map(|n| n.recipient_id).collect();
        let recipients = match notifications::mail_recipients(&state.db, &ids).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "notification mail: recipients not read");
                return;
            }
        };
        for r in recipients {
            for n in list.iter().filter(|n| n.recipient_id == r.id) {
                match state.kv.incr(&format!("notify_mail:{}", r.id), Duration::from_secs(3600)).await {
                    Ok((sent, _)) if sent > per_hour => continue,
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(user_id = r.id, error = %e, "notification mail: limit not counted, not sent");
                        continue;
                    }
                }
                let mail = compose(state.config.public_url.as_deref(), lang_of(&r.lang), &r.email, n);
                if let Err(e) = state.mailer.send(&mail).await {
                    tracing::warn!(user_id = r.id, error = %format!("{e:#}"), "notification mail not sent");
                }
            }
        }
    });
}

/// Where a notification leads in the web app (path and fragment).
pub fn link(target: NotificationTarget, target_id: i64, post: Option<(&str, i64)>) -> String {
    match (target, post) {
        (NotificationTarget::Comment, Some((kind, id))) => format!("/{kind}s/{id}#comment-{target_id}"),
        (_, Some((kind, id))) => format!("/{kind}s/{id}"),
        (NotificationTarget::Feedback, None) => "/feedback".to_owned(),
        _ => "/notifications".to_owned(),
    }
}

/// The mail of notification `n` to `to`, in `lang`.
fn compose(public_url: Option<&str>, lang: Lang, to: &str, n: &NewNotification) -> Mail {
    let url = format!(
        "{}{}",
        public_url.unwrap_or("").trim_end_matches('/'),
        link(n.target, n.target_id, n.post.map(|(t, id)| (t.as_str(), id)))
    );
    let params = [("excerpt", n.excerpt.clone()), ("note", n.note.clone().unwrap_or_default()), ("url", url)];
    let subject = tr(lang, &format!("notifications.mail.{}_subject", n.kind.as_str()), &params);
    let text = tr(lang, "notifications.mail.body", &[("what", subject.clone()), ("excerpt", n.excerpt.clone()), ("url", params[2].1.clone())]);
    let text = match &n.note {
        Some(note) => format!("{text}\n\n{}", tr(lang, "notifications.mail.note", &[("note", note.clone())])),
        None => text,
    };
    let html = format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif\"><p>{}</p></body></html>",
        lang.locale(),
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\n', "<br>")
    );
    Mail { to: to.to_owned(), subject, text, html }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::comments::PostAuthor;

    fn comment(author_id: i64, post: PostAuthor, parent_author: Option<i64>) -> NewComment<'static> {
        NewComment { id: 5, target: TargetType::Experience, target_id: 9, author_id, content: "**好**问题", post, parent_author }
    }

    fn who(list: &[NewNotification]) -> Vec<(i64, NotificationKind, Option<i64>)> {
        list.iter().map(|n| (n.recipient_id, n.kind, n.actor_id)).collect()
    }

    #[test]
    fn a_comment_notifies_the_post_author_and_the_replied_to_once_each_and_never_the_actor() {
        let post = PostAuthor { author_id: 1, anonymous: false };
        assert_eq!(who(&for_comment(&comment(2, post, None))), vec![(1, NotificationKind::ExperienceComment, Some(2))]);
        assert_eq!(for_comment(&comment(2, post, None))[0].excerpt, "好问题");
        assert_eq!(
            who(&for_comment(&comment(2, post, Some(3)))),
            vec![(3, NotificationKind::CommentReply, Some(2)), (1, NotificationKind::ExperienceComment, Some(2))]
        );
        assert_eq!(who(&for_comment(&comment(2, post, Some(1)))), vec![(1, NotificationKind::CommentReply, Some(2))], "the post author replied to: one");
        assert!(for_comment(&comment(1, post, None)).is_empty(), "nobody is told of their own comment");
        assert_eq!(who(&for_comment(&comment(1, post, Some(1)))), vec![], "a reply to oneself on one's own post");
        assert_eq!(who(&for_comment(&comment(2, post, Some(2)))), vec![(1, NotificationKind::ExperienceComment, Some(2))]);
    }

    #[test]
    fn the_anonymous_authors_comments_notify_without_an_actor() {
        let anon = PostAuthor { author_id: 1, anonymous: true };
        let list = for_comment(&comment(1, anon, Some(3)));
        assert_eq!(who(&list), vec![(3, NotificationKind::CommentReply, None)]);
        assert_eq!(who(&for_comment(&comment(3, anon, None))), vec![(1, NotificationKind::ExperienceComment, Some(3))], "others stay named");
    }

    #[test]
    fn links_open_the_comment_in_its_post() {
        assert_eq!(link(NotificationTarget::Comment, 5, Some(("experience", 9))), "/experiences/9#comment-5");
        assert_eq!(link(NotificationTarget::Feedback, 2, None), "/feedback");
        assert_eq!(link(NotificationTarget::Report, 2, Some(("discussion", 4))), "/discussions/4");
    }
}
