import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeLike, hasCase } from './text-search.ts';

describe('hasCase: only a query with a letter that has case pays for ILIKE', () => {
  it.each([
    ['宅基地', false],
    ['清溪镇2025', false],
    ['50%', false],
    ['', false],
    ['王a', true],
    ['ABC公司', true],
    ['ＡＢＣ', true], // full-width Latin has case too
    ['Ω', true],
  ])('%s → %s', (q, expected) => expect(hasCase(q)).toBe(expected));

  it('a query without case is its own lower case (so LIKE finds what ILIKE would)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (q) => hasCase(q) || q.toLowerCase() === q));
  });
});

describe('escapeLike', () => {
  it.each([
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['c:\\x', 'c:\\\\x'],
    ['宅基地', '宅基地'],
  ])('%s → %s', (s, expected) => expect(escapeLike(s)).toBe(expected));
});
