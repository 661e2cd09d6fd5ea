import type { Database } from '../../db/client.ts';
import { isEmpty, wipeAll } from '../../db/backup.ts';
import { AppError } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import type { CommandContext } from '../../audit.ts';
import { ensureAdmin } from '../users/service.ts';
import { seedDemoCounty, type DemoCounty } from './county.ts';
import { seedDemoDisputes } from './disputes.ts';
import { seedDemoPrevention } from './personnel.ts';
import { seedDemoBoundaries } from './boundaries.ts';

export const DEMO_YEARS = [2024, 2025, 2026];

/** `wusong demo [--force]`: a realistic demo county; refuses a non-empty database without force. */
export async function seedDemo(database: Database, cipher: Cipher, ctx: CommandContext, opts: { force?: boolean; adminPassword?: string | null; /** fewer disputes (tests) */ disputeScale?: number }) {
  if (!(await isEmpty(database))) {
    if (!opts.force) throw new AppError('not_empty', 409, '数据库不为空：演示数据会清空现有数据，请加 --force 确认');
    await database.db.transaction((tx) => wipeAll(tx));
  }
  const admin = await ensureAdmin(database, opts.adminPassword ?? null);
  const county: DemoCounty = await seedDemoCounty(database, ctx, DEMO_YEARS);
  await seedDemoBoundaries(database, county);
  // the last full programme year and the current one to date
  const disputes = { 2025: 260, 2026: 230 } as Record<number, number>;
  for (const year of [2025, 2026]) {
    await seedDemoPrevention(database, { townCode: county.townCode, year });
    await seedDemoDisputes(database, cipher, { townCode: county.townCode, year, count: Math.max(10, Math.round(disputes[year] * (opts.disputeScale ?? 1))) });
  }
  return { admin, county };
}
