/**
 * `/admin/reports`: the moderation queue. Each report shows what was reported and why; an
 * administrator hides, deletes or dismisses it with a note to the reporter.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, List, Pagination, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MODERATION_ACTIONS, REPORT_STATUSES, reportApi, type ModerationAction, type QueuedReport, type ReportStatus } from '../../api/notifications';
import { isApiError } from '../../api/client';
import PageHead from '../../components/PageHead';
import { ErrorState, PageLoading } from '../../components/States';
import { formatDateTime } from '../../components/format';

const PER_PAGE = 20;

function contentLink(r: QueuedReport): string | null {
  const c = r.content;
  if (!c || c.removed || !c.post_type || !c.post_id) return null;
  const base = `/${c.post_type}s/${c.post_id}`;
  return r.target_type === 'comment' ? `${base}#comment-${r.target_id}` : base;
}

function ReportItem({ r }: { r: QueuedReport }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const resolve = useMutation({
    mutationFn: (action: ModerationAction) => reportApi.resolve(r.id, action, note.trim()),
    onSuccess: () => {
      void message.success(t('moderation.resolved'));
      void qc.invalidateQueries({ queryKey: ['admin', 'reports'] });
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });
  const link = contentLink(r);
  return (
    <List.Item data-testid="report-item" data-report-id={r.id}>
      <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
        <Space wrap size={6}>
          <Tag>{t(`moderation.target_${r.target_type}`)}</Tag>
          <Tag color="orange">{t(`moderation.reason_${r.reason}`)}</Tag>
          <Tag color={r.status === 'open' ? 'red' : r.status === 'resolved' ? 'green' : 'default'}>{t(`moderation.status_${r.status}`)}</Tag>
          {r.action ? <Tag>{t(`moderation.action_${r.action}`)}</Tag> : null}
          {r.content?.hidden ? <Tag color="purple">{t('moderation.hiddenTag')}</Tag> : r.content?.removed ? <Tag>{t('moderation.removed')}</Tag> : null}
        </Space>
        <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 3, expandable: true }} data-testid="report-content">
          {r.content ? r.content.excerpt : <Typography.Text type="secondary">{t('moderation.gone')}</Typography.Text>}
        </Typography.Paragraph>
        {r.detail ? <Typography.Text type="secondary">“{r.detail}”</Typography.Text> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('moderation.reporter')}: <Link to={`/users/${r.reporter_id}`}>{r.reporter_name || `#${r.reporter_id}`}</Link> · {t('moderation.createdAt')}{' '}
          {formatDateTime(r.created_at)}
          {link ? (
            <>
              {' · '}
              <Link to={link}>{t('moderation.open')}</Link>
            </>
          ) : null}
        </Typography.Text>
        {r.note ? <Typography.Text>{r.note}</Typography.Text> : null}
        {r.status === 'open' ? (
          <Flex gap={8} wrap align="center">
            <Input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={1000}
              placeholder={t('moderation.note')}
              style={{ flex: '1 1 200px', minWidth: 0 }}
              data-testid="report-note"
            />
            {MODERATION_ACTIONS.map((a) => (
              <Popconfirm
                key={a}
                title={t(`moderation.confirm_${a}`)}
                onConfirm={() => resolve.mutate(a)}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: a !== 'dismiss', loading: resolve.isPending, 'data-testid': 'report-confirm' } as ButtonProps}
              >
                <Button danger={a !== 'dismiss'} loading={resolve.isPending && resolve.variables === a} data-testid={`report-${a}`}>
                  {t(`moderation.action_${a}`)}
                </Button>
              </Popconfirm>
            ))}
          </Flex>
        ) : null}
      </Flex>
    </List.Item>
  );
}

export default function AdminReports() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ReportStatus>('open');
  const [page, setPage] = useState(1);
  useEffect(() => {
    document.title = `${t('moderation.queueTitle')} · ${t('app.brand')}`;
  }, [t]);
  const query = { status, page, per_page: PER_PAGE };
  const reports = useQuery({
    queryKey: ['admin', 'reports', query],
    queryFn: () => reportApi.queue(query),
    placeholderData: keepPreviousData,
  });
  return (
    <div data-testid="admin-reports">
      <PageHead title={t('moderation.queueTitle')} subtitle={t('moderation.queueSubtitle')} extra={<Link to="/admin/users">{t('admin.usersTitle')}</Link>} />
      <Card>
        <Segmented
          value={status}
          options={REPORT_STATUSES.map((s) => ({ value: s, label: t(`moderation.status_${s}`) }))}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          style={{ marginBottom: 12 }}
          data-testid="report-status"
        />
        {reports.isPending ? (
          <PageLoading />
        ) : reports.isError ? (
          <ErrorState error={reports.error} onRetry={() => reports.refetch()} />
        ) : reports.data.items.length === 0 ? (
          <Empty description={t('moderation.empty')} data-testid="reports-empty" />
        ) : (
          <List dataSource={reports.data.items} renderItem={(r) => <ReportItem key={r.id} r={r} />} />
        )}
        {reports.data && reports.data.total > PER_PAGE ? (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Pagination current={page} pageSize={PER_PAGE} total={reports.data.total} onChange={setPage} showSizeChanger={false} size="small" />
          </Flex>
        ) : null}
      </Card>
    </div>
  );
}
