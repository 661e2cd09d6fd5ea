import path from 'node:path';

/** Settings of SPEC §11, read once from the environment. */
export interface Config {
  port: number;
  databaseUrl: string | null;
  dataDir: string;
  adminPassword: string | null;
  secret: string | null;
  /** minutes of inactivity after which a session ends (WUSONG_SESSION_IDLE_MINUTES, default 480) */
  sessionIdleMinutes: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: path.resolve(env.WUSONG_DATA_DIR?.trim() || './data'),
    adminPassword: env.WUSONG_ADMIN_PASSWORD || null,
    secret: env.WUSONG_SECRET || null,
    sessionIdleMinutes: positive(env.WUSONG_SESSION_IDLE_MINUTES) ?? 480,
  };
}

function positive(v: string | undefined): number | null {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : null;
}
