import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';

/** The current user's notifications, unread first, newest first. */
export async function listNotifications(db: DbOrTx, actor: Actor, opts: { unread?: boolean; limit?: number } = {}) {
  if (!actor.userId) return { items: [], unread: 0 };
  const conds = [eq(notifications.userId, actor.userId)];
  if (opts.unread) conds.push(isNull(notifications.readAt));
  const items = await db
    .select()
    .from(notifications)
    .where(and(...conds))
    .orderBy(sql`${notifications.readAt} is not null`, desc(notifications.createdAt))
    .limit(Math.min(opts.limit ?? 50, 200));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  return {
    items: items.map((x) => ({ id: x.id, kind: x.kind, ref: x.ref, message: x.message, link: x.link, createdAt: x.createdAt.toISOString(), readAt: x.readAt?.toISOString() ?? null })),
    unread: Number(n),
  };
}

/** Marks one (or, without id, all) of the user's notifications read. Reading one's own inbox is not audited. */
export async function markRead(db: DbOrTx, actor: Actor, id?: string) {
  if (!actor.userId) throw notFound('通知');
  const conds = [eq(notifications.userId, actor.userId), isNull(notifications.readAt)];
  if (id) {
    const [n] = await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)));
    if (!n) throw notFound('通知');
    conds.push(eq(notifications.id, id));
  }
  const r = await db.update(notifications).set({ readAt: new Date() }).where(and(...conds)).returning({ id: notifications.id });
  return { updated: r.length };
}
