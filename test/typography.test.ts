// Chinese typography (issue 14.8): Chinese text uses full-width punctuation (，：；（）) and “” quotes. Every string
// literal, template piece and JSX text of the web app, the server and core (tests excluded) that holds Chinese is
// scanned for a half-width , : ; ( ) next to a Chinese character, and for 「」 used as quotes. A 案号 keeps its
// half-width parentheses: `(2024)浙0782民初1234号` is the canonical form (SPEC §5).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { keyOf, LEVELS } from '../core/dictionaries.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
/** a half-width mark touching a Chinese character on either side */
const BAD = new RegExp(`[${CJK}][,:;()]|[,:;()][${CJK}]|[「」]`);
/** a court case number such as (2024)浙0782民初1234号, left out before the check */
const CASE_NO = /\(\d{4}\)[\u3400-\u9fff]{1,3}\d{0,4}[\u3400-\u9fff]+\d+号/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** the Chinese text pieces of one file with their line numbers */
export function chineseTexts(file: string): { line: number; text: string }[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: { line: number; text: string }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n) || ts.isJsxText(n)) {
      const text = ts.isJsxText(n) ? n.getText() : n.text;
      if (new RegExp(`[${CJK}]`).test(text)) out.push({ line: src.getLineAndCharacterOfPosition(n.getStart()).line + 1, text });
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

describe('Chinese typography', () => {
  it.each(['web/src', 'server', 'core'])('%s uses full-width punctuation in Chinese text', (dir) => {
    const bad = sources(path.join(ROOT, dir)).flatMap((f) =>
      chineseTexts(f)
        .filter((t) => BAD.test(t.text.replace(CASE_NO, '')))
        .map((t) => `${path.relative(ROOT, f)}:${t.line} ${t.text.trim().slice(0, 80)}`),
    );
    expect(bad).toEqual([]);
  });

  it('the check sees what it should', () => {
    expect(BAD.test('村(社区)')).toBe(true);
    expect(BAD.test('调解不成,请流转')).toBe(true);
    expect(BAD.test('计数「x」')).toBe(true);
    expect(BAD.test('(2024)浙0782民初1234号'.replace(CASE_NO, ''))).toBe(false);
    expect(BAD.test('（应如 (2024)浙0782民初1234号）'.replace(CASE_NO, ''))).toBe(false);
    expect(BAD.test('时间 10:30，网址 http://x'.replace(CASE_NO, ''))).toBe(false);
  });

  it('a label typed with half-width punctuation still imports', () => {
    expect(keyOf(LEVELS, '村（社区）')).toBe('village');
    expect(keyOf(LEVELS, '村(社区)')).toBe('village');
  });
});
