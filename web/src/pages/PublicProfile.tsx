/** `/users/:id`: someone's public profile. */
import { Card, Descriptions, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { userApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import { formatDate } from '../components/format';
import { ErrorState, NotFoundResult, PageLoading } from '../components/States';
import { UserAvatar } from '../layout/UserArea';

export default function PublicProfile() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const user = useQuery({
    queryKey: ['users', id],
    queryFn: () => userApi.publicProfile(id),
    enabled: valid,
    retry: (n, e) => !(isApiError(e) && e.status < 500) && n < 2,
  });

  if (!valid) return <NotFoundResult subTitle={t('publicProfile.notFound')} />;
  if (user.isPending) return <PageLoading />;
  if (user.isError) {
    if (isApiError(user.error) && user.error.status === 404) return <NotFoundResult subTitle={t('publicProfile.notFound')} />;
    return <ErrorState error={user.error} onRetry={() => user.refetch()} />;
  }
  const u = user.data;
  const notSet = <Typography.Text type="secondary">{t('common.notSet')}</Typography.Text>;
  return (
    <div className="mj-medium" data-testid="public-profile">
      <Card>
        <Space size={20} align="start" wrap>
          <UserAvatar src={u.avatar} name={u.name} size={88} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {u.name || t('publicProfile.anonymous')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
              {u.signature || t('publicProfile.noSignature')}
            </Typography.Paragraph>
          </div>
        </Space>
        <Descriptions
          column={{ xs: 1, sm: 2 }}
          style={{ marginTop: 24 }}
          items={[
            { key: 'school', label: t('fields.school'), children: u.school_name || notSet },
            { key: 'company', label: t('fields.company'), children: u.company || notSet },
            { key: 'joined', label: t('fields.createdAt'), children: formatDate(u.created_at) },
          ]}
        />
      </Card>
    </div>
  );
}
