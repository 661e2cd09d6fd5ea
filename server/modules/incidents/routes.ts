import type { App } from '../../http.ts';
import { outsideRoutes } from '../court-data/routes.ts';

/** Veto incidents (否决事项, SPEC §5): list (+ .xlsx), add, edit, delete — the same commands as court data. */
export async function incidentRoutes(app: App) {
  outsideRoutes(app, 'incidents', 'incidents', 'incidents');
}
