/**
 * Offline intake (SPEC §4.1): a phone that loses its connection keeps the intake on the device and sends
 * it later with an `Idempotency-Key`, so a request resent after a timeout never creates a second dispute.
 *
 * - the form being typed is the draft (`DRAFT_KEY`), kept on every change, with its idempotency key;
 * - a submitted form that could not reach the server moves to the outbox (`OUTBOX_KEY`);
 * - `flushOutbox()` sends every outbox entry (on load, on the `online` event, on request) and drops the
 *   ones the server accepted — or refused for good (4xx), keeping those with their message.
 */
import type { Created } from '../../../../core/schemas/disputes.ts';
import { ApiError, errorText } from '../../app/api.ts';
import { sendIntake } from './intake.ts';

export const DRAFT_KEY = 'wusong.dispute.draft';
export const OUTBOX_KEY = 'wusong.dispute.outbox';

export interface OutboxEntry {
  key: string;
  body: Record<string, unknown>;
  savedAt: string;
  /** the server refused it (validation): shown, kept until the user discards it */
  error?: string;
}

export function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function read<T>(k: string, fallback: T): T {
  try {
    const v = localStorage.getItem(k);
    return v ? (JSON.parse(v) as T) : fallback;
  } catch {
    return fallback;
  }
}

export const loadDraft = () => read<{ key: string; values: Record<string, unknown> } | null>(DRAFT_KEY, null);
export const saveDraft = (d: { key: string; values: Record<string, unknown> }) => localStorage.setItem(DRAFT_KEY, JSON.stringify(d));
export const clearDraft = () => localStorage.removeItem(DRAFT_KEY);

export const loadOutbox = () => read<OutboxEntry[]>(OUTBOX_KEY, []);
function saveOutbox(list: OutboxEntry[]) {
  localStorage.setItem(OUTBOX_KEY, JSON.stringify(list));
  window.dispatchEvent(new Event('wusong-outbox'));
}
export function addToOutbox(e: OutboxEntry) {
  saveOutbox([...loadOutbox().filter((x) => x.key !== e.key), e]);
}
export function discardFromOutbox(key: string) {
  saveOutbox(loadOutbox().filter((x) => x.key !== key));
}

let flushing: Promise<{ sent: Created[]; failed: number }> | null = null;

/** Sends the outbox; one flush at a time. */
export function flushOutbox(): Promise<{ sent: Created[]; failed: number }> {
  if (flushing) return flushing;
  flushing = (async () => {
    const sent: Created[] = [];
    let failed = 0;
    for (const e of loadOutbox()) {
      if (e.error) continue;
      try {
        sent.push(await sendIntake(e.key, e.body));
        discardFromOutbox(e.key);
      } catch (err) {
        if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429) {
          addToOutbox({ ...e, error: errorText(err) });
        }
        failed++;
      }
    }
    return { sent, failed };
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}
