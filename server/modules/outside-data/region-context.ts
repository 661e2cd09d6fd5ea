/**
 * Regions as seen by one actor, for attributing outside data (SPEC §5): code checks, scope, and address
 * matching (core/address-match.ts) limited to the regions the actor may see. The region list and the
 * matching index are cached per database and invalidated when the regions table changes.
 */
import { buildAddressIndex, matchAddress, normalizeAddressText, type AddressIndex, type AddressRegion, type RegionLevel } from '../../../core/address-match.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { pathVisible } from '../../scope/region.ts';
import { TOWN_OR_BELOW } from '../../../core/regions.ts';

export interface RegionInfo {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  path: string;
  townCode: string | null;
  aliases: string[];
  active: boolean;
  version: number;
}

interface Cache {
  stamp: string;
  regions: Map<string, RegionInfo>;
  indexes: Map<string, AddressIndex>;
}
const caches = new WeakMap<Database, Cache>();

async function regionStamp(database: Database): Promise<string> {
  const [r] = await database.query<{ n: number; m: string | null; v: number }>(
    `select count(*)::int as n, max(updated_at)::text as m, coalesce(sum(version), 0)::int as v from regions`,
  );
  return `${r.n}|${r.m}|${r.v}`;
}

/** All regions (cached; reloaded when the table changed). */
export async function loadRegions(database: Database): Promise<{ stamp: string; regions: Map<string, RegionInfo>; indexes: Map<string, AddressIndex> }> {
  const stamp = await regionStamp(database);
  const hit = caches.get(database);
  if (hit && hit.stamp === stamp) return hit;
  const rows = await database.query<{
    code: string;
    name: string;
    level: RegionLevel;
    parent_code: string | null;
    path: string;
    town_code: string | null;
    aliases: string[] | string;
    active: boolean;
    version: number;
  }>(`select code, name, level, parent_code, path, town_code, aliases, active, version from regions`);
  const regions = new Map<string, RegionInfo>();
  for (const r of rows) {
    regions.set(r.code, {
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parent_code,
      path: r.path,
      townCode: r.town_code,
      aliases: parseTextArray(r.aliases),
      active: r.active,
      version: r.version,
    });
  }
  const c: Cache = { stamp, regions, indexes: new Map() };
  caches.set(database, c);
  return c;
}

/** A text[] as either engine returns it. */
export function parseTextArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string' || v === '{}' || v === '') return [];
  // '{a,"b c"}' literal (only seen with raw queries on some drivers)
  const inner = v.replace(/^\{|\}$/g, '');
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^,]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

export type MatchStatus = 'code' | 'address' | 'town_only' | 'unattributed' | 'resolved';

export interface Attribution {
  regionCode: string | null;
  townCode: string | null;
  matchStatus: MatchStatus;
  candidates: string[];
  /** why a record is unattributed or waits for a village */
  note: string | null;
}

export interface AttributionError {
  column: string;
  reason: string;
}

const LEVEL_LABEL: Record<string, string> = { province: '省', city: '市', county: '县（区）', town: '乡镇（街道）', village: '村', community: '社区', grid: '网格' };

/** The regions one actor works with: the database's plus (during an import) the bundle's own. */
export class RegionContext {
  private index: AddressIndex | null = null;
  private dirty = false;

  constructor(
    readonly actor: Actor,
    readonly regions: Map<string, RegionInfo>,
    private readonly sharedIndexes: Map<string, AddressIndex> | null,
  ) {}

  get(code: string): RegionInfo | undefined {
    return this.regions.get(code);
  }

  visible(code: string): boolean {
    const r = this.regions.get(code);
    return !!r && pathVisible(this.actor, r.path);
  }

  /** The town whose subtree holds everything the actor may see (a town user), else null. */
  singleTown(): string | null {
    if (this.actor.isAdmin) return null;
    const towns = new Set<string>();
    for (const b of this.actor.bindings) {
      const r = b.regionCode ? this.regions.get(b.regionCode) : undefined;
      if (!r || !r.townCode) return null;
      towns.add(r.townCode);
    }
    return towns.size === 1 ? [...towns][0] : null;
  }

  /** The region of whoever enters a record: it gives an unattributed record a scope (null for admins). */
  ownerRegionCode(): string | null {
    if (this.actor.isAdmin) return null;
    for (const b of this.actor.bindings) if (b.regionCode) return b.regionCode;
    return null;
  }

  /** Adds or replaces a region (regions of the bundle being imported). */
  put(r: RegionInfo) {
    this.regions.set(r.code, r);
    this.dirty = true;
    this.index = null;
  }

  private addressIndex(): AddressIndex {
    if (this.index) return this.index;
    const key = this.actor.isAdmin ? '*' : visibleKey(this.actor);
    if (!this.dirty && this.sharedIndexes?.has(key)) return (this.index = this.sharedIndexes.get(key)!);
    const list: AddressRegion[] = [];
    const keep = new Set<string>();
    for (const r of this.regions.values()) {
      if (!pathVisible(this.actor, r.path)) continue;
      keep.add(r.code);
      // ancestors help tell towns of the same name apart (a county named in the address)
      let p = r.parentCode;
      for (let d = 0; p && d < 8 && !keep.has(p); d++) {
        keep.add(p);
        p = this.regions.get(p)?.parentCode ?? null;
      }
    }
    for (const code of keep) {
      const r = this.regions.get(code);
      if (r) list.push({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, aliases: r.aliases, active: r.active });
    }
    this.index = buildAddressIndex(list);
    if (!this.dirty) this.sharedIndexes?.set(key, this.index);
    return this.index;
  }

  /**
   * Checks a region code given in a record: it exists, lies in the actor's scope, and is of an allowed level.
   * Returns the region or an error reason.
   */
  checkCode(code: string, allowed: readonly RegionLevel[] | null, what = '地区'): { ok: true; region: RegionInfo } | { ok: false; reason: string } {
    const r = this.regions.get(code);
    if (!r) return { ok: false, reason: `${what}代码不存在：${code}` };
    if (!pathVisible(this.actor, r.path)) return { ok: false, reason: `${what}不在您的管辖范围内：${code}` };
    if (allowed && !allowed.includes(r.level)) {
      return { ok: false, reason: `${what}应为${allowed.map((l) => LEVEL_LABEL[l]).join('、')}，“${r.name}”是${LEVEL_LABEL[r.level]}` };
    }
    return { ok: true, region: r };
  }

  /**
   * Where a record belongs (SPEC §5, §7): a given region code wins over the address; an address is matched
   * to the deepest region inside the right town; a village-level ambiguity counts for the town and waits in
   * the resolution queue; no town → unattributed (reported, never dropped or guessed).
   */
  attribute(code: string | null, address: string | null, codeColumn: string): { ok: true; value: Attribution } | { ok: false; error: AttributionError } {
    if (code) {
      const c = this.checkCode(code, TOWN_OR_BELOW);
      if (!c.ok) return { ok: false, error: { column: codeColumn, reason: c.reason } };
      return { ok: true, value: { regionCode: c.region.code, townCode: c.region.townCode, matchStatus: 'code', candidates: [], note: null } };
    }
    if (!address || normalizeAddressText(address) === '') {
      return { ok: true, value: { regionCode: null, townCode: null, matchStatus: 'unattributed', candidates: [], note: '未填写地区代码和地址，记为未归属' } };
    }
    const town = this.singleTown();
    const m = matchAddress(this.addressIndex(), address, town ? { townCode: town } : {});
    if (m.status === 'matched') return { ok: true, value: { regionCode: m.regionCode, townCode: m.townCode, matchStatus: 'address', candidates: [], note: null } };
    if (m.status === 'town_only') {
      const names = m.candidates.map((c) => this.regions.get(c)?.name ?? c).join('、');
      return {
        ok: true,
        value: { regionCode: m.townCode, townCode: m.townCode, matchStatus: 'town_only', candidates: m.candidates, note: `地址对应多个村（社区）：${names}；暂计入${this.regions.get(m.townCode)?.name ?? m.townCode}，待人工确认` },
      };
    }
    return { ok: true, value: { regionCode: null, townCode: null, matchStatus: 'unattributed', candidates: [], note: `地址未能归属：${m.reason}` } };
  }
}

function visibleKey(actor: Actor): string {
  return [...new Set(actor.bindings.map((b) => b.path ?? ''))].sort().join('|');
}

/** A context for one actor on the current regions (cached list and index). */
export async function regionContext(database: Database, actor: Actor): Promise<RegionContext> {
  const c = await loadRegions(database);
  return new RegionContext(actor, c.regions, c.indexes);
}

/** A private copy the importer may add the bundle's regions to. */
export async function importRegionContext(database: Database, actor: Actor): Promise<RegionContext> {
  const c = await loadRegions(database);
  return new RegionContext(actor, new Map([...c.regions].map(([k, v]) => [k, { ...v, aliases: [...v.aliases] }])), c.indexes);
}

/**
 * The alias remembered when a person picks the village of an ambiguous address: the address after the
 * town's name (or the whole address when the town is not named), so the same address matches next time.
 */
export function learnedAlias(address: string, town: RegionInfo | undefined): string {
  const text = normalizeAddressText(address);
  if (town) {
    let end = -1;
    for (const n of [town.name, ...town.aliases].map(normalizeAddressText).filter((n) => [...n].length >= 2)) {
      const i = text.lastIndexOf(n);
      if (i >= 0) end = Math.max(end, i + n.length);
    }
    if (end >= 0 && [...text.slice(end)].length >= 2) return text.slice(end);
  }
  return text;
}
