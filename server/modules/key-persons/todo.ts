import { and, eq, sql } from 'drizzle-orm';
import { keyPersons } from '../../db/schema/index.ts';
import { settingsForYear } from '../settings/service.ts';
import { addDays, todayShanghai } from '../../../core/dates.ts';
import type { TodoProvider } from '../../todo-provider.ts';
import { keyPersonVisible } from '../../scope/key-person.ts';

/** Workbench to-do: key-person contacts overdue (only what the user may see of key persons). */
export const keyPersonTodos: TodoProvider = async (database, actor) => {
  const day = todayShanghai();
  const days = (await settingsForYear(database.db, Number(day.slice(0, 4)))).data.keyPersonContactDays;
  const [{ n }] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(keyPersons)
    .where(and(keyPersonVisible(actor), eq(keyPersons.status, 'under_watch'), sql`coalesce(${keyPersons.lastContactOn}, ${keyPersons.watchedSince}) < ${addDays(day, -days)}`));
  return n > 0 ? [{ key: 'key_persons.contact_overdue', label: `超过 ${days} 天未走访联系的重点对象`, count: n, path: '/key-persons', severity: 'danger' }] : [];
};
