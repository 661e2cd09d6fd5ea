import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BUNDLE_FILE_NAMES,
  BUNDLE_FILES,
  bundleFile,
  canonicalDecimal,
  fileForName,
  formatCell,
  isExampleRow,
  parseCell,
  parseRow,
  resolveHeader,
  LIFE_SENTENCE_MONTHS,
  type BundleColumn,
} from './bundle-format.ts';

const col = (file: string, key: string) => bundleFile(file as never).columns.find((c) => c.key === key)!;

describe('the table of files and columns', () => {
  it('lists every file of SPEC §9 in import order, with distinct keys and distinct Chinese labels', () => {
    expect(BUNDLE_FILES.map((f) => f.name)).toEqual([...BUNDLE_FILE_NAMES]);
    for (const f of BUNDLE_FILES) {
      const keys = f.columns.map((c) => c.key);
      const labels = f.columns.map((c) => c.label);
      expect(new Set(keys).size, f.name).toBe(keys.length);
      expect(new Set(labels).size, f.name).toBe(labels.length);
      for (const k of f.key) expect(keys, f.name).toContain(k);
      for (const c of f.columns) if (c.type === 'enum') expect(c.dict?.length, `${f.name}.${c.key}`).toBeGreaterThan(0);
    }
    expect(new Set(BUNDLE_FILES.map((f) => f.label)).size).toBe(BUNDLE_FILES.length);
  });

  it('every example is valid and reads back the same from keys and from labels', () => {
    for (const f of BUNDLE_FILES) {
      for (const c of f.columns) {
        for (const style of ['keys', 'labels'] as const) {
          const r = parseCell(c, formatCell(c, c.example, style));
          expect(r, `${f.name}.${c.key} (${style})`).toEqual({ ok: true, value: c.example });
        }
      }
    }
  });

  it('finds files by key or Chinese label, sheet or CSV name', () => {
    expect(fileForName('court_cases')?.name).toBe('court_cases');
    expect(fileForName('Court_Cases.csv')?.name).toBe('court_cases');
    expect(fileForName('法院一审案件')?.name).toBe('court_cases');
    expect(fileForName('说明')).toBeUndefined();
  });
});

describe('headers', () => {
  const f = bundleFile('court_cases');
  it('accepts keys and labels (a trailing * of the templates too), warns about unknown columns', () => {
    const h = resolveHeader(f, ['案号*', 'filed_on', ' 被告住址 ', '备注', null]);
    expect(h.errors).toEqual([]);
    expect([...h.present]).toEqual(['case_no', 'filed_on', 'defendant_address']);
    expect(h.warnings).toEqual([{ position: 4, column: '备注', reason: '未知的列“备注”，已忽略' }]);
  });
  it('refuses a missing required column and a column given twice', () => {
    const h = resolveHeader(f, ['case_no', '案号']);
    expect(h.errors.map((e) => e.reason)).toEqual(['列“案号”（case_no）重复出现', '缺少必填列“立案日期”（filed_on）']);
  });
  it('`status` is accepted for the state of a dispute', () => {
    expect([...resolveHeader(bundleFile('disputes'), ['status']).present]).toEqual(['state']);
  });
});

describe('cells', () => {
  it('parses every type, blank is null everywhere', () => {
    for (const f of BUNDLE_FILES) for (const c of f.columns) expect(parseCell(c, '  '), `${f.name}.${c.key}`).toEqual({ ok: true, value: null });
    expect(parseCell(col('court_cases', 'filed_on'), new Date(Date.UTC(2024, 1, 29)))).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseCell(col('court_cases', 'filed_on'), '2024-02-30').ok).toBe(false);
    expect(parseCell(col('court_cases', 'kind'), '刑事')).toEqual({ ok: true, value: 'criminal' });
    expect(parseCell(col('court_cases', 'kind'), 'CIVIL')).toEqual({ ok: true, value: 'civil' });
    expect(parseCell(col('regions', 'level'), '镇')).toEqual({ ok: true, value: 'town' });
    expect(parseCell(col('regions', 'aliases'), '东村；东村村;东村')).toEqual({ ok: true, value: ['东村', '东村村'] });
    expect(parseCell(col('regions', 'active'), '否')).toEqual({ ok: true, value: false });
    expect(parseCell(col('regions', 'code'), 330782100001)).toEqual({ ok: true, value: '330782100001' });
    expect(parseCell(col('regions', 'code'), '3307 82').ok).toBe(false);
    expect(parseCell(col('source_counts', 'month'), '2024年3月')).toEqual({ ok: true, value: '2024-03' });
    expect(parseCell(col('checklist', 'item'), 't3')).toEqual({ ok: true, value: 'mediation_centre_and_court_link' });
    expect(parseCell(col('city_benchmarks', 'litigation_rate_per_10k'), '92.50')).toEqual({ ok: true, value: '92.5' });
    expect(parseCell(col('city_benchmarks', 'litigation_rate_per_10k'), '-1').ok).toBe(false);
    expect(parseCell(col('population', 'residents'), '1,234')).toEqual({ ok: true, value: 1234 });
    expect(parseCell(col('parties', 'name'), { richText: [{ text: '张' }, { text: '三' }] })).toEqual({ ok: true, value: '张三' });
  });
  it('sentences: months, 无期 and 死刑 as more than 36 months, anything else refused', () => {
    const c = col('incidents', 'sentence_months');
    expect(parseCell(c, '36')).toEqual({ ok: true, value: { months: 36, text: null } });
    expect(parseCell(c, '无期徒刑')).toEqual({ ok: true, value: { months: LIFE_SENTENCE_MONTHS, text: '无期' } });
    expect(parseCell(c, '死缓')).toEqual({ ok: true, value: { months: LIFE_SENTENCE_MONTHS, text: '死刑' } });
    expect(parseCell(c, 601).ok).toBe(false);
    // issue 15.2: a judgment's wording reads as its months, and is kept so that it is written back the same
    expect(parseCell(c, '有期徒刑一年六个月')).toEqual({ ok: true, value: { months: 18, text: '有期徒刑一年六个月' } });
    expect(parseCell(c, '有期徒刑十二年')).toEqual({ ok: true, value: { months: 144, text: '有期徒刑十二年' } });
    expect(parseCell(c, '有期徒刑 2年3个月')).toEqual({ ok: true, value: { months: 27, text: '有期徒刑 2年3个月' } });
    expect(parseCell(c, '拘役六个月')).toEqual({ ok: true, value: { months: 6, text: '拘役六个月' } });
    expect(parseCell(c, '三年')).toEqual({ ok: true, value: { months: 36, text: '三年' } });
    expect(parseCell(c, '死刑')).toEqual({ ok: true, value: { months: LIFE_SENTENCE_MONTHS, text: '死刑' } });
    expect(parseCell(c, '三年半').ok).toBe(false);
    expect(parseCell(c, '有期徒刑').ok).toBe(false);
    expect(parseCell(c, '有期徒刑六十年').ok).toBe(false);
    // what the exporter writes, the importer reads back
    const back = parseCell(c, formatCell(c, { months: 18, text: '有期徒刑一年六个月' }, 'keys'));
    expect(back).toEqual({ ok: true, value: { months: 18, text: '有期徒刑一年六个月' } });
  });
  it('a row: required cells, blank rows, the example row', () => {
    const f = bundleFile('incidents');
    const h = resolveHeader(f, f.columns.map((c) => c.label));
    expect(parseRow(f, h, ['', ' ', null]).blank).toBe(true);
    expect(parseRow(f, h, ['X', '', '330782100001', '2024-01-01']).errors).toEqual([{ column: 'type', reason: '不能为空' }]);
    const ex = parseRow(f, h, f.columns.map((c) => formatCell(c, c.example, 'labels')));
    expect(ex.errors).toEqual([]);
    expect(isExampleRow(f, ex.values)).toBe(true);
  });
  it('whatever is written reads back (property)', () => {
    const columns: BundleColumn[] = BUNDLE_FILES.flatMap((f) => f.columns);
    const valueFor = (c: BundleColumn): fc.Arbitrary<unknown> => {
      switch (c.type) {
        case 'enum':
          return fc.constantFrom(...c.dict!.map((e) => e.key));
        case 'boolean':
          return fc.boolean();
        case 'date':
          return fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
        case 'month':
          return fc.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
        case 'integer':
          return fc.integer({ min: c.min ?? 0, max: Math.min(c.max ?? 1e6, 1e6) });
        case 'year':
          return fc.integer({ min: 1990, max: 2100 });
        case 'decimal':
          return fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 9999 })).map(([i, f]) => canonicalDecimal(`${i}.${String(f).padStart(4, '0')}`));
        case 'list':
          return fc.uniqueArray(fc.stringMatching(/^[\u4e00-\u4e2fA-Za-z0-9]{1,8}$/), { minLength: 1, maxLength: 4 });
        case 'sentence':
          return fc.oneof(fc.integer({ min: 0, max: 600 }).map((m) => ({ months: m, text: null })), fc.constantFrom({ months: LIFE_SENTENCE_MONTHS, text: '无期' }, { months: LIFE_SENTENCE_MONTHS, text: '死刑' }));
        default:
          return fc.stringMatching(c.type === 'code' ? /^[A-Za-z0-9_-]{1,20}$/ : /^[\u4e00-\u4e2fA-Za-z0-9,"，(]([\u4e00-\u4e2fA-Za-z0-9 ,"，()-]{0,20}[\u4e00-\u4e2fA-Za-z0-9)])?$/);
      }
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...columns).chain((c) => fc.tuple(fc.constant(c), valueFor(c), fc.constantFrom('keys' as const, 'labels' as const))),
        ([c, v, style]) => {
          expect(parseCell(c, formatCell(c, v as never, style))).toEqual({ ok: true, value: v });
        },
      ),
      { numRuns: 500 },
    );
  });
});
