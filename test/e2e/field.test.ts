// Issue 18.2: the grid worker's light intake page /field (React only, no antd). Opened from the app's menu as a
// full page load; the worker's grid and 网格排查 are chosen for them; a wrong identity number is refused here with
// a Chinese message and nothing is sent; the intake lands with its audit entry; offline the page reloads from
// the service worker and an intake waits in the outbox, sent once when the connection is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkDigit } from '../../core/id-number.ts';
import { createUser } from '../../server/modules/users/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
/** generous: the CI machines run several browser tests at once */
const SLOW = { timeout: 40_000, interval: 250 };
const SHOTS = process.env.SHOTS_DIR;
const ID = (() => {
  const first17 = '33078219850315123';
  return first17 + checkDigit(first17);
})();
const WRONG_ID = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
const SUMMARY = '网格巡查：钱大伯与邻居因宅基地界桩移位发生争执';
const OFFLINE = '离线登记（轻页面）：吴二反映邻居鸡舍占用公共通道';

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'grid_field', name: '吴网格', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  await createUser(s.database, sysCtx(), { username: 'office_field', name: '清溪镇综治中心', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  await createUser(s.database, sysCtx(), { username: 'leader_field', name: '清溪镇领导', password: PASSWORD, bindings: [{ role: 'town_leader', regionCode: TREE.townA }] });
  browser = await launchBrowser();
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const disputes = (summary: string) =>
  s.database.query<{ id: string; number: string; query_code: string; region_code: string; channel: string; category: string; received_on: string; people_count: number }>(
    'select id, number, query_code, region_code, channel, category, received_on::text as received_on, people_count from disputes where summary = $1',
    [summary],
  );

describe('the light intake page /field', () => {
  it('a grid worker opens it from the menu at 390 px, registers (a wrong identity number refused first), and offline it waits in the outbox', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/disputes') posted.push(r.url());
    });
    await loginAs(page, 'grid_field');
    // the workbench's 登记纠纷 (the day's most frequent job) leaves the app for /field too
    await page.getByTestId('workbench-intake').click();
    await page.waitForURL(/\/field$/, SLOW);
    await page.getByLabel('纠纷简要情况').waitFor(SLOW);
    await page.goto('/');
    // the app's menu: 矛盾纠纷 → 登记纠纷 leaves the app for /field
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '矛盾纠纷' }).click();
    await page.getByRole('menuitem', { name: '登记纠纷' }).click();
    await page.waitForURL(/\/field$/, SLOW);
    const summary = page.getByLabel('纠纷简要情况');
    await summary.waitFor(SLOW);
    // nothing of the app's stack on this page
    expect(await page.evaluate(() => [...document.querySelectorAll('script[src], link[href]')].map((e) => e.getAttribute('src') ?? e.getAttribute('href')).join(' '))).not.toMatch(/vendor|main-/);
    expect(await page.locator('.ant-btn, .ant-select').count()).toBe(0);
    await page.getByText('吴网格').waitFor(SLOW);

    // the worker's own grid and channel 网格排查, today's date
    await expect.poll(() => page.getByLabel('纠纷发生地').inputValue(), SLOW).toBe(TREE.gridA1);
    expect(await page.getByLabel('受理渠道').inputValue()).toBe('grid_screening');
    expect(await page.getByLabel('登记日期').inputValue()).toBe(shanghaiToday());

    await page.getByLabel('纠纷类别').selectOption({ label: '邻里' });
    await summary.fill(SUMMARY);
    await page.getByLabel('涉及人数').fill('6');
    await page.getByText('涉及 5 人以上，自动标记为群体性纠纷').waitFor();
    await page.getByLabel('姓名').nth(0).fill('钱大伯');
    await page.getByLabel('姓名').nth(1).fill('孙二婶');
    await page.getByLabel('身份证号').nth(0).fill(WRONG_ID);
    await page.getByLabel('联系电话').nth(0).fill('13800003333');
    await page.getByLabel('民族').nth(0).fill('汉族');

    // a wrong check digit: a Chinese message under the field, nothing sent
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.getByTestId('field-problem').waitFor();
    await expect.poll(() => page.locator('#party-0-idNumber-error').textContent()).toMatch(/[\u4e00-\u9fa5]/);
    expect(posted).toEqual([]);
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/field-390-error.png`, fullPage: true });

    // fixed and submitted: number and query code shown
    await page.getByLabel('身份证号').nth(0).fill(ID);
    await expect.poll(() => page.locator('#party-0-idNumber-error').count()).toBe(0);
    await page.getByRole('button', { name: '提交登记' }).click();
    const done = page.getByTestId('field-done');
    await done.waitFor(SLOW);
    const [row] = await disputes(SUMMARY);
    expect(row).toMatchObject({ region_code: TREE.gridA1, channel: 'grid_screening', category: 'neighbour', received_on: shanghaiToday(), people_count: 6 });
    await expect.poll(() => done.textContent()).toContain(`已登记 ${row.number}，查询码 ${row.query_code}`);
    expect(posted.length).toBe(1);
    const parties = await s.database.query<{ name: string; role: string; phone: string | null; ethnicity: string | null; masked: string | null }>(
      'select name, role, phone, ethnicity, id_number_masked as masked from dispute_parties where dispute_id = $1 order by seq',
      [row.id],
    );
    expect(parties.map((p) => [p.name, p.role])).toEqual([
      ['钱大伯', 'applicant'],
      ['孙二婶', 'respondent'],
    ]);
    expect(parties[0]).toMatchObject({ phone: '13800003333', ethnicity: '汉族' });
    const audit = await s.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'dispute.create' and entity_id = $1 and actor_name = 'grid_field'`, [row.id]);
    expect(audit[0].n).toBe(1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/field-390-done.png`, fullPage: true });
    expect(await done.getByRole('link', { name: '查看详情' }).getAttribute('href')).toBe(`/disputes/${row.id}`);

    // 继续登记: a fresh form (a new idempotency key: the next intake is a new dispute)
    await done.getByRole('button', { name: '继续登记' }).click();
    await summary.waitFor();
    expect(await summary.inputValue()).toBe('');

    // the same phone, the same category: the first dispute is offered for linking
    await page.getByLabel('纠纷类别').selectOption({ label: '邻里' });
    await page.getByLabel('联系电话').nth(0).fill('13800003333');
    const dups = page.getByTestId('field-duplicates');
    await dups.getByText(row.number).waitFor(SLOW);
    await dups.getByText('电话相同').waitFor();
    await dups.getByRole('button', { name: '关联到此件' }).click();
    await page.getByText(`本次登记将关联到 ${row.number}`).waitFor();
    await dups.getByRole('button', { name: '取消关联' }).click();
    await dups.getByRole('button', { name: '关联到此件' }).waitFor();

    // the draft survives a reload; 清空重填 starts again
    await page.reload();
    await page.getByText('已恢复上次未提交的草稿').waitFor(SLOW);
    expect(await page.getByLabel('联系电话').nth(0).inputValue()).toBe('13800003333');
    await page.getByRole('button', { name: '清空重填' }).click();
    expect(await page.getByLabel('联系电话').nth(0).inputValue()).toBe('');
    expect(await page.getByText('已恢复上次未提交的草稿').count()).toBe(0);

    // offline: the service worker answers /field, the intake waits in the outbox and goes out once
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker?.controller?.state ?? null), SLOW).toBe('activated');
    await page.reload();
    await summary.waitFor(SLOW);
    await context.setOffline(true);
    await page.reload();
    await summary.waitFor(SLOW);
    await page.getByText('当前离线：可以继续填写').waitFor(SLOW);
    await expect.poll(() => page.getByLabel('纠纷发生地').inputValue(), SLOW).toBe(TREE.gridA1);
    await page.getByLabel('纠纷类别').selectOption({ label: '邻里' });
    await summary.fill(OFFLINE);
    await page.getByLabel('姓名').nth(0).fill('吴二');
    await page.getByRole('button', { name: '保存在本机（联网后提交）' }).click();
    await page.getByText('本机有 1 件离线登记尚未提交').waitFor(SLOW);
    expect(await disputes(OFFLINE)).toHaveLength(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/field-390-offline.png`, fullPage: true });
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(async () => (await disputes(OFFLINE)).length, SLOW).toBe(1);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('wusong.dispute.outbox') ?? '[]').length), SLOW).toBe(0);
    const [sent] = await disputes(OFFLINE);
    await page.getByText(`离线登记已提交：${sent.number}`).waitFor(SLOW);
    expect(await page.getByText('本机有 1 件离线登记尚未提交').count()).toBe(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/field-390-sent.png` });
    // another "online" (a flaky connection) never sends it twice
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1000);
    expect(await disputes(OFFLINE)).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('at 1440 px the form is one centred column; another role keeps the app’s intake; nobody signed in goes to the sign-in page; a role without intake is refused', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/field');
    await page.waitForURL(/\/login\?next=%2Ffield|\/login\?next=\/field/, SLOW);
    await loginAs(page, 'office_field');
    // not a grid worker only: the workbench's and the menu's 登记纠纷 stay in the app
    await page.getByTestId('workbench-intake').click();
    await page.waitForURL(/\/disputes\/new$/, SLOW);
    await page.goto('/');
    await page.getByRole('menuitem', { name: '矛盾纠纷' }).click();
    await page.getByRole('menuitem', { name: '登记纠纷' }).click();
    await page.waitForURL(/\/disputes\/new$/, SLOW);
    // one draft for both pages: typed in the app's form, it is there on /field
    await page.getByLabel('纠纷简要情况').fill('在应用内登记页填写的草稿');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('wusong.dispute.draft') ?? ''), SLOW).toContain('在应用内登记页填写的草稿');
    await page.goto('/field');
    await page.getByLabel('纠纷简要情况').waitFor(SLOW);
    await page.getByText('已恢复上次未提交的草稿').waitFor(SLOW);
    expect(await page.getByLabel('纠纷简要情况').inputValue()).toBe('在应用内登记页填写的草稿');
    await expect.poll(() => page.getByText('清溪镇综治中心').count(), SLOW).toBeGreaterThan(0);
    expect(await page.getByLabel('受理渠道').inputValue()).toBe('walk_in');
    const box = (await page.locator('main.page').boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(760);
    expect(Math.abs(box.x + box.width / 2 - 720)).toBeLessThan(10);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/field-1440.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();

    // a role that registers nothing is told so, with the way back
    const other = await newPage(browser, s, 'phone');
    await loginAs(other.page, 'leader_field');
    await other.page.goto('/field');
    await other.page.getByText('无权登记纠纷').waitFor(SLOW);
    expect(await other.page.getByRole('link', { name: '返回工作台' }).getAttribute('href')).toBe('/');
    expect(await other.page.getByLabel('纠纷简要情况').count()).toBe(0);
    if (SHOTS) await other.page.screenshot({ path: `${SHOTS}/field-390-refused.png` });
    await other.context.close();
  }, 120_000);
});
