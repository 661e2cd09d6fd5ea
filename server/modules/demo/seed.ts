import type { Database } from '../../db/client.ts';
import { isEmpty, wipeAll } from '../../db/backup.ts';
import { AppError } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import type { CommandContext } from '../../audit.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { ensureAdmin } from '../users/service.ts';
import { DEMO, seedDemoCounty, type DemoCounty } from './county.ts';
import { seedDemoDisputes } from './disputes.ts';
import { seedDemoPrevention } from './personnel.ts';
import { seedDemoProgramme } from './programme.ts';
import { rng } from './random.ts';
import { DEMO_PEOPLE_GAPS, DEMO_STORY } from './story.ts';
import { seedDemoBoundaries } from './boundaries.ts';

/** Two full years and the current one to date (issue 15.4), so trends and year-over-year views have something to show. */
export const DEMO_YEARS = [2024, 2025, 2026];

/**
 * `wusong demo [--force]`: a realistic demo county; refuses a non-empty database without force. `today`
 * (default: the real today, Asia/Shanghai) bounds every date: the current year is seeded to date.
 */
export async function seedDemo(
  database: Database,
  cipher: Cipher,
  ctx: CommandContext,
  opts: { force?: boolean; adminPassword?: string | null; /** fewer disputes (tests) */ disputeScale?: number; today?: string },
) {
  if (!(await isEmpty(database))) {
    if (!opts.force) throw new AppError('not_empty', 409, '数据库不为空：演示数据会清空现有数据，请加 --force 确认');
    await database.db.transaction((tx) => wipeAll(tx));
  }
  const today = opts.today ?? todayShanghai();
  const years = DEMO_YEARS.filter((y) => `${y}-01-01` <= today);
  const admin = await ensureAdmin(database, opts.adminPassword ?? null);
  // regions, units, accounts and outside data (a place to hook further region data, e.g. village boundaries)
  const county: DemoCounty = await seedDemoCounty(database, ctx, years, today);
  await seedDemoBoundaries(database, county);
  const codeOf = new Map((await database.query<{ code: string; name: string }>('select code, name from regions where town_code = $1', [county.townCode])).map((x) => [x.name, x.code]));
  const code = (name: string) => codeOf.get(name)!;
  const peopleGaps = {
    noLeaderUntil: { [code(DEMO_PEOPLE_GAPS.noLeaderUntil.village)]: DEMO_PEOPLE_GAPS.noLeaderUntil.appointedOn },
    literateLeaves: { [code(DEMO_PEOPLE_GAPS.literateLeaves.village)]: { leftOn: DEMO_PEOPLE_GAPS.literateLeaves.leftOn, replacedOn: DEMO_PEOPLE_GAPS.literateLeaves.replacedOn } },
  };
  // about 250 disputes a year (SPEC §12: 175–330 for a township of ~30,000)
  const disputes: Record<number, number> = { 2024: 240, 2025: 260, 2026: 230 };
  const r = rng(15);
  for (const [i, year] of years.entries()) {
    const story = DEMO_STORY[year];
    await seedDemoPrevention(database, {
      townCode: county.townCode,
      year,
      today,
      registers: i === 0,
      peopleGaps,
      // T3 (诉服村村通) and T4 (service stations) are assessed met: every village has them
      everyVillageHas: ['court_link', 'public_legal_service_station'],
      checklistNotMet: (story?.checklistNotMet ?? []).map((x) => ({ regionCode: code(x.region), item: x.item })),
    });
    await seedDemoProgramme(database, r, { townCode: county.townCode, townName: DEMO.town.name, year, today, villageCodes: county.villageCodes, officeUsername: 'qingxi_office' });
    await seedDemoDisputes(database, cipher, { townCode: county.townCode, year, today, count: Math.max(10, Math.round((disputes[year] ?? 240) * (opts.disputeScale ?? 1))) });
  }
  return { admin, county, today };
}
