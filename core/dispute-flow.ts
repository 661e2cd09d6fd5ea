/**
 * The dispute state machine, its parameters and deadlines (SPEC §4.2–§4.7, §11 actions).
 *
 * PURE: no I/O, no clock (callers pass `today`), no framework. The server uses it to refuse illegal
 * transitions; the web uses the same functions to show which actions are allowed.
 *
 * Calendar dates are `YYYY-MM-DD` strings and all arithmetic is on UTC day numbers, so the host's time
 * zone can never shift a date by one.
 *
 * Decisions where SPEC §4.2 is silent (the transition table below is the single source of truth):
 * - `accept` only from `registered`; it opens the first stage (the level defaults on the server from the
 *   dispute's region; `litigation` is not a handling level and cannot be accepted into).
 * - `fail` only from `mediating` (a stage that never got to mediation is transferred or withdrawn, not
 *   failed); `resolve` only from `mediating`.
 * - `transfer` only from `accepted` or `failed` (SPEC); a stage in `mediating` must first fail. Transferring
 *   to the same level (another unit, e.g. a second department) is allowed. A transfer to `litigation` opens
 *   no stage and closes the dispute with outcome `litigation`.
 * - `withdraw` from `registered`, `accepted` and `mediating`; a `failed` dispute is simply closed.
 * - `extend` only while a stage is open (`accepted`, `mediating`); it keeps the state.
 * - `add_session` only in `mediating`; it keeps the state.
 * - `return_visit` from `resolved` (→ `follow_up`) and again in `follow_up` (keeps the state). Visits to
 *   failed or withdrawn disputes are recorded in the visits ledger, not as a dispute action.
 * - `close` from `follow_up` (a resolved dispute needs at least one return visit first, SPEC §4.4),
 *   `failed` and `withdrawn`. `closed` is read-only: no action at all (notes are not an action).
 */
import {
  AGREEMENT_FORMS,
  DISPUTE_ACTIONS,
  DISPUTE_STATES,
  FAILURE_REASONS,
  LEVELS,
  LINKAGE_TYPES,
  SESSION_METHODS,
  isKeyOf,
  keysOf,
  labelOf,
  type Dict,
  type DisputeActionKey,
  type DisputeOutcomeKey,
  type DisputeStateKey,
  type LevelKey,
} from './dictionaries.ts';
import { addDays, dayFromNumber, dayNumber, daysBetween, isValidDate } from './dates.ts';
import { prelitigationCaseKey } from './case-number.ts';

// ---------------------------------------------------------------------------------------------------
// Types and constants
// ---------------------------------------------------------------------------------------------------

export type DisputeState = DisputeStateKey;
export type Level = LevelKey;
export type Action = DisputeActionKey;
/** Levels at which a stage is handled (and has a time limit). */
export type StageLevel = Exclude<Level, 'litigation'>;
/** The final outcome a dispute reaches. */
export type Outcome = DisputeOutcomeKey;
/** How a stage ended. */
export type StageOutcome = 'resolved' | 'failed' | 'withdrawn' | 'transferred';

export const STATES: readonly DisputeState[] = keysOf(DISPUTE_STATES);
export const ACTIONS: readonly Action[] = keysOf(DISPUTE_ACTIONS);
export const ALL_LEVELS: readonly Level[] = keysOf(LEVELS);
export const STAGE_LEVELS: readonly StageLevel[] = ['grid', 'village', 'town', 'department', 'prelitigation'];

/** States in which the current stage is open (it has a due date and can be overdue or extended). */
export const STAGE_OPEN_STATES: readonly DisputeState[] = ['accepted', 'mediating'];

/**
 * from state × action → next state; `'same'` = the action is allowed and keeps the state.
 * A missing entry means the action is refused in that state.
 * `transfer` to `litigation` goes to TRANSFER_TO_LITIGATION_STATE instead (SPEC §4.2).
 */
export const TRANSITIONS: Readonly<Record<DisputeState, Readonly<Partial<Record<Action, DisputeState | 'same'>>>>> = {
  registered: { accept: 'accepted', withdraw: 'withdrawn' },
  accepted: { start_mediation: 'mediating', transfer: 'accepted', extend: 'same', withdraw: 'withdrawn' },
  mediating: { add_session: 'same', resolve: 'resolved', fail: 'failed', extend: 'same', withdraw: 'withdrawn' },
  resolved: { return_visit: 'follow_up' },
  failed: { transfer: 'accepted', close: 'closed' },
  withdrawn: { close: 'closed' },
  follow_up: { return_visit: 'same', close: 'closed' },
  closed: {},
};

export const TRANSFER_TO_LITIGATION_STATE: DisputeState = 'closed';

/** Actions that open a new stage (except a transfer to `litigation`, which opens none). */
const OPENS_STAGE: readonly Action[] = ['accept', 'transfer'];

/** How the open stage ends when an action leaves it. */
const STAGE_OUTCOME_OF: Readonly<Partial<Record<Action, StageOutcome>>> = {
  resolve: 'resolved',
  fail: 'failed',
  withdraw: 'withdrawn',
  transfer: 'transferred',
};

/**
 * The dispute's final outcome set by an action, per from state. `fail` sets none (the dispute may still be
 * transferred); closing a failed dispute makes `failed` final. A transfer to litigation sets `litigation`.
 */
const OUTCOMES: Readonly<Partial<Record<DisputeState, Readonly<Partial<Record<Action, Outcome>>>>>> = {
  registered: { withdraw: 'withdrawn' },
  accepted: { withdraw: 'withdrawn' },
  mediating: { resolve: 'resolved', withdraw: 'withdrawn' },
  failed: { close: 'failed' },
};

export function isState(value: unknown): value is DisputeState {
  return isKeyOf(DISPUTE_STATES, value);
}
export function isAction(value: unknown): value is Action {
  return isKeyOf(DISPUTE_ACTIONS, value);
}
export function isLevel(value: unknown): value is Level {
  return isKeyOf(LEVELS, value);
}
export function isStageLevel(value: unknown): value is StageLevel {
  return typeof value === 'string' && (STAGE_LEVELS as readonly string[]).includes(value);
}
export function isStageOpen(state: DisputeState): boolean {
  return STAGE_OPEN_STATES.includes(state);
}

export const stateLabel = (state: string): string => labelOf(DISPUTE_STATES, state);
export const actionLabel = (action: string): string => labelOf(DISPUTE_ACTIONS, action);
export const levelLabel = (level: string): string => labelOf(LEVELS, level);

// ---------------------------------------------------------------------------------------------------
// Transitions
// ---------------------------------------------------------------------------------------------------

export interface ActionContext {
  /** Actions the user may perform (their role/scope); others are not offered. Default: all. */
  permitted?: readonly Action[] | ((action: Action) => boolean);
}

/** The actions allowed in `state`, in the canonical order of ACTIONS. Unknown states allow nothing. */
export function allowedActions(state: DisputeState, ctx: ActionContext = {}): Action[] {
  const row = isState(state) ? TRANSITIONS[state] : {};
  const { permitted } = ctx;
  const may =
    permitted === undefined
      ? () => true
      : typeof permitted === 'function'
        ? permitted
        : (a: Action) => permitted.includes(a);
  return ACTIONS.filter((a) => row[a] !== undefined && may(a));
}

export function canPerform(state: DisputeState, action: Action): boolean {
  return isState(state) && isAction(action) && TRANSITIONS[state][action] !== undefined;
}

export type TransitionResult =
  | {
      ok: true;
      /** The state after the action. */
      state: DisputeState;
      /** Whether the state differs from the state before. */
      changed: boolean;
      /** A new stage is opened (accept; transfer other than to litigation). */
      opensStage: boolean;
      /** The currently open stage ends. */
      closesStage: boolean;
      /** How the closed stage ended, when closesStage. */
      stageOutcome?: StageOutcome;
      /** The dispute's final outcome, when this action sets it. */
      outcome?: Outcome;
      /** Level of the new stage (accept with a level, transfer). */
      level?: Level;
    }
  | { ok: false; message: string };

function refusal(state: DisputeState, action: Action): string {
  const base = `当前状态“${stateLabel(state)}”下不能执行“${actionLabel(action)}”`;
  if (state === 'closed') return `${base}：已结案的纠纷只读，仅可添加备注`;
  const allowed = allowedActions(state).map(actionLabel);
  return allowed.length ? `${base}（可执行：${allowed.join('、')}）` : base;
}

/**
 * The effect of `action` on a dispute in `state`. Only checks that the transition is legal (and, for
 * `transfer`, that a valid level is given — it decides the next state); field validation is
 * `validateActionParams`, both together `checkAction`.
 */
export function nextState(
  state: DisputeState,
  action: Action,
  params: { readonly level?: unknown } | null = null,
): TransitionResult {
  if (!isState(state)) return { ok: false, message: `未知的纠纷状态“${String(state)}”` };
  if (!isAction(action)) return { ok: false, message: `未知的操作“${String(action)}”` };
  const target = TRANSITIONS[state][action];
  if (target === undefined) return { ok: false, message: refusal(state, action) };

  const from = state;
  const stageWasOpen = isStageOpen(from);
  const level = params?.level;
  let to: DisputeState = target === 'same' ? from : target;
  let opensStage = OPENS_STAGE.includes(action);
  let outcome = OUTCOMES[from]?.[action];

  if (action === 'transfer') {
    if (level === undefined || level === null || level === '') return { ok: false, message: '流转须选择目标层级' };
    if (!isLevel(level)) return { ok: false, message: `流转层级“${String(level)}”无效` };
    if (level === 'litigation') {
      to = TRANSFER_TO_LITIGATION_STATE;
      opensStage = false;
      outcome = 'litigation';
    }
  }

  // A stage ends when an open stage is left, or replaced by a transfer.
  const closesStage = stageWasOpen && (!isStageOpen(to) || action === 'transfer');
  const result: TransitionResult = { ok: true, state: to, changed: to !== from, opensStage, closesStage };
  if (closesStage) result.stageOutcome = STAGE_OUTCOME_OF[action];
  if (outcome) result.outcome = outcome;
  if (action === 'transfer' && isLevel(level)) result.level = level;
  if (action === 'accept' && isStageLevel(level)) result.level = level;
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Parameters (SPEC §11: level, unitId, handlerId, linkage, reason, date, method, notes, agreement, satisfaction)
// ---------------------------------------------------------------------------------------------------

export interface AgreementParams {
  form: 'written' | 'oral';
  content?: string | null;
  performanceDeadline?: string | null;
}

/** Fields an action may carry (validated shape). */
export interface ActionParams {
  level?: Level;
  unitId?: string | null;
  handlerId?: string | null;
  linkage?: string | null;
  reason?: string | null;
  date?: string | null;
  method?: string | null;
  notes?: string | null;
  agreement?: AgreementParams | null;
  satisfaction?: number | null;
  /** the parties were told of their right to sue (SPEC §4.7): required on `fail` and on a transfer to litigation */
  toldRightToSue?: boolean | null;
  /** when they were told (default: the action's date) */
  toldRightToSueOn?: string | null;
  /** a transfer to `prelitigation` (or the pre-litigation stage's conclusion): the court's 诉前调 case number */
  courtCaseNo?: string | null;
}

/** Whether an action must record that the parties were told of their right to sue (SPEC §4.7). */
export function needsRightToSue(action: Action, level?: unknown): boolean {
  return action === 'fail' || (action === 'transfer' && level === 'litigation');
}

/** The actions that may record the court's 诉前调 number: a transfer to `prelitigation`, and the concluding ones of that stage. */
export const COURT_CASE_NO_ACTIONS: readonly Action[] = ['transfer', 'start_mediation', 'add_session', 'resolve', 'fail', 'extend'];

/** Raw, unvalidated input with the same field names. */
export type ActionParamsInput = { readonly [K in keyof ActionParams]?: unknown };

export interface FieldError {
  /** Field path, e.g. `reason`, `agreement.content`. */
  field: string;
  /** Chinese message. */
  message: string;
}

export interface ValidationContext {
  /** The open stage's current due date (for `extend`). */
  currentDueOn?: string | null;
  /** Today, for dates that cannot lie in the future (a return visit). */
  today?: string;
  /** Configured failure reasons (default FAILURE_REASONS). */
  failureReasons?: Dict;
}

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Field errors of an action's parameters (empty when valid). Independent of the dispute's state.
 * - accept: optional `level` (a handling level, not litigation), optional `linkage`, optional `date`
 * - start_mediation, withdraw, close: optional `date`
 * - add_session: `date`, `method`
 * - resolve: `agreement {form, content (written), performanceDeadline?}`, optional `date`
 * - fail: `reason` from the failure reasons; `notes` when the reason is `other`
 * - transfer: `level`; optional `linkage` (must be valid)
 * - extend: `date` (the new due date, after the current one), `reason`
 * - return_visit: `date` (not after today), `satisfaction` 1–5
 */
export function validateActionParams(
  action: Action,
  params: ActionParamsInput | null | undefined,
  ctx: ValidationContext = {},
): FieldError[] {
  const p: ActionParamsInput = params ?? {};
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });

  if (!isAction(action)) return [{ field: 'action', message: `未知的操作“${String(action)}”` }];

  const optionalDate = (field: string, value: unknown, what: string) => {
    if (!blank(value) && !isValidDate(value)) err(field, `${what}不是有效日期（YYYY-MM-DD）`);
  };
  const requiredDate = (field: string, value: unknown, what: string): boolean => {
    if (blank(value)) {
      err(field, `请填写${what}`);
      return false;
    }
    if (!isValidDate(value)) {
      err(field, `${what}不是有效日期（YYYY-MM-DD）`);
      return false;
    }
    return true;
  };
  const linkage = () => {
    if (!blank(p.linkage) && !isKeyOf(LINKAGE_TYPES, p.linkage)) err('linkage', `对接类型“${String(p.linkage)}”无效`);
  };

  switch (action) {
    case 'accept':
      if (!blank(p.level)) {
        if (p.level === 'litigation') err('level', '不能在“诉讼”层级受理，引导诉讼请使用“流转”');
        else if (!isStageLevel(p.level)) err('level', `受理层级“${String(p.level)}”无效`);
      }
      linkage();
      optionalDate('date', p.date, '受理日期');
      break;
    case 'start_mediation':
    case 'withdraw':
    case 'close':
      optionalDate('date', p.date, '日期');
      break;
    case 'add_session':
      requiredDate('date', p.date, '调解日期');
      if (blank(p.method)) err('method', '请选择调解方式');
      else if (!isKeyOf(SESSION_METHODS, p.method)) err('method', `调解方式“${String(p.method)}”无效`);
      break;
    case 'resolve': {
      optionalDate('date', p.date, '协议日期');
      const a = p.agreement;
      if (a === undefined || a === null) {
        err('agreement', '调解成功须填写调解协议');
        break;
      }
      if (typeof a !== 'object' || Array.isArray(a)) {
        err('agreement', '调解协议格式无效');
        break;
      }
      const ag = a as Record<string, unknown>;
      if (blank(ag.form)) err('agreement.form', '请选择协议形式（书面或口头）');
      else if (!isKeyOf(AGREEMENT_FORMS, ag.form)) err('agreement.form', `协议形式“${String(ag.form)}”无效`);
      if (ag.content !== undefined && ag.content !== null && typeof ag.content !== 'string') {
        err('agreement.content', '协议内容须为文本');
      } else if (ag.form === 'written' && blank(ag.content)) {
        err('agreement.content', '书面协议须填写协议内容');
      }
      if (!blank(ag.performanceDeadline)) {
        if (!isValidDate(ag.performanceDeadline)) {
          err('agreement.performanceDeadline', '履行期限不是有效日期（YYYY-MM-DD）');
        } else if (isValidDate(p.date) && ag.performanceDeadline < p.date) {
          err('agreement.performanceDeadline', '履行期限不能早于协议日期');
        }
      }
      break;
    }
    case 'fail': {
      const reasons = ctx.failureReasons ?? FAILURE_REASONS;
      if (blank(p.reason)) err('reason', '请选择调解不成的原因');
      else if (!isKeyOf(reasons, p.reason)) err('reason', `调解不成的原因“${String(p.reason)}”无效`);
      else if (p.reason === 'other' && blank(p.notes)) err('notes', '原因为“其他”时请在备注中说明');
      break;
    }
    case 'transfer':
      if (blank(p.level)) err('level', '请选择流转的目标层级');
      else if (!isLevel(p.level)) err('level', `流转层级“${String(p.level)}”无效`);
      linkage();
      optionalDate('date', p.date, '流转日期');
      break;
    case 'extend':
      if (requiredDate('date', p.date, '延期后的期限') && isValidDate(ctx.currentDueOn)) {
        if ((p.date as string) <= ctx.currentDueOn) {
          err('date', `延期后的期限须晚于当前期限 ${ctx.currentDueOn}`);
        }
      }
      if (blank(p.reason)) err('reason', '请填写延期理由');
      else if (typeof p.reason !== 'string') err('reason', '延期理由须为文本');
      break;
    case 'return_visit':
      if (requiredDate('date', p.date, '回访日期') && isValidDate(ctx.today) && (p.date as string) > ctx.today) {
        err('date', '回访日期不能晚于今天');
      }
      if (p.satisfaction === undefined || p.satisfaction === null || p.satisfaction === '') {
        err('satisfaction', '请填写满意度（1–5）');
      } else if (
        typeof p.satisfaction !== 'number' ||
        !Number.isInteger(p.satisfaction) ||
        p.satisfaction < 1 ||
        p.satisfaction > 5
      ) {
        err('satisfaction', '满意度须为 1 到 5 的整数');
      }
      break;
  }
  // 告知诉权 (SPEC §4.7): asked for on a failed stage and a transfer to litigation, allowed on every action
  if (needsRightToSue(action, p.level) && p.toldRightToSue !== true) {
    err('toldRightToSue', action === 'fail' ? '调解不成须告知当事人依法起诉的权利，并予以记录' : '引导诉讼须告知当事人依法起诉的权利，并予以记录');
  }
  if (p.toldRightToSue !== undefined && p.toldRightToSue !== null && typeof p.toldRightToSue !== 'boolean') err('toldRightToSue', '告知诉权须为是或否');
  optionalDate('toldRightToSueOn', p.toldRightToSueOn, '告知诉权日期');
  if (!blank(p.toldRightToSueOn) && isValidDate(p.toldRightToSueOn) && isValidDate(ctx.today) && (p.toldRightToSueOn as string) > ctx.today) {
    err('toldRightToSueOn', '告知诉权日期不能晚于今天');
  }
  if (!blank(p.courtCaseNo)) {
    if (typeof p.courtCaseNo !== 'string') err('courtCaseNo', '诉前调解案号须为文本');
    else if (!COURT_CASE_NO_ACTIONS.includes(action) || (action === 'transfer' && p.level !== 'prelitigation')) {
      err('courtCaseNo', '只有流转到法院诉前调解（或诉前调解阶段办理时）才记录诉前调解案号');
    } else {
      const k = prelitigationCaseKey(p.courtCaseNo);
      if (!k.ok) err('courtCaseNo', k.reason);
    }
  }
  return errors;
}

/** `nextState` and `validateActionParams` together: what the server runs before writing. */
export function checkAction(
  state: DisputeState,
  action: Action,
  params: ActionParamsInput | null | undefined,
  ctx: ValidationContext = {},
): TransitionResult | { ok: false; message: string; errors: FieldError[] } {
  if (!canPerform(state, action)) return nextState(state, action, null);
  const errors = validateActionParams(action, params, ctx);
  if (errors.length) return { ok: false, message: errors.map((e) => e.message).join(';'), errors };
  return nextState(state, action, params ?? null);
}

// ---------------------------------------------------------------------------------------------------
// Deadlines (SPEC §4.2, §4.3)
// ---------------------------------------------------------------------------------------------------

export type TimeLimits = Record<StageLevel, number>;

/** Calendar days per level, counted from acceptance (settings per year override them). */
export const DEFAULT_TIME_LIMITS: Readonly<TimeLimits> = {
  grid: 3,
  village: 15,
  town: 30,
  department: 30,
  prelitigation: 30,
};

/**
 * Due date of a stage accepted on `acceptedOn` at `level`: acceptedOn + limit calendar days. As for
 * statutory periods (民事诉讼法 art. 85), the day of acceptance is not counted: a 3-day grid stage accepted
 * on 1 March is due on 4 March, and is overdue from 5 March. A level missing from `limits` uses the default.
 */
export function dueDate(acceptedOn: string, level: StageLevel, limits: Partial<TimeLimits> = DEFAULT_TIME_LIMITS): string {
  if (!isStageLevel(level)) throw new RangeError(`层级“${String(level)}”没有办理期限`);
  const limit = limits[level] ?? DEFAULT_TIME_LIMITS[level];
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`“${levelLabel(level)}”层级的办理期限“${limit}”须为非负整数`);
  }
  return dayFromNumber(dayNumber(acceptedOn, '受理日期') + limit);
}

/** A stage is overdue when it is still open and today is after its due date (the due date itself is in time). */
export function isOverdue(dueOn: string | null | undefined, today: string, stageOpen: boolean): boolean {
  if (!stageOpen || dueOn === null || dueOn === undefined || dueOn === '') return false;
  return dayNumber(today, '今天') > dayNumber(dueOn, '期限');
}

/** Days left until the due date (0 on the due date, negative when overdue). */
export function daysUntilDue(dueOn: string, today: string): number {
  return daysBetween(today, dueOn);
}

/** Parties may apply jointly for judicial confirmation within 30 days of the agreement taking effect. */
export const CONFIRMATION_WINDOW_DAYS = 30;

export function confirmationDeadline(agreementEffectiveOn: string): string {
  return addDays(agreementEffectiveOn, CONFIRMATION_WINDOW_DAYS);
}

/** Open from the effective date through the deadline, both inclusive. */
export function isConfirmationWindowOpen(agreementEffectiveOn: string | null | undefined, today: string): boolean {
  if (!agreementEffectiveOn) return false;
  const t = dayNumber(today, '今天');
  const start = dayNumber(agreementEffectiveOn, '协议生效日期');
  return t >= start && t <= start + CONFIRMATION_WINDOW_DAYS;
}

// ---------------------------------------------------------------------------------------------------
// Guarding the right to sue (SPEC §4.7)
// ---------------------------------------------------------------------------------------------------

export type RoundsTier = 'village' | 'town' | 'above';

/** Maximum mediation sessions per tier; `null` = no limit. */
export interface RoundsRule {
  village: number | null;
  town: number | null;
  above: number | null;
}

/** The "331" pattern: three tries at village, three at town, one above, then guide to court. */
export const DEFAULT_ROUNDS_RULE: Readonly<RoundsRule> = { village: 3, town: 3, above: 1 };

/**
 * Tier each level's sessions count toward: grid mediation is the village's own (网格矛盾网格调);
 * departments work at the township (镇直单位, "谁主管谁负责"); court pre-litigation mediation is "above".
 */
export const ROUNDS_TIER_OF_LEVEL: Readonly<Record<Level, RoundsTier | null>> = {
  grid: 'village',
  village: 'village',
  town: 'town',
  department: 'town',
  prelitigation: 'above',
  litigation: null,
};

const TIER_LABEL: Readonly<Record<RoundsTier, string>> = {
  village: '村（社区）级',
  town: '乡镇级',
  above: '乡镇以上',
};

export interface RoundsFlag {
  tier: RoundsTier;
  sessions: number;
  limit: number;
  message: string;
}

/**
 * Flags each tier where the number of sessions exceeds the rule. Flags inform; nothing is blocked
 * (无讼 ≠ 压讼): the message reminds the handler to move on or to guide the parties to court.
 */
export function checkRounds(
  sessionsPerLevel: Readonly<Partial<Record<Level, number>>>,
  rule: Readonly<RoundsRule> = DEFAULT_ROUNDS_RULE,
): RoundsFlag[] {
  const totals: Record<RoundsTier, number> = { village: 0, town: 0, above: 0 };
  for (const level of ALL_LEVELS) {
    const tier = ROUNDS_TIER_OF_LEVEL[level];
    const n = sessionsPerLevel[level] ?? 0;
    if (tier && Number.isFinite(n)) totals[tier] += n;
  }
  const flags: RoundsFlag[] = [];
  for (const tier of ['village', 'town', 'above'] as const) {
    const limit = rule[tier];
    if (limit === null || limit === undefined) continue;
    const sessions = totals[tier];
    if (sessions > limit) {
      flags.push({
        tier,
        sessions,
        limit,
        message: `${TIER_LABEL[tier]}调解已进行 ${sessions} 次，超过规定的 ${limit} 次；请及时流转，或告知当事人依法起诉的权利并引导诉讼`,
      });
    }
  }
  return flags;
}

/** Calendar days a dispute has been in mediation, from `from` to `to` (0 when `to` is not later). */
export function mediationDays(from: string, to: string): number {
  return Math.max(0, daysBetween(from, to));
}

// ---------------------------------------------------------------------------------------------------
// Resolution level, local resolution, group flag (SPEC §4.1, §4.2, §7 trends)
// ---------------------------------------------------------------------------------------------------

/** A resolved dispute's resolution level is its last stage's level; null without stages. */
export function resolutionLevel(stages: readonly { readonly level: Level }[]): Level | null {
  return stages.length ? stages[stages.length - 1].level : null;
}

/** Levels that are "local" (就地化解) by themselves. */
export const LOCAL_LEVELS: readonly Level[] = ['grid', 'village', 'town'];

/**
 * Whether a dispute resolved at `level` counts as resolved locally (就地化解): at grid, village or town,
 * or at a department whose unit belongs to the town (`unitIsInTown`), e.g. the town's police station.
 */
export function isLocalResolution(level: Level | null | undefined, unitIsInTown: boolean): boolean {
  if (!level) return false;
  if (LOCAL_LEVELS.includes(level)) return true;
  return level === 'department' && unitIsInTown === true;
}

// 群体性纠纷 lives in group-dispute.ts: the grid worker's light intake page imports it without the whole flow
export { GROUP_THRESHOLD, groupFlag } from './group-dispute.ts';
