/**
 * Versioned updates (optimistic locking) done atomically: one `update … set …, version = version + 1
 * where <key> and version = $v returning *`. Comparing a version read earlier and then updating by key is a
 * race — two requests with the same version both pass the check — so every versioned write goes through here.
 * On PostgreSQL the loser waits for the winner's row lock, sees the new version and updates nothing.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';
import { conflict, notFound } from '../errors.ts';

export type VersionedTable = PgTable & { version: PgColumn };

/** `version + 1` in SQL: a bump with no version to check (a password reset) must not lose a concurrent one. */
export const nextVersion = (table: VersionedTable): SQL => sql`${table.version} + 1`;

/**
 * Updates the row at `key` if its version is still `version`, raising it by one, and returns the row as stored.
 * Zero rows: 409 (the existing conflict error) if the row is still there, else 404 (`what` names it).
 */
export async function updateVersioned<T extends VersionedTable>(
  db: DbOrTx,
  table: T,
  key: SQL | undefined,
  version: number,
  set: PgUpdateSetSource<T>,
  what = '记录',
): Promise<T['$inferSelect']> {
  const rows = (await db
    .update(table)
    .set({ ...set, version: nextVersion(table) } as PgUpdateSetSource<T>)
    .where(and(key, eq(table.version, version)))
    .returning()) as T['$inferSelect'][];
  if (rows[0]) return rows[0];
  throw await missed(db, table, key, what);
}

/** Deletes the row at `key` if its version is still `version` (a delete must not remove a change it never saw); 409/404 as above. */
export async function deleteVersioned<T extends VersionedTable>(db: DbOrTx, table: T, key: SQL | undefined, version: number, what = '记录'): Promise<void> {
  const rows = await db
    .delete(table)
    .where(and(key, eq(table.version, version)))
    .returning({ version: table.version });
  if (rows.length) return;
  throw await missed(db, table, key, what);
}

/** Why a versioned write touched no row: someone changed it first (409), or it is gone (404). */
async function missed(db: DbOrTx, table: VersionedTable, key: SQL | undefined, what: string) {
  const [still] = await db.select({ one: sql<number>`1` }).from(table as PgTable).where(key);
  return still ? conflict() : notFound(what);
}
