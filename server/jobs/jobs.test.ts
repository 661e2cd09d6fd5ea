import { describe, expect, it } from 'vitest';
import { JOBS } from './index.ts';

describe('the job list', () => {
  it('holds every feature job once, each with an interval', () => {
    expect(JOBS.map((j) => j.name).sort()).toEqual(['disputes.notifications', 'import-interrupted', 'key-person-contact-reminders', 'rate-limit-cleanup']);
    for (const j of JOBS) expect(j.intervalMs).toBeGreaterThanOrEqual(60_000);
  });
});
