/** Shapes of the dispute API (server/modules/disputes/routes.ts) as the web uses them. */
export interface PartyBrief {
  role: string;
  kind: string;
  name: string;
  phone: string;
}

export interface DisputeItem {
  id: string;
  number: string;
  regionCode: string;
  regionName: string | null;
  townCode: string;
  receivedOn: string;
  channel: string;
  category: string;
  summary: string;
  peopleCount: number;
  amount: string | null;
  riskLevel: string;
  mayTurnCriminal: boolean;
  threatensPetition: boolean;
  group: boolean;
  state: string;
  currentLevel: string | null;
  currentUnitId: string | null;
  currentUnitName: string | null;
  currentHandlerId: string | null;
  currentHandlerName: string | null;
  dueOn: string | null;
  overdue: boolean;
  outcome: string | null;
  concludedOn: string | null;
  sessionsCount: number;
  linkedTo: string | null;
  parties: PartyBrief[];
  version: number;
}

export interface Stage {
  id: string;
  seq: number;
  level: string;
  unitId: string | null;
  unitName: string | null;
  handlerId: string | null;
  handlerName: string | null;
  linkage: string | null;
  acceptedOn: string;
  dueOn: string;
  extendedDueOn: string | null;
  extensionReason: string | null;
  sessionsCount: number;
  closedOn: string | null;
  outcome: string | null;
  failureReason: string | null;
  overdue: boolean;
}

export interface TimelineEvent {
  id: string;
  at: string;
  occurredOn: string;
  action: string;
  actorName: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  notes: string | null;
  payload: Record<string, unknown> | null;
}

export interface Agreement {
  id: string;
  form: string;
  partiesText: string | null;
  facts: string | null;
  issues: string | null;
  content: string | null;
  performanceWay: string | null;
  performanceDeadline: string | null;
  signedOn: string;
  effectiveOn: string;
  mediators: string | null;
  performanceStatus: string;
  performanceCheckedOn: string | null;
  confirmationDeadline: string;
  confirmationAppliedOn: string | null;
  confirmationDecision: string | null;
  confirmationDecidedOn: string | null;
  confirmationWindowOpen: boolean;
  version: number;
}

export interface DisputeDetail extends Omit<DisputeItem, 'parties'> {
  queryCode: string;
  villageCode: string | null;
  firstAcceptedOn: string | null;
  outcomeLevel: string | null;
  closedOn: string | null;
  toldRightToSue: boolean;
  toldRightToSueOn: string | null;
  imported: boolean;
  riskId: string | null;
  createdByName: string | null;
  createdAt: string;
  linkedNumber: string | null;
  parties: { id: string; role: string; kind: string; name: string; idNumber: string | null; phone: string | null; address: string | null }[];
  stages: Stage[];
  events: TimelineEvent[];
  sessions: { id: string; heldOn: string; level: string | null; place: string | null; method: string; mediators: string | null; attendees: string | null; notes: string | null }[];
  agreement: Agreement | null;
  visits: { id: string; visitedOn: string; cadres: string; satisfaction: number | null; performanceChecked: boolean; newIssues: string | null; notes: string | null; personsMet: string | null }[];
  mediationDays: number | null;
  roundsFlags: { tier: string; sessions: number; limit: number; message: string }[];
  allowedActions: string[];
  canRevealIdentity: boolean;
}

export interface Duplicate {
  id: string;
  number: string;
  receivedOn: string;
  state: string;
  category: string;
  summary: string;
  regionCode: string;
  matchedBy: ('idNumber' | 'phone')[];
}

export interface Dictionaries {
  categories: { key: string; label: string; statsCategory: string; active: boolean }[];
  failureReasons: { key: string; label: string; active: boolean }[];
  channels: { key: string; label: string }[];
}

export interface TodoItem {
  kind: string;
  disputeId: string;
  number: string;
  summary: string;
  state: string;
  currentLevel: string | null;
  date: string | null;
  message: string;
  regionCode?: string;
  townCode?: string;
}

export interface Counts {
  received: number;
  resolved: number;
  failed: number;
  litigation: number;
  withdrawn: number;
  pending: number;
  successRate: number | null;
}
export interface StatsRow {
  key: string;
  label: string;
  month: Counts;
  year: Counts;
}
export interface DisputeStats {
  month: string;
  period: { from: string; to: string; yearFrom: string };
  region: { code: string | null; name: string };
  byCategory: StatsRow[];
  byChannel: StatsRow[];
  byResolutionLevel: StatsRow[];
  agreementForms: { key: string; label: string; month: number; year: number; monthAmount: string; yearAmount: string }[];
  governance: {
    regionCode: string | null;
    regionName: string;
    received: number;
    groupDisputes: number;
    mayTurnCriminal: number;
    threatensPetition: number;
    majorRisk: number;
    peopleInvolved: number;
    amount: string;
    resolved: number;
    failed: number;
    litigation: number;
    withdrawn: number;
    pending: number;
    successRate: number | null;
  }[];
  totals: StatsRow;
}
