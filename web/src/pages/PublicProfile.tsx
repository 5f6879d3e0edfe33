/**
 * `/users/:id`: someone's public profile, with their 面经 and discussions (issue 19) in tabs kept in
 * the URL (`?tab=discussions`). Anonymous 面经 are never listed, not even to their author.
 */
import { Card, Descriptions, Space, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { POST_KINDS, userApi, userPostsApi } from '../api/endpoints';
import { isApiError } from '../api/client';
import { formatDate } from '../components/format';
import { ErrorState, NotFoundResult, PageLoading } from '../components/States';
import { UserAvatar } from '../layout/UserArea';
import { usePageTitle } from '../layout/DocumentTitle';
import PagedPosts from '../components/community/PagedPosts';

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
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'discussions' ? 'discussions' : 'experiences';
  const name = user.data ? user.data.name || t('publicProfile.anonymous') : undefined;
  usePageTitle(name ? t('communityBasics.titles.userPage', { name }) : undefined);

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
      <Card className="mj-tabs-card" style={{ marginTop: 16 }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'experiences' ? {} : { tab: k }, { replace: true })}
          items={POST_KINDS.map((kind) => ({
            key: kind,
            label: <span data-testid={`tab-user-${kind}`}>{t(`communityBasics.profile.${kind}`)}</span>,
            children: (
              <PagedPosts
                kind={kind}
                queryKey={['users', id, kind]}
                fetch={(page, perPage) =>
                  kind === 'experiences' ? userPostsApi.experiences(id, page, perPage) : userPostsApi.discussions(id, page, perPage)
                }
                testId={`user-${kind}`}
                empty={kind === 'experiences' ? t('communityBasics.profile.noExperiences') : t('communityBasics.profile.noDiscussions')}
                actions={() => null}
              />
            ),
          }))}
        />
      </Card>
    </div>
  );
}
