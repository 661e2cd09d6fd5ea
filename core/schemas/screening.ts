/**
 * Response shapes of the screening API (SPEC §6.1: campaigns, reports, risks), shared by the server (route
 * response schemas — undeclared fields are stripped) and the web (types).
 */
import { z } from 'zod';
import { TARGET_STATE_KEYS } from '../prevention.ts';
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

export type Summary = z.infer<typeof SummaryOut>;
export type Campaign = z.infer<typeof CampaignOut> & { summary: Summary };
export type Risk = z.infer<typeof RiskOut>;
export type Report = z.infer<typeof ReportOut>;
export type Target = z.infer<typeof TargetOut>;
export type Task = z.infer<typeof TaskOut>;
