import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, dayFromNumber, dayNumber, daysBetween, isValidDate, todayShanghai, yearShanghai } from './dates.ts';

describe('calendar days', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-1-01', false],
    ['2024-01-01T00:00', false],
    ['', false],
    [20240101, false],
    [null, false],
  ])('isValidDate(%j) is %s', (value, ok) => {
    expect(isValidDate(value)).toBe(ok);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-12-31', 365, '2025-12-31'],
  ])('addDays(%s, %i) is %s', (day, n, out) => {
    expect(addDays(day, n)).toBe(out);
  });

  it('rejects invalid input with RangeError naming the value', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2024-02-01', 1.5)).toThrow(RangeError);
    expect(() => dayNumber('x', '受理日期')).toThrow('受理日期“x”不是有效日期');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it.each([
    ['2024-01-01T00:00:00Z', '2024-01-01'],
    ['2024-01-01T15:59:59Z', '2024-01-01'],
    ['2024-01-01T16:00:00Z', '2024-01-02'],
    ['2023-12-31T16:00:00Z', '2024-01-01'],
  ])('today in Asia/Shanghai at %s is %s', (at, day) => {
    expect(todayShanghai(new Date(at))).toBe(day);
    expect(todayShanghai(Date.parse(at))).toBe(day);
    expect(yearShanghai(new Date(at))).toBe(Number(day.slice(0, 4)));
  });

  const day = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  it('todayShanghai agrees with Intl for Asia/Shanghai', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    // Shanghai has kept UTC+8 without daylight saving since 1992
    fc.assert(fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (at) => todayShanghai(at) === intl.format(at)));
  });

  it('addDays and daysBetween are inverse; day numbers round-trip', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -20000, max: 20000 }), (d, n) => {
        expect(isValidDate(d)).toBe(true);
        expect(dayFromNumber(dayNumber(d))).toBe(d);
        const later = addDays(d, n);
        expect(isValidDate(later)).toBe(true);
        expect(daysBetween(d, later)).toBe(n);
        expect(later > d).toBe(n > 0);
      }),
    );
  });

  it('agrees with Date arithmetic', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -1000, max: 1000 }), (d, n) => {
        const t = new Date(`${d}T00:00:00Z`);
        t.setUTCDate(t.getUTCDate() + n);
        expect(addDays(d, n)).toBe(t.toISOString().slice(0, 10));
      }),
    );
  });
});
