/**
 * Checklist items (SPEC §6.5): standards no number decides, per region and year — status, evidence text
 * and attachments, assessor and date — shown with the supporting figures beside each item. An item with no
 * row for the year is `unassessed` (SPEC §7).
 */
import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { checklistItems, regions, units } from '../../db/schema/index.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { can, requirePermission, type Actor } from '../auth/actor.ts';
import { inSubtree, regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { settingsForYear } from '../settings/service.ts';
import { filesOf, registerFileOwner, type FileView } from '../files/service.ts';
import { placeOf } from '../prevention/common.ts';
import { todayShanghai } from '../../../core/dates.ts';
import { CHECKLIST_ITEMS, isKeyOf, CHECKLIST_STATUSES, type ChecklistItem, type ChecklistStatus } from '../../../core/dictionaries.ts';
import { ratio } from '../../../core/prevention.ts';
import { checklistContradiction, type ChecklistFigures } from '../../../core/checklist-contradiction.ts';
import type { z } from 'zod';
import type { ChecklistAssess } from '../../../core/schemas/checklist.ts';

export type ChecklistRow = typeof checklistItems.$inferSelect;

const itemsFor = (level: string) => CHECKLIST_ITEMS.filter((i) => (level === 'town' ? i.scope === 'town' : level === 'village' || level === 'community' ? i.scope === 'village' : false));

export function requireChecklistRead(actor: Actor) {
  if (!can(actor, 'prevention.read') && !can(actor, 'evaluation.read') && !can(actor, 'checklist.write')) throw forbidden();
}

/**
 * Checklist statuses for the evaluation: for each region code given (towns, villages, communities), every
 * item of its level with its stored status for the year, `unassessed` when there is no row.
 */
export async function checklistStatuses(db: DbOrTx, year: number, regionCodes: string[]): Promise<Record<string, Partial<Record<ChecklistItem, ChecklistStatus>>>> {
  const out: Record<string, Partial<Record<ChecklistItem, ChecklistStatus>>> = {};
  if (regionCodes.length === 0) return out;
  const regs = await db.select({ code: regions.code, level: regions.level }).from(regions).where(inArray(regions.code, regionCodes));
  const rows = await db
    .select({ regionCode: checklistItems.regionCode, item: checklistItems.item, status: checklistItems.status })
    .from(checklistItems)
    .where(and(eq(checklistItems.year, year), inArray(checklistItems.regionCode, regionCodes)));
  for (const r of regs) {
    out[r.code] = {};
    for (const i of itemsFor(r.level)) out[r.code][i.key] = 'unassessed';
  }
  for (const r of rows) {
    if (out[r.regionCode] && r.item in out[r.regionCode]) out[r.regionCode][r.item as ChecklistItem] = r.status as ChecklistStatus;
  }
  return out;
}

registerFileOwner('checklist_item', {
  label: '考评事项',
  async forWrite(tx, actor, id) {
    requirePermission(actor, 'checklist.write');
    const [r] = await tx.select().from(checklistItems).where(and(eq(checklistItems.id, id), regionInScope(actor, checklistItems.regionCode)));
    if (!r) throw notFound('考评事项');
    return { regionCode: r.regionCode, townCode: r.townCode };
  },
  async canRead(tx, actor, id) {
    if (!can(actor, 'prevention.read') && !can(actor, 'evaluation.read') && !can(actor, 'checklist.write')) return false;
    const [r] = await tx.select({ id: checklistItems.id }).from(checklistItems).where(and(eq(checklistItems.id, id), regionInScope(actor, checklistItems.regionCode)));
    return !!r;
  },
});

/** Records (or re-records) the assessment of one item; the assessor is the acting user. */
export async function assessItem(database: Database, ctx: CommandContext, regionCode: string, year: number, item: string, input: z.output<typeof ChecklistAssess>) {
  requirePermission(ctx.actor, 'checklist.write');
  if (!isKeyOf(CHECKLIST_STATUSES, input.status)) throw invalid(`未知的评估结果：${input.status}`);
  const entry = CHECKLIST_ITEMS.find((i) => i.key === item || i.code === item.toUpperCase());
  if (!entry) throw invalid(`未知的考评事项：${item}`);
  const day = input.assessedOn ?? todayShanghai();
  if (day > todayShanghai()) throw invalid('评估日期不能晚于今天');
  return database.db.transaction(async (tx) => {
    const place = await placeOf(tx, ctx.actor, regionCode, ['town', 'village', 'community']);
    if (!itemsFor(place.level).some((i) => i.key === entry.key)) throw invalid(`“${entry.code}”不是${place.level === 'town' ? '乡镇' : '村（社区）'}的考评事项`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`checklist:${regionCode}:${year}:${entry.key}`}))`);
    const [before] = await tx.select().from(checklistItems).where(and(eq(checklistItems.regionCode, regionCode), eq(checklistItems.year, year), eq(checklistItems.item, entry.key)));
    if ((before?.version ?? 0) !== input.version) throw conflict();
    // "达标" against the product's own figures needs a written reason, kept with the item and in the audit
    let overrideReason: string | null = null;
    if (input.status === 'met') {
      const view = (await checklistOverview(tx, ctx.actor, { year, region: regionCode })).regions.find((r) => r.code === regionCode);
      const contradiction = view?.items.find((i) => i.item === entry.key)?.contradiction ?? null;
      if (contradiction) {
        if (!input.overrideReason?.trim()) throw invalid(`${contradiction}。如仍评定为“达标”，请填写理由`);
        overrideReason = input.overrideReason.trim();
      }
    }
    const values = {
      status: input.status,
      evidence: input.evidence ?? null,
      overrideReason,
      assessedBy: input.status === 'unassessed' ? null : ctx.actor.name || ctx.actor.username,
      assessedOn: input.status === 'unassessed' ? null : day,
      updatedAt: new Date(),
    };
    const [after] = before
      ? [await updateVersioned(tx, checklistItems, eq(checklistItems.id, before.id), input.version, values, '考评事项')]
      : await tx.insert(checklistItems).values({ id: crypto.randomUUID(), regionCode, townCode: place.townCode, year, item: entry.key, ...values }).returning();
    await writeAudit(tx, ctx, { action: 'checklist.assess', entity: 'checklist_item', entityId: after.id, before: before ?? null, after, townCode: after.townCode });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------------
// Supporting figures
// ---------------------------------------------------------------------------------------------------

export interface ItemView {
  item: string;
  code: string;
  label: string;
  id: string | null;
  status: string;
  evidence: string | null;
  assessedBy: string | null;
  assessedOn: string | null;
  version: number;
  attachments: FileView[];
  figures: Record<string, unknown>;
  contradiction: string | null;
  overrideReason: string | null;
}

/** The year's checklist of the towns and villages in scope (below `region` when given), with figures. */
export async function checklistOverview(db: DbOrTx, actor: Actor, f: { year: number; region?: string }) {
  requireChecklistRead(actor);
  const { year } = f;
  const endOfYear = `${year}-12-31`;
  const asOf = todayShanghai() < endOfYear ? (todayShanghai() < `${year}-01-01` ? `${year}-01-01` : todayShanghai()) : endOfYear;
  const s = (await settingsForYear(db, year)).data;
  const conds: SQL[] = [regionInScope(actor, regions.code), inArray(regions.level, ['town', 'village', 'community'])];
  if (f.region) conds.push(inSubtree(regions.code, f.region));
  const regs = await db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode, townCode: regions.townCode, active: regions.active })
    .from(regions)
    .where(and(...conds))
    .orderBy(asc(regions.path))
    .limit(5000);
  const villages = regs.filter((r) => r.level !== 'town' && r.active);
  const towns = regs.filter((r) => r.level === 'town');
  const codes = regs.map((r) => r.code);
  const rows = codes.length ? await db.select().from(checklistItems).where(and(eq(checklistItems.year, year), inArray(checklistItems.regionCode, codes))) : [];
  const files = await filesOf(db, 'checklist_item', rows.map((r) => r.id));
  const fig = await figures(db, year, asOf, towns.map((t) => t.code), villages.map((v) => v.code));

  const villagesOfTown = (t: string) => villages.filter((v) => v.townCode === t);
  const itemView = (regionCode: string, entry: (typeof CHECKLIST_ITEMS)[number], figures: Record<string, unknown>): ItemView => {
    const row = rows.find((r) => r.regionCode === regionCode && r.item === entry.key);
    return {
      item: entry.key,
      code: entry.code,
      label: entry.label,
      id: row?.id ?? null,
      status: row?.status ?? 'unassessed',
      evidence: row?.evidence ?? null,
      assessedBy: row?.assessedBy ?? null,
      assessedOn: row?.assessedOn ?? null,
      version: row?.version ?? 0,
      attachments: row ? (files.get(row.id) ?? []) : [],
      figures,
      contradiction: checklistContradiction(entry.key, figures as ChecklistFigures),
      overrideReason: row?.overrideReason ?? null,
    };
  };
  const people = (v: string): PeopleCounts => fig.people.get(v) ?? { rule_of_law_leader: 0, legal_literate: 0, legal_adviser: 0 };
  const out = regs
    .filter((r) => r.level === 'town' || r.active)
    .map((r) => {
      if (r.level === 'town') {
        const vs = villagesOfTown(r.code);
        const t2 = vs.map((v) => ({ code: v.code, name: v.name, ...people(v.code) }));
        const meets = t2.filter((v) => v.rule_of_law_leader >= s.minRuleOfLawLeaders && v.legal_literate >= s.minLegalLiterates).length;
        const withCourtLink = vs.filter((v) => fig.facilities.get(v.code)?.has('court_link'));
        const withStation = vs.filter((v) => fig.facilities.get(v.code)?.has('public_legal_service_station'));
        const scr = fig.screening.get(r.code) ?? { campaigns: 0, covered: 0, onTime: 0, byType: {} };
        const edu = fig.education.get(r.code) ?? { n: 0, participants: 0, byType: {} as Record<string, number> };
        const figuresByItem: Record<string, Record<string, unknown>> = {
          creation_plan: {},
          legal_talent_teams: { villages: t2, villagesMeetingStandard: ratio(meets, vs.length, '本镇没有村（社区）'), minimums: { ruleOfLawLeaders: s.minRuleOfLawLeaders, legalLiterates: s.minLegalLiterates } },
          mediation_centre_and_court_link: {
            townCentre: fig.townCentres.has(r.code),
            villagesWithCourtLink: ratio(withCourtLink.length, vs.length, '本镇没有村（社区）'),
            missing: vs.filter((v) => !withCourtLink.includes(v)).map((v) => v.name),
          },
          public_legal_service_stations: { villagesWithStation: ratio(withStation.length, vs.length, '本镇没有村（社区）'), missing: vs.filter((v) => !withStation.includes(v)).map((v) => v.name) },
          regular_screening: { campaigns: scr.campaigns, byType: scr.byType, coverage: ratio(scr.onTime, scr.covered, '本年度没有排查') },
          legal_culture_platform: { activities: edu.n, participants: edu.participants, byType: edu.byType },
        };
        return { code: r.code, name: r.name, level: r.level, townCode: r.code, items: itemsFor('town').map((e) => itemView(r.code, e, figuresByItem[e.key] ?? {})) };
      }
      const p = people(r.code);
      const v2 = fig.disputes.get(r.code) ?? null;
      const figuresByItem: Record<string, Record<string, unknown>> = {
        village_rules_non_litigation: {},
        mediation_mechanism_effective: {
          withinTimeLimits: fig.disputesAvailable ? ratio(v2?.within ?? 0, v2?.concluded ?? 0, '本年度没有办结的纠纷') : { numerator: 0, denominator: 0, value: null, reason: '纠纷数据不可用' },
        },
      };
      return {
        code: r.code,
        name: r.name,
        level: r.level,
        townCode: r.townCode,
        items: itemsFor(r.level).map((e) => itemView(r.code, e, figuresByItem[e.key] ?? {})),
        // V3 is decided by numbers (SPEC §7); shown beside the checklist with the village's activity count
        v3: { ruleOfLawLeaders: p.rule_of_law_leader, legalLiterates: p.legal_literate, minimums: { ruleOfLawLeaders: s.minRuleOfLawLeaders, legalLiterates: s.minLegalLiterates }, activities: fig.villageActivities.get(r.code) ?? 0 },
      };
    });
  return { year, asOf, regions: out };
}

interface PeopleCounts {
  rule_of_law_leader: number;
  legal_literate: number;
  legal_adviser: number;
}

async function figures(db: DbOrTx, year: number, asOf: string, townCodes: string[], villageCodes: string[]) {
  const list = (xs: string[]) => sql.join(xs.map((x) => sql`${x}`), sql`, `);
  const people = new Map<string, PeopleCounts>();
  const facilities = new Map<string, Set<string>>();
  const villageActivities = new Map<string, number>();
  const disputes = new Map<string, { concluded: number; within: number }>();
  const screening = new Map<string, { campaigns: number; covered: number; onTime: number; byType: Record<string, number> }>();
  const education = new Map<string, { n: number; participants: number; byType: Record<string, number> }>();
  const townCentres = new Set<string>();
  let disputesAvailable = true;
  if (villageCodes.length) {
    const p = await db.execute<{ village_code: string; role: string; n: number }>(sql`
      select village_code, role, count(*)::int as n from personnel
      where village_code in (${list(villageCodes)}) and role in ('rule_of_law_leader', 'legal_literate', 'legal_adviser')
        and (since is null or since <= ${asOf}) and (until is null or until >= ${asOf})
      group by 1, 2`);
    for (const r of p.rows) {
      const x = people.get(r.village_code) ?? { rule_of_law_leader: 0, legal_literate: 0, legal_adviser: 0 };
      x[r.role as keyof PeopleCounts] = r.n;
      people.set(r.village_code, x);
    }
    const f = await db.execute<{ village_code: string; type: string }>(sql`
      select distinct village_code, type from facilities where village_code in (${list(villageCodes)}) and status = 'in_use' and (since is null or since <= ${asOf})`);
    for (const r of f.rows) facilities.set(r.village_code, (facilities.get(r.village_code) ?? new Set()).add(r.type));
    const a = await db.execute<{ village_code: string; n: number }>(sql`
      select village_code, count(*)::int as n from education_activities
      where village_code in (${list(villageCodes)}) and held_on between ${`${year}-01-01`} and ${asOf} group by 1`);
    for (const r of a.rows) villageActivities.set(r.village_code, r.n);
    // V2: disputes of the village concluded this year, and those whose every stage closed within its (extended) limit
    try {
      const d = await db.execute<{ village_code: string; concluded: number; within: number }>(sql`
        select d.village_code, count(*)::int as concluded,
          count(*) filter (where not exists (
            select 1 from dispute_stages s where s.dispute_id = d.id
              and coalesce(s.closed_on, d.concluded_on) > coalesce(s.extended_due_on, s.due_on)))::int as within
        from disputes d
        where d.village_code in (${list(villageCodes)}) and d.concluded_on between ${`${year}-01-01`} and ${asOf}
        group by 1`);
      for (const r of d.rows) disputes.set(r.village_code, { concluded: r.concluded, within: r.within });
    } catch {
      disputesAvailable = false;
    }
  }
  if (townCodes.length) {
    const sc = await db.execute<{ town_code: string; type: string; campaigns: number; covered: number; on_time: number }>(sql`
      select c.town_code, c.type, count(distinct c.id)::int as campaigns, count(t.region_code)::int as covered,
        count(r.id) filter (where r.status = 'submitted' and r.submitted_on <= c.deadline)::int as on_time
      from screening_campaigns c
      left join screening_targets t on t.campaign_id = c.id
      left join screening_reports r on r.campaign_id = c.id and r.region_code = t.region_code
      where c.town_code in (${list(townCodes)}) and c.starts_on between ${`${year}-01-01`} and ${asOf}
      group by 1, 2`);
    for (const r of sc.rows) {
      const x = screening.get(r.town_code) ?? { campaigns: 0, covered: 0, onTime: 0, byType: {} };
      x.campaigns += r.campaigns;
      x.covered += r.covered;
      x.onTime += r.on_time;
      x.byType[r.type] = r.campaigns;
      screening.set(r.town_code, x);
    }
    const e = await db.execute<{ town_code: string; type: string; n: number; participants: number }>(sql`
      select town_code, type, count(*)::int as n, coalesce(sum(participants), 0)::int as participants from education_activities
      where town_code in (${list(townCodes)}) and held_on between ${`${year}-01-01`} and ${asOf} group by 1, 2`);
    for (const r of e.rows) {
      const x = education.get(r.town_code) ?? { n: 0, participants: 0, byType: {} };
      x.n += r.n;
      x.participants += r.participants;
      x.byType[r.type] = r.n;
      education.set(r.town_code, x);
    }
    const u = await db.select({ townCode: units.townCode }).from(units).where(and(eq(units.type, 'town_centre'), eq(units.active, true), inArray(units.townCode, townCodes)));
    for (const r of u) if (r.townCode) townCentres.add(r.townCode);
  }
  return { people, facilities, villageActivities, disputes, disputesAvailable, screening, education, townCentres };
}

