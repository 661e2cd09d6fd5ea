import type { StandardResult, Tri } from './types.ts';

/**
 * Three-valued AND (SPEC §7): `false` if any part is false, else `null` if any part is null, else true.
 * An empty list is `true`.
 */
export function combine(parts: Iterable<Tri>): Tri {
  let sawNull = false;
  for (const p of parts) {
    if (p === false) return false;
    if (p === null) sawNull = true;
  }
  return sawNull ? null : true;
}

/** Joins distinct non-empty reasons with "；". */
export function joinReasons(reasons: Iterable<string | null | undefined>): string | null {
  const seen: string[] = [];
  for (const r of reasons) if (r && !seen.includes(r)) seen.push(r);
  return seen.length ? seen.join('；') : null;
}

/** A part of a standard or region result: its three-valued outcome and the reason when null. */
export interface Part {
  passed: Tri;
  reason: string | null;
}

/**
 * Combines parts into one result. The reason is given only when the result is null, and names the
 * null parts' reasons (a `false` result carries no reason).
 */
export function combineParts(parts: readonly Part[], label?: (index: number) => string): StandardResult {
  const passed = combine(parts.map((p) => p.passed));
  if (passed !== null) return { passed, reason: null };
  const reason = joinReasons(
    parts.map((p, i) => {
      if (p.passed !== null) return null;
      const r = p.reason ?? '无法判定';
      return label ? `${label(i)}：${r}` : r;
    }),
  );
  return { passed, reason: reason ?? '无法判定' };
}
