/**
 * `/`: the 面经 list (the home page). Filters (company, position, career, result, difficulty),
 * search and sort live in the URL query string; the side column invites writing and lists the
 * busiest companies.
 *
 * Language (issue 19): the feed shows posts in the reader's language first — `lang` defaults to
 * `zh` for zh-CN and zh-TW, `en` for English — with a switch to the other language or all; when a
 * filtered page is short it says so and offers all languages. The Atom feed (of the chosen
 * company, if any) is linked beside it.
 */
import { Alert, Button, Card, Col, Flex, Input, Row, Segmented, Space, Tag, Typography } from 'antd';
import { EditOutlined, WifiOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { experienceApi, feedUrl } from '../../api/endpoints';
import { FEED_LANGS, INTERVIEW_DIFFICULTIES, INTERVIEW_RESULTS, oneOf, type ExperienceQuery, type FeedLang } from '../../api/types';
import { useMe } from '../../auth/session';
import { displayName } from '../../layout/UserArea';
import { NAV_ITEMS } from '../../layout/nav';
import FilterBar, { CareerFilter, ChoiceFilter, useDraft } from '../../components/FilterBar';
import PagedList, { ListEmpty, usePagedQuery } from '../../components/PagedList';
import UpcomingInterviews from '../../components/applications/UpcomingInterviews';
import CompanyInput from '../../components/community/CompanyInput';
import ExperienceCard from '../../components/community/ExperienceCard';
import { keys } from '../../components/community/keys';
import { useUrlState } from '../../components/community/useUrlState';
import '../../layout/community-basics.css';

const PER_PAGE = 20;
const FILTERS = ['company', 'position', 'career_id', 'result', 'difficulty', 'q', 'sort', 'lang'] as const;
const SORTS = ['latest', 'popular', 'top_rated', 'helpful'] as const;
type Url = ReturnType<typeof useUrlState<(typeof FILTERS)[number]>>;

function useFilters(url: Url) {
  const { values, update } = url;
  const { t } = useTranslation();
  const [company, setCompany] = useDraft(values.company);
  const [position, setPosition] = useDraft(values.position);
  return [
    <CompanyInput
      value={company}
      onChange={setCompany}
      onCommit={(v) => update({ company: v.trim() })}
      placeholder={t('exp.company')}
      allowClear
      testId="filter-company"
    />,
    <Input
      value={position}
      onChange={(e) => setPosition(e.target.value)}
      onPressEnter={() => update({ position: position.trim() })}
      onBlur={() => position.trim() !== values.position && update({ position: position.trim() })}
      onClear={() => update({ position: '' })}
      placeholder={t('exp.position')}
      allowClear
      data-testid="filter-position"
    />,
    <CareerFilter url={url} />,
    <ChoiceFilter url={url} name="result" choices={INTERVIEW_RESULTS} label={(r) => t(`result.${r}`)} placeholder={t('exp.result')} />,
    <ChoiceFilter
      url={url}
      name="difficulty"
      choices={INTERVIEW_DIFFICULTIES}
      label={(d) => t(`difficulty.${d}`)}
      placeholder={t('exp.difficulty')}
    />,
  ];
}

/** The reader's language as a feed filter: zh-CN and zh-TW read `zh`, English `en`. */
function useDefaultLang(): FeedLang {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('zh') ? 'zh' : 'en';
}

/** The language switch and the Atom link above the feed. */
function LangBar({ lang, company, onChange }: { lang: FeedLang; company: string; onChange: (l: FeedLang) => void }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" wrap gap={8} className="mj-feed-lang">
      <Segmented<FeedLang>
        value={lang}
        options={FEED_LANGS.map((l) => ({ value: l, label: t(`communityBasics.lang.${l}`) }))}
        onChange={onChange}
        aria-label={t('communityBasics.lang.label')}
        data-testid="feed-lang"
      />
      <a
        href={feedUrl(company || undefined)}
        type="application/atom+xml"
        title={company ? t('communityBasics.feedOf', { company }) : t('communityBasics.feedAll')}
        data-testid="feed-atom"
      >
        <WifiOutlined style={{ transform: 'rotate(45deg)' }} /> {t('communityBasics.feed')}
      </a>
    </Flex>
  );
}

function Feed() {
  const { t } = useTranslation();
  const url = useUrlState(FILTERS);
  const { values, update, clear } = url;
  const filters = useFilters(url);
  const defaultLang = useDefaultLang();
  const lang = oneOf(FEED_LANGS, values.lang) ?? defaultLang;

  const active = (['company', 'position', 'career_id', 'result', 'difficulty'] as const).filter((k) => values[k]).length;
  const sort = oneOf(SORTS, values.sort);
  const query: ExperienceQuery = {
    company: values.company || undefined,
    position: values.position || undefined,
    career_id: values.career_id ? Number(values.career_id) : undefined,
    result: oneOf(INTERVIEW_RESULTS, values.result),
    difficulty: oneOf(INTERVIEW_DIFFICULTIES, values.difficulty),
    q: values.q || undefined,
    sort,
    lang,
  };
  const list = usePagedQuery(
    [...keys.experienceLists, 'feed', query],
    (page, per_page, signal) => experienceApi.list({ ...query, page, per_page }, signal),
    PER_PAGE,
    url,
  );
  const filtered = active > 0 || !!values.q;
  const total = list.query.data?.total;
  // A filtered language whose page is not full: say so, and offer every language.
  const short = lang !== 'all' && total !== undefined && total < PER_PAGE;

  return (
    <Card className="mj-feed" data-testid="feed" styles={{ body: { padding: 0 } }}>
      <FilterBar
        testId="feed"
        search={{ value: values.q, onSearch: (q) => update({ q }), placeholder: t('community.searchPlaceholder') }}
        filters={filters}
        active={active}
        sort={{ options: SORTS, value: sort, onChange: (s) => update({ sort: s }) }}
        total={list.query.data?.total}
        totalLabel={(total) => t('exp.totalFound', { total })}
        filtered={filtered}
        onClear={() => clear(['lang'])}
      />
      <LangBar lang={lang} company={values.company} onChange={(l) => update({ lang: l === defaultLang ? '' : l })} />
      {short ? (
        <Alert
          type="info"
          showIcon
          className="mj-feed-lang-note"
          data-testid="feed-lang-short"
          title={t('communityBasics.langShort', { which: t(`communityBasics.langOnly.${lang}`), total })}
          action={
            <Button size="small" onClick={() => update({ lang: 'all' })} data-testid="feed-lang-all">
              {t('communityBasics.showAll')}
            </Button>
          }
        />
      ) : null}
      <PagedList
        list={list}
        testId="feed-list"
        empty={
          <ListEmpty
            title={t('exp.emptyTitle')}
            description={filtered ? t('exp.emptyFiltered') : t('exp.emptyDesc')}
            testId="feed-empty"
          >
            <Link to="/experiences/new">
              <Button type="primary" icon={<EditOutlined />} data-testid="empty-write">
                {t('community.write')}
              </Button>
            </Link>
          </ListEmpty>
        }
      >
        {(item) => <ExperienceCard key={item.id} item={item} />}
      </PagedList>
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

export default function ExperienceList() {
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

      <UpcomingInterviews />
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
