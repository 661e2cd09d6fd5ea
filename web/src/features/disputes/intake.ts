/**
 * The intake's request, shared by the SPA's intake page (IntakePage.tsx), the grid worker's light page
 * (web/src/field/) and the offline outbox (outbox.ts): the form's values as the draft keeps them, the body
 * POST /api/disputes takes, the send with its Idempotency-Key, the duplicate check. No react-query, no antd:
 * the light page's chunks import this.
 *
 *   const created = await sendIntake(key, toBody(values, linkTo));
 */
import type { Created, Duplicate, DuplicateList } from '../../../../core/schemas/disputes.ts';
import { validateIdNumber } from '../../../../core/id-number.ts';
import { api, apiFetch, apiUrl } from '../../app/api.ts';

export interface PartyValues {
  role: string;
  kind: string;
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  ethnicity?: string;
}

/** The intake form's values, as the draft (outbox.ts DRAFT_KEY) keeps them: either page restores the other's. */
export interface IntakeValues {
  regionCode?: string;
  receivedOn?: string;
  channel?: string;
  category?: string;
  summary?: string;
  peopleCount?: number;
  amount?: number | null;
  riskLevel?: string;
  flags?: string[];
  parties?: PartyValues[];
}

/** A new form's values (the page adds the day, the channel of a grid worker and the region). */
export const EMPTY_INTAKE: IntakeValues = {
  receivedOn: undefined,
  channel: 'walk_in',
  riskLevel: 'general',
  peopleCount: 2,
  flags: [],
  parties: [
    { role: 'applicant', kind: 'person' },
    { role: 'respondent', kind: 'person' },
  ],
};

/** The body of POST /api/disputes: parties without a name left out, the amount as a decimal string. */
export function toBody(v: IntakeValues, linkTo: string | null) {
  const amount = v.amount as number | string | null | undefined;
  return {
    regionCode: v.regionCode,
    receivedOn: v.receivedOn,
    channel: v.channel,
    category: v.category,
    summary: v.summary?.trim(),
    peopleCount: v.peopleCount,
    amount: amount === null || amount === undefined || amount === '' ? null : Number(amount).toFixed(2),
    riskLevel: v.riskLevel,
    mayTurnCriminal: (v.flags ?? []).includes('mayTurnCriminal'),
    threatensPetition: (v.flags ?? []).includes('threatensPetition'),
    parties: (v.parties ?? [])
      .filter((p) => p.name?.trim())
      .map((p) => ({ role: p.role, kind: p.kind, name: p.name!.trim(), idNumber: p.idNumber?.trim() || null, phone: p.phone?.trim() || null, address: p.address?.trim() || null, ethnicity: (p.kind === 'person' && p.ethnicity?.trim()) || null })),
    ...(linkTo ? { linkTo } : {}),
  };
}

/** POST /api/disputes with the Idempotency-Key header (the intake and its offline outbox). Throws ApiError (status 0 = no connection). */
export async function sendIntake(key: string, body: Record<string, unknown>): Promise<Created> {
  const res = await apiFetch(apiUrl('/disputes'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Created;
}

/** A probe of the duplicate check at intake: one party's id number or phone. */
export type DuplicateProbe = { idNumber?: string; phone?: string };

/** The probes of the parties typed so far: valid identity numbers and phones of 7 digits or more, at most 6. */
export function duplicateProbes(parties: readonly (PartyValues | undefined)[] | undefined): DuplicateProbe[] {
  const out: DuplicateProbe[] = [];
  for (const p of parties ?? []) {
    if (p?.idNumber && validateIdNumber(p.idNumber).ok) out.push({ idNumber: p.idNumber.trim() });
    if (p?.phone && p.phone.replace(/\D/g, '').length >= 7) out.push({ phone: p.phone.trim() });
  }
  return out.slice(0, 6);
}

/** Possible duplicates: one POST /disputes/duplicates per probe, merged by dispute (with every way it matched). */
export async function fetchDuplicates(f: { probes: DuplicateProbe[]; category?: string; receivedOn?: string }): Promise<Duplicate[]> {
  const lists = await Promise.all(f.probes.map((p) => api.post<DuplicateList>('/disputes/duplicates', { ...p, category: f.category, receivedOn: f.receivedOn })));
  const byId = new Map<string, Duplicate>();
  for (const l of lists) for (const d of l.items) byId.set(d.id, { ...d, matchedBy: [...new Set([...(byId.get(d.id)?.matchedBy ?? []), ...d.matchedBy])] });
  return [...byId.values()];
}
