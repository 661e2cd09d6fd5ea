/**
 * Fictional boundaries of the demo's 清溪镇 (issue 16.2): its fourteen villages and communities as cells of a
 * jittered 4 × 4 lattice with two corners cut off. Neighbouring cells share their edges exactly (every vertex
 * and edge midpoint is computed from its lattice position alone), so the map has no gaps or overlaps.
 */
import type { Database } from '../../db/client.ts';
import { regionBoundaries } from '../../db/schema/index.ts';
import type { Position } from '../../../core/geojson.ts';
import type { DemoCounty } from './county.ts';

const ORIGIN: Position = [119.93, 29.08];
const CELL = 0.028;
/** the lattice cells used, row by row from the north-west; the two southern corners are hills outside the town */
const CELLS: [number, number][] = [
  [0, 0], [1, 0], [2, 0], [3, 0],
  [0, 1], [1, 1], [2, 1], [3, 1],
  [0, 2], [1, 2], [2, 2], [3, 2],
  [1, 3], [2, 3],
];

/** A deterministic offset in [-1, 1] for a lattice key. */
function jitter(key: string): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 2001) / 1000 - 1;
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;

/** Vertex (i, j) of the lattice, in half-cell steps: even/even = corner, one odd = the midpoint of an edge. */
function vertex(i: number, j: number): Position {
  const amp = i % 2 === 0 && j % 2 === 0 ? 0.22 : 0.3;
  const onBorder = i === 0 || j === 0 || i === 8 || j === 8;
  const dx = jitter(`x${i},${j}`) * amp * (onBorder && (i === 0 || i === 8) ? 0.3 : 1);
  const dy = jitter(`y${i},${j}`) * amp * (onBorder && (j === 0 || j === 8) ? 0.3 : 1);
  return [round(ORIGIN[0] + ((i + dx) * CELL) / 2), round(ORIGIN[1] - ((j + dy) * CELL) / 2)];
}

/** The ring of cell (c, r): its four corners and four edge midpoints, closed. */
function cellRing(c: number, r: number): Position[] {
  const i = c * 2;
  const j = r * 2;
  const steps: [number, number][] = [[0, 0], [1, 0], [2, 0], [2, 1], [2, 2], [1, 2], [0, 2], [0, 1], [0, 0]];
  return steps.map(([di, dj]) => vertex(i + di, j + dj));
}

export async function seedDemoBoundaries(database: Database, county: DemoCounty): Promise<void> {
  const rows = county.villageCodes.slice(0, CELLS.length).map((code, k) => ({
    regionCode: code,
    townCode: county.townCode,
    geometry: JSON.stringify({ type: 'Polygon', coordinates: [cellRing(...CELLS[k])] }),
  }));
  if (rows.length) await database.db.insert(regionBoundaries).values(rows);
}
