import { sql } from 'drizzle-orm';
import type { Role } from '../../../core/roles.ts';
import { addDays } from '../../../core/dates.ts';
import type { RegionLevel } from '../../../core/regions.ts';
import type { Database } from '../../db/client.ts';
import { cityBenchmarks, courtCases, incidents, platformDisputes, prelitigationMediations, regionPopulation, regions, sourceCounts, units } from '../../db/schema/index.ts';
import { DEMO_STORY } from './story.ts';
import { generatePassword } from '../auth/password.ts';
import type { CommandContext } from '../../audit.ts';
import { UserCreate } from '../../../core/schemas/users.ts';
import { createUser } from '../users/service.ts';
import { rng, type Rng } from './random.ts';

/** The demo county: 青山县, with 清溪镇 fully populated and three lighter towns. Codes are fictional. */
export const DEMO = {
  province: { code: '330000000000', name: '浙江省' },
  city: { code: '330700000000', name: '金华市' },
  county: { code: '330799000000', name: '青山县' },
  town: { code: '330799100000', name: '清溪镇', short: '清溪' },
  courtPrefix: '浙0799',
};

const QINGXI_VILLAGES: [string, RegionLevel][] = [
  ['东溪村', 'village'],
  ['西溪村', 'village'],
  ['上塘村', 'village'],
  ['下塘村', 'village'],
  ['石桥村', 'village'],
  ['枫岭村', 'village'],
  ['竹园村', 'village'],
  ['桃源村', 'village'],
  ['新塘村', 'village'],
  ['后山村', 'village'],
  ['前洋村', 'village'],
  ['大坞村', 'village'],
  ['清溪社区', 'community'],
  ['溪南社区', 'community'],
];
/** The villages' people's mediators (one per village after the first, whose is 郑调解). */
const VILLAGE_MEDIATOR_NAMES = ['冯秀英', '何建国', '蒋文华', '沈玉兰', '韩志强', '杨桂芳', '朱明德', '秦丽萍', '许国平', '吕美华', '施永康', '张翠英', '孔德胜', '曹雪梅'];
const OTHER_TOWNS: { code: string; name: string; villages: string[] }[] = [
  { code: '330799101000', name: '白沙镇', villages: ['白沙村', '沙头村', '岭下村', '黄泥村'] },
  { code: '330799200000', name: '石门乡', villages: ['石门村', '门前村', '龙潭村'] },
  { code: '330799001000', name: '城关街道', villages: ['城北社区', '城南社区', '河西村'] },
];

export interface DemoCounty {
  townCode: string;
  villageCodes: string[];
  gridCodes: string[];
  users: { username: string; password: string; role: Role; where: string }[];
}

type RegionRow = typeof regions.$inferInsert;

/** The county's regions, units, people's accounts and outside data; nothing dated after `today` (Asia/Shanghai). */
export async function seedDemoCounty(database: Database, ctx: CommandContext, years: number[], today: string): Promise<DemoCounty> {
  const r = rng(7);
  const rows: RegionRow[] = [];
  const add = (code: string, name: string, level: RegionLevel, parent: RegionRow | null, aliases: string[] = []): RegionRow => {
    const row: RegionRow = {
      code,
      name,
      level,
      parentCode: parent?.code ?? null,
      path: `${parent?.path ?? '/'}${code}/`,
      townCode: level === 'town' ? code : ['village', 'community', 'grid'].includes(level) ? (parent?.townCode ?? null) : null,
      aliases,
    };
    rows.push(row);
    return row;
  };
  const prov = add(DEMO.province.code, DEMO.province.name, 'province', null, ['浙江']);
  const city = add(DEMO.city.code, DEMO.city.name, 'city', prov, ['金华']);
  const county = add(DEMO.county.code, DEMO.county.name, 'county', city, ['青山']);
  const town = add(DEMO.town.code, DEMO.town.name, 'town', county, [DEMO.town.short]);
  const villageCodes: string[] = [];
  const gridCodes: string[] = [];
  QINGXI_VILLAGES.forEach(([name, level], i) => {
    const v = add(`${DEMO.town.code.slice(0, 9)}${String(201 + i).padStart(3, '0')}`, name, level, town, [name.replace(/[村社区]+$/, '')]);
    villageCodes.push(v.code!);
    const grids = level === 'community' ? 4 : r.int(2, 3);
    for (let g = 1; g <= grids; g++) gridCodes.push(add(`${v.code}-G${String(g).padStart(2, '0')}`, `${name}第${g}网格`, 'grid', v).code!);
  });
  const otherVillages: string[] = [];
  for (const t of OTHER_TOWNS) {
    const tr = add(t.code, t.name, 'town', county, [t.name.replace(/[镇乡街道]+$/, '')]);
    t.villages.forEach((name, i) => otherVillages.push(add(`${t.code.slice(0, 9)}${String(201 + i).padStart(3, '0')}`, name, name.endsWith('社区') ? 'community' : 'village', tr).code!));
  }
  await database.db.transaction(async (tx) => {
    await tx.insert(regions).values(rows);
    // populations: villages 1,500–4,500, communities 5,000–8,000, growing slightly each year
    const pops: (typeof regionPopulation.$inferInsert)[] = [];
    for (const code of [...villageCodes, ...otherVillages]) {
      const isCommunity = rows.find((x) => x.code === code)!.level === 'community';
      let n = isCommunity ? r.int(5000, 8000) : r.int(1500, 4500);
      for (const y of years) {
        pops.push({ regionCode: code, year: y, residents: n });
        n = Math.round(n * (1 + r.int(-5, 15) / 1000));
      }
    }
    await tx.insert(regionPopulation).values(pops);
    const unitRows: (typeof units.$inferInsert)[] = [];
    for (const code of [...villageCodes, ...otherVillages]) {
      const name = rows.find((x) => x.code === code)!.name;
      unitRows.push({ id: `vc-${code}`, name: `${name}人民调解委员会`, type: 'village_committee', regionCode: code, townCode: rows.find((x) => x.code === code)!.townCode });
    }
    const townUnits: [string, string, string][] = [
      ['centre', '矛盾纠纷调处化解中心', 'town_centre'],
      ['justice', '司法所', 'justice_office'],
      ['police', '派出所', 'police_station'],
      ['petition', '信访办', 'petition_office'],
      ['women', '妇联', 'womens_federation'],
      ['labour', '人力社保所', 'labour_office'],
    ];
    for (const t of [{ code: DEMO.town.code, name: DEMO.town.name }, ...OTHER_TOWNS]) {
      for (const [id, label, type] of townUnits) unitRows.push({ id: `${id}-${t.code}`, name: `${t.name}${label}`, type, regionCode: t.code, townCode: t.code });
    }
    unitRows.push({ id: `court-${DEMO.county.code}`, name: `${DEMO.county.name}人民法院`, type: 'court', regionCode: DEMO.county.code });
    unitRows.push({ id: `tribunal-${DEMO.town.code}`, name: '清溪人民法庭', type: 'court', regionCode: DEMO.town.code, townCode: DEMO.town.code });
    unitRows.push({ id: `procuratorate-${DEMO.county.code}`, name: `${DEMO.county.name}人民检察院`, type: 'procuratorate', regionCode: DEMO.county.code });
    unitRows.push({ id: `traffic-${DEMO.county.code}`, name: `${DEMO.county.name}道路交通事故人民调解委员会`, type: 'industry_mediation', regionCode: DEMO.county.code });
    await tx.insert(units).values(unitRows);
    await tx.execute(sql`insert into audit_log (actor_name, action, entity, entity_id, after) values (${ctx.actor.username}, 'demo.seed', 'database', 'regions', ${JSON.stringify({ regions: rows.length, units: unitRows.length })}::jsonb)`);
  });

  // one user per role, with readable passwords printed by the CLI
  const users: DemoCounty['users'] = [];
  const mk = async (username: string, name: string, role: Role, where: { regionCode?: string; unitId?: string }, label: string) => {
    const password = generatePassword(10);
    await createUser(database, ctx, UserCreate.parse({ username, name, password: password + '1a', bindings: [{ role, regionCode: where.regionCode ?? null, unitId: where.unitId ?? null }], canRevealIdentity: role === 'town_office' }));
    users.push({ username, password: password + '1a', role, where: label });
  };
  await mk('qingxi_office', '陈平安', 'town_office', { regionCode: DEMO.town.code }, DEMO.town.name);
  await mk('qingxi_leader', '王书记', 'town_leader', { regionCode: DEMO.town.code }, DEMO.town.name);
  await mk('qingxi_justice', '李所长', 'justice_office', { regionCode: DEMO.town.code }, DEMO.town.name);
  await mk('court_liaison', '周法官', 'court_liaison', { regionCode: DEMO.county.code }, DEMO.county.name);
  await mk('qingxi_police', '赵警官', 'department', { unitId: `police-${DEMO.town.code}` }, '清溪镇派出所');
  await mk('dongxi_cadre', '吴村长', 'village_admin', { regionCode: villageCodes[0] }, QINGXI_VILLAGES[0][0]);
  await mk('dongxi_mediator', '郑调解', 'mediator', { regionCode: villageCodes[0] }, QINGXI_VILLAGES[0][0]);
  await mk('dongxi_grid1', '孙网格', 'grid_worker', { regionCode: gridCodes[0] }, `${QINGXI_VILLAGES[0][0]}第1网格`);
  await mk('qingxi_mediator', '钱调解', 'mediator', { regionCode: DEMO.town.code }, `${DEMO.town.name}（镇矛调中心）`);
  // every other village's people's mediator (bound to the village: offered as handlers of its 村调委会); not printed
  for (let i = 1; i < villageCodes.length; i++) {
    await createUser(
      database,
      ctx,
      UserCreate.parse({
        username: `mediator_${villageCodes[i].slice(-3)}`,
        name: `${VILLAGE_MEDIATOR_NAMES[i % VILLAGE_MEDIATOR_NAMES.length]}`,
        password: generatePassword(10) + '1a',
        bindings: [{ role: 'mediator', regionCode: villageCodes[i], unitId: null }],
      }),
    );
  }

  await seedDemoOutsideData(database, r, [...villageCodes], years, today);
  return { townCode: DEMO.town.code, villageCodes, gridCodes, users };
}

/** Court cases, pre-litigation mediations, platform disputes, incidents, the four sources' monthly counts and city benchmarks for the demo town, as DEMO_STORY tells. */
async function seedDemoOutsideData(database: Database, r: Rng, villageCodes: string[], years: number[], today: string) {
  const benchmarks = { 2021: '95.20', 2022: '91.60', 2023: '89.40', 2024: '86.70', 2025: '84.10', 2026: '82.00' } as Record<number, string>;
  const cases: (typeof courtCases.$inferInsert)[] = [];
  const prelit: (typeof prelitigationMediations.$inferInsert)[] = [];
  const platform: (typeof platformDisputes.$inferInsert)[] = [];
  const pops = await database.query<{ region_code: string; year: number; residents: number }>('select region_code, year, residents from region_population');
  const popOf = (code: string, y: number) => pops.find((p) => p.region_code === code && p.year === y)?.residents ?? 3000;
  const villageNames = await database.query<{ code: string; name: string }>('select code, name from regions where town_code = $1 and level in ($2, $3)', [DEMO.town.code, 'village', 'community']);
  const nameOf = (code: string) => villageNames.find((v) => v.code === code)?.name ?? '';
  const codeOf = (name: string) => villageNames.find((v) => v.name === name)!.code;
  const dayOfYear = (d: string) => (Date.parse(`${d}T00:00:00Z`) - Date.parse(`${d.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000 + 1;
  const incidentRows: (typeof incidents.$inferInsert)[] = [];
  for (const y of years) {
    if (`${y}-01-01` > today) continue;
    const story = DEMO_STORY[y] ?? { litigationOver: [], incidents: [], checklistNotMet: [] };
    let civil = 0;
    let crim = 0;
    let adm = 0;
    let pre = 0;
    let plat = 0;
    const limitPer10k = Number(benchmarks[y - 1] ?? '88') * 0.5;
    const until = `${y}-12-31` < today ? `${y}-12-31` : today;
    // the share of the year gone: a year to date has its cases so far
    const gone = dayOfYear(until) / dayOfYear(`${y}-12-31`);
    const over = new Set(story.litigationOver.map(codeOf));
    for (const code of villageCodes) {
      // first-instance civil and criminal cases (the counted kinds): over the limit where the story says so,
      // else well under it; a few administrative cases besides, which do not count
      const allowed = (limitPer10k * popOf(code, y)) / 10000;
      const counted = over.has(code) ? Math.floor(allowed) + r.int(2, 5) : Math.round(allowed * gone * (r.int(35, 88) / 100));
      const n = counted + (r.chance(0.4) ? 1 : 0);
      const name = nameOf(code);
      for (let i = 0; i < n; i++) {
        const kind = i >= counted ? 'administrative' : r.chance(0.11) ? 'criminal' : 'civil';
        const type = kind === 'civil' ? '民初' : kind === 'criminal' ? '刑初' : '行初';
        const seq = kind === 'civil' ? ++civil : kind === 'criminal' ? ++crim : ++adm;
        const byAddress = r.chance(0.3);
        cases.push({
          caseNo: `(${y})${DEMO.courtPrefix}${type}${seq + 1000}号`,
          kind,
          instance: 'first',
          year: y,
          filedOn: r.dayIn(y, until),
          // matched from the address, the region is filled in as the importer would
          defendantRegionCode: code,
          defendantAddress: byAddress ? `${DEMO.county.name}${DEMO.town.name}${name}${r.int(1, 120)}号` : null,
          townCode: DEMO.town.code,
          matchStatus: byAddress ? 'address' : 'code',
          imported: true,
        });
      }
      // pre-litigation mediations: about as many as the cases, mostly successful; one not over by today is pending
      const m = Math.round((n * r.int(70, 110)) / 100) + r.int(0, 2);
      for (let i = 0; i < m; i++) {
        const received = r.dayIn(y, until);
        let concludedOn: string | null = addDays(received, r.int(5, 40));
        if (concludedOn > `${y}-12-31`) concludedOn = `${y}-12-31`;
        if (concludedOn > today || r.chance(0.05)) concludedOn = null;
        prelit.push({
          caseNo: `(${y})${DEMO.courtPrefix}民诉前调${++pre + 100}号`,
          receivedOn: received,
          concludedOn,
          result: concludedOn ? (r.chance(0.87) ? 'success' : 'failure') : 'pending',
          partyRegionCode: code,
          partyTownCode: DEMO.town.code,
          defendantRegionCode: code,
          townCode: DEMO.town.code,
          matchStatus: 'code',
          imported: true,
        });
      }
      // the court mediation platform, used by the village committees: days to weeks each (SPEC §12: 12–23 on
      // average), about three in four successful; one not over by today is still pending
      const p = Math.round((m * r.int(10, 25)) / 100) + (r.chance(0.5) ? 1 : 0);
      for (let i = 0; i < p; i++) {
        const accepted = r.dayIn(y, until);
        const done = addDays(accepted, r.int(4, 35));
        const concluded = done <= today;
        platform.push({
          platformNo: `TJ${y}${String(++plat).padStart(5, '0')}`,
          unitRegionCode: code,
          acceptedOn: accepted,
          concludedOn: concluded ? done : null,
          result: concluded ? (plat % 4 === 0 ? 'failure' : 'success') : 'pending',
          townCode: DEMO.town.code,
          matchStatus: 'code',
          imported: true,
        });
      }
    }
    story.incidents.forEach((x, i) => {
      if (x.occurredOn > today) return;
      incidentRows.push({
        id: `demo-inc-${y}-${i + 1}`,
        type: x.type,
        regionCode: codeOf(x.village),
        townCode: DEMO.town.code,
        occurredOn: x.occurredOn,
        sentenceMonths: x.sentenceMonths ?? null,
        sentenceText: x.sentenceText ?? null,
        description: x.description,
      });
    });
  }
  const sources = demoSourceCounts(r, villageCodes, years, today, popOf, codeOf);
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < cases.length; i += 500) await tx.insert(courtCases).values(cases.slice(i, i + 500));
    for (let i = 0; i < prelit.length; i += 500) await tx.insert(prelitigationMediations).values(prelit.slice(i, i + 500));
    for (let i = 0; i < platform.length; i += 500) await tx.insert(platformDisputes).values(platform.slice(i, i + 500));
    for (let i = 0; i < sources.length; i += 500) await tx.insert(sourceCounts).values(sources.slice(i, i + 500));
    if (incidentRows.length) await tx.insert(incidents).values(incidentRows);
    await tx.insert(cityBenchmarks).values(Object.entries(benchmarks).map(([year, rate]) => ({ cityCode: '', year: Number(year), litigationRatePer10k: rate })));
  });
}

/**
 * 四源共治: each village's monthly enforcement cases, police dispute calls and petitions, for every month
 * that has ended by today; slowly falling year on year, with the collective petition's month showing.
 */
function demoSourceCounts(r: Rng, villageCodes: string[], years: number[], today: string, popOf: (code: string, y: number) => number, codeOf: (name: string) => string) {
  const rows: (typeof sourceCounts.$inferInsert)[] = [];
  const thisMonth = today.slice(0, 7);
  const petitions = new Map<string, number>();
  for (const y of years) for (const x of DEMO_STORY[y]?.incidents ?? []) if (x.type === 'collective_petition') petitions.set(`${codeOf(x.village)}:${x.occurredOn.slice(0, 7)}`, 12);
  years.forEach((y, yi) => {
    const fall = 1 - 0.12 * yi;
    for (let mo = 1; mo <= 12; mo++) {
      const month = `${y}-${String(mo).padStart(2, '0')}`;
      if (month >= thisMonth) return;
      // police calls peak around the Spring Festival and in the summer
      const season = mo <= 2 || (mo >= 7 && mo <= 8) ? 1.3 : 1;
      for (const code of villageCodes) {
        const k = popOf(code, y) / 1000;
        const counts = {
          enforcement: Math.max(0, Math.round(k * 0.25 * fall + r.int(-1, 1))),
          police: Math.max(0, Math.round(k * 1.1 * fall * season + r.int(-1, 2))),
          petition: Math.max(0, Math.round(k * 0.15 * fall + r.int(-1, 1))) + (petitions.get(`${code}:${month}`) ?? 0),
        };
        for (const [source, count] of Object.entries(counts)) rows.push({ regionCode: code, month, source, count, townCode: DEMO.town.code });
      }
    }
  });
  return rows;
}
