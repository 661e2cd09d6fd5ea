import { z } from 'zod';
import { actorOf, ctxOf, sendFile, typed, XLSX_TYPE, type App } from '../../http.ts';
import { workbook } from '../../xlsx.ts';
import { VETO_SOURCE_KINDS, VetoDecision, VetoItemOut, VetoListOut, VetoPendingOut } from '../../../core/schemas/veto-review.ts';
import { labelOf } from '../../../core/dictionaries.ts';
import { decideVetoItem, listVetoItems, pendingByRegion } from './service.ts';

const Year = z.coerce.number().int().min(2000).max(2100);
const STATUS_TEXT = { pending: '待核查', confirmed: '已确认为否决事项', dismissed: '已排除' } as const;

/** 否决事项核查 (issue 14.4): the list (+ .xlsx), the pending counts the scorecard shows, and the decision. */
export async function vetoReviewRoutes(app: App) {
  const r = typed(app);
  r.get(
    '/veto-reviews',
    {
      schema: {
        tags: ['veto-review'],
        summary: '否决事项核查：刑事一审案件与判处三年以上的过失犯罪（默认只列待核查）',
        querystring: z.object({ year: Year, status: z.enum(['pending', 'confirmed', 'dismissed', 'all']).optional(), region: z.string().optional(), format: z.enum(['json', 'xlsx']).optional() }),
        response: { 200: VetoListOut },
      },
    },
    async (req, reply) => {
      const list = await listVetoItems(app.database.db, actorOf(req), req.query);
      if (req.query.format !== 'xlsx') return list;
      const buf = await workbook([
        {
          name: '否决事项核查',
          title: [`否决事项核查 ${req.query.year}年`],
          columns: [
          { header: '类别', width: 22 },
          { header: '案号/事项', width: 30 },
          { header: '日期', width: 12 },
          { header: '村（社区）', width: 14 },
          { header: '刑期（月）', width: 10 },
          { header: '核查结果', width: 16 },
          { header: '理由', width: 30 },
          { header: '核查人', width: 10 },
          ],
          rows: list.items.map((i) => [labelOf(VETO_SOURCE_KINDS, i.sourceKind), i.title, i.date, i.regionName, i.sentenceMonths, STATUS_TEXT[i.status], i.reason, i.reviewedBy]),
        },
      ]);
      return sendFile(reply, buf, `否决事项核查_${req.query.year}.xlsx`, XLSX_TYPE);
    },
  );
  r.get(
    '/veto-reviews/pending',
    { schema: { tags: ['veto-review'], summary: '各村（社区）及乡镇待核查的否决事项数（考评表据此提示）', querystring: z.object({ year: Year }), response: { 200: VetoPendingOut } } },
    async (req) => ({ year: req.query.year, byRegion: await pendingByRegion(app.database.db, actorOf(req), req.query.year) }),
  );
  r.post(
    '/veto-reviews',
    { schema: { tags: ['veto-review'], summary: '确认为否决事项（写入故意犯罪）或排除（须填理由）', querystring: z.object({ year: Year }), body: VetoDecision, response: { 200: VetoItemOut } } },
    async (req) => decideVetoItem(app.database, ctxOf(req), req.query.year, req.body),
  );
}
