import path from 'node:path';

/** Settings of SPEC §11, read once from the environment. */
export interface Config {
  port: number;
  databaseUrl: string | null;
  dataDir: string;
  adminPassword: string | null;
  secret: string | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: path.resolve(env.WUSONG_DATA_DIR?.trim() || './data'),
    adminPassword: env.WUSONG_ADMIN_PASSWORD || null,
    secret: env.WUSONG_SECRET || null,
  };
}
