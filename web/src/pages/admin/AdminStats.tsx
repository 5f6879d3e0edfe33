/**
 * `/admin/stats`: site statistics over the last 7/30/90/365 days (`GET /api/admin/stats?days=N`):
 * totals, then two charts per UTC day — new posts (面经 + discussions, stacked) with sign-ups, and
 * active users with mock interviews. ECharts loads only here (the lazy `Chart`).
 */
import { useMemo, useState } from 'react';
import { Card, Col, Row, Segmented, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { curationApi, curationKeys } from '../../api/curation';
import PageHead from '../../components/PageHead';
import { ErrorState, PageLoading } from '../../components/States';
import AdminNav from '../../components/admin/AdminNav';
import Chart, { CHART_COLORS, type ChartOption } from '../../components/charts';
import { usePageTitle } from '../../layout/DocumentTitle';

const RANGES = [7, 30, 90, 365] as const;

export default function AdminStats() {
  const { t } = useTranslation();
  usePageTitle(t('curation.stats.title'));
  const [days, setDays] = useState<number>(30);
  const stats = useQuery({ queryKey: curationKeys.stats(days), queryFn: () => curationApi.stats(days) });
  const s = stats.data;

  const [posts, active] = useMemo<[ChartOption, ChartOption]>(() => {
    const dates = (s?.series ?? []).map((d) => d.date.slice(5));
    const grid = { left: 36, right: 12, top: 36, bottom: 24 };
    const tooltip = { trigger: 'axis' as const };
    const x = { type: 'category' as const, data: dates };
    const y = { type: 'value' as const, minInterval: 1 };
    return [
      {
        color: CHART_COLORS,
        grid,
        tooltip,
        legend: { top: 0 },
        xAxis: x,
        yAxis: y,
        series: [
          { name: t('curation.stats.experiences'), type: 'bar', stack: 'posts', data: (s?.series ?? []).map((d) => d.experiences) },
          { name: t('curation.stats.discussions'), type: 'bar', stack: 'posts', data: (s?.series ?? []).map((d) => d.discussions) },
          { name: t('curation.stats.newUsers'), type: 'line', data: (s?.series ?? []).map((d) => d.new_users) },
        ],
      },
      {
        color: CHART_COLORS.slice(2),
        grid,
        tooltip,
        legend: { top: 0 },
        xAxis: x,
        yAxis: y,
        series: [
          { name: t('curation.stats.activeUsers'), type: 'line', data: (s?.series ?? []).map((d) => d.active_users) },
          { name: t('curation.stats.mockInterviews'), type: 'bar', data: (s?.series ?? []).map((d) => d.mock_interviews) },
        ],
      },
    ];
  }, [s, t]);

  return (
    <div data-testid="admin-stats">
      <AdminNav />
      <PageHead
        title={t('curation.stats.title')}
        subtitle={t('curation.stats.subtitle')}
        extra={
          <Segmented
            aria-label={t('curation.stats.range')}
            value={days}
            onChange={(v) => setDays(Number(v))}
            options={RANGES.map((n) => ({ value: n, label: <span data-testid={`stats-range-${n}`}>{t('curation.stats.days', { count: n })}</span> }))}
          />
        }
      />
      {stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
      ) : !s ? (
        <PageLoading />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="stats-totals">
            {(
              [
                ['users', s.users],
                ['newUsers', s.totals.new_users],
                ['posts', s.totals.posts],
                ['activeUsers', s.totals.active_users],
                ['mockInterviews', s.totals.mock_interviews],
              ] as const
            ).map(([k, v]) => (
              <Col key={k} xs={12} sm={8} md={4}>
                <Card size="small">
                  <Statistic title={t(`curation.stats.${k}`)} value={v} data-testid={`stats-${k}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t('curation.stats.chartPosts')} style={{ marginBottom: 16 }}>
            <Chart option={posts} height={280} label={t('curation.stats.chartPosts')} testId="stats-chart-posts" />
          </Card>
          <Card size="small" title={t('curation.stats.chartActive')} style={{ marginBottom: 16 }}>
            <Chart option={active} height={280} label={t('curation.stats.chartActive')} testId="stats-chart-active" />
          </Card>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('curation.stats.activeHint')}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
