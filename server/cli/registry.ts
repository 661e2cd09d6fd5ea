import { parseArgs, type ParseArgsConfig } from 'node:util';
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

export { parseArgs, loadConfig };
