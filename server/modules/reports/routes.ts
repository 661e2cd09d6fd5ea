import { z } from 'zod';
import { actorOf, DOCX_TYPE, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { blankAsUndefined, YearQuery } from '../evaluation/schemas.ts';
import { assessment, assessmentXlsx, bulletin, bulletinDocx, bulletinXlsx } from './service.ts';
import { trends } from './trends.ts';

const BulletinVillageOut = z.object({
  rank: z.number(),
  code: z.string(),
  name: z.string(),
  population: z.number().nullable(),
  cases: z.number(),
  rate: z.number().nullable(),
  limit: z.number().nullable(),
  allowance: z.number().nullable(),
  projection: z.number().nullable(),
  status: z.enum(['normal', 'warning', 'over', 'unknown']),
  reason: z.string().nullable(),
});
const BulletinOut = z.object({
  year: z.number(),
  month: z.number(),
  asOf: z.string(),
  towns: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      population: z.number().nullable(),
      cases: z.number().nullable(),
      rate: z.number().nullable(),
      limit: z.number().nullable(),
      villages: z.array(BulletinVillageOut),
    }),
  ),
});
const Tri = z.boolean().nullable();
const AssessmentOut = z.object({
  year: z.number(),
  asOf: z.string(),
  rows: z.array(
    z.object({
      townCode: z.string(),
      townName: z.string(),
      code: z.string(),
      name: z.string(),
      standards: z.object({ V1: Tri, V2: Tri, V3: Tri, V4: Tri, V5: Tri, V6: Tri }),
      passedCount: z.number(),
      score: z.number(),
      result: Tri,
      rank: z.number(),
      litigationRate: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
const PointOut = z.object({
  period: z.string(),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  changeRate: z.number().nullable(),
});
const TrendsOut = z.object({
  year: z.number(),
  by: z.enum(['month', 'year']),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }).nullable(),
  periods: z.array(z.string()),
  series: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), points: z.array(PointOut) })),
});

const town = { town: blankAsUndefined(z.string().trim().min(1)) };

export async function reportRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;

  r.get(
    '/reports/bulletin',
    {
      schema: {
        tags: ['reports'],
        summary: '月度通报：各村(社区)本年累计万人起诉率（format=docx/xlsx 下载）',
        querystring: z.object({
          year: YearQuery.year,
          month: z.coerce.number().int('月份应为整数').min(1, '月份应为 1–12').max(12, '月份应为 1–12'),
          format: z.enum(['json', 'docx', 'xlsx']).optional(),
          ...town,
        }),
        response: { 200: BulletinOut },
      },
    },
    async (req, reply) => {
      const b = await bulletin(database(), actorOf(req), req.query);
      const name = `无讼创建月度通报_${b.year}年${b.month}月`;
      if (req.query.format === 'docx') return sendFile(reply, await bulletinDocx(b), `${name}.docx`, DOCX_TYPE);
      if (req.query.format === 'xlsx') return sendFile(reply, await bulletinXlsx(b), `${name}.xlsx`, XLSX_TYPE);
      return b;
    },
  );

  r.get(
    '/reports/assessment',
    {
      schema: {
        tags: ['reports'],
        summary: '村主干考评表：各村(社区)年度得分（format=xlsx 下载）',
        querystring: z.object({ ...YearQuery, ...town, format: z.enum(['json', 'xlsx']).optional() }),
        response: { 200: AssessmentOut },
      },
    },
    async (req, reply) => {
      const a = await assessment(database(), actorOf(req), req.query);
      if (req.query.format === 'xlsx') return sendFile(reply, await assessmentXlsx(a), `村主干考评表_${a.year}.xlsx`, XLSX_TYPE);
      return a;
    },
  );

  r.get(
    '/reports/trends',
    {
      schema: {
        tags: ['reports'],
        summary: '趋势：纠纷、诉讼、万人起诉率、就地化解率、存量/增量/变量、四源，按月或按年，含同比',
        querystring: z.object({ year: YearQuery.year, by: z.enum(['month', 'year']).optional(), region: blankAsUndefined(z.string().trim().min(1)) }),
        response: { 200: TrendsOut },
      },
    },
    async (req) => trends(database(), actorOf(req), req.query),
  );
}
