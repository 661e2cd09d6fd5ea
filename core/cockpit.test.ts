import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { standingOf, villagesToTarget } from './cockpit.ts';

describe('standingOf', () => {
  it.each([
    [false, null, 'not_met'],
    [false, true, 'not_met'],
    [false, false, 'not_met'],
    [true, true, 'at_risk'],
    [null, true, 'at_risk'],
    [true, false, 'met'],
    [true, null, 'met'],
    [null, false, 'unknown'],
    [null, null, 'unknown'],
  ] as const)('passed %s, flagged %s → %s', (passed, flagged, out) => {
    expect(standingOf(passed, flagged)).toBe(out);
  });
});

describe('villagesToTarget', () => {
  it.each([
    [0, 4, 0.75, 3],
    [3, 4, 0.75, 0],
    [2, 3, 0.6, 0], // 2/3 ≥ 0.6
    [1, 3, 0.6, 1],
    [0, 20, 0.45, 9],
    [5, 10, null, null],
    [0, 0, 0.6, null],
  ])('%i of %i, target %s → %s', (free, all, target, out) => {
    expect(villagesToTarget(free, all, target)).toBe(out);
  });
  it('reaches the target exactly with the fewest villages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 500 }), (villages, pct, freeRaw) => {
        const free = freeRaw % (villages + 1);
        const n = villagesToTarget(free, villages, pct / 100)!;
        expect((free + n) * 100 >= pct * villages || free + n === villages).toBe(true);
        if (n > 0) expect((free + n - 1) * 100 < pct * villages).toBe(true);
      }),
    );
  });
});
