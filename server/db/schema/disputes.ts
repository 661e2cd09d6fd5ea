import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Dispute handling (SPEC §4). Every table carries `town_code` (scale-out by town). A dispute's current
 * stage is denormalised onto the dispute (`current_*`, `current_due_on`) so that lists, overdue filters and
 * scope checks need no join; the stages table is the history.
 */
const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Per town and year counter behind readable numbers (清溪-2024-0153); bumped with one atomic upsert. */
export const disputeCounters = pgTable(
  'dispute_counters',
  {
    townCode: text('town_code').notNull(),
    year: integer('year').notNull(),
    lastValue: integer('last_value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.townCode, t.year] })],
);

export const disputes = pgTable(
  'disputes',
  {
    id: text('id').primaryKey(),
    /** readable number, per town and year: 清溪-2024-0153 */
    number: text('number').notNull(),
    /** random, unguessable code the parties use on the public progress page (一案一码) */
    queryCode: text('query_code').notNull(),
    /** village, community or grid (or the town itself) where the dispute arose */
    regionCode: text('region_code').notNull(),
    /** the village/community of that region (a grid's parent); null when registered at town level */
    villageCode: text('village_code'),
    townCode: text('town_code').notNull(),
    receivedOn: date('received_on').notNull(),
    channel: text('channel').notNull(),
    category: text('category').notNull(),
    summary: text('summary').notNull(),
    peopleCount: integer('people_count').notNull().default(1),
    amount: numeric('amount', { precision: 14, scale: 2 }),
    riskLevel: text('risk_level').notNull().default('general'),
    mayTurnCriminal: boolean('may_turn_criminal').notNull().default(false),
    threatensPetition: boolean('threatens_petition').notNull().default(false),
    groupFlag: boolean('group_flag').notNull().default(false),
    state: text('state').notNull().default('registered'),
    currentLevel: text('current_level'),
    currentUnitId: text('current_unit_id'),
    currentHandlerId: text('current_handler_id'),
    currentStageId: text('current_stage_id'),
    /** effective due date of the open stage (extension included); null when no stage is open */
    currentDueOn: date('current_due_on'),
    /** first acceptance (start of mediation days) */
    firstAcceptedOn: date('first_accepted_on'),
    /** mediation sessions so far (all stages) */
    sessionsCount: integer('sessions_count').notNull().default(0),
    outcome: text('outcome'), // resolved | failed | withdrawn | litigation
    /** level of the last stage when the outcome was reached (resolution level) */
    outcomeLevel: text('outcome_level'),
    concludedOn: date('concluded_on'),
    closedOn: date('closed_on'),
    toldRightToSue: boolean('told_right_to_sue').notNull().default(false),
    toldRightToSueOn: date('told_right_to_sue_on'),
    imported: boolean('imported').notNull().default(false),
    /** likely duplicate this record was linked to at intake */
    linkedTo: text('linked_to'),
    /** the risk (隐患, SPEC §6.1) the dispute came from */
    riskId: text('risk_id'),
    /** `<user id>:<Idempotency-Key>` of the request that created it */
    idempotencyKey: text('idempotency_key'),
    /** four-colour grade (issue 17.1: green | yellow | orange | red), recomputed on each change; its points and Chinese reasons */
    grade: text('grade'),
    gradeScore: integer('grade_score'),
    gradeReasons: text('grade_reasons').array(),
    /** the handler kept the dispute where it is against the routing suggestion: { grade, level, reason, by, at } */
    routeOverride: jsonb('route_override'),
    /** hashes of the summary's Chinese character bigrams (core/similarity.ts), for similar cases (issue 17.2; GIN) */
    summaryGrams: integer('summary_grams').array(),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by'),
    createdByName: text('created_by_name'),
    ...stamps,
  },
  (t) => [
    index('disputes_grade_town_idx').on(t.grade, t.townCode, t.receivedOn.desc()),
    uniqueIndex('disputes_number_idx').on(t.number),
    uniqueIndex('disputes_query_code_idx').on(t.queryCode),
    uniqueIndex('disputes_idempotency_idx').on(t.idempotencyKey),
    // The ledger's list and count: a scope column, the newest-first order, then the usual filter columns,
    // so that a page is an ordered index scan and the total an index-only count (SPEC §11 list, bench).
    index('disputes_town_received_idx').on(t.townCode, t.receivedOn.desc(), t.createdAt.desc(), t.state, t.category, t.currentDueOn, t.currentLevel, t.riskLevel),
    index('disputes_village_received_idx').on(t.villageCode, t.receivedOn.desc(), t.createdAt.desc(), t.state, t.category, t.currentDueOn),
    index('disputes_region_idx').on(t.regionCode, t.receivedOn.desc()),
    // county-wide lists filtered by state or category count these without touching the table
    index('disputes_state_town_idx').on(t.state, t.townCode, t.receivedOn.desc()),
    index('disputes_category_town_idx').on(t.category, t.townCode, t.receivedOn.desc()),
    index('disputes_received_idx').on(t.receivedOn.desc(), t.createdAt.desc(), t.townCode, t.state, t.category, t.currentDueOn),
    index('disputes_unit_idx').on(t.currentUnitId),
    index('disputes_handler_idx').on(t.currentHandlerId),
    index('disputes_due_idx').on(t.currentDueOn).where(sql`current_due_on is not null`),
    // outcomes of a period (化解率, 就地化解率: trends, the cockpit) read a range of conclusion dates
    index('disputes_concluded_idx').on(t.concludedOn).where(sql`concluded_on is not null`),
    // open disputes per village (the cockpit's map) without reading the table
    index('disputes_open_village_idx').on(t.villageCode).where(sql`state in ('registered', 'accepted', 'mediating', 'failed')`),
    index('disputes_created_by_idx').on(t.createdBy),
  ],
);

/** The owning dispute; its records go with it. */
const disputeRef = () =>
  text('dispute_id')
    .notNull()
    .references(() => disputes.id, { onDelete: 'cascade' });

/** 当事人. Identity numbers: AES-GCM ciphertext + keyed blind index (exact search) + the masked form. */
export const disputeParties = pgTable(
  'dispute_parties',
  {
    id: text('id').primaryKey(),
    disputeId: disputeRef(),
    townCode: text('town_code').notNull(),
    seq: integer('seq').notNull(),
    role: text('role').notNull(), // applicant | respondent
    kind: text('kind').notNull().default('person'), // person | organisation
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    /** digits only (and a leading +), so duplicates match however it was typed */
    phone: text('phone'),
    address: text('address'),
    /** 民族 (a person; one of core/parties.ts ETHNIC_GROUPS), printed on the 协议书 */
    ethnicity: text('ethnicity'),
  },
  (t) => [
    index('dispute_parties_dispute_idx').on(t.disputeId, t.seq),
    index('dispute_parties_id_hash_idx').on(t.idNumberHash),
    index('dispute_parties_phone_idx').on(t.phone),
    index('dispute_parties_name_idx').on(t.name.op('text_pattern_ops')),
  ],
);

/** A stage: handling at one level, one unit, one handler (SPEC §4.2). */
export const disputeStages = pgTable(
  'dispute_stages',
  {
    id: text('id').primaryKey(),
    disputeId: disputeRef(),
    townCode: text('town_code').notNull(),
    seq: integer('seq').notNull(),
    level: text('level').notNull(),
    unitId: text('unit_id'),
    handlerId: text('handler_id'),
    linkage: text('linkage'), // court | procuratorate | police | petition
    acceptedOn: date('accepted_on').notNull(),
    /** acceptedOn + the level's limit from the settings of the acceptance year */
    dueOn: date('due_on').notNull(),
    extendedDueOn: date('extended_due_on'),
    extensionReason: text('extension_reason'),
    extensions: integer('extensions').notNull().default(0),
    sessionsCount: integer('sessions_count').notNull().default(0),
    closedOn: date('closed_on'),
    outcome: text('outcome'), // resolved | failed | withdrawn | transferred
    failureReason: text('failure_reason'),
    notes: text('notes'),
    /** a pre-litigation stage: the court's 诉前调 case number (standard form), matched to prelitigation_mediations.case_no */
    courtCaseNo: text('court_case_no'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dispute_stages_seq_idx').on(t.disputeId, t.seq),
    index('dispute_stages_court_case_idx').on(t.courtCaseNo),
    index('dispute_stages_unit_idx').on(t.unitId, t.disputeId),
    index('dispute_stages_handler_idx').on(t.handlerId, t.disputeId),
  ],
);

/** The timeline: every transition and note, with who, when and why. */
export const disputeEvents = pgTable(
  'dispute_events',
  {
    id: text('id').primaryKey(),
    disputeId: disputeRef(),
    townCode: text('town_code').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** the business date the user gave (accepted on, session held on, …) */
    occurredOn: date('occurred_on').notNull(),
    action: text('action').notNull(), // register | an action of §11 | note
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    stageId: text('stage_id'),
    reason: text('reason'),
    notes: text('notes'),
    payload: jsonb('payload'),
  },
  (t) => [index('dispute_events_dispute_idx').on(t.disputeId, t.at)],
);

/** Mediation sessions (SPEC §4.3). */
export const mediationSessions = pgTable(
  'mediation_sessions',
  {
    id: text('id').primaryKey(),
    disputeId: disputeRef(),
    stageId: text('stage_id'),
    townCode: text('town_code').notNull(),
    level: text('level'),
    heldOn: date('held_on').notNull(),
    place: text('place'),
    method: text('method').notNull(), // on_site | phone | video | platform
    mediators: text('mediators'),
    /** the users who mediated (chosen from the stage unit's people; default the stage's handler) */
    mediatorIds: text('mediator_ids').array().notNull().default([]),
    attendees: text('attendees'),
    /** 记录人: who wrote the 调解笔录 */
    recorder: text('recorder'),
    notes: text('notes'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mediation_sessions_dispute_idx').on(t.disputeId, t.heldOn)],
);

/** 调解协议书 (People's Mediation Law art. 29) and its performance and judicial confirmation. */
export const agreements = pgTable(
  'agreements',
  {
    id: text('id').primaryKey(),
    disputeId: disputeRef(),
    townCode: text('town_code').notNull(),
    stageId: text('stage_id'),
    form: text('form').notNull(), // written | oral
    /** the parties as described in the agreement (defaults to the dispute's parties) */
    partiesText: text('parties_text'),
    facts: text('facts'),
    issues: text('issues'),
    content: text('content'),
    performanceWay: text('performance_way'),
    performanceDeadline: date('performance_deadline'),
    signedOn: date('signed_on').notNull(),
    effectiveOn: date('effective_on').notNull(),
    mediators: text('mediators'),
    /** 记录人 signing the 协议书 */
    recorder: text('recorder'),
    copies: integer('copies').notNull().default(3),
    performanceStatus: text('performance_status').notNull().default('pending'), // pending | performed | breached
    performanceCheckedOn: date('performance_checked_on'),
    /** effectiveOn + 30 days (SPEC §4.3) */
    confirmationDeadline: date('confirmation_deadline').notNull(),
    confirmationAppliedOn: date('confirmation_applied_on'),
    confirmationDecision: text('confirmation_decision'), // pending | confirmed | rejected
    confirmationDecidedOn: date('confirmation_decided_on'),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [uniqueIndex('agreements_dispute_idx').on(t.disputeId), index('agreements_town_idx').on(t.townCode, t.signedOn)],
);

/**
 * Handwritten signatures on an agreement (电子签名, issue 17.3): a party (no account needed, on the mediator's
 * device) or the mediator. The PNG and the SHA-256 of the agreement's text as signed and of the image; a change
 * of the agreement afterwards invalidates the signature (`invalidatedAt`, audited).
 */
export const agreementSignatures = pgTable(
  'agreement_signatures',
  {
    id: text('id').primaryKey(),
    agreementId: text('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    disputeId: disputeRef(),
    townCode: text('town_code').notNull(),
    /** party | mediator */
    signerRole: text('signer_role').notNull(),
    partyId: text('party_id'),
    signerName: text('signer_name').notNull(),
    /** the user whose device captured it (the mediator's) */
    capturedBy: text('captured_by'),
    /** PNG, base64 */
    image: text('image').notNull(),
    imageSha256: text('image_sha256').notNull(),
    documentSha256: text('document_sha256').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
    invalidatedAt: timestamp('invalidated_at', { withTimezone: true }),
    invalidatedReason: text('invalidated_reason'),
  },
  (t) => [index('agreement_signatures_agreement_idx').on(t.agreementId, t.signedAt)],
);

/**
 * The bigram postings of dispute summaries per town (类案推送, issue 17.2): one row per (town, bigram hash, dispute),
 * written with the dispute at intake. Finding the similar cases of a dispute reads, for each of its bigrams, a bounded
 * slice of this index (index-only) and counts the shared bigrams per dispute.
 */
export const disputeGrams = pgTable(
  'dispute_grams',
  {
    townCode: text('town_code').notNull(),
    gram: integer('gram').notNull(),
    disputeId: disputeRef(),
  },
  (t) => [primaryKey({ columns: [t.townCode, t.gram, t.disputeId] }), index('dispute_grams_dispute_idx').on(t.disputeId)],
);
