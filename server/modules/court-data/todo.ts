import { can } from '../auth/actor.ts';
import type { TodoProvider } from '../../todo-provider.ts';
import { openQueueCount } from './service.ts';

/** Court data on the workbench: addresses waiting for a person to pick the village (SPEC §5). */
export const courtDataTodos: TodoProvider = async (database, actor) => {
  if (!can(actor, 'court.write')) return [];
  const n = await openQueueCount(database, actor);
  return n > 0 ? [{ key: 'court.resolution_queue', label: '法院数据地址待确认所属村（社区）', count: n, path: '/court-data/queue', severity: 'warning' }] : [];
};
