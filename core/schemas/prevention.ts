/** Response shapes shared by the prevention registers (SPEC §6), for the server's route schemas and the web's types. */
import { z } from 'zod';

/** A rate with what it was computed from; `value` null (with `reason`) when the denominator is 0. */
export const RatioOut = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable(), reason: z.string().nullable() });
export type { Ratio } from '../prevention.ts';
