/**
 * Issue 13.6–13.8 in Chromium: a 包村干部's workbench section at phone width, an assigned unit reporting on its
 * task from a phone, and a county leader comparing towns. With SHOTS_DIR set, screenshots at 1440 and 390 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createCampaign } from '../../server/modules/screening/service.ts';
import { createProgramme, createTask } from '../../server/modules/programme/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday, shiftDay } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
let taskId: string;
const SLOW = { timeout: 40_000, interval: 250 };

async function shoot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** The page at both widths when screenshots are asked for. */
async function shootBoth(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1440, height: 900 });
  await shoot(page, `${name}-1440`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, `${name}-390`);
  if (size) await page.setViewportSize(size);
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  const ctx = sysCtx();
  await createUser(s.database, ctx, { username: 'baocun', name: '李包村', password: PASSWORD, bindings: [{ role: 'justice_office', regionCode: TREE.townA }], villages: [TREE.a1, TREE.aC] });
  await createUser(s.database, ctx, { username: 'police1', name: '赵民警', password: PASSWORD, bindings: [{ role: 'department', unitId: `police-${TREE.townA}` }] });
  await createUser(s.database, ctx, { username: 'county1', name: '钱书记', password: PASSWORD, bindings: [{ role: 'county_leader', regionCode: TREE.county }] });
  await createUser(s.database, ctx, { username: 'office1', name: '陈平安', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  const today = shanghaiToday();
  await createCampaign(s.database, ctx, {
    regionCode: TREE.townA,
    title: '元旦前矛盾纠纷排查',
    type: 'sensitive_period',
    startsOn: shiftDay(today, -2),
    endsOn: shiftDay(today, 5),
    deadline: shiftDay(today, 3),
    targets: [TREE.a1, TREE.gridA1],
  });
  const year = Number(today.slice(0, 4));
  const p = await createProgramme(s.database, ctx, { regionCode: TREE.townA, year, title: '清溪镇无讼创建工作方案' });
  const t = await createTask(s.database, ctx, p.id, { phase: 'advance', title: '开展治安隐患排查整治', unitId: `police-${TREE.townA}`, deadline: shiftDay(today, -1) });
  await createTask(s.database, ctx, p.id, { phase: 'advance', title: '修订村规民约', villageCode: TREE.a1, deadline: shiftDay(today, 10) });
  taskId = t.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('units, villages and county leaders in the browser (issue 13.6–13.8)', () => {
  it('a 包村干部 sees their villages on the workbench at 390 px', async () => {
    const { page, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'baocun');
    const section = page.getByTestId('linked-villages');
    await section.waitFor({ timeout: 40_000 });
    expect(await page.getByTestId(`village-${TREE.a1}`).getByText('东村').isVisible()).toBe(true);
    expect(await page.getByTestId(`village-${TREE.aC}`).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId(`village-${TREE.a1}-screening`).textContent(), SLOW).toContain('元旦前矛盾纠纷排查');
    expect(await page.getByTestId(`village-${TREE.a1}-screening`).textContent()).toContain('0/2');
    expect(await noSideScroll(page)).toBe(true);
    await section.scrollIntoViewIfNeeded();
    await shootBoth(page, 'workbench-baocun');
    await page.getByTestId(`village-${TREE.a1}-open`).click();
    await page.waitForURL((u) => u.pathname === '/disputes' && u.search.includes(TREE.a1));
    expect(errors).toEqual([]);
  });

  it('the police station reports progress on its task from a phone; the town office sees it', async () => {
    const { page, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'police1');
    await page.goto('/my-tasks');
    const card = page.getByTestId('my-task').filter({ hasText: '开展治安隐患排查整治' });
    await card.waitFor({ timeout: 40_000 });
    expect(await card.getByText('逾期').isVisible()).toBe(true);
    expect(await page.getByText('修订村规民约').count()).toBe(0); // the village's task, not theirs
    expect(await noSideScroll(page)).toBe(true);
    await shootBoth(page, 'my-tasks');
    await card.click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.getByText('上报记录').waitFor();
    await drawer.getByLabel('完成进度（%）').fill('60');
    await drawer.getByLabel('进展情况').fill('已排查 8 处隐患，整改 5 处');
    await drawer.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => drawer.getByTestId('task-reports').textContent(), SLOW).toContain('已排查 8 处隐患');
    expect(await drawer.getByTestId('task-reports').textContent()).toContain('进展 60%');
    await shootBoth(page, 'task-drawer');
    expect(errors).toEqual([]);

    const office = await newPage(browser, s, 'desktop');
    await loginAs(office.page, 'office1');
    await office.page.goto('/programme');
    const ledger = office.page.getByTestId('ledger');
    await ledger.getByText('开展治安隐患排查整治').waitFor({ timeout: 40_000 });
    const row = ledger.locator('tr', { hasText: '开展治安隐患排查整治' });
    expect(await row.textContent()).toContain('清溪镇派出所');
    expect(await row.textContent()).toContain('60%');
    expect(await row.getByText('逾期').isVisible()).toBe(true);
    await shootBoth(office.page, 'programme-ledger');
    await row.getByRole('button', { name: '开展治安隐患排查整治' }).click();
    await office.page.getByTestId('task-reports').waitFor();
    expect(await office.page.getByTestId('task-reports').textContent()).toContain('赵民警');
    expect(taskId).toBeTruthy();
    expect(office.errors).toEqual([]);
  });

  it('a county leader compares the towns side by side', async () => {
    const { page, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'county1');
    await page.goto('/evaluation/towns');
    const table = page.getByTestId('towns-compare');
    await table.waitFor({ timeout: 40_000 });
    expect(await table.getByText('清溪镇').isVisible()).toBe(true);
    expect(await table.getByText('白沙镇').isVisible()).toBe(true);
    await shootBoth(page, 'towns-compare');
    expect(errors).toEqual([]);
  });

  it('the users page links a cadre to villages', async () => {
    const { page, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'admin');
    await page.goto('/admin/users');
    const row = page.locator('tr', { hasText: 'baocun' });
    await row.waitFor({ timeout: 40_000 });
    expect(await row.textContent()).toContain('包村 · 东村、新华社区');
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    await page.getByTestId('user-villages').waitFor();
    await shootBoth(page, 'users-baocun');
    expect(errors).toEqual([]);
  });
});
