/** Shapes of the screening API: the same zod schemas the server answers with (core/schemas/screening.ts). */
export type { Campaign, Report, Risk, RiskIntake, Summary, Target, Task } from '../../../../core/schemas/screening.ts';
import { TARGET_STATE_KEYS, TARGET_STATE_LABELS, type TargetState } from '../../../../core/prevention.ts';

const TARGET_COLORS: Record<TargetState, string> = { pending: 'processing', overdue: 'error', on_time: 'success', late: 'warning', reopened: 'magenta' };
export const TARGET_STATES: Record<string, [string, string?]> = Object.fromEntries(TARGET_STATE_KEYS.map((k) => [k, [TARGET_STATE_LABELS[k], TARGET_COLORS[k]]]));
export const RISK_STATUS_COLORS: Record<string, string> = { open: 'orange', defused: 'green', became_dispute: 'blue' };
export const LEVEL_COLORS: Record<string, string> = { general: 'default', serious: 'orange', major: 'red' };
