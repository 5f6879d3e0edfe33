//! Notifications over HTTP (issue 19): the caller's own list, unread count,
//! mark one or all read (`POST`, idempotent: marking a read one again
//! changes nothing), and the mail setting. Someone else's notification
//! answers 404 like a missing one. The rules are in
//! [`crate::features::notifications`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use validator::Validate;

use super::community::Author;
use super::{PageParams, Paged, ValidJson, ValidQuery};
use crate::entity::enums::{NotificationKind, NotificationTarget};
use crate::error::Result;
use crate::features::notifications::{self, link, NotificationView, Settings};
use crate::http::auth::AuthUser;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::time::ApiTime;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(unread_count))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
        .routes(routes!(get_settings, put_settings))
}

/// A notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    /// Who did it; `null` for moderators and administrators (the site), and
    /// for the anonymous author of a 面经 (then `actor_op` is true).
    pub actor: Option<Author>,
    /// The actor is the anonymous author of the post (楼主 / OP).
    pub actor_op: bool,
    /// What it is about.
    pub target_type: NotificationTarget,
    pub target_id: i64,
    /// `experience` | `discussion` the target is on, when it can be opened.
    pub post_type: Option<String>,
    pub post_id: Option<i64>,
    /// Where the web app opens it, e.g. `/experiences/9#comment-5`.
    pub link: String,
    /// Plain-text excerpt of the comment, answer or reported content.
    pub excerpt: String,
    /// The moderator's note (for `report_resolved`).
    pub note: Option<String>,
    pub read: bool,
    pub created_at: ApiTime,
}

impl Notification {
    fn new(lang: Lang, v: NotificationView) -> Notification {
        let r = v.row;
        let target: NotificationTarget = r.target_type.parse().unwrap_or(NotificationTarget::Report);
        Notification {
            id: r.id,
            kind: r.kind.parse().unwrap_or(NotificationKind::ContentModerated),
            actor: r.actor_id.map(|id| Author::new(lang, id, r.actor_name, r.actor_avatar, r.actor_deleted_at.is_some())),
            actor_op: v.actor_op,
            link: link(target, r.target_id, r.post_type.as_deref().zip(r.post_id)),
            target_type: target,
            target_id: r.target_id,
            post_type: r.post_type,
            post_id: r.post_id,
            excerpt: r.excerpt,
            note: r.note,
            read: r.read_at.is_some(),
            created_at: r.created_at.into(),
        }
    }
}

/// `GET /api/notifications` query.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread ones. Default false.
    pub unread: Option<bool>,
}

/// The caller's notifications, newest first. `total` counts at most 1,000
/// (later pages are still served).
#[utoipa::path(get, path = "/api/notifications", tag = "notifications", security(("bearer" = [])), params(NotificationQuery, PageParams), responses(
    (status = 200, body = Paged<Notification>), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    lang: Lang,
    me: AuthUser,
    ValidQuery(q): ValidQuery<NotificationQuery>,
    ValidQuery(p): ValidQuery<PageParams>,
) -> Result<Json<Paged<Notification>>> {
    let (page, per_page) = p.resolve();
    let found = notifications::list(&state, me.user_id, q.unread.unwrap_or(false), page, per_page).await?;
    Ok(Json(Paged { items: found.items.into_iter().map(|v| Notification::new(lang, v)).collect(), total: found.total, page, per_page }))
}

/// A count of notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    /// Unread notifications of the caller, at most 100 (100 means "100 or
    /// more"; the bell shows 99+): the count stays cheap in a huge inbox.
    pub unread: u64,
}

/// How many unread notifications the caller has (polled by the bell).
#[utoipa::path(get, path = "/api/notifications/unread-count", tag = "notifications", security(("bearer" = [])), responses(
    (status = 200, body = UnreadCount), (status = 401, body = crate::error::ErrorBody)))]
async fn unread_count(State(state): State<AppState>, me: AuthUser) -> Result<Json<UnreadCount>> {
    Ok(Json(UnreadCount { unread: notifications::unread_count(&state, me.user_id).await? }))
}

/// Mark one of the caller's notifications read.
#[utoipa::path(post, path = "/api/notifications/{id}/read", tag = "notifications", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 204), (status = 401, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
async fn mark_read(State(state): State<AppState>, me: AuthUser, Path(id): Path<i64>) -> Result<StatusCode> {
    notifications::mark_read(&state, me.user_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many notifications a call marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedRead {
    /// Notifications that were unread.
    pub marked: u64,
}

/// Mark all the caller's notifications read.
#[utoipa::path(post, path = "/api/notifications/read-all", tag = "notifications", security(("bearer" = [])), responses(
    (status = 200, body = MarkedRead), (status = 401, body = crate::error::ErrorBody)))]
async fn mark_all_read(State(state): State<AppState>, me: AuthUser) -> Result<Json<MarkedRead>> {
    Ok(Json(MarkedRead { marked: notifications::mark_all_read(&state, me.user_id).await? }))
}

/// The caller's notification settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationSettings {
    /// A mail per notification to the verified address (at most
    /// `notify_mail_per_hour` an hour). Default false.
    pub by_mail: bool,
    /// Language of the mails: that of the request that last saved the settings.
    pub lang: String,
}

impl From<Settings> for NotificationSettings {
    fn from(s: Settings) -> Self {
        NotificationSettings { by_mail: s.by_mail, lang: s.lang.locale().to_owned() }
    }
}

/// `PUT /api/notifications/settings` body.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationSettingsInput {
    /// Mail each notification.
    pub by_mail: bool,
}

/// The caller's notification settings.
#[utoipa::path(get, path = "/api/notifications/settings", tag = "notifications", security(("bearer" = [])), responses(
    (status = 200, body = NotificationSettings), (status = 401, body = crate::error::ErrorBody)))]
async fn get_settings(State(state): State<AppState>, lang: Lang, me: AuthUser) -> Result<Json<NotificationSettings>> {
    Ok(Json(notifications::settings(&state, me.user_id, lang).await?.into()))
}

/// Change the caller's notification settings; mails are then written in the
/// language of this request.
#[utoipa::path(put, path = "/api/notifications/settings", tag = "notifications", security(("bearer" = [])), request_body = NotificationSettingsInput, responses(
    (status = 200, body = NotificationSettings), (status = 400, body = crate::error::ErrorBody), (status = 401, body = crate::error::ErrorBody)))]
async fn put_settings(State(state): State<AppState>, lang: Lang, me: AuthUser, ValidJson(input): ValidJson<NotificationSettingsInput>) -> Result<Json<NotificationSettings>> {
    Ok(Json(notifications::set_settings(&state, me.user_id, input.by_mail, lang).await?.into()))
}
