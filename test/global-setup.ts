import fs from 'node:fs';
import pg from 'pg';
import { createDb } from '../server/db/client.ts';
import { embeddedTemplateDir, pgAdminUrl, pgTemplateName, pgUrlFor, testEngine } from './db-template.ts';

/** Builds the migrated template database once per run (embedded folder or PostgreSQL template). */
export default async function setup() {
  if (testEngine() === 'embedded') {
    const dir = embeddedTemplateDir();
    if (fs.existsSync(`${dir}/ready`)) return;
    // built aside and renamed into place, so concurrent runs never see a half-built template
    const building = `${dir}.build-${process.pid}`;
    fs.rmSync(building, { recursive: true, force: true });
    const db = await createDb({ dataDir: building, lock: false });
    await db.close();
    fs.writeFileSync(`${building}/ready`, '');
    try {
      fs.renameSync(building, dir);
    } catch {
      fs.rmSync(building, { recursive: true, force: true }); // another run won the race
    }
    return;
  }
  const name = pgTemplateName();
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  try {
    const r = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount) return;
    await admin.query(`create database ${name}_building`).catch(async () => {
      await admin.query(`drop database if exists ${name}_building`);
      await admin.query(`create database ${name}_building`);
    });
    const db = await createDb({ databaseUrl: pgUrlFor(`${name}_building`) });
    await db.close();
    await admin.query(`alter database ${name}_building rename to ${name}`);
    await admin.query(`alter database ${name} is_template true`).catch(() => {});
  } finally {
    await admin.end();
  }
}
