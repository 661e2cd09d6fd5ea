/** The Chart's props, in their own file so that Chart.tsx and the lazily loaded ChartImpl.tsx do not import each other. */
import type { EChartsCoreOption, ECharts } from 'echarts/core';

export type ChartOption = EChartsCoreOption;
export type ChartInstance = ECharts;

export interface ChartProps {
  option: ChartOption;
  /** pixels or any CSS height; default 300 */
  height?: number | string;
  loading?: boolean;
  /** replace the previous option instead of merging into it (default true) */
  notMerge?: boolean;
  /** further ECharts parts to register (from 'echarts/charts' or 'echarts/components') */
  parts?: unknown[];
  style?: React.CSSProperties;
  className?: string;
  /** called once with the ECharts instance, e.g. to bind click events */
  onReady?: (chart: ChartInstance) => void;
}
