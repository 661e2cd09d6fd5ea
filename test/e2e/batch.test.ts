// Issue 18.4 in Chromium at 1440 and 390 px: select several disputes and accept them at once (a per-row result
// dialog, one refused), answer several visits at once, export the rows selected, and attach a photo at intake.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createVisit } from '../../server/modules/visits/service.ts';
import { createDispute } from '../../server/modules/disputes/intake.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday, shiftDay } from '../prevention-fixture.ts';
import { PNG_1PX } from '../multipart.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const SLOW = { timeout: 40_000, interval: 250 };
const SHOTS = process.env.SHOTS_DIR;
const SIZES = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', null],
] as const;

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'office_a', name: '清溪镇综治中心', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  await createUser(s.database, sysCtx(), { username: 'grid_a1', name: '孙网格', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  const today = shanghaiToday();
  const base = { regionCode: TREE.a1, receivedOn: shiftDay(today, -3), channel: 'walk_in', category: 'neighbour', peopleCount: 2, amount: null, riskLevel: 'general', mayTurnCriminal: false, threatensPetition: false };
  for (const size of ['desktop', 'phone']) {
    for (const n of [1, 2, 3]) {
      await createDispute(s.database, s.app.cipher, sysCtx(), { ...base, summary: `批量${size}纠纷${n}：两户因排水沟堵塞争执`, parties: [{ role: 'applicant', kind: 'person', name: `申请人${n}`, idNumber: null, phone: null, address: null }] } as never);
    }
    for (const n of [1, 2]) {
      await createVisit(s.database, sysCtx(), { type: 'reception', visitedOn: shiftDay(today, -1), regionCode: TREE.a1, personsMet: `来访${size}${n}`, requests: `批量${size}诉求${n}：要求疏通排水沟` });
    }
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const stateOf = async (summary: string) => (await s.database.query<{ state: string }>('select state from disputes where summary = $1', [summary]))[0].state;

/** The row (desktop) or card (phone) holding a text, and its checkbox. */
const rowOf = (page: Page, size: string, text: string) => page.locator(size === 'desktop' ? 'tr' : '.list-card', { hasText: text });
const tick = (page: Page, size: string, text: string) => rowOf(page, size, text).locator('.ant-checkbox-input').first().check();

describe('batch work in the browser', () => {
  for (const [size, viewport] of SIZES) {
    it(`at ${viewport ? viewport.width : 390} px: accept several disputes (one refused), export the selected rows`, async () => {
      const { page, context, errors } = await newPage(browser, s, size);
      if (viewport) await page.setViewportSize(viewport);
      await loginAs(page, 'office_a');
      await page.goto('/disputes');
      const [d1, d2, d3] = [1, 2, 3].map((n) => `批量${size}纠纷${n}`);
      await rowOf(page, size, d1).first().waitFor(SLOW);
      // d3 is accepted in the meantime by someone else: its row still shows 已登记
      for (const d of [d1, d2, d3]) await tick(page, size, d);
      await page.getByTestId('selection-bar').getByText('已选 3 条').waitFor();
      const [row3] = await s.database.query<{ id: string; version: number }>(`select id, version from disputes where summary like $1`, [`${d3}%`]);
      const other = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'office_a', password: PASSWORD } });
      const cookie = String(other.headers['set-cookie']).split(';')[0];
      expect((await s.app.inject({ method: 'POST', url: `/api/disputes/${row3.id}/notes`, headers: { cookie }, payload: { notes: '另一人先受理' } })).statusCode).toBe(200);
      expect((await s.app.inject({ method: 'POST', url: `/api/disputes/${row3.id}/actions`, headers: { cookie }, payload: { action: 'accept', version: row3.version } })).statusCode).toBe(200);

      // export the three selected rows
      const download = page.waitForEvent('download');
      await page.getByTestId('export-selected').click();
      const file = await (await download).path();
      expect(fs.statSync(file!).size).toBeGreaterThan(1000);

      await page.getByTestId('batch-accept').click();
      const dialog = page.getByRole('dialog').filter({ hasText: '批量受理' });
      await dialog.getByText('所选纠纷逐件受理').waitFor();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/batch-accept-${size}.png` });
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      const result = page.getByTestId('batch-result');
      await result.waitFor(SLOW);
      expect(await result.getByText('成功 2 条，失败 1 条（未作任何修改）').count()).toBe(1);
      expect(await result.locator('.batch-row', { hasText: '失败' }).textContent()).toContain('该记录已被他人修改，请刷新后重试');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/batch-result-${size}.png` });
      await page.getByRole('button', { name: /知道了/ }).click();
      expect(await stateOf(`${d1}：两户因排水沟堵塞争执`)).toBe('accepted');
      expect(await stateOf(`${d2}：两户因排水沟堵塞争执`)).toBe('accepted');
      // the refused row stays selected, to be looked at
      await page.getByTestId('selection-bar').getByText('已选 1 条').waitFor(SLOW);
      const audit = await s.database.query<{ n: number }>(`select count(*)::int as n from audit_log a join disputes d on d.id = a.entity_id where a.action = 'dispute.accept' and d.summary like $1`, [`批量${size}%`]);
      expect(audit[0].n).toBe(3);
      const o = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(o).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }, 240_000);

    it(`at ${viewport ? viewport.width : 390} px: answer several visits at once`, async () => {
      const { page, context, errors } = await newPage(browser, s, size);
      if (viewport) await page.setViewportSize(viewport);
      await loginAs(page, 'office_a');
      await page.goto('/visits');
      const [v1, v2] = [1, 2].map((n) => `批量${size}诉求${n}`);
      await rowOf(page, size, v1).first().waitFor(SLOW);
      await tick(page, size, v1);
      await tick(page, size, v2);
      await page.getByTestId('batch-answer').click();
      const dialog = page.getByRole('dialog').filter({ hasText: '批量答复' });
      await dialog.getByLabel('答复情况').fill('已协调村委会统一疏通排水沟');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/batch-visits-${size}.png` });
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      const result = page.getByTestId('batch-result');
      await result.waitFor(SLOW);
      expect(await result.getByText('成功 2 条').count()).toBe(1);
      await page.getByRole('button', { name: /知道了/ }).click();
      const rows = await s.database.query<{ request_status: string; answer: string }>(`select request_status, answer from visits where requests like $1`, [`批量${size}诉求%`]);
      expect(rows).toEqual([
        { request_status: 'resolved', answer: '已协调村委会统一疏通排水沟' },
        { request_status: 'resolved', answer: '已协调村委会统一疏通排水沟' },
      ]);
      expect(await page.getByTestId('selection-bar').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }, 240_000);
  }

  it('a grid worker attaches a photo at intake on the phone; it shows on the dispute and downloads', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'grid_a1');
    await page.goto('/disputes/new');
    await page.getByLabel('纠纷简要情况').waitFor();
    await expect.poll(() => page.locator('form').getByText('东村一网格', { exact: true }).count(), SLOW).toBeGreaterThan(0);
    await page.getByLabel('纠纷类别', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="邻里"]').click();
    await page.getByLabel('纠纷简要情况').fill('带照片登记：两户因排水沟堵塞争执');
    const names = page.getByLabel('姓名');
    await names.nth(0).fill('张三');
    await names.nth(1).fill('李四');
    const camera = page.getByTestId('intake-camera');
    expect(await camera.getAttribute('capture')).toBe('environment');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    await camera.setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG_1PX });
    // a file of another kind is refused in Chinese before it is sent
    await page.getByTestId('intake-attach').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByText('说明.txt：只能上传 JPEG、PNG、WebP 图片，PDF 或 Word（.docx）文件').waitFor();
    await page.locator('.intake-file img[alt="现场.png"]').waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/intake-photo-phone.png`, fullPage: true });
    await page.getByRole('button', { name: /提交登记/ }).click();
    await page.waitForURL(/\/disputes\/[0-9a-f-]{36}$/, SLOW);
    const files = page.getByTestId('dispute-files');
    await files.getByText('照片和附件（1）').waitFor(SLOW);
    const img = files.locator('img').first();
    await img.waitFor(SLOW);
    const src = await img.getAttribute('src');
    const got = await page.evaluate(async (u) => {
      const r = await fetch(u!);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, src);
    expect(got).toEqual({ status: 200, type: 'image/png', size: PNG_1PX.length });
    const [row] = await s.database.query<{ n: number }>(`select count(*)::int as n from files f join disputes d on d.id = f.owner_id where f.owner_entity = 'dispute' and d.summary = '带照片登记：两户因排水沟堵塞争执'`);
    expect(row.n).toBe(1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/dispute-photo-phone.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
