/**
 * What a feature contributes to the workbench's to-do list (待办): a function that counts, in the actor's
 * scope, what is waiting for them. Features export their providers from their `todo.ts`; the workbench
 * lists them (server/modules/workbench/todo.ts). The type lives here so that neither imports the other.
 */
import type { Database } from './db/client.ts';
import type { TodoItem } from '../core/schemas/workbench.ts';
import type { Actor } from './modules/auth/actor.ts';

export type { TodoItem };
export type TodoProvider = (database: Database, actor: Actor, year: number) => Promise<TodoItem[]>;
