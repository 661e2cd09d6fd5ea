import type { Ratio } from '../prevention/common.tsx';

export interface Summary {
  covered: number;
  reported: number;
  onTime: number;
  late: number;
  missing: number;
  coverage: Ratio;
  risksFound: number;
  zeroReports: number;
}
export interface Campaign {
  id: string;
  regionCode: string;
  townCode: string | null;
  title: string;
  type: string;
  startsOn: string;
  endsOn: string;
  deadline: string;
  notes: string | null;
  version: number;
  summary: Summary;
}
export interface Risk {
  id: string;
  campaignId: string | null;
  reportId: string | null;
  regionCode: string;
  regionName?: string;
  villageCode: string | null;
  foundOn: string;
  category: string;
  peopleInvolved: string | null;
  peopleCount: number;
  level: string;
  description: string;
  measures: string | null;
  status: string;
  disputeId: string | null;
  keyPersonId: string | null;
  version: number;
}
export interface Report {
  id: string;
  regionCode: string;
  status: string;
  zeroReport: boolean;
  notes: string | null;
  submittedOn: string;
  submittedByName: string | null;
  reopenReason: string | null;
  reopenedBy: string | null;
  version: number;
}
export interface Target {
  regionCode: string;
  name: string;
  level: string;
  state: 'pending' | 'overdue' | 'on_time' | 'late' | 'reopened';
  report: Report | null;
  risks: Risk[];
}
export interface Task {
  campaignId: string;
  title: string;
  type: string;
  startsOn: string;
  endsOn: string;
  deadline: string;
  regionCode: string;
  regionName: string;
  reportId: string | null;
  reportStatus: string | null;
  zeroReport: boolean | null;
  submittedOn: string | null;
  reopenReason: string | null;
  state: Target['state'];
}

export const TARGET_STATES: Record<string, [string, string?]> = {
  pending: ['待上报', 'processing'],
  overdue: ['逾期未报', 'error'],
  on_time: ['按时上报', 'success'],
  late: ['迟报', 'warning'],
  reopened: ['已退回', 'magenta'],
};
export const RISK_STATUS_COLORS: Record<string, string> = { open: 'orange', defused: 'green', became_dispute: 'blue' };
export const LEVEL_COLORS: Record<string, string> = { general: 'default', serious: 'orange', major: 'red' };
