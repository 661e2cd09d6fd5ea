import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../server/app.ts';
import { createDb, type Database } from '../server/db/client.ts';
import { Cipher } from '../server/secret.ts';
import { systemActor } from '../server/modules/auth/actor.ts';
import type { CommandContext } from '../server/audit.ts';
import { createUser, ensureAdmin } from '../server/modules/users/service.ts';
import type { Role } from '../core/roles.ts';
import { embeddedTemplateDir, pgAdminUrl, pgTemplateName, pgUrlFor, testEngine } from './db-template.ts';

export interface TestDb {
  database: Database;
  /** the folder (embedded) or URL (postgres) of this test database */
  location: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: a copy of the migrated template on the engine under test. */
export async function createTestDb(): Promise<TestDb> {
  const id = crypto.randomBytes(6).toString('hex');
  if (testEngine() === 'embedded') {
    const dir = path.join(os.tmpdir(), `wusong-test-${id}`);
    fs.cpSync(embeddedTemplateDir(), dir, { recursive: true });
    const database = await createDb({ dataDir: dir, lock: false, migrate: false });
    return {
      database,
      location: dir,
      async drop() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `wusong_t_${id}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  await admin.query(`create database ${name} template ${pgTemplateName()}`);
  await admin.end();
  const url = pgUrlFor(name);
  const database = await createDb({ databaseUrl: url, migrate: false, poolSize: 5 });
  return {
    database,
    location: url,
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: pgAdminUrl() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export const TEST_SECRET = 'test-secret-please-change';

/**
 * Hands a prepared test database over to `wusong …` processes: the environment that points the CLI at it, and
 * the clean-up. The embedded engine belongs to one process, so its connection here is closed first.
 */
export async function handOverToCli(tdb: TestDb): Promise<{ env: Record<string, string | undefined>; cleanup(): Promise<void> }> {
  if (testEngine() === 'embedded') {
    await tdb.database.close();
    return {
      env: { WUSONG_DATA_DIR: tdb.location, DATABASE_URL: '', WUSONG_SECRET: TEST_SECRET },
      cleanup: async () => fs.rmSync(tdb.location, { recursive: true, force: true }),
    };
  }
  return { env: { DATABASE_URL: tdb.location, WUSONG_SECRET: TEST_SECRET }, cleanup: () => tdb.drop() };
}
export const sysCtx = (): CommandContext => ({ actor: systemActor(), requestId: 'test' });

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  db: TestDb;
  cipher: Cipher;
  close(): Promise<void>;
  /** logs in and returns the cookie header value */
  login(username: string, password?: string): Promise<string>;
  /** creates a user with one binding and returns its session cookie */
  userWith(role: Role, where: { regionCode?: string; unitId?: string }, username?: string): Promise<string>;
  inject: FastifyInstance['inject'];
}

export const PASSWORD = 'Passw0rd!x';

export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDb();
  const cipher = new Cipher(TEST_SECRET);
  await ensureAdmin(db.database, PASSWORD);
  const app = await buildApp({ database: db.database, cipher });
  await app.ready();
  let n = 0;
  const t: TestApp = {
    app,
    database: db.database,
    db,
    cipher,
    inject: app.inject.bind(app),
    async close() {
      await app.close();
      await db.drop();
    },
    async login(username, password = PASSWORD) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
      return cookieOf(r);
    },
    async userWith(role, where, username) {
      const name = username ?? `${role}_${++n}_${crypto.randomBytes(3).toString('hex')}`;
      await createUser(db.database, sysCtx(), { username: name, password: PASSWORD, bindings: [{ role, regionCode: where.regionCode ?? null, unitId: where.unitId ?? null }] });
      return t.login(name);
    },
  };
  return t;
}

export function cookieOf(r: LightMyRequestResponse): string {
  const c = r.cookies.find((x) => x.name === 'wusong_session');
  if (!c) throw new Error('no session cookie');
  return `wusong_session=${c.value}`;
}
