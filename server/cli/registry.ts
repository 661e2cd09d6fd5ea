import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { loadConfig, type Config } from '../config.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { systemActor } from '../modules/auth/actor.ts';
import type { CommandContext } from '../audit.ts';

export interface CliCommand {
  /** e.g. "user add" */
  name: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined>; config: Config }): Promise<number | void>;
}

export const commands: CliCommand[] = [];
export function defineCommand(c: CliCommand) {
  commands.push(c);
  return c;
}

/** Opens the database for a CLI command; the embedded lock makes a running server say so clearly. */
export async function withRuntime<T>(config: Config, fn: (rt: Runtime, ctx: CommandContext) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config);
  try {
    return await fn(rt, { actor: systemActor(), requestId: `cli-${process.pid}` });
  } finally {
    await rt.database.close();
  }
}

/**
 * A command's input checked by the same schema as the HTTP route (core/schemas), so the CLI accepts what the
 * API accepts; a problem is a usage error (exit code 2) with the schema's Chinese message.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AppError('usage', 2, `参数有误：${r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message)).join('；')}`);
  return r.data;
}

export { parseArgs, loadConfig };
