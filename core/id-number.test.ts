import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDigit, isMasked, maskIdNumber, maskPhone, validateIdNumber } from './id-number.ts';

const TODAY = '2025-06-30';
const withCheck = (first17: string) => first17 + checkDigit(first17);

describe('checkDigit', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['33078219900101123', checkDigit('33078219900101123')],
    ['00000000000000000', '1'],
  ])('%s → %s', (first17, expected) => {
    expect(checkDigit(first17)).toBe(expected);
  });
  it('rejects anything but 17 digits', () => {
    expect(() => checkDigit('1234')).toThrow(RangeError);
    expect(() => checkDigit('1101051949123100X')).toThrow(RangeError);
  });
});

describe('validateIdNumber', () => {
  const valid: Array<[string, string, string, 'male' | 'female']> = [
    ['11010519491231002X', '11010519491231002X', '1949-12-31', 'female'],
    ['11010519491231002x', '11010519491231002X', '1949-12-31', 'female'],
    ['  11010519491231002x ', '11010519491231002X', '1949-12-31', 'female'],
    ['110105 19491231 002X', '11010519491231002X', '1949-12-31', 'female'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X', '1949-12-31', 'female'],
    [withCheck('33078219900101123'), withCheck('33078219900101123'), '1990-01-01', 'male'],
    [withCheck('33078220000229004'), withCheck('33078220000229004'), '2000-02-29', 'female'],
  ];
  it.each(valid)('%s is valid', (input, normalized, birthDate, sex) => {
    expect(validateIdNumber(input, { today: TODAY })).toEqual({ ok: true, normalized, birthDate, sex });
  });

  const invalid: Array<[string, RegExp]> = [
    ['', /为空/],
    ['1234', /长度应为18位/],
    ['330782900101123', /长度应为18位（15位旧号码/],
    ['1101051949123100211', /长度应为18位/],
    ['11010519491231002Y', /格式错误/],
    ['1101051949123100X2', /格式错误/],
    ['110105194912310021', /校验位错误，应为X/],
    [withCheck('33078219900230123').slice(0, 17) + '0', /出生日期无效/],
    [withCheck('33078219001301123'), /出生日期无效/],
    [withCheck('33078218991231123'), /出生日期无效/],
    [withCheck('33078219000229123'), /出生日期无效/], // 1900 is not a leap year
    [withCheck('33078220300101123'), /出生日期无效/], // after `today`
    ['330782********1234', /已脱敏/],
  ];
  it.each(invalid)('%s → %s', (input, reason) => {
    const r = validateIdNumber(input, { today: TODAY });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('reports the expected check digit', () => {
    const id = withCheck('33078219900101123');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(validateIdNumber(wrong, { today: TODAY })).toEqual({
      ok: false,
      reason: `身份证号校验位错误，应为${id[17]}`,
    });
  });

  it('does not throw on non-string input', () => {
    expect(validateIdNumber(null as unknown as string).ok).toBe(false);
    expect(validateIdNumber(12345 as unknown as string).ok).toBe(false);
  });
});

describe('masking', () => {
  it.each([
    ['330782199001011234', '330782********1234'],
    ['11010519491231002x', '110105********002X'],
    ['330782********1234', '330782********1234'],
    ['330782900101123', '330782*****1123'],
    ['123456', '****56'],
    ['12', '**'],
    ['', ''],
  ])('maskIdNumber(%s) = %s', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });
  it('maskIdNumber of null/undefined is empty', () => {
    expect(maskIdNumber(null)).toBe('');
    expect(maskIdNumber(undefined)).toBe('');
  });

  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+8613812345678', '+86 138****5678'],
    ['138****5678', '138****5678'],
    ['0579-85123456', '0579-****3456'],
    ['(0579)85123456', '0579-****3456'],
    ['010-12345678转801', '010-****5678'],
    ['01012345678', '010****5678'],
    ['85123456', '****3456'],
    ['5123456', '***3456'],
    ['110', '***'],
    ['无', '*'],
    ['', ''],
  ])('maskPhone(%s) = %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('isMasked', () => {
    expect(isMasked('330782********1234')).toBe(true);
    expect(isMasked('330782199001011234')).toBe(false);
    expect(isMasked(null)).toBe(false);
  });
});

describe('properties', () => {
  const dateArb = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n });
  const first17Arb = fc
    .tuple(digits(6), dateArb, digits(3))
    .map(([region, date, seq]) => region + date.replaceAll('-', '') + seq);

  it('17 digits with a valid date plus the computed check digit validate', () => {
    fc.assert(
      fc.property(first17Arb, fc.boolean(), (first17, lower) => {
        const id = first17 + checkDigit(first17);
        const input = lower ? id.toLowerCase() : id;
        const r = validateIdNumber(input, { today: TODAY });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.normalized).toBe(id);
        expect(r.birthDate).toBe(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
        expect(r.sex).toBe(Number(id[16]) % 2 ? 'male' : 'female');
      }),
      { numRuns: 2000 },
    );
  });

  it('any other check character fails with the right expected digit', () => {
    fc.assert(
      fc.property(first17Arb, fc.constantFrom(...'0123456789X'.split('')), (first17, c) => {
        const expected = checkDigit(first17);
        fc.pre(c !== expected);
        expect(validateIdNumber(first17 + c, { today: TODAY })).toEqual({
          ok: false,
          reason: `身份证号校验位错误，应为${expected}`,
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws; masking is idempotent and never reveals the birth date', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), first17Arb.map((f) => f + checkDigit(f))), (s) => {
        validateIdNumber(s);
        const m = maskIdNumber(s);
        expect(maskIdNumber(m)).toBe(m);
        const p = maskPhone(s);
        expect(maskPhone(p)).toBe(p);
        if (validateIdNumber(s, { today: TODAY }).ok) {
          expect(m.slice(6, 14)).toBe('********');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
