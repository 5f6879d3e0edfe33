import { App, Avatar, Button, Dropdown, Space, Typography } from 'antd';
import { BankOutlined, BellOutlined, BookOutlined, FlagOutlined, LineChartOutlined, LogoutOutlined, SettingOutlined, TagsOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SIGNED_OUT_STATE, useLogout, useMe } from '../auth/session';
import { isApiError } from '../api/client';
import type { Profile } from '../api/types';

export function displayName(p: Partial<Pick<Profile, 'name' | 'account' | 'phone'>> | null | undefined): string {
  return p?.name || p?.account || p?.phone || '';
}

export function UserAvatar({ src, name, size }: { src?: string | null; name?: string | null; size?: number }) {
  return (
    <Avatar src={src || undefined} size={size} icon={!src && !name ? <UserOutlined /> : undefined} style={{ background: src ? undefined : '#0e9f6e', flex: 'none' }}>
      {!src && name ? name.slice(0, 1).toUpperCase() : null}
    </Avatar>
  );
}

/** Header right side: the user menu, or log-in / sign-up buttons. */
export default function UserArea({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const logout = useLogout();

  if (me.isPending) return null;
  const user = me.data;

  if (!user) {
    return (
      <Space size={compact ? 4 : 8}>
        <Link to="/login">
          <Button type={compact ? 'primary' : 'default'} size={compact ? 'small' : 'middle'} data-testid="nav-login">
            {t('user.login')}
          </Button>
        </Link>
        {compact ? null : (
          <Link to="/signup">
            <Button type="primary" data-testid="nav-signup">
              {t('user.signup')}
            </Button>
          </Link>
        )}
      </Space>
    );
  }

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => {
        void navigate('/', { replace: true, state: SIGNED_OUT_STATE });
        void message.success(t('user.loggedOut'));
      },
      onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
    });

  const name = displayName(user);
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          { key: 'profile', icon: <SettingOutlined />, label: <Link to="/profile">{t('user.profile')}</Link> },
          { key: 'notifications', icon: <BellOutlined />, label: <Link to="/notifications">{t('notifications.title')}</Link> },
          ...(user.is_admin
            ? [
                { key: 'admin', icon: <TeamOutlined />, label: <Link to="/admin/users">{t('user.admin')}</Link> },
                {
                  key: 'admin-companies',
                  icon: <BankOutlined />,
                  label: <Link to="/admin/companies">{t('companies.admin.title')}</Link>,
                },
                { key: 'admin-catalog', icon: <TagsOutlined />, label: <Link to="/admin/catalog" data-testid="nav-admin-catalog">{t('curation.nav.catalog')}</Link> },
                { key: 'admin-questions', icon: <BookOutlined />, label: <Link to="/admin/questions" data-testid="nav-admin-questions">{t('curation.questions.title')}</Link> },
                { key: 'admin-stats', icon: <LineChartOutlined />, label: <Link to="/admin/stats" data-testid="nav-admin-stats">{t('curation.stats.title')}</Link> },
              ]
            : []),
          ...(user.is_admin
            ? [{ key: 'reports', icon: <FlagOutlined />, label: <Link to="/admin/reports" data-testid="nav-admin-reports">{t('moderation.adminMenu')}</Link> }]
            : []),
          { type: 'divider' as const },
          {
            key: 'logout',
            icon: <LogoutOutlined />,
            label: <span data-testid="logout">{t('user.logout')}</span>,
            onClick: onLogout,
          },
        ],
      }}
    >
      <Button type="text" aria-label={t('user.userMenu')} data-testid="user-menu" style={{ height: 40, paddingInline: 6 }}>
        <Space size={8}>
          <UserAvatar src={user.avatar} name={name} size={28} />
          {compact ? null : (
            <Typography.Text ellipsis style={{ maxWidth: 120 }} data-testid="user-name">
              {name}
            </Typography.Text>
          )}
        </Space>
      </Button>
    </Dropdown>
  );
}
