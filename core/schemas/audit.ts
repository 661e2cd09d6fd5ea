/** The audit log's answer (SPEC §11): one page of entries, newest first, shared by the server and the web. */
import { z } from 'zod';
import type { Wire } from './wire.ts';

export const AuditEntryOut = z.object({
  id: z.number(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  /** the record's human name (a dispute's number, a person's name…); null when it is gone or has none */
  entityName: z.string().nullable().optional(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  sourceAddress: z.string().nullable(),
  townCode: z.string().nullable(),
});
export const AuditPageOut = z.object({ items: z.array(AuditEntryOut), total: z.number() });

export type AuditEntry = Wire<z.infer<typeof AuditEntryOut>>;
export type AuditPage = { items: AuditEntry[]; total: number };
