/**
 * Text similarity of dispute summaries (类案推送, issue 17.2): Chinese character bigrams, no outside service.
 *
 * A summary becomes the set of its bigrams (two neighbouring Han characters, or a run of letters/digits as one
 * token), each hashed to a 32-bit integer; the set is stored on the dispute (`summary_grams int[]`, GIN index) so
 * that PostgreSQL finds the candidates sharing bigrams (`&&`) and ranks them by overlap. Similarity is the Dice
 * coefficient of the two sets.
 */

/** Bigrams so common in summaries that they say nothing about the case (纠纷, 双方, 调解 …). */
const STOP = new Set(['纠纷', '双方', '调解', '因为', '由于', '要求', '一方', '对方', '当事', '事人', '发生', '进行', '问题', '情况', '申请', '请求']);

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

/** The distinct bigrams of a text (Han characters pairwise, a run of letters or digits whole). */
export function bigrams(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const out = new Set<string>();
  let prevHan: string | null = null;
  let word = '';
  const flushWord = () => {
    if (word.length >= 2) out.add(word);
    word = '';
  };
  for (const ch of s) {
    if (HAN.test(ch)) {
      flushWord();
      if (prevHan) {
        const g = prevHan + ch;
        if (!STOP.has(g)) out.add(g);
      }
      prevHan = ch;
    } else if (WORD.test(ch)) {
      prevHan = null;
      word += ch;
    } else {
      prevHan = null;
      flushWord();
    }
  }
  flushWord();
  return [...out];
}

/** FNV-1a, 32 bits, as a signed integer (PostgreSQL `integer`). */
export function hashGram(g: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(g)) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The sorted distinct hashes of a summary's bigrams (what `summary_grams` stores). */
export function gramHashes(text: string): number[] {
  return [...new Set(bigrams(text).map(hashGram))].sort((a, b) => a - b);
}

/** Dice coefficient of two hash sets: 2·|A∩B| / (|A| + |B|), 0 when both are empty. */
export function dice(a: readonly number[], b: readonly number[]): number {
  if (!a.length || !b.length) return 0;
  const set = new Set(a);
  let common = 0;
  for (const x of new Set(b)) if (set.has(x)) common++;
  return (2 * common) / (set.size + new Set(b).size);
}

/** `{1,2,3}`: an int[] as one text parameter. */
export function intArrayLiteral(xs: readonly number[]): string {
  return `{${xs.join(',')}}`;
}
