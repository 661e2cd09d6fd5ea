/** Chinese forms for formal documents: dates ("2026年12月6日") and customary numbers ("一式三份"). */

/** 2024-03-05 → 2024年3月5日; empty → a blank to fill in by hand. */
export function chineseDate(d: string | null | undefined): string {
  if (!d) return '    年  月  日';
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

const DIGITS = '〇一二三四五六七八九';

/** 3 → 三, 10 → 十, 15 → 十五, 23 → 二十三, 105 → 一百零五 (0–9999; larger numbers stay in digits). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n === 0) return '零';
  const units = ['', '十', '百', '千'];
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const u = units[ds.length - 1 - i];
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && u === '十' && out === '' ? '' : DIGITS[d]) + u;
  });
  return out;
}

/** A village's remaining allowance as people read it: 3 → "3", -2 → "超出2件". */
export function allowanceText(v: number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return v < 0 ? `超出${-v}件` : String(v);
}
