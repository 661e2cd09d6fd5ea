/** Lists of text as one SQL parameter (scope conditions, prepared statements, `= any(...)` filters). */
import { sql, type SQL } from 'drizzle-orm';

/**
 * A text[] as ONE parameter (a PostgreSQL array literal, cast with ::text[]): a statement's text then does not
 * depend on how many values there are, so it can be prepared once.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A text[] parameter that both engines accept: one array literal, whatever the number of values. */
export function sqlTextArray(values: readonly string[]): SQL {
  return sql`${textArrayLiteral(values)}::text[]`;
}
