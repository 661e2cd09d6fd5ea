import { eq } from 'drizzle-orm';
import {
  CHANNELS,
  DISPUTE_CATEGORIES,
  FAILURE_REASONS,
  STATS_CATEGORIES,
  type CategoryEntry,
  type DictEntry,
} from '../../../core/dictionaries.ts';
import type { DictionariesUpdateInput } from '../../../core/schemas/disputes.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { meta } from '../../db/schema/index.ts';
import { invalid } from '../../errors.ts';
import { requirePermission } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';

/**
 * The configurable dispute dictionaries (SPEC §4.5): categories (each mapped to a national statistics
 * category) and failure reasons. Stored in `meta` as JSON; a fresh database uses the defaults of
 * core/dictionaries.ts. Keys in use are never removed — an entry can only be relabelled or hidden.
 */
export interface DisputeDictionaries {
  categories: (CategoryEntry & { active: boolean })[];
  failureReasons: (DictEntry & { active: boolean })[];
  channels: { key: string; label: string }[];
}

const CATEGORIES_KEY = 'dict.dispute_categories';
const REASONS_KEY = 'dict.failure_reasons';

// read on every intake and action: kept for a few seconds (another instance's change shows within that)
let cached: { at: number; value: DisputeDictionaries } | null = null;
const TTL_MS = 10_000;

export async function disputeDictionaries(db: DbOrTx, opts: { fresh?: boolean } = {}): Promise<DisputeDictionaries> {
  if (!opts.fresh && cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const value = await loadDictionaries(db);
  cached = { at: Date.now(), value };
  return value;
}

async function loadDictionaries(db: DbOrTx): Promise<DisputeDictionaries> {
  const rows = await db.select().from(meta).where(eq(meta.key, CATEGORIES_KEY));
  const rrows = await db.select().from(meta).where(eq(meta.key, REASONS_KEY));
  const categories = rows[0]
    ? (JSON.parse(rows[0].value) as DisputeDictionaries['categories'])
    : DISPUTE_CATEGORIES.map((c) => ({ ...c, active: true }));
  const failureReasons = rrows[0]
    ? (JSON.parse(rrows[0].value) as DisputeDictionaries['failureReasons'])
    : FAILURE_REASONS.map((c) => ({ ...c, active: true }));
  return { categories, failureReasons, channels: CHANNELS.map((c) => ({ key: c.key, label: c.label })) };
}

const KEY_RE = /^[a-z][a-z0-9_]{1,40}$/;

export async function saveDisputeDictionaries(
  database: Database,
  ctx: CommandContext,
  input: DictionariesUpdateInput,
) {
  requirePermission(ctx.actor, 'admin.settings');
  const check = (entries: { key: string; label: string }[], what: string, required: readonly string[]) => {
    const keys = new Set<string>();
    const labels = new Set<string>();
    for (const e of entries) {
      if (!KEY_RE.test(e.key)) throw invalid(`${what}代码“${e.key}”无效：只能用小写字母、数字和下划线`);
      if (!e.label.trim()) throw invalid(`${what}“${e.key}”的名称不能为空`);
      if (keys.has(e.key)) throw invalid(`${what}代码“${e.key}”重复`);
      if (labels.has(e.label.trim())) throw invalid(`${what}名称“${e.label}”重复`);
      keys.add(e.key);
      labels.add(e.label.trim());
    }
    for (const k of required) if (!keys.has(k)) throw invalid(`${what}“${k}”不能删除（可以停用）`);
  };
  return database.db.transaction(async (tx) => {
    const before = await disputeDictionaries(tx, { fresh: true });
    check(input.categories, '纠纷类别', before.categories.map((c) => c.key));
    check(input.failureReasons, '调解不成原因', before.failureReasons.map((c) => c.key));
    for (const c of input.categories) {
      if (!STATS_CATEGORIES.some((s) => s.key === c.statsCategory)) throw invalid(`纠纷类别“${c.label}”的统计类别“${c.statsCategory}”无效`);
    }
    const categories = input.categories.map((c) => ({ key: c.key, label: c.label.trim(), statsCategory: c.statsCategory, active: c.active ?? true }));
    const failureReasons = input.failureReasons.map((c) => ({ key: c.key, label: c.label.trim(), active: c.active ?? true }));
    if (!failureReasons.some((r) => r.key === 'other')) throw invalid('调解不成原因须保留“其他”');
    for (const [key, value] of [
      [CATEGORIES_KEY, JSON.stringify(categories)],
      [REASONS_KEY, JSON.stringify(failureReasons)],
    ] as const) {
      await tx.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } });
    }
    cached = null;
    const after = await loadDictionaries(tx);
    await writeAudit(tx, ctx, { action: 'dictionaries.update', entity: 'dictionaries', entityId: 'disputes', before, after });
    return after;
  });
}
