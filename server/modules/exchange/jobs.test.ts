// Issue 12.6 / 12.7: web imports cannot stall the site, one running job per user, interrupted jobs can be
// retried or discarded, uploaded files do not outlive their job. On both engines.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sysCtx, type TestApp } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, multipart, waitForImport } from '../../../test/bundle.ts';
import { openBundleUploads, SourceError } from './sources.ts';
import { INTERRUPTED, sweepInterruptedJobs } from './jobs.ts';
import { HANDLERS } from './handlers.ts';

let t: TestApp;
let liaison: string;
let other: string;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
  liaison = await t.userWith('court_liaison', { regionCode: TREE.county });
  other = await t.userWith('court_liaison', { regionCode: TREE.county });
});
afterAll(() => t?.close());

const count = async (sql: string, params: unknown[] = []) => (await t.database.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0].n;
const filesOf = (id: string) => count('import_job_files where job_id = $1', [id]);
const upload = (cookie: string, files: { name: string; data: Buffer | string }[]) => {
  const body = multipart(files);
  return t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie, ...body.headers }, payload: body.payload });
};
const post = (cookie: string, url: string) => t.inject({ method: 'POST', url, headers: { cookie } });
const getJob = async (cookie: string, id: string) => (await t.inject({ method: 'GET', url: `/api/exchange/imports/${id}`, headers: { cookie } })).json();

function bigCsv(n: number, from = 50_000) {
  const rows: (string | null)[][] = [['case_no', 'filed_on', 'defendant_region_code']];
  for (let i = 0; i < n; i++) rows.push([`(2023)浙0782民初${from + i}号`, '2023-05-01', TREE.a3]);
  return csv(rows);
}

/** A real .xlsx (exceljs) whose sheet XML is replaced by `size` bytes that compress to almost nothing. */
async function zipBomb(size: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('court_cases').addRow(['case_no', 'filed_on']);
  const zip = await JSZip.loadAsync((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';
  const tail = '</t></is></c></row></sheetData></worksheet>';
  const xml = Buffer.alloc(size, 'A');
  xml.write(head, 0);
  xml.write(tail, size - tail.length);
  zip.file('xl/worksheets/sheet1.xml', xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

/** Rewrites the declared uncompressed size of an entry (local header and central directory): a lying zip. */
function lieAboutSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const n = Buffer.from(name);
  const local = out.indexOf(n);
  const central = out.indexOf(n, local + 1);
  out.writeUInt32LE(size, local - 30 + 22);
  out.writeUInt32LE(size, central - 46 + 24);
  return out;
}

describe('zip bombs are refused before parsing (422, nothing stored)', () => {
  it('too large in total, too high a ratio, or larger than declared', { timeout: 120_000 }, async () => {
    const jobsBefore = await count('import_jobs');
    const huge = await zipBomb(210 * 1024 * 1024);
    expect(huge.length).toBeLessThan(2 * 1024 * 1024);
    const r1 = await upload(liaison, [{ name: 'bomb.xlsx', data: huge }]);
    expect(r1.statusCode).toBe(422);
    expect(r1.headers['content-type']).toContain('application/problem+json');
    expect(r1.json().detail ?? r1.json().title).toMatch(/解压后过大/);

    const dense = await zipBomb(30 * 1024 * 1024);
    const r2 = await upload(liaison, [{ name: 'dense.xlsx', data: dense }]);
    expect(r2.statusCode).toBe(422);
    expect(JSON.stringify(r2.json())).toMatch(/压缩比异常/);

    // the headers claim a harmless size: the streamed count finds the truth
    const lying = lieAboutSize(dense, 'xl/worksheets/sheet1.xml', 400_000);
    const r3 = await upload(liaison, [{ name: 'lying.xlsx', data: lying }]);
    expect(r3.statusCode).toBe(422);
    expect(JSON.stringify(r3.json())).toMatch(/比声明的大/);

    expect(await count('import_jobs')).toBe(jobsBefore);
    expect(await count('import_job_files')).toBe(0);
    // the same guard stands before exceljs on every path (CLI, stored uploads)
    await expect(openBundleUploads([{ name: 'dense.xlsx', data: dense }])).rejects.toThrow(SourceError);
    // an ordinary workbook passes
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('court_cases').addRows([['case_no', 'filed_on', 'defendant_region_code'], ['(2023)浙0782民初1号', '2023-05-01', TREE.a3]]);
    const ok = await upload(liaison, [{ name: 'ok.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) }]);
    expect(ok.statusCode).toBe(202);
    const job = await waitForImport(t, liaison, ok.json().id);
    expect(job.report.ok).toBe(true);
    expect((await post(liaison, `/api/exchange/imports/${job.id}/discard`)).statusCode).toBe(200);
  });
});

describe('one running import per user; the site answers while a large import is checked and committed', () => {
  it('a second upload while one runs is 409; /api/health answers during both phases; files go when the job ends', { timeout: 300_000 }, async () => {
    const up = await upload(liaison, [{ name: 'court_cases.csv', data: bigCsv(20_000) }]);
    expect(up.statusCode).toBe(202);
    const id = up.json().id;
    const second = await upload(liaison, [{ name: 'court_cases.csv', data: bigCsv(10) }]);
    expect(second.statusCode).toBe(409);
    expect(second.json().detail ?? second.json().title).toMatch(/已有一个导入任务正在进行/);
    // another user is not held up
    const theirs = await upload(other, [{ name: 'source_counts.csv', data: csv([['region_code', 'month', 'source', 'count'], [TREE.a1, '2024-08', 'police', 1]]) }]);
    expect(theirs.statusCode).toBe(202);

    const healthWhile = async (phase: string) => {
      let answered = 0;
      for (let i = 0; i < 5000; i++) {
        const j = await getJob(liaison, id);
        if (j.status === 'done' || j.status === 'failed') break;
        if (j.status === 'running' && j.phase === phase) {
          const h = await t.inject({ method: 'GET', url: '/api/health' });
          expect(h.statusCode).toBe(200);
          answered++;
        }
        await new Promise((res) => setTimeout(res, 10));
      }
      return answered;
    };
    expect(await healthWhile('validate')).toBeGreaterThan(0);
    const checked = await waitForImport(t, liaison, id);
    expect(checked).toMatchObject({ status: 'done', phase: 'validate', canDiscard: true, canRetry: false });
    expect(checked.report.totals).toMatchObject({ add: 20_000, reject: 0 });
    expect(await filesOf(id)).toBe(1); // kept for the commit
    expect((await post(liaison, `/api/exchange/imports/${id}/commit`)).statusCode).toBe(202);
    expect((await upload(liaison, [{ name: 'court_cases.csv', data: bigCsv(10) }])).statusCode).toBe(409);
    expect(await healthWhile('commit')).toBeGreaterThan(0);
    const done = await waitForImport(t, liaison, id);
    expect(done).toMatchObject({ status: 'done', committed: true, canDiscard: false });
    expect(await filesOf(id)).toBe(0);
    expect(await count(`court_cases where case_no like '(2023)浙0782民初%'`)).toBeGreaterThanOrEqual(20_000);

    // a check that fails drops its files; so does discarding a checked job
    const bad = await upload(liaison, [{ name: 'court_cases.csv', data: csv([['case_no', 'filed_on'], ['x', 'not a date']]) }]);
    expect(bad.statusCode).toBe(202);
    const badJob = await waitForImport(t, liaison, bad.json().id);
    expect(badJob.report.ok).toBe(false);
    expect(await filesOf(badJob.id)).toBe(0);
    const broken = await upload(liaison, [{ name: 'court_cases.xlsx', data: Buffer.from('PK not really a zip') }]);
    expect(broken.statusCode).toBe(422);
    const good = await upload(liaison, [{ name: 'court_cases.csv', data: bigCsv(3, 90_000) }]);
    const goodJob = await waitForImport(t, liaison, good.json().id);
    expect(await filesOf(goodJob.id)).toBe(1);
    const d = await post(liaison, `/api/exchange/imports/${goodJob.id}/discard`);
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ status: 'discarded', canDiscard: false });
    expect(await filesOf(goodJob.id)).toBe(0);
    expect((await post(liaison, `/api/exchange/imports/${goodJob.id}/commit`)).statusCode).toBe(422);
    const audit = await t.database.query<{ action: string }>(`select action from audit_log where entity = 'import_job' and entity_id = $1 order by id`, [goodJob.id]);
    expect(audit.map((a) => a.action)).toEqual(['exchange.upload', 'exchange.discard']);
  });
});

describe('an import cut off by a crash does not stay running', () => {
  /** A job row as a dead process leaves it: running, its heartbeat `ageMs` old, its file stored. */
  async function orphan(userId: string, ageMs: number, phase = 'validate') {
    const id = `orphan-${Math.random().toString(36).slice(2)}`;
    const at = new Date(Date.now() - ageMs);
    await t.database.query(
      `insert into import_jobs (id, user_id, actor_name, status, phase, file_names, created_at, updated_at) values ($1, $2, 'x', 'running', $3, '{court_cases.csv}', $4, $4)`,
      [id, userId, phase, at],
    );
    const data = Buffer.from(bigCsv(2, 70_000));
    await t.database.query(`insert into import_job_files (job_id, seq, name, size, content_base64) values ($1, 0, 'court_cases.csv', $2, $3)`, [id, data.length, data.toString('base64')]);
    return id;
  }
  const userIdOf = async (cookie: string) => (await t.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json().id as string;

  it('is marked failed (服务中断) by the sweeper, then can be retried or discarded', { timeout: 120_000 }, async () => {
    const me = await userIdOf(liaison);
    const old = await orphan(me, 10 * 60_000);
    const fresh = await orphan(me, 1000);
    // while a fresh orphan is "running" the user is held (its instance may be alive, on PostgreSQL)
    expect(await sweepInterruptedJobs(t.database, sysCtx())).toBeGreaterThanOrEqual(1);
    expect(await getJob(liaison, old)).toMatchObject({ status: 'failed', error: INTERRUPTED, canRetry: true, canDiscard: true });
    const f = await getJob(liaison, fresh);
    // the embedded engine is one process (the data lock): every job it does not run is dead at once;
    // on PostgreSQL another instance may run it until its heartbeat is older than the limit
    if (t.database.engine === 'embedded') expect(f).toMatchObject({ status: 'failed', error: INTERRUPTED });
    else {
      expect(f.status).toBe('running');
      expect((await upload(liaison, [{ name: 'court_cases.csv', data: bigCsv(1, 80_000) }])).statusCode).toBe(409);
      await t.database.query(`update import_jobs set updated_at = now() - interval '10 minutes' where id = $1`, [fresh]);
      expect(await getJob(liaison, fresh)).toMatchObject({ status: 'failed', error: INTERRUPTED }); // shown so before the sweep
      await sweepInterruptedJobs(t.database, sysCtx());
    }
    const [row] = await t.database.query<{ status: string; error: string }>(`select status, error from import_jobs where id = $1`, [fresh]);
    expect(row).toEqual({ status: 'failed', error: INTERRUPTED });

    const r = await post(liaison, `/api/exchange/imports/${old}/retry`);
    expect(r.statusCode).toBe(202);
    const again = await waitForImport(t, liaison, old);
    expect(again).toMatchObject({ status: 'done', phase: 'validate', error: null });
    expect(again.report.totals).toMatchObject({ add: 2 });
    expect((await post(liaison, `/api/exchange/imports/${old}/retry`)).statusCode).toBe(422);
    expect((await post(other, `/api/exchange/imports/${fresh}/discard`)).statusCode).toBe(404);
    expect((await post(liaison, `/api/exchange/imports/${fresh}/discard`)).statusCode).toBe(200);
    expect(await filesOf(fresh)).toBe(0);
    const audit = await t.database.query<{ action: string }>(`select action from audit_log where entity = 'import_job' and entity_id = $1 order by id`, [old]);
    expect(audit.map((a) => a.action)).toEqual(['exchange.interrupted', 'exchange.retry']);
  });
});

describe('health while an import commit holds the database (issue 12.6)', () => {
  it('answers 200 within 1 s during a commit held open on purpose; on the embedded engine it says the import holds it', { timeout: 120_000 }, async () => {
    const h = HANDLERS.court_cases;
    const original = h.afterApply;
    let entered!: () => void;
    const inCommit = new Promise<void>((res) => (entered = res));
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    // the commit's transaction stays open (awaiting, not computing) until the health check has answered
    h.afterApply = async (tx, jobId, actx) => {
      entered();
      await gate;
      await original?.call(h, tx, jobId, actx);
    };
    try {
      const up = await upload(liaison, [{ name: 'court_cases.csv', data: bigCsv(3, 95_000) }]);
      expect(up.statusCode).toBe(202);
      const id = up.json().id;
      expect((await waitForImport(t, liaison, id)).report.ok).toBe(true);
      expect((await post(liaison, `/api/exchange/imports/${id}/commit`)).statusCode).toBe(202);
      await inCommit;
      const started = Date.now();
      const health = await t.inject({ method: 'GET', url: '/api/health' });
      const took = Date.now() - started;
      release();
      expect(health.statusCode, health.body).toBe(200);
      expect(took).toBeLessThan(1000);
      expect(health.json()).toEqual(t.database.engine === 'embedded' ? { status: 'ok', database: 'embedded', busy: 'import' } : { status: 'ok', database: 'postgres' });
      expect(await waitForImport(t, liaison, id)).toMatchObject({ status: 'done', committed: true });
      expect(await count(`court_cases where case_no like '(2023)浙0782民初9500_号'`)).toBe(3);
      // the mark goes with the commit: the write probe runs again
      expect((await t.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok', database: t.database.engine });
    } finally {
      release();
      h.afterApply = original;
    }
  });
});
