/** The ECharts side of app/Chart.tsx, loaded on first use (see there). */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartInstance, ChartProps } from './chart-types.ts';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

const PALETTE = ['#1a5fb4', '#3ba272', '#fac858', '#ee6666', '#73c0de', '#9a60b4', '#fc8452', '#5470c6', '#91cc75', '#ea7ccc'];

export default function ChartImpl({ option, height = 300, loading, notMerge = true, parts, style, className, onReady }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  // registering is idempotent: echarts skips parts it already has
  if (parts?.length) echarts.use(parts as Parameters<typeof echarts.use>[0]);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas', locale: 'ZH' });
    chart.current = c;
    onReady?.(c as unknown as ChartInstance);
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    // aria: the chart's data also as a Chinese description on its element (screen readers, and tests can read it)
    chart.current?.setOption({ color: PALETTE, textStyle: { fontFamily: 'inherit' }, aria: { enabled: true, data: { maxCount: 40 } }, ...option }, { notMerge });
  }, [option, notMerge]);

  useEffect(() => {
    if (loading) chart.current?.showLoading('default', { text: '加载中…' });
    else chart.current?.hideLoading();
  }, [loading]);

  return <div ref={el} className={className} style={{ width: '100%', height, ...style }} />;
}

