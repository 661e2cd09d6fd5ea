/**
 * The dispute API's contract (SPEC §4, §11), shared by the server and the web:
 * - input schemas, one per write (`DisputeCreate`, `DisputeAction`, …): the route validates its body with
 *   it, the service takes its output type, other callers (demo, bench, risk → dispute) parse with it, and
 *   the forms take their rules and messages from it;
 * - response shapes (route response schemas — undeclared fields are stripped, a privacy guard — and the
 *   web's types).
 */
import { z } from 'zod';
import { PERFORMANCE_STATUSES, RISK_LEVELS } from '../dictionaries.ts';
import { Day, enumOf } from './fields.ts';
import { BatchIds } from './batch.ts';

// ---- input schemas (one per write)

/** A party at intake; the identity number, credit code and phone rules are core/parties.ts (the service). */
export const DisputePartyCreate = z.object({
  role: z.enum(['applicant', 'respondent']),
  kind: z.enum(['person', 'organisation']).default('person'),
  name: z.string().trim().min(1, '请填写当事人姓名').max(100),
  idNumber: z.string().max(40).nullish(),
  phone: z.string().max(40).nullish(),
  address: z.string().max(300).nullish(),
  /** 民族 (a person): one of core/parties.ts ETHNIC_GROUPS, “汉” read as 汉族 */
  ethnicity: z.string().max(20).nullish(),
});

/** POST /disputes: intake (SPEC §4.1). */
export const DisputeCreate = z.object({
  regionCode: z.string().min(1, '请选择纠纷发生地'),
  receivedOn: Day,
  channel: z.string().min(1, '请选择受理渠道'),
  category: z.string().min(1, '请选择纠纷类别'),
  summary: z.string().trim().min(1, '请填写纠纷简要情况').max(5000),
  peopleCount: z.number().int().min(1).max(100000).optional(),
  amount: z.union([z.string().max(20), z.number().min(0)]).nullish(),
  riskLevel: enumOf(RISK_LEVELS).default('general'),
  mayTurnCriminal: z.boolean().default(false),
  threatensPetition: z.boolean().default(false),
  parties: z.array(DisputePartyCreate).min(1, '至少需要一名当事人').max(200),
  linkTo: z.string().nullish(),
  riskId: z.string().nullish(),
});
export type DisputeCreateInput = z.output<typeof DisputeCreate>;

const longText = z.string().max(5000).nullish();

/** resolve: the agreement an action records (art. 29) */
export const ActionAgreement = z.object({
  form: z.string().nullish(),
  content: z.string().max(20000).nullish(),
  performanceDeadline: z.string().nullish(),
  performanceWay: longText,
  facts: longText,
  issues: longText,
  partiesText: longText,
  effectiveOn: z.string().nullish(),
  mediators: longText,
  /** 记录人 (default: the recorder of the stage's last session, else the acting user) */
  recorder: z.string().max(50).nullish(),
  copies: z.number().int().min(1).max(20).nullish(),
});

/** POST /disputes/:id/actions: one action (SPEC §4.2–§4.4); the per-action rules are core/dispute-flow.ts. */
export const DisputeAction = z.object({
  action: z.string().min(1, '请选择操作'),
  version: z.number().int(),
  level: z.string().nullish(),
  unitId: z.string().nullish(),
  handlerId: z.string().nullish(),
  linkage: z.string().nullish(),
  reason: longText,
  date: z.string().nullish(),
  method: z.string().nullish(),
  notes: longText,
  /** add_session */
  place: longText,
  mediators: longText,
  /** add_session: who mediated (users offered with the stage's unit; default the stage's handler) */
  mediatorIds: z.array(z.string().max(100)).max(20).nullish(),
  attendees: longText,
  /** add_session: 记录人, who wrote the record (default: the acting user) */
  recorder: z.string().max(50).nullish(),
  /** resolve: the agreement (art. 29) */
  agreement: ActionAgreement.nullish(),
  satisfaction: z.number().nullish(),
  /** parties were told of their right to sue (SPEC §4.7): required on fail and on a transfer to litigation, allowed on any action */
  toldRightToSue: z.boolean().nullish(),
  /** when they were told (default: the action's date) */
  toldRightToSueOn: z.string().nullish(),
  /** a transfer to prelitigation (or an action on that stage): the court's 诉前调 case number */
  courtCaseNo: z.string().max(100).nullish(),
  /** return_visit */
  cadres: longText,
  personsMet: longText,
  performanceChecked: z.boolean().nullish(),
  performanceStatus: z.string().nullish(),
  newIssues: longText,
});
export type DisputeActionInput = z.output<typeof DisputeAction>;

/**
 * POST /disputes/batch (issue 18.4): accept several registered disputes at once (受理), or accept them naming their
 * handler (指派: handlerId required); level, unit, date and notes as for one `accept`. One outcome per dispute.
 */
export const DisputeBatch = z
  .object({
    action: z.enum(['accept', 'assign'], '操作只能是受理或指派'),
    ...BatchIds,
    level: z.string().nullish(),
    unitId: z.string().nullish(),
    handlerId: z.string().nullish(),
    date: z.string().nullish(),
    notes: longText,
  })
  .refine((b) => b.action !== 'assign' || !!b.handlerId?.trim(), { message: '指派须选择承办人', path: ['handlerId'] });
export type DisputeBatchInput = z.output<typeof DisputeBatch>;

/** POST /disputes/:id/notes: a note on the timeline (closed disputes too). */
export const DisputeNote = z.object({ notes: z.string().trim().min(1, '备注不能为空').max(5000) });

/** PATCH /disputes/:id/agreement: performance tracking and judicial confirmation (SPEC §4.3). */
export const AgreementUpdate = z.object({
  version: z.number().int(),
  performanceStatus: enumOf(PERFORMANCE_STATUSES).optional(),
  performanceCheckedOn: Day.nullish(),
  confirmationAppliedOn: Day.nullish(),
  confirmationDecision: z.enum(['pending', 'confirmed', 'rejected']).nullish(),
  confirmationDecidedOn: Day.nullish(),
  performanceWay: longText,
  performanceDeadline: Day.nullish(),
  facts: longText,
  issues: longText,
  content: z.string().max(20000).nullish(),
  partiesText: longText,
  mediators: longText,
  recorder: z.string().max(50).nullish(),
});
export type AgreementUpdateInput = z.output<typeof AgreementUpdate>;

/** PUT /disputes/dictionaries: categories and failure reasons (add, rename, deactivate only). */
export const DictionariesUpdate = z.object({
  categories: z.array(z.object({ key: z.string(), label: z.string().max(50), statsCategory: z.string(), active: z.boolean().optional() })).min(1),
  failureReasons: z.array(z.object({ key: z.string(), label: z.string().max(50), active: z.boolean().optional() })).min(1),
});
export type DictionariesUpdateInput = z.output<typeof DictionariesUpdate>;

/** POST /disputes/:id/reveal: one party's full identity number (audited). */
export const IdentityReveal = z.object({ partyId: z.string() });

// ---- response shapes

export const PartyListOut = z.object({ role: z.string(), kind: z.string(), name: z.string(), phone: z.string() });
export const ListItemOut = z.object({
  id: z.string(),
  number: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  townCode: z.string(),
  receivedOn: z.string(),
  channel: z.string(),
  category: z.string(),
  summary: z.string(),
  peopleCount: z.number(),
  amount: z.string().nullable(),
  riskLevel: z.string(),
  mayTurnCriminal: z.boolean(),
  threatensPetition: z.boolean(),
  group: z.boolean(),
  state: z.string(),
  currentLevel: z.string().nullable(),
  currentUnitId: z.string().nullable(),
  currentUnitName: z.string().nullable(),
  currentHandlerId: z.string().nullable(),
  currentHandlerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  outcome: z.string().nullable(),
  concludedOn: z.string().nullable(),
  sessionsCount: z.number(),
  linkedTo: z.string().nullable(),
  /** four-colour grade (issue 17.1): green | yellow | orange | red; null until first graded */
  grade: z.string().nullable(),
  gradeScore: z.number().nullable(),
  gradeReasons: z.array(z.string()),
  parties: z.array(PartyListOut),
  version: z.number(),
});

/** Where a grade above the current handling should go (core/grading.ts suggestRoute). */
export const RouteSuggestionOut = z.object({
  grade: z.string(),
  level: z.string(),
  levelLabel: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  label: z.string(),
  text: z.string(),
});
/** The handler kept the dispute where it is, against the suggestion (audited). */
export const RouteOverrideOut = z.object({ grade: z.string(), level: z.string().nullable(), reason: z.string(), byName: z.string(), at: z.string() });
/** POST /disputes/:id/route-override */
export const RouteOverride = z.object({ version: z.number().int(), reason: z.string().trim().min(2, '请填写不按建议流转的理由').max(500) });

export const AgreementOut = z.object({
  id: z.string(),
  form: z.string(),
  partiesText: z.string().nullable(),
  facts: z.string().nullable(),
  issues: z.string().nullable(),
  content: z.string().nullable(),
  performanceWay: z.string().nullable(),
  performanceDeadline: z.string().nullable(),
  signedOn: z.string(),
  effectiveOn: z.string(),
  mediators: z.string().nullable(),
  recorder: z.string().nullable(),
  performanceStatus: z.string(),
  performanceCheckedOn: z.string().nullable(),
  confirmationDeadline: z.string(),
  confirmationAppliedOn: z.string().nullable(),
  confirmationDecision: z.string().nullable(),
  confirmationDecidedOn: z.string().nullable(),
  confirmationWindowOpen: z.boolean(),
  version: z.number(),
});

export const DetailOut = ListItemOut.omit({ parties: true }).extend({
  queryCode: z.string(),
  villageCode: z.string().nullable(),
  firstAcceptedOn: z.string().nullable(),
  outcomeLevel: z.string().nullable(),
  closedOn: z.string().nullable(),
  toldRightToSue: z.boolean(),
  toldRightToSueOn: z.string().nullable(),
  imported: z.boolean(),
  riskId: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  linkedNumber: z.string().nullable(),
  parties: z.array(
    z.object({
      id: z.string(),
      role: z.string(),
      kind: z.string(),
      name: z.string(),
      /** always masked */
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      ethnicity: z.string().nullable(),
    }),
  ),
  stages: z.array(
    z.object({
      id: z.string(),
      seq: z.number(),
      level: z.string(),
      unitId: z.string().nullable(),
      unitName: z.string().nullable(),
      handlerId: z.string().nullable(),
      handlerName: z.string().nullable(),
      linkage: z.string().nullable(),
      acceptedOn: z.string(),
      dueOn: z.string(),
      extendedDueOn: z.string().nullable(),
      extensionReason: z.string().nullable(),
      sessionsCount: z.number(),
      closedOn: z.string().nullable(),
      outcome: z.string().nullable(),
      failureReason: z.string().nullable(),
      overdue: z.boolean(),
      /** the court's 诉前调 case number recorded for a pre-litigation stage */
      courtCaseNo: z.string().nullable(),
      /** the court's record of that case, once its pre-litigation file is imported */
      courtCase: z.object({ caseNo: z.string(), receivedOn: z.string(), concludedOn: z.string().nullable(), result: z.string() }).nullable(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      occurredOn: z.string(),
      action: z.string(),
      actorName: z.string(),
      fromState: z.string().nullable(),
      toState: z.string().nullable(),
      reason: z.string().nullable(),
      notes: z.string().nullable(),
      payload: z.unknown(),
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.string(),
      heldOn: z.string(),
      level: z.string().nullable(),
      place: z.string().nullable(),
      method: z.string(),
      mediators: z.string().nullable(),
      mediatorIds: z.array(z.string()),
      attendees: z.string().nullable(),
      recorder: z.string().nullable(),
      notes: z.string().nullable(),
    }),
  ),
  agreement: AgreementOut.nullable(),
  visits: z.array(
    z.object({
      id: z.string(),
      visitedOn: z.string(),
      cadres: z.string(),
      satisfaction: z.number().nullable(),
      performanceChecked: z.boolean(),
      newIssues: z.string().nullable(),
      notes: z.string().nullable(),
      personsMet: z.string().nullable(),
    }),
  ),
  mediationDays: z.number().nullable(),
  roundsFlags: z.array(z.object({ tier: z.string(), sessions: z.number(), limit: z.number(), message: z.string() })),
  allowedActions: z.array(z.string()),
  /** the levels the user may accept at / transfer to (null: any) — a grid worker or court liaison handles some stages only */
  acceptLevels: z.array(z.string()).nullable(),
  transferLevels: z.array(z.string()).nullable(),
  canRevealIdentity: z.boolean(),
  /** the routing suggestion for a grade above what the current handling handles (null: none, or overridden) */
  routeSuggestion: RouteSuggestionOut.nullable(),
  routeOverride: RouteOverrideOut.nullable(),
  /** the points from which a dispute is yellow, orange, red (this year's grading settings), to explain the score */
  gradeThresholds: z.object({ yellow: z.number(), orange: z.number(), red: z.number() }).nullable(),
});

/** GET /disputes/:id/similar (issue 17.2): concluded disputes of the town most like this one, and library entries of its category. */
export const SimilarCasesOut = z.object({
  cases: z.array(
    z.object({
      /** null: a case of the town the user may not open (shown without a link) */
      id: z.string().nullable(),
      number: z.string(),
      category: z.string(),
      sameCategory: z.boolean(),
      summary: z.string(),
      outcome: z.string(),
      outcomeLevel: z.string().nullable(),
      concludedOn: z.string().nullable(),
      agreementForm: z.string().nullable(),
      agreementContent: z.string().nullable(),
      /** Dice coefficient of the summaries' character bigrams, 0–1 */
      similarity: z.number(),
    }),
  ),
  library: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), summary: z.string().nullable(), publishedOn: z.string().nullable(), weekly: z.boolean() })),
});
export type SimilarCases = z.infer<typeof SimilarCasesOut>;

/** GET /disputes/:id/party-history (issue 17.4): the same parties' other disputes the user may see. */
export const PartyHistoryOut = z.object({
  items: z.array(
    z.object({ id: z.string(), number: z.string(), receivedOn: z.string(), category: z.string(), summary: z.string(), state: z.string(), outcome: z.string().nullable(), grade: z.string().nullable(), parties: z.string() }),
  ),
});
export type PartyHistory = z.infer<typeof PartyHistoryOut>;

/** POST /disputes/:id/agreement/signatures (issue 17.3): a handwritten signature as a PNG data URL. */
export const SignatureCreate = z.object({
  signerRole: z.enum(['party', 'mediator']),
  partyId: z.string().nullish(),
  image: z.string().max(500_000, '签名图片过大'),
});
export const SignaturesOut = z.object({
  /** SHA-256 of the agreement's text now */
  documentSha256: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      signerRole: z.string(),
      partyId: z.string().nullable(),
      signerName: z.string(),
      signedAt: z.string(),
      documentSha256: z.string(),
      imageSha256: z.string(),
      valid: z.boolean(),
      invalidatedAt: z.string().nullable(),
      invalidatedReason: z.string().nullable(),
    }),
  ),
});
export type Signatures = z.infer<typeof SignaturesOut>;

export const DuplicateOut = z.object({
  id: z.string(),
  number: z.string(),
  receivedOn: z.string(),
  state: z.string(),
  category: z.string(),
  summary: z.string(),
  regionCode: z.string(),
  matchedBy: z.array(z.enum(['idNumber', 'phone'])),
});

export const CountsOut = z.object({
  received: z.number(),
  resolved: z.number(),
  failed: z.number(),
  litigation: z.number(),
  withdrawn: z.number(),
  pending: z.number(),
  successRate: z.number().nullable(),
});
export const StatsRowOut = z.object({ key: z.string(), label: z.string(), month: CountsOut, year: CountsOut });
export const StatsOut = z.object({
  month: z.string(),
  period: z.object({ from: z.string(), to: z.string(), yearFrom: z.string() }),
  region: z.object({ code: z.string().nullable(), name: z.string() }),
  byCategory: z.array(StatsRowOut),
  byChannel: z.array(StatsRowOut),
  byResolutionLevel: z.array(StatsRowOut),
  agreementForms: z.array(z.object({ key: z.string(), label: z.string(), month: z.number(), year: z.number(), monthAmount: z.string(), yearAmount: z.string() })),
  governance: z.array(
    z.object({
      regionCode: z.string().nullable(),
      regionName: z.string(),
      received: z.number(),
      groupDisputes: z.number(),
      mayTurnCriminal: z.number(),
      threatensPetition: z.number(),
      majorRisk: z.number(),
      peopleInvolved: z.number(),
      amount: z.string(),
      resolved: z.number(),
      failed: z.number(),
      litigation: z.number(),
      withdrawn: z.number(),
      pending: z.number(),
      successRate: z.number().nullable(),
    }),
  ),
  totals: StatsRowOut,
});

/** The year month by month (the workbench chart): received, resolved, not resolved (failed or litigation). */
export const MonthlyOut = z.object({ year: z.number(), months: z.array(z.object({ month: z.string(), received: z.number(), resolved: z.number(), notResolved: z.number() })) });
export type Monthly = z.infer<typeof MonthlyOut>;

export const TODO_KINDS = ['overdue', 'due_soon', 'arrived', 'to_accept', 'failed_pending', 'return_visit_due', 'confirmation_closing', 'rounds'] as const;
export const WARNING_KINDS = ['overdue', 'past_limits', 'rounds', 'risk'] as const;

export const TodoItemOut = z.object({
  kind: z.enum(TODO_KINDS),
  disputeId: z.string(),
  number: z.string(),
  summary: z.string(),
  state: z.string(),
  currentLevel: z.string().nullable(),
  /** the date the item is about (due date, confirmation deadline, received date) */
  date: z.string().nullable(),
  message: z.string(),
});
export const WarningItemOut = TodoItemOut.extend({ kind: z.enum(WARNING_KINDS), regionCode: z.string(), townCode: z.string() });
export const WarningsOut = z.object({
  items: z.array(WarningItemOut),
  counts: z.object({ overdue: z.number(), past_limits: z.number(), rounds: z.number(), risk: z.number() }),
});

export const DictionariesOut = z.object({
  categories: z.array(z.object({ key: z.string(), label: z.string(), statsCategory: z.string(), active: z.boolean() })),
  failureReasons: z.array(z.object({ key: z.string(), label: z.string(), active: z.boolean() })),
  channels: z.array(z.object({ key: z.string(), label: z.string() })),
});

export const UnitOptionOut = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  regionCode: z.string(),
  /** the people who may handle there; `gridOnly`: offered for a grid-level stage only (a grid worker of the dispute's grid) */
  handlers: z.array(z.object({ id: z.string(), name: z.string(), gridOnly: z.boolean() })),
});

export const ProgressOut = z.object({ stage: z.string().nullable(), state: z.string(), nextDate: z.string().nullable() });

/** Envelopes of the list answers and the answers of single commands. */
export const ListOut = z.object({ items: z.array(ListItemOut), total: z.number() });
/** POST /disputes: the new dispute and the possible duplicates found at intake. */
export const CreatedOut = DetailOut.extend({ duplicates: z.array(DuplicateOut) });
export const DuplicatesOut = z.object({ items: z.array(DuplicateOut) });
export const TodoOut = z.object({ items: z.array(TodoItemOut) });
export const RevealOut = z.object({ partyId: z.string(), name: z.string(), idNumber: z.string() });

export type DisputeItem = z.infer<typeof ListItemOut>;
export type DisputeDetail = z.infer<typeof DetailOut>;
export type Agreement = z.infer<typeof AgreementOut>;
export type Stage = DisputeDetail['stages'][number];
export type TimelineEvent = DisputeDetail['events'][number];
export type Duplicate = z.infer<typeof DuplicateOut>;
export type Counts = z.infer<typeof CountsOut>;
export type StatsRow = z.infer<typeof StatsRowOut>;
export type DisputeStats = z.infer<typeof StatsOut>;
export type GovernanceRow = DisputeStats['governance'][number];
export type TodoKind = (typeof TODO_KINDS)[number];
export type WarningKind = (typeof WARNING_KINDS)[number];
export type TodoItem = z.infer<typeof TodoItemOut>;
export type WarningItem = z.infer<typeof WarningItemOut>;
export type Dictionaries = z.infer<typeof DictionariesOut>;
export type UnitOption = z.infer<typeof UnitOptionOut>;
export type Progress = z.infer<typeof ProgressOut>;
export type DisputeList = z.infer<typeof ListOut>;
export type Created = z.infer<typeof CreatedOut>;
export type Warnings = z.infer<typeof WarningsOut>;
export type TodoList = z.infer<typeof TodoOut>;
export type DuplicateList = z.infer<typeof DuplicatesOut>;
export type Revealed = z.infer<typeof RevealOut>;
