import { integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 文号 of issued papers (monthly bulletin, year-end summary): one sequence per year and issuing scope (a town's
 * code, or `county`); a paper issued again (same kind, period and scope) keeps its number.
 */
export const documentNumbers = pgTable(
  'document_numbers',
  {
    id: text('id').primaryKey(),
    year: integer('year').notNull(),
    /** town code, or 'county' for a county-wide paper */
    scope: text('scope').notNull(),
    /** what was issued: 'bulletin:2026-11', 'summary:<programme id>' */
    paper: text('paper').notNull(),
    seq: integer('seq').notNull(),
    /** as printed: 无讼办〔2026〕3号 */
    number: text('number').notNull(),
    issuedBy: text('issued_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('document_numbers_paper_idx').on(t.year, t.scope, t.paper), uniqueIndex('document_numbers_seq_idx').on(t.year, t.scope, t.seq)],
);
