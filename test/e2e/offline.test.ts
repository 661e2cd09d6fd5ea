// Issue 18.1: the service worker (web/src/sw/sw.js) keeps a grid worker's intake, disputes and screening pages, so
// a second visit works without network: the pages open from the stored shell, the lists from the last answers,
// an offline notice says so, an intake goes to the outbox and out once the network is back; signing out empties
// the stored answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createCampaign } from '../../server/modules/screening/service.ts';
import { createDispute } from '../../server/modules/disputes/intake.ts';
import { Cipher } from '../../server/secret.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx, TEST_SECRET } from '../helpers.ts';
import { shanghaiToday, shiftDay } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, pick, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
/** generous: the CI machines run several browser tests at once */
const SLOW = { timeout: 40_000, interval: 250 };
const KEPT = '孙大娘与邻居因院墙滴水发生口角';
const OFFLINE = '离线登记：赵六反映邻居占用巷道堆放杂物';

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'grid_off', name: '钱网格', password: PASSWORD, bindings: [{ role: 'grid_worker', regionCode: TREE.gridA1 }] });
  await createCampaign(s.database, sysCtx(), {
    regionCode: TREE.townA,
    title: '春节前矛盾纠纷集中排查',
    type: 'sensitive_period',
    startsOn: shiftDay(shanghaiToday(), -2),
    endsOn: shiftDay(shanghaiToday(), 5),
    deadline: shiftDay(shanghaiToday(), 3),
    targets: [TREE.gridA1],
  });
  await createDispute(s.database, new Cipher(TEST_SECRET), sysCtx(), {
    regionCode: TREE.gridA1,
    receivedOn: shanghaiToday(),
    channel: 'grid_screening',
    category: 'neighbour',
    summary: KEPT,
    peopleCount: 2,
    riskLevel: 'general',
    mayTurnCriminal: false,
    threatensPetition: false,
    parties: [{ role: 'applicant', kind: 'person', name: '孙大娘' }],
  });
  browser = await launchBrowser();
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const count = async (summary: string) => (await s.database.query<{ n: number }>('select count(*)::int as n from disputes where summary = $1', [summary]))[0].n;
const storedAnswers = (page: Page) =>
  page.evaluate(async () => ((await caches.keys()).includes('wusong-api') ? (await (await caches.open('wusong-api')).keys()).map((r) => new URL(r.url).pathname) : []));

describe('offline pages for the grid worker (service worker)', () => {
  it('a second visit of intake, my disputes and screening works offline; an intake waits in the outbox; signing out forgets', async () => {
    const { page, context, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'grid_off');
    // the worker installs (storing the shell) and takes this page over
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker?.controller?.state ?? null), SLOW).toBe('activated');

    // first visit, online
    await page.goto('/disputes/new');
    await page.getByLabel('纠纷简要情况').waitFor(SLOW);
    await expect.poll(() => page.locator('form').getByText('东村一网格', { exact: true }).count(), SLOW).toBeGreaterThan(0);
    await page.goto('/disputes');
    await page.getByText(KEPT).first().waitFor(SLOW);
    await page.goto('/screening');
    await page.getByText('春节前矛盾纠纷集中排查').first().waitFor(SLOW);
    const stored = await storedAnswers(page);
    expect(stored).toEqual(expect.arrayContaining(['/api/me', '/api/disputes', '/api/screening/my-tasks']));
    // only the answers those pages need are kept: never the notifications, the workbench or another feature's
    expect(stored.every((p) => /^\/api\/(me|regions|units|disputes|disputes\/dictionaries|screening\/.+)$/.test(p))).toBe(true);

    // second visit, offline: each page reloads from the stored shell and answers
    await context.setOffline(true);
    await page.reload();
    await page.getByText('春节前矛盾纠纷集中排查').first().waitFor(SLOW);
    await page.getByTestId('offline-notice').getByText(/当前离线/).waitFor(SLOW);
    await page.goto('/disputes');
    await page.getByText(KEPT).first().waitFor(SLOW);
    await page.getByTestId('offline-notice').waitFor(SLOW);
    await page.goto('/disputes/new');
    await page.getByLabel('纠纷简要情况').waitFor(SLOW);
    await page.getByText('当前离线：可以继续填写').waitFor(SLOW);
    // the form works from the stored lists: the worker's own grid chosen, categories offered
    await expect.poll(() => page.locator('form').getByText('东村一网格', { exact: true }).count(), SLOW).toBeGreaterThan(0);
    await pick(page, '纠纷类别', '邻里');
    await page.getByLabel('纠纷简要情况').fill(OFFLINE);
    const names = page.getByLabel('姓名');
    await names.nth(0).fill('赵六');
    await names.nth(1).fill('周七');
    await page.getByLabel('联系电话').nth(0).fill('13800002222');
    await page.getByRole('button', { name: /保存在本机|提交登记/ }).click();
    await page.getByText('本机有 1 件离线登记尚未提交').waitFor(SLOW);
    expect(await count(OFFLINE)).toBe(0);

    // back online: the outbox goes out, once
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => count(OFFLINE), SLOW).toBe(1);
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('wusong.dispute.outbox') ?? '[]').length), SLOW).toBe(0);

    // signing out empties the stored answers (the next user of this phone sees nothing of this one's)
    expect((await storedAnswers(page)).length).toBeGreaterThan(0);
    await page.evaluate(() => fetch('/api/auth/logout', { method: 'POST' }));
    expect(await storedAnswers(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
