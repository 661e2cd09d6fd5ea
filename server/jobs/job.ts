import type { FastifyInstance } from 'fastify';

/** A periodic task of the sweeper; features export theirs from their `jobs.ts`, listed in server/jobs/index.ts. */
export interface Job {
  name: string;
  intervalMs: number;
  run(app: FastifyInstance): Promise<void>;
}
