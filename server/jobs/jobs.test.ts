import { describe, expect, it } from 'vitest';
import { JOBS } from './index.ts';

describe('the job list', () => {
  it('holds every feature job once, each with an interval', () => {
    expect(JOBS.map((j) => j.name).sort()).toEqual(['disputes.regrade', 'import-interrupted', 'notifications.evaluation-warnings', 'notifications.outbox', 'notifications.reminders', 'rate-limit-cleanup']);
    // the outbox drains every 15 s (a failed delivery's first retry comes within 60 s); the others at most once a minute
    for (const j of JOBS) expect(j.intervalMs).toBeGreaterThanOrEqual(j.name === 'notifications.outbox' ? 15_000 : 60_000);
  });
});
