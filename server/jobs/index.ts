import type { FastifyInstance } from 'fastify';

/**
 * In-process sweeper (ARCHITECTURE: timer + `FOR UPDATE SKIP LOCKED` claims). Deadlines are stored
 * columns, so correctness never waits for a job; jobs only raise notifications and reminders.
 */
export interface Job {
  name: string;
  intervalMs: number;
  run(app: FastifyInstance): Promise<void>;
}

const jobs: Job[] = [];
export function registerJob(job: Job) {
  jobs.push(job);
}

export function startBackgroundJobs(app: FastifyInstance) {
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
