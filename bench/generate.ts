import type { Database } from '../server/db/client.ts';

/** Bench sizes: a township, a county (20 towns × 20 villages), a province (50 such counties). */
export const SIZES = {
  township: { counties: 1, towns: 1, villages: 14 },
  county: { counties: 1, towns: 20, villages: 20 },
  province: { counties: 50, towns: 20, villages: 20 },
} as const;
export type Size = keyof typeof SIZES;

export interface GeneratedTree {
  size: Size;
  provinceCode: string;
  countyCodes: string[];
  townCodes: string[];
  villageCodes: string[];
}

/**
 * Generates the region tree, populations for `years`, one village committee per village and a
 * centre per town with set-based SQL (generate_series), so a province is seconds, not minutes.
 * Codes: province 99, city 9901, county 9901CC, town 9901CCTTT, village 9901CCTTTVVV (12 digits).
 */
export async function generateTree(database: Database, size: Size, years: number[]): Promise<GeneratedTree> {
  const s = SIZES[size];
  const q = (text: string, params?: unknown[]) => database.query(text, params);
  await q(`insert into regions (code, name, level, parent_code, path, town_code)
           values ('990000000000', '基准省', 'province', null, '/990000000000/', null),
                  ('990100000000', '基准市', 'city', '990000000000', '/990000000000/990100000000/', null)`);
  await q(
    `insert into regions (code, name, level, parent_code, path, town_code)
     select '9901' || lpad(c::text, 2, '0') || '000000', '基准县' || c, 'county', '990100000000',
            '/990000000000/990100000000/9901' || lpad(c::text, 2, '0') || '000000/', null
       from generate_series(1, $1::int) c`,
    [s.counties],
  );
  await q(
    `insert into regions (code, name, level, parent_code, path, town_code)
     select t.code, '基准县' || c || '第' || tt || '镇', 'town', cc.code, cc.path || t.code || '/', t.code
       from generate_series(1, $1::int) c
       cross join generate_series(1, $2::int) tt
       cross join lateral (select '9901' || lpad(c::text, 2, '0') || '000000' as code) cc0
       join regions cc on cc.code = cc0.code
       cross join lateral (select '9901' || lpad(c::text, 2, '0') || lpad(tt::text, 3, '0') || '000' as code) t`,
    [s.counties, s.towns],
  );
  await q(
    `insert into regions (code, name, level, parent_code, path, town_code)
     select left(t.code, 9) || lpad(v::text, 3, '0'), t.name || '第' || v || '村',
            case when v % 7 = 0 then 'community' else 'village' end, t.code,
            t.path || left(t.code, 9) || lpad(v::text, 3, '0') || '/', t.code
       from regions t cross join generate_series(1, $1::int) v
      where t.level = 'town' and t.code like '9901%'`,
    [s.villages],
  );
  for (const y of years) {
    await q(
      `insert into region_population (region_code, year, residents)
       select code, $1::int, 1500 + (abs(hashtext(code || $1::text)) % 3500)
         from regions where level in ('village', 'community') and code like '9901%'`,
      [y],
    );
  }
  await q(`insert into units (id, name, type, region_code, town_code)
           select 'vc-' || code, name || '调委会', 'village_committee', code, town_code from regions
            where level in ('village', 'community') and code like '9901%'`);
  await q(`insert into units (id, name, type, region_code, town_code)
           select 'centre-' || code, name || '矛调中心', 'town_centre', code, code from regions where level = 'town' and code like '9901%'`);
  const rows = await database.query<{ code: string; level: string }>(`select code, level from regions where code like '99%' order by code`);
  return {
    size,
    provinceCode: '990000000000',
    countyCodes: rows.filter((r) => r.level === 'county').map((r) => r.code),
    townCodes: rows.filter((r) => r.level === 'town').map((r) => r.code),
    villageCodes: rows.filter((r) => r.level === 'village' || r.level === 'community').map((r) => r.code),
  };
}
