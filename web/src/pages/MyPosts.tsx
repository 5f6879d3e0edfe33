/** `/my-posts`: the user's own 面经 and discussions, with edit and delete, and their unpublished drafts. */
import { Button, Card, Space, Tabs, type TabsProps } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { POST_KINDS, discussionApi, experienceApi } from '../api/endpoints';
import PagedPosts from '../components/community/PagedPosts';
import PostActions from '../components/community/PostActions';
import { keys } from '../components/community/keys';
import DraftList from '../components/community/DraftList';
import PageHead from '../components/PageHead';

export default function MyPosts() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab = asked === 'discussions' || asked === 'drafts' ? asked : 'experiences';
  return (
    <div data-testid="my-posts">
      <PageHead title={t('myPosts.title')} />
      <Card className="mj-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'experiences' ? {} : { tab: k }, { replace: true })}
          tabBarExtraContent={
            tab === 'drafts' ? null : (
              <Link to={tab === 'discussions' ? '/discussions/new' : '/experiences/new'}>
                <Button type="primary" size="small" icon={tab === 'discussions' ? <PlusOutlined /> : <EditOutlined />}>
                  {tab === 'discussions' ? t('discussion.new') : t('community.write')}
                </Button>
              </Link>
            )
          }
          items={POST_KINDS.map<NonNullable<TabsProps['items']>[number]>((kind) => ({
            key: kind,
            label: <span data-testid={`tab-my-${kind}`}>{t(`myPosts.${kind}`)}</span>,
            children: (
              <PagedPosts
                kind={kind}
                queryKey={[...keys.mine, kind]}
                fetch={kind === 'experiences' ? experienceApi.mine : discussionApi.mine}
                testId={`my-${kind}`}
                empty={kind === 'experiences' ? t('myPosts.emptyExperiences') : t('myPosts.emptyDiscussions')}
                actions={(item) => (
                  <Space size={0}>
                    <PostActions kind={kind} id={item.id} isAuthor size="small" compact />
                  </Space>
                )}
              />
            ),
          })).concat({
            key: 'drafts',
            label: <span data-testid="tab-my-drafts">{t('myPosts.drafts')}</span>,
            // Mounted only when shown: the list is read fresh on each visit.
            children: tab === 'drafts' ? <DraftList /> : null,
          })}
        />
      </Card>
    </div>
  );
}
