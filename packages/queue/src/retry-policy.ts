import type { JobsOptions } from 'bullmq';

/**
 * Retry and retention policy for every queue. Transient failures (SMTP 4xx, a database restart) retry with
 * exponential backoff: 5 s, 10 s, 20 s … about 21 minutes over 8 attempts. Permanent ones throw
 * UnrecoverableError and stop at once.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  // Keep finished jobs for a while: their ids are what de-duplicates a repeated enqueue.
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
