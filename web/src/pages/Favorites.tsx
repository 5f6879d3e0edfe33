/** `/favorites`: favorited 面经, discussions and bank questions, newest favorite first, with 取消收藏. */
import { App, Button, Card, Flex, Space, Tabs, Typography } from 'antd';
import { PlayCircleOutlined, StarFilled } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { POST_KINDS, favoriteApi, questionApi, type PostKind } from '../api/endpoints';
import { isApiError } from '../api/client';
import PagedList, { ListEmpty, usePagedQuery } from '../components/PagedList';
import PagedPosts from '../components/community/PagedPosts';
import { keys } from '../components/community/keys';
import QuestionCard from '../components/questions/QuestionCard';
import { pkeys } from '../components/questions/keys';
import { useStartInterview } from '../components/questions/useStartInterview';
import PageHead from '../components/PageHead';

const TABS = ['experiences', 'discussions', 'questions'] as const;
type Tab = (typeof TABS)[number];
const QUESTIONS_PER_PAGE = 20;

/** 收藏的题目: the cards carry their own 收藏 toggle; 用这些题模拟面试 practises the page. */
function FavoriteQuestions() {
  const { t } = useTranslation();
  const interview = useStartInterview();
  const list = usePagedQuery(pkeys.favoriteQuestions, questionApi.favorites, QUESTIONS_PER_PAGE);
  const items = list.query.data?.items ?? [];
  return (
    <>
      {items.length ? (
        <Flex justify="space-between" align="center" wrap gap={8} className="mj-tab-toolbar">
          <Typography.Text type="secondary">{t('question.totalFound', { total: list.query.data?.total ?? 0 })}</Typography.Text>
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
      ) : null}
      <PagedList
        list={list}
        testId="fav-questions"
        empty={
          <ListEmpty
            description={
              <Space orientation="vertical">
                <span>{t('favorites.emptyQuestions')}</span>
                <Link to="/questions">{t('favorites.browseQuestions')}</Link>
              </Space>
            }
            testId="fav-questions-empty"
          />
        }
      >
        {(q) => <QuestionCard key={q.id} q={q} showFavoritedAt />}
      </PagedList>
    </>
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
      <PageHead title={t('favorites.title')} />
      <Card className="mj-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'experiences' ? {} : { tab: k }, { replace: true })}
          items={[
            ...POST_KINDS.map((kind) => ({
              key: kind,
              label: <span data-testid={`tab-fav-${kind}`}>{t(`favorites.${kind}`)}</span>,
              children: (
                <PagedPosts
                  kind={kind}
                  queryKey={[...keys.favorites, kind]}
                  fetch={favoriteApi[kind]}
                  testId={`fav-${kind}`}
                  showFavoritedAt
                  empty={
                    <Space orientation="vertical">
                      <span>{kind === 'experiences' ? t('favorites.emptyExperiences') : t('favorites.emptyDiscussions')}</span>
                      <Link to={kind === 'experiences' ? '/' : '/discussions'}>
                        {kind === 'experiences' ? t('favorites.browseExperiences') : t('favorites.browseDiscussions')}
                      </Link>
                    </Space>
                  }
                  actions={(item) => <Unfavorite kind={kind} id={item.id} />}
                />
              ),
            })),
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
