/**
 * What the bell and the notifications page share: query keys, the polled unread count, the line that
 * says what happened, and "open it" (mark read, then go to the target, the comment anchored).
 */
import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { notificationApi, type Notification } from '../../api/notifications';
import { useMe } from '../../auth/session';
import { useAuthorName } from '../community/AuthorInfo';

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  list: (unread: boolean, page: number, perPage: number) => ['notifications', 'list', { unread, page, perPage }] as const,
  settings: ['notifications', 'settings'] as const,
};

/** Poll interval of the unread count, ms: cheap (an index-only count), and refetched on window focus too. */
export const POLL_MS = 30_000;

/** The caller's unread count, polled while logged in. */
export function useUnreadCount() {
  const me = useMe();
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: notificationApi.unreadCount,
    enabled: !!me.data,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    select: (d) => d.unread,
  });
}

/** "Bee replied to your comment", with the actor hidden as the OP or shown as the site. */
export function useNotificationText() {
  const { t } = useTranslation();
  const nameOf = useAuthorName();
  return useCallback(
    (n: Notification) => {
      const name = n.actor ? nameOf(n.actor) : n.actor_op ? t('notifications.op') : t('notifications.someone');
      return t(`notifications.kind_${n.kind}`, { name });
    },
    [t, nameOf],
  );
}

/** Mark `n` read (if it is not) and open its target; the count and lists refresh. */
export function useOpenNotification() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const markRead = useMutation({
    mutationFn: (id: number) => notificationApi.markRead(id),
    onSettled: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  return useCallback(
    (n: Notification) => {
      if (!n.read) markRead.mutate(n.id);
      void navigate(n.link);
    },
    [markRead, navigate],
  );
}
