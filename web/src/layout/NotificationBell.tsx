/**
 * The bell in the header: the unread count (polled every 30 s and on window focus), and a dropdown
 * with the latest notifications; clicking one marks it read and opens its target.
 */
import { Badge, Button, Dropdown, Empty, Flex, Spin, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { notificationApi } from '../api/notifications';
import { useMe } from '../auth/session';
import { formatRelative } from '../components/format';
import { notificationKeys, useNotificationText, useOpenNotification, useUnreadCount } from '../components/notifications/shared';
import './notifications.css';

const LATEST = 6;

function Panel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const text = useNotificationText();
  const open = useOpenNotification();
  const latest = useQuery({
    queryKey: notificationKeys.list(false, 1, LATEST),
    queryFn: () => notificationApi.list({ page: 1, per_page: LATEST }),
  });
  const readAll = useMutation({
    mutationFn: notificationApi.markAllRead,
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  return (
    <div className="mj-bell-panel" data-testid="bell-panel">
      <Flex justify="space-between" align="center" className="mj-bell-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button type="link" size="small" onClick={() => readAll.mutate()} loading={readAll.isPending} data-testid="bell-read-all">
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      {latest.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : latest.isError ? (
        <Typography.Paragraph type="danger" style={{ padding: 16, margin: 0 }}>
          {t('errors.loadFailed')}
        </Typography.Paragraph>
      ) : latest.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} data-testid="bell-empty" />
      ) : (
        latest.data.items.map((n) => (
          <button
            type="button"
            key={n.id}
            className={n.read ? 'mj-bell-item' : 'mj-bell-item mj-unread'}
            onClick={() => {
              onClose();
              open(n);
            }}
            data-testid="bell-item"
          >
            <Typography.Text strong={!n.read} className="mj-bell-what">
              {text(n)}
            </Typography.Text>
            {n.excerpt ? (
              <Typography.Text type="secondary" ellipsis className="mj-bell-excerpt">
                {n.excerpt}
              </Typography.Text>
            ) : null}
            <Typography.Text type="secondary" className="mj-bell-time">
              {formatRelative(n.created_at)}
            </Typography.Text>
          </button>
        ))
      )}
      <div className="mj-bell-foot">
        <Link to="/notifications" onClick={onClose} data-testid="bell-all">
          {t('notifications.viewAll')}
        </Link>
      </div>
    </div>
  );
}

export default function NotificationBell() {
  const { t } = useTranslation();
  const me = useMe();
  const unread = useUnreadCount();
  const [open, setOpen] = useState(false);
  if (!me.data) return null;
  const count = unread.data ?? 0;
  return (
    <Dropdown open={open} onOpenChange={setOpen} trigger={['click']} placement="bottomRight" popupRender={() => <Panel onClose={() => setOpen(false)} />}>
      <Button
        type="text"
        aria-label={count ? t('notifications.bellCount', { count }) : t('notifications.bell')}
        data-testid="bell"
        style={{ height: 40, paddingInline: 8 }}
      >
        <Badge count={count} size="small" overflowCount={99} data-testid="bell-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}
