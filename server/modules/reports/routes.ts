import { z } from 'zod';
import { actorOf, ctxOf, DOCX_TYPE, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { AssessmentOut, BulletinOut, blankAsUndefined, TrendsOut, YearQuery } from '../evaluation/schemas.ts';
import { assessment, assessmentXlsx, bulletin, bulletinDocx, bulletinScope, bulletinXlsx } from './service.ts';
import { issueOf } from './issue.ts';
import { trends, trendsXlsx } from './trends.ts';

const town = { town: blankAsUndefined(z.string().trim().min(1)) };

export async function reportRoutes(app: App) {
  const r = typed(app);
  const database = () => app.database;

  r.get(
    '/reports/bulletin',
    {
      schema: {
        tags: ['reports'],
        summary: '月度通报：各村（社区）本年累计万人起诉率（format=docx/xlsx 下载）',
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
      if (req.query.format === 'docx') {
        const issue = await issueOf(database(), ctxOf(req), { year: b.year, scope: bulletinScope(b), paper: `bulletin:${b.year}-${String(b.month).padStart(2, '0')}` });
        return sendFile(reply, await bulletinDocx(b, issue), `${name}.docx`, DOCX_TYPE);
      }
      if (req.query.format === 'xlsx') return sendFile(reply, await bulletinXlsx(b), `${name}.xlsx`, XLSX_TYPE);
      return b;
    },
  );

  r.get(
    '/reports/assessment',
    {
      schema: {
        tags: ['reports'],
        summary: '村主干考评表：各村（社区）年度得分（format=xlsx 下载）',
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
        summary: '趋势：纠纷、诉讼、万人起诉率、就地化解率、存量/增量/变量、四源，按月或按年，含同比（format=xlsx 导出）',
        querystring: z.object({ year: YearQuery.year, by: z.enum(['month', 'year']).optional(), region: blankAsUndefined(z.string().trim().min(1)), format: z.enum(['json', 'xlsx']).optional() }),
        response: { 200: TrendsOut },
      },
    },
    async (req, reply) => {
      const t = await trends(database(), actorOf(req), req.query);
      if (req.query.format === 'xlsx') return sendFile(reply, await trendsXlsx(t), `趋势分析_${t.year}${t.region ? `_${t.region.name}` : ''}.xlsx`, XLSX_TYPE);
      return t;
    },
  );
}
