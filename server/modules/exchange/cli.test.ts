// `wusong import` / `wusong export` as processes (SPEC §9, §11), on both engines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, handOverToCli } from '../../../test/helpers.ts';
import { runCli } from '../../../test/cli-run.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, FIXTURE_2024, tempDir, writeBundle } from '../../../test/bundle.ts';
import { testEngine } from '../../../test/db-template.ts';
import { createDb, type Database } from '../../db/client.ts';

let env: Record<string, string | undefined>;
let location: string;
let cleanup: () => Promise<void>;

/** Queries the database between CLI runs (the embedded folder is opened only while no CLI runs). */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = testEngine() === 'embedded' ? await createDb({ dataDir: location, lock: false, migrate: false }) : await createDb({ databaseUrl: location, migrate: false, poolSize: 2 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
const n = (db: Database, table: string) => db.query<{ n: number }>(`select count(*)::int as n from ${table}`).then((r) => r[0].n);

beforeAll(async () => {
  const tdb = await createTestDb();
  await seedTree(tdb.database);
  location = tdb.location;
  ({ env, cleanup } = await handOverToCli(tdb));
});
afterAll(async () => cleanup?.());

const T = { timeout: 180_000 };

describe('wusong import / export', () => {
  it('--dry-run reports and writes nothing', T, async () => {
    const r = await runCli(['import', FIXTURE_2024, '--dry-run'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('court_cases（法院一审案件）：新增 44，更新 0，未变 0，拒绝 0');
    expect(r.stdout).toContain('试运行：将新增 195，更新 0，未变 32；未写入任何数据');
    expect(r.stderr).toContain('警告：court_cases.csv 第42行 被告住址（defendant_address）：地址未能归属');
    await withDb(async (db) => {
      expect(await n(db, 'court_cases')).toBe(0);
      expect(await n(db, `audit_log where action like 'exchange.%'`)).toBe(0);
    });
  });

  it('rejects a bundle with bad rows: every one on stderr, exit 1, nothing written', T, async () => {
    const dir = writeBundle({
      court_cases: csv([
        ['case_no', 'filed_on', 'defendant_region_code'],
        ['(2024)浙0782民初1号', '2024-02-30', '330782100001'],
        ['(2024)浙0782民诉前调2号', '2024-03-01', '330782100001'],
        ['(2024)浙0782民初3号', '2024-03-01', '330782100001'],
      ]),
      incidents: csv([['id', 'type', 'region_code', 'occurred_on'], ['I-1', 'fight', '330782100001', '2024-01-01']]),
    });
    const r = await runCli(['import', dir], env);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('错误：court_cases.csv 第2行 立案日期（filed_on）：日期无效：2024-02-30');
    expect(lines.some((l) => l.startsWith('错误：court_cases.csv 第3行 案号（case_no）：') && l.includes('诉前调解'))).toBe(true);
    expect(lines.some((l) => l.startsWith('错误：incidents.csv 第2行 事项类型（type）：无效的取值“fight”'))).toBe(true);
    expect(lines.at(-1)).toBe('导入失败：3 处错误（3 行被拒绝），未写入任何数据');
    await withDb(async (db) => expect(await n(db, 'court_cases')).toBe(0));
  });

  it('a broken encoding, a missing path, a missing argument', T, async () => {
    const dir = writeBundle({ court_cases: Buffer.from([0x63, 0x61, 0x73, 0x65, 0x5f, 0x6e, 0x6f, 0x0a, 0xff, 0xfe, 0x81, 0x0a]) });
    const bad = await runCli(['import', dir], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('错误：court_cases.csv：文件编码无法识别');
    const missing = await runCli(['import', path.join(os.tmpdir(), 'no-such-bundle')], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^找不到数据包：/);
    const usage = await runCli(['import'], env);
    expect(usage.status).toBe(2);
  });

  it('imports, then the same bundle again writes nothing; audited as system:<os user>', T, async () => {
    const r = await runCli(['import', FIXTURE_2024], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('导入完成：新增 195，更新 0，未变 32');
    const again = await runCli(['import', FIXTURE_2024], env);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('数据无变化：未变 227，未写入任何数据');
    await withDb(async (db) => {
      expect(await n(db, 'court_cases')).toBe(44);
      const audit = await db.query<{ actor_name: string }>(`select actor_name from audit_log where action = 'exchange.import'`);
      expect(audit).toEqual([{ actor_name: `system:${os.userInfo().username}` }]);
    });
  });

  it('exports CSV (identity numbers in full, audited) and .xlsx', T, async () => {
    const dir = path.join(tempDir(), 'out');
    const r = await runCli(['export', dir], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('court_cases：44 行');
    const parties = fs.readFileSync(path.join(dir, 'parties.csv'), 'utf8');
    expect(parties).toContain('33078219650312001X');
    expect(parties).toContain('13905791001'); // the system reveals phones too
    // readable by the owner only (issue 12.7)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    const xlsx = path.join(tempDir(), 'bundle.xlsx');
    const x = await runCli(['export', xlsx], env);
    expect(x.status, x.stderr).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(fs.statSync(xlsx).mode & 0o777).toBe(0o600);
    await withDb(async (db) => {
      const a = await db.query<{ actor_name: string; after: { identityNumbers: string } }>(`select actor_name, after from audit_log where action = 'exchange.export' order by id`);
      expect(a).toHaveLength(2);
      expect(a[0].actor_name).toMatch(/^system:/);
      expect(a[0].after.identityNumbers).toBe('full');
    });
    // the export imports back without a change
    const back = await runCli(['import', dir], env);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toContain('数据无变化');
  });
});

// issue 12.1: with --as the CLI imports with the user's permissions and scope (the web's rule); without it, as the system
describe('wusong import --as NAME', () => {
  const B = {
    incidents: csv([['id', 'type', 'region_code', 'occurred_on', 'description'], ['SJ-B-CLI', 'intentional_crime', TREE.b1, '2024-03-01', '白沙镇的事项']]),
    disputes: csv([
      ['id', 'number', 'region_code', 'received_on', 'channel', 'category', 'summary', 'state', 'level', 'concluded_on'],
      ['JF-B-CLI', '白沙-2024-0901', TREE.b1, '2024-01-10', 'walk_in', 'neighbour', '白沙镇的纠纷', 'resolved', 'village', '2024-01-20'],
    ]),
    parties: csv([['dispute_id', 'role', 'name', 'id_number'], ['JF-B-CLI', 'applicant', '王白沙', '33078219650312001X']]),
  };
  const stored = (db: Database) =>
    db.query(`select (select row_to_json(i) from incidents i where id = 'SJ-B-CLI') as i, (select row_to_json(d) from disputes d where id = 'JF-B-CLI') as d,
                     (select json_agg(p) from dispute_parties p where dispute_id = 'JF-B-CLI') as p`);

  it("refuses rows keyed to another town's records, row by row, and writes nothing; the user's own rows import", T, async () => {
    const user = await runCli(['user', 'add', 'qx_office', '--role', 'town_office', '--region', TREE.townA, '--password', 'Passw0rd!x'], env);
    expect(user.status, user.stderr).toBe(0);
    const seed = await runCli(['import', writeBundle(B)], env);
    expect(seed.status, seed.stderr).toBe(0);
    const before = await withDb(stored);

    const takeover = writeBundle({
      incidents: csv([['id', 'type', 'region_code', 'occurred_on'], ['SJ-B-CLI', 'intentional_crime', TREE.a1, '2024-03-01']]),
      disputes: csv([
        ['id', 'number', 'region_code', 'received_on', 'channel', 'category', 'summary', 'state', 'level', 'concluded_on'],
        ['JF-B-CLI', '白沙-2024-0901', TREE.a1, '2024-01-10', 'walk_in', 'neighbour', '白沙镇的纠纷', 'resolved', 'village', '2024-01-20'],
      ]),
      parties: B.parties,
    });
    const r = await runCli(['import', takeover, '--as', 'qx_office'], env);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('错误：'))).toEqual([
      expect.stringMatching(/^错误：incidents\.csv 第2行 事项编号（id）：不在您的管辖范围内/),
      expect.stringMatching(/^错误：disputes\.csv 第2行 纠纷编号（id）：不在您的管辖范围内/),
      '错误：parties.csv 第2行 所属纠纷编号（dispute_id）：纠纷不在您的管辖范围内：JF-B-CLI',
    ]);
    expect(lines.at(-1)).toBe('导入失败：3 处错误（3 行被拒绝），未写入任何数据');
    expect(await withDb(stored)).toEqual(before);

    const own = writeBundle({ incidents: csv([['id', 'type', 'region_code', 'occurred_on'], ['SJ-A-CLI', 'intentional_crime', TREE.a1, '2024-03-01']]) });
    const ok = await runCli(['import', own, '--as', 'qx_office'], env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('导入完成：新增 1，更新 0，未变 0');
    await withDb(async (db) => {
      const a = await db.query<{ actor_name: string }>(`select actor_name from audit_log where action = 'exchange.import' order by id desc limit 1`);
      expect(a).toEqual([{ actor_name: 'qx_office' }]);
    });
  });

  it('an unknown user, or one who may not import, is refused before anything is read', T, async () => {
    const dir = writeBundle({ incidents: csv([['id', 'type', 'region_code', 'occurred_on'], ['SJ-X', 'intentional_crime', TREE.a1, '2024-03-01']]) });
    const unknown = await runCli(['import', dir, '--as', 'nobody'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('找不到用户（或已停用）：nobody');
    expect((await runCli(['user', 'add', 'qx_leader', '--role', 'town_leader', '--region', TREE.townA, '--password', 'Passw0rd!x'], env)).status).toBe(0);
    const leader = await runCli(['import', dir, '--as', 'qx_leader'], env);
    expect(leader.status).toBe(1);
    expect(leader.stderr).toContain('用户 qx_leader 无权导入数据');
  });

  it('without --as the CLI stays the unrestricted system path', T, async () => {
    const dir = writeBundle({ incidents: csv([['id', 'type', 'region_code', 'occurred_on'], ['SJ-B-CLI', 'intentional_crime', TREE.b2, '2024-03-01']]) });
    const r = await runCli(['import', dir], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('导入完成：新增 0，更新 1');
    await withDb(async (db) => expect(await db.query(`select region_code from incidents where id = 'SJ-B-CLI'`)).toEqual([{ region_code: TREE.b2 }]));
  });
});
