// 否决事项核查 in Chromium (issue 14.4): the scorecard says which village's V4 rests on an unreviewed criminal
// case; the town office confirms one on a phone and dismisses another with a reason on the desktop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { courtCase } from '../../server/modules/evaluation/test-data.ts';
import { todayShanghai } from '../../core/dates.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const year = Number(todayShanghai().slice(0, 4));

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'qingxi', name: '清溪镇平安办', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  await courtCase(s.database, { region: TREE.a1, filedOn: `${year}-01-02`, kind: 'criminal', caseNo: `(${year})浙0782刑初21号` });
  await courtCase(s.database, { region: TREE.a2, filedOn: `${year}-01-03`, kind: 'criminal', caseNo: `(${year})浙0782刑初22号` });
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('veto items to review', () => {
  it('the scorecard points at the unreviewed cases; confirming one on a phone counts it, dismissing needs a reason', async () => {
    const desk = await newPage(browser, s, 'desktop');
    await loginAs(desk.page, 'qingxi');
    await desk.page.goto(`/evaluation?year=${year}`);
    await expect.poll(() => desk.page.getByTestId(`veto-pending-${TREE.a1}`).textContent()).toBe('1件刑事案件待核查');
    expect(await desk.page.getByTestId(`veto-pending-${TREE.townA}`).textContent()).toBe('2件刑事案件待核查');
    if (process.env.WUSONG_SHOTS) await desk.page.screenshot({ path: `${process.env.WUSONG_SHOTS}/scorecard-veto-1440.png`, fullPage: true });
    await desk.page.goto('/veto-reviews');
    await desk.page.getByTestId(`veto-(${year})浙0782刑初21号`).waitFor();
    if (process.env.WUSONG_SHOTS) await desk.page.screenshot({ path: `${process.env.WUSONG_SHOTS}/veto-1440.png` });
    await desk.context.close();

    const phone = await newPage(browser, s, 'phone');
    await loginAs(phone.page, 'qingxi');
    await phone.page.goto('/veto-reviews');
    const card = phone.page.getByTestId(`veto-(${year})浙0782刑初21号`);
    if (process.env.WUSONG_SHOTS) await phone.page.screenshot({ path: `${process.env.WUSONG_SHOTS}/veto-390.png` });
    await card.getByRole('button', { name: '确认为否决事项' }).click();
    if (process.env.WUSONG_SHOTS) await phone.page.getByRole('dialog').waitFor();
    if (process.env.WUSONG_SHOTS) await phone.page.screenshot({ path: `${process.env.WUSONG_SHOTS}/veto-confirm-390.png` });
    await phone.page.getByRole('dialog').getByRole('spinbutton').fill('40');
    await phone.page.getByRole('dialog').getByRole('button', { name: '确 认' }).click();
    await expect.poll(() => phone.page.getByTestId(`veto-(${year})浙0782刑初21号`).count()).toBe(0);
    const { scroll, width } = await phone.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    // dismissing without a reason is refused in the form; with one it goes
    const other = phone.page.getByTestId(`veto-(${year})浙0782刑初22号`);
    await other.getByRole('button', { name: '排 除' }).click();
    await phone.page.getByRole('dialog').getByRole('button', { name: '排 除' }).click();
    await phone.page.getByText('请填写排除理由').waitFor();
    await phone.page.getByRole('dialog').getByRole('textbox').fill('被告人户籍不在本村');
    await phone.page.getByRole('dialog').getByRole('button', { name: '排 除' }).click();
    await phone.page.getByText(`${year}年没有待核查的事项`).waitFor();
    expect(phone.errors).toEqual([]);
    await phone.context.close();

    const r = await s.app.inject({ method: 'GET', url: `/api/evaluation?year=${year}&town=${TREE.townA}`, headers: { cookie: await cookieOf('qingxi') } });
    const a1 = r.json().towns[0].villages.find((v: { code: string }) => v.code === TREE.a1);
    expect(a1.indicators.intentional_crimes.value).toBe(1);
    expect(a1.standards.V4.passed).toBe(false);
  });
});

async function cookieOf(username: string): Promise<string> {
  const r = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  return String(r.headers['set-cookie']).split(';')[0];
}
