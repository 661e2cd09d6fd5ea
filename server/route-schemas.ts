/**
 * Pieces of route schemas shared by the modules' routes.ts: paging, and the field rules of core/schemas/fields.ts. Messages are Chinese (they reach the user as 422 problem details).
 */
import { z } from 'zod';

// The field rules live in core (the write contracts of core/schemas use them too); the routes take them from here.
export { Day, enumOf, Month, optText } from '../core/schemas/fields.ts';

/** Paging parameters of a list: `page` from 1, `pageSize` 1–`max` (default `size`). Spread into a querystring schema. */
export const pageQuery = (max = 100, size = 20) => ({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(max).default(size),
});

/** The usual paging: pageSize 1–100, default 20. */
export const PAGE_QUERY = pageQuery();
