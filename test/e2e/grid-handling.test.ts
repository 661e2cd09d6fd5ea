// Issue 13.2 in the browser: a grid worker handles a grid-level stage of their grid on a phone (390 px) —
// accepts, mediates, resolves — and the town office hands a dispute to a village mediator (desktop).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createDispute } from '../../server/modules/disputes/intake.ts';
import { DisputeCreate } from '../../core/schemas/disputes.ts';
import { addDays, todayShanghai } from '../../core/dates.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const SLOW = { timeout: 40_000, interval: 250 };
const SHOTS = process.env.WUSONG_SHOTS_DIR ?? '';

async function register(summary: string, regionCode: string) {
  const { dispute } = await createDispute(
    s.database,
    s.app.cipher,
    sysCtx(),
    DisputeCreate.parse({
      regionCode,
      receivedOn: addDays(todayShanghai(), -2),
      channel: 'grid_screening',
      category: 'neighbour',
      summary,
      parties: [
        { role: 'applicant', kind: 'person', name: '张三' },
        { role: 'respondent', kind: 'person', name: '李四' },
      ],
    }),
  );
  return dispute;
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'grid_a1', name: '孙网格', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  await createUser(s.database, sysCtx(), { username: 'office_a', name: '陈平安', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  await createUser(s.database, sysCtx(), { username: 'mediator_a1', name: '郑调解', password: PASSWORD, bindings: [{ role: 'mediator', regionCode: TREE.a1 }] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const buttonsOf = async (page: Page) => {
  const actions = page.getByTestId('dispute-actions');
  return (await actions.count()) ? (await actions.getByRole('button').allTextContents()).map((t) => t.replace(/\s+/g, '')) : [];
};

async function act(page: Page, label: string, expected: string, fill?: () => Promise<void>) {
  const state = () => page.locator('.page-header .ant-tag').first().textContent();
  await page.getByTestId('dispute-actions').getByRole('button', { name: new RegExp(`^${label.split('').join('\\s*')}$`) }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill();
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect.poll(state, SLOW).toBe(expected);
}

describe('handing disputes over in the browser', () => {
  it('a grid worker at 390 px accepts and resolves a grid-level dispute of their grid', async () => {
    const d = await register('网格内两户因排水沟堵塞争执', TREE.gridA1);
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'grid_a1');
    await page.goto(`/disputes/${d.id}`);
    await expect.poll(() => buttonsOf(page), SLOW).toEqual(['受理']);
    await page.getByTestId('dispute-actions').getByRole('button', { name: /受\s*理/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // only the grid level is offered to a grid worker
    expect((await dialog.locator('.ant-radio-button-wrapper').allTextContents()).slice(0, 1)).toEqual(['网格']);
    await shot(page, 'grid-accept-390');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    const state = () => page.locator('.page-header .ant-tag').first().textContent();
    await expect.poll(state, SLOW).toBe('已受理');
    await act(page, '开始调解', '调解中');
    await act(page, '记录调解', '调解中', async () => {
      await page.getByRole('dialog').getByLabel('地点').fill('网格工作站');
    });
    await act(page, '调解成功', '已化解', async () => {
      await page.getByRole('dialog').getByLabel('协议内容').fill('双方共同疏通排水沟。');
    });
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    await shot(page, 'grid-resolved-390');
    const [row] = await s.database.query<{ state: string; outcome_level: string; mediators: string }>(
      `select d.state, d.outcome_level, a.mediators from disputes d join agreements a on a.dispute_id = d.id where d.id = $1`,
      [d.id],
    );
    expect(row).toEqual({ state: 'resolved', outcome_level: 'grid', mediators: '孙网格' });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('the grid worker intake starts on channel 网格排查 and their own grid (issue 18.4)', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'grid_a1');
    await page.goto('/disputes/new');
    const shown = (label: string) => page.locator('.ant-form-item').filter({ hasText: label }).locator('.ant-select-content, .ant-select-selection-item').first();
    await expect.poll(() => shown('受理渠道').textContent(), SLOW).toBe('网格排查');
    await expect.poll(() => shown('纠纷发生地').textContent(), SLOW).toContain('一网格');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('the town office names a village mediator (1440 px); the mediator finds it in 待我受理; 告知诉权 is asked on fail', async () => {
    const d = await register('东村两户宅基地界址争议', TREE.a1);
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAs(page, 'office_a');
    await page.goto(`/disputes/${d.id}`);
    await expect.poll(() => buttonsOf(page), SLOW).toEqual(['受理', '撤回']);
    await act(page, '受理', '已受理', async () => {
      const dialog = page.getByRole('dialog');
      await dialog.locator('.ant-radio-button-wrapper', { hasText: /^村（社区）$/ }).click();
      await dialog.getByLabel('承办单位').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '东村调委会' }).click();
      await dialog.getByLabel('承办人').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="郑调解"]').click();
      await shot(page, 'office-accept-1440');
    });
    expect(await page.getByText('东村调委会 · 郑调解').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();

    const m = await newPage(browser, s, 'phone');
    await loginAs(m.page, 'mediator_a1');
    await m.page.goto('/disputes/todo');
    const card = m.page.getByTestId('todo-card').filter({ hasText: d.number });
    await card.waitFor(SLOW);
    expect(await card.locator('.ant-tag').first().textContent()).toBe('新到达/待我受理');
    await shot(m.page, 'mediator-todo-390');
    await card.click();
    await m.page.waitForURL(`**/disputes/${d.id}`, SLOW);
    await act(m.page, '开始调解', '调解中');
    // fail without 告知诉权 is stopped in the dialog
    await m.page.getByTestId('dispute-actions').getByRole('button', { name: /调\s*解\s*不\s*成/ }).click();
    const dialog = m.page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('调解不成的原因').click();
    await m.page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.getByText('须告知当事人依法起诉的权利，并予以记录').waitFor(SLOW);
    await dialog.getByTestId('told-right-to-sue').check();
    await shot(m.page, 'mediator-fail-390');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => m.page.locator('.page-header .ant-tag').first().textContent(), SLOW).toBe('调解不成');
    expect(await m.page.getByText(/已告知（\d{4}-\d{2}-\d{2}）/).count()).toBeGreaterThan(0);
    await shot(m.page, 'mediator-detail-390');
    expect(m.errors).toEqual([]);
    await m.context.close();
  }, 180_000);
});
