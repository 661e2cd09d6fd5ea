/** The regions of a flat list (GET /api/regions) as a tree, for the app's region picker and the light intake page. */
import type { Region } from '../../../core/schemas/regions.ts';

export interface RegionNode extends Region {
  children: RegionNode[];
}
/** Builds a tree from a flat region list; regions whose parent is not in the list are roots. */
export function buildRegionTree(list: Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(list.map((r) => [r.code, { ...r, children: [] }]));
  const roots: RegionNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentCode ? nodes.get(n.parentCode) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}
