import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createCampaign } from '../../server/modules/screening/service.ts';
import { createVisit } from '../../server/modules/visits/service.ts';
import { createActivity } from '../../server/modules/education/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday, shiftDay } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
let campaignId: string;

const today = shanghaiToday;
const shift = shiftDay;
/** generous: the CI machines run several browser tests at once */
const SLOW = { timeout: 40_000, interval: 250 };

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'qingxi_office', name: '镇平安办', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  await createUser(s.database, sysCtx(), { username: 'grid1', name: '孙网格', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  const c = await createCampaign(s.database, sysCtx(), {
    regionCode: TREE.townA,
    title: '国庆前敏感节点排查',
    type: 'sensitive_period',
    startsOn: shift(today(), -2),
    endsOn: shift(today(), 5),
    deadline: shift(today(), 3),
    targets: [TREE.gridA1, TREE.gridA2],
  });
  campaignId = c.id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const coverage = (page: Page) => page.getByTestId(`coverage-${campaignId}`).locator('.coverage-text');

describe('screening at phone width', () => {
  it('a grid worker files a zero report from a phone and the town office sees the coverage change', async () => {
    // the town office watches the campaign at desktop width
    const office = await newPage(browser, s, 'desktop');
    await loginAs(office.page, 'qingxi_office');
    await office.page.goto('/screening');
    await expect.poll(() => coverage(office.page).textContent(), SLOW).toBe('0%');
    // the office is not the one reporting: no report buttons, the campaign under way with its coverage instead
    const underWay = office.page.getByTestId('campaigns-under-way');
    await underWay.getByText('国庆前敏感节点排查').waitFor(SLOW);
    expect(await underWay.getByRole('button', { name: '查看未报（2）' }).isVisible()).toBe(true);
    expect(await office.page.getByText('待我上报').count()).toBe(0);
    expect(await office.page.getByRole('button', { name: /^零报告$/ }).count()).toBe(0);

    // the grid worker, on a phone
    const grid = await newPage(browser, s, 'phone');
    await loginAs(grid.page, 'grid1');
    await grid.page.goto('/screening');
    const task = grid.page.getByTestId(`task-${campaignId}-${TREE.gridA1}`);
    await task.waitFor({ timeout: 40_000 });
    expect(await task.getByText('待上报').isVisible()).toBe(true);
    expect(await grid.page.getByTestId(`task-${campaignId}-${TREE.gridA2}`).count()).toBe(0); // not their grid
    const { scroll, width } = await grid.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    await task.getByRole('button', { name: /零报告/ }).click();
    await grid.page.getByRole('button', { name: '确认上报' }).click();
    // filed: the task leaves the list and shows under "recently filed"
    await expect.poll(() => task.count(), SLOW).toBe(0);
    await grid.page.getByText('没有待上报的排查').waitFor({ timeout: 40_000 });
    expect(await grid.page.getByText(/近期已上报：国庆前敏感节点排查（东村一网格，零报告）/).isVisible()).toBe(true);

    // the town office's page refreshes itself: one of the two grids reported on time
    await expect.poll(() => coverage(office.page).textContent(), SLOW).toBe('50%');
    await office.page.getByTestId(`campaign-${campaignId}`).getByText('国庆前敏感节点排查').click();
    const row = office.page.getByTestId(`target-${TREE.gridA1}`);
    await row.waitFor({ timeout: 40_000 });
    expect(await row.getByText('按时上报').isVisible()).toBe(true);
    expect(await row.getByText(/零报告/).isVisible()).toBe(true);
    const other = office.page.getByTestId(`target-${TREE.gridA2}`);
    expect(await other.getByText('待上报').isVisible()).toBe(true);
    // the office files the other grid's zero report on its behalf (no signal there, say)
    await other.getByRole('button', { name: '代报零报告' }).click();
    await office.page.getByRole('button', { name: '确认上报' }).click();
    await expect.poll(() => other.getByText('按时上报').count(), SLOW).toBe(1);
    expect(await other.getByText(/零报告 · .* · 镇平安办/).isVisible()).toBe(true);

    expect(office.errors).toEqual([]);
    expect(grid.errors).toEqual([]);
    await office.context.close();
    await grid.context.close();
  }, 240_000);

  it('the visits and education statistics also draw their totals as charts, at phone width', async () => {
    const office = sysCtx();
    for (const [regionCode, cadres] of [[TREE.a1, '王主任'], [TREE.a1, '王主任'], [TREE.a2, '李干事']]) {
      await createVisit(s.database, office, { type: 'reception', visitedOn: today(), cadres, regionCode, personsMet: '村民' });
    }
    for (const regionCode of [TREE.a2, TREE.a2, TREE.a2, TREE.a1]) {
      await createActivity(s.database, office, { type: 'lecture', heldOn: today(), regionCode, title: '民法典进村', participants: 30 });
    }
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'qingxi_office');
    const described = async (path: string, tab: string, card?: string) => {
      await page.goto(path);
      await page.getByRole('tab', { name: tab }).click();
      const within = card ? page.locator('.ant-card').filter({ has: page.getByText(card, { exact: true }) }) : page;
      const chart = within.locator('[aria-label*="柱状图"]').first();
      await chart.waitFor(SLOW);
      return (await chart.getAttribute('aria-label'))!;
    };
    // per village, the most first (ECharts lists the bars from the bottom up)
    expect(await described('/visits', '按月统计', '按村（社区）')).toMatch(/其数据是——西村的数据是1，0，东村的数据是2，1/);
    expect(await described('/visits', '按月统计', '按干部')).toMatch(/其数据是——李干事的数据是1，0，王主任的数据是2，1/);
    expect(await described('/education', '按村按月统计')).toMatch(/其数据是——东村的数据是1，0，西村的数据是3，1/);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

describe('dates are typed as people write them', () => {
  it('a campaign set up by typing 2026/12/18, 20261203 and 2026年12月20日 keeps those days', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'qingxi_office');
    await page.goto('/screening');
    await page.getByRole('button', { name: /新建排查/ }).click();
    await page.getByLabel('排查名称').fill('手输日期排查');
    const type = async (label: string, text: string) => {
      const input = page.getByLabel(label);
      await input.click();
      await input.pressSequentially(text, { delay: 20 });
      await page.keyboard.press('Enter');
      await expect.poll(() => input.inputValue(), SLOW).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      return input.inputValue();
    };
    await page.getByLabel('开始日期').fill('');
    expect(await type('开始日期', '20261203')).toBe('2026-12-03');
    expect(await type('结束日期', '2026年12月20日')).toBe('2026-12-20');
    expect(await type('上报截止', '2026/12/18')).toBe('2026-12-18');
    await page.getByText('全部网格').click();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: '手输日期排查' }).waitFor(SLOW);
    const rows = await s.database.db.execute<{ starts_on: string; ends_on: string; deadline: string }>(
      sql`select starts_on::text, ends_on::text, deadline::text from screening_campaigns where title = '手输日期排查'`,
    );
    expect(rows.rows).toEqual([{ starts_on: '2026-12-03', ends_on: '2026-12-20', deadline: '2026-12-18' }]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
