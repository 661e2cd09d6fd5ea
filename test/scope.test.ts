import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, sysCtx, type TestApp } from './helpers.ts';
import { seedDemo } from '../server/modules/demo/seed.ts';
import { setPassword } from '../server/modules/users/service.ts';

/**
 * Scope across every endpoint built so far, found from the OpenAPI document rather than listed by hand:
 * a village cadre of one demo village (东溪村) must never see a record of another region in any list,
 * and must get 404 (or 403) for another village's records by id.
 */
let t: TestApp;
let cadre: string;
let admin: string;
let ownCodes: Set<string>;
let townCode: string;
/** town-wide resources a village cadre needs: campaigns covering their village, the shared case library */
const TOWN_WIDE = ['/api/screening/campaigns', '/api/library'];
const REGION_FIELDS = ['regionCode', 'villageCode', 'defendantRegionCode', 'partyRegionCode', 'unitRegionCode', 'region_code'];

beforeAll(async () => {
  t = await createTestApp();
  const { county } = await seedDemo(t.database, t.cipher, sysCtx(), { force: true, adminPassword: PASSWORD, disputeScale: 0.1 });
  townCode = county.townCode;
  await setPassword(t.database, sysCtx(), 'dongxi_cadre', PASSWORD);
  cadre = await t.login('dongxi_cadre');
  admin = await t.login('admin');
  const own = await t.inject({ url: '/api/regions', headers: { cookie: cadre } });
  ownCodes = new Set((own.json() as { code: string }[]).map((r) => r.code));
}, 300_000);
afterAll(() => t?.close());

function regionValues(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => regionValues(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (REGION_FIELDS.includes(k) && typeof x === 'string') out.push(x);
      else regionValues(x, out);
    }
  }
  return out;
}

async function listRoutes(): Promise<{ method: string; url: string }[]> {
  const doc = (await t.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const out: { method: string; url: string }[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) for (const m of Object.keys(methods)) out.push({ method: m.toUpperCase(), url: p });
  return out;
}

describe('a village cadre sees only their village', () => {
  it('the cadre is bound to one village and its grids', () => {
    expect(ownCodes.size).toBeGreaterThan(1);
    expect(ownCodes.has(townCode)).toBe(false);
  });

  it('no list endpoint returns a record of another region', async () => {
    const routes = (await listRoutes()).filter((r) => r.method === 'GET' && !r.url.includes('{') && r.url.startsWith('/api/') && !r.url.startsWith('/api/public'));
    expect(routes.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const res = await t.inject({ url: r.url, headers: { cookie: cadre } });
      if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('json')) continue;
      checked++;
      const allowed = (c: string) => ownCodes.has(c) || (TOWN_WIDE.includes(r.url) && c === townCode);
      for (const code of regionValues(res.json())) if (!allowed(code)) leaks.push(`${r.url}: ${code}`);
    }
    expect(checked).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
  });

  it('records of other villages answer 404 (or 403) by id, for reads and writes', async () => {
    const routes = (await listRoutes()).filter((r) => /\{(id|code)\}$/.test(r.url));
    const byId = new Map<string, string[]>();
    // ids of other regions' records, taken from the admin's view of each list
    for (const list of new Set(routes.map((x) => x.url.replace(/\/\{(id|code)\}$/, '')))) {
      if (TOWN_WIDE.includes(list)) continue;
      const res = await t.inject({ url: list, headers: { cookie: admin } });
      if (res.statusCode !== 200) continue;
      const body = res.json();
      const items: Record<string, unknown>[] = Array.isArray(body) ? body : Array.isArray(body?.items) ? body.items : [];
      const foreign = items.filter((x) => {
        const codes = typeof x.level === 'string' ? [String(x.code)] : regionValues(x);
        return codes.length > 0 && codes.every((c) => !ownCodes.has(c));
      });
      const ids = foreign.map((x) => String(x.id ?? x.code ?? x.caseNo ?? '')).filter(Boolean).slice(0, 2);
      if (ids.length) byId.set(list, ids);
    }
    expect(byId.size).toBeGreaterThan(1);
    const wrong: string[] = [];
    let calls = 0;
    for (const r of routes) {
      const list = r.url.replace(/\/\{(id|code)\}$/, '');
      for (const id of byId.get(list) ?? []) {
        const url = `${list}/${encodeURIComponent(id)}`;
        calls++;
        const res = await t.inject({ method: r.method as 'GET', url, headers: { cookie: cadre }, payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : { version: 1 } });
        if (![403, 404, 422].includes(res.statusCode) || (res.statusCode === 422 && r.method === 'GET')) wrong.push(`${r.method} ${url} → ${res.statusCode}`);
      }
    }
    expect(calls).toBeGreaterThan(3);
    expect(wrong).toEqual([]);
  });
});
