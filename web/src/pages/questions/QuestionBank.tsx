/**
 * `/questions`: the question bank. Search (Chinese full text), filters (career, tag, difficulty,
 * language, with/without reference answer, company — the 面经 detail links here with
 * `?company=`) and the page live in the URL. 随机抽题 draws from the same filters; 用这些题模拟面试
 * practises the questions on the page.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, AutoComplete, Button, Card, Col, Empty, Flex, Modal, Row, Space, Tag, Typography } from 'antd';
import { BulbOutlined, PlayCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { questionApi } from '../../api/endpoints';
import { INTERVIEW_DIFFICULTIES, careerLabel, QUESTION_LANGS, oneOf, type QuestionQuery } from '../../api/types';
import FilterBar, { CareerFilter, ChoiceFilter, useDraft } from '../../components/FilterBar';
import PagedList, { ListEmpty, usePagedQuery } from '../../components/PagedList';
import { useCareerLabel, useCareers } from '../../components/community/keys';
import { useUrlState } from '../../components/community/useUrlState';
import { ErrorState, PageLoading } from '../../components/States';
import QuestionCard from '../../components/questions/QuestionCard';
import { pkeys } from '../../components/questions/keys';
import { useStartInterview } from '../../components/questions/useStartInterview';
import PageHead from '../../components/PageHead';

const PER_PAGE = 10;
const FILTERS = ['q', 'career_id', 'tag', 'difficulty', 'lang', 'has_answer', 'company'] as const;
type Url = ReturnType<typeof useUrlState<(typeof FILTERS)[number]>>;

function toQuery(values: Url['values']): QuestionQuery {
  return {
    q: values.q || undefined,
    career_id: values.career_id ? Number(values.career_id) : undefined,
    tag: values.tag || undefined,
    difficulty: oneOf(INTERVIEW_DIFFICULTIES, values.difficulty),
    lang: oneOf(QUESTION_LANGS, values.lang),
    has_answer: values.has_answer === 'true' ? true : values.has_answer === 'false' ? false : undefined,
    company: values.company || undefined,
  };
}

function useFilters(url: Url, tagOptions: string[]) {
  const { values, update } = url;
  const { t } = useTranslation();
  const [tag, setTag] = useDraft(values.tag);
  const options = tagOptions
    .filter((x) => !tag || x.toLowerCase().includes(tag.trim().toLowerCase()))
    .slice(0, 12)
    .map((x) => ({ value: x }));
  return [
    <CareerFilter url={url} />,
    <AutoComplete
      value={tag}
      options={options}
      onChange={(v) => setTag(v ?? '')}
      onSelect={(v) => update({ tag: String(v).trim() })}
      onClear={() => update({ tag: '' })}
      onBlur={() => tag.trim() !== values.tag && update({ tag: tag.trim() })}
      onInputKeyDown={(e) => {
        if (e.key === 'Enter') update({ tag: tag.trim() });
      }}
      allowClear
      placeholder={t('question.tag')}
      style={{ width: '100%' }}
      data-testid="filter-tag"
    />,
    <ChoiceFilter
      url={url}
      name="difficulty"
      choices={INTERVIEW_DIFFICULTIES}
      label={(d) => t(`difficulty.${d}`)}
      placeholder={t('question.difficulty')}
    />,
    <ChoiceFilter url={url} name="lang" choices={QUESTION_LANGS} label={(l) => t(`question.langs.${l}`)} placeholder={t('question.lang')} />,
    <ChoiceFilter
      url={url}
      name="has_answer"
      choices={['true', 'false'] as const}
      label={(v) => (v === 'true' ? t('question.withAnswer') : t('question.withoutAnswer'))}
      placeholder={t('question.hasAnswer')}
    />,
  ];
}

/** 随机抽题: a handful of random questions under the current filters, to read or practise. */
function RandomDraw({ query, open, onClose }: { query: QuestionQuery; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const careerName = useCareerLabel();
  const interview = useStartInterview();
  const [round, setRound] = useState(0);
  const params = { career_id: query.career_id, difficulty: query.difficulty, tag: query.tag, lang: query.lang, count: 5 };
  const draw = useQuery({
    queryKey: [...pkeys.questionLists, 'random', params, round],
    queryFn: () => questionApi.random(params),
    enabled: open,
    staleTime: Infinity,
    gcTime: 0,
  });
  const items = draw.data ?? [];
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={
        <Space>
          <ThunderboltOutlined />
          {t('question.randomTitle')}
        </Space>
      }
      footer={
        <Flex wrap gap={8} justify="flex-end">
          <Button onClick={() => setRound((r) => r + 1)} loading={draw.isFetching} data-testid="random-again">
            {t('question.randomAgain')}
          </Button>
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            disabled={!items.length}
            loading={interview.pending}
            onClick={() => interview.practise(items.map((q) => q.id))}
            data-testid="random-practise"
          >
            {t('question.practiseThese')}
          </Button>
        </Flex>
      }
      data-testid="random-modal"
    >
      <Typography.Paragraph type="secondary">{t('question.randomDesc')}</Typography.Paragraph>
      {draw.isPending ? (
        <PageLoading />
      ) : draw.isError ? (
        <ErrorState error={draw.error} onRetry={() => draw.refetch()} />
      ) : items.length === 0 ? (
        <Empty description={t('question.emptyFiltered')} />
      ) : (
        <ol className="mj-questions" data-testid="random-list">
          {items.map((q) => (
            <li key={q.id}>
              <Link to={`/questions/${q.id}`} className="mj-plain-link">
                {q.content.length > 160 ? `${q.content.slice(0, 160)}…` : q.content}
              </Link>
              {q.career_name ? <Tag style={{ marginInlineStart: 8 }}>{careerName(q.career_name)}</Tag> : null}
            </li>
          ))}
        </ol>
      )}
    </Modal>
  );
}

function SideColumn({ url }: { url: Url }) {
  const { t } = useTranslation();
  const careers = useCareers();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="mj-cta-card" data-testid="recommend-cta">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          <BulbOutlined /> {t('recommend.ctaTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('recommend.ctaDesc')}
        </Typography.Paragraph>
        <Link to="/questions/recommend">
          <Button type="primary" block>
            {t('recommend.ctaButton')}
          </Button>
        </Link>
      </Card>
      <Card size="small" title={t('question.byCareer')}>
        <Flex wrap gap={6}>
          {(careers.data?.items ?? []).map((c) => (
            <Tag.CheckableTag
              key={c.id}
              checked={url.values.career_id === String(c.id)}
              onChange={(on) => url.update({ career_id: on ? c.id : '' })}
              className="mj-hot-tag"
            >
              {careerLabel(c)}
            </Tag.CheckableTag>
          ))}
        </Flex>
      </Card>
    </Space>
  );
}

export default function QuestionBank() {
  const { t } = useTranslation();
  const url = useUrlState(FILTERS);
  const { values, page, update, clear } = url;
  const [randomOpen, setRandomOpen] = useState(false);
  const interview = useStartInterview();

  const base = toQuery(values);
  const list = usePagedQuery(
    [...pkeys.questionLists, 'bank', base],
    (page, per_page, signal) => questionApi.list({ ...base, page, per_page }, signal),
    PER_PAGE,
    url,
  );
  const data = list.query.data;

  // Tag suggestions: the tags of the questions seen so far, most frequent first.
  const [seenTags, setSeenTags] = useState<Record<string, number>>({});
  useEffect(() => {
    if (!data) return;
    setSeenTags((prev) => {
      const next = { ...prev };
      for (const item of data.items) for (const tag of item.tags) next[tag] = (next[tag] ?? 0) + 1;
      return next;
    });
  }, [data]);
  const tagOptions = useMemo(() => Object.entries(seenTags).sort((a, b) => b[1] - a[1]).map(([k]) => k), [seenTags]);
  const filters = useFilters(url, tagOptions);

  const active = (['career_id', 'tag', 'difficulty', 'lang', 'has_answer'] as const).filter((k) => values[k]).length;
  const filtered = active > 0 || !!values.q || !!values.company;
  const ids = data?.items.map((x) => x.id) ?? [];

  return (
    <div data-testid="question-bank">
      <PageHead
        title={t('question.title')}
        subtitle={t('features.questions')}
        extra={
          <Space wrap>
            <Button icon={<ThunderboltOutlined />} onClick={() => setRandomOpen(true)} data-testid="random-draw">
              {t('question.random')}
            </Button>
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              disabled={!ids.length}
              loading={interview.pending}
              onClick={() => interview.practise(ids)}
              data-testid="practise-page"
            >
              {t('question.practiseThese')}
            </Button>
          </Space>
        }
      />

      {values.company ? (
        <Alert
          type="info"
          showIcon
          className="mj-company-banner"
          title={t('question.companyBanner', { company: values.company })}
          description={t('question.companyBannerDesc', { company: values.company })}
          closable={{ onClose: () => update({ company: '' }), 'aria-label': t('question.clearCompany') }}
          data-testid="company-banner"
        />
      ) : null}

      <Row gutter={[20, 20]}>
        <Col xs={24} lg={17}>
          <Card className="mj-feed" styles={{ body: { padding: 0 } }}>
            <FilterBar
              testId="question"
              search={{ value: values.q, onSearch: (q) => update({ q }), placeholder: t('question.searchPlaceholder') }}
              filters={filters}
              active={active}
              total={data?.total}
              totalLabel={(total) => t('question.totalFound', { total })}
              filtered={filtered}
              onClear={() => clear()}
            />
            <PagedList
              list={list}
              testId="question-list"
              empty={
                <ListEmpty description={filtered ? t('question.emptyFiltered') : t('question.empty')} testId="question-empty">
                  {filtered ? <Button onClick={() => clear()}>{t('exp.clearFilters')}</Button> : null}
                </ListEmpty>
              }
            >
              {(item, i) => (
                <QuestionCard key={item.id} q={item} index={(page - 1) * PER_PAGE + i + 1} onTag={(tag) => update({ tag })} />
              )}
            </PagedList>
          </Card>
        </Col>
        <Col xs={24} lg={7}>
          <SideColumn url={url} />
        </Col>
      </Row>
      <RandomDraw query={base} open={randomOpen} onClose={() => setRandomOpen(false)} />
    </div>
  );
}
