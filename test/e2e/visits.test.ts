import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createVisit } from '../../server/modules/visits/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday, shiftDay } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const SHOTS = process.env.SHOTS_DIR;

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'qingxi_office', name: '镇平安办', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  for (const [i, name] of ['张三、李四', '王五、赵六'].entries()) {
    await createVisit(s.database, sysCtx(), {
      type: 'reception',
      visitedOn: shiftDay(shanghaiToday(), -1),
      regionCode: TREE.a1,
      personsMet: name,
      personsCount: 2,
      requests: i === 0 ? '楼上漏水，两家争执不下' : '宅基地边界争议',
    });
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('接访 → 登记纠纷 in the browser (issue 13.10)', () => {
  for (const size of ['desktop', 'phone'] as const) {
    it(`at ${size} width: the intake opens prefilled from the visit; registering links both ways`, async () => {
      const { page, errors } = await newPage(browser, s, size);
      await loginAs(page, 'qingxi_office');
      await page.goto('/visits');
      const summary = size === 'desktop' ? '楼上漏水，两家争执不下' : '宅基地边界争议';
      // a table row at desktop width, a card on a phone
      const rowOf = () => page.locator(size === 'desktop' ? 'tr' : '.list-card', { hasText: summary });
      const row = rowOf();
      await row.getByRole('button', { name: '登记为纠纷' }).click({ timeout: 40_000 });
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.locator('textarea').inputValue(), { timeout: 40_000 }).toBe(summary);
      expect(await dialog.locator('input[value="张三"], input[value="王五"]').count()).toBe(1);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/visit-to-dispute-${size}.png` });
      await dialog.getByLabel('类别').click();
      await page.getByTitle('邻里').click();
      await dialog.getByRole('button', { name: '登记纠纷' }).click();
      await page.waitForURL(/\/disputes\/[^/]+$/, { timeout: 40_000 });
      await page.getByText(summary).first().waitFor({ timeout: 40_000 });
      expect(await page.getByText('该记录已关联纠纷').count()).toBe(0);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/dispute-from-visit-${size}.png`, fullPage: true });
      // the visit now shows the dispute's number
      await page.goto('/visits');
      await expect.poll(() => rowOf().getByRole('link').textContent(), { timeout: 40_000 }).toMatch(/^清溪-\d{4}-\d{4}$/);
      expect(errors).toEqual([]);
    }, 120_000);
  }
});
