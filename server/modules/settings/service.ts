import { desc, eq, lte } from 'drizzle-orm';
import type { z } from 'zod';
import { defaultSettings, type YearSettings } from '../../../core/settings.ts';
import type { GradingSave, SettingsSave } from '../../../core/schemas/settings.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { settings } from '../../db/schema/index.ts';
import { conflict } from '../../errors.ts';
import { requirePermission } from '../auth/actor.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';

/** The settings in force for a year: its own row, else the latest earlier year's, else SPEC defaults. */
export async function settingsForYear(db: DbOrTx, year: number): Promise<{ year: number; data: YearSettings; version: number; source: 'own' | 'inherited' | 'default' }> {
  const [row] = await db.select().from(settings).where(lte(settings.year, year)).orderBy(desc(settings.year)).limit(1);
  if (!row) return { year, data: defaultSettings(year), version: 0, source: 'default' };
  const data = { ...defaultSettings(year), ...(row.data as Partial<YearSettings>) };
  // the village-share target is per year: inherit it only from the year's own row
  if (row.year !== year) data.villageShareTarget = defaultSettings(year).villageShareTarget;
  return { year, data, version: row.year === year ? row.version : 0, source: row.year === year ? 'own' : 'inherited' };
}

/** Writes a year's settings over those read (`current`), checking the version the client read. */
async function writeYear(tx: DbOrTx, year: number, current: Awaited<ReturnType<typeof settingsForYear>>, version: number, data: YearSettings) {
  if (current.version !== version) throw conflict();
  if (current.source === 'own') await updateVersioned(tx, settings, eq(settings.year, year), version, { data, updatedAt: new Date() }, '年度设置');
  else {
    // the year's first save: of two at once, the second finds the row there and loses
    const [row] = await tx.insert(settings).values({ year, data, version: 1 }).onConflictDoNothing().returning();
    if (!row) throw conflict();
  }
}

// hot paths (intake, grading) read the year's settings often: kept for a few seconds, dropped on a save here
// (another instance's save shows within that)
const cache = new Map<number, { at: number; value: Promise<YearSettings> }>();
const TTL_MS = 10_000;

/** The year's settings in force, cached for a few seconds (for hot paths; a save in this process shows at once). */
export function settingsDataCached(db: DbOrTx, year: number): Promise<YearSettings> {
  const hit = cache.get(year);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = settingsForYear(db, year).then((s) => s.data);
  value.catch(() => cache.delete(year));
  cache.set(year, { at: Date.now(), value });
  return value;
}

export async function saveSettings(database: Database, ctx: CommandContext, year: number, input: z.output<typeof SettingsSave>) {
  requirePermission(ctx.actor, 'admin.settings');
  const { data, version } = input;
  const out = await database.db.transaction(async (tx) => {
    const current = await settingsForYear(tx, year);
    await writeYear(tx, year, current, version, data);
    await writeAudit(tx, ctx, { action: 'settings.update', entity: 'settings', entityId: String(year), before: current.data, after: data });
    cache.clear();
    return settingsForYear(tx, year);
  });
  cache.clear();
  return out;
}

/**
 * The year's grading rules only (issue 17.1): the town office may change them without the rest of the settings.
 * The version is the year's settings version (0: the year has no row of its own yet; saving creates it from the
 * settings in force).
 */
export async function saveGradingSettings(database: Database, ctx: CommandContext, year: number, input: z.output<typeof GradingSave>) {
  requirePermission(ctx.actor, 'disputes.grading');
  const out = await database.db.transaction(async (tx) => {
    const current = await settingsForYear(tx, year);
    await writeYear(tx, year, current, input.version, { ...current.data, grading: input.grading });
    await writeAudit(tx, ctx, { action: 'settings.grading', entity: 'settings', entityId: String(year), before: current.data.grading, after: input.grading });
    return settingsForYear(tx, year);
  });
  cache.clear();
  return out;
}
