/** Small helpers shared by the dispute service, reports and jobs. */

/** 清溪镇 → 清溪, 城东街道 → 城东 (the prefix of readable dispute numbers). */
export function townShortName(name: string): string {
  const short = name.trim().replace(/(街道办事处|街道|民族乡|镇|乡)$/u, '');
  return short || name.trim();
}

export function formatNumber(townName: string, year: number, n: number): string {
  return `${townShortName(townName)}-${year}-${String(n).padStart(4, '0')}`;
}

/** Unambiguous alphabet for query codes (no 0/O, 1/I/L). 31^10 ≈ 8·10^14 codes. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newQueryCode(randomBytes: (n: number) => Uint8Array, length = 10): string {
  // rejection sampling keeps the distribution uniform
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248) out += CODE_ALPHABET[b % 31];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Walks an error and its causes (drizzle wraps driver errors) looking for a unique violation. */
export function uniqueViolation(e: unknown): string | null {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const x = cur as { code?: string; constraint?: string; message?: string; cause?: unknown };
    if (x.code === '23505') return x.constraint ?? x.message ?? 'unique';
    cur = x.cause;
  }
  return null;
}
