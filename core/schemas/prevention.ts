/** Response shapes shared by the prevention registers (SPEC §6), for the server's route schemas and the web's types. */
import { z } from 'zod';

/** A rate with what it was computed from; `value` null (with `reason`) when the denominator is 0. */
export const RatioOut = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable(), reason: z.string().nullable() });
export type { Ratio } from '../prevention.ts';

/** An attachment (photo or PDF) on a prevention record. */
export const FileOut = z.object({ id: z.string(), filename: z.string(), mimeType: z.string(), size: z.number(), url: z.string(), createdAt: z.string() });
export type FileInfo = z.infer<typeof FileOut>;
