import type { Job } from '../../jobs/job.ts';
import { remindKeyPersonContacts } from './service.ts';

export const keyPersonJobs: Job[] = [
  { name: 'key-person-contact-reminders', intervalMs: 60 * 60 * 1000, run: (app) => remindKeyPersonContacts(app.database).then(() => undefined) },
];
