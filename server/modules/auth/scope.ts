import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Role } from '../../../core/roles.ts';
import { escapeLike } from '../../db/text-search.ts';
import { visiblePaths, type Actor } from './actor.ts';

/**
 * SQL condition "this region code lies in the actor's scope" for any table carrying a region code.
 * Every list, read and export goes through it (SPEC §1: a user sees only regions at or below their bindings).
 */
export function regionInScope(actor: Actor, regionCodeColumn: SQLWrapper, roles?: readonly Role[]): SQL {
  const paths = visiblePaths(actor, roles);
  if (paths === null) return sql`true`;
  if (paths.length === 0) return sql`false`;
  const likes = paths.map((p) => `${escapeLike(p)}%`);
  return sql`${regionCodeColumn} in (select r.code from regions r where r.path like any(${sqlTextArray(likes)}))`;
}

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
