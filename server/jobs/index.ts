import type { FastifyInstance } from 'fastify';
import type { Job } from './job.ts';
import { notificationJobs } from '../modules/notifications/jobs.ts';
import { exchangeJobs } from '../modules/exchange/jobs.ts';
import { rateLimitJobs } from '../rate-limit-store.ts';
import { disputeJobs } from '../modules/disputes/jobs.ts';

/**
 * In-process sweeper (ARCHITECTURE: timer + `FOR UPDATE SKIP LOCKED` claims). Deadlines are stored
 * columns, so correctness never waits for a job; jobs only raise notifications and reminders.
 * Every job is listed here, one line per feature (no registration by importing a module).
 */
export const JOBS: readonly Job[] = [...notificationJobs, ...rateLimitJobs, ...exchangeJobs, ...disputeJobs];

export function startBackgroundJobs(app: FastifyInstance, jobs: readonly Job[] = JOBS) {
  const timers = jobs.map((job) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await job.run(app);
      } catch (e) {
        app.log.error({ err: e, job: job.name }, 'job failed');
      } finally {
        running = false;
      }
    };
    setTimeout(tick, 2000).unref();
    return setInterval(tick, job.intervalMs).unref();
  });
  return { stop: () => timers.forEach(clearInterval) };
}
