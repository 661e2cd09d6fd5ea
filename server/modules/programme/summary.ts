/**
 * The December summary (总结提升, SPEC §8): the year's evaluation, ranking and commendation list of the
 * programme's region, with the ledger's completion, as JSON and as a .docx document.
 */
import type { FileChild } from 'docx';
import { INDICATOR_LABELS, STANDARD_LABELS, type TownStandardId } from '../../../core/evaluation/index.ts';
import type { Database } from '../../db/client.ts';
import { programmeTasks } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { rankingOf, type TownRanking } from '../evaluation/derived.ts';
import { runEvaluation } from '../evaluation/service.ts';
import { docxBuffer, fmt, heading, issueFoot, issueHead, para, pct, subtitle, table, title, type Issue } from '../reports/docx.ts';
import { chineseDate } from '../../../core/chinese.ts';
import { todayShanghai } from '../../../core/dates.ts';
import type { TownResult } from '../../../core/evaluation/index.ts';
import { getProgramme, PHASE_NAMES, programmeView, taskViews } from './service.ts';
import { PHASE_KEYS } from '../../../core/schemas/programme.ts';

export interface ProgrammeSummary {
  programme: Awaited<ReturnType<typeof programmeView>>;
  asOf: string;
  towns: TownResult[];
  ranking: TownRanking[];
  commendation: { towns: { code: string; name: string }[]; villages: { townName: string; code: string; name: string; rank: number }[] };
  tasks: {
    byPhase: { phase: string; name: string; total: number; done: number; overdue: number; late: number }[];
    overdue: { title: string; unitName: string | null; deadline: string | null }[];
  };
}

/** As of 31 December, or today while the year is running. */
function summaryDate(year: number, asOf?: string | null): string {
  if (asOf) return asOf;
  const today = todayShanghai();
  return today.startsWith(`${year}-`) ? today : `${String(year).padStart(4, '0')}-12-31`;
}

export async function programmeSummary(database: Database, actor: Actor, id: string, asOf?: string | null): Promise<ProgrammeSummary> {
  requirePermission(actor, 'evaluation.read');
  const p = await getProgramme(database.db, actor, id);
  const view = await programmeView(database.db, p);
  const date = summaryDate(p.year, asOf);
  const regionPath = (await database.query<{ path: string; level: string }>(`select path, level from regions where code = $1`, [p.regionCode]))[0];
  const run = await runEvaluation(database, actor, { year: p.year, asOf: date, town: regionPath?.level === 'town' ? p.regionCode : null });
  if (regionPath && regionPath.level !== 'town') {
    const inRegion = new Set(run.scope.towns.filter((t) => t.path.startsWith(regionPath.path)).map((t) => t.code));
    run.report = { ...run.report, towns: run.report.towns.filter((t) => inRegion.has(t.code)) };
  }
  const ranking = rankingOf(run).towns;
  const villages = ranking.flatMap((t) =>
    t.villages.filter((v) => v.passed === true).map((v) => ({ townName: t.name, code: v.code, name: v.name, rank: v.rank })),
  );
  const rows = await database.db.select().from(programmeTasks).where(eq(programmeTasks.programmeId, id));
  const tasks = await taskViews(database.db, rows);
  return {
    programme: view,
    asOf: run.report.asOf,
    towns: run.report.towns,
    ranking,
    commendation: { towns: run.report.towns.filter((t) => t.passed === true).map((t) => ({ code: t.code, name: t.name })), villages },
    tasks: {
      byPhase: PHASE_KEYS.map((k) => {
        const list = tasks.filter((t) => t.phase === k);
        return {
          phase: k,
          name: PHASE_NAMES[k],
          total: list.length,
          done: list.filter((t) => t.status === 'done').length,
          overdue: list.filter((t) => t.overdue).length,
          late: list.filter((t) => t.late).length,
        };
      }),
      overdue: tasks.filter((t) => t.overdue).map((t) => ({ title: t.title, unitName: t.unitName, deadline: t.deadline })),
    },
  };
}

const mark = (p: boolean | null) => (p === true ? '达标' : p === false ? '未达标' : '未定');
const T_IDS: TownStandardId[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12'];

/** The year-end summary as an issued paper (文号, 主送, 落款 with the date in Chinese, 抄送). */
export async function summaryDocx(s: ProgrammeSummary, issue: Issue): Promise<Buffer> {
  const p = s.programme;
  const c: FileChild[] = [
    title(`${p.regionName}${p.year}年无讼创建工作总结`),
    subtitle(`（${p.title}，截至${chineseDate(s.asOf)}）`),
    ...issueHead(issue),
    heading('一、创建目标'),
    para(
      `按照创建方案，${p.year}年无讼村（社区）占比目标为${p.villageShareTarget === null ? '（未设定）' : pct(p.villageShareTarget, 0)}，无讼乡镇（街道）标准要求无讼村（社区）占比不低于${pct(p.villageShareMin, 0)}。${p.goals ? `方案目标：${p.goals}` : ''}`,
    ),
    heading('二、考评结果'),
  ];
  for (const t of s.towns) {
    const share = t.indicators.litigation_free_village_share;
    const free = t.villages.filter((v) => v.passed === true).length;
    c.push(
      para(
        `${t.name}：参评村（社区）${t.villages.length}个，无讼村（社区）${free}个，占比${pct(share?.value) ?? '—'}（目标${share?.target === undefined ? '—' : pct(share.target, 0)}）；万人起诉率${fmt(t.indicators.litigation_rate_per_10k?.value) ?? '—'}（限值${fmt(t.indicators.litigation_rate_per_10k?.limit) ?? '—'}）。乡镇考评结果：${t.passed === true ? '达到无讼乡镇（街道）标准' : t.passed === false ? '未达到无讼乡镇（街道）标准' : `暂无法判定（${t.reason ?? ''}）`}。`,
      ),
    );
    if (Object.keys(t.standards).length) {
      c.push(
        table(
          ['标准', '内容', '结果', '说明'],
          T_IDS.map((id) => [id, STANDARD_LABELS[id], mark(t.standards[id].passed), t.standards[id].reason ?? '']),
        ),
      );
    }
  }
  c.push(heading('三、村（社区）评比排名'));
  for (const t of s.ranking) {
    c.push(para(`${t.name}`, { indent: false }));
    c.push(
      table(
        ['名次', '村（社区）', '达标标准数', INDICATOR_LABELS.litigation_rate_per_10k, '考评结果'],
        t.villages.map((v) => [v.rank, v.name, `${v.standardsPassed}/${v.standardsTotal}`, fmt(v.litigationRate), v.passed === true ? '无讼村（社区）' : mark(v.passed)]),
      ),
    );
  }
  c.push(heading('四、表彰名单'));
  if (s.commendation.towns.length) c.push(para(`无讼乡镇（街道）：${s.commendation.towns.map((t) => t.name).join('、')}。`));
  c.push(
    para(
      s.commendation.villages.length
        ? `无讼村（社区）（按评比名次）：${s.commendation.villages.map((v) => `${v.name}（${v.townName}）`).join('、')}。`
        : '本年度暂无达到无讼村（社区）标准的村（社区）。',
    ),
  );
  c.push(heading('五、工作台账完成情况'));
  c.push(
    table(
      ['阶段', '任务数', '已完成', '逾期未完成', '逾期完成'],
      s.tasks.byPhase.map((b) => [b.name, b.total, b.done, b.overdue, b.late]),
    ),
  );
  if (s.tasks.overdue.length) {
    c.push(para(`逾期未完成的任务：${s.tasks.overdue.map((t) => `${t.title}${t.unitName ? `（${t.unitName}，${t.deadline ?? ''}）` : ''}`).join('；')}。`));
  }
  c.push(heading('六、下一步工作'));
  c.push(para('针对考评中未达标和未定的事项，逐项明确责任单位和整改时限，巩固创建成果，推动更多村（社区）达到无讼标准。'));
  c.push(...issueFoot(issue));
  return docxBuffer(c);
}
