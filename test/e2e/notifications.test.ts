import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { notify } from '../../server/modules/notifications/notify.ts';
import { drainDeliveries } from '../../server/modules/notifications/outbox.ts';
import { createChannel } from '../../server/modules/notifications/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;
const SLOW = { timeout: 40_000, interval: 250 };
const SHOTS = process.env.WUSONG_SHOTS_DIR; // e.g. /work/shots/notify: screenshots at 1440 and 390 px when set
let policeId = '';

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'office_a', name: '清溪镇综治中心', password: PASSWORD, bindings: [{ role: 'town_office', regionCode: TREE.townA }] });
  const u = await createUser(s.database, sysCtx(), { username: 'police_a', name: '王警官', password: PASSWORD, bindings: [{ role: 'department', unitId: `police-${TREE.townA}` }] });
  policeId = u.user.id;
  for (let i = 1; i <= 3; i++) {
    await s.database.db.transaction((tx) =>
      notify(tx, {
        event: i === 3 ? 'stage.overdue' : 'dispute.arrived',
        key: `e2e-${i}`,
        title: i === 3 ? `纠纷 清溪-2024-000${i} 已超期` : `新纠纷到达清溪镇派出所`,
        text: `纠纷 清溪-2024-000${i} 已流转至清溪镇派出所,请及时受理办理。`,
        ref: { kind: 'dispute', id: `00000000-0000-0000-0000-00000000000${i}`, number: `清溪-2024-000${i}` },
        townCode: TREE.townA,
        regionCode: TREE.a1,
        userIds: [policeId],
      }),
    );
  }
  // a channel whose receiver is down: its delivery fails and waits in the log
  await createChannel(s.database, sysCtx(), { kind: 'webhook', name: '派出所值班系统', target: 'http://127.0.0.1:9/hook', regionCode: TREE.townA, events: ['stage.overdue'] });
  await s.database.db.transaction((tx) =>
    notify(tx, { event: 'stage.overdue', key: 'e2e-channel', title: '纠纷 清溪-2024-0009 已超期', text: '纠纷 清溪-2024-0009 已超过办理期限。', ref: null, townCode: TREE.townA, regionCode: TREE.townA, userIds: [] }),
  );
  await drainDeliveries(s.database);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** The bell's unread figure (antd's badge), or null when there is none. */
async function countText(page: Page) {
  const sup = page.getByTestId('notification-bell').locator('sup.ant-badge-count');
  return (await sup.count()) ? sup.first().getAttribute('title') : null;
}

describe('notifications in the browser', () => {
  it('the bell shows the unread count; opening the list and marking read lowers it (desktop and phone)', async () => {
    const { page, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAs(page, 'police_a');
    await expect.poll(() => countText(page), SLOW).toBe('3');
    await page.getByText('最新通知').waitFor(SLOW);
    await shot(page, 'workbench-1440');
    await page.getByTestId('notification-bell').click();
    await page.locator('.notification-popover [data-testid="notification-item"]').first().waitFor();
    await shot(page, 'bell-popover-1440');
    await page.getByRole('button', { name: '查看全部通知' }).click();
    await page.waitForURL(/\/notifications$/);
    await page.getByText('3 条未读').waitFor(SLOW);
    await page.getByText('标为已读', { exact: true }).first().click();
    await expect.poll(() => countText(page), SLOW).toBe('2');
    await shot(page, 'notifications-1440');
    // the filter by event
    await page.locator('.ant-select').filter({ hasText: '全部事件' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="办理已超期"]').click();
    await expect.poll(() => page.locator('main [data-testid="notification-item"], .app-content [data-testid="notification-item"]').count(), SLOW).toBe(1);
    expect(errors).toEqual([]);

    const phone = await newPage(browser, s, 'phone');
    await loginAs(phone.page, 'police_a');
    await expect.poll(() => countText(phone.page), SLOW).toBe('2');
    await shot(phone.page, 'workbench-390');
    await phone.page.getByTestId('notification-bell').click();
    await phone.page.locator('.notification-popover [data-testid="notification-item"]').first().waitFor();
    await shot(phone.page, 'bell-popover-390');
    await phone.page.getByRole('button', { name: '全部已读' }).click();
    await expect.poll(() => countText(phone.page), SLOW).toBe(null);
    await phone.page.goto('/notifications');
    await phone.page.getByText('接收设置').waitFor(SLOW);
    await shot(phone.page, 'notifications-390');
    const { scroll, width } = await phone.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    expect(phone.errors).toEqual([]);
  });

  it('the town office sees its channels and the delivery log with 重新发送', async () => {
    const { page, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAs(page, 'office_a');
    await page.goto('/admin/notification-channels');
    await page.getByText('派出所值班系统').waitFor(SLOW);
    await shot(page, 'channels-1440');
    await page.getByRole('button', { name: '新建渠道' }).click();
    await page.getByText('发送的事件').waitFor();
    await shot(page, 'channel-form-1440');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await page.getByRole('tab', { name: '发送记录' }).click();
    await page.getByText('待发送').waitFor(SLOW);
    const resend = page.getByText('重新发送');
    await resend.first().waitFor();
    await shot(page, 'deliveries-1440');
    await resend.first().click();
    await page.getByText('已重新加入发送队列').waitFor(SLOW);
    expect(errors).toEqual([]);

    const phone = await newPage(browser, s, 'phone');
    await loginAs(phone.page, 'office_a');
    await phone.page.goto('/admin/notification-channels');
    await phone.page.getByText('派出所值班系统').waitFor(SLOW);
    await shot(phone.page, 'channels-390');
    await phone.page.getByRole('tab', { name: '发送记录' }).click();
    await phone.page.getByText('重新发送').first().waitFor(SLOW);
    await shot(phone.page, 'deliveries-390');
    expect(phone.errors).toEqual([]);
  });
});
