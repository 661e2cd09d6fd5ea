/**
 * The outbox drain: claims due deliveries (`pending` with `next_attempt_at` ≤ now, or `sending` claims abandoned
 * for 5 minutes) with `for update skip locked` in one UPDATE, so two instances never take the same row; sends each
 * and records the outcome. A failed try waits 30 s, 2 min, 8 min, 20 min, 40 min (six tries over 70 minutes), then
 * the delivery is `failed`. A `sent` delivery is never claimed again.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { WebhookPayload } from '../../../core/schemas/notifications.ts';
import type { Database } from '../../db/client.ts';
import { notificationChannels, notificationDeliveries } from '../../db/schema/index.ts';
import type { ChannelSettings } from './notify.ts';
import { sendDelivery } from './senders.ts';

/** Waits after the 1st, 2nd, … failed try; a try beyond the list's length ends as `failed`. */
export const BACKOFF_MS = [30_000, 120_000, 480_000, 1_200_000, 2_400_000];
export const MAX_TRIES = BACKOFF_MS.length + 1;
const STALE_CLAIM_MS = 5 * 60_000;

/** What the delivery log shows of a failure: the receiver's answer, or why it could not be reached. */
function failureReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return '接收方无应答（超时）';
  if (e instanceof TypeError && e.message === 'fetch failed') {
    const cause = e.cause as { code?: string; message?: string } | undefined;
    return `无法连接接收地址（${cause?.code ?? cause?.message ?? '网络错误'}）`;
  }
  if ('code' in e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return `邮件服务器不可用（${e.code}）`;
  return e.message;
}

export async function drainDeliveries(database: Database, opts: { now?: Date; limit?: number } = {}): Promise<{ sent: number; failed: number; retried: number }> {
  const now = opts.now ?? new Date();
  const stale = new Date(now.getTime() - STALE_CLAIM_MS);
  const claimed = await database.db.execute<{ id: string }>(sql`
    update notification_deliveries set status = 'sending', claimed_at = ${now.toISOString()}::timestamptz, tries = tries + 1, updated_at = ${now.toISOString()}::timestamptz
    where id in (
      select id from notification_deliveries
      where (status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz)
         or (status = 'sending' and claimed_at < ${stale.toISOString()}::timestamptz)
      order by next_attempt_at
      limit ${opts.limit ?? 50}
      for update skip locked)
    returning id`);
  const out = { sent: 0, failed: 0, retried: 0 };
  for (const { id } of claimed.rows) {
    const [d] = await database.db
      .select({ payload: notificationDeliveries.payload, tries: notificationDeliveries.tries, kind: notificationChannels.kind, target: notificationChannels.target, settings: notificationChannels.settings })
      .from(notificationDeliveries)
      .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
      .where(eq(notificationDeliveries.id, id));
    if (!d) continue;
    try {
      await sendDelivery({ kind: d.kind, target: d.target, settings: (d.settings ?? {}) as ChannelSettings }, d.payload as WebhookPayload);
      await database.db
        .update(notificationDeliveries)
        .set({ status: 'sent', sentAt: new Date(), lastError: null, updatedAt: new Date() })
        .where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'sending')));
      out.sent++;
    } catch (e) {
      const reason = failureReason(e).slice(0, 500);
      const last = d.tries >= MAX_TRIES;
      await database.db
        .update(notificationDeliveries)
        .set({
          status: last ? 'failed' : 'pending',
          lastError: reason,
          nextAttemptAt: new Date(now.getTime() + (last ? 0 : BACKOFF_MS[d.tries - 1])),
          updatedAt: new Date(),
        })
        .where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.status, 'sending')));
      if (last) out.failed++;
      else out.retried++;
    }
  }
  return out;
}
