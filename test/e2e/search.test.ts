// Issue 18.4: the header's search — `/` from anywhere, a query code read out on the phone opens its dispute,
// a name shared by several opens the ledger filtered by it; on a phone the search is an icon in the header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createDispute } from '../../server/modules/disputes/intake.ts';
import { Cipher } from '../../server/secret.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx, TEST_SECRET } from '../helpers.ts';
import { shanghaiToday } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const made: { id: string; number: string; queryCode: string }[] = [];
const SLOW = { timeout: 40_000 };

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'qingxi_office', name: '镇平安办', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  for (const [name, summary] of [
    ['欧阳春', '欧阳春与邻居因宅基地界址发生纠纷'],
    ['欧阳秋', '欧阳秋与村民因土地承包经营权发生纠纷'],
  ]) {
    const r = await createDispute(s.database, new Cipher(TEST_SECRET), sysCtx(), {
      regionCode: TREE.a1,
      receivedOn: shanghaiToday(),
      channel: 'walk_in',
      category: 'neighbour',
      summary,
      peopleCount: 2,
      riskLevel: 'general',
      mayTurnCriminal: false,
      threatensPetition: false,
      parties: [{ role: 'applicant', kind: 'person', name }],
    });
    made.push({ id: r.dispute.id, number: r.dispute.number, queryCode: r.dispute.queryCode });
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('the header search', () => {
  it('desktop: / focuses it, a query code opens the dispute, a shared name opens the ledger filtered', async () => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'qingxi_office');
    await page.getByText('待办事项').waitFor(SLOW);
    await page.keyboard.press('/');
    await page.keyboard.type(made[1].queryCode.toLowerCase());
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/disputes/${made[1].id}`, SLOW);
    await page.getByText(made[1].number).first().waitFor(SLOW);

    const box = page.getByRole('combobox', { name: '搜索纠纷' });
    await box.fill('欧阳');
    await page.getByTestId(`search-hit-${made[0].number}`).waitFor(SLOW); // suggestions while typing
    await box.press('Enter');
    await page.waitForURL((u) => u.pathname === '/disputes' && u.searchParams.get('q') === '欧阳', SLOW);
    await page.getByText(made[0].number).first().waitFor(SLOW);
    expect(await page.getByText(made[1].number).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('phone: the icon opens the field and a picked suggestion opens the dispute', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'qingxi_office');
    await page.getByRole('button', { name: '搜索纠纷' }).click();
    await page.getByRole('combobox', { name: '搜索纠纷' }).fill('欧阳秋');
    await page.getByTestId(`search-hit-${made[1].number}`).click();
    await page.waitForURL(`**/disputes/${made[1].id}`, SLOW);
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
