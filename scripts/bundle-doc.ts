// Prints the data bundle's columns as Markdown (for the README), from core/bundle-format.ts.
// Usage: node --import tsx scripts/bundle-doc.ts [--write]   (--write replaces the README section)
import fs from 'node:fs';
import { BUNDLE_FILES } from '../core/bundle-format.ts';

export function bundleMarkdown(): string {
  const out: string[] = [];
  for (const f of BUNDLE_FILES) {
    out.push(`#### \`${f.name}\` ${f.label}${f.key.length ? `（键：${f.key.map((k) => `\`${k}\``).join(' + ')}）` : ''}`, '');
    if (f.note) out.push(f.note, '');
    out.push('| 列名 | 中文表头 | 必填 | 说明 |', '| --- | --- | --- | --- |');
    for (const c of f.columns) {
      const dict = c.dict ? `取值：${c.dict.map((d) => `\`${d.key}\` ${d.label}`).join('、')}` : '';
      const note = [c.note, dict].filter(Boolean).join('；').replace(/\|/g, '\\|');
      out.push(`| \`${c.key}\` | ${c.label} | ${c.required ? '是' : ''} | ${note} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

const BEGIN = '<!-- bundle:begin -->';
const END = '<!-- bundle:end -->';
if (process.argv[1]?.endsWith('bundle-doc.ts')) {
  const md = bundleMarkdown();
  if (process.argv.includes('--write')) {
    const readme = fs.readFileSync('README.md', 'utf8');
    const a = readme.indexOf(BEGIN);
    const b = readme.indexOf(END);
    if (a < 0 || b < 0) throw new Error('README has no bundle markers');
    fs.writeFileSync('README.md', readme.slice(0, a + BEGIN.length) + '\n' + md + '\n' + readme.slice(b));
  } else process.stdout.write(md);
}
