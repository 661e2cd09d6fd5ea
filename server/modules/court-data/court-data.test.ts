import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';

let t: TestApp;
let admin: string;
let liaison: string; // court liaison bound to the county
let townA: string; // town office of 清溪镇
let townB: string; // town office of 白沙镇

const api = (cookie: string) => ({
  get: (url: string) => t.inject({ method: 'GET', url, headers: { cookie } }),
  post: (url: string, payload: unknown) => t.inject({ method: 'POST', url, payload: payload as object, headers: { cookie } }),
  patch: (url: string, payload: unknown) => t.inject({ method: 'PATCH', url, payload: payload as object, headers: { cookie } }),
  del: (url: string) => t.inject({ method: 'DELETE', url, headers: { cookie } }),
});
const enc = encodeURIComponent;

beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  admin = await t.login('admin');
  liaison = await t.userWith('court_liaison', { regionCode: TREE.county });
  townA = await t.userWith('town_office', { regionCode: TREE.townA });
  townB = await t.userWith('town_office', { regionCode: TREE.townB });
});
afterAll(() => t?.close());

describe('court cases', () => {
  it('derives kind and instance from a standard 案号 and matches the address', async () => {
    const r = await api(liaison).post('/api/court-cases', { caseNo: '（2024）浙0782民初101号', filedOn: '2024-03-01', defendantAddress: '浙江省义乌市清溪镇东村8号' });
    expect(r.statusCode).toBe(201);
    const item = r.json().item;
    expect(item).toMatchObject({ caseNo: '(2024)浙0782民初101号', kind: 'civil', instance: 'first', year: 2024, defendantRegionCode: TREE.a1, townCode: TREE.townA, matchStatus: 'address', version: 1 });
    const second = await api(liaison).post('/api/court-cases', { caseNo: '(2024)浙0782刑终7号', filedOn: '2024-05-01', defendantRegionCode: TREE.b1, defendantAddress: '清溪镇东村' });
    expect(second.json().item).toMatchObject({ kind: 'criminal', instance: 'second', defendantRegionCode: TREE.b1, townCode: TREE.townB, matchStatus: 'code' }); // code wins over address
  });

  it('refuses a 诉前调 number with a hint, a kind contradicting the 案号, and non-standard numbers without kind', async () => {
    const a = await api(liaison).post('/api/court-cases', { caseNo: '(2024)浙0782民诉前调55号', filedOn: '2024-03-01', defendantRegionCode: TREE.a1 });
    expect(a.statusCode).toBe(422);
    expect(a.json().detail).toContain('诉前调解');
    const b = await api(liaison).post('/api/court-cases', { caseNo: '(2024)浙0782民初102号', kind: 'criminal', filedOn: '2024-03-01', defendantRegionCode: TREE.a1 });
    expect(b.statusCode).toBe(422);
    expect(b.json().detail).toContain('与案号不一致');
    const c = await api(liaison).post('/api/court-cases', { caseNo: '义法民字第3号', filedOn: '2024-03-01', defendantRegionCode: TREE.a1 });
    expect(c.statusCode).toBe(422);
    const d = await api(liaison).post('/api/court-cases', { caseNo: '义法民字第3号', kind: '民事', instance: '一审', filedOn: '2024-03-01', defendantRegionCode: TREE.a1 });
    expect(d.statusCode).toBe(201);
    const e = await api(liaison).post('/api/court-cases', { caseNo: '(2024)浙0782民初103号', filedOn: '2024-02-30', defendantRegionCode: TREE.a1 });
    expect(e.statusCode).toBe(422);
  });

  it('an address naming no town is kept unattributed and seen by the one who entered it', async () => {
    const r = await api(liaison).post('/api/court-cases', { caseNo: '(2024)浙0782民初104号', filedOn: '2024-04-01', defendantAddress: '上海市浦东新区某路1号' });
    expect(r.statusCode).toBe(201);
    expect(r.json().item).toMatchObject({ defendantRegionCode: null, townCode: null, matchStatus: 'unattributed' });
    expect(r.json().warnings[0].reason).toContain('未能归属');
    const mine = await api(liaison).get('/api/court-cases?matchStatus=unattributed');
    expect(mine.json().items.map((x: { caseNo: string }) => x.caseNo)).toContain('(2024)浙0782民初104号');
    const other = await api(townA).get('/api/court-cases?matchStatus=unattributed');
    expect(other.json().total).toBe(0);
  });

  it('scope: a town sees its own cases only, and cannot enter one for another town', async () => {
    const a = await api(townA).get('/api/court-cases');
    expect(a.json().items.every((x: { townCode: string }) => x.townCode === TREE.townA)).toBe(true);
    const b = await api(townB).get(`/api/court-cases/${enc('(2024)浙0782民初101号')}`);
    expect(b.statusCode).toBe(404);
    const c = await api(townA).post('/api/court-cases', { caseNo: '(2024)浙0782民初105号', filedOn: '2024-04-01', defendantRegionCode: TREE.b1 });
    expect(c.statusCode).toBe(422);
    expect(c.json().detail).toContain('管辖范围');
    // a town user's addresses are matched inside their town even when it is not named
    const d = await api(townA).post('/api/court-cases', { caseNo: '(2024)浙0782民初106号', filedOn: '2024-04-01', defendantAddress: '南村15号' });
    expect(d.json().item).toMatchObject({ defendantRegionCode: TREE.a3, matchStatus: 'address' });
  });

  it('edits with a version check, writes nothing when nothing changed, deletes', async () => {
    const key = enc('(2024)浙0782民初101号');
    const same = await api(liaison).patch(`/api/court-cases/${key}`, { version: 1, filedOn: '2024-03-01' });
    expect(same.statusCode).toBe(200);
    expect(same.json().item.version).toBe(1);
    const changed = await api(liaison).patch(`/api/court-cases/${key}`, { version: 1, defendantAddress: '清溪镇西村1号' });
    expect(changed.json().item).toMatchObject({ version: 2, defendantRegionCode: TREE.a2 });
    const stale = await api(liaison).patch(`/api/court-cases/${key}`, { version: 1, filedOn: '2024-03-02' });
    expect(stale.statusCode).toBe(409);
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where entity = 'court_case' and entity_id = $1`, ['(2024)浙0782民初101号']);
    expect(audit[0].n).toBe(2);
    expect((await api(liaison).del(`/api/court-cases/${key}?version=1`)).statusCode).toBe(409);
    expect((await api(liaison).del(`/api/court-cases/${key}?version=2`)).statusCode).toBe(200);
    expect((await api(liaison).get(`/api/court-cases/${key}`)).statusCode).toBe(404);
  });

  it('exports the filtered list as .xlsx', async () => {
    const r = await api(liaison).get('/api/court-cases?format=xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('resolution queue', () => {
  it('an ambiguous village counts for the town, waits, and the choice is remembered as an alias', async () => {
    const r = await api(liaison).post('/api/court-cases', { caseNo: '(2024)浙0782民初201号', filedOn: '2024-06-01', defendantAddress: '义乌市清溪镇东村西村路3号' });
    expect(r.json().item).toMatchObject({ defendantRegionCode: TREE.townA, townCode: TREE.townA, matchStatus: 'town_only' });
    const p = await api(liaison).post('/api/prelitigation-mediations', { caseNo: '(2024)浙0782民诉前调201号', receivedOn: '2024-06-02', result: 'pending', defendantAddress: '清溪镇 东村西村路3号' });
    expect(p.statusCode).toBe(201);
    expect(p.json().item.matchStatus).toBe('town_only');
    const q = await api(townA).get('/api/resolution-queue');
    expect(q.json().total).toBe(2);
    const wb = (await api(townA).get('/api/workbench')).json();
    expect(wb.todo).toContainEqual(expect.objectContaining({ key: 'court.resolution_queue', count: 2, path: '/court-data/queue' }));
    const item = q.json().items.find((x: { entityId: string }) => x.entityId === '(2024)浙0782民初201号');
    expect(item.candidates.map((c: { code: string }) => c.code)).toEqual([TREE.a1, TREE.a2]);
    expect((await api(townB).get('/api/resolution-queue')).json().total).toBe(0);
    // a village of another town is refused
    expect((await api(townA).post(`/api/resolution-queue/${item.id}/resolve`, { regionCode: TREE.b1 })).statusCode).toBe(422);
    const res = await api(townA).post(`/api/resolution-queue/${item.id}/resolve`, { regionCode: TREE.a1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ resolved: 2, alias: '东村西村路3号' });
    const cc = await api(liaison).get(`/api/court-cases/${enc('(2024)浙0782民初201号')}`);
    expect(cc.json()).toMatchObject({ defendantRegionCode: TREE.a1, matchStatus: 'resolved', version: 2 });
    expect((await api(townA).get('/api/resolution-queue')).json().total).toBe(0);
    expect((await api(townA).get('/api/resolution-queue?status=resolved')).json().items[0].resolvedRegionName).toBe('东村');
    const region = (await api(admin).get(`/api/regions/${TREE.a1}`)).json();
    expect(region.aliases).toContain('东村西村路3号');
    // next time the same address matches the village directly
    const again = await api(liaison).post('/api/court-cases', { caseNo: '(2024)浙0782民初202号', filedOn: '2024-06-03', defendantAddress: '清溪镇东村西村路3号' });
    expect(again.json().item).toMatchObject({ defendantRegionCode: TREE.a1, matchStatus: 'address' });
    const audit = await t.database.query<{ action: string }>(`select action from audit_log where action in ('court_case.resolve', 'prelitigation_mediation.resolve', 'region.alias_learn') order by id`);
    expect(audit.map((a) => a.action)).toEqual(['court_case.resolve', 'prelitigation_mediation.resolve', 'region.alias_learn']);
  });
});

describe('other outside data', () => {
  it('pre-litigation mediations: dates and results are checked; a court case number is refused', async () => {
    const bad = await api(liaison).post('/api/prelitigation-mediations', { caseNo: '(2024)浙0782民初999号', receivedOn: '2024-03-01', result: 'success', concludedOn: '2024-02-01', defendantRegionCode: TREE.a1 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('不是诉前调解案号');
    expect(bad.json().detail).toContain('早于');
    const ok = await api(liaison).post('/api/prelitigation-mediations', { caseNo: '(2024)浙0782民诉前调1号', receivedOn: '2024-03-01', result: '成功', concludedOn: '2024-03-20', partyRegionCode: TREE.a2, defendantRegionCode: TREE.b1 });
    expect(ok.json().item).toMatchObject({ result: 'success', partyRegionCode: TREE.a2, defendantRegionCode: TREE.b1, townCode: TREE.townB });
    // the party's town sees it too
    expect((await api(townA).get(`/api/prelitigation-mediations/${enc('(2024)浙0782民诉前调1号')}`)).statusCode).toBe(200);
  });

  it('platform disputes, benchmarks and source counts', async () => {
    expect((await api(townA).post('/api/platform-disputes', { platformNo: 'P-1', unitRegionCode: TREE.a1, acceptedOn: '2024-04-01', result: 'pending' })).statusCode).toBe(201);
    expect((await api(townA).post('/api/platform-disputes', { platformNo: 'P-1', unitRegionCode: TREE.a1, acceptedOn: '2024-04-01', result: 'pending' })).statusCode).toBe(422);
    const b = await api(admin).post('/api/city-benchmarks', { year: 2023, litigationRatePer10k: '92.50' });
    expect(b.json().item).toMatchObject({ cityCode: null, year: 2023, litigationRatePer10k: '92.5' });
    expect((await api(admin).post('/api/city-benchmarks', { cityCode: TREE.county, year: 2023, litigationRatePer10k: 80 })).statusCode).toBe(422);
    const s = await api(townA).post('/api/source-counts', { regionCode: TREE.townA, month: '2024-03', source: '警源', count: 7 });
    expect(s.json().item).toMatchObject({ key: `${TREE.townA}~2024-03~police`, count: 7 });
    const e = await api(townA).patch(`/api/source-counts/${enc(`${TREE.townA}~2024-03~police`)}`, { version: 1, count: 9 });
    expect(e.json().item).toMatchObject({ count: 9, version: 2 });
    expect((await api(townB).get('/api/source-counts')).json().total).toBe(0);
  });

  it('the city benchmark every town is judged against is written only by admin or a city-level binding (issue 12.3)', async () => {
    const created = await api(admin).post('/api/city-benchmarks', { year: 2019, litigationRatePer10k: '84' });
    expect(created.statusCode, created.body).toBe(201);
    const key = enc(created.json().item.key);
    // a town office (court.write for its own town) may neither change, add nor delete it
    const raise = await api(townA).patch(`/api/city-benchmarks/${key}`, { version: 1, litigationRatePer10k: '500' });
    expect(raise.statusCode).toBe(403);
    expect(raise.json().detail).toContain('全市万人起诉率');
    expect((await api(townA).post('/api/city-benchmarks', { year: 2018, litigationRatePer10k: '500' })).statusCode).toBe(403);
    expect((await api(townA).del(`/api/city-benchmarks/${key}?version=1`)).statusCode).toBe(403);
    // nor a court liaison bound to the county
    expect((await api(liaison).patch(`/api/city-benchmarks/${key}`, { version: 1, litigationRatePer10k: '500' })).statusCode).toBe(403);
    const stored = await t.database.query<{ year: number; rate: number; version: number }>('select year, litigation_rate_per_10k::float8 as rate, version from city_benchmarks where year in (2018, 2019)');
    expect(stored).toEqual([{ year: 2019, rate: 84, version: 1 }]);
    // a court liaison bound to the city may, and so may admin
    const cityLiaison = await t.userWith('court_liaison', { regionCode: TREE.city });
    const byCity = await api(cityLiaison).patch(`/api/city-benchmarks/${key}`, { version: 1, litigationRatePer10k: '83.5' });
    expect(byCity.statusCode, byCity.body).toBe(200);
    const byAdmin = await api(admin).patch(`/api/city-benchmarks/${key}`, { version: 2, litigationRatePer10k: '83' });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(byAdmin.json().item).toMatchObject({ litigationRatePer10k: '83', version: 3 });
  });

  it('veto incidents: sentences in months, 无期/死刑 as more than 36, empty while not sentenced', async () => {
    const a = await api(townA).post('/api/incidents', { type: 'intentional_crime', regionCode: TREE.a3, occurredOn: '2024-05-01', sentenceMonths: '无期' });
    expect(a.statusCode).toBe(201);
    expect(a.json().item).toMatchObject({ sentenceMonths: 999, sentenceText: '无期', townCode: TREE.townA });
    const b = await api(townA).post('/api/incidents', { id: 'SJ-1', type: '故意犯罪', regionCode: TREE.a3, occurredOn: '2024-05-02' });
    expect(b.json().item).toMatchObject({ id: 'SJ-1', type: 'intentional_crime', sentenceMonths: null });
    const c = await api(townA).post('/api/incidents', { type: 'collective_petition', regionCode: TREE.a3, occurredOn: '2024-05-02', sentenceMonths: 12 });
    expect(c.statusCode).toBe(422);
    const d = await api(townA).patch('/api/incidents/SJ-1', { version: 1, sentenceMonths: 36 });
    expect(d.json().item).toMatchObject({ sentenceMonths: 36, version: 2 });
    expect((await api(townB).get('/api/incidents/SJ-1')).statusCode).toBe(404);
    const list = await api(townA).get('/api/incidents?type=intentional_crime&year=2024');
    expect(list.json().total).toBe(2);
    const leader = await t.userWith('town_leader', { regionCode: TREE.townA });
    expect((await api(leader).post('/api/incidents', { type: 'mass_incident', regionCode: TREE.a3, occurredOn: '2024-05-02' })).statusCode).toBe(403);
  });
});
