/**
 * The map of villages (issue 16.2): coloured by their standing (达标 / 有风险 / 未达标) or by dispute density, the
 * count on hover or tap, a click opens the village's scorecard. Outlines come from the regions page's GeoJSON
 * upload; villages without one are shown as tiles (all of them when none has an outline). No online map tiles.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Segmented, Typography } from 'antd';
import { STANDING_LABELS, STANDING_ORDER } from '../../../../core/cockpit.ts';
import type { Cockpit } from '../../../../core/schemas/workbench.ts';
import { useBoundaries } from '../regions/api.ts';
import { densityColour, STANDING_COLOURS } from './standing.ts';
import type { MapArea } from './MapImpl.tsx';

const MapImpl = lazy(() => import('./MapImpl.tsx'));

type Village = Cockpit['map'][number];
export type ColourBy = 'standing' | 'density';

export function scorecardPath(v: { code: string; townCode: string }) {
  return `/evaluation?town=${v.townCode}&village=${v.code}`;
}

export function VillageMap({ villages, under, height = 360, dark, colourBy: fixed }: { villages: Village[]; under: string | null; height?: number | string; dark?: boolean; colourBy?: ColourBy }) {
  const navigate = useNavigate();
  const [chosen, setChosen] = useState<ColourBy>('standing');
  const colourBy = fixed ?? chosen;
  const b = useBoundaries(under, villages.length > 0);
  const max = Math.max(0, ...villages.map((v) => v.disputes));
  const byCode = useMemo(() => new Map(villages.map((v) => [v.code, v])), [villages]);
  const colour = (v: Village) => (colourBy === 'standing' ? STANDING_COLOURS[v.standing] : densityColour(v.disputes, max));
  const lines = (v: Village) => [
    `考评：${STANDING_LABELS[v.standing]}${v.failed.length ? `（未达标：${v.failed.join('、')}）` : ''}`,
    `本年纠纷 ${v.disputes} 件，在办 ${v.openDisputes} 件`,
  ];
  const outlined = useMemo(() => {
    const features = (b.data?.features ?? []).filter((f) => byCode.has(f.properties.code));
    return { type: 'FeatureCollection' as const, features };
  }, [b.data, byCode]);
  const areas: MapArea[] = outlined.features.map((f) => {
    const v = byCode.get(f.properties.code)!;
    return { code: v.code, name: v.name, colour: colour(v), lines: lines(v) };
  });
  const tiles = villages.filter((v) => !outlined.features.some((f) => f.properties.code === v.code));
  const open = (code: string) => {
    const v = byCode.get(code);
    if (v) navigate(scorecardPath(v));
  };
  const counts = STANDING_ORDER.map((s) => [s, villages.filter((v) => v.standing === s).length] as const).filter(([, n]) => n > 0);
  const muted = dark ? 'rgba(255,255,255,0.65)' : undefined;

  return (
    <div className={`village-map ${dark ? 'village-map-dark' : ''}`} data-testid="village-map">
      <div className="village-map-bar">
        {!fixed && (
          <Segmented
            size="small"
            value={colourBy}
            onChange={(v) => setChosen(v as ColourBy)}
            options={[
              { value: 'standing', label: '按考评状态' },
              { value: 'density', label: '按纠纷数量' },
            ]}
          />
        )}
        <div className="village-map-legend">
          {colourBy === 'standing' ? (
            counts.map(([s, n]) => (
              <span key={s}>
                <i style={{ background: STANDING_COLOURS[s] }} />
                {STANDING_LABELS[s]} {n}
              </span>
            ))
          ) : (
            <span>
              <i style={{ background: densityColour(0, 1) }} />少<i style={{ background: densityColour(1, 1), marginInlineStart: 8 }} />多（本年纠纷最多 {max} 件）
            </span>
          )}
        </div>
      </div>
      {areas.length > 0 && (
        <Suspense fallback={<div style={{ height }} />}>
          <MapImpl boundaries={outlined} areas={areas} height={height} dark={dark} onOpen={open} />
        </Suspense>
      )}
      {tiles.length > 0 && (
        <>
          {areas.length > 0 && (
            <Typography.Text style={{ fontSize: 12, color: muted }} type="secondary">
              以下 {tiles.length} 个村（社区）尚未上传边界：
            </Typography.Text>
          )}
          <div className="village-tiles" role="list">
            {tiles.map((v) => (
              <button
                key={v.code}
                type="button"
                role="listitem"
                className="village-tile"
                style={{ background: colour(v), color: colourBy === 'density' && v.disputes / (max || 1) < 0.5 ? '#1f1f1f' : '#fff' }}
                title={[v.name, ...lines(v)].join('\n')}
                onClick={() => open(v.code)}
                data-testid={`tile-${v.code}`}
              >
                <span className="village-tile-name">{v.name}</span>
                <span className="village-tile-count">{colourBy === 'density' ? `${v.disputes} 件` : STANDING_LABELS[v.standing]}</span>
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
