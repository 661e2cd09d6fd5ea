import { desc, eq, lte } from 'drizzle-orm';
import type { z } from 'zod';
import { defaultSettings, type YearSettings } from '../../../core/settings.ts';
import type { SettingsSave } from '../../../core/schemas/settings.ts';
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

export async function saveSettings(database: Database, ctx: CommandContext, year: number, input: z.output<typeof SettingsSave>) {
  requirePermission(ctx.actor, 'admin.settings');
  const { data, version } = input;
  return database.db.transaction(async (tx) => {
    const current = await settingsForYear(tx, year);
    if (current.version !== version) throw conflict();
    if (current.source === 'own') await updateVersioned(tx, settings, eq(settings.year, year), version, { data, updatedAt: new Date() }, '年度设置');
    else {
      // the year's first save: of two at once, the second finds the row there and loses
      const [row] = await tx.insert(settings).values({ year, data, version: 1 }).onConflictDoNothing().returning();
      if (!row) throw conflict();
    }
    await writeAudit(tx, ctx, { action: 'settings.update', entity: 'settings', entityId: String(year), before: current.data, after: data });
    return settingsForYear(tx, year);
  });
}
