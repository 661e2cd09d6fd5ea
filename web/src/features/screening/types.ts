/** Shapes of the screening API: the same zod schemas the server answers with (core/schemas/screening.ts). */
export type { Campaign, Report, Risk, Summary, Target, Task } from '../../../../core/schemas/screening.ts';

export const TARGET_STATES: Record<string, [string, string?]> = {
  pending: ['待上报', 'processing'],
  overdue: ['逾期未报', 'error'],
  on_time: ['按时上报', 'success'],
  late: ['迟报', 'warning'],
  reopened: ['已退回', 'magenta'],
};
export const RISK_STATUS_COLORS: Record<string, string> = { open: 'orange', defused: 'green', became_dispute: 'blue' };
export const LEVEL_COLORS: Record<string, string> = { general: 'default', serious: 'orange', major: 'red' };
