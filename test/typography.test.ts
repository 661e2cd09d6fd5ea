// Chinese typography (issue 14.8): Chinese text uses full-width punctuation (，：；（）). Every string literal,
// template piece and JSX text of the web app and of core/dictionaries.ts that holds Chinese is scanned for a
// half-width , : ; ( ) next to a Chinese character.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { keyOf, LEVELS } from '../core/dictionaries.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
/** a half-width mark touching a Chinese character on either side */
const BAD = new RegExp(`[${CJK}][,:;()]|[,:;()][${CJK}]`);

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
  it('web pages and the dictionaries use full-width punctuation in Chinese text', () => {
    // the settings page is being rewritten on another branch (papers); it is swept when that lands
    const files = [...sources(path.join(ROOT, 'web/src')).filter((f) => !f.endsWith(path.join('settings', 'SettingsPage.tsx'))), path.join(ROOT, 'core/dictionaries.ts')];
    const bad = files.flatMap((f) => chineseTexts(f).filter((t) => BAD.test(t.text)).map((t) => `${path.relative(ROOT, f)}:${t.line} ${t.text.trim().slice(0, 80)}`));
    expect(bad).toEqual([]);
  });

  it('a label typed with half-width punctuation still imports', () => {
    expect(keyOf(LEVELS, '村（社区）')).toBe('village');
    expect(keyOf(LEVELS, '村(社区)')).toBe('village');
  });
});
