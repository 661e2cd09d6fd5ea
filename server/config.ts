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
  /**
   * Proxies whose X-Forwarded-For/-Proto/-Host are believed (WUSONG_TRUST_PROXY): a comma list of addresses or
   * CIDR ranges; unset = none, so a client cannot choose the address it is counted under.
   */
  trustProxy: false | string[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: path.resolve(env.WUSONG_DATA_DIR?.trim() || './data'),
    adminPassword: env.WUSONG_ADMIN_PASSWORD || null,
    secret: env.WUSONG_SECRET || null,
    sessionIdleMinutes: positive(env.WUSONG_SESSION_IDLE_MINUTES) ?? 480,
    trustProxy: trustProxyOf(env.WUSONG_TRUST_PROXY),
  };
}

function positive(v: string | undefined): number | null {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : null;
}

export function trustProxyOf(v: string | undefined): false | string[] {
  const t = v?.trim();
  if (!t || t === 'false') return false;
  return t.split(',').map((x) => x.trim()).filter(Boolean);
}
