import type { z } from 'zod';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import { checkDigit } from '../../../core/id-number.ts';
import type { Database } from '../../db/client.ts';
import type { Cipher } from '../../secret.ts';
import { makeActor, systemActor, type Actor } from '../auth/actor.ts';
import { loadBindings } from '../auth/service.ts';
import type { CommandContext } from '../../audit.ts';
import { chineseName, mobile, rng, type Rng } from './random.ts';
import { DisputeAction, DisputeCreate } from '../../../core/schemas/disputes.ts';
import { performActionQuick } from '../disputes/actions.ts';
import { createDispute } from '../disputes/intake.ts';

/**
 * A realistic year of disputes for one town (SPEC §12), written through the dispute service so every
 * record, stage, event, agreement, return visit and audit entry is exactly what the app itself writes.
 * - category mix of a county's mediations (damages 25%, contract 14%, neighbour 12%, marriage/family 10%, …);
 * - most resolved at grid/village level, then town, departments, court pre-litigation; success ≥ 95%;
 * - recent disputes are still open, so every state appears; a few stages run overdue or are extended.
 * Deterministic for a given town and year.
 */
export interface DemoDisputeOptions {
  townCode: string;
  year: number;
  count: number;
  /** default: today (Asia/Shanghai); nothing is dated after it */
  today?: string;
}

const CATEGORY_MIX: [string, number][] = [
  ['damages', 25],
  ['contract', 14],
  ['neighbour', 12],
  ['marriage_family', 10],
  ['housing_homestead', 6],
  ['labour', 6],
  ['land_contract', 5],
  ['road_traffic', 5],
  ['business', 3],
  ['property_management', 3],
  ['forest_land', 3],
  ['social_security', 2],
  ['expropriation_demolition', 2],
  ['environment', 1.5],
  ['medical', 1.5],
  ['other', 1.5],
  ['fire', 0.5],
];

const CHANNEL_MIX: [string, number][] = [
  ['walk_in', 30],
  ['grid_screening', 20],
  ['phone', 10],
  ['visit', 9],
  ['police_referral', 8],
  ['screening_campaign', 5],
  ['court_delegation', 5],
  ['department_referral', 4],
  ['online', 4],
  ['petition_referral', 3],
  ['procuratorate_referral', 1],
];

type T = (a: string, b: string, v: string, r: Rng) => { summary: string; amount: number | null; agreement: string; respondentOrg?: string };

const SUMMARIES: Record<string, T[]> = {
  damages: [
    (a, b, v, r) => ({ summary: `${v}${a}家的鸡鸭多次进入${b}家菜地啃食蔬菜，${b}投放药饵致${a}家禽死亡${r.int(8, 30)}只，双方就赔偿发生争执。`, amount: r.int(5, 30) * 100, agreement: `${b}一次性赔偿${a}家禽损失，${a}今后圈养家禽，不再进入${b}菜地。` }),
    (a, b, v, r) => ({ summary: `${b}在${v}修建围墙时碎石滚落砸坏${a}停放的电动车及部分瓦片，${a}要求赔偿修理费用。`, amount: r.int(8, 40) * 100, agreement: `${b}赔偿${a}电动车修理费及瓦片修缮费用，施工期间做好防护。` }),
    (a, b, v, r) => ({ summary: `${a}饲养的犬只在${v}村道咬伤${b}小腿，${b}就医花费医疗费用，双方对赔偿数额意见不一。`, amount: r.int(20, 120) * 100, agreement: `${a}承担${b}医疗费、误工费，今后出门须牵绳看管犬只。` }),
  ],
  contract: [
    (a, b, v, r) => ({ summary: `${a}为${b}承建${v}农房装修工程，完工后${b}以质量问题为由拖欠工程尾款。`, amount: r.int(20, 150) * 1000, agreement: `${b}分两期支付工程尾款，${a}对渗水部位进行返修。` }),
    (a, b, v, r) => ({ summary: `${a}向${b}出售茶叶鲜叶，${b}收货后以品质不符为由压价并拖欠货款。`, amount: r.int(5, 60) * 1000, agreement: `双方按约定价格的九折结算，${b}于月底前付清货款。` }),
    (a, b, v, r) => ({ summary: `${a}借给同村${b}现金用于养殖，约定一年归还，逾期后${b}以经营亏损为由未还。`, amount: r.int(10, 100) * 1000, agreement: `${b}分期归还借款，每月归还固定数额，利息予以免除。` }),
  ],
  neighbour: [
    (a, b, v) => ({ summary: `${v}${a}与${b}因宅前排水沟堵塞、雨水倒灌发生争执，多次口角。`, amount: null, agreement: `双方共同出资疏通排水沟，${b}拆除堵塞沟渠的杂物，今后互谅互让。` }),
    (a, b, v) => ({ summary: `${a}认为${b}新建房屋滴水檐越界、影响其采光通风，双方发生争吵。`, amount: null, agreement: `${b}将滴水檐改造内收，${a}不再就采光问题提出异议。` }),
    (a, b, v) => ({ summary: `${v}${a}与${b}因公共通道堆放柴草、农具影响通行产生矛盾。`, amount: null, agreement: `${b}于三日内清理公共通道堆放物，双方共同维护通道整洁。` }),
  ],
  marriage_family: [
    (a, b) => ({ summary: `${a}与${b}系夫妻，因家庭琐事及子女抚养问题长期争吵，${a}提出离婚，财产分割存在分歧。`, amount: null, agreement: `双方和好，约定共同承担子女教育支出，家庭重大事项协商决定。` }),
    (a, b, v, r) => ({ summary: `${a}年迈，与儿子${b}就赡养费及轮流照料问题产生纠纷。`, amount: r.int(3, 12) * 1000, agreement: `${b}每月支付赡养费，兄弟轮流照料，医疗费用按份分担。` }),
  ],
  housing_homestead: [
    (a, b, v) => ({ summary: `${v}${a}与${b}宅基地相邻，因界址不清，${b}翻建房屋时占用部分宅基地引发争议。`, amount: null, agreement: `经村两委现场测量，以原界桩为准，${b}退让越界部分。` }),
  ],
  labour: [
    (a, b, v, r) => ({ summary: `${a}在${b}处务工，工期结束后${b}以工程款未结为由拖欠工资。`, amount: r.int(5, 40) * 1000, agreement: `${b}于十五日内付清拖欠的劳动报酬。`, respondentOrg: `${v.replace(/村|社区$/u, '')}建筑工程队` }),
  ],
  land_contract: [
    (a, b, v, r) => ({ summary: `${a}将承包地流转给${b}种植苗木，${b}拖欠两年流转费，双方对续约存在争议。`, amount: r.int(3, 20) * 1000, agreement: `${b}补交流转费，合同到期后按新价续约。` }),
  ],
  road_traffic: [
    (a, b, v, r) => ({ summary: `${b}驾驶三轮车在${v}村道与${a}骑行的电动车发生碰撞，${a}受轻伤，双方就损失赔偿协商未果。`, amount: r.int(20, 200) * 100, agreement: `${b}赔偿${a}医疗费、车辆维修费及误工费，一次性了结。` }),
  ],
  business: [
    (a, b, v, r) => ({ summary: `${a}与${b}合伙经营农家乐，因利润分配及账目不清发生纠纷。`, amount: r.int(10, 80) * 1000, agreement: `双方对账后按出资比例分配利润，${b}退出合伙并领取相应份额。` }),
  ],
  property_management: [
    (a, b, v, r) => ({ summary: `${a}因小区电梯长期故障拒交物业费，物业公司多次催缴。`, amount: r.int(10, 40) * 100, agreement: `物业公司于一个月内完成电梯维修，${a}补交物业费。`, respondentOrg: '溪南物业管理有限公司' }),
  ],
  forest_land: [
    (a, b) => ({ summary: `${a}与${b}因山林界址争议，${b}在争议山场砍伐杉木。`, amount: null, agreement: `以林权证四至为准重新确界，${b}对已砍伐林木作价补偿。` }),
  ],
  social_security: [
    (a, b, v, r) => ({ summary: `${a}在企业工作期间未缴纳社会保险，离职后要求补缴或赔偿。`, amount: r.int(5, 30) * 1000, agreement: `企业为${a}补缴社会保险，并支付经济补偿。`, respondentOrg: `${v.replace(/村|社区$/u, '')}五金制品厂` }),
  ],
  expropriation_demolition: [
    (a, b, v, r) => ({ summary: `${a}对${v}道路拓宽工程中房屋附属设施的补偿标准有异议。`, amount: r.int(10, 60) * 1000, agreement: `按补偿方案重新核定附属设施面积，补发差额补偿款。`, respondentOrg: '镇征迁工作组' }),
  ],
  environment: [
    (a, b) => ({ summary: `${a}反映${b}经营的养猪场粪污外排，污染其家门口水塘并散发异味。`, amount: null, agreement: `${b}限期建设粪污处理设施，对${a}水塘进行清淤。` }),
  ],
  medical: [
    (a, b, v, r) => ({ summary: `${a}在村卫生室输液后出现过敏反应，认为卫生室处置不当要求赔偿。`, amount: r.int(5, 50) * 100, agreement: `卫生室承担${a}后续治疗费用，并加强用药告知。`, respondentOrg: `${v}卫生室` }),
  ],
  fire: [
    (a, b, v, r) => ({ summary: `${b}焚烧秸秆引燃${a}家柴房，造成部分财物损失。`, amount: r.int(10, 50) * 100, agreement: `${b}赔偿${a}柴房修缮及财物损失。` }),
  ],
  other: [
    (a, b) => ({ summary: `${a}与${b}因祖坟迁移事宜意见不一发生纠纷。`, amount: null, agreement: `双方协商确定迁移时间和费用分担方式。` }),
  ],
};

const PLACES = ['调解室', '当事人家中', '村委会会议室', '田间现场', '镇矛调中心'];

function idNumberFor(r: Rng, year: number): string {
  const birthYear = year - r.int(22, 78);
  const first17 = `330799${birthYear}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(0, 999)).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

interface Town {
  code: string;
  villages: { code: string; name: string; grids: string[] }[];
}

async function loadTown(database: Database, townCode: string): Promise<Town> {
  const rows = await database.query<{ code: string; name: string; level: string; parent_code: string | null }>(
    `select code, name, level, parent_code from regions where town_code = $1 and active and level in ('village', 'community', 'grid') order by code`,
    [townCode],
  );
  const villages = rows.filter((r) => r.level !== 'grid').map((v) => ({ code: v.code, name: v.name, grids: rows.filter((g) => g.level === 'grid' && g.parent_code === v.code).map((g) => g.code) }));
  return { code: townCode, villages };
}

/** Users of the town who act in the demo: village cadres/mediators per village, town office, departments. */
async function loadActors(database: Database, townCode: string) {
  const rows = await database.query<{ id: string; username: string; name: string; role: string; region_code: string | null; unit_id: string | null; unit_type: string | null; unit_region: string | null }>(
    `select u.id, u.username, u.name, b.role, b.region_code, b.unit_id, un.type as unit_type, un.region_code as unit_region
       from users u join user_bindings b on b.user_id = u.id
       left join units un on un.id = b.unit_id
       left join regions r on r.code = b.region_code
      where u.active and (r.town_code = $1 or r.code = $1 or un.town_code = $1)`,
    [townCode],
  );
  const cache = new Map<string, Actor>();
  const actor = async (id: string) => {
    if (!cache.has(id)) {
      const u = rows.find((x) => x.id === id)!;
      cache.set(id, makeActor({ id, username: u.username, name: u.name, bindings: await loadBindings(database.db, id), via: 'system' }));
    }
    return cache.get(id)!;
  };
  const villageActors = new Map<string, string[]>();
  for (const r of rows) {
    const v = r.region_code ?? (r.unit_type === 'village_committee' ? r.unit_region : null);
    if (v && (r.role === 'village_admin' || r.role === 'mediator')) villageActors.set(v, [...(villageActors.get(v) ?? []), r.id]);
  }
  const townActors = rows.filter((r) => (r.role === 'town_office' || r.role === 'justice_office') && r.region_code === townCode).map((r) => r.id);
  const deptActors = rows.filter((r) => r.role === 'department' && r.unit_id).map((r) => ({ id: r.id, unitId: r.unit_id! }));
  // the handlers named at each level: a village's mediators (its 村调委会), the town's mediators (the centre), a grid's workers
  const byRegion = (role: string) => {
    const m = new Map<string, string[]>();
    for (const r of rows) if (r.role === role && r.region_code && !r.unit_id) m.set(r.region_code, [...(m.get(r.region_code) ?? []), r.id]);
    return m;
  };
  const mediators = byRegion('mediator');
  const gridWorkers = byRegion('grid_worker');
  return { actor, villageActors, townActors, deptActors, villageMediators: (v: string) => mediators.get(v) ?? [], townMediators: mediators.get(townCode) ?? [], gridWorkers: (g: string) => gridWorkers.get(g) ?? [] };
}

function last0(year: number, today: string): string {
  const yearEnd = `${year}-12-31`;
  return today < yearEnd ? today : yearEnd;
}

type Stop = 'registered' | 'accepted' | 'mediating' | 'resolved' | 'follow_up' | 'failed' | 'withdrawn' | null;

export async function seedDemoDisputes(database: Database, cipher: Cipher, opts: DemoDisputeOptions) {
  const today = opts.today ?? todayShanghai();
  const r = rng(Number(opts.townCode.slice(-6)) * 31 + opts.year);
  // the handlers named draw from their own stream, so the disputes themselves stay as they were
  const rh = rng(Number(opts.townCode.slice(-6)) * 37 + opts.year);
  const town = await loadTown(database, opts.townCode);
  if (!town.villages.length) throw new Error(`乡镇 ${opts.townCode} 没有村（社区）`);
  const who = await loadActors(database, opts.townCode);
  const units = await database.query<{ id: string; type: string }>(`select id, type from units where town_code = $1 and active and type not in ('village_committee', 'town_centre', 'court')`, [opts.townCode]);
  const committees = new Set(
    (await database.query<{ region_code: string }>(`select region_code from units where town_code = $1 and active and type = 'village_committee'`, [opts.townCode])).map((u) => u.region_code),
  );
  const hasCentre = (await database.query(`select 1 from units where region_code = $1 and type = 'town_centre' and active`, [opts.townCode])).length > 0;
  const hasCourt =
    (
      await database.query(
        `select 1 from units u join regions ur on ur.code = u.region_code, regions t where t.code = $1 and u.type = 'court' and u.active and t.path like ur.path || '%'`,
        [opts.townCode],
      )
    ).length > 0;
  // only the last weeks before today leave disputes part-way: a past year's are all carried through
  const recentFrom = addDays(today, -30);
  const freshFrom = addDays(today, -20);
  const mustShow: Stop[] = ['failed', 'withdrawn'];
  const system: CommandContext = { actor: systemActor(), requestId: 'demo' };
  const ctxFor = async (ids: string[] | undefined): Promise<CommandContext> => (ids && ids.length ? { actor: await who.actor(r.pick(ids)), requestId: 'demo' } : system);
  const last = last0(opts.year, today);
  if (last < `${opts.year}-01-01`) return { created: 0, byState: {} as Record<string, number> };

  const byState: Record<string, number> = {};
  let created = 0;
  const days: string[] = [];
  for (let i = 0; i < opts.count; i++) days.push(r.dayIn(opts.year, last));
  days.sort();

  for (const receivedOn of days) {
    const village = r.pick(town.villages);
    const regionCode = village.grids.length && r.chance(0.35) ? r.pick(village.grids) : village.code;
    const category = r.weighted(CATEGORY_MIX);
    const a = chineseName(r);
    const b = chineseName(r);
    const tpl = r.pick(SUMMARIES[category] ?? SUMMARIES.other)(a, b, village.name, r);
    const peopleCount = r.chance(0.04) ? r.int(5, 30) : r.chance(0.3) ? r.int(3, 4) : 2;
    const input: z.input<typeof DisputeCreate> = {
      regionCode,
      receivedOn,
      channel: r.weighted(CHANNEL_MIX),
      category,
      summary: tpl.summary,
      peopleCount,
      amount: tpl.amount,
      riskLevel: r.weighted([
        ['general', 88],
        ['serious', 10],
        ['major', 2],
      ]),
      mayTurnCriminal: r.chance(0.02),
      threatensPetition: r.chance(0.03),
      parties: [
        { role: 'applicant', kind: 'person', name: a, idNumber: r.chance(0.85) ? idNumberFor(r, opts.year) : null, phone: mobile(r), address: `${village.name}${r.int(1, 12)}组${r.int(1, 80)}号` },
        tpl.respondentOrg
          ? { role: 'respondent', kind: 'organisation', name: tpl.respondentOrg, phone: null, address: null }
          : { role: 'respondent', kind: 'person', name: b, idNumber: r.chance(0.6) ? idNumberFor(r, opts.year) : null, phone: r.chance(0.8) ? mobile(r) : null, address: `${village.name}${r.int(1, 12)}组` },
      ],
    };
    const villageCtx = await ctxFor(who.villageActors.get(village.code));
    const townCtx = await ctxFor(who.townActors);
    const intakeCtx = r.chance(0.6) ? villageCtx : townCtx;
    const { dispute } = await createDispute(database, cipher, intakeCtx, DisputeCreate.parse(input), { today });
    created++;
    let version = dispute.version;
    let state = 'registered';
    let due: string | null = null;
    let on = receivedOn;
    // recent disputes stop part-way, so every state is present
    let stopAt: Stop =
      receivedOn >= recentFrom
        ? r.weighted<Stop>([
            ['registered', 10],
            ['accepted', 15],
            ['mediating', 35],
            ['resolved', 15],
            ['follow_up', 10],
            ['failed', 5],
            ['withdrawn', 3],
            [null, 7],
          ])
        : null;
    // the rare endings are seen at least once in the last month (a failed mediation, a withdrawal)
    if (stopAt !== null && receivedOn < addDays(today, -10) && mustShow.length) stopAt = mustShow.shift()!;
    // nobody waits weeks to be accepted or for the mediation to begin
    if ((stopAt === 'registered' || stopAt === 'accepted') && receivedOn < freshFrom) stopAt = 'mediating';
    /** runs the action dated `date` unless that lies after today (then the dispute stays where it is) */
    const step = async (ctx: CommandContext, body: Omit<z.input<typeof DisputeAction>, 'version'>, date: string | null): Promise<boolean> => {
      if (date && date > today) return false;
      if (stopAt && state === stopAt) return false;
      const row = await performActionQuick(database, ctx, dispute.id, DisputeAction.parse({ ...body, version, ...(date ? { date } : {}) }), { today });
      version = row.version;
      state = row.state;
      due = row.currentDueOn;
      if (date) on = date;
      return true;
    };
    const later = (min: number, max: number) => addDays(on, r.int(min, max));

    // 1% withdrawn before acceptance
    if (r.chance(0.01) || (stopAt === 'withdrawn' && r.chance(0.5))) {
      if (await step(intakeCtx, { action: 'withdraw', reason: '当事人自行和解' }, later(0, 3))) await step(intakeCtx, { action: 'close' }, later(0, 2));
      byState[state] = (byState[state] ?? 0) + 1;
      continue;
    }
    // the path: which levels the dispute goes through, and how it ends
    const villageOk = committees.has(village.code);
    const startLevel = r.weighted<'grid' | 'village' | 'town'>([
      ['grid', regionCode !== village.code && villageOk ? 40 : 0],
      ['village', villageOk ? 55 : 0],
      ['town', hasCentre ? 30 : 0],
    ]);
    const path: ('grid' | 'village' | 'town' | 'department' | 'prelitigation')[] = [startLevel];
    const upper = (): 'department' | 'prelitigation' => (hasCourt && r.chance(0.5)) || !units.length ? 'prelitigation' : 'department';
    if (r.chance(0.12) || stopAt === 'failed') path.push(startLevel === 'town' || !hasCentre ? upper() : 'town');
    if (path.length > 1 && r.chance(0.25)) path.push(upper());
    const ending =
      stopAt === 'failed'
        ? 'failed_closed'
        : stopAt === 'withdrawn'
          ? 'withdrawn'
          : r.weighted<'resolved' | 'litigation' | 'failed_closed' | 'withdrawn'>([
              ['resolved', 955],
              ['litigation', 20],
              ['failed_closed', 10],
              ['withdrawn', 15],
            ]);

    let ok = true;
    let prevCtx: CommandContext | null = null;
    for (let i = 0; i < path.length && ok; i++) {
      const level = path[i];
      if ((level === 'prelitigation' && !hasCourt) || (level === 'department' && !units.length)) continue;
      let ctx = level === 'town' || level === 'prelitigation' ? townCtx : villageCtx;
      let unitId: string | null = null;
      if (level === 'department') {
        const dep = who.deptActors.length && r.chance(0.7) ? r.pick(who.deptActors) : null;
        if (dep) {
          ctx = await ctxFor([dep.id]);
          unitId = dep.unitId;
        } else {
          // a department without an account here: the handler who sends it there keeps handling it
          unitId = r.pick(units).id;
          ctx = prevCtx ?? ctx;
        }
      }
      const linkage = level === 'department' ? r.pick(['police', 'petition', null]) : level === 'prelitigation' ? 'court' : null;
      // the handler named: the grid's worker for a grid stage, a village mediator at the 村调委会, mostly a town
      // mediator at the centre; they mediate and sign the agreement (the one who accepts or transfers names them)
      const named =
        level === 'grid'
          ? who.gridWorkers(regionCode)
          : level === 'village'
            ? who.villageMediators(village.code)
            : level === 'town' && rh.chance(0.7)
              ? who.townMediators
              : [];
      const handlerCtx = named.length ? { actor: await who.actor(rh.pick(named)), requestId: 'demo' } : ctx;
      const handlerId = handlerCtx.actor.userId;
      // the stage being left hands over: its own handler transfers, naming the new handler
      if (i === 0) ok = await step(prevCtx ?? ctx, { action: 'accept', level, ...(unitId ? { unitId } : {}), handlerId, linkage }, later(0, 2));
      // up to the town or the court the town office moves it (it supervises every stage of its town and is
      // the one who names the handler there); below, the stage being left hands over
      else ok = await step(ctx === townCtx ? townCtx : prevCtx!, { action: 'transfer', level, ...(unitId ? { unitId } : {}), handlerId, linkage, reason: '下级调解不成，依程序流转' }, later(0, 2));
      ctx = handlerCtx;
      prevCtx = ctx;
      if (!ok) break;
      ok = await step(ctx, { action: 'start_mediation' }, later(0, 2));
      if (!ok) break;
      const sessions = r.int(1, level === 'grid' ? 2 : 3);
      const session = (s: number, date: string) =>
        step(ctx, { action: 'add_session', method: r.weighted([['on_site', 70], ['phone', 20], ['video', 3], ['platform', 7]]), place: r.pick(PLACES), attendees: `${a}、${b}`, notes: s === 0 ? '听取双方陈述，释法明理' : '再次组织调解' }, date);
      if (stopAt === 'mediating' && state === 'mediating') {
        // still being mediated today: sessions every week or two up to now
        stopAt = null;
        for (let s = 0; addDays(on, 14) <= today && s < 8; s++) if (!(await session(s, later(4, 12)))) break;
        stopAt = 'mediating';
        break;
      }
      for (let s = 0; s < sessions && ok; s++) ok = await session(s, later(1, level === 'grid' ? 1 : 6));
      if (!ok) break;
      if (r.chance(0.03) && due) ok = await step(ctx, { action: 'extend', reason: '需等待鉴定或当事人外出', date: addDays(due, 15) }, null);
      if (!ok) break;
      const lastLevel = i === path.length - 1;
      if (!lastLevel || ending === 'litigation' || ending === 'failed_closed') {
        ok = await step(ctx, { action: 'fail', reason: r.weighted([['no_agreement', 80], ['party_unreachable', 10], ['party_withdrew', 10]]), toldRightToSue: true }, later(1, 5));
        if (!ok) break;
        if (lastLevel && ending === 'litigation') ok = await step(ctx, { action: 'transfer', level: 'litigation', reason: '告知诉权，引导当事人依法起诉', toldRightToSue: true }, later(0, 3));
        else if (lastLevel) ok = await step(ctx, { action: 'close', toldRightToSue: true }, later(0, 3));
        continue;
      }
      if (ending === 'withdrawn') {
        ok = await step(ctx, { action: 'withdraw', reason: '当事人自行和解' }, later(1, 5));
        if (ok) await step(ctx, { action: 'close' }, later(0, 3));
        continue;
      }
      const written = r.chance(0.7);
      ok = await step(
        ctx,
        {
          action: 'resolve',
          agreement: {
            form: written ? 'written' : 'oral',
            content: tpl.agreement,
            performanceDeadline: tpl.amount ? addDays(on, r.int(10, 30)) : null,
            performanceWay: tpl.amount ? '现金或银行转账' : '当事人自行履行',
            issues: tpl.amount ? `赔偿（支付）数额 ${tpl.amount} 元左右的分歧` : null,
          },
        },
        later(1, level === 'grid' ? 2 : 8),
      );
      if (!ok) break;
      ok = await step(ctx, { action: 'return_visit', satisfaction: r.weighted([[5, 70], [4, 25], [3, 5]]), performanceStatus: r.chance(0.97) ? 'performed' : 'breached', performanceChecked: true }, later(5, 20));
      if (ok && r.chance(0.9)) await step(ctx, { action: 'close' }, later(0, 5));
    }
    byState[state] = (byState[state] ?? 0) + 1;
  }
  return { created, byState };
}
