// Issue 16: the cockpit of each role on the demo county, at 1440 and 390 px, and the big screen at 1920 × 1080.
// Screenshots go to /work/shots/cockpit/ (when that folder exists) for a person to look at.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';
import { PASSWORD, sysCtx, TEST_SECRET } from '../helpers.ts';
import { Cipher } from '../../server/secret.ts';
import { seedDemo } from '../../server/modules/demo/seed.ts';
import { createUser } from '../../server/modules/users/service.ts';

const SHOTS = process.env.SHOTS_DIR ?? '/work/shots/cockpit';
let s: E2EServer;
let browser: Browser;

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 250 });
async function shot(page: Page, name: string) {
  if (fs.existsSync(SHOTS)) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: name.includes('screen') ? false : true });
}

beforeAll(async () => {
  s = await startE2EServer();
  await seedDemo(s.database, new Cipher(TEST_SECRET), sysCtx(), { force: true, adminPassword: PASSWORD, disputeScale: 0.5 });
  // the demo's users get the test password; a county leader joins them
  await s.database.query(`update users set password_hash = (select password_hash from users where username = 'admin'), must_change_password = false`);
  await createUser(s.database, sysCtx(), { username: 'county_lead', name: '刘主任', password: PASSWORD, bindings: [{ role: 'county_leader', regionCode: '330799000000', unitId: null }] } as never);
  // an open dispute of 孙网格's grid, handled by 郑调解, three days past its time limit (issue 16.4)
  const [grid] = await s.database.query<{ region_code: string }>(`select b.region_code from user_bindings b join users u on u.id = b.user_id where u.username = 'dongxi_grid1'`);
  const [handler] = await s.database.query<{ id: string }>(`select id from users where username = 'dongxi_mediator'`);
  const [d] = await s.database.query<{ id: string }>(`select id from disputes where region_code = $1 order by received_on desc limit 1`, [grid.region_code]);
  await s.database.query(
    `update disputes set state = 'mediating', current_level = 'village', current_handler_id = $1, current_due_on = (now() at time zone 'Asia/Shanghai')::date - 3,
       current_unit_id = (select u.id from units u join regions g on g.parent_code = u.region_code where g.code = $3 and u.type = 'village_committee' limit 1)
     where id = $2`,
    [handler.id, d.id, grid.region_code],
  );
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const WIDTHS = [
  ['desktop', 1440],
  ['phone', 390],
] as const;

describe('the cockpit of each role', { timeout: 180_000 }, () => {
  for (const [size, width] of WIDTHS) {
    it(`town office at ${width}px: tiles and the map of 清溪镇`, async () => {
      const { page, context, errors } = await newPage(browser, s, size);
      await page.setViewportSize({ width, height: size === 'phone' ? 844 : 900 });
      await loginAs(page, 'qingxi_office');
      await poll(() => page.getByTestId('cockpit-town').isVisible()).toBe(true);
      await poll(() => page.getByTestId('tile-share').textContent()).toMatch(/个达标/);
      expect(await page.getByTestId('tile-litigation').textContent()).toMatch(/限值/);
      await poll(() => page.getByTestId('village-map').locator('canvas').count()).toBeGreaterThan(0);
      expect(await page.getByText(/数据截至 \d\d:\d\d/).count()).toBeGreaterThan(0);
      await page.waitForTimeout(600);
      await shot(page, `town-office-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`county leader at ${width}px: the towns worst first`, async () => {
      const { page, context, errors } = await newPage(browser, s, size);
      await page.setViewportSize({ width, height: size === 'phone' ? 844 : 900 });
      await loginAs(page, 'county_lead');
      await poll(() => page.getByTestId('cockpit-county').isVisible()).toBe(true);
      await poll(() => page.getByTestId('town-compare').locator('tbody tr.ant-table-row').count()).toBe(4);
      await page.waitForTimeout(600);
      await shot(page, `county-leader-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`village cadre at ${width}px: six standards and the allowance`, async () => {
      const { page, context, errors } = await newPage(browser, s, size);
      await page.setViewportSize({ width, height: size === 'phone' ? 844 : 900 });
      await loginAs(page, 'dongxi_cadre');
      await poll(() => page.getByTestId('village-standards').locator('.ant-list-item').count()).toBe(6);
      expect(await page.getByTestId('tile-allowance').textContent()).toMatch(/全年额度|人口|限值|无法/);
      await shot(page, `village-cadre-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    });

    it(`grid worker at ${width}px: today and their open disputes`, async () => {
      const { page, context, errors } = await newPage(browser, s, size);
      await page.setViewportSize({ width, height: size === 'phone' ? 844 : 900 });
      await loginAs(page, 'dongxi_grid1');
      await poll(() => page.getByTestId('grid-today').isVisible()).toBe(true);
      expect(await page.getByTestId('grid-disputes').isVisible()).toBe(true);
      // the grid's overdue dispute handled by someone else: who, and how late
      await poll(() => page.getByTestId('grid-others-overdue').textContent()).toMatch(/超期 3 天.*承办人：郑调解（东溪村人民调解委员会）/);
      await shot(page, `grid-worker-${width}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('town leader: a map village opens its scorecard', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAs(page, 'qingxi_leader');
    await poll(() => page.getByTestId('cockpit-town').isVisible()).toBe(true);
    await shot(page, 'town-leader-1440');
    await page.getByTestId('tile-share').click();
    await page.waitForURL('**/evaluation?town=330799100000');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the big screen', { timeout: 180_000 }, () => {
  it('fills 1920 × 1080 without scrolling, dark, with the map and the month', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await loginAs(page, 'qingxi_office');
    await page.goto('/screen');
    await poll(() => page.getByTestId('screen').locator('.screen-stat').count()).toBeGreaterThan(6);
    await poll(() => page.getByTestId('village-map').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByText('每 5 分钟自动刷新', { exact: false }).count()).toBe(1);
    const { sh, sw } = await page.evaluate(() => ({ sh: document.documentElement.scrollHeight, sw: document.documentElement.scrollWidth }));
    expect(sh).toBeLessThanOrEqual(1080);
    expect(sw).toBeLessThanOrEqual(1920);
    await page.waitForTimeout(1200);
    await shot(page, 'screen-town-1920');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a county leader the towns', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await loginAs(page, 'county_lead');
    await page.goto('/screen');
    await poll(() => page.locator('.screen-table tbody tr').count()).toBe(4);
    await page.waitForTimeout(1200);
    await shot(page, 'screen-county-1920');
    expect(errors).toEqual([]);
    await context.close();
  });
});
