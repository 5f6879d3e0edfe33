/**
 * Charts, loaded lazily: ECharts (~400 kB) is fetched the first time a chart is shown, while the
 * rest of the page (scores, hints, answers) renders at once. A placeholder of the chart's height
 * keeps the layout from jumping.
 */
import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import type { EChartProps } from './EChart';

export type { ChartOption } from './types';

const EChart = lazy(() => import('./EChart'));

export default function Chart(props: EChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height }} />}>
      <EChart {...props} />
    </Suspense>
  );
}

/** Brand colours for series, in order. */
export const CHART_COLORS = ['#0e9f6e', '#1677ff', '#fa8c16', '#722ed1', '#eb2f96', '#13a8a8'];
