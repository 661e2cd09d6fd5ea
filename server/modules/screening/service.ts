/**
 * Screening campaigns (排查, SPEC §6.1): the town office sets one up for some villages or grids; each
 * covered region files one report — the risks it found, or a zero report (零报告). Coverage = covered
 * regions that reported by the deadline ÷ covered regions. Only the town office may reopen a filed
 * report, with a reason that is audited.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { regions, risks, screeningCampaigns, screeningReports, screeningTargets } from '../../db/schema/index.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { regionInScope } from '../../scope/region.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { checkVersion, placeOf, VILLAGE_OR_BELOW } from '../prevention/common.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { onTime, screeningCoverage, targetState, type Ratio } from '../../../core/prevention.ts';
import { insertRisk, riskView } from './risks.ts';
import type { z } from 'zod';
import type { CampaignCreate, CampaignUpdate, ReportFile, ReportReopen } from '../../../core/schemas/screening.ts';

export type CampaignRow = typeof screeningCampaigns.$inferSelect;
export type ReportRow = typeof screeningReports.$inferSelect;

const ORGANISER_LEVELS = ['province', 'city', 'county', 'town'];

/** A campaign is visible when its organising region or one of its covered regions is in scope. */
function campaignVisible(actor: Actor): SQL {
  return sql`(${regionInScope(actor, screeningCampaigns.regionCode)} or exists (select 1 from screening_targets st where st.campaign_id = ${screeningCampaigns.id} and ${regionInScope(actor, sql`st.region_code`)}))`;
}

export async function getCampaign(db: DbOrTx, actor: Actor, id: string): Promise<CampaignRow> {
  const [c] = await db.select().from(screeningCampaigns).where(and(eq(screeningCampaigns.id, id), campaignVisible(actor)));
  if (!c) throw notFound('排查');
  return c;
}

function checkDates(i: { startsOn: string; endsOn: string; deadline: string }) {
  if (i.endsOn < i.startsOn) throw invalid('结束日期不能早于开始日期');
  if (i.deadline < i.startsOn) throw invalid('上报截止日期不能早于开始日期');
}

async function checkTargets(tx: DbOrTx, actor: Actor, organiserPath: string, codes: string[]) {
  const unique = [...new Set(codes)];
  if (unique.length === 0) throw invalid('请选择排查覆盖的村（社区）或网格');
  const out = [];
  for (const code of unique) {
    const p = await placeOf(tx, actor, code, VILLAGE_OR_BELOW);
    if (!p.region.path.startsWith(organiserPath)) throw invalid(`“${p.region.name}”不在组织地区之内`);
    if (!p.region.active) throw invalid(`“${p.region.name}”已停用`);
    out.push(p);
  }
  return out;
}

export async function createCampaign(database: Database, ctx: CommandContext, input: z.output<typeof CampaignCreate>) {
  requirePermission(ctx.actor, 'prevention.write');
  checkDates(input);
  return database.db.transaction(async (tx) => {
    const org = await placeOf(tx, ctx.actor, input.regionCode, ORGANISER_LEVELS);
    const targets = await checkTargets(tx, ctx.actor, org.region.path, input.targets);
    const [c] = await tx
      .insert(screeningCampaigns)
      .values({
        id: crypto.randomUUID(),
        regionCode: org.regionCode,
        townCode: org.townCode,
        title: input.title.trim(),
        type: input.type,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        deadline: input.deadline,
        notes: input.notes ?? null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await tx.insert(screeningTargets).values(targets.map((t) => ({ campaignId: c.id, regionCode: t.regionCode, villageCode: t.villageCode, townCode: t.townCode })));
    await writeAudit(tx, ctx, { action: 'screening.create', entity: 'screening_campaign', entityId: c.id, after: { ...c, targets: targets.map((t) => t.regionCode) }, townCode: c.townCode });
    return c;
  });
}

export async function updateCampaign(database: Database, ctx: CommandContext, id: string, patch: z.output<typeof CampaignUpdate>) {
  requirePermission(ctx.actor, 'prevention.write');
  return database.db.transaction(async (tx) => {
    const before = await getCampaign(tx, ctx.actor, id);
    await placeOf(tx, ctx.actor, before.regionCode); // the organiser's region must be the actor's
    checkVersion(before, patch.version);
    const next = { startsOn: patch.startsOn ?? before.startsOn, endsOn: patch.endsOn ?? before.endsOn, deadline: patch.deadline ?? before.deadline };
    checkDates(next);
    const beforeTargets = (await tx.select({ regionCode: screeningTargets.regionCode }).from(screeningTargets).where(eq(screeningTargets.campaignId, id))).map((t) => t.regionCode);
    if (patch.targets) {
      const org = await placeOf(tx, ctx.actor, before.regionCode);
      const targets = await checkTargets(tx, ctx.actor, org.region.path, patch.targets);
      const keep = new Set(targets.map((t) => t.regionCode));
      const removed = beforeTargets.filter((c) => !keep.has(c));
      if (removed.length) {
        const reported = await tx.select({ regionCode: screeningReports.regionCode }).from(screeningReports).where(and(eq(screeningReports.campaignId, id), inArray(screeningReports.regionCode, removed)));
        if (reported.length) throw invalid('已上报的地区不能移出排查范围');
        await tx.delete(screeningTargets).where(and(eq(screeningTargets.campaignId, id), inArray(screeningTargets.regionCode, removed)));
      }
      const added = targets.filter((t) => !beforeTargets.includes(t.regionCode));
      if (added.length) await tx.insert(screeningTargets).values(added.map((t) => ({ campaignId: id, regionCode: t.regionCode, villageCode: t.villageCode, townCode: t.townCode })));
    }
    const after = await updateVersioned(
      tx,
      screeningCampaigns,
      eq(screeningCampaigns.id, id),
      patch.version,
      { ...next, title: patch.title?.trim() ?? before.title, type: patch.type ?? before.type, notes: patch.notes !== undefined ? patch.notes : before.notes, updatedAt: new Date() },
      '排查',
    );
    await writeAudit(tx, ctx, { action: 'screening.update', entity: 'screening_campaign', entityId: id, before: { ...before, targets: beforeTargets }, after: { ...after, targets: patch.targets ?? beforeTargets }, townCode: after.townCode });
    return after;
  });
}

export async function deleteCampaign(database: Database, ctx: CommandContext, id: string) {
  requirePermission(ctx.actor, 'prevention.write');
  return database.db.transaction(async (tx) => {
    const before = await getCampaign(tx, ctx.actor, id);
    await placeOf(tx, ctx.actor, before.regionCode);
    const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(screeningReports).where(eq(screeningReports.campaignId, id));
    if (r.n > 0) throw invalid('已有地区上报的排查不能删除');
    await tx.delete(screeningCampaigns).where(eq(screeningCampaigns.id, id));
    await writeAudit(tx, ctx, { action: 'screening.delete', entity: 'screening_campaign', entityId: id, before, townCode: before.townCode });
  });
}

export interface CampaignSummary {
  covered: number;
  reported: number;
  onTime: number;
  late: number;
  /** covered regions without a filed report (reopened ones included) */
  missing: number;
  coverage: Ratio;
  risksFound: number;
  zeroReports: number;
}

function summaryOf(covered: number, reported: number, onTimeN: number, risksFound: number, zeroReports: number): CampaignSummary {
  return { covered, reported, onTime: onTimeN, late: reported - onTimeN, missing: covered - reported, coverage: screeningCoverage(covered, onTimeN), risksFound, zeroReports };
}

/** Campaigns the actor may see, newest first, each with its coverage over the covered regions in the actor's scope. */
export async function listCampaigns(db: DbOrTx, actor: Actor, f: { year?: number; type?: string; town?: string; open?: boolean } = {}) {
  const conds: SQL[] = [campaignVisible(actor)];
  if (f.year) conds.push(sql`extract(year from ${screeningCampaigns.startsOn}) = ${f.year}`);
  if (f.type) conds.push(eq(screeningCampaigns.type, f.type));
  if (f.town) conds.push(eq(screeningCampaigns.townCode, f.town));
  if (f.open) conds.push(sql`${screeningCampaigns.endsOn} >= ${todayShanghai()}`);
  const rows = await db.select().from(screeningCampaigns).where(and(...conds)).orderBy(desc(screeningCampaigns.startsOn), desc(screeningCampaigns.createdAt)).limit(500);
  const summaries = await campaignSummaries(db, actor, rows.map((r) => r.id));
  return rows.map((c) => ({ campaign: c, summary: summaries.get(c.id) ?? summaryOf(0, 0, 0, 0, 0) }));
}

export async function campaignSummaries(db: DbOrTx, actor: Actor | null, ids: string[]): Promise<Map<string, CampaignSummary>> {
  const out = new Map<string, CampaignSummary>();
  if (ids.length === 0) return out;
  const scope = actor ? regionInScope(actor, sql`t.region_code`) : sql`true`;
  const rows = await db.execute<{ campaign_id: string; covered: number; reported: number; on_time: number; risks: number; zero: number }>(sql`
    select t.campaign_id,
      count(*)::int as covered,
      count(r.id) filter (where r.status = 'submitted')::int as reported,
      count(r.id) filter (where r.status = 'submitted' and r.submitted_on <= c.deadline)::int as on_time,
      count(r.id) filter (where r.status = 'submitted' and r.zero_report)::int as zero,
      coalesce(sum((select count(*) from risks k where k.report_id = r.id)), 0)::int as risks
    from screening_targets t
    join screening_campaigns c on c.id = t.campaign_id
    left join screening_reports r on r.campaign_id = t.campaign_id and r.region_code = t.region_code
    where t.campaign_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) and ${scope}
    group by t.campaign_id`);
  for (const r of rows.rows) out.set(r.campaign_id, summaryOf(r.covered, r.reported, r.on_time, r.risks, r.zero));
  return out;
}

/** A campaign with each covered region in scope and its report. */
export async function campaignDetail(db: DbOrTx, actor: Actor, id: string) {
  const campaign = await getCampaign(db, actor, id);
  const targets = await db
    .select({ regionCode: screeningTargets.regionCode, villageCode: screeningTargets.villageCode, name: regions.name, level: regions.level, path: regions.path })
    .from(screeningTargets)
    .innerJoin(regions, eq(regions.code, screeningTargets.regionCode))
    .where(and(eq(screeningTargets.campaignId, id), regionInScope(actor, screeningTargets.regionCode)))
    .orderBy(asc(regions.path));
  const reports = await db.select().from(screeningReports).where(and(eq(screeningReports.campaignId, id), regionInScope(actor, screeningReports.regionCode)));
  const riskRows = reports.length ? await db.select().from(risks).where(inArray(risks.reportId, reports.map((r) => r.id))).orderBy(asc(risks.createdAt)) : [];
  const byRegion = new Map(reports.map((r) => [r.regionCode, r]));
  const summary = (await campaignSummaries(db, actor, [id])).get(id) ?? summaryOf(0, 0, 0, 0, 0);
  const day = todayShanghai();
  return {
    campaign,
    summary,
    targets: targets.map((t) => {
      const rep = byRegion.get(t.regionCode) ?? null;
      return { regionCode: t.regionCode, name: t.name, level: t.level, state: targetState(rep, campaign.deadline, day), report: rep, risks: rep ? riskRows.filter((k) => k.reportId === rep.id).map((k) => riskView(k, actor)) : [] };
    }),
  };
}

/** Files (or, after a reopening, files again) a covered region's report. */
export async function fileReport(database: Database, ctx: CommandContext, campaignId: string, input: z.output<typeof ReportFile>) {
  requirePermission(ctx.actor, 'screening.report');
  const riskInputs = input.risks ?? [];
  if (input.zeroReport && riskInputs.length) throw invalid('零报告不能同时填写隐患');
  if (!input.zeroReport && riskInputs.length === 0) throw invalid('请填写发现的隐患，或选择零报告');
  return database.db.transaction(async (tx) => {
    const campaign = await getCampaign(tx, ctx.actor, campaignId);
    const place = await placeOf(tx, ctx.actor, input.regionCode);
    const [target] = await tx.select().from(screeningTargets).where(and(eq(screeningTargets.campaignId, campaignId), eq(screeningTargets.regionCode, input.regionCode)));
    if (!target) throw invalid(`“${place.region.name}”不在本次排查范围内`);
    // lock the (campaign, region) pair: two phones sending at once file one report
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`screening:${campaignId}:${input.regionCode}`}))`);
    const [existing] = await tx.select().from(screeningReports).where(and(eq(screeningReports.campaignId, campaignId), eq(screeningReports.regionCode, input.regionCode)));
    if (existing?.status === 'submitted') throw new AppError('already_reported', 409, '本地区已上报；如需修改，请联系镇平安办退回后重新上报');
    if (existing) {
      // a reopened report is filed again: its open risks not yet taken further are replaced
      await tx.execute(sql`delete from risks where report_id = ${existing.id} and status = 'open' and dispute_id is null and key_person_id is null`);
      const [left] = await tx.select({ n: sql<number>`count(*)::int` }).from(risks).where(eq(risks.reportId, existing.id));
      if (input.zeroReport && left.n > 0) throw invalid('该报告已有隐患转为纠纷或重点对象，不能改为零报告');
    }
    const now = new Date();
    const values = {
      status: 'submitted',
      zeroReport: input.zeroReport,
      notes: input.notes ?? null,
      submittedOn: todayShanghai(),
      submittedAt: now,
      submittedBy: ctx.actor.userId,
      submittedByName: ctx.actor.name || ctx.actor.username,
      updatedAt: now,
    };
    const [report] = existing
      ? [await updateVersioned(tx, screeningReports, eq(screeningReports.id, existing.id), existing.version, values, '排查报告')]
      : await tx
          .insert(screeningReports)
          .values({ id: crypto.randomUUID(), campaignId, regionCode: place.regionCode, villageCode: place.villageCode, townCode: place.townCode, ...values })
          .returning();
    const created = [];
    for (const ri of riskInputs) created.push(await insertRisk(tx, ctx, place, { ...ri, regionCode: place.regionCode, foundOn: ri.foundOn ?? report.submittedOn }, { campaignId, reportId: report.id }));
    await writeAudit(tx, ctx, {
      action: existing ? 'screening.refile' : 'screening.report',
      entity: 'screening_report',
      entityId: report.id,
      before: existing ?? null,
      after: { ...report, risks: created.map((r) => r.id), late: !onTime(report.submittedOn, campaign.deadline) },
      townCode: report.townCode,
    });
    return { report, risks: created, late: !onTime(report.submittedOn, campaign.deadline) };
  });
}

/** Reopening a filed report is the town office's, with a reason (audited). */
export async function reopenReport(database: Database, ctx: CommandContext, reportId: string, input: z.output<typeof ReportReopen>) {
  requirePermission(ctx.actor, 'prevention.write');
  const reason = input.reason.trim();
  if (!reason) throw invalid('请填写退回原因');
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(screeningReports).where(and(eq(screeningReports.id, reportId), regionInScope(ctx.actor, screeningReports.regionCode, ['town_office', 'admin'])));
    if (!before) throw notFound('排查报告');
    checkVersion(before, input.version);
    if (before.status !== 'submitted') throw invalid('该报告已退回，等待重新上报');
    const after = await updateVersioned(
      tx,
      screeningReports,
      eq(screeningReports.id, reportId),
      input.version,
      { status: 'reopened', reopenReason: reason, reopenedBy: ctx.actor.name || ctx.actor.username, reopenedAt: new Date(), updatedAt: new Date() },
      '排查报告',
    );
    await writeAudit(tx, ctx, { action: 'screening.reopen', entity: 'screening_report', entityId: reportId, before, after: { ...after, reason }, townCode: after.townCode });
    return after;
  });
}

/** Open campaigns that cover a region in the actor's scope, with that region's report state: the phone's "to report" list. */
export async function myTasks(db: DbOrTx, actor: Actor) {
  const day = todayShanghai();
  const rows = await db
    .select({
      campaignId: screeningCampaigns.id,
      title: screeningCampaigns.title,
      type: screeningCampaigns.type,
      startsOn: screeningCampaigns.startsOn,
      endsOn: screeningCampaigns.endsOn,
      deadline: screeningCampaigns.deadline,
      regionCode: screeningTargets.regionCode,
      regionName: regions.name,
      reportId: screeningReports.id,
      reportStatus: screeningReports.status,
      zeroReport: screeningReports.zeroReport,
      submittedOn: screeningReports.submittedOn,
      reopenReason: screeningReports.reopenReason,
      reportVersion: screeningReports.version,
    })
    .from(screeningTargets)
    .innerJoin(screeningCampaigns, eq(screeningCampaigns.id, screeningTargets.campaignId))
    .innerJoin(regions, eq(regions.code, screeningTargets.regionCode))
    .leftJoin(screeningReports, and(eq(screeningReports.campaignId, screeningTargets.campaignId), eq(screeningReports.regionCode, screeningTargets.regionCode)))
    .where(and(regionInScope(actor, screeningTargets.regionCode), sql`(${screeningCampaigns.endsOn} >= ${day} or ${screeningCampaigns.deadline} >= ${day} or ((${screeningReports.id} is null or ${screeningReports.status} <> 'submitted') and ${screeningCampaigns.endsOn} >= ${addDays(day, -60)}))`))
    .orderBy(asc(screeningCampaigns.deadline), asc(regions.path))
    .limit(200);
  return rows.map((r) => ({
    ...r,
    state: targetState(r.reportId ? { status: r.reportStatus!, submittedOn: r.submittedOn! } : null, r.deadline, day),
  }));
}
