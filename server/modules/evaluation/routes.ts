import { z } from 'zod';
import { actorOf, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { workbook } from '../../xlsx.ts';
import { rankingOf, townsOf, warningsOf } from './derived.ts';
import { evidenceFor, EVIDENCE_EXPORT_CAP } from './evidence.ts';
import { EvidenceOut, PeriodQuery, RankingOut, ReportOut, TownCompareOut, WarningsOut, YearQuery } from './schemas.ts';
import { evaluateYear, runEvaluation } from './service.ts';

const format = { format: z.enum(['json', 'xlsx']).optional() };
const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 100) / 100);
const passText = (p: boolean | null) => (p === true ? '达标' : p === false ? '未达标' : '未定');

export async function evaluationRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;

  r.get(
    '/evaluation',
    {
      schema: {
        tags: ['evaluation'],
        summary: '年度考评（SPEC §7）：乡镇 T1–T12、村（社区） V1–V6，限本人范围',
        querystring: PeriodQuery,
        response: { 200: ReportOut },
      },
    },
    async (req) => evaluateYear(database(), actorOf(req), req.query),
  );

  r.get(
    '/evaluation/ranking',
    {
      schema: {
        tags: ['evaluation'],
        summary: '村（社区）评比排名（format=xlsx 导出）',
        querystring: PeriodQuery.extend(format),
        response: { 200: RankingOut },
      },
    },
    async (req, reply) => {
      const ranking = rankingOf(await runEvaluation(database(), actorOf(req), { ...req.query, running: true }));
      if (req.query.format !== 'xlsx') return ranking;
      const buf = await workbook(
        ranking.towns.map((t) => ({
          name: t.name,
          title: [`${t.name} ${ranking.year}年无讼村（社区）评比排名（截至${ranking.asOf}）`],
          columns: [
            { header: '名次', width: 8 },
            { header: '代码', width: 16 },
            { header: '村（社区）', width: 14 },
            { header: '达标标准数', width: 12 },
            { header: '万人起诉率', width: 12 },
            { header: '考评结果', width: 12 },
          ],
          rows: t.villages.map((v) => [v.rank, v.code, v.name, `${v.standardsPassed}/${v.standardsTotal}`, pct(v.litigationRate), passText(v.passed)]),
        })),
      );
      return sendFile(reply, buf, `评比排名_${ranking.year}_${ranking.asOf}.xlsx`, XLSX_TYPE);
    },
  );

  r.get(
    '/evaluation/towns',
    {
      schema: {
        tags: ['evaluation'],
        summary: '各乡镇对比：达标标准数、无讼村占比、万人起诉率与限值、预警村数（最差在前；format=xlsx 导出）',
        querystring: z.object({ ...YearQuery, ...format }),
        response: { 200: TownCompareOut },
      },
    },
    async (req, reply) => {
      const c = townsOf(await runEvaluation(database(), actorOf(req), { ...req.query, running: true }));
      if (req.query.format !== 'xlsx') return c;
      const pctOf = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
      const buf = await workbook([
        {
          name: '各乡镇对比',
          title: [`${c.year}年各乡镇（街道）无讼创建对比（截至${c.asOf}）`],
          columns: [
            { header: '名次（由差到好）', width: 10 },
            { header: '代码', width: 14 },
            { header: '乡镇（街道）', width: 14 },
            { header: '达标标准数', width: 12 },
            { header: '考评结果', width: 10 },
            { header: '村（社区）数', width: 10 },
            { header: '无讼村（社区）数', width: 12 },
            { header: '无讼村占比（%）', width: 12 },
            { header: '占比底线（%）', width: 12 },
            { header: '常住人口', width: 10 },
            { header: '已立案（件）', width: 10 },
            { header: '万人起诉率', width: 12 },
            { header: '限值', width: 10 },
            { header: '乡镇预警', width: 10 },
            { header: '预警村（社区）数', width: 12 },
          ],
          rows: c.towns.map((t, i) => [
            i + 1,
            t.code,
            t.name,
            `${t.standardsPassed}/${t.standardsTotal}`,
            passText(t.passed),
            t.villages,
            t.litigationFreeVillages,
            pctOf(t.villageShare),
            pctOf(t.villageShareMin),
            t.population,
            t.casesSoFar,
            pct(t.litigationRate),
            t.litigationLimit,
            t.rateFlagged === true ? '预警' : t.rateFlagged === null ? '无法计算' : '正常',
            t.villageWarnings,
          ]),
        },
      ]);
      return sendFile(reply, buf, `各乡镇对比_${c.year}_${c.asOf}.xlsx`, XLSX_TYPE);
    },
  );

  r.get(
    '/evaluation/warnings',
    {
      schema: {
        tags: ['evaluation'],
        summary: '万人起诉率预警：剩余案件额度与全年预测（预警村居前）',
        querystring: PeriodQuery.extend(format),
        response: { 200: WarningsOut },
      },
    },
    async (req, reply) => {
      const w = warningsOf(await runEvaluation(database(), actorOf(req), { ...req.query, running: true }));
      if (req.query.format !== 'xlsx') return w;
      const cols = [
        { header: '乡镇', width: 12 },
        { header: '代码', width: 16 },
        { header: '名称', width: 14 },
        { header: '常住人口', width: 10 },
        { header: '万人起诉率限值', width: 14 },
        { header: '已立案（件）', width: 10 },
        { header: '全年额度（件）', width: 12 },
        { header: '剩余额度（件）', width: 12 },
        { header: '全年预测（件）', width: 12 },
        { header: '当前万人起诉率', width: 14 },
        { header: '预警', width: 8 },
        { header: '说明', width: 30 },
      ];
      const rows = (list: typeof w.villages) =>
        list.map((x) => [
          x.townName,
          x.code,
          x.name,
          x.population,
          x.limit,
          x.casesSoFar,
          x.allowedCases,
          x.allowance,
          x.projection === null ? null : Math.round(x.projection * 10) / 10,
          pct(x.rate),
          x.flagged === true ? '预警' : x.flagged === null ? '无法计算' : '正常',
          x.reason,
        ]);
      const buf = await workbook([
        { name: '村（社区）', title: [`${w.year}年万人起诉率预警（截至${w.asOf}）`], columns: cols, rows: rows(w.villages) },
        { name: '乡镇', columns: cols, rows: rows(w.towns) },
      ]);
      return sendFile(reply, buf, `万人起诉率预警_${w.asOf}.xlsx`, XLSX_TYPE);
    },
  );

  r.get(
    '/evaluation/evidence',
    {
      schema: {
        tags: ['evaluation'],
        summary: '考评数字背后的记录（明细钻取；format=xlsx 导出全部）',
        querystring: z.object({
          ...YearQuery,
          ...format,
          region: z.string().trim().min(1, '请指定地区'),
          indicator: z.string().trim().min(1, '请指定指标'),
          limit: z.coerce.number().int().min(1).max(5000).optional(),
        }),
        response: { 200: EvidenceOut },
      },
    },
    async (req, reply) => {
      const xlsx = req.query.format === 'xlsx';
      const ev = await evidenceFor(database(), actorOf(req), { ...req.query, limit: xlsx ? EVIDENCE_EXPORT_CAP : req.query.limit });
      if (!xlsx) return ev;
      const buf = await workbook(
        ev.groups.map((g, i) => ({
          name: g.label,
          title:
            i === 0
              ? [
                  `${ev.region.name} ${ev.year}年“${ev.label}”明细（截至${ev.asOf}）`,
                  ...(ev.note ? [ev.note] : []),
                  ...ev.ratios.map((r) => `${r.numeratorLabel} ${r.numerator} ÷ ${r.denominatorLabel} ${r.denominator ?? '—'}${r.note ? `（${r.note}）` : ''}`),
                ]
              : undefined,
          columns: g.columns.map((c) => ({ header: c.label, width: Math.max(10, c.label.length * 2 + 4) })),
          rows: g.rows.map((row) => g.columns.map((c) => row[c.key])),
        })),
      );
      return sendFile(reply, buf, `${ev.region.name}_${ev.label}_明细_${ev.asOf}.xlsx`, XLSX_TYPE);
    },
  );
}
