import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser } from '../../server/modules/users/service.ts';
import { createRecord } from '../../server/modules/court-data/service.ts';
import { seedTree, TREE } from '../factories.ts';
import { PASSWORD, sysCtx } from '../helpers.ts';
import { csv } from '../bundle.ts';
import { launchBrowser, loginAs, newPage, startE2EServer, type E2EServer } from './server.ts';

let s: E2EServer;
let browser: Browser;

beforeAll(async () => {
  s = await startE2EServer();
  await seedTree(s.database);
  await createUser(s.database, sysCtx(), { username: 'court1', name: '法院联络员', password: PASSWORD, bindings: [{ role: 'court_liaison', regionCode: TREE.county }] });
  await createRecord(s.database, sysCtx(), 'court_cases', { caseNo: '(2024)浙0782民初7001号', filedOn: '2024-05-01', defendantAddress: '清溪镇东村西村路9号' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

const cases = (rows: (string | null)[][]) => Buffer.from('\ufeff' + csv([['案号', '立案日期', '被告所在地区代码', '被告住址'], ...rows]), 'utf8');

describe('import in the browser', () => {
  it('uploads a CSV, shows the check with rejected rows, then a good file, commits, and the cases are listed', async () => {
    const { page, errors } = await newPage(browser, s, 'desktop');
    await loginAs(page, 'court1');
    await page.goto('/exchange');

    // a file with a bad row: the check says which row and column, and nothing can be committed
    await page.locator('input[type=file]').setInputFiles([{ name: 'court_cases.csv', mimeType: 'text/csv', buffer: cases([['(2024)浙0782民初8001号', '2024-02-30', TREE.a1, null]]) }]);
    await page.getByRole('button', { name: '上传并检查' }).click();
    const errs = page.getByTestId('import-errors');
    await errs.waitFor();
    expect(await errs.innerText()).toContain('第2行 立案日期');
    expect(await page.getByTestId('import-commit').count()).toBe(0);

    // a good file: check, progress, report, commit
    await page.getByRole('button', { name: '重新选择文件' }).click();
    await page.locator('input[type=file]').setInputFiles([
      {
        name: 'court_cases.csv',
        mimeType: 'text/csv',
        buffer: cases([
          ['(2024)浙0782民初8001号', '2024-03-01', TREE.a1, null],
          ['(2024)浙0782民初8002号', '2024-03-02', null, '义乌市白沙镇北村2号'],
          ['(2024)浙0782民初8003号', '2024-03-03', null, '杭州市西湖区某路'],
        ]),
      },
    ]);
    await page.getByRole('button', { name: '上传并检查' }).click();
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('total-add').innerText()).toBe('3');
    expect(await page.getByTestId('total-reject').innerText()).toBe('0');
    expect(await s.database.query(`select case_no from court_cases where case_no like '%8001%'`)).toEqual([]); // not yet written
    await page.getByText(/提示（1）/).click();
    expect(await page.getByTestId('import-warnings').innerText()).toContain('未能归属');
    await page.getByTestId('import-commit').click();
    await page.getByText('导入完成').waitFor();
    expect((await s.database.query<{ n: number }>(`select count(*)::int as n from court_cases where case_no like '%800_号'`))[0].n).toBe(3);

    await page.goto('/court-data');
    const table = page.getByTestId('court-cases-table');
    await table.getByText('(2024)浙0782民初8002号').waitFor();
    expect(await table.innerText()).toContain('北村');
    expect(errors).toEqual([]);
  });

  it('picks the village of an ambiguous address on a phone', async () => {
    const { page, errors } = await newPage(browser, s, 'phone');
    await loginAs(page, 'court1');
    await page.goto('/court-data/queue');
    const item = page.locator('[data-testid^="queue-"]').filter({ hasText: '(2024)浙0782民初7001号' });
    await item.waitFor();
    await item.getByRole('button', { name: '西村' }).click();
    await page.getByText(/已记为西村的别名/).waitFor();
    const [row] = await s.database.query<{ defendant_region_code: string; match_status: string }>(`select defendant_region_code, match_status from court_cases where case_no = '(2024)浙0782民初7001号'`);
    expect(row).toEqual({ defendant_region_code: TREE.a2, match_status: 'resolved' });
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(width);
    expect(errors).toEqual([]);
  });
});
