/**
 * `/notifications`: the caller's notifications, newest first, all or unread only; click one to mark
 * it read and open its target; mark all read; and the mail setting.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, List, Pagination, Segmented, Switch, Tag, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { notificationApi } from '../api/notifications';
import { isApiError } from '../api/client';
import PageHead from '../components/PageHead';
import { ErrorState, PageLoading } from '../components/States';
import { formatDateTime, formatRelative } from '../components/format';
import { notificationKeys, useNotificationText, useOpenNotification } from '../components/notifications/shared';

const PER_PAGE = 20;

function MailSetting() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: notificationKeys.settings, queryFn: notificationApi.settings });
  const save = useMutation({
    mutationFn: (on: boolean) => notificationApi.setSettings(on),
    onSuccess: (s) => {
      qc.setQueryData(notificationKeys.settings, s);
      void message.success(t('notifications.settingsSaved'));
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });
  if (settings.isError) return null;
  return (
    <Flex gap={8} align="center" wrap>
      <Switch
        checked={!!settings.data?.by_mail}
        loading={settings.isPending || save.isPending}
        onChange={(on) => save.mutate(on)}
        data-testid="notify-by-mail"
      />
      <Typography.Text>{t('notifications.byMail')}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('notifications.byMailHint')}
      </Typography.Text>
    </Flex>
  );
}

export default function Notifications() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const text = useNotificationText();
  const open = useOpenNotification();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);

  useEffect(() => {
    document.title = `${t('notifications.title')} · ${t('app.brand')}`;
  }, [t]);

  const list = useQuery({
    queryKey: notificationKeys.list(unreadOnly, page, PER_PAGE),
    queryFn: () => notificationApi.list({ unread: unreadOnly, page, per_page: PER_PAGE }),
    placeholderData: keepPreviousData,
  });
  const readAll = useMutation({
    mutationFn: notificationApi.markAllRead,
    onSuccess: () => {
      void message.success(t('notifications.markedAll'));
      void qc.invalidateQueries({ queryKey: notificationKeys.all });
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  return (
    <div data-testid="notifications-page">
      <PageHead
        title={t('notifications.title')}
        subtitle={t('notifications.subtitle')}
        extra={
          <Button onClick={() => readAll.mutate()} loading={readAll.isPending} data-testid="read-all">
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card>
        <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: t('notifications.unread') },
            ]}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage(1);
            }}
            data-testid="notifications-filter"
          />
          <MailSetting />
        </Flex>
        {list.isPending ? (
          <PageLoading />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '32px 0' }} data-testid="notifications-empty">
            {unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}
          </Typography.Paragraph>
        ) : (
          <List
            dataSource={list.data.items}
            renderItem={(n) => (
              <List.Item
                className={n.read ? 'mj-notification' : 'mj-notification mj-unread'}
                onClick={() => open(n)}
                data-testid="notification"
                data-read={n.read ? 'true' : 'false'}
                style={{ cursor: 'pointer' }}
              >
                <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                  <Flex gap={8} align="center" wrap>
                    {n.read ? null : <Tag color="green">{t('notifications.unread')}</Tag>}
                    <Typography.Text strong={!n.read}>{text(n)}</Typography.Text>
                  </Flex>
                  {n.excerpt ? (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                      {n.excerpt}
                    </Typography.Paragraph>
                  ) : null}
                  {n.note ? <Typography.Text>{t('notifications.note', { note: n.note })}</Typography.Text> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatDateTime(n.created_at)}>
                    {formatRelative(n.created_at)}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
        {list.data && list.data.total > PER_PAGE ? (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Pagination current={page} pageSize={PER_PAGE} total={list.data.total} onChange={setPage} showSizeChanger={false} size="small" />
          </Flex>
        ) : null}
      </Card>
    </div>
  );
}
