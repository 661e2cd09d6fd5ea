/**
 * Reports of the evaluation (SPEC §7): the monthly bulletin of each village's year-to-date litigation rate
 * (.docx, .xlsx) and the village heads' assessment sheet (村主干考评, .xlsx).
 */
import { STANDARD_LABELS, type VillageStandardId } from '../../../core/evaluation/index.ts';
import type { FileChild } from 'docx';
import type { Database } from '../../db/client.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { rankingOf, warningsOf, type WarningRow } from '../evaluation/derived.ts';
import { runEvaluation } from '../evaluation/service.ts';
import { docxBuffer, fmt, heading, issueFoot, issueHead, para, subtitle, table, title, type Issue } from './docx.ts';
import { allowanceText, chineseDate } from '../../../core/chinese.ts';
import { workbook, type Sheet } from '../../xlsx.ts';
import { todayShanghai } from '../../../core/dates.ts';

export function monthEnd(year: number, month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw invalid(`月份无效：${month}`);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/** A bulletin's date: the month's last day, or today for the month in progress; a month not yet begun is refused. */
export function bulletinAsOf(year: number, month: number, today: string): string {
  const end = monthEnd(year, month);
  const start = `${end.slice(0, 8)}01`;
  if (start > today) throw invalid(`${year}年${month}月尚未开始，不能生成该月通报`);
  return end > today ? today : end;
}

export interface BulletinVillage {
  rank: number;
  code: string;
  name: string;
  population: number | null;
  cases: number;
  rate: number | null;
  limit: number | null;
  allowance: number | null;
  projection: number | null;
  status: 'normal' | 'warning' | 'over' | 'unknown';
  reason: string | null;
}

export interface Bulletin {
  year: number;
  month: number;
  asOf: string;
  towns: { code: string; name: string; population: number | null; cases: number | null; rate: number | null; limit: number | null; villages: BulletinVillage[] }[];
}

export const BULLETIN_STATUS: Record<BulletinVillage['status'], string> = { normal: '正常', warning: '预警', over: '超限', unknown: '无法计算' };

function statusOf(w: WarningRow): BulletinVillage['status'] {
  if (w.flagged === null || w.allowance === null) return 'unknown';
  if (w.allowance < 0) return 'over';
  return w.flagged ? 'warning' : 'normal';
}

/** Rates ascending (null last), then code; ties share a rank. */
function rankByRate(rows: WarningRow[]): BulletinVillage[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.rate !== b.rate) {
      if (a.rate === null) return 1;
      if (b.rate === null) return -1;
      return a.rate - b.rate;
    }
    return a.code < b.code ? -1 : 1;
  });
  const out: BulletinVillage[] = [];
  sorted.forEach((w, i) => {
    const prev = out[i - 1];
    out.push({
      rank: prev && prev.rate === w.rate ? prev.rank : i + 1,
      code: w.code,
      name: w.name,
      population: w.population,
      cases: w.casesSoFar,
      rate: w.rate,
      limit: w.limit,
      allowance: w.allowance,
      projection: w.projection,
      status: statusOf(w),
      reason: w.reason,
    });
  });
  return out;
}

/** The monthly bulletin: each village's year-to-date litigation rate at the end of the month. */
export async function bulletin(database: Database, actor: Actor, p: { year: number; month: number; town?: string | null }): Promise<Bulletin> {
  const asOf = bulletinAsOf(p.year, p.month, todayShanghai());
  const run = await runEvaluation(database, actor, { year: p.year, asOf, town: p.town });
  // ranked over every village of the town, then cut to what the actor may see
  const w = warningsOf(run, { all: true });
  const towns = run.report.towns.map((t) => {
    const tw = w.towns.find((x) => x.code === t.code);
    return {
      code: t.code,
      name: t.name,
      population: tw?.population ?? null,
      cases: tw?.casesSoFar ?? null,
      rate: tw?.rate ?? null,
      limit: tw?.limit ?? null,
      villages: rankByRate(w.villages.filter((v) => v.townCode === t.code)).filter((v) => run.villageVisible(v.code)),
    };
  });
  return { year: p.year, month: p.month, asOf, towns };
}

const BULLETIN_HEADERS = ['名次', '村（社区）', '常住人口', '本年一审案件（件）', '万人起诉率', '限值', '剩余额度（件）', '状态'];
const bulletinRow = (v: BulletinVillage) => [v.rank, v.name, v.population, v.cases, fmt(v.rate), fmt(v.limit), allowanceText(v.allowance), BULLETIN_STATUS[v.status]];

/** The scope a bulletin is issued for: its town, or the county when it covers several. */
export const bulletinScope = (b: Bulletin) => (b.towns.length === 1 ? b.towns[0].code : 'county');

/** The bulletin as an issued paper: 文号, 主送, the text and tables, 落款 with the date in Chinese, 抄送. */
export async function bulletinDocx(b: Bulletin, issue: Issue): Promise<Buffer> {
  const asOf = chineseDate(b.asOf);
  const children: FileChild[] = [
    title(`${b.towns.length === 1 ? b.towns[0].name : ''}无讼创建工作月度通报`),
    subtitle(`${b.year}年第${b.month}期（截至${asOf}）`),
    ...issueHead(issue),
    para(
      `根据无讼创建工作方案，现将截至${asOf}各村（社区）本年度万人起诉率情况通报如下。万人起诉率＝被告在本村（社区）的一审案件数÷（常住人口÷10000），限值为上一年度全市万人起诉率的一半；剩余额度为全年可立案件数减去已立案件数，已超过的写作“超出×件”。`,
    ),
  ];
  for (const t of b.towns) {
    children.push(heading(`${t.name}${t.rate !== null ? `（全镇万人起诉率${fmt(t.rate)}，限值${fmt(t.limit) ?? '—'}）` : ''}`));
    children.push(table(BULLETIN_HEADERS, t.villages.map(bulletinRow)));
    const warned = t.villages.filter((v) => v.status === 'warning' || v.status === 'over');
    children.push(
      para(
        warned.length
          ? `请${warned.map((v) => v.name).join('、')}高度重视，加强矛盾纠纷排查化解，把纠纷化解在诉前。`
          : '各村（社区）万人起诉率均在限值以内，请继续保持。',
      ),
    );
  }
  children.push(...issueFoot(issue));
  return docxBuffer(children);
}

export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const sheets: Sheet[] = b.towns.map((t) => ({
    name: t.name,
    title: [`${t.name} 无讼创建月度通报 ${b.year}年第${b.month}期（截至${b.asOf}）`],
    columns: [
      { header: '名次', width: 8 },
      { header: '代码', width: 16 },
      { header: '村（社区）', width: 14 },
      { header: '常住人口', width: 10 },
      { header: '本年一审案件（件）', width: 16 },
      { header: '万人起诉率', width: 12 },
      { header: '限值', width: 10 },
      { header: '剩余额度（件）', width: 12 },
      { header: '全年预测（件）', width: 12 },
      { header: '状态', width: 10 },
      { header: '说明', width: 30 },
    ],
    rows: t.villages.map((v) => [
      v.rank,
      v.code,
      v.name,
      v.population,
      v.cases,
      v.rate === null ? null : Math.round(v.rate * 100) / 100,
      v.limit,
      allowanceText(v.allowance),
      v.projection === null ? null : Math.round(v.projection * 10) / 10,
      BULLETIN_STATUS[v.status],
      v.reason,
    ]),
  }));
  return workbook(sheets.length ? sheets : [{ name: '通报', columns: [{ header: '无数据' }], rows: [] }]);
}

// ------------------------------------------------------------------ village heads' assessment (村主干考评)

const V_IDS: VillageStandardId[] = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
const mark = (p: boolean | null) => (p === true ? '达标' : p === false ? '未达标' : '未定');

export interface AssessmentRow {
  townCode: string;
  townName: string;
  code: string;
  name: string;
  standards: Record<VillageStandardId, boolean | null>;
  passedCount: number;
  /** 100 × standards passed ÷ 6, one decimal */
  score: number;
  result: boolean | null;
  rank: number;
  litigationRate: number | null;
  reason: string | null;
}

/** The year's scores per village: each standard, standards passed, score out of 100, result and rank. */
export async function assessment(database: Database, actor: Actor, p: { year: number; asOf?: string | null; town?: string | null }) {
  const run = await runEvaluation(database, actor, { ...p, running: true });
  const ranking = rankingOf(run);
  const rows: AssessmentRow[] = [];
  for (const t of run.report.towns) {
    const ranks = new Map(ranking.towns.find((x) => x.code === t.code)?.villages.map((v) => [v.code, v.rank]));
    for (const v of t.villages) {
      const passedCount = V_IDS.filter((id) => v.standards[id].passed === true).length;
      rows.push({
        townCode: t.code,
        townName: t.name,
        code: v.code,
        name: v.name,
        standards: Object.fromEntries(V_IDS.map((id) => [id, v.standards[id].passed])) as Record<VillageStandardId, boolean | null>,
        passedCount,
        score: Math.round((1000 * passedCount) / V_IDS.length) / 10,
        result: v.passed,
        rank: ranks.get(v.code) ?? 0,
        litigationRate: v.indicators.litigation_rate_per_10k?.value ?? null,
        reason: v.reason,
      });
    }
  }
  return { year: run.report.year, asOf: run.report.asOf, rows };
}

export async function assessmentXlsx(a: Awaited<ReturnType<typeof assessment>>): Promise<Buffer> {
  const towns = [...new Set(a.rows.map((r) => r.townCode))];
  const sheets: Sheet[] = towns.map((code) => {
    const rows = a.rows.filter((r) => r.townCode === code).sort((x, y) => x.rank - y.rank || (x.code < y.code ? -1 : 1));
    return {
      name: rows[0].townName,
      title: [`${rows[0].townName} ${a.year}年村（社区）主干考评表（截至${a.asOf}）`, '得分 = 达标标准数 ÷ 6 × 100；考评结果以六项标准全部达标为“无讼村（社区）”'],
      columns: [
        { header: '名次', width: 8 },
        { header: '代码', width: 16 },
        { header: '村（社区）', width: 14 },
        ...V_IDS.map((id) => ({ header: `${id} ${STANDARD_LABELS[id]}`, width: 18 })),
        { header: '达标项数', width: 10 },
        { header: '得分', width: 8 },
        { header: '万人起诉率', width: 12 },
        { header: '考评结果', width: 14 },
        { header: '未定原因', width: 40 },
        { header: '村主干签字', width: 14 },
      ],
      rows: rows.map((r) => [
        r.rank,
        r.code,
        r.name,
        ...V_IDS.map((id) => mark(r.standards[id])),
        r.passedCount,
        r.score,
        r.litigationRate === null ? null : Math.round(r.litigationRate * 100) / 100,
        r.result === true ? '无讼村（社区）' : mark(r.result),
        r.result === null ? r.reason : null,
        null,
      ]),
    };
  });
  return workbook(sheets.length ? sheets : [{ name: '考评表', columns: [{ header: '无数据' }], rows: [] }]);
}
