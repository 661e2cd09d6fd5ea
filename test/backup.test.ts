import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { backup, restore } from '../server/db/backup.ts';
import { createDb, type Database } from '../server/db/client.ts';
import { auditLog, regionPopulation, regions, units, users } from '../server/db/schema/index.ts';
import { createUser, ensureAdmin } from '../server/modules/users/service.ts';
import { createTestDb, sysCtx } from './helpers.ts';
import { seedTree, TREE } from './factories.ts';
import { embeddedTemplateDir, testEngine } from './db-template.ts';
import { runCli } from './cli-run.ts';

async function snapshot(db: Database) {
  return {
    regions: await db.db.select().from(regions).orderBy(asc(regions.code)),
    units: await db.db.select().from(units).orderBy(asc(units.id)),
    population: await db.db.select().from(regionPopulation).orderBy(asc(regionPopulation.regionCode), asc(regionPopulation.year)),
    users: await db.db.select().from(users).orderBy(asc(users.username)),
    audit: (await db.db.select().from(auditLog).orderBy(asc(auditLog.id))).length,
  };
}

describe('backup and restore', () => {
  it('round-trips between the embedded engine and PostgreSQL', { timeout: 180_000 }, async () => {
    const src = await createTestDb();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bk-'));
    try {
      await ensureAdmin(src.database, 'Passw0rd!x');
      await seedTree(src.database);
      await createUser(src.database, sysCtx(), { username: '东村干部', password: 'Passw0rd1x', bindings: [{ role: 'village_admin', regionCode: TREE.a1 }] });
      const before = await snapshot(src.database);
      const file1 = path.join(tmp, 'one.backup');
      const r1 = await backup(src.database, file1);
      expect(r1.rows).toBeGreaterThan(20);

      // restore into a fresh database of the OTHER engine (embedded <-> postgres) when both are here
      let other: { database: Database; drop(): Promise<void> };
      if (testEngine() === 'postgres') {
        const dir = path.join(tmp, 'embedded');
        const database = await createDb({ dataDir: dir, lock: false });
        other = { database, drop: () => database.close() };
      } else {
        other = await createTestDb(); // embedded -> embedded; the postgres pass covers the cross-engine path
      }
      try {
        await expect(restore(other.database, file1)).resolves.toBeTruthy();
        expect(await snapshot(other.database)).toEqual(before);
        // and back again through a second backup
        const file2 = path.join(tmp, 'two.backup');
        await backup(other.database, file2);
        await expect(restore(src.database, file2)).rejects.toThrow(/数据库不为空/);
        await restore(src.database, file2, { force: true });
        expect(await snapshot(src.database)).toEqual(before);
        // serial ids continue after the restored ones
        await src.database.db.insert(auditLog).values({ actorName: 'x', action: 'x', entity: 'x' });
      } finally {
        await other.drop();
      }
    } finally {
      await src.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('writes the backup readable by its owner only (0600) and leaves uploaded import files out (issue 12.7)', async () => {
    const src = await createTestDb();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bkmode-'));
    try {
      await src.database.query(`insert into import_jobs (id, actor_name, status, phase) values ('job-1', 'x', 'done', 'validate')`);
      await src.database.query(`insert into import_job_files (job_id, seq, name, size, content_base64) values ('job-1', 0, 'parties.csv', 3, 'YWJj')`);
      const file = path.join(tmp, 'x.backup');
      fs.writeFileSync(file, 'old', { mode: 0o644 }); // an existing file is tightened too
      await backup(src.database, file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[0].tables).toContain('import_jobs');
      expect(lines[0].tables).not.toContain('import_job_files');
      expect(lines.some((l) => l.table === 'import_job_files')).toBe(false);
      expect(lines.some((l) => l.table === 'import_jobs')).toBe(true);
    } finally {
      await src.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it.runIf(testEngine() === 'embedded')('works through the CLI: backup FILE, restore FILE [--force]', { timeout: 300_000 }, async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-bkcli-'));
    try {
      // start both folders from the migrated template (initdb is the slow part of a first start)
      for (const d of ['a', 'b']) fs.cpSync(embeddedTemplateDir(), path.join(tmp, d), { recursive: true });
      const env = { WUSONG_DATA_DIR: path.join(tmp, 'a'), DATABASE_URL: '', WUSONG_ADMIN_PASSWORD: 'Admin1234' };
      expect((await runCli(['user', 'add', 'clerk', '--role', 'admin', '--password', 'Kx7mPq2vLt9'], env)).status).toBe(0);
      const b = await runCli(['backup', path.join(tmp, 'x.backup')], env);
      expect(b.stderr).toBe('');
      expect(b.status).toBe(0);
      expect(fs.statSync(path.join(tmp, 'x.backup')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(tmp, 'a')).mode & 0o777).toBe(0o700); // the data folder
      const env2 = { ...env, WUSONG_DATA_DIR: path.join(tmp, 'b') };
      const r = await runCli(['restore', path.join(tmp, 'x.backup')], env2);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const again = await runCli(['restore', path.join(tmp, 'x.backup')], env2);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/--force/);
      const missing = await runCli(['restore', path.join(tmp, 'nope.backup'), '--force'], env2);
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toMatch(/备份文件不存在/);
      const pw = await runCli(['user', 'passwd', 'clerk'], env2);
      expect(pw.status).toBe(0);
      expect(pw.stdout).toMatch(/clerk 的新密码：\S{14}/);
      const unknown = await runCli(['frobnicate'], env2);
      expect(unknown.status).not.toBe(0);
      expect(unknown.stderr).toMatch(/未知命令/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
