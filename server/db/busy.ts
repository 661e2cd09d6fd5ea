import type { Database } from './client.ts';

/**
 * What holds a database for a long time inside this process, now. The embedded engine (PGlite) runs one
 * transaction at a time: while an import commits, every other statement waits for it. The importer marks its
 * commit here and `/api/health` answers from that knowledge instead of queueing a write probe behind it
 * (the commit itself is the proof that the database takes writes). Only the process that holds the embedded
 * database can hold it, so an in-process mark is the whole truth for that engine.
 */
export type BusyReason = 'import';

const holders = new WeakMap<Database, { reason: BusyReason; count: number }>();

/** Runs `work` with `database` marked as held for `reason`; the mark is lifted when it settles. */
export async function holding<T>(database: Database, reason: BusyReason, work: () => Promise<T>): Promise<T> {
  const h = holders.get(database) ?? { reason, count: 0 };
  h.count++;
  holders.set(database, h);
  try {
    return await work();
  } finally {
    if (--h.count === 0) holders.delete(database);
  }
}

/** Why the database is held by this process right now, or null. */
export function heldFor(database: Database): BusyReason | null {
  return holders.get(database)?.reason ?? null;
}
