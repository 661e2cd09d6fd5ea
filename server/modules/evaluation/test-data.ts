// Test data for the evaluation: rows inserted directly (the outside data of SPEC §5), on the seedTree county.
import crypto from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { TREE } from '../../../test/factories.ts';

let seq = 0;
const id = (p: string) => `${p}-${++seq}-${crypto.randomBytes(3).toString('hex')}`;

export const TOWN_ONLY = 'town_only';

/** Town of a region code of the seed tree (or of a code given explicitly). */
function townOf(region: string | null): string | null {
  if (!region) return null;
  if (region.startsWith('3307821')) return TREE.townA;
  if (region.startsWith('3307822')) return TREE.townB;
  return null;
}

export async function courtCase(
  database: Database,
  c: { region: string | null; filedOn: string; kind?: string; instance?: string; town?: string | null; match?: string; caseNo?: string },
) {
  const town = c.town === undefined ? townOf(c.region) : c.town;
  await database.query(
    `insert into court_cases (case_no, kind, instance, year, filed_on, defendant_region_code, town_code, match_status)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.caseNo ?? id('案'), c.kind ?? 'civil', c.instance ?? 'first', Number(c.filedOn.slice(0, 4)), c.filedOn, c.region, town, c.match ?? (c.region ? 'code' : 'unattributed')],
  );
}

export async function courtCases(database: Database, n: number, c: Parameters<typeof courtCase>[1]) {
  for (let i = 0; i < n; i++) await courtCase(database, c);
}

export async function prelitigation(
  database: Database,
  m: { defendant: string | null; party?: string | null; receivedOn: string; concludedOn?: string | null; result: 'success' | 'failure' | 'pending' },
) {
  const party = m.party === undefined ? m.defendant : m.party;
  await database.query(
    `insert into prelitigation_mediations (case_no, received_on, concluded_on, result, party_region_code, party_town_code, defendant_region_code, town_code)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id('诉前调'), m.receivedOn, m.concludedOn ?? null, m.result, party, townOf(party), m.defendant, townOf(m.defendant)],
  );
}

export async function platformDispute(
  database: Database,
  p: { unitRegion: string; acceptedOn: string; concludedOn?: string | null; result: 'success' | 'failure' | 'pending' },
) {
  await database.query(
    `insert into platform_disputes (platform_no, unit_region_code, accepted_on, concluded_on, result, town_code) values ($1, $2, $3, $4, $5, $6)`,
    [id('平台'), p.unitRegion, p.acceptedOn, p.concludedOn ?? null, p.result, townOf(p.unitRegion)],
  );
}

export async function incident(database: Database, i: { type: string; region: string; occurredOn: string; sentenceMonths?: number | null }) {
  await database.query(
    `insert into incidents (id, type, region_code, occurred_on, sentence_months, town_code) values ($1, $2, $3, $4, $5, $6)`,
    [id('事件'), i.type, i.region, i.occurredOn, i.sentenceMonths ?? null, townOf(i.region)],
  );
}

export async function person(
  database: Database,
  p: { role: string; region: string; village?: string; since?: string | null; until?: string | null; name?: string },
) {
  await database.query(
    `insert into personnel (id, name, role, region_code, village_code, town_code, since, until) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id('人'), p.name ?? '张三', p.role, p.region, p.village ?? p.region, townOf(p.region), p.since ?? null, p.until ?? null],
  );
}

export async function checklist(database: Database, region: string, year: number, items: Record<string, 'met' | 'not_met' | 'unassessed'>) {
  for (const [item, status] of Object.entries(items)) {
    await database.query(
      `insert into checklist_items (id, region_code, town_code, year, item, status) values ($1, $2, $3, $4, $5, $6)`,
      [id('检'), region, townOf(region), year, item, status],
    );
  }
}

export async function benchmark(database: Database, year: number, rate: string, city = '') {
  await database.query(`insert into city_benchmarks (city_code, year, litigation_rate_per_10k) values ($1, $2, $3)`, [city, year, rate]);
}

export async function population(database: Database, region: string, year: number, residents: number | null) {
  await database.query(`delete from region_population where region_code = $1 and year = $2`, [region, year]);
  if (residents !== null) await database.query(`insert into region_population (region_code, year, residents) values ($1, $2, $3)`, [region, year, residents]);
}

export const TOWN_ITEMS = ['creation_plan', 'legal_talent_teams', 'mediation_centre_and_court_link', 'public_legal_service_stations', 'regular_screening', 'legal_culture_platform'];
export const VILLAGE_ITEMS = ['village_rules_non_litigation', 'mediation_mechanism_effective'];
export const allMet = (items: string[]) => Object.fromEntries(items.map((i) => [i, 'met' as const]));

export const A4_INACTIVE = '330782100005';

/**
 * The evaluation scenario of the tests (year 2024, see evaluation.test.ts for the expected figures):
 * benchmark 2023 = 50 → limit 25 per 10k; 清溪镇 has no population of its own (sum of active villages
 * = 11,000), 白沙镇 has 6,000; 西村 only has a 2022 figure; 中村 has none.
 */
export async function seedScenario(database: Database) {
  const { seedTree } = await import('../../../test/factories.ts');
  const { createRegion } = await import('../regions/service.ts');
  const { sysCtx } = await import('../../../test/helpers.ts');
  await seedTree(database);
  await createRegion(database, sysCtx(), { code: A4_INACTIVE, name: '旧村', level: 'village', parentCode: TREE.townA, active: false });
  await benchmark(database, 2022, '80');
  await benchmark(database, 2023, '50');
  await benchmark(database, 2024, '10');
  await population(database, TREE.a2, 2024, null);
  await population(database, TREE.a2, 2022, 2000);
  await population(database, A4_INACTIVE, 2024, 1000);
  await population(database, TREE.b2, 2024, null);
  await population(database, TREE.townB, 2024, 6000);

  // court cases: 东村 8 (4 before July), 西村 5 through its grid (criminal), 南村 1, town-only 2, inactive village 3
  for (const d of ['2024-01-05', '2024-02-05', '2024-03-05', '2024-06-30', '2024-07-01', '2024-08-05', '2024-09-05', '2024-12-31']) {
    await courtCase(database, { region: TREE.a1, filedOn: d });
  }
  await courtCase(database, { region: TREE.a1, filedOn: '2024-05-01', instance: 'second' });
  await courtCase(database, { region: TREE.a1, filedOn: '2023-12-31' });
  await courtCase(database, { region: TREE.a1, filedOn: '2025-01-01' });
  await courtCase(database, { region: TREE.a1, filedOn: '2024-05-01', kind: 'administrative' });
  await courtCases(database, 5, { region: TREE.gridA2, filedOn: '2024-04-01', kind: 'criminal' });
  await courtCase(database, { region: TREE.a3, filedOn: '2024-10-01' });
  await courtCases(database, 2, { region: TREE.townA, filedOn: '2024-03-01', match: TOWN_ONLY });
  await courtCases(database, 3, { region: A4_INACTIVE, filedOn: '2024-03-01' });
  await courtCases(database, 4, { region: null, filedOn: '2024-03-01', town: null });
  await courtCases(database, 2, { region: TREE.b1, filedOn: '2024-03-01' });

  // pre-litigation, defendant in 清溪镇: 8 success, 2 failure, 1 success concluded in 2025 (pending on 31 Dec), 1 pending
  for (let i = 0; i < 8; i++) await prelitigation(database, { defendant: TREE.a1, receivedOn: '2024-02-01', concludedOn: '2024-03-01', result: 'success' });
  for (let i = 0; i < 2; i++) await prelitigation(database, { defendant: TREE.a2, receivedOn: '2024-02-01', concludedOn: '2024-08-01', result: 'failure' });
  await prelitigation(database, { defendant: TREE.a3, receivedOn: '2024-12-01', concludedOn: '2025-01-10', result: 'success' });
  await prelitigation(database, { defendant: TREE.townA, receivedOn: '2024-12-01', result: 'pending' });
  await prelitigation(database, { defendant: TREE.a1, receivedOn: '2023-12-20', concludedOn: '2024-01-10', result: 'success' });
  // 8 more whose party is in 清溪镇 and defendant in 白沙镇: 20 by party region in 清溪镇
  for (let i = 0; i < 8; i++) await prelitigation(database, { defendant: TREE.b1, party: TREE.a1, receivedOn: '2024-05-01', result: 'pending' });
  // platform: 2 success + 1 concluded only in 2025 → 3 / 20 = 0.15, 2 / 2 = 1
  await platformDispute(database, { unitRegion: TREE.a1, acceptedOn: '2024-03-01', concludedOn: '2024-03-20', result: 'success' });
  await platformDispute(database, { unitRegion: TREE.townA, acceptedOn: '2024-04-01', concludedOn: '2024-04-20', result: 'success' });
  await platformDispute(database, { unitRegion: TREE.townA, acceptedOn: '2024-12-20', concludedOn: '2025-01-05', result: 'failure' });

  // incidents
  await incident(database, { type: 'intentional_crime', region: TREE.a1, occurredOn: '2024-05-01', sentenceMonths: 36 });
  await incident(database, { type: 'intentional_crime', region: TREE.aC, occurredOn: '2024-05-01', sentenceMonths: null });
  await incident(database, { type: 'collective_petition', region: TREE.a3, occurredOn: '2024-07-01' });
  await incident(database, { type: 'intentional_crime', region: TREE.townB, occurredOn: '2024-09-01', sentenceMonths: null });
  await incident(database, { type: 'negligent_crime', region: TREE.b2, occurredOn: '2024-09-01', sentenceMonths: 48 });
  await incident(database, { type: 'intentional_crime', region: TREE.b1, occurredOn: '2023-09-01', sentenceMonths: 60 });

  // personnel
  const team = async (village: string, literates: number, extra: { since?: string; until?: string } = {}) => {
    await person(database, { role: 'rule_of_law_leader', region: village, ...extra });
    for (let i = 0; i < literates; i++) await person(database, { role: 'legal_literate', region: village });
  };
  await person(database, { role: 'rule_of_law_leader', region: TREE.a1, since: '2020-01-01' });
  await person(database, { role: 'legal_literate', region: TREE.a1 });
  await person(database, { role: 'legal_literate', region: TREE.a1 });
  await person(database, { role: 'legal_literate', region: TREE.gridA1, village: TREE.a1 });
  await person(database, { role: 'legal_literate', region: TREE.a1, until: '2023-12-31' });
  await team(TREE.a2, 2);
  await person(database, { role: 'legal_literate', region: TREE.a2, until: '2024-06-30' });
  await person(database, { role: 'rule_of_law_leader', region: TREE.a3, since: '2024-07-01' });
  for (let i = 0; i < 3; i++) await person(database, { role: 'legal_literate', region: TREE.a3 });
  await person(database, { role: 'mediator', region: TREE.aC });
  await team(TREE.b1, 3);
  await team(TREE.b2, 3);

  // checklist 2024
  await checklist(database, TREE.a1, 2024, allMet(VILLAGE_ITEMS));
  await checklist(database, TREE.a2, 2024, { village_rules_non_litigation: 'met' });
  await checklist(database, TREE.a2, 2023, { mediation_mechanism_effective: 'met' });
  await checklist(database, TREE.a3, 2024, { village_rules_non_litigation: 'not_met', mediation_mechanism_effective: 'unassessed' });
  await checklist(database, TREE.aC, 2024, allMet(VILLAGE_ITEMS));
  await checklist(database, TREE.b1, 2024, allMet(VILLAGE_ITEMS));
  await checklist(database, TREE.b2, 2024, allMet(VILLAGE_ITEMS));
  await checklist(database, TREE.townA, 2024, allMet(TOWN_ITEMS.slice(0, 5)));
  await checklist(database, TREE.townB, 2024, allMet(TOWN_ITEMS));
}

/** A dispute row as the disputes module stores it (state, outcome and conclusion given). */
export async function dispute(
  database: Database,
  d: {
    region: string;
    village?: string | null;
    receivedOn: string;
    state?: string;
    outcome?: string | null;
    outcomeLevel?: string | null;
    concludedOn?: string | null;
    unitId?: string | null;
    stages?: { level: string; acceptedOn: string }[];
  },
) {
  const disputeId = id('纠纷');
  const town = townOf(d.region)!;
  await database.query(
    `insert into disputes (id, number, query_code, region_code, village_code, town_code, received_on, channel, category, summary, state, outcome, outcome_level, concluded_on, current_unit_id)
     values ($1, $2, $3, $4, $5, $6, $7, 'walk_in', 'neighbour', '测试纠纷', $8, $9, $10, $11, $12)`,
    [disputeId, disputeId, disputeId, d.region, d.village === undefined ? d.region : d.village, town, d.receivedOn, d.state ?? 'accepted', d.outcome ?? null, d.outcomeLevel ?? null, d.concludedOn ?? null, d.unitId ?? null],
  );
  let seq = 0;
  for (const s of d.stages ?? []) {
    await database.query(
      `insert into dispute_stages (id, dispute_id, town_code, seq, level, accepted_on, due_on) values ($1, $2, $3, $4, $5, $6, $6)`,
      [id('阶段'), disputeId, town, ++seq, s.level, s.acceptedOn],
    );
  }
  return disputeId;
}

export async function sourceCount(database: Database, region: string, month: string, source: string, count: number) {
  await database.query(`insert into source_counts (region_code, month, source, count, town_code) values ($1, $2, $3, $4, $5)`, [region, month, source, count, townOf(region)]);
}
