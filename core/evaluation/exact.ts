/**
 * A tiny exact rational type for comparisons at a bound (SPEC §7: "comparisons at a bound are exact,
 * never float"). Limits and targets are decimals (0.5, 46.0, "9.2"); a JS number is read through its
 * shortest decimal representation (`String(n)`), so 0.3 means exactly 3/10, not the binary double.
 */

/** A decimal given as a number (read via its shortest decimal string) or as a decimal string. */
export type Decimal = number | string;

/** An exact rational: `den > 0`, reduced. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export class ExactInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExactInputError';
  }
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Builds a reduced rational; throws on a zero denominator. */
export function rat(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new ExactInputError('分母为0');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  if (g > 1n) {
    num /= g;
    den /= g;
  }
  return { num, den };
}

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a decimal string such as "46", "46.0", "-0.125", ".5", "1e-7", "1.5e+21". */
export function parseDecimal(text: string): Rational {
  const s = text.trim();
  const m = DECIMAL_RE.exec(s);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart === '' && fracPart === '')) {
    throw new ExactInputError(`不是有效的十进制数：“${text}”`);
  }
  const sign = m[1] === '-' ? -1n : 1n;
  const exp = m[4] ? Number(m[4]) : 0;
  let num = BigInt((intPart || '0') + fracPart) * sign;
  let den = 10n ** BigInt(fracPart.length);
  if (exp > 0) num *= 10n ** BigInt(exp);
  else if (exp < 0) den *= 10n ** BigInt(-exp);
  return rat(num, den);
}

/** Exact value of a finite number, read through its shortest round-trip decimal representation. */
export function fromNumber(n: number): Rational {
  if (!Number.isFinite(n)) throw new ExactInputError(`不是有限数：${n}`);
  return parseDecimal(String(n));
}

/** Converts a Decimal (number, decimal string), bigint or Rational to a Rational. */
export function toRational(value: Decimal | bigint | Rational): Rational {
  if (typeof value === 'bigint') return rat(value, 1n);
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value === 'string') return parseDecimal(value);
  return rat(value.num, value.den);
}

export function add(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return rat(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rat(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new ExactInputError('分母为0');
  return rat(a.num * b.den, a.den * b.num);
}

/** -1, 0 or 1 as a < b, a = b, a > b, exactly. */
export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export const eq = (a: Rational, b: Rational): boolean => cmp(a, b) === 0;
export const lte = (a: Rational, b: Rational): boolean => cmp(a, b) <= 0;
export const gte = (a: Rational, b: Rational): boolean => cmp(a, b) >= 0;
export const lt = (a: Rational, b: Rational): boolean => cmp(a, b) < 0;
export const gt = (a: Rational, b: Rational): boolean => cmp(a, b) > 0;

/** Largest integer ≤ r (exact, also for negatives). */
export function floor(r: Rational): bigint {
  const q = r.num / r.den; // truncates toward zero
  return r.num < 0n && q * r.den !== r.num ? q - 1n : q;
}

/** True when the rational has a finite decimal expansion (its denominator has only factors 2 and 5). */
function finiteDecimalScale(den: bigint): number | null {
  let d = den;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return d === 1n ? Math.max(twos, fives) : null;
}

function digitsToNumber(negative: boolean, digits: string, scale: number): number {
  const padded = digits.padStart(scale + 1, '0');
  const intPart = padded.slice(0, padded.length - scale);
  const fracPart = scale > 0 ? '.' + padded.slice(padded.length - scale) : '';
  return Number((negative ? '-' : '') + intPart + fracPart);
}

/**
 * The nearest JS number: exact decimals (e.g. 0.5 × 46.3 = 23.15) convert through their decimal string,
 * so the reported value equals the decimal a person would write.
 */
export function toNumber(r: Rational): number {
  const negative = r.num < 0n;
  const n = abs(r.num);
  const scale = finiteDecimalScale(r.den);
  if (scale !== null) {
    const digits = (n * (10n ** BigInt(scale) / r.den)).toString();
    return digitsToNumber(negative, digits, scale);
  }
  // Not a finite decimal: 40 correct decimal places are far more than a double holds.
  const places = 40;
  const digits = ((n * 10n ** BigInt(places)) / r.den).toString();
  return digitsToNumber(negative, digits, places);
}

/** A decimal string of r, exact when it has a finite expansion, else rounded down to `places`. */
export function toDecimalString(r: Rational, places = 20): string {
  const negative = r.num < 0n;
  const n = abs(r.num);
  const scale = finiteDecimalScale(r.den) ?? places;
  const digits = ((n * 10n ** BigInt(scale)) / r.den).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  let frac = scale > 0 ? digits.slice(digits.length - scale) : '';
  frac = frac.replace(/0+$/, '');
  return (negative && (n !== 0n) ? '-' : '') + intPart + (frac ? '.' + frac : '');
}
