/** `/discussions/:id`: a discussion with its tags, Markdown body, favorite and comments. */
import { Breadcrumb, Card, Divider, Flex, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { discussionApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { formatDateTime, formatRelative, wasEdited } from '../../components/format';
import { ErrorState, NotFoundResult, PageLoading } from '../../components/States';
import AuthorInfo from '../../components/community/AuthorInfo';
import Comments from '../../components/community/Comments';
import FavoriteButton from '../../components/community/FavoriteButton';
import Markdown from '../../components/community/Markdown';
import PostActions from '../../components/community/PostActions';
import PostStats from '../../components/community/PostStats';
import { keys } from '../../components/community/keys';
import { usePageTitle } from '../../layout/DocumentTitle';

export default function DiscussionDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const valid = /^\d+$/.test(id);
  const q = useQuery({
    queryKey: keys.discussion(id),
    queryFn: () => discussionApi.get(id),
    enabled: valid,
    staleTime: 60_000,
  });

  usePageTitle(q.data?.title);

  if (!valid) return <NotFoundResult subTitle={t('community.notFound')} />;
  if (q.isPending) return <PageLoading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) return <NotFoundResult subTitle={t('community.notFound')} />;
    return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  }
  const d = q.data;
  return (
    <div className="mj-medium" data-testid="discussion-detail">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/discussions">{t('discussion.title')}</Link> }, { title: d.title }]} />
      <Card className="mj-article">
        <Typography.Title level={2} className="mj-article-title" data-testid="detail-title">
          {d.title}
        </Typography.Title>
        <Flex wrap gap={12} align="center" justify="space-between" className="mj-article-meta">
          <AuthorInfo
            author={d.author}
            size={32}
            strong
            extra={
              <span title={formatDateTime(d.created_at)}>
                {formatRelative(d.created_at)}
                {wasEdited(d.created_at, d.updated_at) ? ` · ${t('community.edited')}` : ''}
              </span>
            }
          />
          <PostStats views={d.view_count} favorites={d.favorites} comments={d.comments} />
        </Flex>
        {d.tags.length ? (
          <Flex wrap gap={4} style={{ marginTop: 12 }}>
            {d.tags.map((tag) => (
              <Link key={tag} to={`/discussions?tag=${encodeURIComponent(tag)}`}>
                <Tag color="green" variant="filled" data-testid="detail-tag">
                  # {tag}
                </Tag>
              </Link>
            ))}
          </Flex>
        ) : null}
        <Divider />
        <Markdown testId="detail-content">{d.content}</Markdown>
        <Divider style={{ margin: '20px 0 16px' }} />
        <Flex wrap gap={8} justify="space-between" align="center">
          <FavoriteButton kind="discussions" id={d.id} favorited={d.is_favorited} count={d.favorites} />
          <Space wrap>
            <PostActions kind="discussions" id={d.id} isAuthor={d.is_author} onDeleted={() => navigate('/discussions', { replace: true })} />
          </Space>
        </Flex>
      </Card>
      <div style={{ marginTop: 16 }}>
        <Comments kind="discussions" postId={d.id} count={d.comments} />
      </div>
    </div>
  );
}
