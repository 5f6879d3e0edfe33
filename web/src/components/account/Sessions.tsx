/**
 * "Devices" on the profile page: the caller's live sessions (`GET /api/users/me/sessions`) with
 * device, IP and last activity, a "this device" tag, and ending one (`DELETE …/{id}`) or every
 * other one (`DELETE /api/users/me/sessions`) after a confirmation. Ended sessions stop working on
 * the server at once; the list refetches after each change.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Modal, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { DesktopOutlined, LaptopOutlined, LogoutOutlined, MobileOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDateTime, formatRelative } from '../format';
import { errorMessage } from '../States';

/** One live session of the caller, as the server lists it. */
export type SessionItem = components['schemas']['SessionView'];

export const SESSIONS_KEY = ['me', 'sessions'] as const;

export const sessionsApi = {
  list: () => api.get<SessionItem[]>('/api/users/me/sessions'),
  end: (id: number) => api.delete<void>(`/api/users/me/sessions/${id}`),
  endOthers: () => api.delete<void>('/api/users/me/sessions'),
};

function DeviceIcon({ s }: { s: SessionItem }) {
  const os = (s.os ?? '').toLowerCase();
  const style = { fontSize: 22, color: '#8c8c8c' };
  if (/ios|android|iphone|ipad/.test(os)) return <MobileOutlined style={style} />;
  if (/mac|windows|linux|chrome ?os/.test(os)) return <LaptopOutlined style={style} />;
  return <DesktopOutlined style={style} />;
}

function SessionRow({ s, onEnd }: { s: SessionItem; onEnd: (s: SessionItem) => void }) {
  const { t } = useTranslation();
  return (
    <Flex gap={12} align="flex-start" style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }} data-testid="session-row">
      <DeviceIcon s={s} />
      <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Space size={6} wrap>
          <Typography.Text strong style={{ wordBreak: 'break-word' }} data-testid="session-device">
            {s.device}
          </Typography.Text>
          {s.current ? (
            <Tag color="green" data-testid="session-current">
              {t('sessions.thisDevice')}
            </Tag>
          ) : null}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="session-ip">
          IP {s.ip ?? '—'}
          {s.current ? ` · ${t('sessions.activeNow')}` : null}
        </Typography.Text>
        <Tooltip title={formatDateTime(s.last_seen_at)}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('sessions.lastSeen', { when: formatRelative(s.last_seen_at), login: formatDateTime(s.created_at) })}
          </Typography.Text>
        </Tooltip>
      </Flex>
      {s.current ? null : (
        <Button size="small" onClick={() => onEnd(s)} data-testid="session-end">
          {t('sessions.end')}
        </Button>
      )}
    </Flex>
  );
}

export default function Sessions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: SESSIONS_KEY, queryFn: sessionsApi.list });
  /** The session the confirmation dialog is about; `'others'` for every other one. */
  const [confirm, setConfirm] = useState<SessionItem | 'others' | null>(null);
  const end = useMutation({
    mutationFn: (what: SessionItem | 'others') => (what === 'others' ? sessionsApi.endOthers() : sessionsApi.end(what.id)),
    onSuccess: () => {
      setConfirm(null);
      void message.success(t('sessions.ended'));
    },
    onError: (e) => {
      setConfirm(null);
      void message.error(errorMessage(e, t('errors.unknown')));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  const items = list.data ?? [];
  const others = items.filter((s) => !s.current).length;

  let body;
  if (list.isPending) body = <Skeleton active paragraph={{ rows: 3 }} data-testid="sessions-loading" />;
  else if (list.isError)
    body = (
      <Alert
        type="error"
        showIcon
        title={t('sessions.loadFailed')}
        description={errorMessage(list.error, t('errors.unknown'))}
        action={
          <Button size="small" onClick={() => list.refetch()}>
            {t('common.retry')}
          </Button>
        }
        data-testid="sessions-error"
      />
    );
  else if (items.length === 0) body = <Empty description={t('common.empty')} data-testid="sessions-empty" />;
  else body = items.map((s) => <SessionRow key={s.id} s={s} onEnd={setConfirm} />);

  return (
    <Card
      data-testid="sessions"
      title={
        <Space>
          <LaptopOutlined />
          {t('sessions.title')}
        </Space>
      }
      extra={
        others > 0 ? (
          <Button size="small" danger icon={<LogoutOutlined />} onClick={() => setConfirm('others')} data-testid="sessions-end-others">
            {t('sessions.endOthers')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('sessions.desc')}
      </Typography.Paragraph>
      {body}
      <Modal
        open={confirm !== null}
        title={confirm === 'others' ? t('sessions.endOthers') : confirm ? `${t('sessions.end')} · ${confirm.device}` : null}
        okText={confirm === 'others' ? t('sessions.endOthers') : t('sessions.end')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: end.isPending }}
        onOk={() => confirm && end.mutate(confirm)}
        onCancel={() => setConfirm(null)}
        data-testid="sessions-confirm"
      >
        {confirm === 'others'
          ? t('sessions.endOthersDesc', { count: others })
          : confirm
            ? t('sessions.endDesc', { device: confirm.device, ip: confirm.ip ?? '—' })
            : null}
      </Modal>
    </Card>
  );
}
