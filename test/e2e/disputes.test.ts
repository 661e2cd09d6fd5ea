import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkDigit } from '../../core/id-number.ts';
import { createUser } from '../../server/modules/users/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { launchBrowser, loginAs, newPage, pick, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
/** generous: the CI machines run several browser tests at once */
const SLOW = { timeout: 40_000, interval: 250 };
const ID = (() => {
  const first17 = '33078219850315123';
  return first17 + checkDigit(first17);
})();

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'grid_a1', name: '孙网格', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  await createUser(s.database, sysCtx(), { username: 'office_a', name: '清溪镇综治中心', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});


const count = async (summary: string) => (await s.database.query<{ n: number }>('select count(*)::int as n from disputes where summary = $1', [summary]))[0].n;

describe('disputes in the browser', () => {
  it('a grid worker registers a dispute at phone width, also offline: kept on the phone, sent once when back online', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'grid_a1');
    await page.goto('/disputes/new');
    await page.getByLabel('纠纷简要情况').waitFor();
    const fill = async (summary: string) => {
      await pick(page, '纠纷类别', '邻里');
      await page.getByLabel('纠纷简要情况').fill(summary);
      const names = page.getByLabel('姓名');
      await names.nth(0).fill('张三');
      await names.nth(1).fill('李四');
      await page.getByLabel('身份证号').nth(0).fill(ID);
      await page.getByLabel('联系电话').nth(0).fill('13800001111');
    };
    // the grid worker's own grid is chosen for them
    await expect.poll(() => page.locator('form').getByText('东村一网格', { exact: true }).count(), SLOW).toBeGreaterThan(0);
    await fill('张三与李四因宅前排水沟堵塞发生争执');
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    await page.getByRole('button', { name: /提交登记/ }).click();
    await page.waitForURL(/\/disputes\/[0-9a-f-]{36}$/, SLOW);
    await page.getByText(/^清溪-\d{4}-\d{4}$/).waitFor(SLOW);
    expect(await count('张三与李四因宅前排水沟堵塞发生争执')).toBe(1);

    // offline: the intake stays on the phone and goes out once the connection is back
    await page.goto('/disputes/new');
    await page.getByLabel('纠纷简要情况').waitFor();
    await expect.poll(() => page.locator('form').getByText('东村一网格', { exact: true }).count(), SLOW).toBeGreaterThan(0);
    await context.setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    await fill('离线登记:王五反映邻居堆放柴草占道');
    await page.getByRole('button', { name: /保存在本机|提交登记/ }).click();
    await page.getByText('本机有 1 件离线登记尚未提交').waitFor(SLOW);
    expect(await count('离线登记:王五反映邻居堆放柴草占道')).toBe(0);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('wusong.dispute.outbox') ?? '[]').length)).toBe(1);
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => count('离线登记:王五反映邻居堆放柴草占道'), SLOW).toBe(1);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('wusong.dispute.outbox') ?? '[]').length), SLOW).toBe(0);
    // another "online" (a flaky connection) never sends it twice
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1000);
    expect(await count('离线登记:王五反映邻居堆放柴草占道')).toBe(1);
    expect(errors).toEqual([]);
    await context.close();

    // the town office's to-do on a phone: a card per dispute to accept; a tap opens it
    const [first] = await s.database.query<{ id: string; number: string }>(`select id, number from disputes where summary = '张三与李四因宅前排水沟堵塞发生争执'`);
    const office = await newPage(browser, s, 'phone');
    await loginAs(office.page, 'office_a');
    await office.page.goto('/disputes/todo');
    const card = office.page.getByTestId('todo-card').filter({ hasText: first.number });
    await card.waitFor(SLOW);
    expect(await card.locator('.ant-tag').first().textContent()).toBe('待受理');
    const { scroll: s2, width: w2 } = await office.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(s2).toBeLessThanOrEqual(w2);
    await card.click();
    await office.page.waitForURL(`**/disputes/${first.id}`, SLOW);
    expect(office.errors).toEqual([]);
    await office.context.close();
  }, 240_000);

  it('the town office carries a dispute to closed at desktop width, offered only the allowed actions', async () => {
    const [d] = await s.database.query<{ id: string; number: string }>(`select id, number from disputes where summary = '张三与李四因宅前排水沟堵塞发生争执'`);
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'office_a');
    await page.goto('/disputes');
    await page.getByRole('link', { name: d.number }).click();
    await page.waitForURL(`**/disputes/${d.id}`);
    const state = () => page.locator('.page-header .ant-tag').first().textContent();
    const actions = page.getByTestId('dispute-actions');
    const buttons = async () => ((await actions.count()) ? (await actions.getByRole('button').allTextContents()).map((t) => t.replace(/\s+/g, '')) : []);
    const act = async (label: string, expected: string, fill?: () => Promise<void>) => {
      await actions.getByRole('button', { name: new RegExp(`^${label.split('').join('\\s*')}$`) }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      if (fill) await fill();
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await expect.poll(state, SLOW).toBe(expected);
    };
    await expect.poll(state, SLOW).toBe('已登记');
    expect(await buttons()).toEqual(['受理', '撤回']);
    await act('受理', '已受理');
    expect(await buttons()).toEqual(['开始调解', '流转', '延期', '撤回']);
    await act('开始调解', '调解中');
    await act('记录调解', '调解中', async () => {
      await page.getByRole('dialog').getByLabel('地点').fill('东村调解室');
    });
    await act('调解成功', '已化解', async () => {
      await page.getByRole('dialog').getByLabel('协议内容').fill('李四于十日内疏通排水沟,双方不再追究。');
    });
    expect(await buttons()).toEqual(['回访']);
    await act('回访', '已回访');
    await act('结案', '已结案');
    expect(await buttons()).toEqual([]);
    // the timeline tells who did what
    for (const t of ['登记纠纷', '受理', '开始调解', '记录调解', '调解成功', '回访', '结案']) {
      expect(await page.locator('.ant-timeline').getByText(new RegExp(`^${t}`)).count()).toBeGreaterThan(0);
    }
    const [row] = await s.database.query<{ state: string; outcome: string }>('select state, outcome from disputes where id = $1', [d.id]);
    expect(row).toEqual({ state: 'closed', outcome: 'resolved' });
    // the month's statistics count it, in the table and in the chart (whose data ECharts also writes into aria-label)
    const [{ month, concluded }] = await s.database.query<{ month: string; concluded: string }>(
      `select to_char(received_on, 'YYYY-MM') as month, to_char(concluded_on, 'YYYY-MM') as concluded from disputes where id = $1`,
      [d.id],
    );
    const [{ n: received }] = await s.database.query<{ n: number }>(`select count(*)::int as n from disputes where category = 'neighbour' and to_char(received_on, 'YYYY-MM') = $1`, [month]);
    await page.goto(`/disputes/stats?month=${month}`);
    const chart = page.locator('[aria-label*="柱状图"]').first();
    await chart.waitFor(SLOW);
    const described = (await chart.getAttribute('aria-label'))!;
    expect(described).toMatch(new RegExp(`表示受理的柱状图，其数据是——(.*，)?邻里的数据是${received}，`));
    if (concluded === month) expect(described).toMatch(/表示调解成功的柱状图，其数据是——(.*，)?邻里的数据是1，/);
    const neighbourRow = page.locator('.ant-table-row').filter({ has: page.getByRole('cell', { name: '邻里', exact: true }) }).first();
    expect((await neighbourRow.getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['邻里', String(received)]);
    // the workbench draws the year month by month (this device's year; on New Year's Eve the server's may be ahead)
    if (Number(month.slice(0, 4)) === (await page.evaluate(() => new Date().getFullYear()))) {
      const [{ n: inMonth }] = await s.database.query<{ n: number }>(`select count(*)::int as n from disputes where to_char(received_on, 'YYYY-MM') = $1`, [month]);
      await page.goto('/');
      const monthly = page.getByTestId('monthly-disputes').locator('[aria-label*="柱状图"]');
      await monthly.waitFor(SLOW);
      // ECharts describes a column as "<name>的数据是<x>，<y>"
      const m = Number(month.slice(5));
      expect(await monthly.getAttribute('aria-label')).toMatch(new RegExp(`表示受理的柱状图，其数据是——(.*，)?${m}月的数据是${m - 1}，${inMonth}[，；。]`));
    }
    // the public page shows the progress by query code, without login
    const [{ query_code }] = await s.database.query<{ query_code: string }>('select query_code from disputes where id = $1', [d.id]);
    const pub = await newPage(browser, s, 'phone');
    await pub.page.goto(`/progress?code=${query_code}`);
    await pub.page.getByText('已办结').waitFor(SLOW);
    expect(pub.errors).toEqual([]);
    await pub.context.close();
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('searching the ledger by identity number keeps the number out of the address bar and of every request URL (issue 12.7)', async () => {
    const first17 = '33078219920909345';
    const idNumber = first17 + checkDigit(first17);
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'office_a');
    const made = await page.request.post('/api/disputes', {
      data: { regionCode: TREE.a2, receivedOn: new Date().toISOString().slice(0, 10), channel: 'walk_in', category: 'labour', summary: '吴十讨要工钱', peopleCount: 1, amount: null, riskLevel: 'general', mayTurnCriminal: false, threatensPetition: false, parties: [{ role: 'applicant', kind: 'person', name: '吴十', idNumber, phone: null, address: null }] },
    });
    expect(made.status(), await made.text()).toBe(201);
    const number = (await made.json()).number as string;
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto('/disputes');
    const search = page.getByPlaceholder('编号、摘要、当事人、身份证号');
    await search.fill(idNumber);
    await search.press('Enter');
    await expect.poll(() => page.getByRole('link', { name: number }).count(), SLOW).toBe(1);
    await expect.poll(() => page.getByText('共 1 条').count(), SLOW).toBe(1);
    expect(page.url()).not.toContain(idNumber);
    expect(urls.filter((u) => u.includes(idNumber))).toEqual([]);
    // an old link carrying the number: the list is searched, the number leaves the address
    await page.goto(`/disputes?q=${idNumber}`);
    await expect.poll(() => page.url(), SLOW).not.toContain(idNumber);
    await expect.poll(() => page.getByRole('link', { name: number }).count(), SLOW).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
