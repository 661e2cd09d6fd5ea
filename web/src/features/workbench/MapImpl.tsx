/** The ECharts side of VillageMap: the outlines registered as a map, villages coloured, loaded on first use. */
import { useMemo } from 'react';
import { registerMap, use } from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { GeoComponent } from 'echarts/components';
import type { Boundaries } from '../../../../core/schemas/regions.ts';
import { Chart } from '../../app/Chart.tsx';

export interface MapArea {
  code: string;
  name: string;
  colour: string;
  /** tooltip lines after the name */
  lines: string[];
}

const PARTS = [MapChart, GeoComponent];
// registerMap is a no-op until the map parts are installed: install them before any map is registered
use(PARTS);
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export default function MapImpl({ boundaries, areas, height, dark, onOpen }: { boundaries: Boundaries; areas: MapArea[]; height: number | string; dark?: boolean; onOpen: (code: string) => void }) {
  // one registered map per set of outlines (registering again under the same name replaces it)
  const key = useMemo(() => {
    let h = 5381;
    for (const c of JSON.stringify(boundaries.features.map((f) => [f.properties.code, f.geometry.coordinates.length]))) h = (h * 33) ^ c.charCodeAt(0);
    const name = `wusong-${(h >>> 0).toString(36)}`;
    registerMap(name, boundaries);
    return name;
  }, [boundaries]);
  const option = useMemo(() => {
    const byCode = new Map(areas.map((a) => [a.code, a]));
    return {
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: { name: string }) => {
          const a = byCode.get(p.name);
          return a ? [`<b>${esc(a.name)}</b>`, ...a.lines.map(esc)].join('<br/>') : '';
        },
      },
      series: [
        {
          type: 'map',
          map: key,
          nameProperty: 'code',
          roam: false,
          layoutCenter: ['50%', '50%'],
          layoutSize: '96%',
          selectedMode: false,
          label: { show: true, fontSize: 12, color: dark ? '#fff' : '#262626', formatter: (p: { name: string }) => byCode.get(p.name)?.name ?? '' },
          itemStyle: { borderColor: dark ? '#0b1a33' : '#fff', borderWidth: 1.5, areaColor: dark ? '#1f2d46' : '#f0f0f0' },
          emphasis: { label: { color: dark ? '#fff' : '#000', fontWeight: 'bold' }, itemStyle: { areaColor: undefined, borderColor: dark ? '#69b1ff' : '#1677ff', borderWidth: 2.5 } },
          data: areas.map((a) => ({ name: a.code, value: 1, itemStyle: { areaColor: a.colour } })),
        },
      ],
    };
  }, [areas, key, dark]);
  return <Chart parts={PARTS} option={option} height={height} onReady={(c) => c.on("click", (p) => { if (p.name) onOpen(String(p.name)); })} />;
}
