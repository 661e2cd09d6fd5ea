/**
 * A store for @fastify/rate-limit in the database, so that every instance counts the same requests
 * (the plugin's own store counts per process). Fixed windows: the first hit opens a window of
 * `timeWindow` ms, later hits count in it until it ends.
 */
import type { Database } from './db/client.ts';
import type { Job } from './jobs/job.ts';

type Result = { current: number; ttl: number };

/** @fastify/rate-limit's default time window. */
const DEFAULT_WINDOW_MS = 60_000;

export function databaseRateLimitStore(database: Database) {
  return class DatabaseRateLimitStore {
    readonly prefix: string;
    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    // @fastify/rate-limit passes the route's window as a third argument (its type declarations omit it);
    // without one, its own default window of one minute
    incr(key: string, cb: (err: Error | null, result?: Result) => void, timeWindow: number = DEFAULT_WINDOW_MS) {
      database
        .query<{ hits: number; ttl: number }>(
          `insert into rate_limits (key, hits, window_start) values ($1, 1, now())
           on conflict (key) do update set
             hits = case when rate_limits.window_start <= now() - make_interval(secs => $2::float8 / 1000) then 1 else rate_limits.hits + 1 end,
             window_start = case when rate_limits.window_start <= now() - make_interval(secs => $2::float8 / 1000) then now() else rate_limits.window_start end
           returning hits, greatest(0, ceil(extract(epoch from window_start + make_interval(secs => $2::float8 / 1000) - now()) * 1000))::int as ttl`,
          [this.prefix + key, timeWindow],
        )
        .then(
          (rows) => cb(null, { current: rows[0].hits, ttl: rows[0].ttl }),
          (e: Error) => cb(e),
        );
    }

    // the plugin passes the route's merged limit options with `routeInfo` (the route); a limiter made by
    // `fastify.rateLimit(...)` has an empty one
    child(routeOptions: { url?: unknown; routeInfo?: { method?: unknown; url?: unknown } }) {
      const info = routeOptions.routeInfo ?? {};
      return new DatabaseRateLimitStore(routeOptions, `${this.prefix}${String(info.method)} ${String(info.url)}:`);
    }
  };
}

/**
 * Counters of windows long over are only clutter: dropped hourly by the sweeper (server/jobs) — request
 * counters and failed-login counters whose window and lock are both a day old.
 */
export async function dropOldRateLimits(database: Database): Promise<number> {
  const rows = await database.query<{ n: number }>(`
    with r as (delete from rate_limits where window_start < now() - interval '1 day' returning 1),
         l as (delete from login_attempts where window_start < now() - interval '1 day'
                 and (locked_until is null or locked_until < now() - interval '1 day') returning 1)
    select ((select count(*) from r) + (select count(*) from l))::int as n`);
  return rows[0].n;
}

export const rateLimitJobs: Job[] = [{ name: 'rate-limit-cleanup', intervalMs: 60 * 60 * 1000, run: (app) => dropOldRateLimits(app.database).then(() => undefined) }];
