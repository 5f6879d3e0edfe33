/** `/favorites`: favorited 面经 and discussions, newest favorite first, with 取消收藏. */
import { App, Button, Card, Space, Tabs, Typography } from 'antd';
import { StarFilled } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { favoriteApi, type PostKind } from '../api/endpoints';
import { isApiError } from '../api/client';
import PagedPosts from '../components/community/PagedPosts';
import { keys } from '../components/community/keys';

function Unfavorite({ kind, id }: { kind: PostKind; id: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => favoriteApi.set(kind, id, false),
    onSuccess: (res) => {
      qc.setQueryData<{ is_favorited: boolean; favorites: number }>(keys.detail(kind, id), (old) =>
        old ? { ...old, is_favorited: false, favorites: res?.favorites ?? Math.max(0, old.favorites - 1) } : old,
      );
      void qc.invalidateQueries({ queryKey: keys.favorites });
      void qc.invalidateQueries({ queryKey: keys.lists(kind) });
      void message.success(t('community.favoriteRemoved'));
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('errors.unknown')),
  });
  return (
    <Button size="small" type="text" icon={<StarFilled style={{ color: '#faad14' }} />} loading={m.isPending} onClick={() => m.mutate()} data-testid="unfavorite">
      {t('community.unfavorite')}
    </Button>
  );
}

export default function Favorites() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'discussions' ? 'discussions' : 'experiences';
  return (
    <div data-testid="favorites">
      <Typography.Title level={3} className="mj-page-head" style={{ marginTop: 0 }}>
        {t('favorites.title')}
      </Typography.Title>
      <Card className="mj-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'experiences' ? {} : { tab: k }, { replace: true })}
          items={[
            {
              key: 'experiences',
              label: <span data-testid="tab-fav-experiences">{t('favorites.experiences')}</span>,
              children: (
                <PagedPosts
                  kind="experiences"
                  queryKey={[...keys.favorites, 'experiences']}
                  fetch={favoriteApi.experiences}
                  testId="fav-experiences"
                  showFavoritedAt
                  empty={
                    <Space orientation="vertical">
                      <span>{t('favorites.emptyExperiences')}</span>
                      <Link to="/">{t('favorites.browseExperiences')}</Link>
                    </Space>
                  }
                  actions={(item) => <Unfavorite kind="experiences" id={item.id} />}
                />
              ),
            },
            {
              key: 'discussions',
              label: <span data-testid="tab-fav-discussions">{t('favorites.discussions')}</span>,
              children: (
                <PagedPosts
                  kind="discussions"
                  queryKey={[...keys.favorites, 'discussions']}
                  fetch={favoriteApi.discussions}
                  testId="fav-discussions"
                  showFavoritedAt
                  empty={
                    <Space orientation="vertical">
                      <span>{t('favorites.emptyDiscussions')}</span>
                      <Link to="/discussions">{t('favorites.browseDiscussions')}</Link>
                    </Space>
                  }
                  actions={(item) => <Unfavorite kind="discussions" id={item.id} />}
                />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
