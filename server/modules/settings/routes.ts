import { z } from 'zod';
import { GradingSave, SettingsOut, SettingsSave } from '../../../core/schemas/settings.ts';
import { actorOf, ctxOf, typed, type App } from '../../http.ts';
import { saveGradingSettings, saveSettings, settingsForYear } from './service.ts';

const Year = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export async function settingsRoutes(app: App) {
  const r = typed(app);
  r.get('/settings/:year', { schema: { tags: ['settings'], summary: '年度设置（限值、目标、办理时限）', params: Year, response: { 200: SettingsOut } } }, async (req) => {
    actorOf(req);
    return settingsForYear(app.database.db, req.params.year);
  });
  r.put(
    '/settings/:year',
    { schema: { tags: ['settings'], summary: '修改年度设置', params: Year, body: SettingsSave, response: { 200: SettingsOut } } },
    async (req) => saveSettings(app.database, ctxOf(req), req.params.year, req.body),
  );
  r.put(
    '/settings/:year/grading',
    { schema: { tags: ['settings'], summary: '修改年度纠纷四色分级规则（镇平安办可改）', params: Year, body: GradingSave, response: { 200: SettingsOut } } },
    async (req) => saveGradingSettings(app.database, ctxOf(req), req.params.year, req.body),
  );
}
