import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../server/db/client.ts';
import { acquireLock } from '../server/db/lock.ts';
import { embeddedTemplateDir, testEngine } from './db-template.ts';
import { ROOT, runCli } from './cli-run.ts';

// The embedded engine's own guarantees: a folder lock, clean shutdown, acknowledged writes survive kill -9.
describe.runIf(testEngine() === 'embedded')('embedded engine', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-emb-'));
    fs.cpSync(embeddedTemplateDir(), dataDir, { recursive: true });
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a second opener gets a clear message while the folder is held; a stale lock is taken over', async () => {
    const lock = acquireLock(dataDir);
    const r = await runCli(['user', 'add', 'someone', '--role', 'admin'], { WUSONG_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/正被另一个进程（PID \d+）使用/);
    lock.release();
    // a lock left by a process that no longer exists
    fs.writeFileSync(path.join(dataDir, 'wusong.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const ok = await runCli(['user', 'add', 'someone', '--role', 'admin', '--password', 'Passw0rd1x'], { WUSONG_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'wusong.lock'))).toBe(false);
  });

  it('keeps its data folder to its owner (0700, tightened when it was wider)', async () => {
    fs.chmodSync(dataDir, 0o755);
    const db = await createDb({ dataDir, lock: false, migrate: false });
    try {
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    } finally {
      await db.close();
    }
  });

  it('keeps every acknowledged write across kill -9', async () => {
    const script = path.join(dataDir, 'writer.mts');
    fs.writeFileSync(
      script,
      `import { createDb } from ${JSON.stringify(path.join(ROOT, 'server/db/client.ts'))};
       const db = await createDb({ dataDir: ${JSON.stringify(dataDir)} });
       await db.query('create table if not exists stream (n int primary key)');
       for (let i = 1; ; i++) { await db.query('insert into stream values ($1)', [i]); process.stdout.write(i + '\\n'); }`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT });
    let acked = 0;
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      child.on('close', () => reject(new Error('writer exited: ' + err)));
      child.stdout.on('data', (d: Buffer) => {
        const lines = d.toString().trim().split('\n');
        acked = Number(lines[lines.length - 1]);
        if (acked >= 300) resolve();
      });
    });
    const closed = new Promise((r) => child.on('close', r));
    child.kill('SIGKILL');
    await closed;
    const db = await createDb({ dataDir });
    const rows = await db.query<{ n: number; max: number }>('select count(*)::int as n, max(n)::int as max from stream');
    await db.close();
    expect(rows[0].max).toBeGreaterThanOrEqual(acked);
    expect(rows[0].n).toBe(rows[0].max);
  });

  it('closes cleanly on SIGTERM: the lock is released and the data reopens', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/wusong.js'), 'serve'], { cwd: ROOT, env: { ...process.env, WUSONG_DATA_DIR: dataDir, PORT: port, DATABASE_URL: '', HOST: '127.0.0.1' } });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('已启动')) resolve();
      });
      child.on('close', () => reject(new Error('server exited: ' + out)));
    });
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.json());
    expect(health).toEqual({ status: 'ok', database: 'embedded' });
    expect(fs.existsSync(path.join(dataDir, 'wusong.lock'))).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'wusong.lock'))).toBe(false);
    const db = await createDb({ dataDir });
    expect((await db.query<{ n: number }>('select count(*)::int as n from users'))[0].n).toBeGreaterThan(0);
    await db.close();
  });
});
