/**
 * The notification centre (SPEC §11): the user's own notifications and preferences, the channels (admin, or a
 * town office for its town) and their delivery log.
 */
import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { EVENT_KEYS, type ChannelCreate, type ChannelOut, type ChannelUpdate, type DeliveryOut, type NotificationItem, type NotificationRef, type PreferencesUpdate } from '../../../core/schemas/notifications.ts';
import type { Database, DbOrTx } from '../../db/client.ts';
import { notificationChannels, notificationDeliveries, notificationPreferences, notifications, regions } from '../../db/schema/index.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { writeAudit, type CommandContext } from '../../audit.ts';
import { pathVisible, regionInScope } from '../../scope/region.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import type { ChannelSettings } from './notify.ts';

/** Rows written before the SPEC §11 event names. */
const LEGACY_EVENTS: Record<string, string> = {
  dispute_overdue: 'stage.overdue',
  confirmation_closing: 'confirmation.deadline',
  key_person_contact: 'key_person.contact_due',
};
const LEGACY_TITLES: Record<string, string> = {
  'stage.overdue': '办理已超期',
  'confirmation.deadline': '司法确认期限临近',
  'key_person.contact_due': '重点对象应走访',
};
const eventsAndLegacy = (e: string) => [e, ...Object.keys(LEGACY_EVENTS).filter((k) => LEGACY_EVENTS[k] === e)];

/** `dispute:<id>` links of older rows as a ref a client can open. */
function refOf(subject: unknown, link: string | null): NotificationRef | null {
  if (subject && typeof subject === 'object') return subject as NotificationRef;
  const m = link?.match(/^([a-z_-]+):(.+)$/);
  return m ? { kind: m[1].replace('-', '_'), id: m[2], number: null } : null;
}

/** The current user's notifications, unread first, newest first; `event` and `unread` filter, `page` pages. */
export async function listNotifications(db: DbOrTx, actor: Actor, opts: { unread?: boolean; event?: string; page?: number; pageSize?: number; limit?: number } = {}) {
  if (!actor.userId) return { items: [], unread: 0, total: 0 };
  const conds: SQL[] = [eq(notifications.userId, actor.userId)];
  if (opts.unread) conds.push(isNull(notifications.readAt));
  if (opts.event) conds.push(inArray(notifications.kind, opts.event.split(',').flatMap(eventsAndLegacy)));
  const size = Math.min(opts.pageSize ?? opts.limit ?? 50, 200);
  const rows = await db
    .select()
    .from(notifications)
    .where(and(...conds))
    .orderBy(sql`${notifications.readAt} is not null`, desc(notifications.createdAt), notifications.id)
    .limit(size)
    .offset(((opts.page ?? 1) - 1) * size);
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(notifications).where(and(...conds));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  const items: NotificationItem[] = rows.map((x) => {
    const event = LEGACY_EVENTS[x.kind] ?? x.kind;
    return {
      id: x.id,
      event,
      title: x.title ?? LEGACY_TITLES[event] ?? '通知',
      text: x.message,
      ref: refOf(x.subject, x.link),
      link: x.link,
      createdAt: x.createdAt.toISOString(),
      readAt: x.readAt?.toISOString() ?? null,
    };
  });
  return { items, unread: Number(n), total: Number(total) };
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

// ---- preferences --------------------------------------------------------------------------------------------

export async function getPreferences(db: DbOrTx, actor: Actor) {
  if (!actor.userId) throw notFound('用户');
  const [p] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.userId));
  const muted = (p?.muted as string[] | undefined) ?? [];
  return { events: EVENT_KEYS.filter((e) => !muted.includes(e)), version: p?.version ?? 0 };
}

/** The events the user wants in the app (the others are muted); audited as a change of the user's settings. */
export async function setPreferences(database: Database, ctx: CommandContext, input: z.output<typeof PreferencesUpdate>) {
  const userId = ctx.actor.userId;
  if (!userId) throw notFound('用户');
  const muted = EVENT_KEYS.filter((e) => !input.events.includes(e));
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).for('update');
    if (input.version !== undefined && input.version !== (before?.version ?? 0)) throw conflict();
    const [after] = await tx
      .insert(notificationPreferences)
      .values({ userId, muted, version: 1 })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { muted, version: sql`${notificationPreferences.version} + 1`, updatedAt: new Date() } })
      .returning();
    await writeAudit(tx, ctx, { action: 'notification_preferences.update', entity: 'notification_preferences', entityId: userId, before: before ?? null, after });
    return { events: EVENT_KEYS.filter((e) => !muted.includes(e)), version: after.version };
  });
}

// ---- channels -----------------------------------------------------------------------------------------------

type ChannelRow = typeof notificationChannels.$inferSelect;

/** Channels are managed by admin, or by a town office within its town (its binding's region and below). */
const channelScope = (actor: Actor) => regionInScope(actor, notificationChannels.regionCode, ['town_office']);

function channelOut(c: ChannelRow, regionName: string | null): ChannelOut {
  const s = (c.settings ?? {}) as ChannelSettings;
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    target: c.target,
    regionCode: c.regionCode,
    regionName,
    events: (c.events as string[]) ?? [],
    settings: { includeNames: !!s.includeNames, includePhones: !!s.includePhones, phones: s.phones ?? [], hasSecret: !!s.secret },
    active: c.active,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
  };
}

/** A channel's region: one the actor manages channels for (404 otherwise). */
async function channelRegion(db: DbOrTx, actor: Actor, code: string) {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r || !pathVisible(actor, r.path, ['town_office'])) throw notFound('地区');
  return r;
}

function checkTarget(kind: string, target: string, settings: ChannelSettings | undefined) {
  if (kind === 'email') {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(target)) throw invalid('请填写有效的电子邮件地址', [{ field: 'target', message: '请填写有效的电子邮件地址' }]);
    return;
  }
  if (!/^https?:\/\/[^\s]+$/.test(target)) throw invalid('接收地址应以 http:// 或 https:// 开头', [{ field: 'target', message: '接收地址应以 http:// 或 https:// 开头' }]);
  if (kind === 'sms') {
    if (!target.includes('{phone}') || !target.includes('{text}')) throw invalid('短信网关地址模板须包含 {phone} 和 {text}', [{ field: 'target', message: '须包含 {phone} 和 {text}' }]);
    if (!settings?.phones?.length) throw invalid('请填写接收短信的手机号码', [{ field: 'settings.phones', message: '请填写接收短信的手机号码' }]);
  }
}

export async function listChannels(db: DbOrTx, actor: Actor) {
  requirePermission(actor, 'notifications.manage');
  const rows = await db
    .select({ c: notificationChannels, regionName: regions.name })
    .from(notificationChannels)
    .leftJoin(regions, eq(regions.code, notificationChannels.regionCode))
    .where(channelScope(actor))
    .orderBy(notificationChannels.createdAt);
  return { items: rows.map((r) => channelOut(r.c, r.regionName)) };
}

async function loadChannel(db: DbOrTx, actor: Actor, id: string, lock = false) {
  const q = db.select().from(notificationChannels).where(and(eq(notificationChannels.id, id), channelScope(actor)));
  const [c] = lock ? await q.for('update') : await q;
  if (!c) throw notFound('通知渠道');
  return c;
}

/** What the audit keeps of a channel: no secret. */
const auditOf = (c: ChannelRow) => ({ ...c, settings: { ...((c.settings ?? {}) as ChannelSettings), secret: (c.settings as ChannelSettings)?.secret ? '***' : null } });

export async function createChannel(database: Database, ctx: CommandContext, input: z.output<typeof ChannelCreate>) {
  requirePermission(ctx.actor, 'notifications.manage');
  checkTarget(input.kind, input.target, input.settings);
  return database.db.transaction(async (tx) => {
    const r = await channelRegion(tx, ctx.actor, input.regionCode);
    const [row] = await tx
      .insert(notificationChannels)
      .values({
        id: crypto.randomUUID(),
        kind: input.kind,
        name: input.name,
        target: input.target,
        regionCode: r.code,
        townCode: r.townCode,
        events: [...new Set(input.events)],
        settings: input.settings ?? {},
        active: input.active ?? true,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await writeAudit(tx, ctx, { action: 'notification_channel.create', entity: 'notification_channel', entityId: row.id, before: null, after: auditOf(row), townCode: row.townCode });
    return channelOut(row, r.name);
  });
}

export async function updateChannel(database: Database, ctx: CommandContext, id: string, input: z.output<typeof ChannelUpdate>) {
  requirePermission(ctx.actor, 'notifications.manage');
  return database.db.transaction(async (tx) => {
    const before = await loadChannel(tx, ctx.actor, id, true);
    if (before.version !== input.version) throw conflict();
    const r = await channelRegion(tx, ctx.actor, input.regionCode ?? before.regionCode);
    const oldSettings = (before.settings ?? {}) as ChannelSettings;
    // a secret not sent again is kept (the list never shows it)
    const settings = input.settings ? { ...input.settings, secret: input.settings.secret === undefined ? oldSettings.secret : input.settings.secret } : oldSettings;
    const kind = input.kind ?? before.kind;
    const target = input.target ?? before.target;
    checkTarget(kind, target, settings);
    const [after] = await tx
      .update(notificationChannels)
      .set({
        kind,
        name: input.name ?? before.name,
        target,
        regionCode: r.code,
        townCode: r.townCode,
        events: input.events ? [...new Set(input.events)] : before.events,
        settings,
        active: input.active ?? before.active,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(notificationChannels.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'notification_channel.update', entity: 'notification_channel', entityId: id, before: auditOf(before), after: auditOf(after), townCode: after.townCode });
    return channelOut(after, r.name);
  });
}

/** Deletes a channel with its delivery log. */
export async function deleteChannel(database: Database, ctx: CommandContext, id: string, version?: number) {
  requirePermission(ctx.actor, 'notifications.manage');
  return database.db.transaction(async (tx) => {
    const before = await loadChannel(tx, ctx.actor, id, true);
    if (version !== undefined && version !== before.version) throw conflict();
    await tx.delete(notificationChannels).where(eq(notificationChannels.id, id));
    await writeAudit(tx, ctx, { action: 'notification_channel.delete', entity: 'notification_channel', entityId: id, before: auditOf(before), after: null, townCode: before.townCode });
    return { deleted: true };
  });
}

// ---- deliveries ---------------------------------------------------------------------------------------------

export async function listDeliveries(db: DbOrTx, actor: Actor, f: { status?: string; channelId?: string; page: number; pageSize: number }) {
  requirePermission(actor, 'notifications.manage');
  const conds: SQL[] = [channelScope(actor)];
  if (f.status) conds.push(inArray(notificationDeliveries.status, f.status.split(',')));
  if (f.channelId) conds.push(eq(notificationDeliveries.channelId, f.channelId));
  const rows = await db
    .select({ d: notificationDeliveries, name: notificationChannels.name, kind: notificationChannels.kind })
    .from(notificationDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
    .where(and(...conds))
    .orderBy(desc(notificationDeliveries.createdAt), notificationDeliveries.id)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(notificationDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
    .where(and(...conds));
  const items: DeliveryOut[] = rows.map(({ d, name, kind }) => ({
    id: d.id,
    channelId: d.channelId,
    channelName: name,
    channelKind: kind,
    event: d.event,
    title: (d.payload as { title?: string }).title ?? '',
    status: d.status,
    tries: d.tries,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastError: d.lastError,
    sentAt: d.sentAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
  return { items, total: Number(total) };
}

/** Sends a failed (or waiting) delivery again now, with fresh tries; a sent one is never sent again (422). */
export async function resendDelivery(database: Database, ctx: CommandContext, id: string) {
  requirePermission(ctx.actor, 'notifications.manage');
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ d: notificationDeliveries })
      .from(notificationDeliveries)
      .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
      .where(and(eq(notificationDeliveries.id, id), channelScope(ctx.actor)))
      .for('update');
    if (!row) throw notFound('发送记录');
    const d = row.d;
    if (d.status === 'sent') throw invalid('该消息已发送成功，不会重复发送');
    if (d.status === 'sending') throw invalid('该消息正在发送，请稍后刷新');
    const [after] = await tx
      .update(notificationDeliveries)
      .set({ status: 'pending', tries: 0, nextAttemptAt: new Date(), updatedAt: new Date() })
      .where(eq(notificationDeliveries.id, id))
      .returning();
    await writeAudit(tx, ctx, { action: 'notification_delivery.resend', entity: 'notification_delivery', entityId: id, before: { status: d.status, tries: d.tries }, after: { status: after.status, tries: after.tries }, townCode: d.townCode });
    return { id, status: after.status };
  });
}
