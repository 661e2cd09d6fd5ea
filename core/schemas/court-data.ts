/**
 * The outside-data API (SPEC §5: court cases, pre-litigation mediations, platform disputes, veto incidents, city
 * benchmarks, monthly source counts, and the queue of addresses to place): the write contracts (route bodies,
 * service inputs) and the response shapes, shared by the server (route schemas) and the web (types).
 */
import { z } from 'zod';
import { Day, Month } from './fields.ts';

export type OutsideKind = 'court_cases' | 'prelitigation_mediations' | 'platform_disputes' | 'incidents' | 'city_benchmarks' | 'source_counts';

const opt = <T extends z.ZodType>(t: T) => t.nullish();
/** A warning about one column of a saved record (the record is kept). */
export const WarningOut = z.object({ column: z.string(), reason: z.string() });

const base = { key: z.string(), version: z.number(), updatedAt: z.string().nullable() };
/** where a record with a defendant belongs (court cases, pre-litigation mediations) */
const defendant = {
  defendantRegionCode: z.string().nullable(),
  defendantRegionName: z.string().nullable(),
  defendantAddress: z.string().nullable(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  matchStatus: z.string(),
  imported: z.boolean(),
};

export const OutsideRecordOut = {
  court_cases: z.object({
    ...base,
    caseNo: z.string(),
    kind: z.string(),
    instance: z.string(),
    year: z.number().nullable(),
    filedOn: z.string(),
    ...defendant,
  }),
  prelitigation_mediations: z.object({
    ...base,
    caseNo: z.string(),
    receivedOn: z.string(),
    concludedOn: z.string().nullable(),
    result: z.string(),
    partyRegionCode: z.string().nullable(),
    partyRegionName: z.string().nullable(),
    ...defendant,
    /** the dispute whose pre-litigation stage recorded this case number (when the user may see it) */
    disputeId: z.string().nullable(),
    disputeNumber: z.string().nullable(),
  }),
  platform_disputes: z.object({
    ...base,
    platformNo: z.string(),
    unitRegionCode: z.string(),
    unitRegionName: z.string().nullable(),
    acceptedOn: z.string(),
    concludedOn: z.string().nullable(),
    result: z.string(),
    townCode: z.string().nullable(),
    townName: z.string().nullable(),
    imported: z.boolean(),
  }),
  incidents: z.object({
    ...base,
    id: z.string(),
    type: z.string(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    occurredOn: z.string(),
    sentenceMonths: z.number().nullable(),
    sentenceText: z.string().nullable(),
    description: z.string().nullable(),
    townCode: z.string().nullable(),
    townName: z.string().nullable(),
    imported: z.boolean(),
  }),
  city_benchmarks: z.object({ ...base, cityCode: z.string().nullable(), cityName: z.string().nullable(), year: z.number(), litigationRatePer10k: z.string() }),
  source_counts: z.object({ ...base, regionCode: z.string(), regionName: z.string().nullable(), month: z.string(), source: z.string(), count: z.number(), townCode: z.string().nullable() }),
} satisfies Record<OutsideKind, z.ZodObject>;

/**
 * POST /<kind>: the record's fields, camelCase of the bundle columns; values go through the bundle's own parsers
 * (keys or labels), as an import's do.
 */
export const OutsideRecordCreate = {
  court_cases: z.object({
    caseNo: z.string().trim().min(1).max(100),
    kind: opt(z.string()),
    instance: opt(z.string()),
    filedOn: Day,
    defendantRegionCode: opt(z.string()),
    defendantAddress: opt(z.string().max(500)),
  }),
  prelitigation_mediations: z.object({
    caseNo: z.string().trim().min(1).max(100),
    receivedOn: Day,
    concludedOn: opt(Day),
    result: z.string(),
    partyRegionCode: opt(z.string()),
    defendantRegionCode: opt(z.string()),
    defendantAddress: opt(z.string().max(500)),
  }),
  platform_disputes: z.object({ platformNo: z.string().trim().min(1).max(100), unitRegionCode: z.string(), acceptedOn: Day, concludedOn: opt(Day), result: z.string() }),
  incidents: z.object({
    id: opt(z.string().trim().max(100)),
    type: z.string(),
    regionCode: z.string(),
    occurredOn: Day,
    sentenceMonths: opt(z.union([z.number().int().min(0).max(600), z.string().max(20)])),
    description: opt(z.string().max(2000)),
  }),
  city_benchmarks: z.object({ cityCode: opt(z.string()), year: z.number().int().min(1990).max(2100), litigationRatePer10k: z.union([z.string(), z.number()]) }),
  source_counts: z.object({ regionCode: z.string(), month: Month, source: z.string(), count: z.number().int().min(0).max(10_000_000) }),
} satisfies Record<OutsideKind, z.ZodObject>;


/** A record whose address matched a town but no village: the office picks the village. */
export const QueueItemOut = z.object({
  id: z.string(),
  entity: z.string(),
  entityId: z.string(),
  date: z.string().nullable(),
  address: z.string(),
  townCode: z.string(),
  townName: z.string().nullable(),
  candidates: z.array(z.object({ code: z.string(), name: z.string() })),
  villages: z.array(z.object({ code: z.string(), name: z.string() })),
  resolvedRegionCode: z.string().nullable(),
  resolvedRegionName: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});

const updateOf = <T extends z.ZodObject>(body: T) => body.partial().extend({ version: z.number().int() });
/** PATCH /<kind>/:key: any field but the key (its key fields are ignored), with the version read. */
export const OutsideRecordUpdate = {
  court_cases: updateOf(OutsideRecordCreate.court_cases),
  prelitigation_mediations: updateOf(OutsideRecordCreate.prelitigation_mediations),
  platform_disputes: updateOf(OutsideRecordCreate.platform_disputes),
  incidents: updateOf(OutsideRecordCreate.incidents),
  city_benchmarks: updateOf(OutsideRecordCreate.city_benchmarks),
  source_counts: updateOf(OutsideRecordCreate.source_counts),
} satisfies Record<OutsideKind, z.ZodObject>;
export type OutsideRecordInput<K extends OutsideKind = OutsideKind> = z.output<(typeof OutsideRecordCreate)[K]>;
export type OutsideRecordPatch<K extends OutsideKind = OutsideKind> = z.output<(typeof OutsideRecordUpdate)[K]>;

/** POST /resolution-queue/:id/resolve: the village the address lies in (learnt as an alias of it). */
export const QueueResolve = z.object({ regionCode: z.string().min(1) });
export const QueueListOut = z.object({ items: z.array(QueueItemOut), total: z.number() });
export const QueueResolvedOut = z.object({ resolved: z.number(), alias: z.string() });

export type OutsideRecord<K extends OutsideKind = OutsideKind> = z.infer<(typeof OutsideRecordOut)[K]>;
export type OutsideSaved<K extends OutsideKind = OutsideKind> = { item: OutsideRecord<K>; warnings: z.infer<typeof WarningOut>[] };
export type OutsideList<K extends OutsideKind = OutsideKind> = { items: OutsideRecord<K>[]; total: number };
export type QueueItem = z.infer<typeof QueueItemOut>;
export type QueueList = z.infer<typeof QueueListOut>;
export type QueueResolved = z.infer<typeof QueueResolvedOut>;
