/**
 * A party signs the agreement on the mediator's phone (issue 17.3): at 390 px the signature is drawn with pointer
 * events on the canvas, listed as valid, and found as an image in the agreement .docx.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createDispute } from '../../server/modules/disputes/intake.ts';
import { performAction } from '../../server/modules/disputes/actions.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { shanghaiToday, shiftDay } from '../prevention-fixture.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
let id = '';
const SHOTS = process.env.SHOTS_DIR;

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'qingxi_office', name: '镇平安办', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  const today = shanghaiToday();
  const c = await createDispute(s.database, s.app.cipher, sysCtx(), {
    regionCode: TREE.a1, receivedOn: shiftDay(today, -5), channel: 'walk_in', category: 'neighbour', summary: '两户因排水沟堵塞发生争执', peopleCount: 2, amount: null, riskLevel: 'general',
    mayTurnCriminal: false, threatensPetition: false,
    parties: [{ role: 'applicant', kind: 'person', name: '张三', idNumber: null, phone: null, address: null }],
  } as never);
  id = c.dispute.id;
  let version = c.dispute.version;
  for (const body of [
    { action: 'accept', level: 'town', date: shiftDay(today, -4) },
    { action: 'start_mediation', date: shiftDay(today, -4) },
    { action: 'resolve', date: shiftDay(today, -2), agreement: { form: 'written', content: '李四疏通排水沟，赔偿张三五百元', performanceDeadline: shiftDay(today, 10) } },
  ]) version = (await performAction(s.database, sysCtx(), id, { ...body, version } as never)).version;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('电子签名 on a phone (issue 17.3)', () => {
  it('a party draws a signature at 390 px; it is listed and is in the .docx', async () => {
    const { page, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'qingxi_office');
    await page.goto(`/disputes/${id}`);
    await page.getByRole('tab', { name: '调解协议' }).dispatchEvent('click', undefined, { timeout: 40_000 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/agreement-tab-phone.png`, fullPage: true });
    await page.getByRole('button', { name: '手写签名' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('签名人').click();
    await page.getByTitle('当事人 张三').click();
    const box = (await dialog.getByTestId('signature-pad').boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 20 + i * ((box.width - 40) / 20), box.y + box.height / 2 + (i % 2 ? -20 : 20));
    await page.mouse.up();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/signature-pad-phone.png` });
    await dialog.getByRole('button', { name: '确认签名' }).click();
    await page.getByTestId('signatures').getByText('当事人 张三').waitFor({ timeout: 40_000 });
    await page.getByTestId('signatures').getByText('有效').waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/signatures-phone.png`, fullPage: true });
    const res = await page.request.get(`${s.baseUrl}/api/disputes/${id}/agreement.docx`);
    expect(res.status()).toBe(200);
    const zip = await JSZip.loadAsync(await res.body());
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const img = await zip.file(media[0])!.async('nodebuffer');
    expect(img.subarray(1, 4).toString()).toBe('PNG');
    expect(errors).toEqual([]);
  }, 180_000);
});
