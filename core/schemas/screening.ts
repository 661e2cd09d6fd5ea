/**
 * Response shapes of the screening API (SPEC §6.1: campaigns, reports, risks), shared by the server (route
 * response schemas — undeclared fields are stripped) and the web (types).
 */
import { z } from 'zod';
import { TARGET_STATE_KEYS } from '../prevention.ts';
import { ListItemOut } from './disputes.ts';
import { RatioOut } from './prevention.ts';

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
