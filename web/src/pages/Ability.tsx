/**
 * `/ability` 能力分析 (`GET /api/users/ability`): a radar chart of the score per career/tag, a bar
 * chart of the answer skills (要点覆盖, 结构, 流畅度, 篇幅, 语速) and the trend of finished
 * interviews. A radar needs at least three axes: with fewer practised areas the chart adds
 * careers not practised yet (grey, 0) so the shape still reads — and invites practising them.
 */
import { useMemo } from 'react';
import { Button, Card, Col, Empty, Flex, Row, Space, Statistic, Table, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { learningApi } from '../api/endpoints';
import { SCORE_DIMENSIONS, careerLabel, type Ability, type Career } from '../api/types';
import Chart, { CHART_COLORS, type ChartOption } from '../components/charts';
import { formatDate, formatDateTime } from '../components/format';
import { ErrorState, PageLoading } from '../components/States';
import { useCareers } from '../components/community/keys';
import { scoreColor } from '../components/interviews/labels';
import { pkeys } from '../components/questions/keys';
import PageHead from '../components/PageHead';

const RADAR_MAX_AXES = 8;
const RADAR_MIN_AXES = 5;

/** Ability dimensions are named by the stored career name (or a tag): shown as the career's label. */
function topicLabel(careers: Career[], name: string): string {
  const c = careers.find((k) => k.name === name);
  return c ? careerLabel(c) : name;
}

function RadarCard({ ability, careers }: { ability: Ability; careers: Career[] }) {
  const { t, i18n } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const dims = [...ability.dimensions].sort((a, b) => b.answers - a.answers).slice(0, RADAR_MAX_AXES);
    const label = (name: string) => topicLabel(careers, name);
    const axes = dims.map((d) => ({ name: label(d.name), max: 100, color: '#333' }));
    const values = dims.map((d) => d.score);
    if (axes.length < 3) {
      for (const c of careers) {
        if (axes.length >= RADAR_MIN_AXES) break;
        if (axes.some((a) => a.name === careerLabel(c))) continue;
        axes.push({ name: careerLabel(c), max: 100, color: '#bbb' });
        values.push(0);
      }
    }
    return {
      tooltip: { trigger: 'item' },
      radar: {
        indicator: axes,
        radius: '66%',
        splitNumber: 4,
        axisName: { fontSize: 12 },
        splitArea: { areaStyle: { color: ['#f7fbf9', '#fff'] } },
      },
      series: [
        {
          type: 'radar',
          name: t('ability.radar'),
          symbolSize: 7,
          label: { show: true, color: '#0b7f58', fontWeight: 600, formatter: (p: { value: unknown }) => (p.value ? String(p.value) : '') },
          areaStyle: { color: 'rgba(14,159,110,0.22)' },
          lineStyle: { color: '#0e9f6e', width: 2 },
          itemStyle: { color: '#0e9f6e' },
          data: [{ value: values, name: t('ability.score') }],
        },
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ability, careers, i18n.language]);
  const padded = ability.dimensions.length < 3;
  return (
    <Card title={t('ability.radar')} size="small" className="mj-full-height" data-testid="ability-radar-card">
      <Chart option={option} height={300} label={t('ability.radar')} testId="ability-radar" />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('ability.radarHelp')}
        {padded ? ` ${t('ability.radarPadded')}` : ''}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        style={{ marginTop: 8 }}
        dataSource={[...ability.dimensions].sort((a, b) => b.score - a.score)}
        columns={[
          { title: t('ability.dimension'), dataIndex: 'name', render: (v: string) => topicLabel(careers, v) },
          {
            title: t('ability.score'),
            dataIndex: 'score',
            width: 90,
            render: (v: number) => <span style={{ color: scoreColor(v), fontWeight: 600 }}>{v}</span>,
          },
          { title: t('ability.answers'), dataIndex: 'answers', width: 90 },
        ]}
        data-testid="ability-table"
      />
    </Card>
  );
}

function SkillsCard({ ability }: { ability: Ability }) {
  const { t, i18n } = useTranslation();
  const keys = SCORE_DIMENSIONS.filter((k) => ability.skills[k] !== undefined);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: keys.map((k) => t(`report.dims.${k}`)), axisTick: { show: false }, axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', min: 0, max: 100, interval: 25 },
      series: [
        {
          type: 'bar',
          name: t('ability.score'),
          barMaxWidth: 36,
          data: keys.map((k) => ({ value: ability.skills[k], itemStyle: { color: scoreColor(ability.skills[k] ?? 0), borderRadius: [4, 4, 0, 0] } })),
          label: { show: true, position: 'top' },
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ability, i18n.language],
  );
  return (
    <Card title={t('ability.skills')} size="small" className="mj-full-height" data-testid="ability-skills-card">
      {keys.length ? (
        <Chart option={option} height={260} label={t('ability.skills')} testId="ability-skills" />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('report.dimsHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

function TrendCard({ ability }: { ability: Ability }) {
  const { t, i18n } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const points = ability.trend;
    // The three topics practised most often get their own line.
    const count: Record<string, number> = {};
    for (const p of points) for (const k of Object.keys(p.topics)) count[k] = (count[k] ?? 0) + 1;
    const topics = Object.entries(count)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k]) => k);
    const showTopics = topics.length > 1;
    return {
      color: CHART_COLORS,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'category', boundaryGap: points.length < 2, data: points.map((p) => formatDate(p.finished_at).slice(5)) },
      yAxis: { type: 'value', min: 0, max: 100, interval: 25 },
      series: [
        {
          type: 'line',
          name: t('ability.overall'),
          smooth: true,
          symbol: 'circle',
          symbolSize: 9,
          label: { show: points.length <= 12, position: 'top' },
          lineStyle: { width: 3 },
          areaStyle: { opacity: 0.08 },
          data: points.map((p) => p.overall_score),
        },
        ...(showTopics
          ? topics.map((k) => ({
              type: 'line' as const,
              name: k,
              smooth: true,
              symbolSize: 5,
              lineStyle: { width: 1.5, type: 'dashed' as const },
              connectNulls: true,
              data: points.map((p) => (k in p.topics ? p.topics[k] : null)),
            }))
          : []),
      ],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ability, i18n.language]);
  return (
    <Card title={t('ability.trend')} size="small" data-testid="ability-trend-card">
      {ability.trend.length ? (
        <Chart option={option} height={280} label={t('ability.trend')} testId="ability-trend" />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ability.noTrend')} />
      )}
    </Card>
  );
}

export default function AbilityPage() {
  const { t } = useTranslation();
  const careers = useCareers();
  const q = useQuery({ queryKey: pkeys.ability, queryFn: learningApi.ability });

  let body;
  if (q.isPending) body = <PageLoading />;
  else if (q.isError) body = <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  else if (q.data.dimensions.length === 0 && q.data.trend.length === 0)
    body = (
      <Card>
        <Empty
          className="mj-feed-empty"
          description={
            <Space orientation="vertical" size={2}>
              <Typography.Text strong>{t('ability.emptyTitle')}</Typography.Text>
              <Typography.Text type="secondary">{t('ability.emptyDesc')}</Typography.Text>
            </Space>
          }
          data-testid="ability-empty"
        >
          <Link to="/mock-interviews">
            <Button type="primary" icon={<PlayCircleOutlined />} data-testid="ability-start">
              {t('ability.start')}
            </Button>
          </Link>
        </Empty>
      </Card>
    );
  else {
    const a = q.data;
    const scores = a.trend.map((p) => p.overall_score);
    const last = a.trend[a.trend.length - 1];
    const avg = scores.length ? Math.round(scores.reduce((x, y) => x + y, 0) / scores.length) : null;
    const best = scores.length ? Math.max(...scores) : null;
    body = (
      <Space orientation="vertical" size={20} style={{ width: '100%' }}>
        <Row gutter={[12, 12]} data-testid="ability-stats">
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('ability.interviews')} value={a.trend.length} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={
                  <Flex justify="space-between" gap={4}>
                    {t('ability.latest')}
                    {last ? (
                      <Link to={`/mock-interviews/${last.interview_id}`} title={formatDateTime(last.finished_at)} style={{ fontSize: 12 }}>
                        {t('ability.viewReport')}
                      </Link>
                    ) : null}
                  </Flex>
                }
                value={last ? last.overall_score : '—'}
                styles={{ content: { color: last ? scoreColor(last.overall_score) : undefined } }}
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('ability.average')} value={avg ?? '—'} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('ability.best')} value={best ?? '—'} />
            </Card>
          </Col>
        </Row>
        <Row gutter={[20, 20]}>
          <Col xs={24} lg={12}>
            <RadarCard ability={a} careers={careers.data?.items ?? []} />
          </Col>
          <Col xs={24} lg={12}>
            <SkillsCard ability={a} />
          </Col>
        </Row>
        <TrendCard ability={a} />
      </Space>
    );
  }

  return (
    <div data-testid="ability-page">
      <PageHead
        title={t('ability.title')}
        subtitle={t('features.ability')}
        extra={
          <Link to="/mock-interviews">
            <Button icon={<PlayCircleOutlined />}>{t('ability.practise')}</Button>
          </Link>
        }
      />
      {body}
    </div>
  );
}
