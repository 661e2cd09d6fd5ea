/** Helpers for tests of the data exchange bundle (SPEC §9). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll } from 'vitest';
import type { TestApp } from './helpers.ts';

export const FIXTURE_2024 = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'fixtures/bundle-2024');

const made: string[] = [];
// registered on the importing test file: what it wrote to the temp folder goes when the file is done
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'wusong-bundle-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** CSV text from rows (quoted as needed). */
export function csv(rows: (string | number | null)[][]): string {
  return rows.map((r) => r.map((v) => (v === null ? '' : /[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\r\n') + '\r\n';
}

/** Writes a bundle folder: file name → CSV text (UTF-8 with BOM) or raw bytes; `gbk` names files written in GB18030. */
export function writeBundle(files: Record<string, string | Buffer>, opts: { gbk?: string[]; bom?: boolean } = {}): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name.endsWith('.csv') ? name : `${name}.csv`);
    if (Buffer.isBuffer(content)) fs.writeFileSync(file, content);
    else if (opts.gbk?.includes(name)) fs.writeFileSync(file, iconv.encode(content, 'gb18030'));
    else fs.writeFileSync(file, (opts.bom === false ? '' : '\ufeff') + content);
  }
  return dir;
}

/** Every file of a CSV bundle folder, by name. */
export function readBundle(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.csv')) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

/** A multipart/form-data body with files under the field "file". */
export function multipart(files: { name: string; data: Buffer | string }[]) {
  const boundary = `----wusong${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Polls a web import job (it runs in the background) until it is done or failed. */
export async function waitForImport(t: Pick<TestApp, 'inject'>, cookie: string, id: string) {
  for (let i = 0; i < 400; i++) {
    const j = (await t.inject({ method: 'GET', url: `/api/exchange/imports/${id}`, headers: { cookie } })).json();
    if (j.status === 'done' || j.status === 'failed') return j;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}
