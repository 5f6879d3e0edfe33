/**
 * Home: the 面经 feed. Filters (company, position, career, result, difficulty), search and sort
 * live in the URL query string; the side column invites writing and lists the busiest companies.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Col, Empty, Flex, Grid, Input, Pagination, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import { EditOutlined, FilterOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { experienceApi } from '../api/endpoints';
import {
  INTERVIEW_DIFFICULTIES,
  INTERVIEW_RESULTS,
  type ExperienceQuery,
  type ExperienceSort,
  type InterviewDifficulty,
  type InterviewResult,
} from '../api/types';
import { useMe } from '../auth/session';
import { displayName } from '../layout/UserArea';
import { NAV_ITEMS } from '../layout/nav';
import CompanyInput from '../components/community/CompanyInput';
import ExperienceCard from '../components/community/ExperienceCard';
import { keys, useCareers } from '../components/community/keys';
import { useUrlState } from '../components/community/useUrlState';
import { ErrorState, PageLoading } from '../components/States';

const PER_PAGE = 20;
const FILTERS = ['company', 'position', 'career_id', 'result', 'difficulty', 'q', 'sort'] as const;
const SORTS: ExperienceSort[] = ['latest', 'popular', 'top_rated'];

function oneOf<T extends string>(list: readonly T[], v: string): T | undefined {
  return (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A text filter typed locally and applied on Enter / pick / clear, following URL changes (back). */
function useDraft(urlValue: string): [string, (v: string) => void] {
  const [draft, setDraft] = useState(urlValue);
  useEffect(() => setDraft(urlValue), [urlValue]);
  return [draft, setDraft];
}

function Filters({ url }: { url: ReturnType<typeof useUrlState<(typeof FILTERS)[number]>> }) {
  const { t } = useTranslation();
  const { values, update } = url;
  const careers = useCareers();
  const [company, setCompany] = useDraft(values.company);
  const [position, setPosition] = useDraft(values.position);
  return (
    <Flex wrap gap={8} className="mj-filters" data-testid="feed-filters">
      <div className="mj-filter">
        <CompanyInput
          value={company}
          onChange={setCompany}
          onCommit={(v) => update({ company: v.trim() })}
          placeholder={t('exp.company')}
          allowClear
          testId="filter-company"
        />
      </div>
      <div className="mj-filter">
        <Input
          value={position}
          onChange={(e) => setPosition(e.target.value)}
          onPressEnter={() => update({ position: position.trim() })}
          onBlur={() => position.trim() !== values.position && update({ position: position.trim() })}
          onClear={() => update({ position: '' })}
          placeholder={t('exp.position')}
          allowClear
          data-testid="filter-position"
        />
      </div>
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
        <Select<InterviewResult>
          value={oneOf(INTERVIEW_RESULTS, values.result)}
          onChange={(v) => update({ result: v ?? '' })}
          allowClear
          placeholder={t('exp.result')}
          options={INTERVIEW_RESULTS.map((r) => ({ value: r, label: t(`result.${r}`) }))}
          style={{ width: '100%' }}
          data-testid="filter-result"
        />
      </div>
      <div className="mj-filter">
        <Select<InterviewDifficulty>
          value={oneOf(INTERVIEW_DIFFICULTIES, values.difficulty)}
          onChange={(v) => update({ difficulty: v ?? '' })}
          allowClear
          placeholder={t('exp.difficulty')}
          options={INTERVIEW_DIFFICULTIES.map((d) => ({ value: d, label: t(`difficulty.${d}`) }))}
          style={{ width: '100%' }}
          data-testid="filter-difficulty"
        />
      </div>
    </Flex>
  );
}

function Feed() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const url = useUrlState(FILTERS);
  const { values, page, update, clear } = url;
  const [q, setQ] = useDraft(values.q);
  const [showFilters, setShowFilters] = useState(false);

  const activeFilters = (['company', 'position', 'career_id', 'result', 'difficulty'] as const).filter((k) => values[k]).length;
  const sort = oneOf(SORTS, values.sort);
  const query: ExperienceQuery = {
    company: values.company || undefined,
    position: values.position || undefined,
    career_id: values.career_id ? Number(values.career_id) : undefined,
    result: oneOf(INTERVIEW_RESULTS, values.result),
    difficulty: oneOf(INTERVIEW_DIFFICULTIES, values.difficulty),
    q: values.q || undefined,
    sort,
    page,
    per_page: PER_PAGE,
  };
  const list = useQuery({
    queryKey: [...keys.experienceLists, 'feed', query],
    queryFn: ({ signal }) => experienceApi.list(query, signal),
    placeholderData: keepPreviousData,
  });

  // With a search the server ranks by relevance unless a sort is asked for.
  const sortOptions = [
    ...(values.q ? [{ value: 'relevance', label: t('sort.relevance') }] : []),
    ...SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) })),
  ];
  const sortValue = sort ?? (values.q ? 'relevance' : 'latest');
  const filtered = activeFilters > 0 || !!values.q;

  return (
    <Card className="mj-feed" data-testid="feed" styles={{ body: { padding: 0 } }}>
      <div className="mj-feed-head">
        <Input.Search
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
          placeholder={t('community.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          size="large"
          data-testid="feed-search"
          maxLength={100}
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
            <Segmented
              value={sortValue}
              options={sortOptions}
              onChange={(v) => update({ sort: v === 'relevance' || (v === 'latest' && !values.q) ? '' : String(v) })}
              data-testid="feed-sort"
            />
          </Flex>
        ) : null}
        {!narrow || showFilters ? (
          <div style={{ marginTop: 12 }}>
            <Filters url={url} />
          </div>
        ) : null}
        {narrow ? null : (
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
            <Segmented
              value={sortValue}
              options={sortOptions}
              onChange={(v) => update({ sort: v === 'relevance' || (v === 'latest' && !values.q) ? '' : String(v) })}
              data-testid="feed-sort"
            />
            <Space size={12}>
              {list.data ? (
                <Typography.Text type="secondary" data-testid="feed-total">
                  {t('exp.totalFound', { total: list.data.total })}
                </Typography.Text>
              ) : null}
              {filtered ? (
                <Button type="link" onClick={() => clear()} style={{ paddingInline: 0 }} data-testid="clear-filters">
                  {t('exp.clearFilters')}
                </Button>
              ) : null}
            </Space>
          </Flex>
        )}
        {narrow && filtered ? (
          <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
            {list.data ? (
              <Typography.Text type="secondary" data-testid="feed-total">
                {t('exp.totalFound', { total: list.data.total })}
              </Typography.Text>
            ) : <span />}
            <Button type="link" onClick={() => clear()} style={{ paddingInline: 0 }} data-testid="clear-filters">
              {t('exp.clearFilters')}
            </Button>
          </Flex>
        ) : null}
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
          description={
            <Space orientation="vertical" size={2}>
              <Typography.Text strong>{t('exp.emptyTitle')}</Typography.Text>
              <Typography.Text type="secondary">{filtered ? t('exp.emptyFiltered') : t('exp.emptyDesc')}</Typography.Text>
            </Space>
          }
          data-testid="feed-empty"
        >
          <Link to="/experiences/new">
            <Button type="primary" icon={<EditOutlined />} data-testid="empty-write">
              {t('community.write')}
            </Button>
          </Link>
        </Empty>
      ) : (
        <div className={list.isPlaceholderData ? 'mj-post-list mj-stale' : 'mj-post-list'} data-testid="feed-list">
          {list.data.items.map((item) => (
            <ExperienceCard key={item.id} item={item} />
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
            data-testid="feed-pagination"
          />
        </Flex>
      ) : null}
    </Card>
  );
}

function HotCompanies() {
  const { t } = useTranslation();
  const url = useUrlState(FILTERS);
  const companies = useQuery({
    queryKey: [...keys.companies, ''],
    queryFn: ({ signal }) => experienceApi.companies('', signal),
    staleTime: 60_000,
  });
  const items = companies.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card title={t('exp.hotCompanies')} size="small" data-testid="hot-companies">
      <Flex wrap gap={6}>
        {items.slice(0, 16).map((c) => (
          <Tag.CheckableTag
            key={c.name}
            checked={url.values.company === c.name}
            onChange={(on) => url.update({ company: on ? c.name : '' })}
            className="mj-hot-tag"
          >
            {c.name} <span className="mj-tag-count">{c.count}</span>
          </Tag.CheckableTag>
        ))}
      </Flex>
    </Card>
  );
}

export default function Home() {
  const { t } = useTranslation();
  const me = useMe();
  const user = me.data;

  return (
    <div data-testid="home">
      <div className="mj-hero mj-hero-compact">
        <div>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }} data-testid="home-greeting">
            {user ? t('home.welcome', { name: displayName(user) }) : t('home.welcomeGuest')}
          </Typography.Title>
          <Typography.Paragraph style={{ margin: 0, fontSize: 14, opacity: 0.92 }}>{t('home.intro')}</Typography.Paragraph>
        </div>
        <Space wrap>
          <Link to="/experiences/new">
            <Button size="large" icon={<EditOutlined />} className="mj-hero-primary" data-testid="write-experience">
              {t('community.write')}
            </Button>
          </Link>
          {user || me.isPending ? null : (
            <Link to="/signup">
              <Button size="large" ghost>
                {t('home.joinNow')}
              </Button>
            </Link>
          )}
        </Space>
      </div>

      <Row gutter={[20, 20]}>
        <Col xs={24} lg={17}>
          <Feed />
        </Col>
        <Col xs={24} lg={7}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <HotCompanies />
            <Card title={t('home.quickLinks')} size="small" styles={{ body: { padding: 12 } }}>
              <Row gutter={[8, 8]}>
                {NAV_ITEMS.filter((i) => i.key !== 'home').map((item) => (
                  <Col span={12} key={item.key}>
                    <Link to={item.path}>
                      <Button block icon={item.icon} style={{ justifyContent: 'flex-start' }}>
                        {t(`nav.${item.key}`)}
                      </Button>
                    </Link>
                  </Col>
                ))}
              </Row>
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
