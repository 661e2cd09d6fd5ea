/**
 * The one way an event is announced (SPEC §11): `notify` runs in the caller's transaction, raises the event once
 * (`notification_events`), inserts the in-app rows of the recipients who want it, and queues one outbox delivery
 * for every active channel of the event's region (or above) that takes the event. Nothing is sent here: the
 * drain job sends what committed (outbox.ts).
 */
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { refPath, type NotificationEvent, type NotificationRef, type WebhookPayload } from '../../../core/schemas/notifications.ts';
import type { DbOrTx } from '../../db/client.ts';
import { notificationChannels, notificationDeliveries, notificationEvents, notificationPreferences, notifications, users } from '../../db/schema/index.ts';

export interface NotifyInput {
  event: NotificationEvent;
  /** what makes the event one event (a stage id, `<stage id>:<due date>`, …): raised once per (event, key) */
  key: string;
  title: string;
  /** the text, without personal data (channels add names and phones only as their settings allow) */
  text: string;
  /** the in-app text when it may say more than channels (a key person's name: the recipients may see the record) */
  appText?: string;
  ref: NotificationRef | null;
  townCode: string | null;
  /** the region the event belongs to (channels of this region and above receive it); the town when absent */
  regionCode: string | null;
  userIds: readonly (string | null | undefined)[];
  /** the user whose own action raised the event (not told of it) */
  actorId?: string | null;
  /** people named in channel messages, when the channel's settings allow */
  people?: { name: string; phone?: string | null }[];
}

export interface ChannelSettings {
  includeNames?: boolean;
  includePhones?: boolean;
  phones?: string[];
  secret?: string | null;
}

/** An identity number never leaves the system, whatever a caller put into a text. */
export function withoutIdNumbers(s: string): string {
  return s.replace(/(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)/g, '$1********$2');
}

export function linkOf(ref: NotificationRef | null): string | null {
  return ref ? `${ref.kind === 'key_person' ? 'key-person' : ref.kind}:${ref.id}` : null;
}

function publicUrl(path: string | null): string | null {
  if (!path) return null;
  const base = process.env.WUSONG_PUBLIC_URL?.trim().replace(/\/+$/, '') ?? '';
  return base + path;
}

/** The text a channel sends: the event's text, plus the people's names and phones as the channel allows. */
export function channelText(text: string, people: NotifyInput['people'], s: ChannelSettings): string {
  const parts = [text];
  if (people?.length && (s.includeNames || s.includePhones)) {
    const who = people
      .map((p) => [s.includeNames ? p.name : null, s.includePhones && p.phone ? p.phone : null].filter(Boolean).join(' '))
      .filter(Boolean);
    if (who.length) parts.push(`相关人员：${who.join('、')}`);
  }
  return withoutIdNumbers(parts.join('\n'));
}

export async function notify(tx: DbOrTx, n: NotifyInput): Promise<{ raised: boolean; notified: number; queued: number }> {
  const [raised] = await tx
    .insert(notificationEvents)
    .values({ event: n.event, key: n.key, townCode: n.townCode })
    .onConflictDoNothing()
    .returning({ key: notificationEvents.key });
  if (!raised) return { raised: false, notified: 0, queued: 0 };
  const title = withoutIdNumbers(n.title);
  const text = withoutIdNumbers(n.text);

  // in the app: active recipients (not the actor) who have not muted the event
  let notified = 0;
  const ids = [...new Set(n.userIds.filter((u): u is string => !!u && u !== n.actorId))];
  if (ids.length) {
    const rows = await tx
      .select({ id: users.id, muted: notificationPreferences.muted })
      .from(users)
      .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
      .where(and(inArray(users.id, ids), eq(users.active, true)));
    const wanted = rows.filter((r) => !((r.muted as string[] | null) ?? []).includes(n.event));
    if (wanted.length) {
      const ins = await tx
        .insert(notifications)
        .values(
          wanted.map((r) => ({
            id: crypto.randomUUID(),
            userId: r.id,
            kind: n.event,
            ref: n.key,
            title,
            message: n.appText ? withoutIdNumbers(n.appText) : text,
            link: linkOf(n.ref),
            subject: n.ref,
            townCode: n.townCode,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: notifications.id });
      notified = ins.length;
    }
  }

  // out of the system: the channels of the region and above that take the event
  const region = n.regionCode ?? n.townCode;
  if (!region) return { raised: true, notified, queued: 0 };
  const channels = await tx
    .select({ id: notificationChannels.id, settings: notificationChannels.settings, townCode: notificationChannels.townCode })
    .from(notificationChannels)
    .where(
      and(
        eq(notificationChannels.active, true),
        sql`${notificationChannels.events} @> ${JSON.stringify([n.event])}::jsonb`,
        sql`(select r.path from regions r where r.code = ${region}) like (select cr.path from regions cr where cr.code = ${notificationChannels.regionCode}) || '%'`,
      ),
    );
  if (!channels.length) return { raised: true, notified, queued: 0 };
  const at = new Date().toISOString();
  const url = publicUrl(refPath(n.ref));
  const rows = channels.map((c) => {
    const id = crypto.randomUUID();
    const payload: WebhookPayload = { id, event: n.event, title, text: channelText(text, n.people, (c.settings ?? {}) as ChannelSettings), regionCode: region, ref: n.ref, url, at };
    return { id, channelId: c.id, event: n.event, key: n.key, townCode: n.townCode, payload };
  });
  const queued = await tx.insert(notificationDeliveries).values(rows).onConflictDoNothing().returning({ id: notificationDeliveries.id });
  return { raised: true, notified, queued: queued.length };
}
