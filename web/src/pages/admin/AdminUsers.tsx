/** `/admin/users`: search users, disable/enable them, grant/revoke admin, log them out everywhere. */
import { useState } from 'react';
import { App, Button, Card, Flex, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import type { AdminUser, UserStatus } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { ErrorState } from '../../components/States';
import { useMe } from '../../auth/session';
import AdminNav from '../../components/admin/AdminNav';

export default function AdminUsers() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<UserStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(20);

  const query = { q: q || undefined, status, page, per_page: perPage };
  const users = useQuery({
    queryKey: ['admin', 'users', query],
    queryFn: () => adminApi.users(query),
    placeholderData: keepPreviousData,
  });

  const update = useMutation({
    mutationFn: ({ id, body }: { id: number; body: { status?: UserStatus; is_admin?: boolean } }) =>
      adminApi.updateUser(id, body),
    onSuccess: () => {
      void message.success(t('admin.updated'));
      void qc.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });
  const endSessions = useMutation({
    mutationFn: (id: number) => adminApi.endSessions(id),
    onSuccess: () => void message.success(t('sessions.ended')),
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });

  const label = (u: AdminUser) => u.name || u.account || `#${u.id}`;

  const columns: TableColumnsType<AdminUser> = [
    {
      title: t('fields.account'),
      dataIndex: 'account',
      width: 170,
      render: (_, u) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/users/${u.id}`}>{u.account || `#${u.id}`}</Link>
          {u.name ? <Typography.Text type="secondary">{u.name}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: `${t('fields.email')} / ${t('fields.phone')}`,
      width: 230,
      render: (_, u) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: 210 }}>
          <Typography.Text ellipsis={{ tooltip: u.email }}>{u.email || '—'}</Typography.Text>
          <Typography.Text type="secondary">{u.phone || '—'}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('fields.status'),
      dataIndex: 'status',
      width: 130,
      render: (_, u) => (
        <Space size={4} wrap>
          <Tag color={u.status === 'active' ? 'green' : 'red'}>{u.status === 'active' ? t('status.active') : t('status.disabled')}</Tag>
          {u.initialized ? null : <Tag>{t('admin.uninitialized')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('fields.role'),
      dataIndex: 'is_admin',
      width: 110,
      render: (v: boolean) => (v ? <Tag color="gold">{t('admin.adminTag')}</Tag> : <Tag>{t('admin.userTag')}</Tag>),
    },
    { title: t('fields.createdAt'), dataIndex: 'created_at', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('fields.lastLoginAt'),
      dataIndex: 'last_login_at',
      width: 160,
      render: (v: string | null, u) => (
        <Space orientation="vertical" size={0}>
          <span>{formatDateTime(v) || '—'}</span>
          {u.last_login_ip ? <Typography.Text type="secondary">{u.last_login_ip}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 290,
      render: (_, u) => {
        const self = me.data?.id === u.id;
        const disabling = u.status === 'active';
        return (
          <Space size={4} wrap>
            <Popconfirm
              title={t(disabling ? 'admin.confirmDisable' : 'admin.confirmEnable', { name: label(u) })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: disabling }}
              onConfirm={() => update.mutateAsync({ id: u.id, body: { status: disabling ? 'disabled' : 'active' } })}
              disabled={self}
            >
              <Button size="small" danger={disabling} disabled={self}>
                {disabling ? t('admin.disable') : t('admin.enable')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t(u.is_admin ? 'admin.confirmRevoke' : 'admin.confirmGrant', { name: label(u) })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => update.mutateAsync({ id: u.id, body: { is_admin: !u.is_admin } })}
              disabled={self}
            >
              <Button size="small" disabled={self}>
                {u.is_admin ? t('admin.revokeAdmin') : t('admin.grantAdmin')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('sessions.adminEndDesc', { name: label(u) })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => endSessions.mutateAsync(u.id)}
              disabled={u.deleted}
            >
              <Button size="small" disabled={u.deleted} data-testid="admin-end-sessions">
                {t('sessions.adminEnd')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid="admin-users">
      <AdminNav />
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('admin.usersTitle')}
        </Typography.Title>
        <Link to="/admin/pages" data-testid="admin-pages-link">{t('consent.admin.open')}</Link>
      </Flex>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('admin.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 320, maxWidth: '100%' }}
            data-testid="admin-search"
          />
          <Select<UserStatus | 'all'>
            value={status ?? 'all'}
            onChange={(v) => {
              setStatus(v === 'all' ? undefined : v);
              setPage(1);
            }}
            style={{ width: 140 }}
            options={[
              { value: 'all', label: t('admin.statusAll') },
              { value: 'active', label: t('status.active') },
              { value: 'disabled', label: t('status.disabled') },
            ]}
          />
        </Space>
        {users.isError ? <ErrorState error={users.error} onRetry={() => users.refetch()} /> : null}
        <Table<AdminUser>
          rowKey="id"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          scroll={{ x: 1240 }}
          pagination={{
            current: page,
            pageSize: perPage,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('admin.total', { total }),
            onChange: (p, s) => {
              setPage(s !== perPage ? 1 : p);
              setPerPage(s);
            },
          }}
        />
      </Card>
    </div>
  );
}
