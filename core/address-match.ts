/**
 * Address matching (SPEC §5): attribute a free-text address (e.g. a defendant's address in court data)
 * to the deepest region whose name or alias occurs in it, inside the right town.
 *
 * - The town comes first: a town name/alias in the address, or `opts.townCode`. No town → unattributed;
 *   two different towns → unattributed (never guessed). Several towns with the same name (in different
 *   counties) are told apart by a county/city/province name in the address, then by a village name.
 * - Then the villages/communities of that town whose name/alias occurs: one → matched at the village;
 *   several → `town_only` with the candidates (the resolution queue); none → matched at the town.
 * - A name occurring only inside a longer matched name is not a mention ('东村' inside '大东村'), unless
 *   the longer name is of a region inside it ('佛堂' alias of a town inside its village '佛堂村').
 * - Grids are never matched (too fine for court data); inactive regions are ignored.
 *
 * `buildAddressIndex` builds an Aho–Corasick automaton once, so matching costs time linear in the
 * address length (plus the few hits), not in the number of regions. Pure: no I/O, never throws.
 */

import type { RegionLevel } from './regions.ts';
export type { RegionLevel };

export interface AddressRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  aliases: readonly string[];
  active: boolean;
}

export type AddressMatch =
  | { status: 'matched'; regionCode: string; level: 'town' | 'village' | 'community'; townCode: string }
  | { status: 'town_only'; townCode: string; candidates: string[] }
  | { status: 'unattributed'; reason: string };

export interface MatchOptions {
  /** The town the record is known to belong to (e.g. the importing town); used when the address names none. */
  townCode?: string;
}

interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** Code of the nearest town at or above this region, or null. */
  townCode: string | null;
}

export interface AddressIndex {
  readonly regions: ReadonlyMap<string, RegionNode>;
  /** Aho–Corasick automaton over code points. */
  readonly goto: Array<Map<number, number>>;
  readonly fail: Int32Array;
  /** Pattern ending at a node (or -1). */
  readonly out: Int32Array;
  /** Nearest node on the failure chain with an output (or -1). */
  readonly dict: Int32Array;
  readonly patternLength: number[];
  /** Regions named by each pattern. */
  readonly patternRegions: string[][];
}

const MATCHED_LEVELS: ReadonlySet<RegionLevel> = new Set([
  'province',
  'city',
  'county',
  'town',
  'village',
  'community',
]);
const LEVEL_RANK: Record<RegionLevel, number> = {
  province: 0,
  city: 1,
  county: 2,
  town: 3,
  village: 4,
  community: 4,
  grid: 5,
};

/** Width-folds and removes whitespace, as done to both names and addresses. */
export function normalizeAddressText(s: string): string {
  return String(s ?? '')
    .normalize('NFKC')
    .replace(/\s+/gu, '');
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** Builds the matching index once for a region list. Names/aliases shorter than 2 characters are ignored. */
export function buildAddressIndex(regions: readonly AddressRegion[]): AddressIndex {
  const nodes = new Map<string, RegionNode>();
  for (const r of regions) {
    nodes.set(r.code, {
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parentCode ?? null,
      townCode: null,
    });
  }
  // nearest town at or above each region (guarding against cycles in bad data)
  for (const n of nodes.values()) {
    let cur: RegionNode | undefined = n;
    for (let depth = 0; cur && depth < 16; depth++) {
      if (cur.level === 'town') {
        n.townCode = cur.code;
        break;
      }
      if (LEVEL_RANK[cur.level] < LEVEL_RANK.town) break;
      cur = cur.parentCode ? nodes.get(cur.parentCode) : undefined;
    }
  }

  const goto: Array<Map<number, number>> = [new Map()];
  const outList: number[] = [-1];
  const patternIds = new Map<string, number>();
  const patternLength: number[] = [];
  const patternRegions: string[][] = [];

  for (const r of regions) {
    if (!r.active || !MATCHED_LEVELS.has(r.level)) continue;
    const names = new Set<string>();
    for (const raw of [r.name, ...(r.aliases ?? [])]) {
      if (typeof raw !== 'string') continue;
      const n = normalizeAddressText(raw);
      if ([...n].length >= 2) names.add(n);
    }
    for (const name of names) {
      let id = patternIds.get(name);
      if (id === undefined) {
        id = patternLength.length;
        patternIds.set(name, id);
        const cps = codePoints(name);
        patternLength.push(cps.length);
        patternRegions.push([]);
        let state = 0;
        for (const cp of cps) {
          let next = goto[state].get(cp);
          if (next === undefined) {
            next = goto.length;
            goto.push(new Map());
            outList.push(-1);
            goto[state].set(cp, next);
          }
          state = next;
        }
        outList[state] = id;
      }
      if (!patternRegions[id].includes(r.code)) patternRegions[id].push(r.code);
    }
  }

  const size = goto.length;
  const fail = new Int32Array(size);
  const dict = new Int32Array(size).fill(-1);
  const out = Int32Array.from(outList);
  const queue: number[] = [];
  for (const child of goto[0].values()) {
    fail[child] = 0;
    queue.push(child);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi];
    for (const [cp, child] of goto[s]) {
      let f = fail[s];
      while (f !== 0 && !goto[f].has(cp)) f = fail[f];
      const g = goto[f].get(cp);
      fail[child] = g !== undefined && g !== child ? g : 0;
      dict[child] = out[fail[child]] >= 0 ? fail[child] : dict[fail[child]];
      queue.push(child);
    }
  }

  return { regions: nodes, goto, fail, out, dict, patternLength, patternRegions };
}

interface Hit {
  start: number;
  end: number; // exclusive, in code points
  code: string;
  level: RegionLevel;
}

function findHits(index: AddressIndex, text: string): Hit[] {
  const hits: Hit[] = [];
  let state = 0;
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    while (state !== 0 && !index.goto[state].has(cp)) state = index.fail[state];
    state = index.goto[state].get(cp) ?? 0;
    for (let s = index.out[state] >= 0 ? state : index.dict[state]; s >= 0; s = index.dict[s]) {
      const p = index.out[s];
      const len = index.patternLength[p];
      for (const code of index.patternRegions[p]) {
        const region = index.regions.get(code)!;
        hits.push({ start: i + 1 - len, end: i + 1, code, level: region.level });
      }
    }
    i++;
  }
  return hits;
}

function isDescendantOrSelf(index: AddressIndex, code: string, ancestor: string): boolean {
  let cur: string | null = code;
  for (let depth = 0; cur !== null && depth < 16; depth++) {
    if (cur === ancestor) return true;
    cur = index.regions.get(cur)?.parentCode ?? null;
  }
  return false;
}

/** Drops hits that lie strictly inside a longer hit, unless the longer one names a region inside them. */
function dropContained(index: AddressIndex, hits: Hit[]): Hit[] {
  return hits.filter(
    (h) =>
      !hits.some(
        (g) =>
          g.start <= h.start &&
          g.end >= h.end &&
          g.end - g.start > h.end - h.start &&
          !isDescendantOrSelf(index, g.code, h.code),
      ),
  );
}

function names(index: AddressIndex, codes: Iterable<string>): string {
  return [...codes].map((c) => index.regions.get(c)?.name ?? c).join('、');
}

const unattributed = (reason: string): AddressMatch => ({ status: 'unattributed', reason });

/** Matches one address against the index. Never throws. */
export function matchAddress(index: AddressIndex, address: string, opts: MatchOptions = {}): AddressMatch {
  try {
    return matchAddressInner(index, address, opts);
  } catch (e) {
    return unattributed(`地址匹配出错：${e instanceof Error ? e.message : String(e)}`);
  }
}

function matchAddressInner(index: AddressIndex, address: string, opts: MatchOptions): AddressMatch {
  const text = typeof address === 'string' ? normalizeAddressText(address) : '';
  const given = opts.townCode ? index.regions.get(opts.townCode) : undefined;
  if (opts.townCode && (!given || given.level !== 'town')) {
    return unattributed(`指定的乡镇（街道）代码不存在：${opts.townCode}`);
  }
  if (text === '' && !given) return unattributed('地址为空');

  const hits = dropContained(index, findHits(index, text));

  // 1. the town
  const townHits = hits.filter((h) => h.level === 'town');
  const spansByTown = new Map<string, Set<string>>();
  for (const h of townHits) {
    let spans = spansByTown.get(h.code);
    if (!spans) spansByTown.set(h.code, (spans = new Set()));
    spans.add(`${h.start}-${h.end}`);
  }
  let townCode: string;
  if (given) {
    if (spansByTown.size > 0 && !spansByTown.has(given.code)) {
      return unattributed(
        `地址中的乡镇（街道）“${names(index, spansByTown.keys())}”与指定的“${given.name}”不一致`,
      );
    }
    townCode = given.code;
  } else if (spansByTown.size === 0) {
    return unattributed('地址中未找到乡镇（街道）名称');
  } else if (spansByTown.size === 1) {
    townCode = spansByTown.keys().next().value!;
  } else {
    const picked = pickHomonymTown(index, hits, spansByTown);
    if (picked === null) {
      return unattributed(`地址中出现多个乡镇（街道）：${names(index, spansByTown.keys())}，无法确定归属`);
    }
    townCode = picked;
  }

  // 2. the village / community inside that town
  const villages = villageCodesOf(index, hits, townCode);
  if (villages.size === 0) return { status: 'matched', regionCode: townCode, level: 'town', townCode };
  if (villages.size === 1) {
    const code = villages.values().next().value!;
    const level = index.regions.get(code)!.level as 'village' | 'community';
    return { status: 'matched', regionCode: code, level, townCode };
  }
  return { status: 'town_only', townCode, candidates: [...villages].sort() };
}

function villageCodesOf(index: AddressIndex, hits: Hit[], townCode: string): Set<string> {
  const out = new Set<string>();
  for (const h of hits) {
    if ((h.level === 'village' || h.level === 'community') && index.regions.get(h.code)!.townCode === townCode) {
      out.add(h.code);
    }
  }
  return out;
}

/**
 * Several towns matched. Only when they all matched the very same text (towns of the same name) is one
 * picked: by a county/city/province of it named in the address, then by a village of it named in the
 * address. Otherwise (the address names different towns) null.
 */
function pickHomonymTown(
  index: AddressIndex,
  hits: Hit[],
  spansByTown: Map<string, Set<string>>,
): string | null {
  const towns = [...spansByTown.keys()];
  const key = (c: string) => [...spansByTown.get(c)!].sort().join(',');
  const first = key(towns[0]);
  if (!towns.every((c) => key(c) === first)) return null;

  let remaining = towns;
  const upper = hits.filter((h) => LEVEL_RANK[h.level] < LEVEL_RANK.town).map((h) => h.code);
  const byAncestor = remaining.filter((t) => upper.some((u) => isDescendantOrSelf(index, t, u)));
  if (byAncestor.length > 0) remaining = byAncestor;
  if (remaining.length === 1) return remaining[0];

  const byVillage = remaining.filter((t) => villageCodesOf(index, hits, t).size > 0);
  if (byVillage.length === 1) return byVillage[0];
  return null;
}
