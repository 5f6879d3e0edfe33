/** `/my-posts`: the user's own 面经 and discussions, with edit and delete. */
import { Button, Card, Space, Tabs, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { discussionApi, experienceApi } from '../api/endpoints';
import PagedPosts from '../components/community/PagedPosts';
import PostActions from '../components/community/PostActions';
import { keys } from '../components/community/keys';

export default function MyPosts() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'discussions' ? 'discussions' : 'experiences';
  return (
    <div data-testid="my-posts">
      <Typography.Title level={3} className="mj-page-head" style={{ marginTop: 0 }}>
        {t('myPosts.title')}
      </Typography.Title>
      <Card className="mj-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'experiences' ? {} : { tab: k }, { replace: true })}
          tabBarExtraContent={
            <Link to={tab === 'experiences' ? '/experiences/new' : '/discussions/new'}>
              <Button type="primary" size="small" icon={tab === 'experiences' ? <EditOutlined /> : <PlusOutlined />}>
                {tab === 'experiences' ? t('community.write') : t('discussion.new')}
              </Button>
            </Link>
          }
          items={[
            {
              key: 'experiences',
              label: <span data-testid="tab-my-experiences">{t('myPosts.experiences')}</span>,
              children: (
                <PagedPosts
                  kind="experiences"
                  queryKey={[...keys.mine, 'experiences']}
                  fetch={experienceApi.mine}
                  testId="my-experiences"
                  empty={t('myPosts.emptyExperiences')}
                  actions={(item) => (
                    <Space size={0}>
                      <PostActions kind="experiences" id={item.id} isAuthor size="small" compact />
                    </Space>
                  )}
                />
              ),
            },
            {
              key: 'discussions',
              label: <span data-testid="tab-my-discussions">{t('myPosts.discussions')}</span>,
              children: (
                <PagedPosts
                  kind="discussions"
                  queryKey={[...keys.mine, 'discussions']}
                  fetch={discussionApi.mine}
                  testId="my-discussions"
                  empty={t('myPosts.emptyDiscussions')}
                  actions={(item) => (
                    <Space size={0}>
                      <PostActions kind="discussions" id={item.id} isAuthor size="small" compact />
                    </Space>
                  )}
                />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
