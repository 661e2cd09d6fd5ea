import { can } from '../auth/actor.ts';
import type { TodoProvider } from '../../todo-provider.ts';
import { yearShanghai } from '../../../core/dates.ts';
import { listVetoItems } from './service.ts';

/** The town office's to-do: criminal cases and long negligent sentences of this year not yet reviewed (issue 14.4). */
export const vetoReviewTodos: TodoProvider = async (database, actor) => {
  if (!can(actor, 'court.write')) return [];
  const { pending } = await listVetoItems(database.db, actor, { year: yearShanghai() });
  return pending > 0 ? [{ key: 'veto.pending', label: '否决事项待核查（刑事一审案件等）', count: pending, path: '/veto-reviews', severity: 'warning' }] : [];
};
