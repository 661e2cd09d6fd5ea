/**
 * Veto items reconciled with court data (否决事项核查, issue 14.4). The court's first-instance criminal cases
 * (刑初) whose defendant lives in a village, and negligent crimes sentenced to three years or more, are what
 * a V4/T8 "达标" could be wrong about: each waits "待核查" until the town office confirms it as a veto incident
 * (an intentional crime, which then counts in the evaluation) or dismisses it with a reason.
 */
import crypto from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, DbOrTx } from '../../db/client.ts';
import { courtCases, incidents, vetoReviews } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { addDays } from '../../../core/dates.ts';
import type { VetoDecision, VetoItem } from '../../../core/schemas/veto-review.ts';

/** A sentence of three years or more is what T8 counts (SPEC §7: the bound included). */
const THREE_YEARS = 36;

export interface VetoFilter {
  year: number;
  status?: 'pending' | 'confirmed' | 'dismissed' | 'all';
  region?: string | null;
}

type Row = {
  source_kind: 'court_case' | 'incident';
  source_id: string;
  title: string;
  date: string;
  region_code: string | null;
  region_name: string | null;
  village_code: string | null;
  town_code: string | null;
  sentence_months: number | null;
  decision: 'confirmed' | 'dismissed' | null;
  reason: string | null;
  incident_id: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
};

const dayText = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

/** The items of the year in the actor's scope, each with its review (if any). */
async function rows(db: DbOrTx, actor: Actor, f: VetoFilter, only?: { kind: string; id: string }): Promise<Row[]> {
  const start = `${String(f.year).padStart(4, '0')}-01-01`;
  const end = addDays(`${String(f.year + 1).padStart(4, '0')}-01-01`, -1);
  const under = (col: SQL) => (f.region ? sql` and ${col} in (select code from regions where path like (select path from regions where code = ${f.region}) || '%')` : sql``);
  const cases = sql`
    select 'court_case' as source_kind, court_cases.case_no as source_id, court_cases.case_no as title, court_cases.filed_on as date,
           court_cases.defendant_region_code as region_code, r.name as region_name,
           case when r.level = 'grid' then r.parent_code else r.code end as village_code, court_cases.town_code,
           null::int as sentence_months
      from court_cases join regions r on r.code = court_cases.defendant_region_code
     where court_cases.kind = 'criminal' and court_cases.instance = 'first' and court_cases.filed_on >= ${start} and court_cases.filed_on <= ${end}
       and r.level in ('village', 'community', 'grid') and ${regionInScope(actor, courtCases.defendantRegionCode)}
       ${under(sql`court_cases.defendant_region_code`)}
       ${only ? sql` and 'court_case' = ${only.kind} and court_cases.case_no = ${only.id}` : sql``}`;
  const negligent = sql`
    select 'incident' as source_kind, incidents.id as source_id, coalesce(incidents.description, '过失犯罪') as title, incidents.occurred_on as date,
           incidents.region_code, r.name as region_name,
           case when r.level = 'grid' then r.parent_code when r.level in ('village', 'community') then r.code else null end as village_code, incidents.town_code,
           incidents.sentence_months
      from incidents left join regions r on r.code = incidents.region_code
     where incidents.type = 'negligent_crime' and incidents.sentence_months >= ${THREE_YEARS} and incidents.occurred_on >= ${start} and incidents.occurred_on <= ${end}
       and ${regionInScope(actor, incidents.regionCode)}
       ${under(sql`incidents.region_code`)}
       ${only ? sql` and 'incident' = ${only.kind} and incidents.id = ${only.id}` : sql``}`;
  const status = f.status ?? 'pending';
  const where = status === 'all' ? sql`` : status === 'pending' ? sql` where v.id is null` : sql` where v.decision = ${status}`;
  const r = await db.execute<Row>(sql`
    select x.*, v.decision, v.reason, v.incident_id, v.reviewed_by, v.reviewed_at
      from (${cases} union all ${negligent}) x
      left join veto_reviews v on v.source_kind = x.source_kind and v.source_id = x.source_id
      ${where}
     order by x.date desc, x.source_id`);
  return r.rows;
}

const itemOf = (r: Row): VetoItem => ({
  sourceKind: r.source_kind,
  sourceId: r.source_id,
  title: r.title,
  date: dayText(r.date),
  regionCode: r.region_code,
  regionName: r.region_name,
  townCode: r.town_code,
  sentenceMonths: r.sentence_months === null ? null : Number(r.sentence_months),
  status: r.decision ?? 'pending',
  reason: r.reason,
  incidentId: r.incident_id,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at === null ? null : new Date(r.reviewed_at).toISOString(),
});

/** The year's items to review (default: those still pending), newest first. */
export async function listVetoItems(db: DbOrTx, actor: Actor, f: VetoFilter): Promise<{ items: VetoItem[]; pending: number }> {
  requirePermission(actor, 'court.read');
  const items = (await rows(db, actor, f)).map(itemOf);
  const pending = f.status === undefined || f.status === 'pending' ? items.length : (await rows(db, actor, { ...f, status: 'pending' })).length;
  return { items, pending };
}

/** Pending items per village (and per town, all of its villages together): what a V4/T8 rests on unreviewed. */
export async function pendingByRegion(db: DbOrTx, actor: Actor, year: number): Promise<Record<string, number>> {
  requirePermission(actor, 'evaluation.read');
  const out: Record<string, number> = {};
  for (const r of await rows(db, actor, { year, status: 'pending' })) {
    for (const code of [r.village_code, r.town_code]) if (code) out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}

/** Records the town office's decision on one item; a confirmation writes the veto incident in the same transaction. */
export async function decideVetoItem(database: Database, ctx: CommandContext, year: number, input: z.output<typeof VetoDecision>): Promise<VetoItem> {
  requirePermission(ctx.actor, 'court.write');
  return database.db.transaction(async (tx) => {
    const [row] = await rows(tx, ctx.actor, { year, status: 'all' }, { kind: input.sourceKind, id: input.sourceId });
    if (!row) throw notFound('待核查事项');
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`veto:${input.sourceKind}:${input.sourceId}`}))`);
    const [done] = await tx.select({ id: vetoReviews.id }).from(vetoReviews).where(and(eq(vetoReviews.sourceKind, input.sourceKind), eq(vetoReviews.sourceId, input.sourceId)));
    if (done) throw conflict('该事项已核查，请刷新后查看');
    let incidentId: string | null = null;
    if (input.decision === 'confirmed') {
      if (row.source_kind === 'court_case') {
        if (input.occurredOn && input.occurredOn.slice(0, 4) !== String(year)) throw invalid(`发生日期应在${year}年内`);
        const months = input.sentenceMonths ?? null;
        const [created] = await tx
          .insert(incidents)
          .values({
            id: crypto.randomUUID(),
            type: 'intentional_crime',
            regionCode: row.region_code!,
            townCode: row.town_code,
            occurredOn: input.occurredOn ?? dayText(row.date),
            sentenceMonths: months,
            sentenceText: months === null ? null : months >= 999 ? '无期徒刑或死刑' : `${months}个月`,
            description: `刑事一审案件${row.source_id}核查确认${input.reason?.trim() ? `：${input.reason.trim()}` : ''}`,
          })
          .returning();
        incidentId = created.id;
        await writeAudit(tx, ctx, { action: 'incident.create', entity: 'incident', entityId: created.id, after: created, townCode: created.townCode });
      } else {
        const [before] = await tx.select().from(incidents).where(eq(incidents.id, row.source_id)).for('update');
        if (!before) throw notFound('否决事项');
        const [after] = await tx
          .update(incidents)
          .set({ type: 'intentional_crime', version: before.version + 1, updatedAt: new Date() })
          .where(eq(incidents.id, row.source_id))
          .returning();
        incidentId = after.id;
        await writeAudit(tx, ctx, { action: 'incident.update', entity: 'incident', entityId: after.id, before, after, townCode: after.townCode });
      }
    }
    const [review] = await tx
      .insert(vetoReviews)
      .values({
        id: crypto.randomUUID(),
        sourceKind: input.sourceKind,
        sourceId: input.sourceId,
        regionCode: row.region_code,
        townCode: row.town_code,
        decision: input.decision,
        reason: input.reason?.trim() || null,
        incidentId,
        reviewedBy: ctx.actor.name || ctx.actor.username,
      })
      .returning();
    await writeAudit(tx, ctx, { action: `veto_review.${input.decision === 'confirmed' ? 'confirm' : 'dismiss'}`, entity: 'veto_review', entityId: review.id, after: review, townCode: review.townCode });
    const [fresh] = await rows(tx, ctx.actor, { year, status: 'all' }, { kind: input.sourceKind, id: input.sourceId });
    return itemOf(fresh ?? { ...row, decision: review.decision as 'confirmed' | 'dismissed', reason: review.reason, incident_id: incidentId, reviewed_by: review.reviewedBy, reviewed_at: review.reviewedAt });
  });
}
