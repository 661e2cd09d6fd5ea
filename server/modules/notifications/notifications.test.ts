import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { checkDigit } from '../../../core/id-number.ts';
import { drainDeliveries, MAX_TRIES } from './outbox.ts';
import { notify } from './notify.ts';
import { raiseReminders, raiseStageDeadlines } from './jobs.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const today = todayShanghai();
const day = (n: number) => addDays(today, n);
const ID1 = '33078219800512123' + checkDigit('33078219800512123');

let t: TestApp;
let admin: string, office: string, officeB: string, a1: string, policeA: string, policeB: string;
const ids: Record<string, string> = {};

/** A real HTTP receiver: records every request; answers from a per-path script (default 200 `{"errcode":0}`). */
interface Hit {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const hits: Hit[] = [];
const script: Record<string, number[]> = {};
const robotCode: Record<string, number> = {};
let receiver: http.Server;
let base = '';
const mails: { to: string; raw: string }[] = [];
let smtp: SMTPServer;

const req = (cookie: string | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

async function userId(username: string) {
  return (await t.database.query<{ id: string }>('select id from users where username = $1', [username]))[0].id;
}

beforeAll(async () => {
  receiver = http.createServer((rq, rs) => {
    let body = '';
    rq.on('data', (c) => (body += c));
    rq.on('end', () => {
      const u = new URL(rq.url ?? '/', 'http://x');
      hits.push({ method: rq.method ?? '', path: u.pathname, query: u.searchParams, headers: rq.headers, body });
      const status = script[u.pathname]?.shift() ?? 200;
      rs.writeHead(status, { 'content-type': 'application/json' });
      rs.end(JSON.stringify({ errcode: robotCode[u.pathname] ?? 0, errmsg: robotCode[u.pathname] ? 'bad' : 'ok' }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c) => (raw += c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  process.env.WUSONG_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.WUSONG_SMTP_FROM = 'wusong@test.local';

  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
  office = await t.userWith('town_office', { regionCode: TREE.townA }, 'office_a');
  officeB = await t.userWith('town_office', { regionCode: TREE.townB }, 'office_b');
  a1 = await t.userWith('village_admin', { regionCode: TREE.a1 }, 'cadre_a1');
  policeA = await t.userWith('department', { unitId: `police-${TREE.townA}` }, 'police_a');
  policeB = await t.userWith('department', { unitId: `police-${TREE.townA}` }, 'police_b');
  for (const u of ['office_a', 'office_b', 'cadre_a1', 'police_a', 'police_b']) ids[u] = await userId(u);
});
afterAll(async () => {
  await t.close();
  receiver.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

async function register(over: Json = {}) {
  const r = await req(office, 'POST', '/api/disputes', {
    regionCode: TREE.a1,
    receivedOn: day(-3),
    channel: 'walk_in',
    category: 'neighbour',
    summary: '张三与李四因排水沟堵塞引发纠纷',
    peopleCount: 2,
    amount: null,
    riskLevel: 'general',
    mayTurnCriminal: false,
    threatensPetition: false,
    parties: [{ role: 'applicant', kind: 'person', name: '张三', idNumber: ID1, phone: '13800001111', address: '东村1组' }],
    ...over,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Json;
}
async function act(cookie: string, d: Json, body: Json, status = 200) {
  const r = await req(cookie, 'POST', `/api/disputes/${d.id}/actions`, { version: d.version, ...body });
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Json;
}
const inbox = async (cookie: string, qs = '') => (await req(cookie, 'GET', `/api/notifications${qs}`)).json() as Json;
const channel = (over: Json) => ({ kind: 'webhook', name: '镇综治群', target: `${base}/hook`, regionCode: TREE.townA, events: ['dispute.arrived'], ...over });

describe('channels: admin, or a town office for its own town', () => {
  it('creates, lists, edits with a version, deletes; others get 403 or 404; audited', async () => {
    const r = await req(office, 'POST', '/api/notification-channels', channel({ name: '临时', settings: { includeNames: true } }));
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json();
    expect(c).toMatchObject({ kind: 'webhook', regionCode: TREE.townA, events: ['dispute.arrived'], version: 1, settings: { includeNames: true, includePhones: false } });
    expect((await req(office, 'GET', '/api/notification-channels')).json().items.map((x: Json) => x.id)).toContain(c.id);
    expect((await req(admin, 'GET', '/api/notification-channels')).json().items.map((x: Json) => x.id)).toContain(c.id);
    expect((await req(officeB, 'GET', '/api/notification-channels')).json().items).toEqual([]);
    expect((await req(officeB, 'PATCH', `/api/notification-channels/${c.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await req(officeB, 'POST', '/api/notification-channels', channel({}))).statusCode).toBe(404); // townA is not theirs
    expect((await req(a1, 'POST', '/api/notification-channels', channel({ regionCode: TREE.a1 }))).statusCode).toBe(403);
    expect((await req(a1, 'GET', '/api/notification-channels')).statusCode).toBe(403);
    const bad = await req(office, 'POST', '/api/notification-channels', channel({ kind: 'fax' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/渠道类型/);
    expect((await req(office, 'POST', '/api/notification-channels', channel({ events: ['dispute.born'] }))).statusCode).toBe(422);
    expect((await req(office, 'POST', '/api/notification-channels', channel({ kind: 'sms', target: `${base}/sms?to={phone}` }))).json().detail).toMatch(/\{text\}/);
    expect((await req(office, 'POST', '/api/notification-channels', channel({ kind: 'email', target: 'not-an-address' }))).statusCode).toBe(422);
    const p = await req(office, 'PATCH', `/api/notification-channels/${c.id}`, { version: 1, name: '改名', events: ['stage.overdue', 'dispute.arrived'] });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json()).toMatchObject({ name: '改名', version: 2 });
    expect((await req(office, 'PATCH', `/api/notification-channels/${c.id}`, { version: 1, name: '旧' })).statusCode).toBe(409);
    expect((await req(office, 'DELETE', `/api/notification-channels/${c.id}`)).statusCode).toBe(200);
    expect((await req(office, 'DELETE', `/api/notification-channels/${c.id}`)).statusCode).toBe(404);
    const audit = await t.database.query<{ action: string }>(`select action from audit_log where entity = 'notification_channel' and entity_id = $1 order by id`, [c.id]);
    expect(audit.map((a) => a.action)).toEqual(['notification_channel.create', 'notification_channel.update', 'notification_channel.delete']);
  });
});

describe('a transfer to the police station', () => {
  it("reaches its people, the handler, a webhook (retried after a 500, delivered once) and an SMTP receiver; no identity number leaves", async () => {
    let d = await register();
    d = await act(office, d, { action: 'accept', level: 'town' });
    const hook = (await req(office, 'POST', '/api/notification-channels', channel({ name: '派出所群' }))).json();
    const mail = (await req(office, 'POST', '/api/notification-channels', channel({ kind: 'email', name: '所长邮箱', target: 'chief@police.test', settings: { includeNames: true } }))).json();
    // another town's channel hears nothing of townA
    await req(officeB, 'POST', '/api/notification-channels', channel({ regionCode: TREE.townB, target: `${base}/other` }));
    d = await act(office, d, { action: 'transfer', level: 'department', unitId: `police-${TREE.townA}`, handlerId: ids.police_a, linkage: 'police' });
    expect(d.currentUnitId).toBe(`police-${TREE.townA}`);

    const a = await inbox(policeA);
    expect(a.items.map((x: Json) => x.event)).toEqual(['dispute.assigned']); // the handler: the assignment, not the arrival too
    const b = await inbox(policeB);
    expect(b.unread).toBe(1);
    expect(b.items[0]).toMatchObject({ event: 'dispute.arrived', ref: { kind: 'dispute', id: d.id, number: d.number }, readAt: null });
    expect(b.items[0].title).toContain('派出所');
    expect(b.items[0].text).toContain(d.number);
    expect((await inbox(office)).items.filter((x: Json) => x.ref?.id === d.id)).toEqual([]); // not told of one's own action

    const rows = await t.database.query<{ channel_id: string; status: string }>(`select channel_id, status from notification_deliveries where payload->'ref'->>'id' = $1`, [d.id]);
    expect(rows.map((r) => r.channel_id).sort()).toEqual([hook.id, mail.id].sort());

    script['/hook'] = [500];
    const now = new Date();
    const first = await drainDeliveries(t.database, { now });
    expect(first).toMatchObject({ sent: 1, retried: 1 });
    const log = (await req(office, 'GET', '/api/notification-deliveries')).json();
    const failedOnce = log.items.find((x: Json) => x.channelId === hook.id);
    expect(failedOnce).toMatchObject({ status: 'pending', tries: 1, lastError: 'HTTP 500', channelName: '派出所群' });
    expect(new Date(failedOnce.nextAttemptAt).getTime() - now.getTime()).toBeLessThanOrEqual(60_000);
    expect((await req(officeB, 'GET', '/api/notification-deliveries')).json().items.some((x: Json) => x.channelId === hook.id)).toBe(false);
    expect(await drainDeliveries(t.database, { now: new Date(now.getTime() + 5_000) })).toMatchObject({ sent: 0, retried: 0 }); // not due yet
    expect(await drainDeliveries(t.database, { now: new Date(now.getTime() + 61_000) })).toMatchObject({ sent: 1 });
    expect(await drainDeliveries(t.database, { now: new Date(now.getTime() + 3_600_000) })).toEqual({ sent: 0, failed: 0, retried: 0 });

    const posts = hits.filter((h) => h.path === '/hook');
    expect(posts).toHaveLength(2);
    expect(posts[0].headers['x-wusong-delivery']).toBe(posts[1].headers['x-wusong-delivery']);
    const body = JSON.parse(posts[1].body);
    expect(Object.keys(body).sort()).toEqual(['at', 'event', 'id', 'ref', 'regionCode', 'text', 'title', 'url']);
    expect(body).toMatchObject({ id: posts[1].headers['x-wusong-delivery'], event: 'dispute.arrived', ref: { kind: 'dispute', id: d.id, number: d.number }, url: `/disputes/${d.id}` });
    expect(body.text).not.toContain('police_a'); // no names unless the channel allows
    expect(hits.some((h) => h.path === '/other')).toBe(false);

    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe('chief@police.test');
    expect(mails[0].raw).toMatch(/X-Wusong-Delivery/i);
    for (const out of [...hits.map((h) => h.body + h.query.toString()), ...mails.map((m) => m.raw)]) {
      expect(out).not.toContain(ID1);
      expect(out).not.toContain('张三');
    }
    const sent = (await req(office, 'GET', '/api/notification-deliveries?status=sent')).json();
    expect(sent.items.map((x: Json) => x.channelId).sort()).toEqual([hook.id, mail.id].sort());
    expect((await req(office, 'POST', `/api/notification-deliveries/${sent.items[0].id}/resend`)).statusCode).toBe(422);

    // the list contract: filters, read one, read all
    expect((await inbox(policeB, '?event=dispute.assigned')).items).toEqual([]);
    expect((await inbox(policeB, '?unread=1')).items).toHaveLength(1);
    expect((await req(policeB, 'POST', `/api/notifications/${b.items[0].id}/read`)).json()).toEqual({ updated: 1 });
    expect((await inbox(policeB)).unread).toBe(0);
    expect((await req(policeA, 'POST', `/api/notifications/${b.items[0].id}/read`)).statusCode).toBe(404); // not theirs
    expect((await req(policeA, 'POST', '/api/notifications/read-all')).json()).toEqual({ updated: 1 });
    await req(office, 'DELETE', `/api/notification-channels/${hook.id}`);
    await req(office, 'DELETE', `/api/notification-channels/${mail.id}`);
  });
});

describe('robots, SMS and the end of retries', () => {
  it('sends 企业微信 and 钉钉 markdown (signed when a secret is set), SMS through the gateway template; gives up after the last try; resend', async () => {
    const mk = async (over: Json) => (await req(office, 'POST', '/api/notification-channels', channel({ events: ['stage.overdue'], ...over }))).json();
    const wecom = await mk({ kind: 'wecom', name: '企业微信群', target: `${base}/wecom?key=k1` });
    const ding = await mk({ kind: 'dingtalk', name: '钉钉群', target: `${base}/ding?access_token=t1`, settings: { secret: 'SEC123' } });
    const sms = await mk({ kind: 'sms', name: '短信', target: `${base}/sms?to={phone}&msg={text}`, settings: { phones: ['13900001234'], includePhones: false } });
    const dead = await mk({ kind: 'webhook', name: '坏掉的', target: `${base}/dead` });
    expect(ding.settings).toMatchObject({ hasSecret: true });
    expect(JSON.stringify(ding)).not.toContain('SEC123');
    robotCode['/dead'] = 0;
    script['/dead'] = Array(100).fill(503);

    await t.database.db.transaction((tx) =>
      notify(tx, {
        event: 'stage.overdue',
        key: 'robot-test',
        title: '纠纷 清溪-测试 已超期',
        text: `纠纷已超期;身份证 ${ID1} 不应外发`,
        ref: { kind: 'dispute', id: 'x1', number: '清溪-测试' },
        townCode: TREE.townA,
        regionCode: TREE.a1,
        userIds: [],
      }),
    );
    let now = new Date();
    expect(await drainDeliveries(t.database, { now })).toMatchObject({ sent: 3, retried: 1 });
    const w = JSON.parse(hits.find((h) => h.path === '/wecom')!.body);
    expect(w.msgtype).toBe('markdown');
    expect(w.markdown.content).toContain('**纠纷 清溪-测试 已超期**');
    const dh = hits.find((h) => h.path === '/ding')!;
    const dj = JSON.parse(dh.body);
    expect(dj).toMatchObject({ msgtype: 'markdown', markdown: { title: '纠纷 清溪-测试 已超期' } });
    expect(dh.query.get('access_token')).toBe('t1');
    expect(dh.query.get('timestamp')).toMatch(/^\d{13}$/);
    expect(dh.query.get('sign')).toBeTruthy();
    const s = hits.find((h) => h.path === '/sms')!;
    expect(s.method).toBe('GET');
    expect(s.query.get('to')).toBe('13900001234');
    expect(s.query.get('msg')).toContain('纠纷 清溪-测试 已超期');
    for (const h of hits) expect(h.body + h.query.toString()).not.toContain(ID1);
    expect(s.query.get('msg')).toContain('330782********');

    // a robot answering errcode ≠ 0 is a failure
    robotCode['/wecom'] = 93000;
    await t.database.db.transaction((tx) =>
      notify(tx, { event: 'stage.overdue', key: 'robot-test-2', title: 't', text: 'x', ref: null, townCode: TREE.townA, regionCode: TREE.townA, userIds: [] }),
    );
    now = new Date();
    await drainDeliveries(t.database, { now });
    const failed = (await req(office, 'GET', `/api/notification-deliveries?channelId=${wecom.id}&status=pending`)).json().items;
    expect(failed[0].lastError).toMatch(/93000/);
    robotCode['/wecom'] = 0;

    // the dead hook: tries over at least 30 minutes, then failed; nothing more after that
    for (let i = 0; i < 20; i++) {
      now = new Date(now.getTime() + 45 * 60_000);
      await drainDeliveries(t.database, { now });
    }
    const deadRows = (await req(office, 'GET', `/api/notification-deliveries?channelId=${dead.id}`)).json().items;
    expect(deadRows.map((x: Json) => [x.status, x.tries])).toEqual([['failed', MAX_TRIES], ['failed', MAX_TRIES]]);
    expect(hits.filter((h) => h.path === '/dead')).toHaveLength(2 * MAX_TRIES);
    script['/dead'] = [];
    const r = await req(office, 'POST', `/api/notification-deliveries/${deadRows[0].id}/resend`);
    expect(r.json()).toMatchObject({ status: 'pending' });
    expect((await req(officeB, 'POST', `/api/notification-deliveries/${deadRows[0].id}/resend`)).statusCode).toBe(404);
    await drainDeliveries(t.database, { now: new Date(now.getTime() + 1000) });
    expect((await req(office, 'GET', `/api/notification-deliveries?channelId=${dead.id}`)).json().items[0]).toMatchObject({ status: 'sent', tries: 1 });
    for (const c of [wecom, ding, sms, dead]) await req(office, 'DELETE', `/api/notification-channels/${c.id}`);
  });
});

describe('preferences and the reminder jobs', () => {
  it('a muted event is not shown in the app; 422 for an unknown event', async () => {
    expect((await req(policeB, 'GET', '/api/notifications/preferences')).json().events).toContain('dispute.arrived');
    const put = await req(policeB, 'PUT', '/api/notifications/preferences', { events: ['stage.overdue', 'dispute.assigned'] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ events: ['dispute.assigned', 'stage.overdue'], version: 1 });
    expect((await req(policeB, 'PUT', '/api/notifications/preferences', { events: ['nope'] })).statusCode).toBe(422);
    const before = (await inbox(policeB)).items.length;
    await t.database.db.transaction((tx) =>
      notify(tx, { event: 'dispute.arrived', key: 'muted-test', title: 't', text: 'x', ref: null, townCode: TREE.townA, regionCode: TREE.townA, userIds: [ids.police_b, ids.police_a] }),
    );
    expect((await inbox(policeB)).items.length).toBe(before);
    expect((await inbox(policeA)).items.some((x: Json) => x.text === 'x')).toBe(true);
  });

  it('raises due-soon and overdue once per stage and due date, also when two runs race', async () => {
    let d = await register({ receivedOn: day(-40) });
    d = await act(office, d, { action: 'accept', level: 'department', unitId: `police-${TREE.townA}`, handlerId: ids.police_a, date: day(-40) });
    const [{ key }] = await t.database.query<{ key: string }>('select current_stage_id as key from disputes where id = $1', [d.id]);
    expect(await raiseStageDeadlines(t.database, today)).toBeGreaterThan(0);
    expect(await raiseReminders(t.database, today)).toBe(0);
    await Promise.all([raiseReminders(t.database, today), raiseReminders(t.database, today)]);
    const rows = await t.database.query<{ user_id: string; kind: string }>(`select user_id, kind from notifications where kind like 'stage.%' and subject->>'id' = $1`, [d.id]);
    expect(rows.filter((r) => r.kind === 'stage.overdue').map((r) => r.user_id).sort()).toEqual([ids.police_a, ids.police_b].sort());
    const due = await t.database.query<{ n: number }>(`select count(*)::int as n from notification_events where event = 'stage.overdue' and key like $1`, [`${key}%`]);
    expect(due[0].n).toBe(1);
    // three days before the due date of a fresh stage: due soon
    let e = await register();
    e = await act(office, e, { action: 'accept', level: 'department', unitId: `police-${TREE.townA}`, handlerId: ids.police_a });
    const [{ due: dueOn }] = await t.database.query<{ due: string }>('select current_due_on::text as due from disputes where id = $1', [e.id]);
    expect(await raiseStageDeadlines(t.database, addDays(dueOn, -2))).toBeGreaterThan(0);
    expect((await inbox(policeA, '?event=stage.due_soon')).items.some((x: Json) => x.ref?.id === e.id)).toBe(true);
  });

  it('reminds of key-person contacts, screening reports and programme tasks, once each', async () => {
    const q = (text: string, params: unknown[]) => t.database.query(text, params);
    await q(
      `insert into key_persons (id, name, region_code, village_code, town_code, type, responsible_user_id, watched_since) values ('kp1', '赵某', $1, $1, $2, 'mental', $3, $4)`,
      [TREE.a1, TREE.townA, ids.cadre_a1, day(-40)],
    );
    await q(`insert into screening_campaigns (id, region_code, town_code, title, type, starts_on, ends_on, deadline) values ('sc1', $1, $1, '节前排查', 'regular', $2, $3, $3)`, [TREE.townA, day(-5), day(1)]);
    await q(`insert into screening_targets (campaign_id, region_code, village_code, town_code) values ('sc1', $1, $1, $2)`, [TREE.a1, TREE.townA]);
    await q(`insert into programme_years (id, region_code, town_code, year, title, phases) values ('py1', $1, $1, $2, '创建', '[]'::jsonb)`, [TREE.townA, Number(today.slice(0, 4))]);
    await q(`insert into programme_tasks (id, programme_id, region_code, town_code, phase, title, unit_id, deadline) values ('pt1', 'py1', $1, $1, 'advance', '召开推进会', $2, $3)`, [TREE.townA, `police-${TREE.townA}`, day(2)]);
    const hook = (await req(office, 'POST', '/api/notification-channels', channel({ events: ['key_person.contact_due', 'screening.report_due', 'programme.task_due'], target: `${base}/jobs` }))).json();
    expect(await raiseReminders(t.database, today)).toBeGreaterThanOrEqual(3);
    expect(await raiseReminders(t.database, today)).toBe(0);
    const cadre = (await inbox(a1)).items as Json[];
    const kp = cadre.find((x) => x.event === 'key_person.contact_due')!;
    expect(kp).toMatchObject({ ref: { kind: 'key_person', id: 'kp1' } });
    expect(kp.text).toContain('赵某'); // in the app, for the responsible cadre
    expect(cadre.find((x) => x.event === 'screening.report_due')).toMatchObject({ ref: { kind: 'screening', id: 'sc1' } });
    expect((await inbox(policeA, '?event=programme.task_due')).items[0]).toMatchObject({ ref: { kind: 'programme_task', id: 'pt1' } });
    await drainDeliveries(t.database, { now: new Date(Date.now() + 1000) });
    const sent = hits.filter((h) => h.path === '/jobs').map((h) => JSON.parse(h.body));
    expect(sent.map((b) => b.event).sort()).toEqual(['key_person.contact_due', 'programme.task_due', 'screening.report_due']);
    expect(JSON.stringify(sent)).not.toContain('赵某'); // a key person's name never leaves by a channel
    await req(office, 'DELETE', `/api/notification-channels/${hook.id}`);
  });

  it('two instances draining at once send each delivery once', async () => {
    const hook = (await req(office, 'POST', '/api/notification-channels', channel({ events: ['stage.due_soon'], target: `${base}/race` }))).json();
    for (let i = 0; i < 6; i++) {
      await t.database.db.transaction((tx) =>
        notify(tx, { event: 'stage.due_soon', key: `race-${i}`, title: 't', text: 'x', ref: null, townCode: TREE.townA, regionCode: TREE.townA, userIds: [] }),
      );
    }
    const now = new Date(Date.now() + 1000);
    const [a, b] = await Promise.all([drainDeliveries(t.database, { now, limit: 4 }), drainDeliveries(t.database, { now, limit: 4 })]);
    await drainDeliveries(t.database, { now });
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(4);
    const ids = hits.filter((h) => h.path === '/race').map((h) => h.headers['x-wusong-delivery']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    await req(office, 'DELETE', `/api/notification-channels/${hook.id}`);
  });
});
