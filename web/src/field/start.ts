/**
 * The three answers the light intake page needs, asked for side by side as this module is evaluated — main.tsx
 * imports it first, so the requests leave before React is evaluated (issue 18.2: on a phone's link every round
 * trip is 150 ms or more). The page renders at once and fills its selects in as these answer.
 */
import type { Me } from '../../../core/schemas/auth.ts';
import type { Dictionaries } from '../../../core/schemas/disputes.ts';
import type { Region } from '../../../core/schemas/regions.ts';
import { api } from '../app/api.ts';
import { fetchMe } from '../features/auth/api.ts';

export interface Started {
  /** null: nobody is signed in */
  me: Promise<Me | null>;
  regions: Promise<Region[]>;
  dictionaries: Promise<Dictionaries>;
}

export function start(): Started {
  const started: Started = { me: fetchMe(), regions: api.get<Region[]>('/regions'), dictionaries: api.get<Dictionaries>('/disputes/dictionaries') };
  // each is awaited by the page; a failure there is shown or passed over, never an unhandled rejection
  for (const p of Object.values(started)) (p as Promise<unknown>).catch(() => undefined);
  return started;
}

export const started = start();
