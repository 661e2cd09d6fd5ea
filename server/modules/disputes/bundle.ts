/**
 * Disputes and their parties in the bundle (SPEC §9). Imported disputes carry their state as given,
 * marked as imported; their history starts at the import (one `import` event, and an open stage when
 * the state is accepted or mediating). A dispute's party rows replace its party set; a masked identity
 * number leaves the stored one unchanged.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { dueDate, groupFlag, isStageLevel, type StageLevel } from '../../../core/dispute-flow.ts';
import { canonicalDecimal, type RowValues } from '../../../core/bundle-format.ts';
import { isMasked, maskIdNumber, maskPhone, normalizeIdNumber } from '../../../core/id-number.ts';
import { checkParty } from '../../../core/parties.ts';
import { disputeParties, disputes } from '../../db/schema/index.ts';
import type { Tx } from '../../db/client.ts';
import { settingsForYear } from '../settings/service.ts';
import { formatNumber, newQueryCode } from './common.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { applyStaged, exec, regionWritable, sameValue, type ApplyContext, type ExportEnv, type FileHandler, type GroupResult, type ImportEnv, type PendingRow } from '../../bundle-handler.ts';
import { TOWN_OR_BELOW } from '../../../core/regions.ts';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const OPEN = new Set(['accepted', 'mediating']);
const CONCLUDED = new Set(['resolved', 'failed', 'withdrawn', 'follow_up', 'closed']);
const STAGE_OUTCOME: Record<string, string> = { resolved: 'resolved', follow_up: 'resolved', closed: 'resolved', failed: 'failed', withdrawn: 'withdrawn' };

/** Dispute ids of the bundle being imported (parties may refer to them), with their town. */
const BUNDLE_DISPUTES = 'disputes.ids';
const bundleDisputes = (env: ImportEnv) => {
  let m = env.state.get(BUNDLE_DISPUTES) as Map<string, { townCode: string; regionCode: string }> | undefined;
  if (!m) env.state.set(BUNDLE_DISPUTES, (m = new Map()));
  return m;
};

async function timeLimits(env: ImportEnv, year: number) {
  const key = `settings.${year}`;
  let s = env.state.get(key) as Promise<Awaited<ReturnType<typeof settingsForYear>>> | undefined;
  if (!s) env.state.set(key, (s = settingsForYear(env.database.db, year)));
  return (await s).data.timeLimits;
}

function disputeBundle(r: Row): RowValues {
  return {
    id: r.id as string,
    number: r.number as string,
    query_code: r.queryCode as string,
    region_code: r.regionCode as string,
    received_on: r.receivedOn as string,
    channel: r.channel as string,
    category: r.category as string,
    summary: r.summary as string,
    people_count: r.peopleCount as number,
    amount: r.amount === null || r.amount === undefined ? null : canonicalDecimal(String(r.amount)),
    risk_level: r.riskLevel as string,
    may_turn_criminal: Boolean(r.mayTurnCriminal),
    threatens_petition: Boolean(r.threatensPetition),
    state: r.state as string,
    level: ((r.outcomeLevel ?? r.currentLevel) as string | null) ?? null,
    concluded_on: (r.concludedOn as string | null) ?? null,
  };
}

async function taken(env: ImportEnv, column: 'number' | 'query_code', value: string, id: string): Promise<boolean> {
  const rows = await env.database.query<{ id: string }>(`select id from disputes where ${column} = $1 and id <> $2 limit 1`, [value, id]);
  return rows.length > 0;
}

const disputesHandler: FileHandler = {
  name: 'disputes',
  table: disputes,
  entity: 'dispute',
  permission: 'disputes.intake',
  keyProps: ['id'],
  keyOf: (v) => str(v.id),
  keyOfRow: (r) => String(r.id),
  orderBy: ['number', 'id'],
  async derive(v, env, ex) {
    const errors: { column: string; reason: string }[] = [];
    const id = str(v.id)!;
    const c = env.rc.checkCode(str(v.region_code)!, TOWN_OR_BELOW, '纠纷发生地');
    if (!c.ok) errors.push({ column: 'region_code', reason: c.reason });
    const region = c.ok ? c.region : null;
    const receivedOn = str(v.received_on)!;
    const concludedOn = str(v.concluded_on);
    const state = str(v.state)!;
    const level = str(v.level);
    if (receivedOn && receivedOn > env.today) errors.push({ column: 'received_on', reason: '登记日期不能晚于今天' });
    if (concludedOn && receivedOn && concludedOn < receivedOn) errors.push({ column: 'concluded_on', reason: `办结日期${concludedOn}早于登记日期${receivedOn}` });
    // a failed stage may still be transferred (SPEC §4): its conclusion date comes with the closing, so either is valid
    if (CONCLUDED.has(state) && state !== 'failed' && !concludedOn) errors.push({ column: 'concluded_on', reason: '已办结（化解、撤回、回访、结案）的纠纷须填写办结日期' });
    if (!CONCLUDED.has(state) && concludedOn) errors.push({ column: 'concluded_on', reason: '尚未办结的纠纷不应填写办结日期' });
    if (OPEN.has(state) && !isStageLevel(level)) errors.push({ column: 'level', reason: '已受理、调解中的纠纷须填写办理层级（网格、村、乡镇、部门或诉前调解）' });
    let amount: string | null = null;
    if (v.amount !== null && v.amount !== undefined) {
      const a = String(v.amount);
      if ((a.split('.')[1] ?? '').length > 2) errors.push({ column: 'amount', reason: '涉及金额最多两位小数' });
      else amount = fixed2(a);
    }
    const number = str(v.number);
    const queryCode = str(v.query_code);
    if (number && (await taken(env, 'number', number, id))) errors.push({ column: 'number', reason: `纠纷序号已被其他纠纷使用：${number}` });
    if (queryCode && (await taken(env, 'query_code', queryCode, id))) errors.push({ column: 'query_code', reason: `查询码已被其他纠纷使用：${queryCode}` });
    const seen = env.state.get('disputes.numbers') as Map<string, string> | undefined;
    const numbers = seen ?? new Map<string, string>();
    if (!seen) env.state.set('disputes.numbers', numbers);
    if (number && numbers.has(number) && numbers.get(number) !== id) errors.push({ column: 'number', reason: `纠纷序号与本文件中的纠纷“${numbers.get(number)}”重复` });
    if (errors.length || !region) return { row: null, errors, warnings: [] };
    if (number) numbers.set(number, id);
    bundleDisputes(env).set(id, { townCode: region.townCode!, regionCode: region.code });

    // unchanged in bundle terms: keep every stored detail (stages, outcome, levels) as it is
    if (ex) {
      const now = disputeBundle(ex);
      const incoming: RowValues = { ...v, number: number ?? now.number, query_code: queryCode ?? now.query_code, amount: amount === null ? null : canonicalDecimal(amount), people_count: v.people_count ?? 1, risk_level: v.risk_level ?? 'general', may_turn_criminal: v.may_turn_criminal ?? false, threatens_petition: v.threatens_petition ?? false };
      if (Object.keys(now).every((k) => sameValue(now[k], incoming[k] ?? null))) return { row: { ...ex }, errors: [], warnings: [] };
    }
    const peopleCount = (v.people_count as number | null) ?? 1;
    const row: Row = {
      id,
      number: number ?? (ex?.number as string | undefined) ?? null,
      queryCode: queryCode ?? (ex?.queryCode as string | undefined) ?? newQueryCode((n) => crypto.randomBytes(n)),
      regionCode: region.code,
      villageCode: region.level === 'village' || region.level === 'community' ? region.code : region.level === 'grid' ? region.parentCode : null,
      townCode: region.townCode,
      receivedOn,
      channel: str(v.channel),
      category: str(v.category),
      summary: str(v.summary),
      peopleCount,
      amount,
      riskLevel: str(v.risk_level) ?? 'general',
      mayTurnCriminal: v.may_turn_criminal === true,
      threatensPetition: v.threatens_petition === true,
      groupFlag: groupFlag(peopleCount),
      state,
      currentLevel: level,
      outcome: null,
      outcomeLevel: null,
      concludedOn,
      closedOn: state === 'closed' ? concludedOn : null,
      currentStageId: (ex?.currentStageId as string | null) ?? null,
      currentDueOn: null,
      firstAcceptedOn: (ex?.firstAcceptedOn as string | null) ?? null,
      imported: true,
      createdByName: env.actor.name || env.actor.username,
    };
    const extra: Record<string, unknown> = { _town_name: env.rc.get(region.townCode!)?.name ?? region.townCode, _year: Number(receivedOn.slice(0, 4)) };
    if (CONCLUDED.has(state)) {
      row.outcome = state === 'closed' && level === 'litigation' ? 'litigation' : state === 'closed' ? ((ex?.outcome as string | null) ?? 'resolved') : STAGE_OUTCOME[state];
      row.outcomeLevel = level;
      if (ex?.currentStageId && !ex.concludedOn) extra._close_stage = ex.currentStageId;
    }
    if (OPEN.has(state)) {
      row.firstAcceptedOn = row.firstAcceptedOn ?? receivedOn;
      const sameOpenStage = ex && OPEN.has(String(ex.state)) && ex.currentStageId && ex.currentLevel === level;
      if (sameOpenStage) {
        row.currentDueOn = ex!.currentDueOn;
      } else {
        const stageId = crypto.randomUUID();
        const due = dueDate(receivedOn, level as StageLevel, await timeLimits(env, Number(receivedOn.slice(0, 4))));
        row.currentStageId = stageId;
        row.currentDueOn = due;
        extra._new_stage = { id: stageId, level, accepted_on: receivedOn, due_on: due };
        if (ex?.currentStageId && OPEN.has(String(ex.state))) extra._close_stage = ex.currentStageId;
      }
    }
    return { row, errors: [], warnings: [], extra };
  },
  compare: [
    'number',
    'queryCode',
    'regionCode',
    'villageCode',
    'townCode',
    'receivedOn',
    'channel',
    'category',
    'summary',
    'peopleCount',
    'amount',
    'riskLevel',
    'mayTurnCriminal',
    'threatensPetition',
    'groupFlag',
    'state',
    'currentLevel',
    'outcome',
    'outcomeLevel',
    'concludedOn',
    'closedOn',
    'currentStageId',
    'currentDueOn',
    'firstAcceptedOn',
  ],
  insertExtra: ['imported', 'createdByName'],
  toBundle: (r) => disputeBundle(r),
  scope: () => sql`true`, // replaced by exportRows (the disputes module's own scope)
  // where the dispute arose; units and handlers see more (server/scope/unit.ts) but write through the forms
  writable: (r, env) => regionWritable(env, r.regionCode),
  async *exportRows(env) {
    const s = await resolveScope(env.database.db, env.actor, 'disputes.read');
    for (let offset = 0; ; offset += 5000) {
      const rows = (await env.database.db.select().from(disputes).where(scopeCondition(s)).orderBy(disputes.number, disputes.id).limit(5000).offset(offset)) as Row[];
      if (rows.length === 0) break;
      yield rows.map(disputeBundle);
      if (rows.length < 5000) break;
    }
  },
  townOf: (r) => (r.townCode as string | null) ?? null,
  async apply(tx, jobId, ctx) {
    await allocateNumbers(tx, jobId);
    const counts = await applyStaged(tx, jobId, ctx);
    // readable numbers given in the file move the counters on, so later intake never repeats them
    await exec(
      tx,
      `insert into dispute_counters (town_code, year, last_value)
       select s.data->>'town_code', (m[1])::int, max((m[2])::int)
         from import_staging s, regexp_match(s.data->>'number', '-(\\d{4})-(\\d+)$') as m
        where s.job_id = $1 and s.file = 'disputes' and m is not null
        group by 1, 2
       on conflict (town_code, year) do update set last_value = greatest(dispute_counters.last_value, excluded.last_value)`,
      [jobId],
    );
    await exec(
      tx,
      `update dispute_stages st set closed_on = coalesce((s.data->>'concluded_on')::date, $2::date),
              outcome = case s.data->>'state' when 'failed' then 'failed' when 'withdrawn' then 'withdrawn' when 'accepted' then 'transferred' when 'mediating' then 'transferred' else 'resolved' end
         from import_staging s
        where s.job_id = $1 and s.file = 'disputes' and st.id = s.data->>'_close_stage' and st.closed_on is null`,
      [jobId, todayOf()],
    );
    await exec(
      tx,
      `insert into dispute_stages (id, dispute_id, town_code, seq, level, accepted_on, due_on)
       select s.data->'_new_stage'->>'id', s.key, s.data->>'town_code',
              coalesce((select max(x.seq) from dispute_stages x where x.dispute_id = s.key), 0) + 1,
              s.data->'_new_stage'->>'level', (s.data->'_new_stage'->>'accepted_on')::date, (s.data->'_new_stage'->>'due_on')::date
         from import_staging s where s.job_id = $1 and s.file = 'disputes' and s.data ? '_new_stage'`,
      [jobId],
    );
    await exec(
      tx,
      `insert into dispute_events (id, dispute_id, town_code, occurred_on, action, actor_id, actor_name, from_state, to_state, stage_id, notes)
       select gen_random_uuid()::text, s.key, s.data->>'town_code', $2::date, 'import', $3, $4, s.before->>'state', s.data->>'state',
              s.data->'_new_stage'->>'id', case s.action when 'add' then '数据导入' else '数据导入更新' end
         from import_staging s where s.job_id = $1 and s.file = 'disputes' order by s.row_no`,
      [jobId, todayOf(), ctx.actor.userId, ctx.actor.name || ctx.actor.username],
    );
    return counts;
  },
};

function fixed2(a: string): string {
  const [i, f = ''] = a.split('.');
  return `${i}.${(f + '00').slice(0, 2)}`;
}

const todayOf = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Readable numbers (清溪-2024-0153) for imported disputes that came without one. */
async function allocateNumbers(tx: Tx, jobId: string) {
  const { rows } = await exec(
    tx,
    `select s.row_no, s.data->>'town_code' as town, s.data->>'_town_name' as town_name, (s.data->>'_year')::int as year
       from import_staging s where s.job_id = $1 and s.file = 'disputes' and s.action = 'add' and s.data->>'number' is null order by s.row_no`,
    [jobId],
  );
  const groups = new Map<string, { town: string; name: string; year: number; rows: number[] }>();
  for (const r of rows as { row_no: number; town: string; town_name: string; year: number }[]) {
    const k = `${r.town}|${r.year}`;
    if (!groups.has(k)) groups.set(k, { town: r.town, name: r.town_name, year: Number(r.year), rows: [] });
    groups.get(k)!.rows.push(Number(r.row_no));
  }
  const assigned: { r: number; n: string }[] = [];
  for (const g of groups.values()) {
    const { rows: c } = await exec(
      tx,
      `insert into dispute_counters (town_code, year, last_value) values ($1, $2, $3)
       on conflict (town_code, year) do update set last_value = dispute_counters.last_value + $3 returning last_value`,
      [g.town, g.year, g.rows.length],
    );
    const last = Number((c[0] as { last_value: number }).last_value);
    g.rows.forEach((r, i) => assigned.push({ r, n: formatNumber(g.name, g.year, last - g.rows.length + 1 + i) }));
  }
  if (assigned.length) {
    await exec(
      tx,
      `update import_staging s set data = jsonb_set(s.data, '{number}', to_jsonb(x.n))
         from jsonb_to_recordset($2::jsonb) as x(r int, n text)
        where s.job_id = $1 and s.file = 'disputes' and s.row_no = x.r`,
      [jobId, JSON.stringify(assigned)],
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------------------------------

interface StoredParty {
  id: string;
  dispute_id: string;
  seq: number;
  role: string;
  kind: string;
  name: string;
  id_number_enc: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  phone: string | null;
  address: string | null;
  ethnicity: string | null;
}

const partyAudit = (p: { role: string; kind: string; name: string; id_number_masked: string | null; phone: string | null; address: string | null }) => ({
  role: p.role,
  kind: p.kind,
  name: p.name,
  idNumber: p.id_number_masked,
  phone: p.phone ? p.phone.replace(/^(\+?\d{3})\d+(\d{4})$/, '$1****$2') : null,
});

const partiesHandler: FileHandler = {
  name: 'parties',
  table: disputeParties,
  entity: 'dispute',
  permission: 'disputes.intake',
  keyProps: [],
  keyOf: (v) => str(v.dispute_id),
  keyOfRow: (r) => String(r.disputeId),
  orderBy: ['disputeId', 'seq'],
  derive: () => ({ row: null, errors: [{ column: 'dispute_id', reason: 'internal' }], warnings: [] }),
  compare: [],
  toBundle: () => ({}),
  scope: () => sql`true`,
  // a party set is its dispute's: `row` is the dispute (stored, or as the bundle gives it)
  writable: (d, env) => regionWritable(env, d.regionCode),
  townOf: () => null,

  async deriveGroup(rows: PendingRow[], env: ImportEnv): Promise<GroupResult[]> {
    const groups = new Map<string, PendingRow[]>();
    for (const r of rows) {
      const k = r.key;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(r);
    }
    const ids = [...groups.keys()];
    const stored = new Map<string, { townCode: string; regionCode: string }>();
    for (let i = 0; i < ids.length; i += 2000) {
      const found = await env.database.query<{ id: string; town_code: string; region_code: string }>(
        `select id, town_code, region_code from disputes where id in (select jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify(ids.slice(i, i + 2000))],
      );
      for (const d of found) stored.set(d.id, { townCode: d.town_code, regionCode: d.region_code });
    }
    const existing = new Map<string, StoredParty[]>();
    for (let i = 0; i < ids.length; i += 2000) {
      const ps = await env.database.query<StoredParty>(
        `select id, dispute_id, seq, role, kind, name, id_number_enc, id_number_hash, id_number_masked, phone, address, ethnicity
           from dispute_parties where dispute_id in (select jsonb_array_elements_text($1::jsonb)) order by dispute_id, seq`,
        [JSON.stringify(ids.slice(i, i + 2000))],
      );
      for (const p of ps) {
        if (!existing.has(p.dispute_id)) existing.set(p.dispute_id, []);
        existing.get(p.dispute_id)!.push(p);
      }
    }
    const inBundle = bundleDisputes(env);
    const out: GroupResult[] = [];
    for (const [disputeId, group] of groups) {
      const res: GroupResult = { key: disputeId, rows: group.map((g) => g.rowNo), errors: [], warnings: [], action: null };
      out.push(res);
      const d = inBundle.get(disputeId) ?? stored.get(disputeId);
      if (!d) {
        for (const g of group) res.errors.push({ row: g.rowNo, column: 'dispute_id', reason: `纠纷编号不存在：${disputeId}` });
        continue;
      }
      // the stored dispute decides too: a bundle's disputes row cannot bring another town's parties into scope
      const was = stored.get(disputeId);
      if ((was && !partiesHandler.writable(was, env)) || !partiesHandler.writable(d, env)) {
        for (const g of group) res.errors.push({ row: g.rowNo, column: 'dispute_id', reason: `纠纷不在您的管辖范围内：${disputeId}` });
        continue;
      }
      const old = existing.get(disputeId) ?? [];
      const prepared: StoredParty[] = [];
      for (const g of group) {
        const v = g.values;
        const kind = str(v.kind) ?? 'person';
        const name = str(v.name)!.trim();
        let enc: string | null = null;
        let hash: string | null = null;
        let masked: string | null = null;
        const raw = str(v.id_number);
        // a masked number or phone (a web export) is not checked: it leaves the stored value unchanged
        const keepStored = !!raw && isMasked(raw);
        const rawPhone = str(v.phone);
        const keepPhone = !!rawPhone && isMasked(rawPhone);
        const checked = checkParty({ kind, name, idNumber: keepStored ? null : raw, phone: keepPhone ? null : rawPhone, ethnicity: str(v.ethnicity) }, { today: env.today });
        // the name is a required column (refused before); the first wrong value is the row's error
        const wrongOf = (f: 'idNumber' | 'phone' | 'ethnicity') => checked.errors.find((e) => e.field === f);
        const wrongId = wrongOf('idNumber');
        if (wrongId) {
          res.errors.push({ row: g.rowNo, column: 'id_number', reason: wrongId.message });
          continue;
        }
        if (keepStored) {
          const m = normalizeIdNumber(raw);
          const match = old.find((p) => p.id_number_masked === m && p.name === name) ?? old.find((p) => p.id_number_masked === m);
          if (!match) {
            res.errors.push({ row: g.rowNo, column: 'id_number', reason: '身份证号已脱敏，且找不到该当事人原有的号码；请填写完整号码或留空' });
            continue;
          }
          enc = match.id_number_enc;
          hash = match.id_number_hash;
          masked = match.id_number_masked;
        } else if (checked.value.idNumber) {
          const code = checked.value.idNumber;
          hash = env.cipher.blindIndex(code);
          masked = maskIdNumber(code);
          enc = old.find((p) => p.id_number_hash === hash)?.id_number_enc ?? env.cipher.encrypt(code);
        }
        const wrong = wrongOf('phone') ?? wrongOf('ethnicity');
        if (wrong) {
          res.errors.push({ row: g.rowNo, column: wrong.field === 'phone' ? 'phone' : 'ethnicity', reason: wrong.message });
          continue;
        }
        let phone = checked.value.phone;
        if (keepPhone) {
          const match = old.find((p) => p.name === name && p.phone && maskPhone(p.phone) === maskPhone(rawPhone!));
          if (!match) {
            res.errors.push({ row: g.rowNo, column: 'phone', reason: '电话已脱敏，且找不到该当事人原有的号码；请填写完整号码或留空' });
            continue;
          }
          phone = match.phone;
        }
        prepared.push({
          id: crypto.randomUUID(),
          dispute_id: disputeId,
          seq: prepared.length + 1,
          role: str(v.role)!,
          kind,
          name,
          id_number_enc: enc,
          id_number_hash: hash,
          id_number_masked: masked,
          phone,
          address: str(v.address),
          ethnicity: checked.value.ethnicity,
        });
      }
      if (res.errors.length) continue;
      if (!prepared.some((p) => p.role === 'applicant')) {
        res.errors.push({ row: group[0].rowNo, column: 'role', reason: `纠纷“${disputeId}”至少需要一名申请人` });
        continue;
      }
      const sig = (p: StoredParty) => JSON.stringify([p.role, p.kind, p.name, p.id_number_hash, p.phone, p.address, p.ethnicity]);
      const same = old.length === prepared.length && old.every((p, i) => sig(p) === sig(prepared[i]));
      if (same) continue;
      res.action = old.length ? 'update' : 'add';
      res.townCode = d.townCode;
      res.data = { parties: prepared.map((p) => ({ ...p, town_code: d.townCode })), _audit: prepared.map(partyAudit) };
      res.before = old.length ? { parties: old.map(partyAudit) } : null;
    }
    return out;
  },

  async apply(tx: Tx, jobId: string, ctx: ApplyContext) {
    await exec(tx, `delete from dispute_parties where dispute_id in (select key from import_staging where job_id = $1 and file = 'parties')`, [jobId]);
    const ins = await exec(
      tx,
      `insert into dispute_parties (id, dispute_id, town_code, seq, role, kind, name, id_number_enc, id_number_hash, id_number_masked, phone, address, ethnicity)
       select p.id, p.dispute_id, p.town_code, p.seq, p.role, p.kind, p.name, p.id_number_enc, p.id_number_hash, p.id_number_masked, p.phone, p.address, p.ethnicity
         from import_staging s cross join lateral jsonb_populate_recordset(null::dispute_parties, s.data->'parties') p
        where s.job_id = $1 and s.file = 'parties'`,
      [jobId],
    );
    await exec(
      tx,
      `insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, request_id, town_code)
       select $2, $3, 'dispute.import_parties', 'dispute', s.key, s.before, s.data->'_audit', $4, s.town_code
         from import_staging s where s.job_id = $1 and s.file = 'parties' order by s.row_no`,
      [jobId, ctx.actor.userId, ctx.actor.username, ctx.requestId],
    );
    const { rows } = await exec(tx, `select count(*) filter (where action = 'add')::int as a, count(*) filter (where action = 'update')::int as u from import_staging where job_id = $1 and file = 'parties'`, [jobId]);
    const r = rows[0] as { a: number; u: number };
    void ins;
    return { added: Number(r.a), updated: Number(r.u) };
  },

  async *exportRows(env: ExportEnv) {
    const s = await resolveScope(env.database.db, env.actor, 'disputes.read');
    for (let offset = 0; ; offset += 5000) {
      const rows = (await env.database.db
        .select({ p: disputeParties })
        .from(disputeParties)
        .innerJoin(disputes, sql`${disputes.id} = ${disputeParties.disputeId}`)
        .where(scopeCondition(s))
        .orderBy(disputes.number, disputeParties.disputeId, disputeParties.seq)
        .limit(5000)
        .offset(offset)) as { p: typeof disputeParties.$inferSelect }[];
      if (rows.length === 0) break;
      yield rows.map(({ p }) => ({
        dispute_id: p.disputeId,
        role: p.role,
        kind: p.kind,
        name: p.name,
        id_number: p.idNumberEnc ? (env.revealIds && env.cipher ? env.cipher.decrypt(p.idNumberEnc) : p.idNumberMasked) : null,
        phone: p.phone,
        address: p.address,
        ethnicity: p.ethnicity,
      }));
      if (rows.length < 5000) break;
    }
  },
};

export const disputeHandlers: Partial<Record<'disputes' | 'parties', FileHandler>> = { disputes: disputesHandler, parties: partiesHandler };
