/**
 * Rows people compare (categories, sources, places, people) as horizontal bars: long Chinese labels stay readable
 * at phone width, and the chart grows with the rows. Rows with nothing to show are left out of the chart (the table
 * beside it keeps them).
 *
 *   <Bars option={barsOption(labels, [{ name: '受理', data: counts }])} />
 */
import { Chart, type ChartOption } from '../Chart.tsx';

/**
 * `limit`: at most this many rows (the first ones, so sort the rows first); a long list stays a table.
 * `keepZeros`: show rows whose values are all 0 too (where 0 is a result, as in a ranking).
 */
export function barsOption(labels: string[], series: { name: string; data: number[] }[], limit = 20, keepZeros = false): ChartOption | null {
  const shown = labels
    .map((_, i) => i)
    .filter((i) => keepZeros || series.some((s) => s.data[i] > 0))
    .slice(0, limit);
  if (!shown.length) return null;
  const pick = <T,>(xs: T[]) => shown.map((i) => xs[i]).reverse(); // the first row on top
  const legend = series.length > 1;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: legend ? { top: 0 } : undefined,
    grid: { left: 8, right: 16, top: legend ? 32 : 8, bottom: 8 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: pick(labels) },
    series: series.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 14, data: pick(s.data) })),
  };
}

const barsHeight = (option: ChartOption) => {
  const rows = (option.yAxis as { data: string[] }).data.length;
  const series = (option.series as unknown[]).length;
  return (option.legend ? 56 : 32) + rows * (14 + 10 * series);
};

export function Bars({ option }: { option: ChartOption | null }) {
  if (!option) return null;
  return <Chart option={option} height={barsHeight(option)} style={{ marginBottom: 12 }} />;
}

