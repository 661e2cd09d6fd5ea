/**
 * Shared set-up of the prevention feature tests: the factory tree and one user per role the tests play
 * (the town office of each town, two village cadres, a grid worker, a town leader), plus a request helper.
 */
import { createTestApp, type TestApp } from './helpers.ts';
import { seedTree, TREE } from './factories.ts';
import { addDays, todayShanghai } from '../core/dates.ts';

export interface PreventionFixture {
  t: TestApp;
  /** town office of 清溪镇 (townA) */
  office: string;
  /** town office of 白沙镇 (townB) */
  officeB: string;
  /** village cadre of 东村 (a1) */
  a1: string;
  /** village cadre of 西村 (a2) */
  a2: string;
  /** grid worker of 东村一网格 */
  grid: string;
  /** town leader of 清溪镇 */
  leader: string;
}

export async function preventionFixture(): Promise<PreventionFixture> {
  const t = await createTestApp();
  await seedTree(t.database);
  return {
    t,
    office: await t.userWith('town_office', { regionCode: TREE.townA }),
    officeB: await t.userWith('town_office', { regionCode: TREE.townB }),
    a1: await t.userWith('village_admin', { regionCode: TREE.a1 }),
    a2: await t.userWith('village_admin', { regionCode: TREE.a2 }),
    grid: await t.userWith('grid_worker', { regionCode: TREE.gridA1 }),
    leader: await t.userWith('town_leader', { regionCode: TREE.townA }),
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `req(cookie, 'POST', '/api/…', body)` against the app the getter returns (set in beforeAll). */
export const requester = (app: () => TestApp) => (cookie: string, method: Method, url: string, payload?: unknown) =>
  app().inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

/** Today in Asia/Shanghai, and a day `n` days from it (core/dates.ts). */
export const shanghaiToday = () => todayShanghai();
export const shiftDay = (day: string, n: number) => addDays(day, n);
