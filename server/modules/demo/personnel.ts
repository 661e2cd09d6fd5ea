/**
 * Demo data for the prevention ledger (SPEC §6): fills every register of one town for a year — people,
 * facilities (with photos), screening campaigns and reports with risks, key persons with contact logs,
 * visits and consultations, legal education with the 每周一典 series, the case library and the checklist.
 * Deterministic (seeded) and bounded by `today`, so nothing lies in the future. The lead wires it into
 * `wusong demo`.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from '../../db/client.ts';
import {
  checklistItems,
  educationActivities,
  facilities,
  files,
  keyPersonContacts,
  keyPersons,
  libraryEntries,
  personnel,
  regions,
  risks,
  screeningCampaigns,
  screeningReports,
  screeningTargets,
  visits,
} from '../../db/schema/index.ts';
import { chineseName, mobile, rng } from './random.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { CHECKLIST_ITEMS, type FacilityType } from '../../../core/dictionaries.ts';

export interface DemoPreventionOptions {
  townCode: string;
  year: number;
  /** the demo's "today" (default: now, Asia/Shanghai); nothing is dated after it */
  today?: string;
  seed?: number;
  /**
   * whether to create the registers that last beyond a year — people, facilities, the case library (default
   * true); a later year of the same town passes false and keeps the ones already there
   */
  registers?: boolean;
  /**
   * the people's gaps against V3 (village codes): no 法治带头人 until a date; three 法律明白人 of whom one leaves
   * and is replaced later. Default: the third village has no leader and the fifth only two literates.
   */
  peopleGaps?: { noLeaderUntil: Record<string, string>; literateLeaves: Record<string, { leftOn: string; replacedOn: string }> };
  /** facilities every village has (so that a checklist item they support, met, agrees with the registers) */
  everyVillageHas?: FacilityType[];
  /** the checklist items assessed "not met" (region code and item key); default: a random tenth */
  checklistNotMet?: { regionCode: string; item: string }[];
}

const uuid = () => crypto.randomUUID();

/** A small solid-colour PNG (a stand-in photo). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// rows typed by their table, so a seeded row is checked like any insert
async function insertChunks<T extends PgTable>(tx: DbOrTx, table: T, rows: T['$inferInsert'][], size = 500) {
  for (let i = 0; i < rows.length; i += size) await tx.insert(table).values(rows.slice(i, i + size));
}

const RISK_TEXTS: [string, string, string][] = [
  ['neighbour', '两户村民因排水沟走向发生争执，多次口角', '村调委会上门调解，约定共同出资改道'],
  ['housing_homestead', '宅基地边界不清，兄弟两家建房时发生争执', '组织丈量，邀请老党员参与调解'],
  ['marriage_family', '夫妻因赡养老人问题长期不和，女方扬言离婚', '妇联联合村干部上门疏导'],
  ['land_contract', '土地承包经营权流转租金未按期支付', '联系承包大户，督促按合同支付'],
  ['labour', '外来务工人员反映工地欠薪', '报镇人社所，协调包工头分期支付'],
  ['social_security', '村民对养老保险缴费年限有异议', '引导至镇社保窗口核查'],
  ['expropriation_demolition', '道路拓宽涉及三户青苗补偿标准有分歧', '镇征迁办解释政策，逐户沟通'],
  ['environment', '养殖场异味影响周边住户', '督促养殖户整改，环保部门现场检查'],
  ['road_traffic', '村道轻微交通事故赔偿未谈妥', '交警和村调委会联合调解'],
  ['contract', '农资赊账款纠纷', '约双方到村调委会对账'],
  ['medical', '村民对卫生院诊疗结果不满', '引导通过医疗纠纷调委会处理'],
  ['property_management', '小区物业费与停车管理纠纷', '社区召集业委会和物业协商'],
];

/** Fills every prevention register of `townCode` for `year`. Returns counts per register. */
export async function seedDemoPrevention(database: Database, opts: DemoPreventionOptions) {
  const r = rng(opts.seed ?? opts.year * 31 + 4);
  const today = opts.today ?? todayShanghai();
  const yearStart = `${opts.year}-01-01`;
  if (yearStart > today) return { skipped: true as const };
  const until = `${opts.year}-12-31` < today ? `${opts.year}-12-31` : today;
  const span = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
  /** a day between `from` and `to` (inclusive) */
  const day = (from = yearStart, to = until) => (to <= from ? from : addDays(from, r.int(0, span(from, to))));

  const db = database.db;
  const [town] = await db.select().from(regions).where(eq(regions.code, opts.townCode));
  if (!town) throw new Error(`seedDemoPrevention：乡镇 ${opts.townCode} 不存在`);
  const all = await db.select().from(regions).where(and(eq(regions.townCode, opts.townCode), eq(regions.active, true)));
  const villages = all.filter((x) => x.level === 'village' || x.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
  const grids = all.filter((x) => x.level === 'grid');
  const gridsOf = (v: string) => grids.filter((g) => g.parentCode === v);
  const userRows = await database.query<{ id: string; name: string; region_code: string | null; village_code: string | null }>(
    `select distinct u.id, u.name, b.region_code, coalesce(case when rr.level in ('village', 'community') then rr.code end, rr.parent_code) as village_code
       from users u join user_bindings b on b.user_id = u.id
       left join regions rr on rr.code = b.region_code left join units un on un.id = b.unit_id
     where u.active and b.role in ('town_office', 'village_admin', 'justice_office', 'mediator', 'grid_worker')
       and (rr.town_code = $1 or rr.code = $1 or un.town_code = $1) order by u.id`,
    [opts.townCode],
  );
  const counts: Record<string, number> = {};

  await db.transaction(async (tx) => {
    // ---- people
    const registers = opts.registers !== false;
    const people: (typeof personnel.$inferInsert)[] = [];
    const person = (role: string, regionCode: string, villageCode: string | null, o: { joined?: boolean; trainings?: string | null; since?: string; until?: string | null } = {}) => {
      const since = o.since ?? (r.chance(0.7) ? `${opts.year - r.int(1, 4)}-${String(r.int(1, 12)).padStart(2, '0')}-01` : day());
      people.push({
        id: uuid(),
        name: chineseName(r),
        role,
        regionCode,
        villageCode,
        townCode: opts.townCode,
        phone: mobile(r),
        since,
        until: o.until ?? null,
        joinedPlatform: o.joined ?? false,
        trainings: o.trainings ?? null,
      });
    };
    const training = () => (r.chance(0.7) ? `${opts.year}-${String(r.int(3, 11)).padStart(2, '0')} 参加镇司法所组织的${r.pick(['民法典', '人民调解实务', '法律明白人', '信访法治化'])}培训` : null);
    for (const [i, v] of (registers ? villages : []).entries()) {
      // villages show gaps against the standard (V3)
      const gaps = opts.peopleGaps;
      const appointed = gaps?.noLeaderUntil[v.code];
      const leaves = gaps?.literateLeaves[v.code];
      const leaders = gaps ? (appointed ? 0 : r.int(1, 2)) : i === 2 ? 0 : r.int(1, 2);
      const literates = gaps ? (leaves ? 3 : r.int(3, 6)) : i === 4 ? 2 : r.int(3, 6);
      for (let k = 0; k < leaders; k++) person('rule_of_law_leader', v.code, v.code, { trainings: training() });
      if (appointed && appointed <= today) person('rule_of_law_leader', v.code, v.code, { since: appointed, trainings: training() });
      for (let k = 0; k < literates; k++) {
        const g = gridsOf(v.code);
        person('legal_literate', g.length && r.chance(0.4) ? r.pick(g).code : v.code, v.code, { trainings: training(), ...(leaves && k === 0 ? { since: `${opts.year - 2}-03-01`, until: leaves.leftOn } : {}) });
      }
      if (leaves && leaves.replacedOn <= today) person('legal_literate', v.code, v.code, { since: leaves.replacedOn, trainings: `${leaves.replacedOn.slice(0, 7)} 参加镇司法所组织的法律明白人培训` });
      if (r.chance(0.3)) {
        // left during the year: served from an earlier year (an end date never precedes the start)
        const left = addDays(yearStart, r.int(30, 200));
        person('legal_literate', v.code, v.code, { since: `${opts.year - r.int(1, 3)}-${String(r.int(1, 12)).padStart(2, '0')}-01`, until: left > today ? today : left });
      }
      person('legal_adviser', v.code, v.code, { joined: r.chance(0.5) });
      for (let k = 0; k < r.int(3, 7); k++) person('mediator', v.code, v.code, { joined: r.chance(0.8), trainings: training() });
      for (const g of gridsOf(v.code)) person('grid_worker', g.code, v.code, { joined: r.chance(0.75) });
      for (let k = 0; k < r.int(4, 9); k++) person('volunteer', v.code, v.code);
      for (let k = 0; k < r.int(2, 4); k++) person('village_cadre', v.code, v.code, { joined: r.chance(0.7) });
      if (r.chance(0.6)) person('town_cadre', v.code, v.code, { joined: r.chance(0.8) }); // 包村干部
    }
    for (let k = 0; k < (registers ? 8 : 0); k++) person('town_cadre', opts.townCode, null, { joined: r.chance(0.85) });
    await insertChunks(tx, personnel, people);
    counts.personnel = people.length;
    const cadreNames = people.filter((p) => p.role === 'town_cadre' || p.role === 'village_cadre').map((p) => p.name);

    // ---- facilities, some with a photo
    const odds: [FacilityType, number][] = [
      ['court_link', 0.85],
      ['litigation_link_station', 0.45],
      ['judicial_service_point', 0.6],
      ['public_legal_service_station', 0.8],
      ['legal_culture_room', 0.6],
      ['publicity_board', 0.95],
      ['media_account', 0.5],
    ];
    const facRows: (typeof facilities.$inferInsert)[] = [];
    const photoRows: (typeof files.$inferInsert)[] = [];
    const photo = (ownerEntity: string, ownerId: string, regionCode: string, filename: string) => {
      const png = solidPng(96, 64, [r.int(60, 220), r.int(60, 220), r.int(60, 220)]);
      photoRows.push({ id: uuid(), ownerEntity, ownerId, regionCode, townCode: opts.townCode, filename, mimeType: 'image/png', size: png.length, contentBase64: png.toString('base64') });
    };
    for (const v of registers ? villages : []) {
      for (const [type, p] of odds) {
        if (!r.chance(p) && !opts.everyVillageHas?.includes(type)) continue;
        const id = uuid();
        const building = !opts.everyVillageHas?.includes(type) && r.chance(0.08);
        facRows.push({ id, regionCode: v.code, villageCode: v.code, townCode: opts.townCode, type, name: null, status: building ? 'building' : 'in_use', since: building ? null : `${opts.year - r.int(0, 3)}-${String(r.int(1, 6)).padStart(2, '0')}-01` });
        if (r.chance(0.3)) photo('facility', id, v.code, `${v.name}-${type}.png`);
      }
    }
    await insertChunks(tx, facilities, facRows);
    counts.facilities = facRows.length;

    // ---- screening: monthly regular campaigns, two sensitive periods, one flexible
    const campaigns: (typeof screeningCampaigns.$inferInsert)[] = [];
    const targets: (typeof screeningTargets.$inferInsert)[] = [];
    const reports: (typeof screeningReports.$inferInsert)[] = [];
    const riskRows: (typeof risks.$inferInsert)[] = [];
    const campaign = (title: string, type: string, startsOn: string, days: number, covered: { code: string; villageCode: string | null }[]) => {
      if (startsOn > until) return;
      const id = uuid();
      const endsOn = addDays(startsOn, days);
      const deadline = addDays(startsOn, Math.max(3, days - 2));
      campaigns.push({ id, regionCode: opts.townCode, townCode: opts.townCode, title, type, startsOn, endsOn, deadline });
      for (const c of covered) {
        targets.push({ campaignId: id, regionCode: c.code, villageCode: c.villageCode, townCode: opts.townCode });
        const fate = r.weighted([
          ['on_time', 90],
          ['late', 6],
          ['missing', 4],
        ] as const);
        const reportedOn = fate === 'on_time' ? addDays(startsOn, r.int(0, Math.max(0, days - 2))) : addDays(deadline, r.int(1, 4));
        if (fate === 'missing' || reportedOn > today) continue;
        const rid = uuid();
        const withRisks = r.chance(0.22);
        reports.push({ id: rid, campaignId: id, regionCode: c.code, villageCode: c.villageCode, townCode: opts.townCode, status: 'submitted', zeroReport: !withRisks, submittedOn: reportedOn, submittedAt: new Date(`${reportedOn}T09:30:00+08:00`), submittedByName: chineseName(r) });
        if (withRisks) {
          for (let k = 0; k < r.int(1, 2); k++) {
            const [category, description, measures] = r.pick(RISK_TEXTS);
            const old = addDays(reportedOn, 45) < today;
            riskRows.push({
              id: uuid(),
              campaignId: id,
              reportId: rid,
              regionCode: c.code,
              villageCode: c.villageCode,
              townCode: opts.townCode,
              foundOn: reportedOn,
              category,
              peopleInvolved: `${chineseName(r)}、${chineseName(r)}`,
              peopleCount: r.weighted([
                [2, 60],
                [3, 20],
                [6, 10],
                [12, 3],
              ] as const),
              level: r.weighted([
                ['general', 80],
                ['serious', 17],
                ['major', 3],
              ] as const),
              description,
              measures,
              status: old && r.chance(0.85) ? 'defused' : 'open',
            });
          }
        }
      }
    };
    const villageTargets = villages.map((v) => ({ code: v.code, villageCode: v.code }));
    const gridTargets = grids.map((g) => ({ code: g.code, villageCode: g.parentCode }));
    for (let m = 1; m <= 12; m++) campaign(`${opts.year}年${m}月矛盾纠纷经常性排查`, 'regular', `${opts.year}-${String(m).padStart(2, '0')}-01`, 9, villageTargets);
    campaign(`${opts.year}年春节前矛盾纠纷专项排查`, 'sensitive_period', `${opts.year}-01-15`, 10, gridTargets.length ? gridTargets : villageTargets);
    campaign(`${opts.year}年国庆期间不稳定因素排查`, 'sensitive_period', `${opts.year}-09-20`, 8, gridTargets.length ? gridTargets : villageTargets);
    campaign(`${opts.year}年汛期山林土地纠纷灵活性排查`, 'flexible', `${opts.year}-06-10`, 12, (() => {
      const some = villageTargets.filter(() => r.chance(0.5));
      return some.length >= 2 ? some : villageTargets.slice(0, 2);
    })());
    await insertChunks(tx, screeningCampaigns, campaigns);
    await insertChunks(tx, screeningTargets, targets);
    await insertChunks(tx, screeningReports, reports);
    await insertChunks(tx, risks, riskRows);
    Object.assign(counts, { campaigns: campaigns.length, reports: reports.length, risks: riskRows.length });

    // ---- key persons with contact logs (some overdue)
    if (userRows.length) {
      const kps: (typeof keyPersons.$inferInsert)[] = [];
      const contacts: (typeof keyPersonContacts.$inferInsert)[] = [];
      const flagsPool = ['life_frustrated', 'mentally_unbalanced', 'behaviour_abnormal', 'personality_paranoid'];
      for (let k = 0; k < Math.min(10, villages.length); k++) {
        const v = villages[(k * 3) % villages.length];
        const type = r.weighted([
          ['threatened_petition', 35],
          ['extreme_remarks', 20],
          ['three_lost_one_biased', 35],
          ['other', 10],
        ] as const);
        const id = uuid();
        const since = day(yearStart, addDays(until, -40));
        // a responsible cadre works for the whole town or for this very village (never another village)
        const fit = userRows.filter((u) => u.region_code === opts.townCode || u.region_code === v.code || u.village_code === v.code);
        const pool = fit.length ? fit : userRows.filter((u) => u.region_code === opts.townCode);
        if (!pool.length) continue;
        const cadre = pool[k % pool.length];
        let last: string | null = null;
        let d = addDays(since, r.int(3, 20));
        const overdue = k % 4 === 3;
        while (d <= until && !(overdue && addDays(d, 45) > until)) {
          contacts.push({ id: uuid(), keyPersonId: id, contactedOn: d, method: r.pick(['home_visit', 'home_visit', 'phone', 'talk']), content: r.pick(['上门了解近况，情绪平稳', '电话沟通，反映诉求已转交相关部门', '约谈子女共同做思想工作', '走访邻居了解日常表现']), helpGiven: r.chance(0.4) ? r.pick(['协助申请临时救助', '联系就业岗位', '协调村里解决用水问题']) : null, byUserId: cadre.id, byName: cadre.name });
          last = d;
          d = addDays(d, r.int(12, 28));
        }
        kps.push({
          id,
          name: chineseName(r),
          phone: mobile(r),
          address: `${v.name}${r.int(1, 9)}组${r.int(1, 60)}号`,
          regionCode: v.code,
          villageCode: v.code,
          townCode: opts.townCode,
          type,
          flags: type === 'three_lost_one_biased' ? flagsPool.filter(() => r.chance(0.5)).concat(flagsPool[k % 4]).filter((x, i, a) => a.indexOf(x) === i) : [],
          situation: r.pick(['因土地补偿问题多次到镇里反映', '家庭变故后情绪低落，言语偏激', '与邻居长期矛盾，曾扬言报复', '对过去处理结果不满，扬言越级上访']),
          responsibleUserId: cadre.id,
          responsePlan: '1. 包保责任人每月至少走访一次；2. 发现异常情况第一时间报镇平安办；3. 敏感节点落实稳控措施；4. 协调相关部门解决合理诉求。',
          riskLevel: r.weighted([
            ['general', 60],
            ['serious', 30],
            ['major', 10],
          ] as const),
          // a past year's cases are settled by now
          status: k === 0 || until < today ? 'resolved' : 'under_watch',
          watchedSince: since,
          lastContactOn: last,
        });
      }
      await insertChunks(tx, keyPersons, kps);
      await insertChunks(tx, keyPersonContacts, contacts);
      Object.assign(counts, { keyPersons: kps.length, keyPersonContacts: contacts.length });
    }

    // ---- visits and consultations
    const visitRows: (typeof visits.$inferInsert)[] = [];
    const REQUESTS = ['反映村道路灯损坏', '咨询土地承包经营权流转', '要求解决邻居占道堆物问题', '咨询离婚财产分割', '反映工资被拖欠', '咨询遗产继承顺序', '反映养殖异味扰民', null, null];
    for (let m = 1; m <= 12; m++) {
      const first = `${opts.year}-${String(m).padStart(2, '0')}-01`;
      if (first > until) break;
      const last = addDays(addDays(first, 32).slice(0, 8) + '01', -1);
      for (let k = 0; k < r.int(18, 30); k++) {
        const v = r.pick(villages);
        const type = r.weighted([
          ['reception', 30],
          ['appointment', 15],
          ['home_visit', 35],
          ['consultation', 20],
        ] as const);
        const requests = r.pick(REQUESTS);
        const on = day(first, last < until ? last : until);
        const answered = requests && r.chance(0.85);
        const g = gridsOf(v.code);
        const region = type === 'reception' || type === 'appointment' ? (r.chance(0.3) ? opts.townCode : v.code) : g.length && r.chance(0.5) ? r.pick(g).code : v.code;
        visitRows.push({
          id: uuid(),
          type,
          visitedOn: on,
          cadres: [r.pick(cadreNames), ...(r.chance(0.4) ? [r.pick(cadreNames)] : [])].filter((x, i, a) => a.indexOf(x) === i).join('、'),
          regionCode: region,
          villageCode: region === opts.townCode ? null : v.code,
          townCode: opts.townCode,
          personsMet: chineseName(r),
          personsCount: type === 'reception' && r.chance(0.1) ? r.int(3, 8) : 1,
          requests,
          answer: answered ? r.pick(['已当场解答', '已转交相关部门办理并答复', '已协调村里解决', '已告知法律规定和维权途径']) : null,
          followUpNeeded: !!requests && !answered,
          requestStatus: !requests ? 'none' : answered ? 'resolved' : r.chance(0.5) ? 'in_progress' : 'open',
          satisfaction: r.chance(0.7) ? r.weighted([
            [5, 60],
            [4, 30],
            [3, 10],
          ] as const) : null,
        });
      }
    }
    await insertChunks(tx, visits, visitRows);
    counts.visits = visitRows.length;

    // ---- library, education and the 每周一典 series
    const lib: (typeof libraryEntries.$inferInsert)[] = [];
    const LIB: [string, string, string | null][] = [
      ['typical_case', '邻里排水沟纠纷“三次上门”化解案', 'neighbour'],
      ['typical_case', '兄弟宅基地边界纠纷现场丈量调解案', 'housing_homestead'],
      ['typical_case', '赡养纠纷“家庭会议”调解案', 'marriage_family'],
      ['typical_case', '土地流转租金纠纷诉前调解案', 'land_contract'],
      ['typical_case', '工地欠薪群体纠纷多部门联调案', 'labour'],
      ['typical_case', '交通事故赔偿“诉调对接”司法确认案', 'road_traffic'],
      ['typical_case', '征迁青苗补偿纠纷政策解释化解案', 'expropriation_demolition'],
      ['typical_case', '养殖异味环境纠纷协商整改案', 'environment'],
      ['experience', '“村民说事”每月十日制度', null],
      ['experience', '网格员“一日一走访”排查法', null],
      ['experience', '法律明白人“调解工作室”做法', null],
      ['experience', '“诉服村村通”远程调解经验', null],
    ];
    for (const [kind, title, category] of registers ? LIB : []) {
      lib.push({ id: uuid(), kind, title, category, regionCode: opts.townCode, townCode: opts.townCode, summary: kind === 'typical_case' ? '基本案情、调解过程、调解结果与典型意义。' : '做法要点、工作成效与推广价值。', content: `${title}\n\n一、基本情况\n……\n二、主要做法\n……\n三、取得成效\n……`, publishedOn: day() });
    }
    await insertChunks(tx, libraryEntries, lib);
    // a later year's 每周一典 draws on the library already kept
    const series = registers ? lib : await tx.select({ id: libraryEntries.id, title: libraryEntries.title }).from(libraryEntries).where(eq(libraryEntries.townCode, opts.townCode)).orderBy(libraryEntries.publishedOn, libraryEntries.id);
    const acts: (typeof educationActivities.$inferInsert)[] = [];
    for (const v of villages) {
      for (let k = 0; k < r.int(4, 10); k++) {
        const type = r.weighted([
          ['lecture', 30],
          ['training', 15],
          ['demonstration_litigation', 5],
          ['demonstration_mediation', 10],
          ['publicity', 40],
        ] as const);
        const id = uuid();
        acts.push({ id, type, heldOn: day(), regionCode: v.code, villageCode: v.code, townCode: opts.townCode, title: `${v.name}${r.pick(['民法典宣讲', '反诈与法治宣传', '法律明白人培训', '法治文艺进村', '以案说法', '调解观摩'])}`, organiser: r.pick(['镇司法所', '清溪人民法庭', '村调委会', '镇妇联', '派出所']), participants: type === 'publicity' ? r.int(30, 200) : r.int(15, 80), summary: '围绕群众身边常见纠纷开展宣传，现场解答法律咨询。' });
        if (r.chance(0.35)) photo('education_activity', id, v.code, `活动照片-${v.name}.png`);
      }
    }
    let issue = 0;
    for (let d = addDays(yearStart, (8 - new Date(`${yearStart}T00:00:00Z`).getUTCDay()) % 7); d <= until; d = addDays(d, 7)) {
      if (!series.length) break;
      const entry = series[issue % series.length];
      issue++;
      acts.push({ id: uuid(), type: 'weekly_case', heldOn: d, regionCode: opts.townCode, villageCode: null, townCode: opts.townCode, title: `每周一典第${issue}期：${entry.title}`, organiser: '镇平安办、清溪人民法庭', participants: r.int(200, 900), summary: '通过微信公众号和村务群推送', seriesNo: issue, libraryEntryId: entry.id });
    }
    await insertChunks(tx, educationActivities, acts);
    await insertChunks(tx, files, photoRows, 50);
    Object.assign(counts, { library: lib.length, activities: acts.length, weeklyCases: issue, photos: photoRows.length });

    // ---- checklist: the town office assesses in December (or, for the current year, some items so far)
    // in December (the 总结提升 phase) the year's items are all assessed
    const done = until >= `${opts.year}-12-01`;
    const notMet = opts.checklistNotMet ? new Set(opts.checklistNotMet.map((x) => `${x.regionCode}:${x.item}`)) : null;
    const status = (regionCode: string, item: string, pMet: number) => (notMet ? (notMet.has(`${regionCode}:${item}`) ? 'not_met' : 'met') : r.chance(pMet) ? 'met' : 'not_met');
    const rowsC: (typeof checklistItems.$inferInsert)[] = [];
    const assessedOn = until === `${opts.year}-12-31` ? `${opts.year}-12-20` : until;
    for (const it of CHECKLIST_ITEMS) {
      if (it.scope === 'town' && (done || r.chance(0.5))) rowsC.push({ id: uuid(), regionCode: opts.townCode, townCode: opts.townCode, year: opts.year, item: it.key, status: status(opts.townCode, it.key, 0.9), evidence: `${it.label}：相关材料已归档。`, assessedBy: '镇平安办', assessedOn });
    }
    for (const v of villages) {
      for (const it of CHECKLIST_ITEMS.filter((x) => x.scope === 'village')) {
        if (!done && r.chance(0.5)) continue;
        rowsC.push({ id: uuid(), regionCode: v.code, townCode: opts.townCode, year: opts.year, item: it.key, status: status(v.code, it.key, 0.88), evidence: it.code === 'V1' ? '村规民约第十二条写入“有纠纷先调解”。' : '村调委会、网格调解队伍运行正常，纠纷台账完整。', assessedBy: '镇平安办', assessedOn });
      }
    }
    // re-seeding a year replaces its assessments
    await tx.delete(checklistItems).where(and(eq(checklistItems.year, opts.year), inArray(checklistItems.regionCode, [opts.townCode, ...villages.map((v) => v.code)])));
    await insertChunks(tx, checklistItems, rowsC);
    counts.checklist = rowsC.length;
    await tx.execute(sql`insert into audit_log (actor_name, action, entity, entity_id, after, town_code) values ('system:demo', 'demo.seed_prevention', 'database', ${`${opts.townCode}:${opts.year}`}, ${JSON.stringify(counts)}::jsonb, ${opts.townCode})`);
  });
  return { skipped: false as const, counts };
}

