/**
 * Similar cases (类案推送, issue 17.2): for a dispute, the most similar concluded disputes of its town — the same
 * category first, then by the Dice coefficient of the summaries' Chinese character bigrams (core/similarity.ts) —
 * with how they ended and the agreement's wording, and the library's typical cases (典型案例, 每周一典) of the
 * same category. No outside service: `summary_grams int[]` with a GIN index finds the candidates sharing bigrams.
 *
 * A similar case of the town the user may not otherwise open is shown (its summary, outcome and agreement text:
 * what a mediator learns from) without a link; its parties are not shown.
 */
import { sql } from 'drizzle-orm';
import { dice, gramHashes, intArrayLiteral } from '../../../core/similarity.ts';
import type { SimilarCases } from '../../../core/schemas/disputes.ts';
import type { DbOrTx } from '../../db/client.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { resolveScope, scopeCondition } from '../../scope/unit.ts';
import { loadVisible, type DisputeRow } from './helpers.ts';

/** Below this the summaries share little more than a word or two: not shown. */
const MIN_SIMILARITY = 0.12;
/** Postings read per bigram: a bigram in thousands of the town's summaries says little, a sample of it is enough. */
const POSTINGS_PER_GRAM = 400;
/** The most overlapping disputes ranked in full. */
const CANDIDATES = 100;

export async function similarCases(db: DbOrTx, actor: Actor, id: string, opts: { limit?: number } = {}): Promise<SimilarCases> {
  requirePermission(actor, 'disputes.read');
  const scope = await resolveScope(db, actor);
  const d = await loadVisible(db, actor, id, scope);
  return similarTo(db, d, scopeCondition(scope, 'read', 'o'), opts.limit ?? 8);
}

/** The similar concluded cases and library entries of one dispute; `visible` marks the cases the user may open. */
export async function similarTo(db: DbOrTx, d: Pick<DisputeRow, 'id' | 'townCode' | 'category' | 'summary' | 'summaryGrams'>, visible = sql`true`, limit = 8): Promise<SimilarCases> {
  const grams = d.summaryGrams?.length ? d.summaryGrams : gramHashes(d.summary);
  // candidates: for each bigram a bounded slice of the town's postings (index-only), counted per dispute; the
  // most overlapping ones are then ranked same category first, by the Dice coefficient
  const cases = grams.length
    ? (
        await db.execute<{
          id: string;
          number: string;
          category: string;
          summary: string;
          outcome: string;
          outcome_level: string | null;
          concluded_on: string | null;
          grams: number[] | string;
          agreement_form: string | null;
          agreement_content: string | null;
          visible: boolean;
        }>(sql`
          with c as (
            select p.dispute_id, count(*)::int as common
              from unnest(${intArrayLiteral(grams)}::int[]) as q(gram)
              cross join lateral (select p.dispute_id from dispute_grams p where p.town_code = ${d.townCode} and p.gram = q.gram limit ${POSTINGS_PER_GRAM}) p
             group by p.dispute_id
             order by common desc
             limit ${CANDIDATES}
          )
          select o.id, o.number, o.category, o.summary, coalesce(o.outcome, 'failed') as outcome, o.outcome_level, o.concluded_on::text as concluded_on,
                 o.summary_grams as grams, a.form as agreement_form, a.content as agreement_content, ${visible} as visible
            from c join disputes o on o.id = c.dispute_id
            left join agreements a on a.dispute_id = o.id
           where o.id <> ${d.id} and (o.outcome is not null or o.state = 'failed')
           order by (o.category = ${d.category}) desc, 2.0 * c.common / (coalesce(cardinality(o.summary_grams), 0) + ${grams.length}) desc, o.concluded_on desc nulls last, o.id
           limit ${limit * 2}`)
      ).rows
    : [];
  const library = await db.execute<{ id: string; kind: string; title: string; summary: string | null; content: string | null; published_on: string | null; weekly: boolean }>(sql`
    select l.id, l.kind, l.title, l.summary, l.content, l.published_on::text as published_on,
           exists (select 1 from education_activities e where e.library_entry_id = l.id and e.type = 'weekly_case') as weekly
      from library_entries l
     where l.category = ${d.category} and (l.town_code = ${d.townCode} or l.town_code is null)
     order by l.published_on desc nulls last, l.created_at desc
     limit 5`);
  const toInts = (g: number[] | string) => (typeof g === 'string' ? g.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : g);
  return {
    cases: cases
      .map((c) => ({
        id: c.visible ? c.id : null,
        number: c.number,
        category: c.category,
        sameCategory: c.category === d.category,
        summary: c.summary,
        outcome: c.outcome,
        outcomeLevel: c.outcome_level,
        concludedOn: c.concluded_on,
        agreementForm: c.agreement_form,
        agreementContent: c.agreement_content,
        similarity: Math.round(dice(grams, toInts(c.grams)) * 100) / 100,
      }))
      .filter((c) => c.similarity >= MIN_SIMILARITY)
      .slice(0, limit),
    library: library.rows.map((l) => ({ id: l.id, kind: l.kind, title: l.title, summary: l.summary ?? l.content?.slice(0, 200) ?? null, publishedOn: l.published_on, weekly: !!l.weekly })),
  };
}
