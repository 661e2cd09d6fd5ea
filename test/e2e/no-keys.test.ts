// No internal key on any page (issue 14.7): every user of the demo county (one per role, and the administrator)
// opens every page of the menu (ROUTES of web/src/app/routes.tsx) and a dispute's detail at desktop width; the
// visible text must hold no snake_case word (`screening_campaign`) and no dotted key (`dispute.accept`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../server/modules/demo/seed.ts';
import { setPassword } from '../../server/modules/users/service.ts';
import { Cipher } from '../../server/secret.ts';
import { PASSWORD, sysCtx, TEST_SECRET } from '../helpers.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** every routed page without a parameter, read from the registry (the menu is built from the same lines) */
const PATHS = [...fs.readFileSync(path.join(ROOT, 'web/src/app/routes.tsx'), 'utf8').matchAll(/\{ path: '([^']+)'/g)].map((m) => m[1]).filter((p) => !p.includes(':'));

const SNAKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;
const DOTTED = /\b[a-z]+\.[a-z_]+\b/g;

let s: E2EServer;
let browser: Browser;
let usernames: string[] = [];

beforeAll(async () => {
  s = await startE2EServer();
  await seedDemo(s.database, new Cipher(TEST_SECRET), sysCtx(), { force: true, adminPassword: PASSWORD, disputeScale: 0.1 });
  usernames = (await s.database.query<{ username: string }>('select username from users order by username')).map((u) => u.username);
  for (const u of usernames) await setPassword(s.database, sysCtx(), u, PASSWORD);
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

/** the keys visible on the page now, after its data arrived; login names, addresses and e-mail are people's data */
async function visibleKeys(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
  let text = await page.evaluate(() => document.body.innerText);
  text = text.replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ').replace(/\S+@\S+/g, ' ').replace(/\b[\w-]+\.(?:xlsx|docx|csv|zip|json|pdf)\b/g, ' ');
  for (const u of usernames) text = text.split(u).join(' ');
  return [...new Set([...(text.match(SNAKE) ?? []), ...(text.match(DOTTED) ?? [])])];
}

describe('no internal keys on any page', () => {
  const ROLES = ['admin', 'qingxi_office', 'qingxi_leader', 'qingxi_justice', 'court_liaison', 'qingxi_police', 'dongxi_cadre', 'dongxi_mediator', 'dongxi_grid1', 'qingxi_mediator'];
  it.each(ROLES)('as %s', async (username) => {
    const { page, context, errors } = await newPage(browser, s, 'desktop');
    await page.setViewportSize({ width: 1440, height: 900 });
    await loginAs(page, username);
    const leaks: string[] = [];
    for (const p of PATHS) {
      await page.goto(p);
      const keys = await visibleKeys(page);
      if (keys.length) leaks.push(`${p}: ${keys.join(', ')}`);
      if (p === '/disputes') {
        const href = await page.locator('a[href^="/disputes/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!).find((h) => /^\/disputes\/[0-9a-f-]{36}$/.test(h)));
        if (href) {
          await page.goto(href);
          const k = await visibleKeys(page);
          if (k.length) leaks.push(`/disputes/:id: ${k.join(', ')}`);
        }
      }
    }
    await context.close();
    expect(leaks).toEqual([]);
    expect(errors).toEqual([]);
  }, 600_000);
});
