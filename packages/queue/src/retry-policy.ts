import type { JobsOptions } from 'bullmq';

/**
 * Retry and retention policy for every queue. Transient failures (a database restart) retry with exponential
 * backoff: 5 s, 10 s, 20 s … 8 attempts, about 10½ minutes in all. Permanent ones throw UnrecoverableError and stop
 * at once. A job that fails for good is not the end of its work: the work is a row in PostgreSQL, and the reconciler
 * hands it out again as a new job (see the deliver queue's own policy below).
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5_000 },
  // Keep finished jobs for a while: their ids are what de-duplicates a repeated enqueue.
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * A delivery job is one attempt at one Delivery row. Its retries after an SMTP failure are the ledger's, not
 * BullMQ's: the mailer records the failure and when to try again (minutes to hours, DELIVERY_RETRY_*), and the
 * reconciler dispatches it then as a new job. BullMQ retries only what failed before SMTP was reached (a database
 * restart), three times. A finished job is not kept: the Delivery row is what stops a resend.
 */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A reconcile tick that fails is simply the next tick's work; keep a few for the dashboard. */
export const RECONCILE_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
};
