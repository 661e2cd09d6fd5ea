/**
 * Pieces of route schemas shared by the modules' routes.ts: calendar days and months, optional text,
 * dictionary enums (from core/schemas/fields.ts), paging. Messages are Chinese (they reach the user as 422 problem details).
 */
import { z } from 'zod';

// the field pieces live in core (the input schemas of core/schemas use them); routes import them from here too
export { Day, Month, optText, enumOf } from '../core/schemas/fields.ts';

/** Paging parameters of a list: `page` from 1, `pageSize` 1–`max` (default `size`). Spread into a querystring schema. */
export const pageQuery = (max = 100, size = 20) => ({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(max).default(size),
});

/** The usual paging: pageSize 1–100, default 20. */
export const PAGE_QUERY = pageQuery();
