/**
 * `/questions`: the question bank. Search (Chinese full text), filters (career, tag, difficulty,
 * language, with/without reference answer, company — the 面经 detail links here with
 * `?company=`) and the page live in the URL. 随机抽题 draws from the same filters; 用这些题模拟面试
 * practises the questions on the page.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Grid,
  Input,
  Modal,
  Pagination,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { BulbOutlined, FilterOutlined, PlayCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { questionApi } from '../../api/endpoints';
import {
  INTERVIEW_DIFFICULTIES,
  QUESTION_LANGS,
  type InterviewDifficulty,
  type QuestionLang,
  type QuestionQuery,
} from '../../api/types';
import { useCareers } from '../../components/community/keys';
import { useUrlState } from '../../components/community/useUrlState';
import { ErrorState, PageLoading } from '../../components/States';
import QuestionCard from '../../components/questions/QuestionCard';
import { pkeys } from '../../components/questions/keys';
import { useStartInterview } from '../../components/questions/useStartInterview';

const PER_PAGE = 10;
const FILTERS = ['q', 'career_id', 'tag', 'difficulty', 'lang', 'has_answer', 'company'] as const;
type Url = ReturnType<typeof useUrlState<(typeof FILTERS)[number]>>;

function oneOf<T extends string>(list: readonly T[], v: string): T | undefined {
  return (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A text filter typed locally and applied on Enter / pick / clear, following URL changes (back). */
function useDraft(urlValue: string): [string, (v: string) => void] {
  const [draft, setDraft] = useState(urlValue);
  useEffect(() => setDraft(urlValue), [urlValue]);
  return [draft, setDraft];
}

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

function Filters({ url, tagOptions }: { url: Url; tagOptions: string[] }) {
  const { t } = useTranslation();
  const { values, update } = url;
  const careers = useCareers();
  const [tag, setTag] = useDraft(values.tag);
  const options = tagOptions
    .filter((x) => !tag || x.toLowerCase().includes(tag.trim().toLowerCase()))
    .slice(0, 12)
    .map((x) => ({ value: x }));
  return (
    <Flex wrap gap={8} className="mj-filters" data-testid="question-filters">
      <div className="mj-filter">
        <Select<number>
          value={values.career_id ? Number(values.career_id) : undefined}
          onChange={(v) => update({ career_id: v ?? '' })}
          allowClear
          placeholder={t('exp.career')}
          options={(careers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          loading={careers.isPending}
          style={{ width: '100%' }}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="filter-career"
        />
      </div>
      <div className="mj-filter">
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
        />
      </div>
      <div className="mj-filter">
        <Select<InterviewDifficulty>
          value={oneOf(INTERVIEW_DIFFICULTIES, values.difficulty)}
          onChange={(v) => update({ difficulty: v ?? '' })}
          allowClear
          placeholder={t('question.difficulty')}
          options={INTERVIEW_DIFFICULTIES.map((d) => ({ value: d, label: t(`difficulty.${d}`) }))}
          style={{ width: '100%' }}
          data-testid="filter-difficulty"
        />
      </div>
      <div className="mj-filter">
        <Select<QuestionLang>
          value={oneOf(QUESTION_LANGS, values.lang)}
          onChange={(v) => update({ lang: v ?? '' })}
          allowClear
          placeholder={t('question.lang')}
          options={QUESTION_LANGS.map((l) => ({ value: l, label: t(`question.langs.${l}`) }))}
          style={{ width: '100%' }}
          data-testid="filter-lang"
        />
      </div>
      <div className="mj-filter">
        <Select<'true' | 'false'>
          value={values.has_answer === 'true' || values.has_answer === 'false' ? values.has_answer : undefined}
          onChange={(v) => update({ has_answer: v ?? '' })}
          allowClear
          placeholder={t('question.hasAnswer')}
          options={[
            { value: 'true', label: t('question.withAnswer') },
            { value: 'false', label: t('question.withoutAnswer') },
          ]}
          style={{ width: '100%' }}
          data-testid="filter-has-answer"
        />
      </div>
    </Flex>
  );
}

/** 随机抽题: a handful of random questions under the current filters, to read or practise. */
function RandomDraw({ query, open, onClose }: { query: QuestionQuery; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
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
              {q.career_name ? <Tag style={{ marginInlineStart: 8 }}>{q.career_name}</Tag> : null}
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
              {c.name}
            </Tag.CheckableTag>
          ))}
        </Flex>
      </Card>
    </Space>
  );
}

export default function QuestionBank() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const url = useUrlState(FILTERS);
  const { values, page, update, clear } = url;
  const [q, setQ] = useDraft(values.q);
  const [showFilters, setShowFilters] = useState(false);
  const [randomOpen, setRandomOpen] = useState(false);
  const interview = useStartInterview();

  const base = toQuery(values);
  const query: QuestionQuery = { ...base, page, per_page: PER_PAGE };
  const list = useQuery({
    queryKey: [...pkeys.questionLists, 'bank', query],
    queryFn: ({ signal }) => questionApi.list(query, signal),
    placeholderData: keepPreviousData,
  });

  // Tag suggestions: the tags of the questions seen so far, most frequent first.
  const [seenTags, setSeenTags] = useState<Record<string, number>>({});
  useEffect(() => {
    if (!list.data) return;
    setSeenTags((prev) => {
      const next = { ...prev };
      for (const item of list.data.items) for (const tag of item.tags) next[tag] = (next[tag] ?? 0) + 1;
      return next;
    });
  }, [list.data]);
  const tagOptions = useMemo(() => Object.entries(seenTags).sort((a, b) => b[1] - a[1]).map(([k]) => k), [seenTags]);

  const activeFilters = (['career_id', 'tag', 'difficulty', 'lang', 'has_answer'] as const).filter((k) => values[k]).length;
  const filtered = activeFilters > 0 || !!values.q || !!values.company;
  const ids = list.data?.items.map((x) => x.id) ?? [];

  const total = list.data ? (
    <Typography.Text type="secondary" data-testid="question-total">
      {t('question.totalFound', { total: list.data.total })}
    </Typography.Text>
  ) : (
    <span />
  );
  const clearButton = filtered ? (
    <Button type="link" onClick={() => clear()} style={{ paddingInline: 0 }} data-testid="clear-filters">
      {t('exp.clearFilters')}
    </Button>
  ) : null;

  return (
    <div data-testid="question-bank">
      <Flex justify="space-between" align="center" wrap gap={12} className="mj-page-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('question.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('features.questions')}</Typography.Text>
        </div>
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
      </Flex>

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
            <div className="mj-feed-head">
              <Input.Search
                value={q}
                onChange={(e) => setQ(e.target.value)}
                onSearch={(v) => update({ q: v.trim() })}
                placeholder={t('question.searchPlaceholder')}
                allowClear
                enterButton={t('common.search')}
                size="large"
                maxLength={100}
                data-testid="question-search"
              />
              {narrow ? (
                <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 12 }}>
                  <Button
                    icon={<FilterOutlined />}
                    onClick={() => setShowFilters((v) => !v)}
                    type={activeFilters ? 'primary' : 'default'}
                    ghost={!!activeFilters}
                    data-testid="toggle-filters"
                  >
                    {activeFilters ? t('exp.filtersActive', { count: activeFilters }) : t('exp.filters')}
                  </Button>
                  {clearButton}
                </Flex>
              ) : null}
              {!narrow || showFilters ? (
                <div style={{ marginTop: 12 }}>
                  <Filters url={url} tagOptions={tagOptions} />
                </div>
              ) : null}
              <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
                {total}
                {narrow ? null : clearButton}
              </Flex>
            </div>

            {list.isPending ? (
              <PageLoading />
            ) : list.isError ? (
              <div style={{ padding: '0 16px' }}>
                <ErrorState error={list.error} onRetry={() => list.refetch()} />
              </div>
            ) : list.data.items.length === 0 ? (
              <Empty
                className="mj-feed-empty"
                description={filtered ? t('question.emptyFiltered') : t('question.empty')}
                data-testid="question-empty"
              >
                {filtered ? <Button onClick={() => clear()}>{t('exp.clearFilters')}</Button> : null}
              </Empty>
            ) : (
              <div className={list.isPlaceholderData ? 'mj-post-list mj-stale' : 'mj-post-list'} data-testid="question-list">
                {list.data.items.map((item, i) => (
                  <QuestionCard key={item.id} q={item} index={(page - 1) * PER_PAGE + i + 1} onTag={(tag) => update({ tag })} />
                ))}
              </div>
            )}

            {list.data && list.data.total > PER_PAGE ? (
              <Flex justify="center" className="mj-pagination">
                <Pagination
                  current={page}
                  pageSize={PER_PAGE}
                  total={list.data.total}
                  showSizeChanger={false}
                  size={narrow ? 'small' : undefined}
                  onChange={(p) => {
                    update({ page: p });
                    window.scrollTo({ top: 0 });
                  }}
                  data-testid="question-pagination"
                />
              </Flex>
            ) : null}
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
