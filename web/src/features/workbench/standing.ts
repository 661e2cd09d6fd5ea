/** Colours of a village's standing (core/cockpit.ts) and of dispute density, shared by the map, the tiles and the big screen. */
import type { Standing } from '../../../../core/cockpit.ts';

export const STANDING_COLOURS: Readonly<Record<Standing, string>> = {
  met: '#52c41a',
  at_risk: '#faad14',
  not_met: '#f5222d',
  unknown: '#bfbfbf',
};

/** Blue from pale (no disputes) to deep (the most of the villages shown). */
export function densityColour(n: number, max: number): string {
  const t = max > 0 ? Math.min(1, n / max) : 0;
  const from = [230, 244, 255];
  const to = [9, 88, 217];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
