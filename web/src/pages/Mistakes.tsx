/**
 * `/mistakes` 错题本: bank questions whose latest answer scored below 60 (a later good answer takes
 * them out), with the reference answer, your last answer and score, and the attempts. 再练一次
 * practises one question, 全部重练 the questions of the page, each as a new mock interview.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Collapse, Empty, Flex, Pagination, Space, Tag, Typography } from 'antd';
import { PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { learningApi } from '../api/endpoints';
import type { Mistake } from '../api/types';
import Markdown from '../components/community/Markdown';
import { formatDateTime, formatRelative } from '../components/format';
import { ErrorState, PageLoading } from '../components/States';
import { ScoreTag } from '../components/interviews/labels';
import { pkeys } from '../components/questions/keys';
import { MAX_PRACTICE_IDS, useStartInterview } from '../components/questions/useStartInterview';

const PER_PAGE = MAX_PRACTICE_IDS;

function MistakeCard({ m }: { m: Mistake }) {
  const { t } = useTranslation();
  const again = useStartInterview();
  return (
    <article className="mj-mistake" data-testid="mistake" data-id={m.question_id}>
      <Flex justify="space-between" align="flex-start" gap={12}>
        <Link to={`/questions/${m.question_id}`} className="mj-mistake-q" data-testid="mistake-question">
          {m.question}
        </Link>
        <ScoreTag score={m.score} testId="mistake-score" />
      </Flex>
      <Flex wrap gap={6} align="center" className="mj-q-meta">
        {m.topic ? <Tag variant="filled">{m.topic}</Tag> : null}
        <Typography.Text type="secondary" style={{ fontSize: 13 }} title={formatDateTime(m.answered_at)}>
          {t('mistakes.attempts', { count: m.attempts })} · {t('mistakes.lastAt', { time: formatRelative(m.answered_at) })}
        </Typography.Text>
      </Flex>
      <div className="mj-report-label">{t('mistakes.yourAnswer')}</div>
      {m.your_answer ? (
        <div className="mj-report-your" data-testid="mistake-answer">
          {m.your_answer}
        </div>
      ) : (
        <Typography.Text type="secondary">{t('report.notAnswered')}</Typography.Text>
      )}
      <Collapse
        size="small"
        className="mj-report-ref"
        items={[
          {
            key: 'ref',
            label: t('question.referenceAnswer'),
            children: m.reference_answer ? <Markdown>{m.reference_answer}</Markdown> : <Typography.Text type="secondary">{t('question.noAnswer')}</Typography.Text>,
          },
        ]}
      />
      <Flex justify="flex-end" style={{ marginTop: 10 }}>
        <Button size="small" icon={<RedoOutlined />} loading={again.pending} onClick={() => again.practise([m.question_id])} data-testid="practise-again">
          {t('mistakes.again')}
        </Button>
      </Flex>
    </article>
  );
}

export default function Mistakes() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const all = useStartInterview();
  const list = useQuery({
    queryKey: [...pkeys.mistakes, page],
    queryFn: () => learningApi.mistakes(page, PER_PAGE),
    placeholderData: keepPreviousData,
  });
  const emptyPage = !!list.data && list.data.items.length === 0 && page > 1;
  useEffect(() => {
    if (emptyPage) setPage((p) => Math.max(1, p - 1));
  }, [emptyPage]);

  let body;
  if (list.isPending || emptyPage) body = <PageLoading />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  else if (list.data.items.length === 0)
    body = (
      <Empty
        className="mj-feed-empty"
        description={
          <Space orientation="vertical" size={2}>
            <Typography.Text strong>{t('mistakes.emptyTitle')}</Typography.Text>
            <Typography.Text type="secondary">{t('mistakes.emptyDesc')}</Typography.Text>
          </Space>
        }
        data-testid="mistakes-empty"
      >
        <Link to="/mock-interviews">
          <Button type="primary" icon={<PlayCircleOutlined />}>
            {t('mistakes.start')}
          </Button>
        </Link>
      </Empty>
    );
  else
    body = (
      <div className="mj-post-list" data-testid="mistakes-list">
        {list.data.items.map((m) => (
          <MistakeCard key={m.question_id} m={m} />
        ))}
      </div>
    );

  const items = list.data?.items ?? [];
  return (
    <div data-testid="mistakes-page" className="mj-medium">
      <Flex justify="space-between" align="center" wrap gap={12} className="mj-page-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('mistakes.title')}
            {list.data?.total ? <span className="mj-count mj-title-count">{list.data.total}</span> : null}
          </Typography.Title>
          <Typography.Text type="secondary">{t('features.mistakes')}</Typography.Text>
        </div>
        {items.length ? (
          <Button
            type="primary"
            icon={<RedoOutlined />}
            loading={all.pending}
            onClick={() => all.practise(items.map((m) => m.question_id))}
            data-testid="practise-all"
          >
            {t('mistakes.all', { count: items.length })}
          </Button>
        ) : null}
      </Flex>
      <Card styles={{ body: { padding: 0 } }}>
        {body}
        {list.data && list.data.total > PER_PAGE ? (
          <Flex justify="center" className="mj-pagination">
            <Pagination current={page} pageSize={PER_PAGE} total={list.data.total} showSizeChanger={false} onChange={setPage} />
          </Flex>
        ) : null}
      </Card>
    </div>
  );
}
