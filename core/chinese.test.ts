import { describe, expect, it } from 'vitest';
import { allowanceText, chineseDate, chineseNumber } from './chinese.ts';

describe('Chinese forms for documents', () => {
  it('writes dates and customary numbers', () => {
    expect(chineseDate('2026-12-06')).toBe('2026年12月6日');
    expect([0, 1, 3, 10, 15, 20, 23, 100, 105, 110, 2026].map(chineseNumber)).toEqual(['零', '一', '三', '十', '十五', '二十', '二十三', '一百', '一百零五', '一百一十', '二千零二十六']);
    expect(allowanceText(-2)).toBe('超出2件');
    expect(allowanceText(0)).toBe('0');
    expect(allowanceText(null)).toBeNull();
  });
});
