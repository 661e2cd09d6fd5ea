import type { Config } from './config.ts';
import { createDb, type Database } from './db/client.ts';
import { Cipher, resolveSecret } from './secret.ts';

export interface Runtime {
  config: Config;
  database: Database;
  cipher: Cipher;
}

/** Opens the configured database (embedded lock taken, migrations applied) and the field cipher. */
export async function openRuntime(config: Config, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const cipher = new Cipher(resolveSecret(config));
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: opts.migrate });
  return { config, database, cipher };
}
