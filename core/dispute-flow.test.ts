import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ACTIONS,
  ALL_LEVELS,
  DEFAULT_ROUNDS_RULE,
  DEFAULT_TIME_LIMITS,
  STAGE_LEVELS,
  STATES,
  TRANSITIONS,
  allowedActions,
  canPerform,
  checkAction,
  checkRounds,
  confirmationDeadline,
  daysUntilDue,
  dueDate,
  groupFlag,
  isConfirmationWindowOpen,
  isLocalResolution,
  isOverdue,
  mediationDays,
  nextState,
  resolutionLevel,
  validateActionParams,
  type Action,
  type DisputeState,
  type Level,
} from './dispute-flow.ts';
import { addDays, daysBetween, isValidDate } from './dates.ts';
import * as dict from './dictionaries.ts';
import {
  CHANNELS,
  CHECKLIST_ITEMS,
  DISPUTE_CATEGORIES,
  DISPUTE_STATES,
  LEVELS,
  checklistItemOf,
  keyOf,
  labelOf,
  statsCategoryOf,
} from './dictionaries.ts';

// ---------------------------------------------------------------------------------------------------
// The transition table, written out independently of the implementation: state → action → next state.
// Every pair not listed must be refused.
// ---------------------------------------------------------------------------------------------------
const EXPECTED: Record<DisputeState, Partial<Record<Action, DisputeState>>> = {
  registered: { accept: 'accepted', withdraw: 'withdrawn' },
  accepted: { start_mediation: 'mediating', transfer: 'accepted', extend: 'accepted', withdraw: 'withdrawn' },
  mediating: {
    add_session: 'mediating',
    resolve: 'resolved',
    fail: 'failed',
    extend: 'mediating',
    withdraw: 'withdrawn',
  },
  resolved: { return_visit: 'follow_up' },
  failed: { transfer: 'accepted', close: 'closed' },
  withdrawn: { close: 'closed' },
  follow_up: { return_visit: 'follow_up', close: 'closed' },
  closed: {},
};

const STATE_LABEL: Record<DisputeState, string> = {
  registered: '已登记',
  accepted: '已受理',
  mediating: '调解中',
  resolved: '已化解',
  failed: '调解不成',
  withdrawn: '已撤回',
  follow_up: '已回访',
  closed: '已结案',
};

const ALL_PAIRS = STATES.flatMap((s) => ACTIONS.map((a) => [s, a] as const));

describe('transition table (every state × every action)', () => {
  it('covers 8 states × 10 actions', () => {
    expect(STATES).toHaveLength(8);
    expect(ACTIONS).toHaveLength(10);
    expect(ALL_PAIRS).toHaveLength(80);
  });

  it.each(ALL_PAIRS)('%s × %s', (state, action) => {
    const expected = EXPECTED[state][action];
    const r = nextState(state, action, { level: 'town' });
    if (expected) {
      expect(r).toMatchObject({ ok: true, state: expected, changed: expected !== state });
      expect(canPerform(state, action)).toBe(true);
      expect(allowedActions(state)).toContain(action);
    } else {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const actionLabel = labelOf(dict.DISPUTE_ACTIONS, action);
      expect(r.message.startsWith(`当前状态“${STATE_LABEL[state]}”下不能执行“${actionLabel}”`)).toBe(true);
      expect(canPerform(state, action)).toBe(false);
      expect(allowedActions(state)).not.toContain(action);
    }
  });

  it.each(STATES)('allowedActions(%s) lists exactly the allowed actions in canonical order', (state) => {
    expect(allowedActions(state)).toEqual(ACTIONS.filter((a) => EXPECTED[state][a] !== undefined));
  });

  it('the exported table has the same shape as the expected one', () => {
    for (const [state, action] of ALL_PAIRS) {
      expect(TRANSITIONS[state][action] !== undefined).toBe(EXPECTED[state][action] !== undefined);
    }
  });

  it('example message and read-only hint for closed disputes', () => {
    expect(nextState('resolved', 'accept')).toEqual({
      ok: false,
      message: '当前状态“已化解”下不能执行“受理”（可执行：回访）',
    });
    const r = nextState('closed', 'close');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('只读');
    expect(allowedActions('closed')).toEqual([]);
  });

  it('refuses unknown states and actions', () => {
    expect(nextState('bogus' as DisputeState, 'accept')).toEqual({ ok: false, message: '未知的纠纷状态“bogus”' });
    expect(nextState('registered', 'explode' as Action)).toEqual({ ok: false, message: '未知的操作“explode”' });
    expect(allowedActions('bogus' as DisputeState)).toEqual([]);
  });

  it('filters by permitted actions (list or predicate)', () => {
    expect(allowedActions('mediating', { permitted: ['add_session', 'close'] })).toEqual(['add_session']);
    expect(allowedActions('mediating', { permitted: (a) => a !== 'withdraw' })).toEqual([
      'add_session',
      'resolve',
      'fail',
      'extend',
    ]);
  });
});

describe('transition effects', () => {
  it('accept opens the first stage', () => {
    expect(nextState('registered', 'accept', { level: 'village' })).toEqual({
      ok: true,
      state: 'accepted',
      changed: true,
      opensStage: true,
      closesStage: false,
      level: 'village',
    });
    expect(nextState('registered', 'accept')).toMatchObject({ ok: true, opensStage: true });
  });

  it('start_mediation, add_session and extend keep the stage open', () => {
    for (const [s, a] of [
      ['accepted', 'start_mediation'],
      ['accepted', 'extend'],
      ['mediating', 'add_session'],
      ['mediating', 'extend'],
    ] as const) {
      expect(nextState(s, a)).toMatchObject({ ok: true, opensStage: false, closesStage: false });
    }
    expect(nextState('mediating', 'add_session')).toMatchObject({ state: 'mediating', changed: false });
  });

  it('resolve, fail and withdraw close the stage with its outcome', () => {
    expect(nextState('mediating', 'resolve')).toEqual({
      ok: true,
      state: 'resolved',
      changed: true,
      opensStage: false,
      closesStage: true,
      stageOutcome: 'resolved',
      outcome: 'resolved',
    });
    const failed = nextState('mediating', 'fail');
    expect(failed).toMatchObject({ ok: true, state: 'failed', closesStage: true, stageOutcome: 'failed' });
    expect(failed).not.toHaveProperty('outcome'); // the dispute may still be transferred
    expect(nextState('accepted', 'withdraw')).toMatchObject({
      closesStage: true,
      stageOutcome: 'withdrawn',
      outcome: 'withdrawn',
    });
    expect(nextState('registered', 'withdraw')).toMatchObject({ closesStage: false, outcome: 'withdrawn' });
  });

  it('transfer from accepted replaces the stage; from failed opens a new one', () => {
    expect(nextState('accepted', 'transfer', { level: 'department' })).toEqual({
      ok: true,
      state: 'accepted',
      changed: false,
      opensStage: true,
      closesStage: true,
      stageOutcome: 'transferred',
      level: 'department',
    });
    expect(nextState('failed', 'transfer', { level: 'prelitigation' })).toEqual({
      ok: true,
      state: 'accepted',
      changed: true,
      opensStage: true,
      closesStage: false,
      level: 'prelitigation',
    });
  });

  it.each(['accepted', 'failed'] as const)('transfer from %s to litigation closes the dispute', (s) => {
    const r = nextState(s, 'transfer', { level: 'litigation' });
    expect(r).toMatchObject({ ok: true, state: 'closed', opensStage: false, outcome: 'litigation', level: 'litigation' });
    if (r.ok) expect(r.closesStage).toBe(s === 'accepted');
  });

  it('transfer needs a valid level', () => {
    expect(nextState('accepted', 'transfer')).toEqual({ ok: false, message: '流转须选择目标层级' });
    expect(nextState('accepted', 'transfer', { level: 'moon' })).toEqual({
      ok: false,
      message: '流转层级“moon”无效',
    });
  });

  it('close sets the final outcome only for failed disputes', () => {
    expect(nextState('failed', 'close')).toMatchObject({ ok: true, state: 'closed', outcome: 'failed' });
    expect(nextState('withdrawn', 'close')).not.toHaveProperty('outcome');
    expect(nextState('follow_up', 'close')).not.toHaveProperty('outcome');
    expect(nextState('resolved', 'return_visit')).toMatchObject({ state: 'follow_up', closesStage: false });
  });
});

// ---------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------
type Case = [string, Action, Record<string, unknown> | null, string[], { currentDueOn?: string; today?: string }?];
const PARAM_CASES: Case[] = [
  ['accept without params', 'accept', null, []],
  ['accept with level', 'accept', { level: 'grid', date: '2024-03-01' }, []],
  ['accept at litigation', 'accept', { level: 'litigation' }, ['level']],
  ['accept bad level', 'accept', { level: 'county' }, ['level']],
  ['accept bad linkage', 'accept', { level: 'department', linkage: 'army' }, ['linkage']],
  ['accept bad date', 'accept', { date: '2024-13-01' }, ['date']],
  ['start_mediation', 'start_mediation', {}, []],
  ['withdraw bad date', 'withdraw', { date: 'yesterday' }, ['date']],
  ['close', 'close', null, []],
  ['add_session ok', 'add_session', { date: '2024-03-02', method: 'on_site' }, []],
  ['add_session missing', 'add_session', {}, ['date', 'method']],
  ['add_session bad method', 'add_session', { date: '2024-03-02', method: 'telepathy' }, ['method']],
  ['add_session bad date', 'add_session', { date: '2023-02-29', method: 'phone' }, ['date']],
  ['resolve written', 'resolve', { agreement: { form: 'written', content: '赔偿 2000 元' } }, []],
  ['resolve oral without content', 'resolve', { agreement: { form: 'oral' } }, []],
  [
    'resolve with deadline',
    'resolve',
    { date: '2024-03-05', agreement: { form: 'oral', performanceDeadline: '2024-04-01' } },
    [],
  ],
  ['resolve without agreement', 'resolve', {}, ['agreement']],
  ['resolve agreement not object', 'resolve', { agreement: 'yes' }, ['agreement']],
  ['resolve written without content', 'resolve', { agreement: { form: 'written', content: '  ' } }, ['agreement.content']],
  ['resolve missing form', 'resolve', { agreement: { content: 'x' } }, ['agreement.form']],
  ['resolve bad form', 'resolve', { agreement: { form: 'video', content: 'x' } }, ['agreement.form']],
  [
    'resolve bad deadline',
    'resolve',
    { agreement: { form: 'oral', performanceDeadline: '2024-02-30' } },
    ['agreement.performanceDeadline'],
  ],
  [
    'resolve deadline before agreement',
    'resolve',
    { date: '2024-03-05', agreement: { form: 'oral', performanceDeadline: '2024-03-04' } },
    ['agreement.performanceDeadline'],
  ],
  ['fail ok', 'fail', { reason: 'no_agreement', toldRightToSue: true }, []],
  ['fail missing reason', 'fail', { toldRightToSue: true }, ['reason']],
  ['fail bad reason', 'fail', { reason: 'tired', toldRightToSue: true }, ['reason']],
  ['fail label is not a key', 'fail', { reason: '其他', toldRightToSue: true }, ['reason']],
  ['fail other without notes', 'fail', { reason: 'other', toldRightToSue: true }, ['notes']],
  ['fail other with notes', 'fail', { reason: 'other', notes: '当事人外出务工', toldRightToSue: true }, []],
  ['fail without 告知诉权', 'fail', { reason: 'no_agreement' }, ['toldRightToSue']],
  ['transfer to litigation without 告知诉权', 'transfer', { level: 'litigation' }, ['toldRightToSue']],
  ['transfer to prelitigation with a 诉前调 number', 'transfer', { level: 'prelitigation', courtCaseNo: '（2024）浙0782民诉前调88号' }, []],
  ['transfer to prelitigation with a court case number', 'transfer', { level: 'prelitigation', courtCaseNo: '(2024)浙0782民初88号' }, ['courtCaseNo']],
  ['a 诉前调 number on a transfer to the town', 'transfer', { level: 'town', courtCaseNo: '(2024)浙0782民诉前调88号' }, ['courtCaseNo']],
  ['transfer ok', 'transfer', { level: 'department', linkage: 'police' }, []],
  ['transfer to litigation', 'transfer', { level: 'litigation', toldRightToSue: true }, []],
  ['transfer linkage optional', 'transfer', { level: 'department' }, []],
  ['transfer missing level', 'transfer', {}, ['level']],
  ['transfer bad level', 'transfer', { level: 'county' }, ['level']],
  ['transfer bad linkage', 'transfer', { level: 'department', linkage: 'army' }, ['linkage']],
  ['extend ok', 'extend', { date: '2024-04-01', reason: '当事人住院' }, [], { currentDueOn: '2024-03-16' }],
  ['extend same day', 'extend', { date: '2024-03-16', reason: '理由' }, ['date'], { currentDueOn: '2024-03-16' }],
  ['extend earlier', 'extend', { date: '2024-03-01', reason: '理由' }, ['date'], { currentDueOn: '2024-03-16' }],
  ['extend missing all', 'extend', {}, ['date', 'reason'], { currentDueOn: '2024-03-16' }],
  ['extend no current due date', 'extend', { date: '2024-03-01', reason: '理由' }, []],
  ['extend bad date', 'extend', { date: '2024/04/01', reason: '理由' }, ['date']],
  ['return_visit ok', 'return_visit', { date: '2024-04-01', satisfaction: 5 }, [], { today: '2024-04-01' }],
  ['return_visit min', 'return_visit', { date: '2024-04-01', satisfaction: 1 }, []],
  ['return_visit missing', 'return_visit', {}, ['date', 'satisfaction']],
  ['return_visit 0', 'return_visit', { date: '2024-04-01', satisfaction: 0 }, ['satisfaction']],
  ['return_visit 6', 'return_visit', { date: '2024-04-01', satisfaction: 6 }, ['satisfaction']],
  ['return_visit 3.5', 'return_visit', { date: '2024-04-01', satisfaction: 3.5 }, ['satisfaction']],
  ['return_visit string', 'return_visit', { date: '2024-04-01', satisfaction: '5' }, ['satisfaction']],
  ['return_visit future', 'return_visit', { date: '2024-04-02', satisfaction: 4 }, ['date'], { today: '2024-04-01' }],
];

describe('validateActionParams', () => {
  it.each(PARAM_CASES)('%s', (_name, action, params, fields, ctx) => {
    const errors = validateActionParams(action, params, ctx);
    expect(errors.map((e) => e.field)).toEqual(fields);
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('gives the documented messages', () => {
    expect(validateActionParams('fail', { toldRightToSue: true })).toEqual([{ field: 'reason', message: '请选择调解不成的原因' }]);
    expect(validateActionParams('extend', { date: '2024-03-10', reason: 'x' }, { currentDueOn: '2024-03-16' })).toEqual([
      { field: 'date', message: '延期后的期限须晚于当前期限 2024-03-16' },
    ]);
    expect(validateActionParams('return_visit', { date: '2024-04-01', satisfaction: 9 })).toEqual([
      { field: 'satisfaction', message: '满意度须为 1 到 5 的整数' },
    ]);
  });

  it('accepts configured failure reasons', () => {
    const reasons = [{ key: 'moved_away', label: '当事人迁出' }];
    expect(validateActionParams('fail', { reason: 'moved_away', toldRightToSue: true }, { failureReasons: reasons })).toEqual([]);
    expect(validateActionParams('fail', { reason: 'no_agreement', toldRightToSue: true }, { failureReasons: reasons })).toHaveLength(1);
  });

  it('rejects unknown actions', () => {
    expect(validateActionParams('explode' as Action, {})).toEqual([{ field: 'action', message: '未知的操作“explode”' }]);
  });

  it('every action validates an empty object without throwing', () => {
    for (const a of ACTIONS) expect(Array.isArray(validateActionParams(a, {}))).toBe(true);
  });
});

describe('checkAction', () => {
  it('refuses an illegal transition before looking at fields', () => {
    const r = checkAction('closed', 'fail', {});
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('errors');
  });
  it('returns field errors for a legal transition with bad fields', () => {
    const r = checkAction('mediating', 'fail', { reason: 'bad', toldRightToSue: true });
    expect(r).toMatchObject({ ok: false, errors: [{ field: 'reason' }] });
  });
  it('returns the transition when all is valid', () => {
    expect(checkAction('mediating', 'resolve', { agreement: { form: 'oral' } })).toMatchObject({
      ok: true,
      state: 'resolved',
    });
    expect(checkAction('failed', 'transfer', { level: 'litigation', toldRightToSue: true })).toMatchObject({ ok: true, state: 'closed' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Dates and deadlines
// ---------------------------------------------------------------------------------------------------
describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-00-10', false],
    ['2024-1-10', false],
    ['2024-01-10T00:00:00Z', false],
    ['', false],
    [null, false],
    [20240101, false],
  ])('isValidDate(%s) = %s', (v, ok) => {
    expect(isValidDate(v)).toBe(ok);
  });

  it('addDays and daysBetween', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
  });
});

describe('dueDate', () => {
  it('uses the default limits', () => {
    expect(DEFAULT_TIME_LIMITS).toEqual({ grid: 3, village: 15, town: 30, department: 30, prelitigation: 30 });
  });

  it.each([
    ['2024-03-01', 'grid', '2024-03-04'],
    ['2024-02-28', 'grid', '2024-03-02'], // leap year: 29 Feb exists
    ['2023-02-28', 'grid', '2023-03-03'],
    ['2024-02-29', 'village', '2024-03-15'],
    ['2024-02-29', 'town', '2024-03-30'],
    ['2024-02-29', 'prelitigation', '2024-03-30'],
    ['2024-01-31', 'grid', '2024-02-03'],
    ['2024-01-31', 'town', '2024-03-01'],
    ['2023-01-31', 'town', '2023-03-02'],
    ['2024-04-30', 'village', '2024-05-15'],
    ['2024-12-20', 'village', '2025-01-04'],
    ['2023-12-31', 'department', '2024-01-30'],
    ['2024-12-31', 'grid', '2025-01-03'],
    ['1999-12-31', 'grid', '2000-01-03'],
    ['2100-02-27', 'grid', '2100-03-02'], // 2100 is not a leap year
  ] as const)('%s at %s → %s', (acceptedOn, level, expected) => {
    expect(dueDate(acceptedOn, level)).toBe(expected);
  });

  it('takes the year’s settings, falling back to defaults for missing levels', () => {
    expect(dueDate('2024-03-01', 'village', { village: 10 })).toBe('2024-03-11');
    expect(dueDate('2024-03-01', 'town', { village: 10 })).toBe('2024-03-31');
    expect(dueDate('2024-03-01', 'grid', { ...DEFAULT_TIME_LIMITS, grid: 0 })).toBe('2024-03-01');
  });

  it('refuses bad input', () => {
    expect(() => dueDate('2023-02-29', 'grid')).toThrow(RangeError);
    expect(() => dueDate('2024-03-01', 'litigation' as never)).toThrow(RangeError);
    expect(() => dueDate('2024-03-01', 'grid', { grid: -1 })).toThrow(RangeError);
    expect(() => dueDate('2024-03-01', 'grid', { grid: 1.5 })).toThrow(RangeError);
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(dueDate('2024-03-09', 'grid')).toBe('2024-03-12'); // US DST starts 2024-03-10
        expect(dueDate('2024-10-31', 'town')).toBe('2024-11-30');
        expect(isOverdue('2024-03-12', '2024-03-13', true)).toBe(true);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('overdue and confirmation window', () => {
  it('isOverdue: only open stages, only after the due date', () => {
    expect(isOverdue('2024-03-04', '2024-03-04', true)).toBe(false);
    expect(isOverdue('2024-03-04', '2024-03-05', true)).toBe(true);
    expect(isOverdue('2024-03-04', '2024-03-03', true)).toBe(false);
    expect(isOverdue('2024-03-04', '2024-04-01', false)).toBe(false);
    expect(isOverdue(null, '2024-04-01', true)).toBe(false);
    expect(isOverdue('2024-12-31', '2025-01-01', true)).toBe(true);
    expect(daysUntilDue('2024-03-04', '2024-03-01')).toBe(3);
    expect(daysUntilDue('2024-03-04', '2024-03-06')).toBe(-2);
  });

  it('confirmationDeadline = effective date + 30 days', () => {
    expect(confirmationDeadline('2024-02-01')).toBe('2024-03-02');
    expect(confirmationDeadline('2023-02-01')).toBe('2023-03-03');
    expect(confirmationDeadline('2024-12-15')).toBe('2025-01-14');
  });

  it('the window is open from the effective date through the deadline', () => {
    expect(isConfirmationWindowOpen('2024-02-01', '2024-01-31')).toBe(false);
    expect(isConfirmationWindowOpen('2024-02-01', '2024-02-01')).toBe(true);
    expect(isConfirmationWindowOpen('2024-02-01', '2024-03-02')).toBe(true);
    expect(isConfirmationWindowOpen('2024-02-01', '2024-03-03')).toBe(false);
    expect(isConfirmationWindowOpen(null, '2024-03-01')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// Right to sue (SPEC §4.7)
// ---------------------------------------------------------------------------------------------------
describe('checkRounds ("331")', () => {
  it('defaults to 3-3-1', () => {
    expect(DEFAULT_ROUNDS_RULE).toEqual({ village: 3, town: 3, above: 1 });
  });

  it.each([
    [{}, []],
    [{ village: 3, town: 3, prelitigation: 1 }, []],
    [{ village: 4 }, ['village']],
    [{ grid: 2, village: 2 }, ['village']],
    [{ town: 4 }, ['town']],
    [{ town: 3, department: 1 }, ['town']],
    [{ prelitigation: 2 }, ['above']],
    [{ village: 9, town: 9, prelitigation: 9 }, ['village', 'town', 'above']],
    [{ litigation: 10 }, []],
  ] as [Partial<Record<Level, number>>, string[]][])('%o → %o', (sessions, tiers) => {
    const flags = checkRounds(sessions);
    expect(flags.map((f) => f.tier)).toEqual(tiers);
  });

  it('explains in Chinese and reminds of the right to sue', () => {
    const [flag] = checkRounds({ village: 4 });
    expect(flag).toMatchObject({ tier: 'village', sessions: 4, limit: 3 });
    expect(flag.message).toContain('村（社区）级调解已进行 4 次');
    expect(flag.message).toContain('起诉');
  });

  it('honours a custom rule; null means no limit', () => {
    expect(checkRounds({ village: 2 }, { village: 1, town: null, above: null }).map((f) => f.tier)).toEqual(['village']);
    expect(checkRounds({ town: 50 }, { village: 3, town: null, above: 1 })).toEqual([]);
  });

  it('mediationDays counts calendar days, never negative', () => {
    expect(mediationDays('2024-02-20', '2024-03-01')).toBe(10);
    expect(mediationDays('2024-03-01', '2024-03-01')).toBe(0);
    expect(mediationDays('2024-03-02', '2024-03-01')).toBe(0);
    expect(mediationDays('2023-12-25', '2024-01-05')).toBe(11);
  });
});

describe('resolution level, local resolution, group flag', () => {
  it('resolutionLevel is the last stage’s level', () => {
    expect(resolutionLevel([])).toBeNull();
    expect(resolutionLevel([{ level: 'village' }])).toBe('village');
    expect(resolutionLevel([{ level: 'grid' }, { level: 'town' }, { level: 'department' }])).toBe('department');
  });

  it.each([
    ['grid', false, true],
    ['village', false, true],
    ['town', false, true],
    ['department', true, true],
    ['department', false, false],
    ['prelitigation', true, false],
    ['litigation', true, false],
    [null, true, false],
  ] as const)('isLocalResolution(%s, unitIsInTown=%s) = %s', (level, inTown, expected) => {
    expect(isLocalResolution(level, inTown)).toBe(expected);
  });

  it('groupFlag at 5 or more people', () => {
    expect(groupFlag(0)).toBe(false);
    expect(groupFlag(4)).toBe(false);
    expect(groupFlag(5)).toBe(true);
    expect(groupFlag(120)).toBe(true);
    expect(groupFlag(Number.NaN)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------
const arbAction = fc.constantFrom(...ACTIONS);
const arbLevel = fc.constantFrom(...ALL_LEVELS);
const arbStep = fc.record({ action: arbAction, level: arbLevel });
const arbState = fc.constantFrom(...STATES);

function successors(state: DisputeState): DisputeState[] {
  const out = new Set<DisputeState>();
  for (const action of ACTIONS) {
    for (const level of ALL_LEVELS) {
      const r = nextState(state, action, { level });
      if (r.ok) out.add(r.state);
    }
  }
  return [...out];
}

function reachableFrom(start: DisputeState): Set<DisputeState> {
  const seen = new Set<DisputeState>([start]);
  const queue = [start];
  while (queue.length) {
    for (const s of successors(queue.shift()!)) {
      if (!seen.has(s)) {
        seen.add(s);
        queue.push(s);
      }
    }
  }
  return seen;
}

describe('properties', () => {
  it('no sequence of actions ever leaves closed', () => {
    fc.assert(
      fc.property(arbState, fc.array(arbStep, { maxLength: 40 }), (start, steps) => {
        let state = start;
        let closed = state === 'closed';
        for (const { action, level } of steps) {
          const r = nextState(state, action, { level });
          if (closed) {
            expect(r.ok).toBe(false);
            continue;
          }
          if (r.ok) state = r.state;
          if (state === 'closed') closed = true;
        }
        if (closed) expect(state).toBe('closed');
      }),
      { numRuns: 500 },
    );
  });

  it('every state is reachable from registered, and closed is reachable from every state', () => {
    expect([...reachableFrom('registered')].sort()).toEqual([...STATES].sort());
    for (const s of STATES) expect(reachableFrom(s).has('closed')).toBe(true);
  });

  it('random walks from registered stay in reachable states and agree with allowedActions', () => {
    const reachable = reachableFrom('registered');
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 60 }), (steps) => {
        let state: DisputeState = 'registered';
        for (const { action, level } of steps) {
          const r = nextState(state, action, { level });
          expect(r.ok).toBe(allowedActions(state).includes(action) && (action !== 'transfer' || !!level));
          if (r.ok) state = r.state;
          expect(reachable.has(state)).toBe(true);
          // a stage is only closed when one was open, only opened by accept/transfer
          if (r.ok && r.opensStage) expect(['accept', 'transfer']).toContain(action);
        }
      }),
      { numRuns: 500 },
    );
  });

  const arbDate = fc
    .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('dueDate is always ≥ acceptedOn, exactly limit days later', () => {
    fc.assert(
      fc.property(
        arbDate,
        fc.constantFrom(...STAGE_LEVELS),
        fc.integer({ min: 0, max: 400 }),
        (acceptedOn, level, limit) => {
          const due = dueDate(acceptedOn, level, { ...DEFAULT_TIME_LIMITS, [level]: limit });
          expect(isValidDate(due)).toBe(true);
          expect(due >= acceptedOn).toBe(true);
          expect(daysBetween(acceptedOn, due)).toBe(limit);
          expect(isOverdue(due, due, true)).toBe(false);
          expect(isOverdue(due, addDays(due, 1), true)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Dictionaries
// ---------------------------------------------------------------------------------------------------
describe('dictionaries', () => {
  const all = Object.entries(dict).filter(
    ([, v]) => Array.isArray(v) && v.every((e) => typeof e === 'object' && e && 'key' in e && 'label' in e),
  ) as [string, dict.Dict][];

  it('has the required dictionaries', () => {
    const names = all.map(([n]) => n);
    for (const n of [
      'CHANNELS',
      'DISPUTE_CATEGORIES',
      'FAILURE_REASONS',
      'RISK_LEVELS',
      'LEVELS',
      'DISPUTE_STATES',
      'LINKAGE_TYPES',
      'SESSION_METHODS',
      'AGREEMENT_FORMS',
      'PERFORMANCE_STATUSES',
      'PARTY_ROLES',
      'PARTY_KINDS',
      'REGION_LEVELS',
      'UNIT_TYPES',
      'ROLES',
      'SCREENING_TYPES',
      'VISIT_TYPES',
      'KEY_PERSON_TYPES',
      'PERSONNEL_ROLES',
      'FACILITY_TYPES',
      'EDUCATION_ACTIVITY_TYPES',
      'INCIDENT_TYPES',
      'CHECKLIST_ITEMS',
    ]) {
      expect(names).toContain(n);
    }
  });

  it.each(all)('%s: distinct keys and labels, every label Chinese', (_name, d) => {
    expect(new Set(d.map((e) => e.key)).size).toBe(d.length);
    expect(new Set(d.map((e) => e.label)).size).toBe(d.length);
    for (const e of d) expect(e.label).toMatch(/[\u4e00-\u9fff]/);
  });

  it('states and levels match the flow', () => {
    expect(DISPUTE_STATES.map((e) => e.key)).toEqual(STATES);
    expect(LEVELS.map((e) => e.key)).toEqual(ALL_LEVELS);
    expect(CHANNELS).toHaveLength(11);
  });

  it('maps categories to the statistics list', () => {
    expect(DISPUTE_CATEGORIES).toHaveLength(17);
    expect(statsCategoryOf('land_contract')).toBe('forest_land');
    expect(statsCategoryOf('social_security')).toBe('labour');
    expect(statsCategoryOf('neighbour')).toBe('neighbour');
    expect(statsCategoryOf('unknown')).toBe('other');
  });

  it('labelOf and keyOf', () => {
    expect(labelOf(CHANNELS, 'walk_in')).toBe('来访');
    expect(labelOf(CHANNELS, 'mystery')).toBe('mystery');
    expect(labelOf(CHANNELS, null)).toBe('');
    expect(keyOf(CHANNELS, '来访')).toBe('walk_in');
    expect(keyOf(CHANNELS, ' walk_in ')).toBe('walk_in');
    expect(keyOf(CHANNELS, 'WALK_IN')).toBe('walk_in');
    expect(keyOf(DISPUTE_STATES, '已结案')).toBe('closed');
    expect(keyOf(CHANNELS, '飞鸽传书')).toBeUndefined();
    expect(keyOf(CHANNELS, '')).toBeUndefined();
    expect(keyOf(CHANNELS, undefined)).toBeUndefined();
  });

  it('checklist items by key, code or title', () => {
    expect(CHECKLIST_ITEMS.map((e) => e.code)).toEqual(['V1', 'V2', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    expect(checklistItemOf('t3')).toBe('mediation_centre_and_court_link');
    expect(checklistItemOf('V1')).toBe('village_rules_non_litigation');
    expect(checklistItemOf('regular_screening')).toBe('regular_screening');
    expect(checklistItemOf('T9')).toBeUndefined();
  });
});
