// Issue 15.5: .xlsx bundles are read as a stream, whatever order the parts lie in the zip — our exports (the
// workbook part first, since 15.5), the order our exporter wrote before (every sheet before xl/workbook.xml,
// which exceljs's own streaming reader could not name) and workbooks with their shared strings after the sheets.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, sysCtx, TEST_SECRET, type TestDb } from '../../../test/helpers.ts';
import { seedTree, TREE } from '../../../test/factories.ts';
import { csv, FIXTURE_2024, tempDir, writeBundle } from '../../../test/bundle.ts';
import { Cipher } from '../../secret.ts';
import type { Database } from '../../db/client.ts';
import { importBundle, type ImportReport } from './importer.ts';
import { exportBundle } from './exporter.ts';
import { openBundlePath, openBundleUploads } from './sources.ts';

const cipher = new Cipher(TEST_SECRET);
const run = async (database: Database, p: string, dryRun = false) => importBundle(database, sysCtx(), await openBundlePath(p), { dryRun, cipher });
const problems = (r: ImportReport) => r.errors.map((e) => `${e.file} ${e.row} ${e.column}: ${e.reason}`);
const counts = (r: ImportReport) => r.files.map((f) => ({ file: f.file, rows: f.rows, add: f.add, update: f.update, unchanged: f.unchanged, reject: f.reject, skipped: f.skipped }));

/** The zip's entries in the order they lie. */
const order = async (file: string) => Object.keys((await JSZip.loadAsync(fs.readFileSync(file))).files);

/** The same parts, re-zipped with every sheet first and xl/workbook.xml (and its rels) last: exceljs's streaming writer's order. */
async function sheetsFirst(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const rank = (n: string) => (n.startsWith('xl/worksheets/') ? 0 : n === 'xl/workbook.xml' ? 3 : n === 'xl/_rels/workbook.xml.rels' ? 2 : 1);
  const out = new JSZip();
  for (const n of [...names].sort((a, b) => rank(a) - rank(b))) out.file(n, await zip.file(n)!.async('nodebuffer'));
  const target = path.join(tempDir(), 'sheets-first.xlsx');
  fs.writeFileSync(target, await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return target;
}

let db: TestDb;
let exported: string;
beforeAll(async () => {
  db = await createTestDb();
  await seedTree(db.database);
  const r = await run(db.database, FIXTURE_2024);
  expect(problems(r)).toEqual([]);
  exported = path.join(tempDir(), 'bundle.xlsx');
  await exportBundle(db.database, sysCtx(), { kind: 'xlsx', file: exported }, { cipher, revealIds: true });
}, 120_000);
afterAll(async () => db?.drop());

describe('.xlsx bundles whatever the order of their parts', () => {
  it('our export writes xl/workbook.xml before the sheets', async () => {
    const names = await order(exported);
    const firstSheet = names.findIndex((n) => n.startsWith('xl/worksheets/'));
    expect(firstSheet).toBeGreaterThan(0);
    expect(names.indexOf('xl/workbook.xml')).toBeLessThan(firstSheet);
    expect(names.indexOf('xl/_rels/workbook.xml.rels')).toBeLessThan(firstSheet);
    expect(names.filter((n) => n === 'xl/workbook.xml')).toHaveLength(1);
    // the same workbook as the whole-workbook loader sees it: every sheet named, in the bundle's order
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(exported);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['regions', 'court_cases', 'population']));
    const source = await openBundlePath(exported);
    expect(source.errors).toEqual([]);
    expect(source.sheets.map((s) => s.file.name)).toEqual(wb.worksheets.map((w) => w.name));
  });

  it('the current export and the old layout (sheets before xl/workbook.xml) import alike: nothing to change, nothing rejected', { timeout: 60_000 }, async () => {
    const old = await sheetsFirst(exported);
    const names = await order(old);
    expect(names.indexOf('xl/workbook.xml')).toBeGreaterThan(names.findIndex((n) => n.startsWith('xl/worksheets/')));
    const now = await run(db.database, exported, true);
    const before = await run(db.database, old, true);
    expect(problems(now)).toEqual([]);
    expect(problems(before)).toEqual([]);
    expect(now.totals).toMatchObject({ add: 0, update: 0, reject: 0 });
    expect(now.totals.unchanged).toBeGreaterThan(100);
    expect(counts(before)).toEqual(counts(now));
    expect(counts(now).map((f) => f.file)).toEqual(expect.arrayContaining(['regions', 'court_cases', 'population']));
    // the same rows through the web upload path (bytes in memory)
    const up = await importBundle(db.database, sysCtx(), await openBundleUploads([{ name: 'old.xlsx', data: fs.readFileSync(old) }]), { dryRun: true, cipher });
    expect(counts(up)).toEqual(counts(now));
  });

  it('shared strings after the sheets (exceljs’s streaming writer with shared strings): the same report as the CSV of the same rows', { timeout: 60_000 }, async () => {
    const rows = [
      ['case_no', 'filed_on', 'defendant_region_code', 'defendant_address'],
      ['(2025)浙0782民初1号', '2025-03-01', TREE.a1, null],
      ['(2025)浙0782民初2号', '2025-03-02', null, '浙江省某县白沙镇'],
      ['(2025)浙0782刑初3号', '2025-03-03', TREE.a1, '同一个地址'],
      ['(2025)浙0782民初4号', 'not a date', TREE.a1, '同一个地址'],
    ];
    const file = path.join(tempDir(), 'shared.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = wb.addWorksheet('court_cases');
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
    const names = await order(file);
    expect(names.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(names.indexOf('xl/worksheets/sheet1.xml'));
    expect(names.indexOf('xl/workbook.xml')).toBeGreaterThan(names.indexOf('xl/worksheets/sheet1.xml'));
    const x = await run(db.database, file, true);
    const c = await run(db.database, writeBundle({ court_cases: csv(rows) }), true);
    expect(counts(x)).toEqual(counts(c));
    expect(x.totals).toMatchObject({ add: 3, reject: 1 });
    expect(problems(x)).toEqual(problems(c).map((p) => p));
  });
});

describe('the streaming path', () => {
  it('rows come before the sheet is read to its end, chunk by chunk as they are taken', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir(), 'long.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('court_cases');
    ws.addRow(['case_no', 'filed_on', 'defendant_address']).commit();
    for (let i = 1; i <= 40_000; i++) ws.addRow([`(2024)浙0782民初${i}号`, '2024-05-01', `白沙镇某村${(i * 7919) % 100_003}号`]).commit();
    ws.commit();
    await wb.commit();
    const source = await openBundlePath(file);
    const sheet = source.sheets[0];
    let n = 0;
    let doneAtFirst = -1;
    for await (const r of sheet.rows()) {
      if (n === 0) {
        expect(r).toEqual({ rowNo: 1, cells: ['case_no', 'filed_on', 'defendant_address'] });
        doneAtFirst = sheet.done();
      }
      n++;
    }
    expect(n).toBe(40_001);
    // the first rows arrived when only the start of the sheet's compressed bytes had been read
    expect(sheet.size).toBeGreaterThan(200_000);
    expect(doneAtFirst).toBeGreaterThan(0);
    expect(doneAtFirst).toBeLessThan(sheet.size / 2);
    expect(sheet.done()).toBe(sheet.size);
  });

  it('rows are handed on before the end of the sheet is parsed: a fault at its end comes after the first rows', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir(), 'late-fault.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const ws = wb.addWorksheet('court_cases');
    ws.addRow(['case_no', 'filed_on']).commit();
    for (let i = 1; i <= 20_000; i++) ws.addRow([`(2024)浙0782民初${i}号`, '2024-05-01']).commit();
    ws.commit();
    await wb.commit();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.replace('</sheetData>', '<row r="20002"><c r="A20002" <</row></sheetData>'));
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    // a whole-workbook loader fails before any row; the stream hands on every good row, then the fault
    const source = await openBundlePath(file);
    expect(source.errors).toEqual([]);
    let n = 0;
    const fault = await (async () => {
      for await (const _ of source.sheets[0].rows()) n++;
    })().catch((e: Error) => e);
    // (all but the rows in the piece of XML where the fault lies, which exceljs parses as one)
    expect(n).toBeGreaterThan(19_000);
    expect(n).toBeLessThan(20_001);
    expect(fault).toBeInstanceOf(Error);
    expect((fault as Error).message).toMatch(/无法读取 \.xlsx 工作簿/);
  });

  it('a sheet that is not XML, cut short, or missing is reported, not thrown', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(exported));
    const sheetPart = Object.keys(zip.files).find((n) => n.startsWith('xl/worksheets/sheet'))!;
    const real = await zip.file(sheetPart)!.async('string');
    const reasons = async (xml: string | null) => {
      if (xml === null) zip.remove(sheetPart);
      else zip.file(sheetPart, xml);
      const file = path.join(tempDir(), 'broken.xlsx');
      fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
      const r = await run(db.database, file, true);
      expect(r.ok).toBe(false);
      return r.errors.map((e) => e.reason).join('；');
    };
    const head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>';
    expect(await reasons(`${head}<row r="2"><c r="A2" <</sheetData></worksheet>`)).toMatch(/无法读取 \.xlsx 工作簿/);
    // the real sheet, cut off after a whole row part-way: the rows before come, then the fault
    expect(await reasons(real.slice(0, real.indexOf('</row>', real.length / 2) + 6))).toMatch(/无法读取 \.xlsx 工作簿：工作表“regions”的内容不完整/);
    expect(await reasons(null)).toMatch(/无法读取 \.xlsx 工作簿：找不到工作表“regions”的内容/);
  });
});
