/**
 * Dispute intake (SPEC §4.1): validating parties and fields, the one-statement write, the detail of what was
 * registered. The likely duplicates come back from the same statement (duplicates.ts).
 */
import { isValidDate, todayShanghai } from '../../../core/dates.ts';
import crypto from 'node:crypto';
import { eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { groupFlag } from '../../../core/dispute-flow.ts';
import { CHANNELS, PARTY_KINDS, PARTY_ROLES, RISK_LEVELS, isKeyOf } from '../../../core/dictionaries.ts';
import { isTownOrBelow } from '../../../core/regions.ts';
import { maskIdNumber, maskPhone } from '../../../core/id-number.ts';
import { checkParty } from '../../../core/parties.ts';
import type { DisputeCreateInput, DisputeDetail, Duplicate as DuplicateView } from '../../../core/schemas/disputes.ts';
import { directValues, opaquePlaceholder, statement, type Database, type DbOrTx, type Statement, type ValueRef } from '../../db/client.ts';
import { disputes } from '../../db/schema/index.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { Cipher } from '../../secret.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { pathVisible } from '../../scope/region.ts';
import type { CommandContext } from '../../audit.ts';
import { formatNumber, newQueryCode, uniqueViolation } from './common.ts';
import { disputeDictionaries } from './dictionaries.ts';
import { resolveScope } from '../../scope/unit.ts';
import { actorName, loadVisible, handlingRule, type DisputeRow, type ServiceOptions } from './helpers.ts';
import { duplicateValues, duplicatesSql, duplicateView, type DuplicateRow } from './duplicates.ts';
import { getDispute, buildDetail, type DetailParts } from './views.ts';
import { announceGrade, gradeIntake, routeSuggestionOf } from './grading.ts';
import { gramHashes, intArrayLiteral } from '../../../core/similarity.ts';
import { textArrayLiteral } from '../../db/text-array.ts';
import { settingsDataCached } from '../settings/service.ts';

const AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;

function normaliseAmount(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  const s = typeof v === 'number' ? (Number.isFinite(v) ? v.toFixed(2) : 'x') : String(v).trim().replace(/,/g, '');
  if (!AMOUNT_RE.test(s)) throw invalid('涉及金额须为不超过两位小数的非负数（元）');
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
  ethnicity: string | null;
}

/** Validates parties and encrypts identity numbers (GB 11643 for persons). */
export function prepareParties(cipher: Cipher, parties: DisputeCreateInput['parties'], today: string): PreparedParty[] {
  if (!parties.length || !parties.some((p) => p.role === 'applicant')) throw invalid('至少需要一名申请人');
  if (parties.length > 200) throw invalid('当事人过多（最多200名）');
  return parties.map((p, i) => {
    const n = i + 1;
    if (!isKeyOf(PARTY_ROLES, p.role)) throw invalid(`第${n}名当事人的身份“${p.role}”无效`);
    const kind = p.kind ?? 'person';
    if (!isKeyOf(PARTY_KINDS, kind)) throw invalid(`第${n}名当事人的类型“${kind}”无效`);
    const { value, errors } = checkParty({ ...p, kind }, { today });
    const name = value.name;
    const e = errors[0];
    if (e?.field === 'name') throw invalid(`请填写第${n}名当事人的姓名或名称`);
    if (e?.field === 'idNumber') {
      if (kind === 'person') throw invalid(`当事人“${name}”的${e.message}`, [{ field: `parties.${i}.idNumber`, message: e.message }]);
      throw invalid(`单位“${name}”的${e.message}`);
    }
    if (e) throw invalid(`当事人“${name}”的${e.message}`, [{ field: `parties.${i}.${e.field}`, message: e.message }]);
    const { idNumber, phone, ethnicity } = value;
    return {
      role: p.role,
      kind,
      name,
      idNumberEnc: idNumber ? cipher.encrypt(idNumber) : null,
      idNumberHash: idNumber ? cipher.blindIndex(idNumber) : null,
      idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
      phone,
      address: p.address?.trim() || null,
      ethnicity,
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
  if (!isTownOrBelow(x.level) || !x.townCode) throw invalid('纠纷发生地须为乡镇（街道）、村（社区）或网格');
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

async function validateIntake(db: DbOrTx, input: DisputeCreateInput, today: string) {
  const dict = await disputeDictionaries(db);
  if (!isValidDate(input.receivedOn)) throw invalid('登记日期不是有效日期（YYYY-MM-DD）');
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
  input: DisputeCreateInput,
  opts: ServiceOptions & { idempotencyKey?: string | null } = {},
): Promise<CreateResult> {
  const res = await intake(database.db, (values) => database.prepared(intakeStatement(), values), cipher, ctx, input, opts);
  // an orange or red dispute is told to the town office; the intake itself is one statement, so this follows it
  if (!res.replay && (res.dispute.grade === 'orange' || res.dispute.grade === 'red')) {
    await database.db.transaction((tx) => announceGrade(tx, res.dispute, null, ctx.actor.userId));
  }
  return res;
}

/**
 * The same intake inside the caller's transaction, for a command that registers a dispute together with
 * its own write (risk → dispute, visit → dispute): both commit or neither. The statement runs with its values
 * inline (not the prepared hot-path statement, which runs on a connection of its own).
 */
export async function createDisputeTx(
  tx: DbOrTx,
  cipher: Cipher,
  ctx: CommandContext,
  input: DisputeCreateInput,
  opts: ServiceOptions = {},
): Promise<CreateResult> {
  const res = await intake(
    tx,
    async <T,>(values: Record<string, unknown>) => (await tx.execute(intakeSql((name) => sql`${values[name]}`, directValues(values)))).rows as T[],
    cipher,
    ctx,
    input,
    opts,
  );
  if (!res.replay) await announceGrade(tx, res.dispute, null, ctx.actor.userId);
  return res;
}

type RunIntake = <T>(values: Record<string, unknown>) => Promise<T[]>;

async function intake(
  db: DbOrTx,
  run: RunIntake,
  cipher: Cipher,
  ctx: CommandContext,
  input: DisputeCreateInput,
  opts: ServiceOptions & { idempotencyKey?: string | null },
): Promise<CreateResult> {
  requirePermission(ctx.actor, 'disputes.intake');
  const today = opts.today ?? todayShanghai();
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
    ethnicity: p.ethnicity,
  }));
  const eventId = crypto.randomUUID();
  const scope = await resolveScope(db, ctx.actor);
  // the four-colour grade of what is registered (issue 17.1), written by the same statement
  const graded = await gradeIntake(
    db,
    { id, ...fields, linkedTo },
    parties.map((p) => ({ hash: p.idNumberHash, phone: p.phone, name: p.name })),
    today,
  );
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
    // an intake is never an import (imported disputes come in through the bundle import's own statements)
    imported: false,
    idempotencyKey: key,
    createdBy: who.id,
    createdByName: who.name,
    grade: graded.grade,
    gradeScore: graded.score,
    gradeReasons: graded.reasons,
    summaryGrams: gramHashes(v.summary),
    routeOverride: null,
  };
  let rows: { number: string; created_at: Date | string; updated_at: Date | string; _duplicates: unknown }[] = [];
  try {
    rows = await run({
      ...row,
      gradeReasons: textArrayLiteral(row.gradeReasons),
      summaryGrams: intArrayLiteral(row.summaryGrams),
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
    throw new AppError('internal', 500, '登记失败，请重试');
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
    parties: partyRows.map((p) => ({ id: p.id, role: p.role, kind: p.kind, name: p.name, idNumberMasked: p.id_number_masked, phone: p.phone, address: p.address, ethnicity: p.ethnicity })),
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
let intakeSt: Statement | null = null;
function intakeStatement(): Statement {
  // v: a value written (its placeholder); o: a value the plan depends on (opaque: the plan stays generic)
  intakeSt ??= statement(intakeSql((name) => sql.placeholder(name), opaquePlaceholder));
  return intakeSt;
}

/** The intake statement, its values given by `v` (written) and `o` (conditions). */
function intakeSql(v: (name: string) => Placeholder | SQL, o: ValueRef): SQL {
  return sql`
    with c as (
      insert into dispute_counters (town_code, year, last_value)
      select ${v('townCode')}::text, ${v('year')}::int, 1
      where ${o('idempotencyKey', 'text')} is null or not exists (select 1 from disputes x where x.idempotency_key = ${o('idempotencyKey', 'text')})
      on conflict (town_code, year) do update set last_value = dispute_counters.last_value + 1
      returning last_value
    ), d as (
      insert into disputes (id, number, query_code, region_code, village_code, town_code, received_on, channel, category, summary,
        people_count, amount, risk_level, may_turn_criminal, threatens_petition, group_flag, state, linked_to, risk_id, imported,
        idempotency_key, created_by, created_by_name, grade, grade_score, grade_reasons, summary_grams)
      select ${v('id')}::text, ${v('prefix')}::text || lpad(c.last_value::text, greatest(4, length(c.last_value::text)), '0'), ${v('queryCode')}::text,
        ${v('regionCode')}::text, ${v('villageCode')}::text, ${v('townCode')}::text, ${v('receivedOn')}::date, ${v('channel')}::text,
        ${v('category')}::text, ${v('summary')}::text, ${v('peopleCount')}::int, ${v('amount')}::numeric, ${v('riskLevel')}::text,
        ${v('mayTurnCriminal')}::boolean, ${v('threatensPetition')}::boolean, ${v('groupFlag')}::boolean, 'registered', ${v('linkedTo')}::text,
        ${v('riskId')}::text, ${v('imported')}::boolean, ${v('idempotencyKey')}::text, ${v('createdBy')}::text, ${v('createdByName')}::text,
        ${v('grade')}::text, ${v('gradeScore')}::int, ${v('gradeReasons')}::text[], ${v('summaryGrams')}::int[]
      from c
      returning id, town_code, number, created_at, updated_at
    ), p as (
      insert into dispute_parties (id, dispute_id, town_code, seq, role, kind, name, id_number_enc, id_number_hash, id_number_masked, phone, address, ethnicity)
      select x.id, d.id, d.town_code, x.seq, x.role, x.kind, x.name, x.id_number_enc, x.id_number_hash, x.id_number_masked, x.phone, x.address, x.ethnicity
      from d, json_to_recordset(${v('parties')}::json) as x(id text, seq int, role text, kind text, name text, id_number_enc text,
        id_number_hash text, id_number_masked text, phone text, address text, ethnicity text)
    ), e as (
      insert into dispute_events (id, dispute_id, town_code, occurred_on, action, actor_id, actor_name, to_state, notes, payload)
      select ${v('eventId')}::text, d.id, d.town_code, ${v('receivedOn')}::date, 'register', ${v('createdBy')}::text, ${v('createdByName')}::text,
        'registered', null, ${v('eventPayload')}::jsonb from d
      union all
      select ${v('linkEventId')}::text, ${v('linkedTo')}::text, d.town_code, ${v('receivedOn')}::date, 'note', ${v('createdBy')}::text,
        ${v('createdByName')}::text, null, '同一纠纷再次登记为 ' || d.number || '，已关联', ${v('linkPayload')}::jsonb
      from d where ${o('linkedTo', 'text')} is not null
    ), g as (
      -- the summary's bigram postings (similar cases, issue 17.2)
      insert into dispute_grams (town_code, gram, dispute_id)
      select d.town_code, x.gram, d.id from d, unnest(${v('summaryGrams')}::int[]) as x(gram)
    ), a as (
      insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, request_id, town_code)
      select ${v('createdBy')}::text, ${v('username')}::text, 'dispute.create', 'dispute', d.id, null,
        ${v('auditAfter')}::jsonb || jsonb_build_object('number', d.number), ${v('requestId')}::text, d.town_code
      from d
    )
    -- (p, e, g and a run to completion unreferenced, as every data-modifying CTE does)
    select d.number, d.created_at, d.updated_at, (select coalesce(json_agg(x), '[]'::json) from (${duplicatesSql(o)}) x) as _duplicates
    from d`;
}

/** The detail of what createDispute returned: built from what the intake wrote, read back only after a replay. */
export async function createdDetail(db: DbOrTx, actor: Actor, res: CreateResult, opts: ServiceOptions = {}): Promise<DisputeDetail> {
  if (!res.parts) return getDispute(db, actor, res.dispute.id, opts);
  return buildDetail(actor, res.dispute, opts.today ?? todayShanghai(), await handlingRule(db, actor, res.dispute), { ...res.parts, routeSuggestion: await routeSuggestionOf(db, res.dispute), gradeThresholds: (await settingsDataCached(db, Number((opts.today ?? todayShanghai()).slice(0, 4)))).grading.thresholds });
}

async function byIdempotencyKey(db: DbOrTx, key: string): Promise<DisputeRow | null> {
  const [row] = await db.select().from(disputes).where(eq(disputes.idempotencyKey, key));
  return row ?? null;
}
