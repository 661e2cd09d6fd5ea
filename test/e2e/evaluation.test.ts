// The evaluation in Chromium: the scorecard with its evidence drawer, and the bulletin download.
import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { seedScenario } from '../../server/modules/evaluation/test-data.ts';
import { TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;

beforeAll(async () => {
  s = await startE2EServer();
  await seedScenario(s.database);
  await createUser(s.database, sysCtx(), { username: 'baisha', name: '白沙镇平安办', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townB }] });
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function expectNoSidewaysScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('evaluation pages', () => {
  it('shows the town scorecard, the village table, and opens the records behind a number', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'admin');
    await page.goto('/evaluation?year=2024');
    const townA = page.getByTestId(`town-${TREE.townA}`);
    await townA.waitFor();
    expect(await townA.getByTestId('town-result').textContent()).toBe('未达标');
    expect(await townA.getByTestId('share-card').textContent()).toContain('0%');
    expect(await townA.getByTestId('share-card').textContent()).toContain('60%'); // the year's target beside the standard
    // T10's figure (19 cases over 12,000 residents, the inactive 旧村 included — SPEC §7) and 东村's litigation rate (8 cases of 3000 residents)
    expect(await page.getByTestId(`num-${TREE.townA}-litigation_rate_per_10k`).textContent()).toBe('15.83');
    const a1 = page.getByTestId(`num-${TREE.a1}-litigation_rate_per_10k`);
    expect(await a1.textContent()).toBe('26.67');
    await a1.click();
    const drawer = page.getByTestId('evidence');
    await drawer.waitFor();
    await expect.poll(() => page.getByTestId('evidence-total-court_cases').textContent()).toBe('共 8 条');
    expect(await drawer.locator('tbody tr.ant-table-row').count()).toBe(8);
    // percentages in the UI, fractions in data
    expect(await page.getByTestId(`num-${TREE.townA}-prelitigation_success_rate`).textContent()).toBe('80%');
    // the ranking draws each village's standards met, in rank order
    const ranking = (await (await page.request.get('/api/evaluation/ranking?year=2024')).json()) as { towns: { code: string; villages: { rank: number; name: string; standardsPassed: number }[] }[] };
    const rankedA = ranking.towns.find((x) => x.code === TREE.townA)!.villages;
    await page.goto('/evaluation/ranking?year=2024');
    await page.getByTestId(`ranking-${TREE.townA}`).waitFor();
    const bars = page.locator('.ant-card').filter({ has: page.getByTestId(`ranking-${TREE.townA}`) }).locator('[aria-label*="达标标准数"]');
    await bars.waitFor();
    const described = (await bars.getAttribute('aria-label'))!;
    for (const v of rankedA) expect(described).toContain(`${v.rank}. ${v.name}的数据是${v.standardsPassed}，`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('downloads the monthly bulletin as a Word document', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'admin');
    await page.goto('/evaluation/bulletin?year=2024&month=6');
    await page.getByText('东村').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulletin-docx').click()]);
    expect(download.suggestedFilename()).toBe('无讼创建月度通报_2024年6月.docx');
    const file = await download.path();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('无讼创建工作月度通报');
    expect(xml).toContain('截至2024年6月30日');
    expect(xml).toContain('西村');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works at phone width within the user scope', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'baisha');
    await page.goto('/evaluation?year=2024');
    await page.getByTestId(`town-${TREE.townB}`).waitFor();
    expect(await page.getByTestId(`town-${TREE.townA}`).count()).toBe(0);
    expect(await page.getByTestId(`std-${TREE.townB}-T12`).textContent()).toBe('未定');
    await expectNoSidewaysScroll(page);
    await page.goto('/evaluation/warnings?year=2024&asOf=2024-06-30');
    await page.getByTestId('warnings').waitFor();
    await expectNoSidewaysScroll(page);
    // the rates are drawn too: the chart describes each village's current rate (ECharts' aria-label)
    const w = (await (await page.request.get('/api/evaluation/warnings?year=2024&asOf=2024-06-30')).json()) as { villages: { name: string; rate: number | null }[] };
    const rated = w.villages.filter((v) => v.rate !== null);
    expect(rated.length).toBeGreaterThan(0);
    const chart = page.locator('[aria-label*="当前万人起诉率"]');
    await chart.waitFor();
    const described = (await chart.getAttribute('aria-label'))!;
    for (const v of rated) expect(described).toContain(`${v.name}的数据是${Math.round(v.rate! * 100) / 100}，`);
    await page.goto('/evaluation/trends?year=2024');
    await page.getByText('就地化解率').first().waitFor();
    await expectNoSidewaysScroll(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
