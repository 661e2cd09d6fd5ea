import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
let oneTimePassword: string;

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'dongcun', name: '东村干部', password: PASSWORD, bindings: [{ role: 'village_admin', regionCode: TREE.a1 }] });
  const created = await createUser(s.database, sysCtx(), { username: 'newbie', name: '新用户', bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  oneTimePassword = created.password!;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** Polls like expect.poll, with the patience a busy test machine needs. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 200 });
const stat = (page: Page, id: string) => page.getByTestId(`stat-${id}`).locator('.ant-statistic-content-value');

/** The page never scrolls sideways (tables scroll inside themselves). */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('administrator', { timeout: 120_000 }, () => {
  it('logs in at desktop width and sees real figures, the menu and the region tree', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'admin');
    await poll(() => stat(page, 'regions-village').textContent()).toBe('5');
    expect(await stat(page, 'regions-town').textContent()).toBe('2');
    expect(await stat(page, 'regions-community').textContent()).toBe('1');
    expect(await stat(page, 'units').textContent()).toBe('13');
    expect(await page.getByTestId('todo-settings.unconfirmed').isVisible()).toBe(true);

    const sider = page.locator('.app-sider');
    await sider.getByText('系统管理').click();
    await sider.getByText('地区', { exact: true }).click();
    await page.waitForURL('**/admin/regions');
    await poll(() => page.locator('.region-tree').getByText('清溪镇').isVisible()).toBe(true);
    await page.locator('.region-tree').getByText('清溪镇').click();
    await poll(() => page.getByText('清溪', { exact: true }).isVisible()).toBe(true); // its alias
    expect(errors).toEqual([]);
    await context.close();
  });

  it('logs in at phone width: compact header, drawer menu, no sideways scrolling', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'admin');
    await poll(() => stat(page, 'regions-village').textContent()).toBe('5');
    expect(await page.locator('.app-sider').count()).toBe(0);
    await expectNoSidewaysScroll(page);

    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.locator('.app-drawer');
    await drawer.getByText('系统管理').click();
    await drawer.getByText('用户', { exact: true }).click();
    await page.waitForURL('**/admin/users');
    await poll(() => page.getByTestId('card-list').getByText('dongcun').isVisible()).toBe(true); // a list is cards on a phone
    expect(await page.locator('.app-header').getByText('用户', { exact: true }).isVisible()).toBe(true);
    await expectNoSidewaysScroll(page);

    // every list goes to Excel
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^用户_\d{8}\.xlsx$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('annual settings', { timeout: 120_000 }, () => {
  it('detect a concurrent change and let the user reload before saving', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'admin');
    await page.goto('/admin/settings?year=2024');
    const grid = page.getByRole('spinbutton', { name: '网格' });
    await poll(() => grid.inputValue()).toBe('3');
    // someone else saves the year meanwhile
    const other = await page.request.get('/api/settings/2024');
    const r = await page.request.put('/api/settings/2024', { data: { version: (await other.json()).version, data: { ...(await other.json()).data, keyPersonContactDays: 20 } } });
    expect(r.status()).toBe(200);

    await grid.fill('5');
    await page.getByRole('button', { name: /保存 2024 年度设置/ }).click();
    await poll(() => page.getByText('该记录已被他人修改', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: '重新加载' }).click();
    await poll(() => page.getByRole('spinbutton', { name: '重点对象超过几天未联系即提醒' }).inputValue()).toBe('20');
    await grid.fill('5');
    await page.getByRole('button', { name: /保存 2024 年度设置/ }).click();
    await poll(() => page.getByText('2024 年度设置已保存').isVisible()).toBe(true);
    const saved = await (await page.request.get('/api/settings/2024')).json();
    expect(saved).toMatchObject({ source: 'own', version: 2, data: { keyPersonContactDays: 20, timeLimits: { grid: 5 } } });
    expect(saved.data.prelitigationSuccessMin).toBe('0.80'); // percentages in the form, fractions in the data
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a user with a one-time password', { timeout: 120_000 }, () => {
  it('must change it before anything else, then reaches the workbench', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'newbie', oneTimePassword);
    await poll(() => page.getByText('请先修改密码').isVisible()).toBe(true);
    // the one-time password was just typed: not asked again; no menu until changed
    expect(await page.getByLabel('当前密码').count()).toBe(0);
    expect(await page.getByRole('button', { name: '打开菜单' }).count()).toBe(0);

    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: '修改密码并进入系统' }).click();
    await poll(() => page.getByText('密码至少 10 位').isVisible()).toBe(true);

    await page.getByLabel('新密码', { exact: true }).fill('Qingxi2024');
    await page.getByLabel('再次输入新密码').fill('Qingxi2024');
    await page.getByRole('button', { name: '修改密码并进入系统' }).click();
    await poll(() => page.getByText('您好，新用户').isVisible()).toBe(true);
    await poll(() => stat(page, 'regions-village').textContent()).toBe('3');

    // the new password works from now on, the old one no longer
    const r = await page.request.post('/api/auth/login', { data: { username: 'newbie', password: oneTimePassword } });
    expect(r.status()).toBe(401);
    const ok = await page.request.post('/api/auth/login', { data: { username: 'newbie', password: 'Qingxi2024' } });
    expect((await ok.json()).mustChangePassword).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a village cadre', { timeout: 120_000 }, () => {
  it('sees only their village in the region tree and the region select', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'dongcun');
    await poll(() => stat(page, 'units').textContent()).toBe('1');

    const sider = page.locator('.app-sider');
    await sider.getByText('系统管理').click();
    expect(await sider.getByText('用户', { exact: true }).count()).toBe(0); // admin pages stay hidden
    await sider.getByText('地区', { exact: true }).click();
    const tree = page.locator('.region-tree');
    await poll(() => tree.getByText('东村', { exact: true }).isVisible()).toBe(true);
    expect((await tree.locator('.region-name').allTextContents()).sort()).toEqual(['东村', '东村一网格']);
    expect(await page.getByRole('button', { name: '新增地区' }).count()).toBe(0); // read-only

    await page.goto('/admin/units');
    await page.locator('.ant-select').filter({ hasText: '服务地区' }).click();
    const options = page.locator('.ant-select-tree');
    await poll(() => options.getByText('东村', { exact: true }).isVisible()).toBe(true);
    const choices = await options.locator('.ant-select-tree-title').allTextContents();
    expect(choices.sort()).toEqual(['东村', '东村一网格']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is sent to the login page without a session, and back to the page asked for after logging in', async () => {
    const { page, context } = await newPage(browser, s, 'phone');
    await page.goto('/admin/regions');
    await page.waitForURL('**/login?next=%2Fadmin%2Fregions');
    await page.getByLabel('用户名').fill('dongcun');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/admin/regions');
    await poll(() => page.locator('.region-tree').getByText('东村', { exact: true }).isVisible()).toBe(true);
    await context.close();
  });
});
