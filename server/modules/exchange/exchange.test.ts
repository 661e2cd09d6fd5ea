import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestDb, sysCtx, TEST_SECRET, type TestApp, type TestDb } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, FIXTURE_2024, multipart, readBundle, tempDir, writeBundle, waitForImport } from '../../../test/bundle.ts';
import { Cipher } from '../../secret.ts';
import type { Database } from '../../db/client.ts';
import { importBundle, type ImportReport } from './importer.ts';
import { exportBundle } from './exporter.ts';
import { openBundlePath } from './sources.ts';
import { TEMPLATE_KEYWORD } from '../../../core/bundle-format.ts';
import { resolveQueueItem, createRecord } from '../court-data/service.ts';

const cipher = new Cipher(TEST_SECRET);
const run = async (database: Database, p: string, dryRun = false) => importBundle(database, sysCtx(), await openBundlePath(p), { dryRun, cipher });
const count = async (database: Database, table: string) => (await database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
const auditCount = (database: Database) => count(database, 'audit_log');
const problems = (r: ImportReport) => r.errors.map((e) => ({ file: e.file, row: e.row, column: e.column, reason: e.reason }));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedTree(t.database);
});
afterAll(() => t?.close());

describe('importing a bundle', () => {
  it('a dry run reports what would change and writes nothing', async () => {
    const before = await auditCount(t.database);
    const r = await run(t.database, FIXTURE_2024, true);
    expect(r.ok).toBe(true);
    expect(r.committed).toBe(false);
    const byFile = Object.fromEntries(r.files.map((f) => [f.file, f]));
    expect(byFile.regions).toMatchObject({ add: 0, update: 0, unchanged: 13 });
    expect(byFile.court_cases).toMatchObject({ add: 44, update: 0, reject: 0 });
    expect(byFile.population).toMatchObject({ add: 6, unchanged: 6 });
    expect(await count(t.database, 'court_cases')).toBe(0);
    expect(await count(t.database, 'import_staging')).toBe(0);
    expect(await auditCount(t.database)).toBe(before);
  });

  it('imports the 2024 bundle (GB18030 court file, Chinese headings and labels), reporting the unattributed and the ambiguous', async () => {
    const r = await run(t.database, FIXTURE_2024);
    expect(problems(r)).toEqual([]);
    expect(r.committed).toBe(true);
    expect(r.totals).toMatchObject({ add: 195, update: 0, unchanged: 32, reject: 0 });
    expect(r.warnings.map((w) => [w.file, w.row, w.column])).toEqual([
      ['court_cases', 34, 'defendant_address'],
      ['court_cases', 42, 'defendant_address'],
    ]);
    const cases = await t.database.query<{ case_no: string; kind: string; instance: string; defendant_region_code: string | null; town_code: string | null; match_status: string }>(
      `select case_no, kind, instance, defendant_region_code, town_code, match_status from court_cases order by case_no`,
    );
    expect(cases).toHaveLength(44);
    const byNo = Object.fromEntries(cases.map((c) => [c.case_no, c]));
    expect(byNo['(2024)浙0782民初101号']).toMatchObject({ kind: 'civil', instance: 'first', defendant_region_code: TREE.a1, match_status: 'address' });
    expect(cases.filter((c) => c.match_status === 'unattributed')).toEqual([expect.objectContaining({ defendant_region_code: null, town_code: null })]);
    expect(cases.filter((c) => c.match_status === 'town_only')).toEqual([expect.objectContaining({ defendant_region_code: TREE.townA, town_code: TREE.townA })]);
    expect(byNo['义法民调字第2024-0007号']).toMatchObject({ kind: 'civil', instance: 'first', defendant_region_code: TREE.b1 });
    expect(await count(t.database, 'resolution_queue')).toBe(1);
    const [inc] = await t.database.query<{ sentence_months: number; sentence_text: string }>(`select sentence_months, sentence_text from incidents where id = 'SJ-2023-009'`);
    expect(inc).toEqual({ sentence_months: 999, sentence_text: '无期' });
    const [grid] = await t.database.query<{ village_code: string; town_code: string }>(`select village_code, town_code from personnel where name = '李红梅'`);
    expect(grid).toEqual({ village_code: TREE.a1, town_code: TREE.townA });
    const ds = await t.database.query<{ id: string; state: string; outcome: string | null; current_due_on: string | null; imported: boolean }>(
      `select id, state, outcome, current_due_on, imported from disputes where id in ('JF-2024-0001', 'JF-2024-0006') order by id`,
    );
    expect(ds).toEqual([
      { id: 'JF-2024-0001', state: 'closed', outcome: 'resolved', current_due_on: null, imported: true },
      { id: 'JF-2024-0006', state: 'mediating', outcome: null, current_due_on: '2024-12-03', imported: true },
    ]);
    expect(await count(t.database, `dispute_events where action = 'import'`)).toBe(10);
    expect(await count(t.database, `dispute_stages`)).toBe(2);
    const [p] = await t.database.query<{ id_number_masked: string; id_number_enc: string }>(`select id_number_masked, id_number_enc from dispute_parties where name = '方建华'`);
    expect(p.id_number_masked).toBe('330782********001X');
    expect(t.cipher.decrypt(p.id_number_enc)).toBe('33078219650312001X');
    const audit = await t.database.query<{ action: string; actor_name: string }>(`select action, actor_name from audit_log where action = 'exchange.import'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toMatch(/^system:/);
    expect(await count(t.database, 'import_staging')).toBe(0);
  });

  it('is idempotent: the same bundle again writes nothing (no write, no audit entry, no version bump)', async () => {
    const audit = await auditCount(t.database);
    const versions = await t.database.query(`select case_no, version, updated_at from court_cases order by case_no`);
    const r = await run(t.database, FIXTURE_2024);
    expect(r.ok).toBe(true);
    expect(r.totals).toMatchObject({ add: 0, update: 0, reject: 0, unchanged: 227 });
    expect(r.committed).toBe(false);
    expect(await auditCount(t.database)).toBe(audit);
    expect(await t.database.query(`select case_no, version, updated_at from court_cases order by case_no`)).toEqual(versions);
  });

  it('updates only what changed, with a version bump and before/after in the audit; a column left out keeps its value', async () => {
    const dir = writeBundle({
      court_cases: csv([
        ['case_no', 'filed_on'],
        ['(2024)浙0782民初101号', '2024-01-09'],
        ['(2024)浙0782民初102号', '2024-01-22'],
      ]),
    });
    const r = await run(t.database, dir);
    expect(r.files[0]).toMatchObject({ add: 0, update: 1, unchanged: 1 });
    expect(r.changes[0].fields).toEqual([{ column: 'filed_on', before: '2024-01-08', after: '2024-01-09' }]);
    const [row] = await t.database.query<{ version: number; defendant_region_code: string; defendant_address: string }>(
      `select version, defendant_region_code, defendant_address from court_cases where case_no = '(2024)浙0782民初101号'`,
    );
    expect(row).toEqual({ version: 2, defendant_region_code: TREE.a1, defendant_address: '浙江省义乌市清溪镇东村10号' });
    const [a] = await t.database.query<{ before: { filed_on: string }; after: { filed_on: string } }>(
      `select before, after from audit_log where action = 'court_case.import_update' and entity_id = '(2024)浙0782民初101号'`,
    );
    expect(a.before.filed_on).toBe('2024-01-08');
    expect(a.after.filed_on).toBe('2024-01-09');
  });

  it('a village picked in the resolution queue survives re-imports, which then write nothing', async () => {
    const [q] = await t.database.query<{ id: string }>(`select id from resolution_queue where resolved_at is null`);
    await resolveQueueItem(t.database, sysCtx(), q.id, TREE.a2);
    const audit = await auditCount(t.database);
    const r = await run(t.database, FIXTURE_2024);
    expect(r.files.find((f) => f.file === 'court_cases')).toMatchObject({ add: 0, update: 1 }); // only 101号, changed above
    expect(r.warnings.filter((w) => w.reason.includes('多个村'))).toEqual([]); // the learned alias decides now
    const [c] = await t.database.query<{ defendant_region_code: string; match_status: string }>(
      `select defendant_region_code, match_status from court_cases where defendant_address = '清溪镇东村西村路3号'`,
    );
    expect(c).toEqual({ defendant_region_code: TREE.a2, match_status: 'resolved' });
    const again = await run(t.database, FIXTURE_2024);
    expect(again.totals.add + again.totals.update).toBe(0);
    expect(await auditCount(t.database)).toBe(audit + 2); // the one update + its summary
  });
});

describe('rejections: every bad row reported (file, row, column, reason), nothing written', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await seedTree(db.database);
  });
  afterAll(() => db?.drop());

  it('bad dates, unknown codes, enum values, duplicate keys, a 诉前调 number among court cases, a broken encoding', async () => {
    const before = await auditCount(db.database);
    const dir = writeBundle({
      court_cases: csv([
        ['案号', '立案日期', '被告所在地区代码', '被告住址', '案件类型', '备注'],
        ['(2024)浙0782民初1号', '2024-02-30', TREE.a1, '', '', 'x'],
        ['(2024)浙0782民初2号', '2024-03-01', '330782999999', '', '', ''],
        ['(2024)浙0782民初3号', '2024-03-01', TREE.a1, '', '民事案件', ''],
        ['(2024)浙0782民初4号', '2024-03-01', TREE.a1, '', '', ''],
        ['（2024）浙0782民初4号', '2024-03-02', TREE.a2, '', '', ''],
        ['(2024)浙0782民诉前调9号', '2024-03-01', TREE.a1, '', '', ''],
        ['', '', '', '', '', ''],
        ['(2024)浙0782民初5号', '2024/3/5', '', '清溪镇南村1号', '', ''],
      ]),
      incidents: csv([
        ['id', 'type', 'region_code', 'occurred_on', 'sentence_months'],
        ['I-1', '打架', TREE.a1, '2024-01-01', ''],
        ['I-2', 'intentional_crime', TREE.a1, '2024-01-01', '三年半'], // “三年” is read as 36 months since issue 15.2
      ]),
      platform_disputes: Buffer.concat([Buffer.from('platform_no,unit_region_code,accepted_on,result\r\nP-1,'), Buffer.from([0x81, 0x20, 0xff]), Buffer.from(',2024-01-01,success\r\n')]),
      source_counts: csv([
        ['region_code', 'month', 'source', 'count'],
        [TREE.a1, '2024-13', 'police', '3'],
        [TREE.a1, '2024-01', 'police', '-1'],
      ]),
    });
    const r = await run(db.database, dir);
    expect(r.ok).toBe(false);
    expect(r.committed).toBe(false);
    const p = problems(r);
    const find = (file: string, row: number | null, column: string | null) => p.find((x) => x.file === file && x.row === row && x.column === column);
    expect(find('court_cases', 2, 'filed_on')?.reason).toContain('日期无效');
    expect(find('court_cases', 3, 'defendant_region_code')?.reason).toContain('不存在');
    expect(find('court_cases', 4, 'kind')?.reason).toContain('民事（civil）');
    expect(find('court_cases', 6, 'case_no')?.reason).toContain('与第5行重复');
    expect(find('court_cases', 7, 'case_no')?.reason).toContain('诉前调解');
    expect(find('incidents', 2, 'type')?.reason).toContain('无效的取值');
    expect(find('incidents', 3, 'sentence_months')?.reason).toContain('无期');
    expect(find('platform_disputes', null, null)?.reason).toContain('编码');
    expect(find('source_counts', 2, 'month')?.reason).toContain('月份');
    expect(find('source_counts', 3, 'count')?.reason).toContain('不能小于0');
    expect(r.files.find((f) => f.file === 'court_cases')).toMatchObject({ rows: 7, reject: 5, add: 2, skipped: 1 });
    expect(r.warnings.map((w) => w.reason)).toContain('未知的列“备注”，已忽略');
    for (const table of ['court_cases', 'incidents', 'platform_disputes', 'source_counts', 'import_staging']) expect(await count(db.database, table)).toBe(0);
    expect(await auditCount(db.database)).toBe(before);
  });

  it('a missing required column, a repeated column, a region out of the tree, a file with no header', async () => {
    const dir = writeBundle({
      court_cases: csv([['case_no', 'defendant_address'], ['(2024)浙0782民初1号', '清溪镇东村']]),
      incidents: csv([['id', 'type', '事项类型', 'region_code', 'occurred_on'], ['I-1', 'mass_incident', 'mass_incident', TREE.a1, '2024-01-01']]),
      regions: csv([['code', 'name', 'level', 'parent_code'], ['330782100009', '新村', 'village', '330782000000']]),
      population: '',
    });
    const r = await run(db.database, dir);
    const p = problems(r);
    expect(p).toContainEqual({ file: 'court_cases', row: 1, column: 'filed_on', reason: '缺少必填列“立案日期”（filed_on）' });
    expect(p).toContainEqual({ file: 'incidents', row: 1, column: 'type', reason: '列“事项类型”（type）重复出现' });
    expect(p.find((x) => x.file === 'regions' && x.row === 2 && x.column === 'level')?.reason).toContain('村（社区）只能设在乡镇（街道）之下');
    expect(p.find((x) => x.file === 'population')?.reason).toContain('文件为空');
  });

  it('moving an existing region or changing its level is refused', async () => {
    const dir = writeBundle({ regions: csv([['code', 'name', 'level', 'parent_code'], [TREE.a1, '东村', 'village', TREE.townB]]) });
    const r = await run(db.database, dir);
    expect(problems(r)[0]).toMatchObject({ row: 2, column: 'parent_code' });
  });
});

describe('encodings and workbooks', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await seedTree(db.database);
  });
  afterAll(() => db?.drop());

  it('reads GBK/GB18030 CSV (as Chinese Excel saves it) with Chinese headings and labels; UTF-8 without BOM too', async () => {
    const gbk = csv([
      ['人员编号', '姓名', '人员类别', '所属地区代码', '起始日期', '是否入驻调解平台'],
      ['P-1', '欧阳娜', '法律明白人', TREE.a1, '2024/1/5', '是'],
      ['P-2', '司马琦', '人民调解员', TREE.gridA1, '2024年2月1日', '否'],
    ]);
    const dir = writeBundle({ personnel: gbk, source_counts: csv([['region_code', 'month', 'source', 'count'], [TREE.townA, '2024-01', '执源', '3']]) }, { gbk: ['personnel'], bom: false });
    expect(fs.readFileSync(path.join(dir, 'personnel.csv')).includes(Buffer.from('欧阳娜'))).toBe(false); // really not UTF-8
    const r = await run(db.database, dir);
    expect(problems(r)).toEqual([]);
    const rows = await db.database.query(`select id, name, role, since, joined_platform, village_code from personnel order by id`);
    expect(rows).toEqual([
      { id: 'P-1', name: '欧阳娜', role: 'legal_literate', since: '2024-01-05', joined_platform: true, village_code: TREE.a1 },
      { id: 'P-2', name: '司马琦', role: 'mediator', since: '2024-02-01', joined_platform: false, village_code: TREE.a1 },
    ]);
  });

  it('reads one .xlsx workbook: sheets named by file, Excel date cells, labels, 是/否; helper and unknown sheets', async () => {
    const wb = new ExcelJS.Workbook();
    wb.keywords = TEMPLATE_KEYWORD; // filled in from our template
    wb.addWorksheet('说明').addRow(['随便写点说明']);
    const ws = wb.addWorksheet('incidents');
    ws.addRow(['事项编号*', '事项类型', '发生地区代码', '发生日期', '刑期(月)', '事项描述']);
    ws.addRow(['SJ-示例-001', '故意犯罪', '331099100001', new Date(Date.UTC(2024, 5, 10)), 18, '邻里纠纷引发故意伤害']); // the template's example row
    ws.addRow(['X-1', '故意犯罪', TREE.a3, new Date(Date.UTC(2024, 5, 10)), '死刑', null]);
    ws.addRow(['X-2', '群体性事件', Number(TREE.b1), '2024-07-01', null, { richText: [{ text: '征地' }, { text: '纠纷' }] }]);
    wb.addWorksheet('杂项').addRow(['a']);
    const file = path.join(tempDir(), 'bundle.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await run(db.database, file);
    expect(problems(r)).toEqual([]);
    expect(r.warnings.map((w) => w.reason)).toEqual(expect.arrayContaining([expect.stringContaining('未知的工作表“杂项”'), '与模板示例行相同，已跳过']));
    const rows = await db.database.query(`select id, type, region_code, occurred_on, sentence_months, sentence_text, description from incidents order by id`);
    expect(rows).toEqual([
      { id: 'X-1', type: 'intentional_crime', region_code: TREE.a3, occurred_on: '2024-06-10', sentence_months: 999, sentence_text: '死刑', description: null },
      { id: 'X-2', type: 'mass_incident', region_code: TREE.b1, occurred_on: '2024-07-01', sentence_months: null, sentence_text: null, description: '征地纠纷' },
    ]);
  });
});

describe('round trip: export, then import into an empty database, reproduces every value', () => {
  let empty: TestDb;
  let empty2: TestDb;
  beforeAll(async () => {
    empty = await createTestDb();
    empty2 = await createTestDb();
  });
  afterAll(async () => {
    await empty?.drop();
    await empty2?.drop();
  });

  it('CSV and .xlsx', async () => {
    // records entered by form, beside the imported ones
    await createRecord(t.database, sysCtx(), 'incidents', { id: 'F-1', type: 'abnormal_petition', regionCode: TREE.aC, occurredOn: '2024-09-09', description: '含逗号,引号"和\n换行' });
    await createRecord(t.database, sysCtx(), 'court_cases', { caseNo: '(2024)浙0782行初99号', filedOn: '2024-10-10', defendantAddress: '白沙镇' });
    // cells a spreadsheet would run as formulas (issue 12.9)
    await createRecord(t.database, sysCtx(), 'incidents', { id: 'F-2', type: 'abnormal_petition', regionCode: TREE.aC, occurredOn: '2024-09-10', description: '=1+1' });
    await createRecord(t.database, sysCtx(), 'incidents', { id: 'F-3', type: 'abnormal_petition', regionCode: TREE.aC, occurredOn: '2024-09-11', description: "'@SUM(A1)" });
    const people = await run(t.database, writeBundle({ 'personnel.csv': csv([['id', 'name', 'role', 'region_code', 'phone'], ['RY-F-1', '公式', 'mediator', TREE.a1, '-']]) }));
    expect(problems(people)).toEqual([]);
    const first = tempDir();
    await exportBundle(t.database, sysCtx(), { kind: 'csv', dir: first }, { cipher, revealIds: true });
    const files = readBundle(first);
    expect(files['incidents.csv']).toContain(",'=1+1");
    expect(files['incidents.csv']).toContain(",''@SUM(A1)");
    expect(files['incidents.csv']).not.toMatch(/,[=+\-@]/);
    expect(files['personnel.csv']).toMatch(/RY-F-1,公式,mediator,\d+,'-,/);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['regions.csv', 'court_cases.csv', 'incidents.csv', 'checklist.csv']));
    expect(files['court_cases.csv'].startsWith('\ufeffcase_no,kind,instance,filed_on')).toBe(true);

    const r = await run(empty.database, first);
    expect(problems(r)).toEqual([]);
    const second = tempDir();
    await exportBundle(empty.database, sysCtx(), { kind: 'csv', dir: second }, { cipher, revealIds: true });
    expect(readBundle(second)).toEqual(files);
    const attribution = `select case_no, kind, instance, year, filed_on, defendant_region_code, town_code, replace(match_status, 'resolved', 'address') as m from court_cases order by case_no`;
    expect(await empty.database.query(attribution)).toEqual(await t.database.query(attribution));
    expect(await empty.database.query(`select id, description from incidents where id in ('F-2', 'F-3') order by id`)).toEqual([
      { id: 'F-2', description: '=1+1' },
      { id: 'F-3', description: "'@SUM(A1)" },
    ]);
    expect(await empty.database.query(`select phone from personnel where id = 'RY-F-1'`)).toEqual([{ phone: '-' }]);
    expect(await empty.database.query(`select code, name, aliases, path, town_code from regions order by code`)).toEqual(
      await t.database.query(`select code, name, aliases, path, town_code from regions order by code`),
    );
    // and a second import of the export changes nothing
    expect((await run(empty.database, first)).totals).toMatchObject({ add: 0, update: 0 });

    const xlsx = path.join(tempDir(), 'bundle.xlsx');
    await exportBundle(t.database, sysCtx(), { kind: 'xlsx', file: xlsx }, { cipher, revealIds: true });
    const r3 = await run(empty2.database, xlsx);
    expect(problems(r3)).toEqual([]);
    const third = tempDir();
    await exportBundle(empty2.database, sysCtx(), { kind: 'csv', dir: third }, { cipher, revealIds: true });
    expect(readBundle(third)).toEqual(files);
  });
});

describe("a town's own dispute categories (SPEC §4.5: configurable)", () => {
  it('import by key or label, export with their label, and appear in the template; unknown ones stay refused', async () => {
    const { DISPUTE_CATEGORIES, FAILURE_REASONS } = await import('../../../core/dictionaries.ts');
    const { saveDisputeDictionaries } = await import('../disputes/dictionaries.ts');
    const { buildTemplate } = await import('./templates.ts');
    await saveDisputeDictionaries(t.database, sysCtx(), {
      categories: [...DISPUTE_CATEGORIES.map((c) => ({ key: c.key, label: c.label, statsCategory: c.statsCategory })), { key: 'water_use', label: '农田用水', statsCategory: 'other' }],
      failureReasons: FAILURE_REASONS.map((r) => ({ key: r.key, label: r.label })),
    });
    const head = ['id', 'region_code', 'received_on', 'channel', 'category', 'summary', 'state'];
    const bundle = writeBundle({
      disputes: csv([head, ['CAT-1', TREE.a1, '2024-05-06', 'walk_in', '农田用水', '两户争抢灌溉用水', 'registered'], ['CAT-2', TREE.a1, '2024-05-07', 'walk_in', 'water_use', '放水顺序争执', 'registered']]),
    });
    const r = await run(t.database, bundle);
    expect(problems(r)).toEqual([]);
    expect(await t.database.query(`select id, category from disputes where id like 'CAT-%' order by id`)).toEqual([
      { id: 'CAT-1', category: 'water_use' },
      { id: 'CAT-2', category: 'water_use' },
    ]);
    const xlsx = path.join(tempDir(), 'bundle.xlsx');
    await exportBundle(t.database, sysCtx(), { kind: 'xlsx', file: xlsx }, { cipher, revealIds: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('disputes')!;
    const col = (ws.getRow(1).values as unknown[]).findIndex((v) => String(v).includes('纠纷类别'));
    const labels = new Set<string>();
    ws.eachRow((row, i) => i > 1 && labels.add(String(row.getCell(col).value)));
    expect(labels).toContain('农田用水');
    // what was exported imports again unchanged
    expect((await run(t.database, xlsx)).totals).toMatchObject({ add: 0, update: 0 });
    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await buildTemplate(t.database.db, ['disputes'])) as unknown as ArrayBuffer);
    expect(JSON.stringify(template.model)).toContain('农田用水');
    const bad = await run(t.database, writeBundle({ disputes: csv([head, ['CAT-3', TREE.a1, '2024-05-08', 'walk_in', '外星纠纷', '不存在的类别', 'registered']]) }));
    expect(problems(bad)).toEqual([expect.objectContaining({ file: 'disputes', column: 'category' })]);
  });
});

describe('import in the web UI: upload, dry-run report with progress, commit; templates; export in scope', () => {
  let townA: string;
  let liaison: string;
  const wait = (cookie: string, id: string) => waitForImport(t, cookie, id);
  beforeAll(async () => {
    townA = await t.userWith('town_office', { regionCode: TREE.townA });
    liaison = await t.userWith('court_liaison', { regionCode: TREE.county });
  });

  it('uploads CSV files, shows the dry run, commits all-or-nothing', async () => {
    const body = multipart([
      { name: 'source_counts.csv', data: csv([['地区代码', '月份', '来源', '数量'], [TREE.a1, '2024-07', '访源', 2], [TREE.a2, '2024-07', '访源', 1]]) },
      { name: 'notes.txt', data: 'x' },
    ]);
    const up = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie: townA, ...body.headers }, payload: body.payload });
    expect(up.statusCode).toBe(202);
    const job = await wait(townA, up.json().id);
    expect(job).toMatchObject({ status: 'done', phase: 'validate', committed: false, progress: { percent: 100 } });
    expect(job.report.files[0]).toMatchObject({ file: 'source_counts', add: 2 });
    expect(job.report.warnings[0].reason).toContain('notes.txt');
    expect(await count(t.database, `source_counts where month = '2024-07'`)).toBe(0);
    const c = await t.inject({ method: 'POST', url: `/api/exchange/imports/${job.id}/commit`, headers: { cookie: townA } });
    expect(c.statusCode).toBe(202);
    const done = await wait(townA, job.id);
    expect(done).toMatchObject({ status: 'done', phase: 'commit', committed: true });
    expect(await count(t.database, `source_counts where month = '2024-07'`)).toBe(2);
    expect((await t.inject({ method: 'POST', url: `/api/exchange/imports/${job.id}/commit`, headers: { cookie: townA } })).statusCode).toBe(422);
    // someone else's job is not visible
    expect((await t.inject({ method: 'GET', url: `/api/exchange/imports/${job.id}`, headers: { cookie: liaison } })).statusCode).toBe(404);
  });

  it('a town user cannot import rows of another town, nor files they have no permission for', async () => {
    const body = multipart([
      { name: 'court_cases.csv', data: csv([['case_no', 'filed_on', 'defendant_region_code'], ['(2024)浙0782民初900号', '2024-01-01', TREE.b1]]) },
      { name: 'units.csv', data: csv([['id', 'name', 'type', 'region_code'], ['u-1', '某单位', 'other', TREE.a1]]) },
    ]);
    const up = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie: liaison, ...body.headers }, payload: body.payload });
    const job = await wait(liaison, up.json().id);
    expect(job.report.ok).toBe(false);
    expect(job.report.errors.map((e: { file: string; reason: string }) => [e.file, e.reason])).toContainEqual(['units', '无权导入“单位”（units）']);
    const body2 = multipart([{ name: 'court_cases.csv', data: csv([['case_no', 'filed_on', 'defendant_region_code'], ['(2024)浙0782民初900号', '2024-01-01', TREE.b1]]) }]);
    const up2 = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie: townA, ...body2.headers }, payload: body2.payload });
    const job2 = await wait(townA, up2.json().id);
    expect(job2.report.errors[0]).toMatchObject({ row: 2, column: 'defendant_region_code' });
    expect(job2.report.errors[0].reason).toContain('管辖范围');
    expect((await t.inject({ method: 'POST', url: `/api/exchange/imports/${job2.id}/commit`, headers: { cookie: townA } })).statusCode).toBe(422);
  });

  it('the template has Chinese headings, drop-downs, an example row, and imports as is without adding anything', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/exchange/template', headers: { cookie: townA } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['说明', '字典', 'court_cases', 'parties']));
    const ws = wb.getWorksheet('court_cases')!;
    expect(ws.getRow(1).values).toEqual([undefined, '案号*', '案件类型', '审级', '立案日期*', '被告所在地区代码', '被告住址']);
    expect(ws.getCell('A2').value).toBe('(2024)浙9999民初1234号');
    expect(ws.getCell('B2').value).toBe('民事');
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    expect(Object.values(validations).some((v) => v.type === 'list' && v.formulae[0].includes('字典'))).toBe(true);
    const file = path.join(tempDir(), 'template.xlsx');
    fs.writeFileSync(file, res.rawPayload);
    const r = await run(t.database, file, true);
    expect(problems(r)).toEqual([]);
    expect(r.totals).toMatchObject({ add: 0, update: 0 });
  });

  it('a web export masks identity numbers unless the user may reveal them; a masked number re-imported leaves the stored one', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/exchange/export?files=disputes,parties', headers: { cookie: townA } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ids = wb.getWorksheet('parties')!.getColumn(5).values.filter(Boolean).map(String);
    expect(ids).toContain('330782********001X');
    expect(ids.some((v) => /^\d{17}[\dX]$/.test(v))).toBe(false);
    // phones are masked as in the lists (issue 12.7)
    const phones = wb.getWorksheet('parties')!.getColumn(6).values.filter(Boolean).map(String);
    expect(phones).toContain('139****1001');
    expect(phones.some((v) => /^\d{11}$/.test(v))).toBe(false);
    const file = path.join(tempDir(), 'masked.xlsx');
    fs.writeFileSync(file, res.rawPayload);
    const r = await run(t.database, file);
    expect(problems(r)).toEqual([]);
    expect(r.files.find((f) => f.file === 'parties')).toMatchObject({ add: 0, update: 0 });
    const [p] = await t.database.query<{ id_number_enc: string; phone: string }>(`select id_number_enc, phone from dispute_parties where name = '方建华'`);
    expect(t.cipher.decrypt(p.id_number_enc)).toBe('33078219650312001X');
    expect(p.phone).toBe('13905791001');
    const admin = await t.login('admin');
    const full = await t.inject({ method: 'GET', url: '/api/exchange/export?files=parties&reveal=true', headers: { cookie: admin } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(full.rawPayload as never);
    expect(wb2.getWorksheet('parties')!.getColumn(5).values.map(String)).toContain('33078219650312001X');
    expect(wb2.getWorksheet('parties')!.getColumn(6).values.map(String)).toContain('13905791001');
    const [a] = await t.database.query<{ after: { identityNumbers: string } }>(`select after from audit_log where action = 'exchange.export' order by id desc limit 1`);
    expect(a.after.identityNumbers).toBe('full');
  });

  it('a large upload is checked in the background while the site keeps answering', async () => {
    const rows: (string | null)[][] = [['case_no', 'filed_on', 'defendant_region_code', 'defendant_address']];
    for (let i = 0; i < 20_000; i++) rows.push([`(2023)浙0782民初${50_000 + i}号`, '2023-05-01', i % 2 ? TREE.a3 : null, i % 2 ? null : `清溪镇南村${i}号`]);
    const body = multipart([{ name: 'court_cases.csv', data: csv(rows) }]);
    const up = await t.inject({ method: 'POST', url: '/api/exchange/imports', headers: { cookie: liaison, ...body.headers }, payload: body.payload });
    expect(up.statusCode).toBe(202);
    const id = up.json().id;
    let answeredWhileRunning = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const j = (await t.inject({ method: 'GET', url: `/api/exchange/imports/${id}`, headers: { cookie: liaison } })).json();
      if (j.status === 'done' || j.status === 'failed') break;
      if (j.status === 'running') {
        seen.add(j.progress.percent);
        const t0 = Date.now();
        const other = await t.inject({ method: 'GET', url: '/api/court-cases?pageSize=1', headers: { cookie: townA } });
        expect(other.statusCode).toBe(200);
        if (Date.now() - t0 < 5000) answeredWhileRunning++;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(answeredWhileRunning).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(1); // the progress moved
    const done = await wait(liaison, id);
    expect(done.report.totals).toMatchObject({ add: 20_000, reject: 0 });
  });

  it('exports the bundle as .xlsx, limited to the scope', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/exchange/export', headers: { cookie: townA } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const cases = wb.getWorksheet('court_cases')!;
    const regionCodes = new Set<string>();
    cases.eachRow((row, n) => {
      if (n > 1 && row.getCell(5).value) regionCodes.add(String(row.getCell(5).value));
    });
    expect([...regionCodes].every((c) => c.startsWith('3307821'))).toBe(true);
    const towns = wb.getWorksheet('regions')!.getColumn(1).values.filter(Boolean);
    expect(towns).not.toContain(TREE.townB);
    expect(towns).toContain(TREE.county); // ancestors travel along
    const audit = await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'exchange.export'`);
    expect(audit[0].n).toBeGreaterThan(0);
  });
});
