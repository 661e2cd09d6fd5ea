import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../test/helpers.ts';
import { AppError } from '../errors.ts';
import { settings } from './schema/index.ts';
import { updateVersioned } from './versioned.ts';

let tdb: TestDb;
beforeAll(async () => {
  tdb = await createTestDb();
  await tdb.database.db.insert(settings).values({ year: 2030, data: { note: 'a' }, version: 4 });
});
afterAll(() => tdb.drop());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? { status: e.status, code: e.code, message: e.message } : e),
  );

describe('updateVersioned', () => {
  it('updates at the current version, raises it by one and returns the stored row', async () => {
    const row = await updateVersioned(tdb.database.db, settings, eq(settings.year, 2030), 4, { data: { note: 'b' } });
    expect(row).toMatchObject({ year: 2030, data: { note: 'b' }, version: 5 });
    const [stored] = await tdb.database.db.select().from(settings).where(eq(settings.year, 2030));
    expect(stored).toMatchObject({ data: { note: 'b' }, version: 5 });
  });

  it('a stale version changes nothing and is the 409 conflict', async () => {
    expect(await failure(updateVersioned(tdb.database.db, settings, eq(settings.year, 2030), 4, { data: { note: 'c' } }))).toEqual({
      status: 409,
      code: 'version_conflict',
      message: '该记录已被他人修改，请刷新后重试',
    });
    const [stored] = await tdb.database.db.select().from(settings).where(eq(settings.year, 2030));
    expect(stored).toMatchObject({ data: { note: 'b' }, version: 5 });
  });

  it('a row that is not there is 404, named', async () => {
    expect(await failure(updateVersioned(tdb.database.db, settings, eq(settings.year, 2031), 1, { data: {} }, '年度设置'))).toEqual({
      status: 404,
      code: 'not_found',
      message: '年度设置不存在或无权访问',
    });
  });
});
