/** `/favorites`: favorited 面经, discussions and bank questions, newest favorite first, with 取消收藏. */
import { useEffect, useState } from 'react';
import { App, Button, Card, Empty, Flex, Pagination, Space, Tabs, Typography } from 'antd';
import { PlayCircleOutlined, StarFilled } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { favoriteApi, questionApi, type PostKind } from '../api/endpoints';
import { isApiError } from '../api/client';
import PagedPosts from '../components/community/PagedPosts';
import { keys } from '../components/community/keys';
import { ErrorState, PageLoading } from '../components/States';
import QuestionCard from '../components/questions/QuestionCard';
import { pkeys } from '../components/questions/keys';
import { useStartInterview } from '../components/questions/useStartInterview';

const TABS = ['experiences', 'discussions', 'questions'] as const;
type Tab = (typeof TABS)[number];
const QUESTIONS_PER_PAGE = 20;

/** 收藏的题目: the cards carry their own 收藏 toggle; 用这些题模拟面试 practises the page. */
function FavoriteQuestions() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const interview = useStartInterview();
  const list = useQuery({
    queryKey: [...pkeys.favoriteQuestions, page],
    queryFn: () => questionApi.favorites(page, QUESTIONS_PER_PAGE),
    placeholderData: keepPreviousData,
  });
  const emptyPage = !!list.data && list.data.items.length === 0 && page > 1;
  useEffect(() => {
    if (emptyPage) setPage((p) => Math.max(1, p - 1));
  }, [emptyPage]);
  if (list.isPending || emptyPage) return <PageLoading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const { items, total } = list.data;
  if (items.length === 0)
    return (
      <Empty
        className="mj-feed-empty"
        description={
          <Space orientation="vertical">
            <span>{t('favorites.emptyQuestions')}</span>
            <Link to="/questions">{t('favorites.browseQuestions')}</Link>
          </Space>
        }
        data-testid="fav-questions-empty"
      />
    );
  return (
    <div data-testid="fav-questions">
      <Flex justify="space-between" align="center" wrap gap={8} className="mj-tab-toolbar">
        <Typography.Text type="secondary">{t('question.totalFound', { total })}</Typography.Text>
        <Button
          size="small"
          icon={<PlayCircleOutlined />}
          loading={interview.pending}
          onClick={() => interview.practise(items.map((q) => q.id))}
          data-testid="fav-practise"
        >
          {t('question.practiseThese')}
        </Button>
      </Flex>
      <div className="mj-post-list">
        {items.map((q) => (
          <QuestionCard key={q.id} q={q} showFavoritedAt />
        ))}
      </div>
      {total > QUESTIONS_PER_PAGE ? (
        <Flex justify="center" className="mj-pagination">
          <Pagination current={page} pageSize={QUESTIONS_PER_PAGE} total={total} showSizeChanger={false} onChange={setPage} />
        </Flex>
      ) : null}
    </div>
  );
}

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
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'experiences';
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
            {
              key: 'questions',
              label: <span data-testid="tab-fav-questions">{t('favorites.questions')}</span>,
              children: <FavoriteQuestions />,
            },
          ]}
        />
      </Card>
    </div>
  );
}
