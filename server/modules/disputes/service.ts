import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  allowedActions,
  checkAction,
  checkRounds,
  confirmationDeadline,
  dueDate,
  groupFlag,
  isConfirmationWindowOpen,
  isOverdue,
  isStageLevel,
  isValidDate,
  mediationDays,
  type Action,
  type ActionParamsInput,
  type DisputeState,
  type Level,
  type StageLevel,
} from '../../../core/dispute-flow.ts';
import { CHANNELS, PARTY_KINDS, PARTY_ROLES, RISK_LEVELS, isKeyOf, labelOf, LEVELS, DISPUTE_STATES } from '../../../core/dictionaries.ts';
import { isTownOrBelow } from '../../../core/regions.ts';
import { maskIdNumber, maskPhone, normalizeIdNumber, validateIdNumber } from '../../../core/id-number.ts';
import { directValues, opaquePlaceholder, statement, type Database, type DbOrTx, type Statement, type ValueRef } from '../../db/client.ts';
import {
  agreements,
  disputeEvents,
  disputeParties,
  disputes,
  disputeStages,
  mediationSessions,
  regions,
  units,
  users,
  visits,
} from '../../db/schema/index.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import { can, pathVisible, requirePermission, type Actor } from '../auth/actor.ts';
import { sqlTextArray, textArrayLiteral } from '../auth/scope.ts';
import { writeAudit, type CommandContext } from '../audit/writer.ts';
import type { Agreement as AgreementView, DisputeDetail, DisputeItem as ListItem, Duplicate as DuplicateView } from '../../../core/schemas/disputes.ts';
import { settingsForYear } from '../settings/service.ts';
import { formatNumber, newQueryCode, normalizePhone, todayShanghai, uniqueViolation } from './common.ts';
import { disputeDictionaries } from './dictionaries.ts';
import { inScope, resolveScope, scopeCondition, scopeRowCondition, scopeValues, type DisputeScope } from './scope.ts';
import { containsText, escapeLike } from '../../db/text-search.ts';

export type DisputeRow = typeof disputes.$inferSelect;
export type PartyRow = typeof disputeParties.$inferSelect;
export type StageRow = typeof disputeStages.$inferSelect;
type RegionRow = typeof regions.$inferSelect;

export interface ServiceOptions {
  /** today (Asia/Shanghai) — tests and the demo pass their own */
  today?: string;
}

const DUPLICATE_WINDOW_DAYS = 90;
const OPEN_STATES = ['accepted', 'mediating'];

// ---------------------------------------------------------------------------------------------------
// Intake
// ---------------------------------------------------------------------------------------------------

export interface PartyInput {
  role: 'applicant' | 'respondent';
  kind?: 'person' | 'organisation';
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
}

export interface DisputeInput {
  regionCode: string;
  receivedOn: string;
  channel: string;
  category: string;
  summary: string;
  peopleCount?: number;
  amount?: string | number | null;
  riskLevel?: string;
  mayTurnCriminal?: boolean;
  threatensPetition?: boolean;
  parties: PartyInput[];
  linkTo?: string | null;
  riskId?: string | null;
  imported?: boolean;
}

const AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;

function normaliseAmount(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  const s = typeof v === 'number' ? (Number.isFinite(v) ? v.toFixed(2) : 'x') : String(v).trim().replace(/,/g, '');
  if (!AMOUNT_RE.test(s)) throw invalid('涉及金额须为不超过两位小数的非负数(元)');
  return Number(s).toFixed(2);
}

export interface PreparedParty {
  role: string;
  kind: string;
  name: string;
  idNumberEnc: string | null;
  idNumberHash: string | null;
  idNumberMasked: string | null;
  phone: string | null;
  address: string | null;
}

/** Validates parties and encrypts identity numbers (GB 11643 for persons). */
export function prepareParties(cipher: Cipher, parties: PartyInput[], today: string): PreparedParty[] {
  if (!parties.length || !parties.some((p) => p.role === 'applicant')) throw invalid('至少需要一名申请人');
  if (parties.length > 200) throw invalid('当事人过多(最多200名)');
  return parties.map((p, i) => {
    const n = i + 1;
    if (!isKeyOf(PARTY_ROLES, p.role)) throw invalid(`第${n}名当事人的身份“${p.role}”无效`);
    const kind = p.kind ?? 'person';
    if (!isKeyOf(PARTY_KINDS, kind)) throw invalid(`第${n}名当事人的类型“${kind}”无效`);
    const name = (p.name ?? '').trim();
    if (!name) throw invalid(`请填写第${n}名当事人的姓名或名称`);
    let idNumber: string | null = null;
    if (p.idNumber && p.idNumber.trim()) {
      if (kind === 'person') {
        const r = validateIdNumber(p.idNumber, { today });
        if (!r.ok) throw invalid(`当事人“${name}”的${r.reason}`, [{ field: `parties.${i}.idNumber`, message: r.reason }]);
        idNumber = r.normalized;
      } else {
        idNumber = normalizeIdNumber(p.idNumber);
        if (!/^[0-9A-Z]{8,30}$/.test(idNumber)) throw invalid(`单位“${name}”的统一社会信用代码格式有误`);
      }
    }
    const phone = normalizePhone(p.phone);
    if (phone && !/^\+?\d{5,20}$/.test(phone)) throw invalid(`当事人“${name}”的电话格式有误`);
    return {
      role: p.role,
      kind,
      name,
      idNumberEnc: idNumber ? cipher.encrypt(idNumber) : null,
      idNumberHash: idNumber ? cipher.blindIndex(idNumber) : null,
      idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
      phone,
      address: p.address?.trim() || null,
    };
  });
}

interface IntakeRegion {
  code: string;
  name: string;
  level: string;
  path: string;
  active: boolean;
  townCode: string;
  townName: string;
  villageCode: string | null;
}

// intake is the hot path: a region's facts are kept for a few seconds (a rename or deactivation shows within that)
const regionCaches = new WeakMap<object, Map<string, { at: number; value: IntakeRegion | null }>>();
const REGION_TTL_MS = 10_000;

/** The region of an intake with its town's name and its village (a grid's parent), in one query. */
async function regionForIntake(db: DbOrTx, actor: Actor, code: string): Promise<IntakeRegion> {
  let regionCache = regionCaches.get(db);
  if (!regionCache) regionCaches.set(db, (regionCache = new Map()));
  let hit = regionCache.get(code);
  if (!hit || Date.now() - hit.at > REGION_TTL_MS) {
    hit = { at: Date.now(), value: await loadIntakeRegion(db, code) };
    if (regionCache.size > 5000) regionCache.clear();
    regionCache.set(code, hit);
  }
  const x = hit.value;
  if (!x || !pathVisible(actor, x.path)) throw notFound('地区');
  if (!isTownOrBelow(x.level) || !x.townCode) throw invalid('纠纷发生地须为乡镇(街道)、村(社区)或网格');
  if (!x.active) throw invalid(`地区“${x.name}”已停用`);
  return x;
}

async function loadIntakeRegion(db: DbOrTx, code: string): Promise<IntakeRegion | null> {
  const r = await db.execute<{ code: string; name: string; level: string; path: string; active: boolean; town_code: string | null; town_name: string | null; village_code: string | null }>(sql`
    select r.code, r.name, r.level, r.path, r.active, r.town_code, t.name as town_name,
      case when r.level in ('village', 'community') then r.code
           when r.level = 'grid' and p.level in ('village', 'community') then p.code end as village_code
    from regions r left join regions t on t.code = r.town_code left join regions p on p.code = r.parent_code
    where r.code = ${code}`);
  const x = r.rows[0];
  if (!x) return null;
  return { code: x.code, name: x.name, level: x.level, path: x.path, active: x.active, townCode: x.town_code ?? '', townName: x.town_name ?? x.town_code ?? '', villageCode: x.village_code };
}

function actorName(actor: Actor): string {
  return actor.name || actor.username;
}

async function validateIntake(db: DbOrTx, input: DisputeInput, today: string) {
  const dict = await disputeDictionaries(db);
  if (!isValidDate(input.receivedOn)) throw invalid('登记日期不是有效日期(YYYY-MM-DD)');
  if (input.receivedOn > today) throw invalid('登记日期不能晚于今天');
  if (input.receivedOn < '2000-01-01') throw invalid('登记日期过早');
  if (!isKeyOf(CHANNELS, input.channel)) throw invalid(`受理渠道“${input.channel}”无效`);
  if (!dict.categories.some((c) => c.key === input.category)) throw invalid(`纠纷类别“${input.category}”无效`);
  const riskLevel = input.riskLevel ?? 'general';
  if (!isKeyOf(RISK_LEVELS, riskLevel)) throw invalid(`风险等级“${riskLevel}”无效`);
  const summary = (input.summary ?? '').trim();
  if (!summary) throw invalid('请填写纠纷简要情况');
  const peopleCount = input.peopleCount ?? Math.max(1, input.parties.filter((p) => (p.kind ?? 'person') === 'person').length);
  if (!Number.isInteger(peopleCount) || peopleCount < 1 || peopleCount > 100000) throw invalid('涉及人数须为 1 以上的整数');
  return { summary, riskLevel, peopleCount, amount: normaliseAmount(input.amount) };
}

export interface CreateResult {
  dispute: DisputeRow;
  /** the Idempotency-Key was seen before: this is the dispute it created */
  replay: boolean;
  duplicates: DuplicateView[];
  /** what the detail needs besides the row, known without reading back (absent on a replay) */
  parts?: DetailParts;
}

/**
 * Registers a dispute (SPEC §4.1). With an Idempotency-Key, a resent request returns the dispute the
 * first one created (the key is kept per user, so one user's key never reveals another's record).
 *
 * The write is one statement (`intakeStatement`); the region (cached), the dictionaries (cached) and a link
 * target are read before it.
 */
export async function createDispute(
  database: Database,
  cipher: Cipher,
  ctx: CommandContext,
  input: DisputeInput,
  opts: ServiceOptions & { idempotencyKey?: string | null } = {},
): Promise<CreateResult> {
  requirePermission(ctx.actor, 'disputes.intake');
  const today = opts.today ?? todayShanghai();
  const db = database.db;
  const key = opts.idempotencyKey ? `${ctx.actor.userId ?? ctx.actor.username}:${opts.idempotencyKey}` : null;
  const replay = async () => {
    const existing = key ? await byIdempotencyKey(db, key) : null;
    return existing ? { dispute: existing, replay: true, duplicates: [] } : null;
  };
  const parties = prepareParties(cipher, input.parties ?? [], today);
  const region = await regionForIntake(db, ctx.actor, input.regionCode);
  const v = await validateIntake(db, input, today);
  const target = input.linkTo ? await loadVisible(db, ctx.actor, input.linkTo) : null;
  const linkedTo = target?.id ?? null;
  const year = Number(input.receivedOn.slice(0, 4));
  const id = crypto.randomUUID();
  const who = { id: ctx.actor.userId, name: actorName(ctx.actor) };
  const flags = { mayTurnCriminal: !!input.mayTurnCriminal, threatensPetition: !!input.threatensPetition, group: groupFlag(v.peopleCount) };
  // what the intake records, as the statement's values and in the audit entry
  const fields = {
    regionCode: region.code,
    receivedOn: input.receivedOn,
    channel: input.channel,
    category: input.category,
    summary: v.summary,
    peopleCount: v.peopleCount,
    amount: v.amount,
    riskLevel: v.riskLevel,
    ...flags,
  };
  const auditAfter = {
    ...fields,
    state: 'registered',
    linkedTo,
    version: 1,
    parties: parties.map((p) => ({ role: p.role, kind: p.kind, name: p.name, idNumber: p.idNumberMasked, phone: maskPhone(p.phone) })),
  };
  const partyRows = parties.map((p, i) => ({
    id: crypto.randomUUID(),
    seq: i + 1,
    role: p.role,
    kind: p.kind,
    name: p.name,
    id_number_enc: p.idNumberEnc,
    id_number_hash: p.idNumberHash,
    id_number_masked: p.idNumberMasked,
    phone: p.phone,
    address: p.address,
  }));
  const eventId = crypto.randomUUID();
  const scope = await resolveScope(db, ctx.actor);
  const { group, ...recorded } = fields;
  const row = {
    id,
    queryCode: newQueryCode((n) => crypto.randomBytes(n)),
    ...recorded,
    groupFlag: group,
    townCode: region.townCode,
    villageCode: region.villageCode,
    linkedTo,
    riskId: input.riskId ?? null,
    imported: !!input.imported,
    idempotencyKey: key,
    createdBy: who.id,
    createdByName: who.name,
  };
  let rows: { number: string; created_at: Date | string; updated_at: Date | string; _duplicates: unknown }[] = [];
  try {
    rows = await database.prepared(intakeStatement(), {
      ...row,
      year,
      prefix: formatNumber(region.townName, year, 0).slice(0, -4),
      username: ctx.actor.username,
      requestId: ctx.requestId ?? null,
      parties: JSON.stringify(partyRows),
      eventId,
      eventPayload: linkedTo ? JSON.stringify({ linkedTo }) : null,
      linkEventId: crypto.randomUUID(),
      linkPayload: JSON.stringify({ linkedFrom: id }),
      auditAfter: JSON.stringify(auditAfter),
      // a re-registration linked on purpose is not checked for duplicates (nothing to match on)
      ...duplicateValues(scope, linkedTo ? [] : parties, input.category, input.receivedOn, id),
    });
  } catch (e) {
    // the same key sent twice at once: the loser's statement rolls back whole (its counter bump included)
    const c = uniqueViolation(e);
    if (key && c && /idempotency/.test(c)) {
      const r = await replay();
      if (r) return r;
    }
    throw e;
  }
  if (!rows.length) {
    // the key was seen before: nothing was written, the first request's dispute is the answer
    const r = await replay();
    if (r) return r;
    throw new AppError('internal', 500, '登记失败,请重试');
  }
  // the row as written: what the statement was given, with what the database added (number, times) and the defaults
  const created: DisputeRow = {
    ...row,
    number: rows[0].number,
    state: 'registered',
    currentLevel: null,
    currentUnitId: null,
    currentHandlerId: null,
    currentStageId: null,
    currentDueOn: null,
    firstAcceptedOn: null,
    sessionsCount: 0,
    outcome: null,
    outcomeLevel: null,
    concludedOn: null,
    closedOn: null,
    toldRightToSue: false,
    toldRightToSueOn: null,
    version: 1,
    createdAt: new Date(rows[0].created_at),
    updatedAt: new Date(rows[0].updated_at),
  };
  const dups = rows[0]._duplicates;
  const duplicates = ((typeof dups === 'string' ? JSON.parse(dups) : (dups ?? [])) as DuplicateRow[]).map(duplicateView);
  const parts: DetailParts = {
    regionName: region.name,
    unitName: null,
    handlerName: null,
    linkedNumber: target?.number ?? null,
    parties: partyRows.map((p) => ({ id: p.id, role: p.role, kind: p.kind, name: p.name, idNumberMasked: p.id_number_masked, phone: p.phone, address: p.address })),
    stages: [],
    // the register event, as the statement wrote it (its time is the transaction's, like the dispute's)
    events: [
      {
        id: eventId,
        disputeId: id,
        townCode: created.townCode,
        at: created.createdAt,
        occurredOn: input.receivedOn,
        action: 'register',
        actorId: who.id,
        actorName: who.name,
        fromState: null,
        toState: 'registered',
        stageId: null,
        reason: null,
        notes: null,
        payload: linkedTo ? { linkedTo } : null,
      },
    ],
    sessions: [],
    agreement: null,
    visits: [],
    roundsRule: undefined,
  };
  return { dispute: created, replay: false, duplicates, parts };
}

/**
 * The intake is ONE statement (data-modifying CTEs): the per-town-year counter, the dispute, its parties, the
 * timeline entry and the audit entry commit together or not at all, in one round trip and one commit, and the
 * likely duplicates come back from the same statement (its snapshot predates the new dispute). Its text is built
 * once, with placeholders for every value, and prepared once per connection — intake is the hot path
 * (≥ 500 disputes/s, bench/disputes.ts).
 */
let intake: Statement | null = null;
function intakeStatement(): Statement {
  // v: a value written (its placeholder); o: a value the plan depends on (opaque: the plan stays generic)
  const v = (name: string) => sql.placeholder(name);
  const o = opaquePlaceholder;
  intake ??= statement(sql`
    with c as (
      insert into dispute_counters (town_code, year, last_value)
      select ${v('townCode')}::text, ${v('year')}::int, 1
      where ${o('idempotencyKey', 'text')} is null or not exists (select 1 from disputes x where x.idempotency_key = ${o('idempotencyKey', 'text')})
      on conflict (town_code, year) do update set last_value = dispute_counters.last_value + 1
      returning last_value
    ), d as (
      insert into disputes (id, number, query_code, region_code, village_code, town_code, received_on, channel, category, summary,
        people_count, amount, risk_level, may_turn_criminal, threatens_petition, group_flag, state, linked_to, risk_id, imported,
        idempotency_key, created_by, created_by_name)
      select ${v('id')}::text, ${v('prefix')}::text || lpad(c.last_value::text, greatest(4, length(c.last_value::text)), '0'), ${v('queryCode')}::text,
        ${v('regionCode')}::text, ${v('villageCode')}::text, ${v('townCode')}::text, ${v('receivedOn')}::date, ${v('channel')}::text,
        ${v('category')}::text, ${v('summary')}::text, ${v('peopleCount')}::int, ${v('amount')}::numeric, ${v('riskLevel')}::text,
        ${v('mayTurnCriminal')}::boolean, ${v('threatensPetition')}::boolean, ${v('groupFlag')}::boolean, 'registered', ${v('linkedTo')}::text,
        ${v('riskId')}::text, ${v('imported')}::boolean, ${v('idempotencyKey')}::text, ${v('createdBy')}::text, ${v('createdByName')}::text
      from c
      returning id, town_code, number, created_at, updated_at
    ), p as (
      insert into dispute_parties (id, dispute_id, town_code, seq, role, kind, name, id_number_enc, id_number_hash, id_number_masked, phone, address)
      select x.id, d.id, d.town_code, x.seq, x.role, x.kind, x.name, x.id_number_enc, x.id_number_hash, x.id_number_masked, x.phone, x.address
      from d, json_to_recordset(${v('parties')}::json) as x(id text, seq int, role text, kind text, name text, id_number_enc text,
        id_number_hash text, id_number_masked text, phone text, address text)
    ), e as (
      insert into dispute_events (id, dispute_id, town_code, occurred_on, action, actor_id, actor_name, to_state, notes, payload)
      select ${v('eventId')}::text, d.id, d.town_code, ${v('receivedOn')}::date, 'register', ${v('createdBy')}::text, ${v('createdByName')}::text,
        'registered', null, ${v('eventPayload')}::jsonb from d
      union all
      select ${v('linkEventId')}::text, ${v('linkedTo')}::text, d.town_code, ${v('receivedOn')}::date, 'note', ${v('createdBy')}::text,
        ${v('createdByName')}::text, null, '同一纠纷再次登记为 ' || d.number || ',已关联', ${v('linkPayload')}::jsonb
      from d where ${o('linkedTo', 'text')} is not null
    ), a as (
      insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, request_id, town_code)
      select ${v('createdBy')}::text, ${v('username')}::text, 'dispute.create', 'dispute', d.id, null,
        ${v('auditAfter')}::jsonb || jsonb_build_object('number', d.number), ${v('requestId')}::text, d.town_code
      from d
    )
    -- (p, e and a run to completion unreferenced, as every data-modifying CTE does)
    select d.number, d.created_at, d.updated_at, (select coalesce(json_agg(x), '[]'::json) from (${duplicatesSql(o)}) x) as _duplicates
    from d`);
  return intake;
}

/** The detail of what createDispute returned: built from what the intake wrote, read back only after a replay. */
export async function createdDetail(db: DbOrTx, actor: Actor, res: CreateResult, opts: ServiceOptions = {}): Promise<DisputeDetail> {
  if (!res.parts) return getDispute(db, actor, res.dispute.id, opts);
  return buildDetail(actor, res.dispute, opts.today ?? todayShanghai(), await canAct(db, actor, res.dispute), res.parts);
}

async function byIdempotencyKey(db: DbOrTx, key: string): Promise<DisputeRow | null> {
  const [row] = await db.select().from(disputes).where(eq(disputes.idempotencyKey, key));
  return row ?? null;
}

/** What the audit keeps of a dispute: its columns, without the query code and the request key. */
function snapshot(d: DisputeRow) {
  const { queryCode: _code, idempotencyKey: _key, createdAt: _c, updatedAt: _u, ...rest } = d;
  return rest;
}

// ---------------------------------------------------------------------------------------------------
// Duplicates (SPEC §4.1: same identity number or phone + same category within 90 days)
// ---------------------------------------------------------------------------------------------------

type DuplicateRow = { id: string; number: string; received_on: string; state: string; category: string; summary: string; region_code: string; by_id: boolean; by_phone: boolean };

/** The values of `duplicatesSql`, by placeholder name. */
function duplicateValues(
  scope: DisputeScope,
  parties: { idNumberHash: string | null; phone: string | null }[],
  category: string | null,
  receivedOn: string,
  excludeId: string | null,
) {
  return {
    dupHashes: textArrayLiteral([...new Set(parties.map((p) => p.idNumberHash).filter((x): x is string => !!x))]),
    dupPhones: textArrayLiteral([...new Set(parties.map((p) => p.phone).filter((x): x is string => !!x))]),
    dupCategory: category,
    dupOn: receivedOn,
    dupExclude: excludeId,
    ...scopeValues(scope),
  };
}

/**
 * The likely-duplicates query (SPEC §4.1): one text for every call — `value(name, type)` gives each of
 * `duplicateValues`, an opaque placeholder in the intake statement (prepared once) or the value itself.
 */
function duplicatesSql(value: ValueRef): SQL {
  return sql`
    select d.id, d.number, d.received_on, d.state, d.category, d.summary, d.region_code,
      bool_or(p.id_number_hash = any(${value('dupHashes', 'text[]')})) as by_id,
      bool_or(p.phone = any(${value('dupPhones', 'text[]')})) as by_phone
    from dispute_parties p join disputes d on d.id = p.dispute_id
    where (p.id_number_hash = any(${value('dupHashes', 'text[]')}) or p.phone = any(${value('dupPhones', 'text[]')}))
      and (${value('dupCategory', 'text')} is null or d.category = ${value('dupCategory', 'text')})
      and d.received_on between ${value('dupOn', 'date')} - ${sql.raw(String(DUPLICATE_WINDOW_DAYS))} and ${value('dupOn', 'date')} + ${sql.raw(String(DUPLICATE_WINDOW_DAYS))}
      and (${value('dupExclude', 'text')} is null or d.id <> ${value('dupExclude', 'text')})
      and ${scopeRowCondition('d', value)}
    group by d.id, d.number, d.received_on, d.state, d.category, d.summary, d.region_code
    order by d.received_on desc
    limit 20`;
}

function duplicateView(x: DuplicateRow): DuplicateView {
  return {
    id: x.id,
    number: x.number,
    receivedOn: x.received_on,
    state: x.state,
    category: x.category,
    summary: x.summary,
    regionCode: x.region_code,
    matchedBy: [...(x.by_id ? (['idNumber'] as const) : []), ...(x.by_phone ? (['phone'] as const) : [])],
  };
}

async function findDuplicatesTx(
  db: DbOrTx,
  actor: Actor,
  parties: { idNumberHash: string | null; phone: string | null }[],
  category: string | null,
  receivedOn: string,
  excludeId: string | null,
): Promise<DuplicateView[]> {
  if (!parties.some((p) => p.idNumberHash || p.phone)) return [];
  const values = duplicateValues(await resolveScope(db, actor), parties, category, receivedOn, excludeId);
  const r = await db.execute<DuplicateRow>(duplicatesSql(directValues(values)));
  return r.rows.map(duplicateView);
}

/** Likely duplicates for the intake form (only disputes the user may see are shown). */
export async function findDuplicates(
  db: DbOrTx,
  cipher: Cipher,
  actor: Actor,
  q: { idNumber?: string | null; phone?: string | null; category?: string | null; receivedOn?: string | null },
  opts: ServiceOptions = {},
): Promise<DuplicateView[]> {
  requirePermission(actor, 'disputes.read');
  const receivedOn = q.receivedOn && isValidDate(q.receivedOn) ? q.receivedOn : (opts.today ?? todayShanghai());
  const id = q.idNumber ? normalizeIdNumber(q.idNumber) : '';
  return findDuplicatesTx(db, actor, [{ idNumberHash: id ? cipher.blindIndex(id) : null, phone: normalizePhone(q.phone) }], q.category || null, receivedOn, null);
}

// ---------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------

async function loadVisible(db: DbOrTx, actor: Actor, id: string, scope?: DisputeScope): Promise<DisputeRow> {
  requirePermission(actor, 'disputes.read');
  const s = scope ?? (await resolveScope(db, actor));
  const [row] = await db.select().from(disputes).where(and(eq(disputes.id, id), scopeCondition(s)));
  if (!row) throw notFound('纠纷');
  return row;
}

/** Matches the (…, received_on desc nulls last, created_at desc nulls last) indexes exactly. */
const NEWEST_FIRST = [sql`${disputes.receivedOn} desc nulls last`, sql`${disputes.createdAt} desc nulls last`];

export interface ListFilter {
  state?: string[];
  region?: string;
  category?: string[];
  overdue?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
  level?: string[];
  riskLevel?: string[];
  channel?: string[];
  from?: string;
  to?: string;
  /** only disputes I currently handle */
  mine?: boolean;
  flag?: ('group' | 'mayTurnCriminal' | 'threatensPetition')[];
}

/** Condition for "region includes its subtree", on the disputes table's own columns. */
async function regionCondition(db: DbOrTx, actor: Actor, code: string): Promise<SQL> {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r || !(pathVisible(actor, r.path) || unitAbove(actor, r))) throw notFound('地区');
  if (r.level === 'town') return sql`${disputes.townCode} = ${r.code}`;
  if (r.level === 'village' || r.level === 'community') return sql`${disputes.villageCode} = ${r.code}`;
  if (r.level === 'grid') return sql`${disputes.regionCode} = ${r.code}`;
  return sql`${disputes.townCode} in (select r.code from regions r where r.level = 'town' and r.path like ${escapeLike(r.path) + '%'})`;
}

/** Unit-bound users may filter by a region around their unit (the rows stay limited to their scope). */
function unitAbove(actor: Actor, r: RegionRow): boolean {
  return actor.bindings.some((b) => b.unitId && b.path && (b.path.startsWith(r.path) || r.path.startsWith(b.path)));
}

export async function listConditions(db: DbOrTx, cipher: Cipher, actor: Actor, f: ListFilter, today: string): Promise<SQL> {
  requirePermission(actor, 'disputes.read');
  const scope = await resolveScope(db, actor);
  const conds: SQL[] = [scopeCondition(scope)];
  const list = (col: SQL | typeof disputes.state, values?: string[]) => {
    const v = (values ?? []).map((x) => x.trim()).filter(Boolean);
    if (v.length === 1) conds.push(sql`${col} = ${v[0]}`);
    else if (v.length > 1) conds.push(sql`${col} = any(${sqlTextArray(v)})`);
  };
  list(disputes.state, f.state);
  list(sql`${disputes.category}`, f.category);
  list(sql`${disputes.currentLevel}`, f.level);
  list(sql`${disputes.riskLevel}`, f.riskLevel);
  list(sql`${disputes.channel}`, f.channel);
  if (f.region) conds.push(await regionCondition(db, actor, f.region));
  if (f.overdue === true) conds.push(sql`${disputes.currentDueOn} < ${today}`);
  if (f.overdue === false) conds.push(sql`(${disputes.currentDueOn} is null or ${disputes.currentDueOn} >= ${today})`);
  if (f.from) conds.push(sql`${disputes.receivedOn} >= ${f.from}`);
  if (f.to) conds.push(sql`${disputes.receivedOn} <= ${f.to}`);
  if (f.mine) conds.push(actor.userId ? sql`${disputes.currentHandlerId} = ${actor.userId}` : sql`false`);
  for (const fl of f.flag ?? []) {
    if (fl === 'group') conds.push(sql`${disputes.groupFlag}`);
    if (fl === 'mayTurnCriminal') conds.push(sql`${disputes.mayTurnCriminal}`);
    if (fl === 'threatensPetition') conds.push(sql`${disputes.threatensPetition}`);
  }
  const q = f.q?.normalize('NFKC').trim();
  if (q) {
    if (/^\d{17}[\dXx]$/.test(q)) {
      conds.push(sql`${disputes.id} in (select p.dispute_id from dispute_parties p where p.id_number_hash = ${cipher.blindIndex(normalizeIdNumber(q))})`);
    } else {
      conds.push(sql`(${containsText([disputes.number, disputes.summary], q)}
        or ${disputes.id} in (select p.dispute_id from dispute_parties p where p.name like ${escapeLike(q) + '%'}))`);
    }
  }
  return and(...conds)!;
}

export type { AgreementView, DisputeDetail, ListItem, DuplicateView };

export async function listDisputes(db: DbOrTx, cipher: Cipher, actor: Actor, f: ListFilter, opts: ServiceOptions & { maxPageSize?: number } = {}) {
  const today = opts.today ?? todayShanghai();
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const pageSize = Math.min(opts.maxPageSize ?? 100, Math.max(1, Math.floor(f.pageSize ?? 20)));
  const where = await listConditions(db, cipher, actor, f, today);
  const [rows, count] = await Promise.all([
    listRows(db, where, pageSize, (page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(disputes).where(where),
  ]);
  const items = await toListItems(db, rows, today);
  return { items, total: Number(count[0]?.n ?? 0) };
}

/** The fields a list item and the detail share. */
function baseView(d: DisputeRow, names: { regionName: string | null; unitName: string | null; handlerName: string | null }, today: string): Omit<ListItem, 'parties'> {
  return {
    id: d.id,
    number: d.number,
    regionCode: d.regionCode,
    regionName: names.regionName,
    townCode: d.townCode,
    receivedOn: d.receivedOn,
    channel: d.channel,
    category: d.category,
    summary: d.summary,
    peopleCount: d.peopleCount,
    amount: d.amount,
    riskLevel: d.riskLevel,
    mayTurnCriminal: d.mayTurnCriminal,
    threatensPetition: d.threatensPetition,
    group: d.groupFlag,
    state: d.state,
    currentLevel: d.currentLevel,
    currentUnitId: d.currentUnitId,
    currentUnitName: names.unitName,
    currentHandlerId: d.currentHandlerId,
    currentHandlerName: names.handlerName,
    dueOn: d.currentDueOn,
    overdue: isOverdue(d.currentDueOn, today, !!d.currentDueOn),
    outcome: d.outcome,
    concludedOn: d.concludedOn,
    sessionsCount: d.sessionsCount,
    linkedTo: d.linkedTo,
    version: d.version,
  };
}

/** A page of the ledger, newest first, with the names a list shows. */
function listRows(db: DbOrTx, where: SQL, limit: number, offset: number) {
  return db
    .select({ d: disputes, regionName: regions.name, unitName: units.name, handlerName: users.name })
    .from(disputes)
    .leftJoin(regions, eq(regions.code, disputes.regionCode))
    .leftJoin(units, eq(units.id, disputes.currentUnitId))
    .leftJoin(users, eq(users.id, disputes.currentHandlerId))
    .where(where)
    .orderBy(...NEWEST_FIRST)
    .limit(limit)
    .offset(offset);
}

async function toListItems(
  db: DbOrTx,
  rows: { d: DisputeRow; regionName: string | null; unitName: string | null; handlerName: string | null }[],
  today: string,
): Promise<ListItem[]> {
  const ids = rows.map((r) => r.d.id);
  const parties = ids.length
    ? await db
        .select({ disputeId: disputeParties.disputeId, role: disputeParties.role, kind: disputeParties.kind, name: disputeParties.name, phone: disputeParties.phone })
        .from(disputeParties)
        .where(inArray(disputeParties.disputeId, ids))
        .orderBy(asc(disputeParties.disputeId), asc(disputeParties.seq))
    : [];
  const byDispute = new Map<string, ListItem['parties']>();
  for (const p of parties) {
    const l = byDispute.get(p.disputeId) ?? [];
    l.push({ role: p.role, kind: p.kind, name: p.name, phone: maskPhone(p.phone) });
    byDispute.set(p.disputeId, l);
  }
  return rows.map(({ d, regionName, unitName, handlerName }) => ({ ...baseView(d, { regionName, unitName, handlerName }, today), parties: byDispute.get(d.id) ?? [] }));
}

/** Rows for the xlsx export of a filtered list (same filters and scope; bounded). */
export async function exportDisputes(db: DbOrTx, cipher: Cipher, actor: Actor, f: ListFilter, opts: ServiceOptions & { limit?: number } = {}) {
  const today = opts.today ?? todayShanghai();
  const where = await listConditions(db, cipher, actor, f, today);
  return toListItems(db, await listRows(db, where, opts.limit ?? 50_000, 0), today);
}

function agreementView(a: typeof agreements.$inferSelect, today: string): AgreementView {
  return {
    id: a.id,
    form: a.form,
    partiesText: a.partiesText,
    facts: a.facts,
    issues: a.issues,
    content: a.content,
    performanceWay: a.performanceWay,
    performanceDeadline: a.performanceDeadline,
    signedOn: a.signedOn,
    effectiveOn: a.effectiveOn,
    mediators: a.mediators,
    performanceStatus: a.performanceStatus,
    performanceCheckedOn: a.performanceCheckedOn,
    confirmationDeadline: a.confirmationDeadline,
    confirmationAppliedOn: a.confirmationAppliedOn,
    confirmationDecision: a.confirmationDecision,
    confirmationDecidedOn: a.confirmationDecidedOn,
    confirmationWindowOpen: !a.confirmationAppliedOn && isConfirmationWindowOpen(a.effectiveOn, today),
    version: a.version,
  };
}

/** Sessions per level of a dispute, for the rounds rule. */
function sessionsPerLevel(stages: { level: string; sessionsCount: number }[]): Partial<Record<Level, number>> {
  const out: Partial<Record<Level, number>> = {};
  for (const s of stages) out[s.level as Level] = (out[s.level as Level] ?? 0) + s.sessionsCount;
  return out;
}

export async function getDispute(db: DbOrTx, actor: Actor, id: string, opts: ServiceOptions = {}): Promise<DisputeDetail> {
  const today = opts.today ?? todayShanghai();
  const scope = await resolveScope(db, actor);
  const d = await loadVisible(db, actor, id, scope);
  return detailOf(db, actor, d, today);
}

async function detailOf(db: DbOrTx, actor: Actor, d: DisputeRow, today: string): Promise<DisputeDetail> {
  const [regionRow] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, d.regionCode));
  const parties = await db.select().from(disputeParties).where(eq(disputeParties.disputeId, d.id)).orderBy(asc(disputeParties.seq));
  const stages = await db
    .select({ s: disputeStages, unitName: units.name, handlerName: users.name })
    .from(disputeStages)
    .leftJoin(units, eq(units.id, disputeStages.unitId))
    .leftJoin(users, eq(users.id, disputeStages.handlerId))
    .where(eq(disputeStages.disputeId, d.id))
    .orderBy(asc(disputeStages.seq));
  const events = await db.select().from(disputeEvents).where(eq(disputeEvents.disputeId, d.id)).orderBy(asc(disputeEvents.at));
  const sessions = await db.select().from(mediationSessions).where(eq(mediationSessions.disputeId, d.id)).orderBy(asc(mediationSessions.heldOn), asc(mediationSessions.createdAt));
  const [agreement] = await db.select().from(agreements).where(eq(agreements.disputeId, d.id));
  const visitRows = await db.select().from(visits).where(eq(visits.disputeId, d.id)).orderBy(asc(visits.visitedOn));
  const [handler] = d.currentHandlerId ? await db.select({ name: users.name }).from(users).where(eq(users.id, d.currentHandlerId)) : [];
  const [unit] = d.currentUnitId ? await db.select({ name: units.name }).from(units).where(eq(units.id, d.currentUnitId)) : [];
  const [linked] = d.linkedTo ? await db.select({ number: disputes.number }).from(disputes).where(eq(disputes.id, d.linkedTo)) : [];
  // the rounds rule only matters once there are stages (no sessions, no flags)
  const roundsRule = stages.length ? (await settingsForYear(db, Number((d.firstAcceptedOn ?? d.receivedOn).slice(0, 4)))).data.roundsRule : undefined;
  return buildDetail(actor, d, today, await canAct(db, actor, d), {
    regionName: regionRow?.name ?? null,
    unitName: unit?.name ?? null,
    handlerName: handler?.name ?? null,
    linkedNumber: linked?.number ?? null,
    parties,
    stages,
    events,
    sessions,
    agreement: agreement ?? null,
    visits: visitRows,
    roundsRule,
  });
}

/** What a dispute's detail is made of besides its own row (loaded by detailOf, or known right after intake). */
interface DetailParts {
  regionName: string | null;
  unitName: string | null;
  handlerName: string | null;
  linkedNumber: string | null;
  parties: Pick<typeof disputeParties.$inferSelect, 'id' | 'role' | 'kind' | 'name' | 'idNumberMasked' | 'phone' | 'address'>[];
  stages: { s: typeof disputeStages.$inferSelect; unitName: string | null; handlerName: string | null }[];
  events: typeof disputeEvents.$inferSelect[];
  sessions: typeof mediationSessions.$inferSelect[];
  agreement: typeof agreements.$inferSelect | null;
  visits: typeof visits.$inferSelect[];
  roundsRule: Parameters<typeof checkRounds>[1];
}

function buildDetail(actor: Actor, d: DisputeRow, today: string, mayAct: boolean, x: DetailParts): DisputeDetail {
  const { parties, stages, events, sessions, agreement } = x;
  return {
    ...baseView(d, { regionName: x.regionName, unitName: x.unitName, handlerName: x.handlerName }, today),
    queryCode: d.queryCode,
    villageCode: d.villageCode,
    outcomeLevel: d.outcomeLevel,
    closedOn: d.closedOn,
    firstAcceptedOn: d.firstAcceptedOn,
    toldRightToSue: d.toldRightToSue,
    toldRightToSueOn: d.toldRightToSueOn,
    imported: d.imported,
    linkedNumber: x.linkedNumber,
    riskId: d.riskId,
    createdByName: d.createdByName,
    createdAt: d.createdAt.toISOString(),
    parties: parties.map((p) => ({ id: p.id, role: p.role, kind: p.kind, name: p.name, idNumber: p.idNumberMasked, phone: p.phone, address: p.address })),
    stages: stages.map(({ s, unitName, handlerName }) => ({
      id: s.id,
      seq: s.seq,
      level: s.level,
      unitId: s.unitId,
      unitName,
      handlerId: s.handlerId,
      handlerName,
      linkage: s.linkage,
      acceptedOn: s.acceptedOn,
      dueOn: s.dueOn,
      extendedDueOn: s.extendedDueOn,
      extensionReason: s.extensionReason,
      sessionsCount: s.sessionsCount,
      closedOn: s.closedOn,
      outcome: s.outcome,
      failureReason: s.failureReason,
      overdue: (s.closedOn ?? today) > (s.extendedDueOn ?? s.dueOn),
    })),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      occurredOn: e.occurredOn,
      action: e.action,
      actorName: e.actorName,
      fromState: e.fromState,
      toState: e.toState,
      reason: e.reason,
      notes: e.notes,
      payload: e.payload ?? null,
    })),
    sessions: sessions.map((s) => ({ id: s.id, heldOn: s.heldOn, level: s.level, place: s.place, method: s.method, mediators: s.mediators, attendees: s.attendees, notes: s.notes })),
    agreement: agreement ? agreementView(agreement, today) : null,
    visits: x.visits.map((v) => ({
      id: v.id,
      visitedOn: v.visitedOn,
      cadres: v.cadres,
      satisfaction: v.satisfaction,
      performanceChecked: v.performanceChecked,
      newIssues: v.newIssues,
      notes: v.notes,
      personsMet: v.personsMet,
    })),
    mediationDays: d.firstAcceptedOn ? mediationDays(d.firstAcceptedOn, d.concludedOn ?? today) : null,
    roundsFlags: checkRounds(sessionsPerLevel(stages.map((st) => st.s)), x.roundsRule),
    allowedActions: mayAct ? allowedActions(d.state as DisputeState) : [],
    canRevealIdentity: actor.canRevealIdentity,
  };
}

async function canAct(db: DbOrTx, actor: Actor, d: DisputeRow): Promise<boolean> {
  if (!can(actor, 'disputes.handle')) return false;
  const scope = await resolveScope(db, actor, 'disputes.handle');
  if (scope.all) return true;
  return inScope(scope, d, {}, 'act');
}

// ---------------------------------------------------------------------------------------------------
// Actions (SPEC §4.2–§4.4, §11)
// ---------------------------------------------------------------------------------------------------

export interface ActionInput extends ActionParamsInput {
  action: string;
  version: number;
  /** add_session */
  place?: string | null;
  mediators?: string | null;
  attendees?: string | null;
  /** resolve: the rest of art. 29 */
  agreement?: {
    form?: unknown;
    content?: unknown;
    performanceDeadline?: unknown;
    performanceWay?: string | null;
    facts?: string | null;
    issues?: string | null;
    partiesText?: string | null;
    effectiveOn?: string | null;
    mediators?: string | null;
    copies?: number | null;
  } | null;
  /** fail / transfer / close: parties were told of their right to sue (SPEC §4.7) */
  toldRightToSue?: boolean | null;
  /** return_visit */
  cadres?: string | null;
  personsMet?: string | null;
  performanceChecked?: boolean | null;
  performanceStatus?: string | null;
  newIssues?: string | null;
}

function dateOf(input: ActionInput, today: string): string {
  return typeof input.date === 'string' && input.date ? input.date : today;
}

async function defaultUnit(tx: DbOrTx, d: DisputeRow, level: StageLevel, actorUnits: { id: string; type: string }[]): Promise<string> {
  const pick = async (type: string, regionCode: string | null) => {
    if (!regionCode) return null;
    const [u] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.type, type), eq(units.regionCode, regionCode), eq(units.active, true)))
      .orderBy(asc(units.createdAt))
      .limit(1);
    return u?.id ?? null;
  };
  if (level === 'grid' || level === 'village') {
    const own = actorUnits.find((u) => u.type === 'village_committee');
    const id = (await pick('village_committee', d.villageCode)) ?? own?.id ?? null;
    if (!id) throw invalid('该村(社区)尚未设立调委会,请选择受理单位', [{ field: 'unitId', message: '请选择受理单位' }]);
    return id;
  }
  if (level === 'town') {
    const id = await pick('town_centre', d.townCode);
    if (!id) throw invalid('本镇尚未设立矛调中心,请选择受理单位', [{ field: 'unitId', message: '请选择受理单位' }]);
    return id;
  }
  if (level === 'department') {
    const own = actorUnits.find((u) => !['village_committee', 'town_centre', 'court'].includes(u.type));
    if (own) return own.id;
    throw invalid('流转到部门须选择承办部门', [{ field: 'unitId', message: '请选择承办部门' }]);
  }
  // prelitigation: the nearest court serving the town
  const r = await tx.execute<{ id: string }>(sql`
    select u.id from units u join regions ur on ur.code = u.region_code, regions t
    where t.code = ${d.townCode} and u.type = 'court' and u.active and t.path like ur.path || '%'
    order by length(ur.path) desc limit 1`);
  if (!r.rows[0]) throw invalid('未找到管辖法院,请选择诉前调解单位', [{ field: 'unitId', message: '请选择法院' }]);
  return r.rows[0].id;
}

async function actorUnits(tx: DbOrTx, actor: Actor) {
  const ids = actor.bindings.map((b) => b.unitId).filter((x): x is string => !!x);
  if (!ids.length) return [];
  return tx.select({ id: units.id, type: units.type }).from(units).where(inArray(units.id, ids));
}

/** The level `accept` opens when none is given: the actor's own level, else the dispute region's. */
async function defaultAcceptLevel(tx: DbOrTx, actor: Actor, d: DisputeRow, mine: { id: string; type: string }[]): Promise<StageLevel> {
  if (actor.bindings.some((b) => (b.role === 'town_office' || b.role === 'justice_office') && b.regionCode === d.townCode)) return 'town';
  const unit = mine[0];
  if (unit && actor.bindings.every((b) => b.unitId)) {
    if (unit.type === 'village_committee') return 'village';
    if (unit.type === 'town_centre' || unit.type === 'justice_office') return 'town';
    if (unit.type === 'court') return 'prelitigation';
    return 'department';
  }
  const [r] = await tx.select({ level: regions.level }).from(regions).where(eq(regions.code, d.regionCode));
  if (r?.level === 'grid') return 'grid';
  if (r?.level === 'town') return 'town';
  return 'village';
}

async function checkUnit(tx: DbOrTx, id: string): Promise<void> {
  const [u] = await tx.select({ active: units.active }).from(units).where(eq(units.id, id));
  if (!u || !u.active) throw invalid('承办单位不存在或已停用', [{ field: 'unitId', message: '承办单位不存在或已停用' }]);
}
async function checkUser(tx: DbOrTx, id: string): Promise<void> {
  const [u] = await tx.select({ active: users.active }).from(users).where(eq(users.id, id));
  if (!u || !u.active) throw invalid('承办人不存在或已停用', [{ field: 'handlerId', message: '承办人不存在或已停用' }]);
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export async function performAction(
  database: Database,
  ctx: CommandContext,
  id: string,
  input: ActionInput,
  opts: ServiceOptions = {},
): Promise<DisputeDetail> {
  const today = opts.today ?? todayShanghai();
  return database.db.transaction(async (tx) => detailOf(tx, ctx.actor, await applyAction(tx, ctx, id, input, today), today));
}

/** The same command without building the detail view (demo data, imports): returns the updated row. */
export async function performActionQuick(database: Database, ctx: CommandContext, id: string, input: ActionInput, opts: ServiceOptions = {}): Promise<DisputeRow> {
  const today = opts.today ?? todayShanghai();
  return database.db.transaction(async (tx) => applyAction(tx, ctx, id, input, today));
}

async function applyAction(tx: DbOrTx, ctx: CommandContext, id: string, input: ActionInput, today: string): Promise<DisputeRow> {
  requirePermission(ctx.actor, 'disputes.handle');
  const actor = ctx.actor;
  {
    requirePermission(actor, 'disputes.read');
    const scope = await resolveScope(tx, actor);
    const [d] = await tx.select().from(disputes).where(and(eq(disputes.id, id), scopeCondition(scope))).for('update');
    if (!d) throw notFound('纠纷');
    if (!(await canAct(tx, actor, d))) throw forbidden('该纠纷当前不在您的承办范围内,只能查看');
    if (d.version !== input.version) throw conflict();
    const action = input.action as Action;
    const state = d.state as DisputeState;
    const [stage] = d.currentStageId ? await tx.select().from(disputeStages).where(eq(disputeStages.id, d.currentStageId)) : [];
    const currentDue = stage ? (stage.extendedDueOn ?? stage.dueOn) : null;
    const dict = await disputeDictionaries(tx);
    const check = checkAction(state, action, input, {
      currentDueOn: currentDue,
      today,
      failureReasons: dict.failureReasons,
    });
    if (!check.ok) throw invalid(check.message, 'errors' in check ? check.errors : undefined);

    // dates: an action happens between the dispute's receipt (and the open stage's acceptance) and today
    const on = dateOf(input, today);
    if (action !== 'extend') {
      if (on > today) throw invalid('日期不能晚于今天', [{ field: 'date', message: '日期不能晚于今天' }]);
      if (on < d.receivedOn) throw invalid(`日期不能早于登记日期 ${d.receivedOn}`, [{ field: 'date', message: '日期不能早于登记日期' }]);
      if (stage && !stage.closedOn && on < stage.acceptedOn) {
        throw invalid(`日期不能早于本阶段受理日期 ${stage.acceptedOn}`, [{ field: 'date', message: '日期不能早于本阶段受理日期' }]);
      }
      if (stage?.closedOn && on < stage.closedOn && (action === 'transfer' || action === 'close')) {
        throw invalid(`日期不能早于上一阶段结束日期 ${stage.closedOn}`, [{ field: 'date', message: '日期不能早于上一阶段结束日期' }]);
      }
    }
    const set: Partial<DisputeRow> = { state: check.state, version: d.version + 1, updatedAt: new Date() };
    const payload: Record<string, unknown> = {};
    let eventStageId: string | null = stage?.id ?? null;
    const closeStage = async (outcome: string, extra: Partial<StageRow> = {}) => {
      if (stage && !stage.closedOn) {
        await tx.update(disputeStages).set({ closedOn: on, outcome, ...extra }).where(eq(disputeStages.id, stage.id));
      }
    };
    const told = () => {
      if (input.toldRightToSue) {
        set.toldRightToSue = true;
        set.toldRightToSueOn = d.toldRightToSueOn ?? on;
      }
    };

    switch (action) {
      case 'accept':
      case 'transfer': {
        const level = (input.level as Level | undefined) ?? undefined;
        if (action === 'transfer' && level === 'litigation') {
          // 引导诉讼: closes the dispute and records that the parties were told of their right to sue
          await closeStage('transferred');
          Object.assign(set, {
            outcome: 'litigation',
            outcomeLevel: 'litigation',
            concludedOn: on,
            closedOn: on,
            currentDueOn: null,
            toldRightToSue: true,
            toldRightToSueOn: d.toldRightToSueOn ?? on,
          });
          if (!blank(input.unitId)) {
            await checkUnit(tx, String(input.unitId));
            payload.unitId = input.unitId;
          }
          payload.level = 'litigation';
          break;
        }
        const mine = await actorUnits(tx, actor);
        const stageLevel: StageLevel = level && isStageLevel(level) ? level : await defaultAcceptLevel(tx, actor, d, mine);
        let unitId = text(input.unitId);
        if (unitId) await checkUnit(tx, unitId);
        else unitId = await defaultUnit(tx, d, stageLevel, mine);
        let handlerId = text(input.handlerId);
        if (handlerId) await checkUser(tx, handlerId);
        else handlerId = actor.userId;
        if (action === 'transfer' && stage && stage.level === stageLevel && stage.unitId === unitId && !stage.closedOn) {
          throw invalid('不能流转到当前承办单位', [{ field: 'unitId', message: '请选择其他单位' }]);
        }
        await closeStage('transferred');
        const settings = await settingsForYear(tx, Number(on.slice(0, 4)));
        const due = dueDate(on, stageLevel, settings.data.timeLimits);
        const [{ seq }] = await tx
          .select({ seq: sql<number>`coalesce(max(${disputeStages.seq}), 0)::int + 1` })
          .from(disputeStages)
          .where(eq(disputeStages.disputeId, d.id));
        const stageId = crypto.randomUUID();
        await tx.insert(disputeStages).values({
          id: stageId,
          disputeId: d.id,
          townCode: d.townCode,
          seq,
          level: stageLevel,
          unitId,
          handlerId,
          linkage: text(input.linkage),
          acceptedOn: on,
          dueOn: due,
          notes: text(input.notes),
        });
        Object.assign(set, {
          currentLevel: stageLevel,
          currentUnitId: unitId,
          currentHandlerId: handlerId,
          currentStageId: stageId,
          currentDueOn: due,
          firstAcceptedOn: d.firstAcceptedOn ?? on,
        });
        eventStageId = stageId;
        Object.assign(payload, { level: stageLevel, unitId, handlerId, linkage: text(input.linkage), dueOn: due, fromStageId: stage?.id ?? null });
        break;
      }
      case 'start_mediation':
        break;
      case 'add_session': {
        if (!stage) throw invalid('当前没有办理阶段');
        const sessionId = crypto.randomUUID();
        await tx.insert(mediationSessions).values({
          id: sessionId,
          disputeId: d.id,
          stageId: stage.id,
          townCode: d.townCode,
          level: stage.level,
          heldOn: on,
          place: text(input.place),
          method: String(input.method),
          mediators: text(input.mediators) ?? actorName(actor),
          attendees: text(input.attendees),
          notes: text(input.notes),
          createdBy: actor.userId,
        });
        await tx.update(disputeStages).set({ sessionsCount: sql`${disputeStages.sessionsCount} + 1` }).where(eq(disputeStages.id, stage.id));
        set.sessionsCount = d.sessionsCount + 1;
        Object.assign(payload, { sessionId, method: input.method, place: text(input.place) });
        break;
      }
      case 'resolve': {
        const a = input.agreement!;
        const effectiveOn = text(a.effectiveOn) ?? on;
        if (!isValidDate(effectiveOn) || effectiveOn < on) throw invalid('协议生效日期不能早于协议日期', [{ field: 'agreement.effectiveOn', message: '生效日期无效' }]);
        const perf = text(a.performanceDeadline as string);
        if (perf && perf < on) throw invalid('履行期限不能早于协议日期', [{ field: 'agreement.performanceDeadline', message: '履行期限不能早于协议日期' }]);
        await closeStage('resolved');
        const agreementId = crypto.randomUUID();
        await tx.insert(agreements).values({
          id: agreementId,
          disputeId: d.id,
          townCode: d.townCode,
          stageId: stage?.id ?? null,
          form: String(a.form),
          partiesText: text(a.partiesText),
          facts: text(a.facts) ?? d.summary,
          issues: text(a.issues),
          content: text(a.content as string),
          performanceWay: text(a.performanceWay),
          performanceDeadline: perf,
          signedOn: on,
          effectiveOn,
          mediators: text(a.mediators) ?? (stage?.handlerId ? await userName(tx, stage.handlerId) : actorName(actor)),
          copies: a.copies && a.copies > 0 && a.copies < 20 ? a.copies : Math.max(3, (await partyCount(tx, d.id)) + 1),
          confirmationDeadline: confirmationDeadline(effectiveOn),
        });
        Object.assign(set, { outcome: 'resolved', outcomeLevel: stage?.level ?? null, concludedOn: on, currentDueOn: null });
        Object.assign(payload, { agreementId, form: a.form });
        break;
      }
      case 'fail':
        await closeStage('failed', { failureReason: String(input.reason) });
        set.currentDueOn = null;
        Object.assign(payload, { reason: input.reason });
        break;
      case 'extend':
        if (!stage) throw invalid('当前没有办理阶段');
        await tx
          .update(disputeStages)
          .set({ extendedDueOn: String(input.date), extensionReason: String(input.reason).trim(), extensions: sql`${disputeStages.extensions} + 1` })
          .where(eq(disputeStages.id, stage.id));
        set.currentDueOn = String(input.date);
        Object.assign(payload, { from: currentDue, to: input.date });
        break;
      case 'withdraw':
        await closeStage('withdrawn');
        Object.assign(set, { outcome: 'withdrawn', outcomeLevel: stage?.level ?? null, concludedOn: on, currentDueOn: null });
        break;
      case 'return_visit': {
        const visitId = crypto.randomUUID();
        const partiesList = await tx.select({ name: disputeParties.name }).from(disputeParties).where(eq(disputeParties.disputeId, d.id)).orderBy(asc(disputeParties.seq));
        await tx.insert(visits).values({
          id: visitId,
          type: 'return_visit',
          visitedOn: on,
          cadres: text(input.cadres) ?? actorName(actor),
          cadreUserIds: actor.userId ? [actor.userId] : [],
          regionCode: d.regionCode,
          villageCode: d.villageCode,
          townCode: d.townCode,
          disputeId: d.id,
          personsMet: text(input.personsMet) ?? partiesList.map((p) => p.name).join('、'),
          personsCount: Math.max(1, partiesList.length),
          satisfaction: Number(input.satisfaction),
          performanceChecked: !!input.performanceChecked || !blank(input.performanceStatus),
          newIssues: text(input.newIssues),
          followUpNeeded: !blank(input.newIssues),
          requestStatus: blank(input.newIssues) ? 'none' : 'open',
          notes: text(input.notes),
          createdBy: actor.userId,
        });
        if (!blank(input.performanceStatus)) {
          if (!['pending', 'performed', 'breached'].includes(String(input.performanceStatus))) {
            throw invalid(`履行情况“${String(input.performanceStatus)}”无效`, [{ field: 'performanceStatus', message: '履行情况无效' }]);
          }
          await tx
            .update(agreements)
            .set({ performanceStatus: String(input.performanceStatus), performanceCheckedOn: on, version: sql`${agreements.version} + 1`, updatedAt: new Date() })
            .where(eq(agreements.disputeId, d.id));
        }
        Object.assign(payload, { visitId, satisfaction: input.satisfaction, performanceStatus: input.performanceStatus ?? null });
        break;
      }
      case 'close':
        if (state === 'failed') Object.assign(set, { outcome: 'failed', outcomeLevel: d.currentLevel, concludedOn: d.concludedOn ?? on });
        set.closedOn = on;
        set.currentDueOn = null;
        break;
    }
    told();

    const [after] = await tx.update(disputes).set(set).where(eq(disputes.id, d.id)).returning();
    await tx.insert(disputeEvents).values({
      id: crypto.randomUUID(),
      disputeId: d.id,
      townCode: d.townCode,
      occurredOn: action === 'extend' ? today : on,
      action,
      actorId: actor.userId,
      actorName: actorName(actor),
      fromState: state,
      toState: after.state,
      stageId: eventStageId,
      reason: text(input.reason),
      notes: text(input.notes),
      payload: Object.keys(payload).length ? payload : null,
    });
    await writeAudit(tx, ctx, { action: `dispute.${action}`, entity: 'dispute', entityId: d.id, before: snapshot(d), after: snapshot(after), townCode: d.townCode });
    return after;
  }
}

async function userName(tx: DbOrTx, id: string): Promise<string | null> {
  const [u] = await tx.select({ name: users.name }).from(users).where(eq(users.id, id));
  return u?.name ?? null;
}
async function partyCount(tx: DbOrTx, disputeId: string): Promise<number> {
  const [r] = await tx.select({ n: sql<number>`count(*)::int` }).from(disputeParties).where(eq(disputeParties.disputeId, disputeId));
  return Number(r?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------------
// Notes, agreement follow-up, identity reveal
// ---------------------------------------------------------------------------------------------------

/** A note on the timeline; allowed in every state, closed included (SPEC §4.4). */
export async function addNote(database: Database, ctx: CommandContext, id: string, note: string, opts: ServiceOptions = {}) {
  requirePermission(ctx.actor, 'disputes.read');
  const text = note.trim();
  if (!text) throw invalid('备注不能为空');
  return database.db.transaction(async (tx) => {
    const d = await loadVisible(tx, ctx.actor, id);
    const ev = {
      id: crypto.randomUUID(),
      disputeId: d.id,
      townCode: d.townCode,
      occurredOn: opts.today ?? todayShanghai(),
      action: 'note',
      actorId: ctx.actor.userId,
      actorName: actorName(ctx.actor),
      notes: text,
    };
    await tx.insert(disputeEvents).values(ev);
    await writeAudit(tx, ctx, { action: 'dispute.note', entity: 'dispute', entityId: d.id, before: null, after: { note: text }, townCode: d.townCode });
    return detailOf(tx, ctx.actor, d, opts.today ?? todayShanghai());
  });
}

export interface AgreementPatch {
  version: number;
  performanceStatus?: string;
  performanceCheckedOn?: string | null;
  confirmationAppliedOn?: string | null;
  confirmationDecision?: string | null;
  confirmationDecidedOn?: string | null;
  performanceWay?: string | null;
  performanceDeadline?: string | null;
  facts?: string | null;
  issues?: string | null;
  content?: string | null;
  partiesText?: string | null;
  mediators?: string | null;
}

/** Performance tracking and judicial confirmation of the agreement (SPEC §4.3). */
export async function updateAgreement(database: Database, ctx: CommandContext, id: string, patch: AgreementPatch, opts: ServiceOptions = {}) {
  requirePermission(ctx.actor, 'disputes.handle');
  const today = opts.today ?? todayShanghai();
  return database.db.transaction(async (tx) => {
    const d = await loadVisible(tx, ctx.actor, id);
    if (!(await canAct(tx, ctx.actor, d))) throw forbidden('该纠纷当前不在您的承办范围内,只能查看');
    if (d.state === 'closed') throw invalid('已结案的纠纷只读,仅可添加备注');
    const [a] = await tx.select().from(agreements).where(eq(agreements.disputeId, d.id)).for('update');
    if (!a) throw notFound('调解协议');
    if (a.version !== patch.version) throw conflict();
    const set: Partial<typeof agreements.$inferSelect> = { version: a.version + 1, updatedAt: new Date() };
    const dateField = (v: string | null | undefined, what: string, field: string): string | null | undefined => {
      if (v === undefined) return undefined;
      if (v === null || v === '') return null;
      if (!isValidDate(v)) throw invalid(`${what}不是有效日期(YYYY-MM-DD)`, [{ field, message: '日期无效' }]);
      if (v > today) throw invalid(`${what}不能晚于今天`, [{ field, message: '不能晚于今天' }]);
      return v;
    };
    if (patch.performanceStatus !== undefined) {
      if (!['pending', 'performed', 'breached'].includes(patch.performanceStatus)) throw invalid(`履行情况“${patch.performanceStatus}”无效`);
      set.performanceStatus = patch.performanceStatus;
      set.performanceCheckedOn = dateField(patch.performanceCheckedOn, '履行核实日期', 'performanceCheckedOn') ?? today;
    }
    const applied = dateField(patch.confirmationAppliedOn, '司法确认申请日期', 'confirmationAppliedOn');
    if (applied !== undefined) {
      if (applied && applied < a.effectiveOn) throw invalid('司法确认申请日期不能早于协议生效日期');
      set.confirmationAppliedOn = applied;
      if (applied && !a.confirmationDecision && patch.confirmationDecision === undefined) set.confirmationDecision = 'pending';
    }
    if (patch.confirmationDecision !== undefined) {
      if (patch.confirmationDecision !== null && !['pending', 'confirmed', 'rejected'].includes(patch.confirmationDecision)) {
        throw invalid(`司法确认结果“${patch.confirmationDecision}”无效`);
      }
      if (patch.confirmationDecision && !(applied ?? a.confirmationAppliedOn)) throw invalid('请先填写司法确认申请日期');
      set.confirmationDecision = patch.confirmationDecision;
    }
    const decided = dateField(patch.confirmationDecidedOn, '司法确认裁定日期', 'confirmationDecidedOn');
    if (decided !== undefined) set.confirmationDecidedOn = decided;
    if (patch.performanceDeadline !== undefined) {
      if (patch.performanceDeadline && (!isValidDate(patch.performanceDeadline) || patch.performanceDeadline < a.signedOn)) {
        throw invalid('履行期限无效或早于协议日期');
      }
      set.performanceDeadline = patch.performanceDeadline || null;
    }
    for (const k of ['performanceWay', 'facts', 'issues', 'content', 'partiesText', 'mediators'] as const) {
      if (patch[k] !== undefined) set[k] = patch[k]?.trim() || null;
    }
    if (a.form === 'written' && set.content === null) throw invalid('书面协议须填写协议内容');
    const [after] = await tx.update(agreements).set(set).where(eq(agreements.id, a.id)).returning();
    await tx.insert(disputeEvents).values({
      id: crypto.randomUUID(),
      disputeId: d.id,
      townCode: d.townCode,
      occurredOn: today,
      action: 'agreement_update',
      actorId: ctx.actor.userId,
      actorName: actorName(ctx.actor),
      payload: Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'version')),
    });
    const strip = (x: typeof a) => ({ ...x, createdAt: undefined, updatedAt: undefined });
    await writeAudit(tx, ctx, { action: 'agreement.update', entity: 'agreement', entityId: a.id, before: strip(a), after: strip(after), townCode: d.townCode });
    return agreementView(after, today);
  });
}

/** The full identity number of one party: needs the permission, always audited (SPEC §10). */
export async function revealIdentity(database: Database, cipher: Cipher, ctx: CommandContext, id: string, partyId: string) {
  return database.db.transaction(async (tx) => {
    const d = await loadVisible(tx, ctx.actor, id);
    if (!ctx.actor.canRevealIdentity) throw forbidden('无权查看完整身份证号');
    const [p] = await tx.select().from(disputeParties).where(and(eq(disputeParties.id, partyId), eq(disputeParties.disputeId, d.id)));
    if (!p) throw notFound('当事人');
    if (!p.idNumberEnc) throw invalid('该当事人未登记身份证号');
    const idNumber = cipher.decrypt(p.idNumberEnc);
    await writeAudit(tx, ctx, {
      action: 'identity.reveal',
      entity: 'dispute_party',
      entityId: p.id,
      before: null,
      after: { disputeId: d.id, number: d.number, party: p.name, idNumber: p.idNumberMasked },
      townCode: d.townCode,
    });
    return { partyId: p.id, name: p.name, idNumber };
  });
}

// ---------------------------------------------------------------------------------------------------
// Public progress (一案一码): stage, state and next date only
// ---------------------------------------------------------------------------------------------------

export async function publicProgress(db: DbOrTx, code: string, opts: ServiceOptions = {}) {
  const today = opts.today ?? todayShanghai();
  const normal = code.normalize('NFKC').trim().toUpperCase();
  if (!/^[0-9A-Z]{6,20}$/.test(normal)) throw notFound('查询码');
  const [d] = await db
    .select({ id: disputes.id, state: disputes.state, level: disputes.currentLevel, due: disputes.currentDueOn, outcome: disputes.outcome })
    .from(disputes)
    .where(eq(disputes.queryCode, normal));
  if (!d) throw notFound('查询码');
  let nextDate: string | null = d.due;
  if (!nextDate && (d.state === 'resolved' || d.state === 'follow_up')) {
    const [a] = await db.select({ p: agreements.performanceDeadline }).from(agreements).where(eq(agreements.disputeId, d.id));
    if (a?.p && a.p >= today) nextDate = a.p;
  }
  const stage = d.outcome === 'litigation' ? 'litigation' : d.state === 'registered' ? null : d.level;
  return { stage, state: d.state, nextDate };
}

export const labels = {
  state: (s: string) => labelOf(DISPUTE_STATES, s),
  level: (s: string | null) => labelOf(LEVELS, s),
};

export { OPEN_STATES };

// ---------------------------------------------------------------------------------------------------
// Units a dispute can be accepted at or transferred to (its village's committee, its town's units, and
// the units of the county and above that serve the town — courts, procuratorates, county departments)
// ---------------------------------------------------------------------------------------------------

export async function unitsForDispute(db: DbOrTx, actor: Actor, id: string) {
  const d = await loadVisible(db, actor, id);
  const r = await db.execute<{ id: string; name: string; type: string; region_code: string; handlers: { id: string; name: string }[] | string | null }>(sql`
    select u.id, u.name, u.type, u.region_code,
      (select coalesce(json_agg(json_build_object('id', us.id, 'name', us.name) order by us.name), '[]'::json)
         from user_bindings b join users us on us.id = b.user_id where b.unit_id = u.id and us.active) as handlers
    from units u join regions ur on ur.code = u.region_code, regions t
    where t.code = ${d.townCode} and u.active
      and (u.town_code = ${d.townCode} or t.path like ur.path || '%')
      and (u.type <> 'village_committee' or u.region_code = ${d.villageCode ?? ''} or ${d.villageCode === null})
    order by length(ur.path), u.type, u.name`);
  return r.rows.map((u) => ({
    id: u.id,
    name: u.name,
    type: u.type,
    regionCode: u.region_code,
    handlers: (typeof u.handlers === 'string' ? JSON.parse(u.handlers) : (u.handlers ?? [])) as { id: string; name: string }[],
  }));
}
