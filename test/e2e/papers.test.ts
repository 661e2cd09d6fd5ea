import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { seedTree, TREE } from '../factories.ts';
import { cookieOf, PASSWORD } from '../helpers.ts';
import { addDays, todayShanghai } from '../../core/dates.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const SLOW = { timeout: 40_000 };
const SHOTS = process.env.PAPER_SHOTS;
let id = '';

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  browser = await launchBrowser();
  const login = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
  const cookie = cookieOf(login);
  const day = (n: number) => addDays(todayShanghai(), n);
  const r = await s.app.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: { cookie },
    payload: { regionCode: TREE.a1, receivedOn: day(-3), channel: 'walk_in', category: 'neighbour', summary: '张三与李四因排水沟堵塞发生争执', peopleCount: 2, riskLevel: 'general', mayTurnCriminal: false, threatensPetition: false, parties: [{ role: 'applicant', kind: 'person', name: '张三' }, { role: 'respondent', kind: 'person', name: '李四' }] },
  });
  expect(r.statusCode, r.body).toBe(201);
  id = r.json().id;
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('papers in the browser (14.10, 14.11)', () => {
  it('downloads the case file from the dispute detail at desktop and phone width', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { page, context, errors } = await newPage(browser, s, size);
      if (size === 'desktop') await page.setViewportSize({ width: 1440, height: 900 });
      await loginAs(page, 'admin');
      await page.goto(`/disputes/${id}`);
      const button = page.getByRole('button', { name: /下载调解卷宗/ });
      await button.waitFor(SLOW);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/detail-${size}.png`, fullPage: false });
      const [download] = await Promise.all([page.waitForEvent('download', SLOW), button.click()]);
      expect(download.suggestedFilename()).toMatch(/人民调解卷宗.*\.docx$/);
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      expect(scroll).toBeLessThanOrEqual(width);
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('the settings page has the 发文 settings', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { page, context } = await newPage(browser, s, size);
      if (size === 'desktop') await page.setViewportSize({ width: 1440, height: 900 });
      await loginAs(page, 'admin');
      await page.goto('/admin/settings');
      await page.getByLabel('发文机关（落款）').waitFor(SLOW);
      // filled once the year's settings arrive
      await expect.poll(() => page.getByLabel('发文机关（落款）').inputValue(), SLOW).toBe('无讼创建工作领导小组办公室');
      await page.getByLabel('发文字号前缀').scrollIntoViewIfNeeded();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings-${size}.png` });
      await context.close();
    }
  }, 120_000);
});
