// Issue 18.5: each role sees what it uses. The menu (built from web/src/app/routes.tsx) shows a grid worker no
// 地区/解纷单位 administration, no 清单考核 and no always-empty 我的任务; a village cadre no 年度设置; the town
// office all of them. A page hidden from a role's menu does not open for it either. The to-do count sits beside
// its tab label, not over the next one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { seedTree, TREE } from '../factories.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'grid_a1', name: '孙网格', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  await createUser(s.database, sysCtx(), { username: 'cadre_a1', name: '李村干', password: PASSWORD, bindings: [{ role: 'village_admin', regionCode: TREE.a1 }] });
  await createUser(s.database, sysCtx(), { username: 'office_a', name: '陈平安', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** every entry of the menu, with its groups opened */
async function menuLabels(page: Page): Promise<string[]> {
  const menu = page.locator('.ant-layout-sider .ant-menu').first();
  await menu.waitFor();
  for (const title of await menu.locator('.ant-menu-submenu-title').all()) {
    const open = await title.locator('xpath=..').getAttribute('class');
    if (!open?.includes('ant-menu-submenu-open')) await title.click();
  }
  return (await menu.locator('.ant-menu-item .ant-menu-title-content').allInnerTexts()).map((t) => t.replace(/\s+/g, ''));
}

describe('each role sees what it uses (18.5)', () => {
  it.each([
    ['grid_a1', ['登记纠纷', '矛盾纠纷排查', '四门四访'], ['地区', '解纷单位', '清单考核', '我的任务', '年度设置', '人员与阵地', '法治宣传']],
    ['cadre_a1', ['登记纠纷', '清单考核', '地区', '我的任务'], ['年度设置', '用户']],
    ['office_a', ['地区', '解纷单位', '清单考核', '年度设置', '我的任务'], ['用户', 'API令牌']],
  ] as const)('%s', async (username, shown, hidden) => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAs(page, username);
    const labels = await menuLabels(page);
    for (const l of shown) expect(labels, l).toContain(l);
    for (const l of hidden) expect(labels, l).not.toContain(l);
    // what the menu hides does not open either
    if (username === 'grid_a1') {
      await page.goto('/admin/regions');
      await page.getByText('无权访问').waitFor();
    }
    if (username === 'cadre_a1') {
      await page.goto('/admin/settings');
      await page.getByText('无权访问').waitFor();
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('puts the to-do count beside its tab label, not over the next tab (390 px)', async () => {
    const { page, context } = await newPage(browser, s, 'phone');
    await loginAs(page, 'office_a');
    // a registered dispute makes one to-do item (待受理)
    const made = await page.request.post('/api/disputes', {
      data: { regionCode: TREE.a1, receivedOn: new Date().toISOString().slice(0, 10), channel: 'walk_in', category: 'neighbour', summary: '邻里排水纠纷', peopleCount: 2, amount: null, riskLevel: 'general', mayTurnCriminal: false, threatensPetition: false, parties: [{ role: 'applicant', kind: 'person', name: '张三', idNumber: null, phone: null, address: null }] },
    });
    expect(made.status(), await made.text()).toBe(201);
    await page.goto('/disputes/todo');
    await page.locator('.ant-tabs-tab .ant-badge-count').first().waitFor();
    const tabs = page.locator('.ant-tabs-tab');
    await tabs.nth(1).waitFor();
    const [first, second] = [await tabs.nth(0).boundingBox(), await tabs.nth(1).boundingBox()];
    const badge = await tabs.nth(0).locator('.ant-badge').first().boundingBox();
    expect(first && second && badge).toBeTruthy();
    // the badge lies inside its own tab and ends before the next tab begins
    expect(badge!.x + badge!.width).toBeLessThanOrEqual(first!.x + first!.width + 0.5);
    expect(badge!.x + badge!.width).toBeLessThanOrEqual(second!.x);
    await context.close();
  }, 180_000);
});
