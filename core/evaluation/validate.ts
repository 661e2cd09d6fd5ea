/** Thrown for malformed input (a programming or data error, not an evaluation outcome). */
export class EvaluationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationInputError';
  }
}

/** A count must be a non-negative safe integer. */
export function assertCount(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new EvaluationInputError(`计数“${name}”必须是非负整数，收到：${String(n)}`);
  }
  return n;
}

/** A population figure must be a finite non-negative number when given. */
export function assertPopulation(name: string, n: number | null): number | null {
  if (n === null) return null;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new EvaluationInputError(`“${name}”的常住人口必须是非负数，收到：${String(n)}`);
  }
  return n;
}
