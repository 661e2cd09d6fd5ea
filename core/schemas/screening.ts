/**
 * The screening API (SPEC §6.1: campaigns, reports, risks): the write contracts (route bodies, service inputs,
 * form rules) and the response shapes, shared by the server (route schemas — undeclared fields are stripped)
 * and the web (types, form rules).
 */
import { z } from 'zod';
import { DISPUTE_CATEGORIES, RISK_LEVELS, SCREENING_TYPES } from '../dictionaries.ts';
import { TARGET_STATE_KEYS } from '../prevention.ts';
import { ListItemOut } from './disputes.ts';
import { Day, enumOf, optText } from './fields.ts';
import { RatioOut } from './prevention.ts';

/** The fields of a risk as registered (on its own, or within a screening report). */
export const RiskFields = {
  foundOn: Day.nullish(),
  category: enumOf(DISPUTE_CATEGORIES),
  peopleInvolved: optText(500),
  peopleCount: z.number().int().min(1).max(100_000).optional(),
  level: enumOf(RISK_LEVELS).optional(),
  description: z.string().trim().min(1, '请填写隐患情况').max(4000),
  measures: optText(4000),
};

/** POST /screening/campaigns: a campaign and the villages, communities or grids it covers. */
export const CampaignCreate = z.object({
  regionCode: z.string().min(1),
  title: z.string().trim().min(1, '请填写排查名称').max(200),
  type: enumOf(SCREENING_TYPES),
  startsOn: Day,
  endsOn: Day,
  deadline: Day,
  notes: optText(4000),
  targets: z.array(z.string().min(1)).min(1, '请选择排查覆盖的村（社区）或网格').max(2000),
});
/** PATCH /screening/campaigns/:id: any field but the organiser, with the version read. */
export const CampaignUpdate = CampaignCreate.omit({ regionCode: true }).partial().extend({ version: z.number().int() });
/** POST /screening/campaigns/:id/reports: a region's report, with the risks found or as a zero report. */
export const ReportFile = z.object({ regionCode: z.string().min(1), zeroReport: z.boolean(), notes: optText(2000), risks: z.array(z.object(RiskFields)).max(100).optional() });
/** POST /screening/reports/:id/reopen: the town office sends a filed report back, with a reason. */
export const ReportReopen = z.object({ reason: z.string().trim().min(1, '请填写退回原因').max(1000), version: z.number().int() });

export const SummaryOut = z.object({ covered: z.number(), reported: z.number(), onTime: z.number(), late: z.number(), missing: z.number(), coverage: RatioOut, risksFound: z.number(), zeroReports: z.number() });

export const CampaignOut = z.object({
  id: z.string(),
  regionCode: z.string(),
  townCode: z.string().nullable(),
  title: z.string(),
  type: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  deadline: z.string(),
  notes: z.string().nullable(),
  version: z.number(),
});

export const RiskOut = z.object({
  id: z.string(),
  campaignId: z.string().nullable(),
  reportId: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().optional(),
  villageCode: z.string().nullable(),
  townCode: z.string().nullable(),
  foundOn: z.string(),
  category: z.string(),
  peopleInvolved: z.string().nullable(),
  peopleCount: z.number(),
  level: z.string(),
  description: z.string(),
  measures: z.string().nullable(),
  status: z.string(),
  disputeId: z.string().nullable(),
  keyPersonId: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ReportOut = z.object({
  id: z.string(),
  regionCode: z.string(),
  status: z.string(),
  zeroReport: z.boolean(),
  notes: z.string().nullable(),
  submittedOn: z.string(),
  submittedByName: z.string().nullable(),
  reopenReason: z.string().nullable(),
  reopenedBy: z.string().nullable(),
  version: z.number(),
});

const TargetState = z.enum(TARGET_STATE_KEYS);

export const TargetOut = z.object({ regionCode: z.string(), name: z.string(), level: z.string(), state: TargetState, report: ReportOut.nullable(), risks: z.array(RiskOut) });

export const CampaignDetailOut = z.object({ campaign: CampaignOut, summary: SummaryOut, targets: z.array(TargetOut) });

/** A campaign a reporter still has to answer for one of their regions (the phone's to-do). */
export const TaskOut = z.object({
  campaignId: z.string(),
  title: z.string(),
  type: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  deadline: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  reportId: z.string().nullable(),
  reportStatus: z.string().nullable(),
  zeroReport: z.boolean().nullable(),
  submittedOn: z.string().nullable(),
  reopenReason: z.string().nullable(),
  state: TargetState,
});

export const CampaignListOut = z.array(CampaignOut.extend({ summary: SummaryOut }));
/** POST /screening/campaigns/:id/reports: the report, the risks it registered, and whether it came late. */
export const ReportFiledOut = z.object({ report: ReportOut, risks: z.array(RiskOut), late: z.boolean() });
export const RiskListOut = z.object({ items: z.array(RiskOut), total: z.number() });
/** The intake form prefilled from a risk (its fields as the dispute intake takes them). */
export const RiskIntakeOut = z.object({
  risk: RiskOut,
  // the dispute's own intake fields, plus the risk it comes from and the parties named in it
  intake: ListItemOut.pick({ regionCode: true, receivedOn: true, channel: true, category: true, summary: true, peopleCount: true, amount: true, riskLevel: true, mayTurnCriminal: true, threatensPetition: true }).extend({
    riskId: z.string(),
    parties: z.array(z.object({ role: z.string(), kind: z.string(), name: z.string(), idNumber: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable() })),
  }),
});
export const RiskToDisputeOut = z.object({ risk: RiskOut, dispute: z.object({ id: z.string(), number: z.string(), state: z.string() }) });

export type Summary = z.infer<typeof SummaryOut>;
export type Campaign = z.infer<typeof CampaignOut> & { summary: Summary };
export type Risk = z.infer<typeof RiskOut>;
export type Report = z.infer<typeof ReportOut>;
export type Target = z.infer<typeof TargetOut>;
export type Task = z.infer<typeof TaskOut>;
export type CampaignDetail = z.infer<typeof CampaignDetailOut>;
export type ReportFiled = z.infer<typeof ReportFiledOut>;
export type RiskList = z.infer<typeof RiskListOut>;
export type RiskIntake = z.infer<typeof RiskIntakeOut>;
export type RiskToDispute = z.infer<typeof RiskToDisputeOut>;
