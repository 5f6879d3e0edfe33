/** `/experiences/:id`: one 面经 with its interview facts, questions, Markdown body, favorite and comments. */
import { Alert, Breadcrumb, Card, Descriptions, Divider, Flex, Space, Tag, Typography, Button } from 'antd';
import { BankOutlined, BookOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { experienceApi } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { INTERVIEW_DIFFICULTIES, INTERVIEW_RESULTS, oneOf, type Experience } from '../../api/types';
import { formatDateTime, formatRelative, wasEdited } from '../../components/format';
import { ErrorState, NotFoundResult, PageLoading } from '../../components/States';
import AuthorInfo from '../../components/community/AuthorInfo';
import Comments from '../../components/community/Comments';
import FavoriteButton from '../../components/community/FavoriteButton';
import HelpfulButton from '../../components/community/HelpfulButton';
import { usePageTitle } from '../../layout/DocumentTitle';
import Markdown from '../../components/community/Markdown';
import PostActions from '../../components/community/PostActions';
import PostStats from '../../components/community/PostStats';
import SourceBadge, { sourceUrl } from '../../components/community/SourceBadge';
import { DifficultyTag, EvaluationStars, ResultTag, starWord } from '../../components/community/labels';
import { keys, useCareerLabel } from '../../components/community/keys';

function Attribution({ e }: { e: Experience }) {
  const { t } = useTranslation();
  if (!e.source) return null;
  const repo = sourceUrl(e.source);
  const file = sourceUrl(e.source, e.source_path);
  const source = repo ? (
    <a href={repo} target="_blank" rel="noopener noreferrer">
      {e.source}
    </a>
  ) : (
    e.source
  );
  return (
    <Alert
      type="info"
      showIcon
      className="mj-attribution"
      data-testid="attribution"
      title={
        <span>
          {e.license ? (
            <>
              {t('exp.importedPrefix')}
              {source}
              {t('exp.importedLicense', { license: e.license })}
            </>
          ) : (
            <>
              {t('exp.importedPrefix')}
              {source}
            </>
          )}
        </span>
      }
      description={
        e.source_path ? (
          <span className="mj-break">
            {t('exp.sourceFile')}
            {file ? (
              <a href={file} target="_blank" rel="noopener noreferrer" data-testid="source-path">
                {e.source_path}
              </a>
            ) : (
              <span data-testid="source-path">{e.source_path}</span>
            )}
          </span>
        ) : undefined
      }
    />
  );
}

export default function ExperienceDetail() {
  const { t } = useTranslation();
  const careerLabel = useCareerLabel();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const valid = /^\d+$/.test(id);
  const q = useQuery({
    queryKey: keys.experience(id),
    queryFn: () => experienceApi.get(id),
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
  const e = q.data;
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const result = oneOf(INTERVIEW_RESULTS, e.interview_result);
  const difficulty = oneOf(INTERVIEW_DIFFICULTIES, e.interview_difficulty);

  return (
    <div className="mj-medium" data-testid="experience-detail">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: e.company_id ? <Link to={`/companies/${e.company_id}`}>{e.company}</Link> : e.company },
        ]}
      />
      <Card className="mj-article">
        <Typography.Title level={2} className="mj-article-title" data-testid="detail-title">
          {e.title}
        </Typography.Title>
        <Flex wrap gap={12} align="center" justify="space-between" className="mj-article-meta">
          <AuthorInfo
            author={e.author}
            anonymous={e.anonymous}
            size={32}
            strong
            extra={
              <span title={formatDateTime(e.created_at)}>
                {formatRelative(e.created_at)}
                {wasEdited(e.created_at, e.updated_at) ? ` · ${t('community.edited')}` : ''}
              </span>
            }
          />
          <PostStats views={e.view_count} favorites={e.favorites} comments={e.comments} />
        </Flex>
        <Flex wrap gap={6} align="center" style={{ marginTop: 12 }}>
          <Typography.Text strong data-testid="detail-company">
            {e.company}
            {e.position ? ` · ${e.position}` : ''}
          </Typography.Text>
          <ResultTag value={e.interview_result} />
          <DifficultyTag value={e.interview_difficulty} />
          {e.career_name ? <Tag variant="filled">{careerLabel(e.career_name)}</Tag> : null}
          <SourceBadge source={e.source} license={e.license} />
        </Flex>

        <Descriptions
          className="mj-facts"
          size="small"
          bordered
          column={{ xs: 1, sm: 2, md: 3 }}
          style={{ marginTop: 16 }}
          data-testid="detail-facts"
          items={[
            {
              key: 'company',
              label: t('exp.company'),
              children: e.company_id ? (
                <Link to={`/companies/${e.company_id}`} data-testid="detail-company-link">
                  {e.company}
                </Link>
              ) : (
                e.company
              ),
            },
            { key: 'position', label: t('exp.position'), children: e.position || dash },
            { key: 'career', label: t('exp.career'), children: e.career_name ? careerLabel(e.career_name) : dash },
            { key: 'date', label: t('exp.interviewDate'), children: e.interview_date || dash },
            {
              key: 'result',
              label: t('exp.result'),
              children: result ? t(`result.${result}`) : dash,
            },
            {
              key: 'difficulty',
              label: t('exp.difficulty'),
              children: difficulty ? t(`difficulty.${difficulty}`) : dash,
            },
            {
              key: 'evaluation',
              label: t('exp.evaluation'),
              children: e.interview_evaluation ? (
                <Space size={6}>
                  <EvaluationStars value={e.interview_evaluation} />
                  <Typography.Text type="secondary">{starWord(t, e.interview_evaluation)}</Typography.Text>
                </Space>
              ) : (
                dash
              ),
            },
          ]}
        />

        <Typography.Title level={4} className="mj-section-title">
          {t('exp.questions')}
          {e.interview_questions.length ? <span className="mj-count">{e.interview_questions.length}</span> : null}
        </Typography.Title>
        {e.interview_questions.length ? (
          <ol className="mj-questions" data-testid="detail-questions">
            {e.interview_questions.map((question, i) => (
              <li key={i}>{question}</li>
            ))}
          </ol>
        ) : (
          <Typography.Paragraph type="secondary">{t('exp.noQuestions')}</Typography.Paragraph>
        )}

        <Divider />
        <Markdown testId="detail-content">{e.content}</Markdown>
        <Attribution e={e} />

        <Divider style={{ margin: '20px 0 16px' }} />
        <Flex wrap gap={8} justify="space-between" align="center">
          <Space wrap>
            <HelpfulButton kind="experiences" id={e.id} helpful={e.is_helpful} count={e.helpful} own={e.is_author} />
            <FavoriteButton kind="experiences" id={e.id} favorited={e.is_favorited} count={e.favorites} />
            {e.company_id ? (
              <Link to={`/companies/${e.company_id}`} data-testid="view-company">
                <Button icon={<BankOutlined />}>{t('companies.viewCompany')}</Button>
              </Link>
            ) : null}
            <Link to={`/questions?company=${encodeURIComponent(e.company)}`} data-testid="practice-company">
              <Button icon={<BookOutlined />}>{t('exp.practiceCompany')}</Button>
            </Link>
          </Space>
          <Space wrap>
            <PostActions kind="experiences" id={e.id} isAuthor={e.is_author} onDeleted={() => navigate('/', { replace: true })} />
          </Space>
        </Flex>
      </Card>

      <div style={{ marginTop: 16 }}>
        <Comments kind="experiences" postId={e.id} count={e.comments} />
      </div>
    </div>
  );
}
