/**
 * Notifications, reports (举报) and the moderation queue (issue 19).
 *
 * The shapes are written out here rather than aliased from `schema.d.ts`: that file is generated
 * from the contract snapshot, which is regenerated only when branches are merged. They mirror the
 * server's DTOs in `src/http/notifications.rs` and `src/http/reports.rs` field for field.
 */
import { api } from './client';
import type { Page } from './types';

export const NOTIFICATION_KINDS = [
  'comment_reply',
  'experience_comment',
  'discussion_comment',
  'feedback_reply',
  'report_resolved',
  'content_moderated',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationActor {
  id: number;
  name: string;
  avatar?: string | null;
  deleted: boolean;
}

export interface Notification {
  id: number;
  kind: NotificationKind;
  /** `null` for the site (moderators, official answers) and for an anonymous post's author (`actor_op`). */
  actor?: NotificationActor | null;
  actor_op: boolean;
  target_type: 'comment' | 'experience' | 'discussion' | 'feedback' | 'report';
  target_id: number;
  post_type?: string | null;
  post_id?: number | null;
  /** Where the app opens it, e.g. `/experiences/9#comment-5`. */
  link: string;
  excerpt: string;
  note?: string | null;
  read: boolean;
  created_at: string;
}

export interface NotificationSettings {
  by_mail: boolean;
  lang: string;
}

export const REPORT_TARGETS = ['experience', 'discussion', 'comment'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];
export const REPORT_REASONS = ['spam', 'abuse', 'privacy', 'illegal', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const MODERATION_ACTIONS = ['hide', 'delete', 'dismiss'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export interface ReportInput {
  target_type: ReportTarget;
  target_id: number;
  reason: ReportReason;
  detail?: string;
}

export interface Report {
  id: number;
  target_type: ReportTarget;
  target_id: number;
  reason: ReportReason;
  detail?: string | null;
  status: ReportStatus;
  action?: ModerationAction | null;
  note?: string | null;
  created_at: string;
  resolved_at?: string | null;
}

export interface QueuedReport extends Report {
  reporter_id: number;
  reporter_name?: string | null;
  content?: {
    author_id: number;
    excerpt: string;
    post_type?: string | null;
    post_id?: number | null;
    removed: boolean;
    hidden: boolean;
  } | null;
}

export const notificationApi = {
  list: (query: { unread?: boolean; page: number; per_page: number }) =>
    api.get<Page<Notification>>('/api/notifications', { ...query, unread: query.unread ? true : undefined }),
  unreadCount: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
  markRead: (id: number) => api.post<void>(`/api/notifications/${id}/read`),
  markAllRead: () => api.post<{ marked: number }>('/api/notifications/read-all'),
  settings: () => api.get<NotificationSettings>('/api/notifications/settings'),
  setSettings: (by_mail: boolean) => api.put<NotificationSettings>('/api/notifications/settings', { by_mail }),
};

export const reportApi = {
  create: (body: ReportInput) => api.post<Report>('/api/reports', body),
  queue: (query: { status?: ReportStatus; page: number; per_page: number }) =>
    api.get<Page<QueuedReport>>('/api/admin/reports', query),
  resolve: (id: number, action: ModerationAction, note?: string) =>
    api.post<QueuedReport>(`/api/admin/reports/${id}/resolve`, { action, note: note || undefined }),
};
