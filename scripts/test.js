#!/usr/bin/env node
// `npm test`: the whole suite on the embedded engine, then again on PostgreSQL.
// PostgreSQL is taken from TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
// outside CI the second pass is skipped with a notice when no server answers.
import { spawnSync } from 'node:child_process';
import net from 'node:net';

const extra = process.argv.slice(2);
function run(env, label) {
  process.stdout.write(`\n=== 测试：${label} ===\n`);
  const r = spawnSync('npx', ['vitest', 'run', ...extra], { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function pgAnswers() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  return new Promise((resolve) => {
    const s = net.connect({ host: url.hostname, port: Number(url.port || 5432) }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

let status = run({ TEST_DB: 'embedded' }, '内置数据库 (PGlite)');
if (await pgAnswers()) {
  status = run({ TEST_DB: 'postgres' }, 'PostgreSQL') || status;
} else if (process.env.CI) {
  process.stderr.write('CI 中 PostgreSQL 不可用\n');
  status = 1;
} else {
  process.stdout.write('\n未检测到 PostgreSQL（127.0.0.1:5432），跳过 PostgreSQL 测试。\n');
}
process.exit(status);
