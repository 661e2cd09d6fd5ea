// Issue 18.3: lists fit. At 1440 px no list is wider than its container (cells wrap rather than push key columns
// off to the right); at 390 px every list is cards (AppTable) with its filters in a drawer, and the page never
// scrolls sideways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createVisit } from '../../server/modules/visits/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const SLOW = { timeout: 40_000 };
const PAGES = ['/disputes', '/visits', '/screening/risks', '/key-persons', '/personnel', '/education', '/court-data', '/court-data/prelitigation', '/incidents', '/admin/units'];

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'qingxi_office', name: '镇平安办', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  const long = '村民反映村道两侧排水沟长期堵塞，雨天积水倒灌入户，要求村委会组织清淤并明确今后的维护责任人和维护经费来源';
  for (const regionCode of [TREE.a1, TREE.a2, TREE.gridA1]) {
    await createVisit(s.database, sysCtx(), { type: 'reception', visitedOn: shanghaiToday(), cadres: '王主任、李干事、张书记', regionCode, personsMet: '村民代表张某某、李某某', requests: long, answer: long });
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** How far each table scrolls sideways inside its own box, and the page itself. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll('.ant-table-content, .ant-table-body')].map((e) => e.scrollWidth - e.clientWidth),
  }));

describe('lists that fit', () => {
  it('at 1440 px no list is wider than its container', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'qingxi_office');
    for (const path of PAGES) {
      await page.goto(path);
      await page.locator('.ant-table').first().waitFor(SLOW);
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 40_000 });
      if (path === '/visits') await page.getByText('王主任、李干事、张书记').first().waitFor(SLOW);
      const o = await overflow(page);
      expect({ path, ...o }).toEqual({ path, page: 0, tables: o.tables.map(() => 0) });
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('at 390 px every list is cards and nothing scrolls sideways', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'qingxi_office');
    for (const path of PAGES) {
      await page.goto(path);
      await page.getByTestId('card-list').first().waitFor(SLOW);
      expect({ path, tables: await page.locator('.ant-table').count() }).toEqual({ path, tables: 0 });
      // the filters wait behind 「筛选」 (a drawer), not above the list
      expect({ path, filterButton: await page.getByRole('button', { name: /筛\s*选/ }).count() }).toEqual({ path, filterButton: 1 });
      expect({ path, ...(await overflow(page)) }).toEqual({ path, page: 0, tables: [] });
    }
    // a visit as a card: its fields as 标签 值 lines, its actions at the foot
    await page.goto('/visits');
    const card = page.locator('.list-card').first();
    await card.waitFor(SLOW);
    expect(await card.locator('.list-card-label').allTextContents()).toEqual(expect.arrayContaining(['类型', '地区', '干部', '诉求', '答复']));
    expect(await card.locator('.list-card-actions').getByText('修改').isVisible()).toBe(true);
    // the filters wait in a drawer: the list starts at the top of the screen
    expect(await page.getByPlaceholder('对象、诉求').count()).toBe(0);
    await page.getByRole('button', { name: /筛\s*选/ }).click();
    await page.getByPlaceholder('对象、诉求').fill('没有这样的诉求');
    await page.getByPlaceholder('对象、诉求').press('Enter');
    await page.getByRole('button', { name: /完\s*成/ }).click();
    await expect.poll(() => page.locator('.list-card').count(), SLOW).toBe(0);
    const badge = page.locator('.ant-badge').filter({ has: page.getByRole('button', { name: /筛\s*选/ }) }).locator('.ant-badge-count');
    expect(await badge.textContent()).toBe('1');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
