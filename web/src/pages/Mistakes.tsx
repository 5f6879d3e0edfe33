/**
 * `/mistakes` 错题本: bank questions whose latest answer scored below 60 (a later good answer takes
 * them out), with the reference answer, your last answer and score, and the attempts. 再练一次
 * practises one question, 全部重练 the questions of the page, each as a new mock interview.
 */
import { Button, Card, Collapse, Flex, Tag, Typography } from 'antd';
import { PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { learningApi } from '../api/endpoints';
import type { Mistake } from '../api/types';
import Markdown from '../components/community/Markdown';
import { formatDateTime, formatRelative } from '../components/format';
import PagedList, { ListEmpty, usePagedQuery } from '../components/PagedList';
import { ScoreTag } from '../components/interviews/labels';
import { pkeys } from '../components/questions/keys';
import { MAX_PRACTICE_IDS, useStartInterview } from '../components/questions/useStartInterview';
import PageHead from '../components/PageHead';

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
  const all = useStartInterview();
  const list = usePagedQuery(pkeys.mistakes, learningApi.mistakes, PER_PAGE);
  const { data } = list.query;
  const items = data?.items ?? [];

  return (
    <div data-testid="mistakes-page" className="mj-medium">
      <PageHead
        title={
          <>
            {t('mistakes.title')}
            {data?.total ? <span className="mj-count mj-title-count">{data.total}</span> : null}
          </>
        }
        subtitle={t('features.mistakes')}
        extra={
          items.length ? (
            <Button
              type="primary"
              icon={<RedoOutlined />}
              loading={all.pending}
              onClick={() => all.practise(items.map((m) => m.question_id))}
              data-testid="practise-all"
            >
              {t('mistakes.all', { count: items.length })}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <PagedList
          list={list}
          testId="mistakes-list"
          empty={
            <ListEmpty title={t('mistakes.emptyTitle')} description={t('mistakes.emptyDesc')} testId="mistakes-empty">
              <Link to="/mock-interviews">
                <Button type="primary" icon={<PlayCircleOutlined />}>
                  {t('mistakes.start')}
                </Button>
              </Link>
            </ListEmpty>
          }
        >
          {(m) => <MistakeCard key={m.question_id} m={m} />}
        </PagedList>
      </Card>
    </div>
  );
}
