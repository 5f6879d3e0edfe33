/**
 * `/companies/:id`: what interviewing at a company is like — number of 面经, outcome shares, difficulty
 * mix, average rating, a trend by recruiting season, positions, the most asked bank questions with
 * "practise these" (a mock interview of exactly them), and the recent 面经.
 */
import { useMemo } from 'react';
import { Breadcrumb, Button, Card, Col, Empty, Flex, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { companyApi, companyKeys, type CompanyDetail } from '../../api/companies';
import { isApiError } from '../../api/client';
import { experienceApi } from '../../api/endpoints';
import Chart, { CHART_COLORS, type ChartOption } from '../../components/charts';
import ExperienceCard from '../../components/community/ExperienceCard';
import { keys } from '../../components/community/keys';
import { useStartInterview } from '../../components/questions/useStartInterview';
import { ErrorState, NotFoundResult, PageLoading } from '../../components/States';
import { usePageTitle } from '../../layout/DocumentTitle';
import './companies.css';

const RECENT = 5;

const percent = (share: number | null | undefined) => (share == null ? null : Math.round(share * 100));

function Outcomes({ c }: { c: CompanyDetail }) {
  const { t } = useTranslation();
  const o = c.outcomes;
  const rows = [
    { key: 'offer', label: t('result.offer'), n: o.offer, share: o.share_offer, color: '#52c41a' },
    { key: 'rejected', label: t('result.rejected'), n: o.rejected, share: o.share_rejected, color: '#ff4d4f' },
    { key: 'pending', label: t('result.pending'), n: o.pending, share: o.share_pending, color: '#1677ff' },
  ];
  return (
    <Card title={t('companies.outcomes')} size="small" className="mj-full-height" data-testid="company-outcomes">
      {rows.map((r) => (
        <div key={r.key} data-testid={`outcome-${r.key}`}>
          <Flex justify="space-between">
            <span>{r.label}</span>
            <Typography.Text type="secondary">
              {r.n}
              {r.share != null ? ` · ${percent(r.share)}%` : ''}
            </Typography.Text>
          </Flex>
          <Progress percent={percent(r.share) ?? 0} showInfo={false} strokeColor={r.color} size="small" />
        </div>
      ))}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('companies.outcomesHint', { count: o.unknown })}
      </Typography.Paragraph>
    </Card>
  );
}

function Difficulty({ c }: { c: CompanyDetail }) {
  const { t } = useTranslation();
  const d = c.difficulty;
  const total = d.easy + d.medium + d.hard + d.unknown;
  const rows = [
    { key: 'easy', label: t('difficulty.easy'), n: d.easy, color: '#52c41a' },
    { key: 'medium', label: t('difficulty.medium'), n: d.medium, color: '#fa8c16' },
    { key: 'hard', label: t('difficulty.hard'), n: d.hard, color: '#ff4d4f' },
    { key: 'unknown', label: t('companies.unknown'), n: d.unknown, color: '#bfbfbf' },
  ];
  return (
    <Card title={t('companies.difficulty')} size="small" className="mj-full-height" data-testid="company-difficulty">
      {rows.map((r) => (
        <div key={r.key}>
          <Flex justify="space-between">
            <span>{r.label}</span>
            <Typography.Text type="secondary">{r.n}</Typography.Text>
          </Flex>
          <Progress percent={total ? Math.round((r.n / total) * 100) : 0} showInfo={false} strokeColor={r.color} size="small" />
        </div>
      ))}
    </Card>
  );
}

function Seasons({ c }: { c: CompanyDetail }) {
  const { t, i18n } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const labels = c.seasons.map((s) => t(s.term === 'autumn' ? 'companies.season_autumn' : 'companies.season_spring', { year: s.year }));
    const series = (name: string, pick: (s: CompanyDetail['seasons'][number]) => number, color: string) => ({
      type: 'bar' as const,
      name,
      stack: 'outcomes',
      data: c.seasons.map(pick),
      itemStyle: { color },
      barMaxWidth: 36,
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, textStyle: { fontSize: 11 } },
      grid: { left: 32, right: 12, top: 16, bottom: 72 },
      xAxis: { type: 'category', data: labels, axisLabel: { fontSize: 11, interval: 0, rotate: labels.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        series(t('result.offer'), (s) => s.outcomes.offer, '#52c41a'),
        series(t('result.rejected'), (s) => s.outcomes.rejected, '#ff4d4f'),
        series(t('result.pending'), (s) => s.outcomes.pending, '#1677ff'),
        series(t('companies.unknown'), (s) => s.outcomes.unknown, '#d9d9d9'),
        {
          type: 'line',
          name: t('companies.seasonTotal'),
          data: c.seasons.map((s) => s.total),
          itemStyle: { color: CHART_COLORS[3] },
          smooth: true,
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c, i18n.language]);
  return (
    <Card title={t('companies.seasons')} size="small" data-testid="company-seasons">
      {c.seasons.length ? (
        <Chart option={option} height={280} label={t('companies.seasons')} testId="company-season-chart" />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('companies.noSeasons')} />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('companies.seasonsHint')}
      </Typography.Paragraph>
    </Card>
  );
}

function Positions({ c }: { c: CompanyDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('companies.positions')} size="small" data-testid="company-positions">
      <Table
        size="small"
        pagination={false}
        rowKey={(p) => p.position ?? ''}
        dataSource={c.positions}
        locale={{ emptyText: t('companies.noSeasons') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('companies.position'),
            dataIndex: 'position',
            render: (p: string | null) =>
              p ? (
                <Link to={`/?company=${encodeURIComponent(c.name)}&position=${encodeURIComponent(p)}`}>{p}</Link>
              ) : (
                <Typography.Text type="secondary">{t('companies.noPosition')}</Typography.Text>
              ),
          },
          { title: t('companies.total'), dataIndex: 'total', align: 'right' as const },
          { title: t('companies.offers'), dataIndex: 'offer', align: 'right' as const },
          { title: t('companies.rejected'), dataIndex: 'rejected', align: 'right' as const },
        ]}
      />
    </Card>
  );
}

function Questions({ c }: { c: CompanyDetail }) {
  const { t } = useTranslation();
  const interview = useStartInterview();
  return (
    <Card
      title={t('companies.questions')}
      size="small"
      data-testid="company-questions"
      extra={
        c.questions.length ? (
          <Button
            type="primary"
            size="small"
            icon={<ThunderboltOutlined />}
            loading={interview.pending}
            onClick={() => interview.practise(c.questions.map((q) => q.id))}
            data-testid="practise-these"
          >
            {t('companies.practise')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('companies.questionsHint')}
      </Typography.Paragraph>
      {c.questions.length ? (
        <ol className="mj-company-questions">
          {c.questions.map((q) => (
            <li key={q.id} data-testid="company-question">
              <Link to={`/questions/${q.id}`}>{q.content}</Link>{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {t('companies.askedTimes', { count: q.count })}
              </Typography.Text>
            </li>
          ))}
        </ol>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('companies.noQuestions')} />
      )}
    </Card>
  );
}

function Recent({ c }: { c: CompanyDetail }) {
  const { t } = useTranslation();
  const query = { company_id: c.id, per_page: RECENT };
  const list = useQuery({
    queryKey: [...keys.experienceLists, query],
    queryFn: ({ signal }) => experienceApi.list(query, signal),
    staleTime: 30_000,
  });
  return (
    <Card
      title={t('companies.recent')}
      size="small"
      data-testid="company-recent"
      extra={
        c.count > RECENT ? (
          <Link to={`/?company=${encodeURIComponent(c.name)}`}>{t('companies.allExperiences', { count: c.count })}</Link>
        ) : null
      }
    >
      {list.isPending ? (
        <PageLoading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length ? (
        list.data.items.map((e) => <ExperienceCard key={e.id} item={e} />)
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('companies.noExperiences')} />
      )}
    </Card>
  );
}

export default function CompanyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const q = useQuery({ queryKey: companyKeys.detail(id), queryFn: () => companyApi.get(id), enabled: valid, staleTime: 30_000 });
  usePageTitle(q.data ? t('companies.pageTitle', { name: q.data.name }) : t('companies.title'));

  if (!valid) return <NotFoundResult subTitle={t('companies.notFound')} />;
  if (q.isPending) return <PageLoading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) return <NotFoundResult subTitle={t('companies.notFound')} />;
    return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  }
  const c = q.data;
  const others = c.aliases.filter((a) => a !== c.name);
  const offer = percent(c.outcomes.share_offer);
  return (
    <div className="mj-medium" data-testid="company-page">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/companies">{t('companies.title')}</Link> }, { title: c.name }]}
      />
      <Typography.Title level={2} style={{ marginTop: 0 }} data-testid="company-title">
        {c.name}
      </Typography.Title>
      {others.length ? (
        <Flex wrap gap={4} align="center" style={{ marginBottom: 12 }} data-testid="company-aliases">
          <Typography.Text type="secondary">{t('companies.aliases')}:</Typography.Text>
          {others.map((a) => (
            <Tag key={a} variant="filled">
              {a}
            </Tag>
          ))}
        </Flex>
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('companies.experiences')} value={c.count} data-testid="stat-count" />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('companies.offerRate')} value={offer ?? '—'} suffix={offer != null ? '%' : undefined} data-testid="stat-offer" />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('companies.averageRating')}
              value={c.average_rating != null ? c.average_rating.toFixed(1) : '—'}
              suffix={c.average_rating != null ? '/ 5' : undefined}
              data-testid="stat-rating"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.ratings ? t('companies.ratings', { count: c.ratings }) : t('companies.noRating')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Outcomes c={c} />
        </Col>
        <Col xs={24} md={12}>
          <Difficulty c={c} />
        </Col>
        <Col xs={24}>
          <Seasons c={c} />
        </Col>
        <Col xs={24} lg={12}>
          <Questions c={c} />
        </Col>
        <Col xs={24} lg={12}>
          <Positions c={c} />
        </Col>
        <Col xs={24}>
          <Recent c={c} />
        </Col>
      </Row>
    </div>
  );
}
