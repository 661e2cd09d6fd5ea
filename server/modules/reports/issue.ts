/** Issuing a paper (bulletin, year-end summary): its 文号 (stored, see server/document-numbers.ts) and the year's 发文 settings. */
import { todayShanghai } from '../../../core/dates.ts';
import type { Database } from '../../db/client.ts';
import { documentNumber } from '../../document-numbers.ts';
import type { CommandContext } from '../../audit.ts';
import { settingsForYear } from '../settings/service.ts';
import type { Issue } from './docx.ts';

export async function issueOf(database: Database, ctx: CommandContext, p: { year: number; scope: string; paper: string }): Promise<Issue> {
  const s = (await settingsForYear(database.db, p.year)).data;
  const number = await documentNumber(database, ctx, { ...p, prefix: s.docPrefix });
  return { number, issuingBody: s.issuingBody, mainRecipients: s.mainRecipients, copyTo: s.copyTo, date: todayShanghai() };
}
