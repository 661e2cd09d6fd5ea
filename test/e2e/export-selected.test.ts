// Issue 18.4 in Chromium: choose two rows on the remaining lists — 隐患台账, 重点对象, 人员名册, 法治宣传活动, 用户 —
// at 1440 px (table checkboxes) and 390 px (checkboxes on the cards), and download 导出所选: the workbook holds
// exactly the two rows chosen.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday, shiftDay } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const SLOW = { timeout: 40_000, interval: 250 };
const SHOTS = process.env.SHOTS_DIR;
const SIZES = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', null],
] as const;

/** Each list: where it is, who reads it, the text of its n-th seeded row at a size, and how that row is seeded. */
const LISTS = [
  { key: 'risks', path: '/screening/risks', user: 'office_a', text: (size: string, n: number) => `导出${size}隐患${n}` },
  { key: 'key-persons', path: '/key-persons', user: 'office_a', text: (size: string, n: number) => `导出${size}对象${n}` },
  { key: 'personnel', path: '/personnel', tab: '人员名册', user: 'office_a', text: (size: string, n: number) => `导出${size}人员${n}` },
  { key: 'education', path: '/education', user: 'office_a', text: (size: string, n: number) => `导出${size}活动${n}` },
  { key: 'users', path: '/admin/users', user: 'admin', text: (size: string, n: number) => `exp_${size}_${n}` },
] as const;

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'office_a', name: '清溪镇综治中心', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  await createUser(s.database, sysCtx(), { username: 'cadre_a1', name: '东村包保干部', password: PASSWORD, bindings: [{ role: 'village_admin', regionCode: TREE.a1 }] });
  const [cadre] = await s.database.query<{ id: string }>(`select id from users where username = 'cadre_a1'`);
  const login = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'office_a', password: PASSWORD } });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const post = async (url: string, payload: object) => {
    const r = await s.app.inject({ method: 'POST', url, headers: { cookie }, payload });
    expect(r.statusCode, r.body).toBe(201);
  };
  const [risks, kps, people, acts, users] = LISTS.map((l) => l.text);
  for (const [size] of SIZES) {
    for (const n of [1, 2, 3]) {
      await post('/api/risks', { regionCode: TREE.a1, category: 'neighbour', description: risks(size, n), level: 'general' });
      await post('/api/key-persons', { regionCode: TREE.a1, name: kps(size, n), phone: `1370000${size === 'phone' ? 1 : 2}00${n}`, type: 'threatened_petition', responsibleUserId: cadre.id });
      await post('/api/personnel', { name: people(size, n), role: 'legal_literate', regionCode: TREE.a1 });
      await post('/api/education/activities', { type: 'lecture', heldOn: shiftDay(shanghaiToday(), -n), regionCode: TREE.a1, title: acts(size, n), participants: 20 });
      await createUser(s.database, sysCtx(), { username: users(size, n), name: `导出用户${n}`, password: PASSWORD, bindings: [{ role: 'village_admin', regionCode: TREE.a1 }] });
    }
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** The row (desktop) or card (phone) holding a text, and its checkbox. */
const rowOf = (page: Page, size: string, text: string) => page.locator(size === 'desktop' ? 'tr' : '.list-card', { hasText: text });
const tick = (page: Page, size: string, text: string) => rowOf(page, size, text).locator('.ant-checkbox-input').first().check();

describe('导出所选 in the browser', () => {
  for (const [size, viewport] of SIZES) {
    for (const list of LISTS) {
      it(`${list.key} at ${viewport ? viewport.width : 390} px: two rows chosen, 导出所选 downloads those two`, async () => {
        const { page, context, errors } = await newPage(browser, s, size);
        if (viewport) await page.setViewportSize(viewport);
        await loginAs(page, list.user);
        await page.goto(list.path);
        if ('tab' in list) await page.getByRole('tab', { name: list.tab }).click();
        const [r1, r2, r3] = [1, 2, 3].map((n) => list.text(size, n));
        await rowOf(page, size, r1).first().waitFor(SLOW);
        await tick(page, size, r1);
        await tick(page, size, r3);
        const bar = page.getByTestId('selection-bar');
        await bar.getByText('已选 2 条').waitFor();
        expect(await bar.getByTestId('export-selected').textContent()).toContain('导出所选（2）');
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/export-selected-${list.key}-${size}.png` });
        const download = page.waitForEvent('download');
        await bar.getByTestId('export-selected').click();
        const file = await (await download).path();
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file!);
        const ws = wb.worksheets[0];
        const data: string[] = [];
        ws.eachRow((row, n) => n > 1 && data.push(JSON.stringify(row.values)));
        expect(data).toHaveLength(2);
        expect(data.join()).toContain(r1);
        expect(data.join()).toContain(r3);
        expect(data.join()).not.toContain(r2);
        // 清除选择 empties the bar
        await bar.getByRole('button', { name: '清除选择' }).click();
        expect(await page.getByTestId('selection-bar').count()).toBe(0);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
        expect(errors).toEqual([]);
        await context.close();
      }, 240_000);
    }
  }
});
