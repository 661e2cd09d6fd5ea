import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  parseBoolean,
  parseDate,
  parseDecimal,
  parseEnum,
  parseInteger,
  parseMonth,
  type EnumEntry,
} from './bundle-values.ts';

const okv = (value: unknown) => ({ ok: true, value });
const bad = (reason: RegExp) => ({ ok: false, reason: expect.stringMatching(reason) });

describe('parseDate', () => {
  it.each<[unknown, unknown]>([
    ['2024-03-01', okv('2024-03-01')],
    [' 2024-03-01 ', okv('2024-03-01')],
    ['2024-3-1', okv('2024-03-01')],
    ['2024/3/1', okv('2024-03-01')],
    ['2024.03.01', okv('2024-03-01')],
    ['2024年3月1日', okv('2024-03-01')],
    ['20240301', okv('2024-03-01')],
    [20240301, okv('2024-03-01')],
    ['２０２４－０３－０１', okv('2024-03-01')],
    ['2024-02-29', okv('2024-02-29')],
    ['2000-02-29', okv('2000-02-29')],
    ['2024-03-01T00:00:00.000Z', okv('2024-03-01')],
    [new Date(Date.UTC(2024, 2, 1)), okv('2024-03-01')], // exceljs date cell
    [new Date(Date.UTC(2024, 11, 31, 23, 59, 59)), okv('2024-12-31')],
    [{ result: new Date(Date.UTC(2024, 0, 5)), formula: 'TODAY()' }, okv('2024-01-05')],
    [{ richText: [{ text: '2024-' }, { text: '01-05' }] }, okv('2024-01-05')],
    ['', okv(null)],
    ['   ', okv(null)],
    [null, okv(null)],
    [undefined, okv(null)],
    ['2024-02-30', bad(/^日期无效：2024-02-30$/)],
    ['2023-02-29', bad(/日期无效/)],
    ['1900-02-29', bad(/日期无效/)],
    ['2024-13-01', bad(/日期无效/)],
    ['2024-00-10', bad(/日期无效/)],
    ['2024-04-31', bad(/日期无效/)],
    ['1899-12-31', bad(/年份超出范围/)],
    ['24-03-01', bad(/日期格式应为YYYY-MM-DD/)],
    ['2024-03-01 10:00', bad(/日期格式/)],
    ['明天', bad(/日期格式/)],
    [45352, bad(/日期格式/)], // an Excel serial number is not guessed at
    [new Date(NaN), bad(/日期无效/)],
    [true, bad(/日期格式/)],
    [{}, bad(/日期格式/)],
  ])('%j', (input, expected) => {
    expect(parseDate(input)).toEqual(expected);
  });
});

describe('parseMonth', () => {
  it.each<[unknown, unknown]>([
    ['2024-03', okv('2024-03')],
    ['2024-3', okv('2024-03')],
    ['202403', okv('2024-03')],
    [202403, okv('2024-03')],
    ['2024/3', okv('2024-03')],
    ['2024年3月', okv('2024-03')],
    [new Date(Date.UTC(2024, 2, 1)), okv('2024-03')],
    ['', okv(null)],
    ['2024-13', bad(/月份无效/)],
    ['2024-00', bad(/月份无效/)],
    ['2024-03-01', bad(/月份格式应为YYYY-MM/)],
    ['03-2024', bad(/月份格式/)],
    ['1800-01', bad(/超出范围/)],
  ])('%j', (input, expected) => {
    expect(parseMonth(input)).toEqual(expected);
  });
});

describe('parseBoolean', () => {
  it.each<[unknown, unknown]>([
    ['true', okv(true)],
    ['TRUE', okv(true)],
    ['false', okv(false)],
    ['1', okv(true)],
    ['0', okv(false)],
    ['是', okv(true)],
    ['否', okv(false)],
    [' 是 ', okv(true)],
    ['yes', okv(true)],
    ['no', okv(false)],
    [true, okv(true)],
    [false, okv(false)],
    [1, okv(true)],
    [0, okv(false)],
    ['', okv(null)],
    [null, okv(null)],
    ['2', bad(/应为 是\/否/)],
    ['对', bad(/应为 是\/否/)],
    [2, bad(/应为 是\/否/)],
  ])('%j', (input, expected) => {
    expect(parseBoolean(input)).toEqual(expected);
  });
});

describe('parseInteger', () => {
  it.each<[unknown, { min?: number; max?: number } | undefined, unknown]>([
    ['42', undefined, okv(42)],
    [' 42 ', undefined, okv(42)],
    ['+42', undefined, okv(42)],
    ['-42', undefined, okv(-42)],
    ['0042', undefined, okv(42)],
    ['1,234', undefined, okv(1234)],
    ['12.0', undefined, okv(12)],
    ['４２', undefined, okv(42)],
    [42, undefined, okv(42)],
    [-0, undefined, okv(0)],
    ['-0', undefined, okv(0)],
    ['', undefined, okv(null)],
    [null, undefined, okv(null)],
    ['1.5', undefined, bad(/应为整数/)],
    [1.5, undefined, bad(/应为整数/)],
    ['abc', undefined, bad(/应为整数/)],
    ['1,23', undefined, bad(/应为整数/)],
    ['1e3', undefined, bad(/应为整数/)],
    [NaN, undefined, bad(/应为整数/)],
    [Infinity, undefined, bad(/应为整数/)],
    ['99999999999999999999', undefined, bad(/超出范围/)],
    ['-1', { min: 0 }, bad(/不能小于0/)],
    ['101', { min: 0, max: 100 }, bad(/不能大于100/)],
    ['100', { min: 0, max: 100 }, okv(100)],
  ])('%j %j', (input, opts, expected) => {
    expect(parseInteger(input, opts)).toEqual(expected);
  });
});

describe('parseDecimal', () => {
  it.each<[unknown, number, { allowNegative?: boolean; maxIntegerDigits?: number } | undefined, unknown]>([
    ['1234.5', 2, undefined, okv('1234.50')],
    ['1234', 2, undefined, okv('1234.00')],
    ['1234.50', 2, undefined, okv('1234.50')],
    ['1234.5000', 2, undefined, okv('1234.50')],
    ['0.1', 2, undefined, okv('0.10')],
    ['.5', 2, undefined, okv('0.50')],
    ['5.', 2, undefined, okv('5.00')],
    ['007.10', 2, undefined, okv('7.10')],
    ['1,234,567.89', 2, undefined, okv('1234567.89')],
    ['¥1,200', 2, undefined, okv('1200.00')],
    ['1200元', 2, undefined, okv('1200.00')],
    ['１２．５', 2, undefined, okv('12.50')],
    [12.34, 2, undefined, okv('12.34')],
    [1e21, 0, undefined, okv('1000000000000000000000')],
    [0, 2, undefined, okv('0.00')],
    ['-0', 2, undefined, okv('0.00')],
    ['123456789012345678901234.5', 2, undefined, okv('123456789012345678901234.50')],
    ['3.14159', 5, undefined, okv('3.14159')],
    ['42', 0, undefined, okv('42')],
    ['-12.5', 2, { allowNegative: true }, okv('-12.50')],
    ['', 2, undefined, okv(null)],
    [null, 2, undefined, okv(null)],
    ['12.345', 2, undefined, bad(/小数位数不能超过2位/)],
    [0.1 + 0.2, 2, undefined, bad(/小数位数不能超过2位/)],
    [1.5e-7, 2, undefined, bad(/小数位数/)],
    ['1.5', 0, undefined, bad(/应为整数/)],
    ['-12.5', 2, undefined, bad(/不能为负数/)],
    ['1e3', 2, undefined, bad(/应为数字/)],
    ['十二', 2, undefined, bad(/应为数字/)],
    ['.', 2, undefined, bad(/应为数字/)],
    ['-', 2, undefined, bad(/应为数字/)],
    ['1.2.3', 2, undefined, bad(/应为数字/)],
    [NaN, 2, undefined, bad(/应为数字/)],
    ['1234567890123', 2, { maxIntegerDigits: 12 }, bad(/数值过大/)],
    ['12', -1, undefined, bad(/小数位数设置无效/)],
  ])('%j scale %d %j', (input, scale, opts, expected) => {
    expect(parseDecimal(input, scale, opts)).toEqual(expected);
  });
});

describe('parseEnum', () => {
  type Result = 'success' | 'failure' | 'pending';
  const dict: EnumEntry<Result>[] = [
    { key: 'success', label: '成功' },
    { key: 'failure', label: '失败', aliases: ['不成功'] },
    { key: 'pending', label: '进行中' },
  ];
  it.each<[unknown, unknown]>([
    ['success', okv('success')],
    ['SUCCESS', okv('success')],
    [' failure ', okv('failure')],
    ['成功', okv('success')],
    ['失败', okv('failure')],
    ['不成功', okv('failure')],
    ['进行中', okv('pending')],
    ['', okv(null)],
    [null, okv(null)],
    ['ok', bad(/^无效的取值“ok”，可选：成功（success）、失败（failure）、进行中（pending）$/)],
    [3, bad(/无效的取值/)],
  ])('%j', (input, expected) => {
    expect(parseEnum(input, dict)).toEqual(expected);
  });

  it('accepts a {key: label} object', () => {
    const levels = { village: '村级', town: '镇级', court: '法院诉前' } as const;
    expect(parseEnum('镇级', levels)).toEqual(okv('town'));
    expect(parseEnum('court', levels)).toEqual(okv('court'));
    expect(parseEnum('县级', levels).ok).toBe(false);
  });
});

describe('properties', () => {
  const anyCell = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date(),
    fc.object(),
    fc.anything(),
  );

  it('never throw and always return a well-formed result', () => {
    const dict = [{ key: 'a', label: '甲' }];
    fc.assert(
      fc.property(anyCell, fc.integer({ min: -1, max: 6 }), (v, scale) => {
        for (const r of [
          parseDate(v),
          parseMonth(v),
          parseBoolean(v),
          parseInteger(v),
          parseDecimal(v, scale),
          parseDecimal(v, scale, { allowNegative: true }),
          parseEnum(v, dict),
        ]) {
          if (r.ok) expect(r).toHaveProperty('value');
          else expect(r.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  const dayArb = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));

  it('dates round-trip through text and through Excel date cells', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 86_399_999 }), (d, ms) => {
        const iso = d.toISOString().slice(0, 10);
        expect(parseDate(iso)).toEqual(okv(iso));
        expect(parseDate(new Date(d.getTime() + ms))).toEqual(okv(iso));
        const [y, m, day] = iso.split('-').map(Number);
        expect(parseDate(`${y}/${m}/${day}`)).toEqual(okv(iso));
        expect(parseDate(`${y}年${m}月${day}日`)).toEqual(okv(iso));
        expect(parseMonth(iso.slice(0, 7))).toEqual(okv(iso.slice(0, 7)));
      }),
      { numRuns: 2000 },
    );
  });

  it('an impossible day of a month is rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 40 }), (y, m, d) => {
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(parseDate(text).ok).toBe(d <= last);
      }),
    );
  });

  it('decimals round-trip exactly, without float', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 6 }),
        (units, scale) => {
          const neg = units < 0n;
          const abs = (neg ? -units : units).toString().padStart(scale + 1, '0');
          const text =
            (neg ? '-' : '') + (scale ? `${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}` : abs);
          const r = parseDecimal(text, scale, { allowNegative: true });
          expect(r).toEqual(okv(units === 0n ? text.replace('-', '') : text));
          if (r.ok) expect(parseDecimal(r.value, scale, { allowNegative: true })).toEqual(r);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('integers round-trip', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(parseInteger(String(n))).toEqual(okv(n === 0 ? 0 : n));
        expect(parseInteger(n)).toEqual(okv(n === 0 ? 0 : n));
      }),
    );
  });

  it('enum keys and labels both parse to the key', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ key: fc.stringMatching(/^[a-z_]{1,10}$/), label: fc.string({ unit: fc.constantFrom(...'成功失败进行中村镇'.split('')), minLength: 1, maxLength: 4 }) }), {
          minLength: 1,
          maxLength: 6,
          selector: (e) => e.key,
        }),
        fc.nat(),
        (dict, i) => {
          fc.pre(new Set(dict.map((e) => e.label)).size === dict.length);
          const e = dict[i % dict.length];
          expect(parseEnum(e.key, dict)).toEqual(okv(e.key));
          expect(parseEnum(e.label, dict)).toEqual(okv(e.key));
        },
      ),
    );
  });
});
