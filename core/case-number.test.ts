import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CASE_TYPE_CODES,
  PRELITIGATION_HINT,
  prelitigationCaseKey,
  courtCaseKindInstance,
  formatCaseNumber,
  parseCaseNumber,
} from './case-number.ts';

describe('parseCaseNumber — valid numbers', () => {
  const cases: Array<
    [string, { year: number; courtCode: string; typeCode: string; kind: string; instance: string | null; seq: number; isCourtCase: boolean; normalized: string }]
  > = [
    ['(2023)浙0782民初1234号', { year: 2023, courtCode: '浙0782', typeCode: '民初', kind: 'civil', instance: 'first', seq: 1234, isCourtCase: true, normalized: '(2023)浙0782民初1234号' }],
    ['（2024）京0105刑初56号', { year: 2024, courtCode: '京0105', typeCode: '刑初', kind: 'criminal', instance: 'first', seq: 56, isCourtCase: true, normalized: '(2024)京0105刑初56号' }],
    ['(2022)粤03行终789号', { year: 2022, courtCode: '粤03', typeCode: '行终', kind: 'administrative', instance: 'second', seq: 789, isCourtCase: true, normalized: '(2022)粤03行终789号' }],
    ['(2024)浙0782民诉前调345号', { year: 2024, courtCode: '浙0782', typeCode: '民诉前调', kind: 'prelitigation', instance: null, seq: 345, isCourtCase: false, normalized: '(2024)浙0782民诉前调345号' }],
    ['(2024)浙0782执1234号', { year: 2024, courtCode: '浙0782', typeCode: '执', kind: 'enforcement', instance: null, seq: 1234, isCourtCase: true, normalized: '(2024)浙0782执1234号' }],
    ['〔2021〕浙07民终88号', { year: 2021, courtCode: '浙07', typeCode: '民终', kind: 'civil', instance: 'second', seq: 88, isCourtCase: true, normalized: '(2021)浙07民终88号' }],
    ['[2020]浙民再5号', { year: 2020, courtCode: '浙', typeCode: '民再', kind: 'civil', instance: 'retrial', seq: 5, isCourtCase: true, normalized: '(2020)浙民再5号' }],
    ['  (2024)浙0782民初1234  ', { year: 2024, courtCode: '浙0782', typeCode: '民初', kind: 'civil', instance: 'first', seq: 1234, isCourtCase: true, normalized: '(2024)浙0782民初1234号' }],
    ['（２０２４）浙０７８２民初０１２号', { year: 2024, courtCode: '浙0782', typeCode: '民初', kind: 'civil', instance: 'first', seq: 12, isCourtCase: true, normalized: '(2024)浙0782民初12号' }],
    ['(2024) 浙0782 民初 12 号', { year: 2024, courtCode: '浙0782', typeCode: '民初', kind: 'civil', instance: 'first', seq: 12, isCourtCase: true, normalized: '(2024)浙0782民初12号' }],
    ['(2023)最高法民申1000号', { year: 2023, courtCode: '最高法', typeCode: '民申', kind: 'civil', instance: 'retrial', seq: 1000, isCourtCase: true, normalized: '(2023)最高法民申1000号' }],
    ['(2024)浙0782诉前调9号', { year: 2024, courtCode: '浙0782', typeCode: '诉前调', kind: 'prelitigation', instance: null, seq: 9, isCourtCase: false, normalized: '(2024)浙0782诉前调9号' }],
    ['(2024)浙0782民诉前调确3号', { year: 2024, courtCode: '浙0782', typeCode: '民诉前调确', kind: 'prelitigation', instance: null, seq: 3, isCourtCase: false, normalized: '(2024)浙0782民诉前调确3号' }],
    ['(2024)浙0782执恢7号', { year: 2024, courtCode: '浙0782', typeCode: '执恢', kind: 'enforcement', instance: null, seq: 7, isCourtCase: true, normalized: '(2024)浙0782执恢7号' }],
    ['(2024)浙0782执异7号', { year: 2024, courtCode: '浙0782', typeCode: '执异', kind: 'enforcement', instance: null, seq: 7, isCourtCase: true, normalized: '(2024)浙0782执异7号' }],
    ['(2024)浙0782执保7号', { year: 2024, courtCode: '浙0782', typeCode: '执保', kind: 'enforcement', instance: null, seq: 7, isCourtCase: true, normalized: '(2024)浙0782执保7号' }],
    ['(2024)浙0782民特7号', { year: 2024, courtCode: '浙0782', typeCode: '民特', kind: 'civil', instance: null, seq: 7, isCourtCase: true, normalized: '(2024)浙0782民特7号' }],
    ['(2024)浙0782民辖7号', { year: 2024, courtCode: '浙0782', typeCode: '民辖', kind: 'civil', instance: null, seq: 7, isCourtCase: true, normalized: '(2024)浙0782民辖7号' }],
    ['(2024)浙07刑终7号', { year: 2024, courtCode: '浙07', typeCode: '刑终', kind: 'criminal', instance: 'second', seq: 7, isCourtCase: true, normalized: '(2024)浙07刑终7号' }],
    ['(2024)浙刑再7号', { year: 2024, courtCode: '浙', typeCode: '刑再', kind: 'criminal', instance: 'retrial', seq: 7, isCourtCase: true, normalized: '(2024)浙刑再7号' }],
    ['(2024)浙刑申7号', { year: 2024, courtCode: '浙', typeCode: '刑申', kind: 'criminal', instance: 'retrial', seq: 7, isCourtCase: true, normalized: '(2024)浙刑申7号' }],
    ['(2024)浙0782行初7号', { year: 2024, courtCode: '浙0782', typeCode: '行初', kind: 'administrative', instance: 'first', seq: 7, isCourtCase: true, normalized: '(2024)浙0782行初7号' }],
    ['(2024)浙行再7号', { year: 2024, courtCode: '浙', typeCode: '行再', kind: 'administrative', instance: 'retrial', seq: 7, isCourtCase: true, normalized: '(2024)浙行再7号' }],
    ['(2024)浙行申7号', { year: 2024, courtCode: '浙', typeCode: '行申', kind: 'administrative', instance: 'retrial', seq: 7, isCourtCase: true, normalized: '(2024)浙行申7号' }],
    ['(2024)京73知民初100号', { year: 2024, courtCode: '京73', typeCode: '知民初', kind: 'civil', instance: 'first', seq: 100, isCourtCase: true, normalized: '(2024)京73知民初100号' }],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(parseCaseNumber(input)).toEqual({ ok: true, ...expected });
  });
});

describe('parseCaseNumber — rejected input', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /案号为空/],
    ['   ', /案号为空/],
    ['hello', /格式不正确/],
    ['2024浙0782民初1234号', /格式不正确/],
    ['(24)浙0782民初1234号', /格式不正确/],
    ['(1800)浙0782民初1234号', /年份无效/],
    ['(2024)', /缺少/],
    ['(2024)浙0782民初号', /缺少序号/],
    ['(2024)浙0782民初0号', /序号无效/],
    ['(2024)浙0782民初1234567890号', /序号无效/],
    ['(2024)浙07821234号', /缺少案件类型代字/],
    ['(2024)浙0782民字1234号', /^无法识别的案件类型：民字$/],
    ['(2024)浙0782商初1234号', /^无法识别的案件类型：商初$/],
    ['(2024)浙0782ab1234号', /无法识别的案件类型：ab/],
    ['(2024)X0782民初1234号', /无法识别的法院代字：X/],
    ['(2024)浙078民初1234号', /法院代字无效/],
    ['(2024)浙0782民初12号34', /格式不正确/],
    ['(2024)浙0782民初12号号', /格式不正确|无法识别/],
  ];
  it.each(cases)('%j → %s', (input, reason) => {
    const r = parseCaseNumber(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('does not throw on non-string input', () => {
    expect(parseCaseNumber(undefined as unknown as string).ok).toBe(false);
    expect(parseCaseNumber(42 as unknown as string).ok).toBe(false);
  });
});

describe('courtCaseKindInstance', () => {
  const ok: Array<[string, string, string]> = [
    ['(2024)浙0782民初1234号', 'civil', 'first'],
    ['(2024)浙07民终1号', 'civil', 'second'],
    ['（2024）京0105刑初56号', 'criminal', 'first'],
    ['(2024)浙07刑终3号', 'criminal', 'second'],
    ['(2024)浙0782行初2号', 'administrative', 'first'],
    ['(2022)粤03行终789号', 'administrative', 'second'],
  ];
  it.each(ok)('%s → %s %s', (input, kind, instance) => {
    expect(courtCaseKindInstance(input)).toEqual({ ok: true, kind, instance });
  });

  const bad: Array<[string, RegExp]> = [
    ['(2024)浙0782民诉前调345号', new RegExp(PRELITIGATION_HINT)],
    ['(2024)浙0782诉前调345号', /请在诉前调解文件中导入/],
    ['(2024)浙0782执1234号', /不是民事、刑事或行政的一审、二审案件/],
    ['(2024)浙民再1号', /不是民事、刑事或行政的一审、二审案件/],
    ['(2024)浙0782民特1号', /不是/],
    ['garbage', /格式不正确/],
    ['(2024)浙0782民字1号', /无法识别的案件类型：民字/],
  ];
  it.each(bad)('%s rejected', (input, reason) => {
    const r = courtCaseKindInstance(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('parseCaseNumber — properties', () => {
  it('never throws, and every result is well-formed', () => {
    const alphabet = fc.constantFrom(
      ...'()（）〔〕[]0123456789０１２浙京粤最高法民刑行执初终再申诉前调确恢异保特辖号 \t字X'.split(''),
    );
    const arb = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: alphabet, maxLength: 30 }));
    fc.assert(
      fc.property(arb, (s) => {
        const r = parseCaseNumber(s);
        if (r.ok) {
          expect(parseCaseNumber(r.normalized)).toEqual(r);
        } else {
          expect(typeof r.reason).toBe('string');
          expect(r.reason.length).toBeGreaterThan(0);
        }
        courtCaseKindInstance(s);
      }),
      { numRuns: 3000 },
    );
  });

  const provinces = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'.split('');
  const courtArb = fc.oneof(
    fc.constant('最高法'),
    fc
      .tuple(fc.constantFrom(...provinces), fc.constantFrom(0, 2, 4), fc.integer({ min: 0, max: 9999 }))
      .map(([p, n, d]) => p + String(d).padStart(4, '0').slice(0, n)),
  );
  const typeArb = fc.constantFrom(...Object.keys(CASE_TYPE_CODES));
  const bracketArb = fc.constantFrom<[string, string]>(['(', ')'], ['（', '）'], ['〔', '〕'], ['[', ']']);

  it('round-trips generated valid numbers in any accepted spelling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1949, max: 2100 }),
        courtArb,
        typeArb,
        fc.integer({ min: 1, max: 999_999_999 }),
        bracketArb,
        fc.boolean(),
        fc.constantFrom('', ' ', '  ', '\t'),
        (year, courtCode, typeCode, seq, [open, close], withHao, pad) => {
          const text = `${pad}${open}${year}${close}${courtCode}${typeCode}${seq}${withHao ? '号' : ''}${pad}`;
          const r = parseCaseNumber(text);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.year).toBe(year);
          expect(r.courtCode).toBe(courtCode);
          expect(r.typeCode).toBe(typeCode);
          expect(r.seq).toBe(seq);
          expect(r.kind).toBe(CASE_TYPE_CODES[typeCode].kind);
          expect(r.instance).toBe(CASE_TYPE_CODES[typeCode].instance);
          expect(r.isCourtCase).toBe(!typeCode.includes('诉前调'));
          expect(r.normalized).toBe(formatCaseNumber({ year, courtCode, typeCode, seq }));
          expect(parseCaseNumber(r.normalized)).toEqual(r);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('prelitigationCaseKey (the pre-litigation stage of a dispute, issue 13.11)', () => {
  it('stores a 诉前调 number as the import keys it; refuses court case numbers and other text', () => {
    expect(prelitigationCaseKey('（2024）浙0782民诉前调 88号')).toEqual({ ok: true, key: '(2024)浙0782民诉前调88号' });
    expect(prelitigationCaseKey('义乌法院诉前调字第5号')).toEqual({ ok: true, key: '义乌法院诉前调字第5号' });
    expect(prelitigationCaseKey('(2024)浙0782民初88号')).toMatchObject({ ok: false });
    expect(prelitigationCaseKey('随便写的')).toMatchObject({ ok: false });
    expect(prelitigationCaseKey('  ')).toMatchObject({ ok: false, reason: '请填写诉前调解案号' });
  });
});
