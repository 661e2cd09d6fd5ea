import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../server/db/client.ts';

/** Test databases are copies of one migrated template, keyed by the migrations' content. */
export function migrationsHash(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const f of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else h.update(f).update(fs.readFileSync(p));
    }
  };
  walk(MIGRATIONS_DIR);
  return h.digest('hex').slice(0, 12);
}

export const testEngine = (): 'embedded' | 'postgres' => (process.env.TEST_DB === 'postgres' ? 'postgres' : 'embedded');
export const pgAdminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const embeddedTemplateDir = () => path.join(os.tmpdir(), `wusong-tmpl-${migrationsHash()}`);
export const pgTemplateName = () => `wusong_tmpl_${migrationsHash()}`;
export function pgUrlFor(dbName: string): string {
  const u = new URL(pgAdminUrl());
  u.pathname = `/${dbName}`;
  return u.toString();
}
