/**
 * Charts for every page, through ECharts' modular build (`echarts/core`; the full bundle is ~700 kB gzip).
 * ECharts itself loads on first use in its own chunk, so a page with a chart opens without waiting for it.
 *
 *   import { Chart } from '../../app/Chart.tsx';
 *   <Chart height={280} option={{
 *     tooltip: { trigger: 'axis' },
 *     xAxis: { type: 'category', data: names }, yAxis: { type: 'value' },
 *     series: [{ type: 'bar', data: counts }],
 *   }} />
 *
 * Props: `option` (an ECharts option; a new object re-renders the chart, replacing the old option unless
 * `notMerge={false}`), `height` (px or CSS, default 300), `loading`, `style`, `className`,
 * `onReady(chart)` (the ECharts instance, e.g. `chart.on('click', ...)`), `parts`.
 * Built in: bar, line and pie charts; grid, tooltip, legend, title, dataset and mark-line components;
 * canvas renderer. Other chart types or components go in `parts`, imported by your page:
 *
 *   import { RadarChart } from 'echarts/charts';
 *   <Chart parts={[RadarChart]} option={...} />
 *
 * Never import 'echarts' (the full build). The chart follows its container's width and is disposed on unmount.
 */
import { lazy, Suspense } from 'react';
import type { ChartProps } from './chart-types.ts';

export type { ChartInstance, ChartOption, ChartProps } from './chart-types.ts';

const ChartImpl = lazy(() => import('./ChartImpl.tsx'));

export function Chart(props: ChartProps) {
  const { height = 300 } = props;
  return (
    <Suspense fallback={<div className={props.className} style={{ width: '100%', height, ...props.style }} />}>
      <ChartImpl {...props} />
    </Suspense>
  );
}

export default Chart;
