import type { Logger } from '@alerts/logger';
import type { Worker } from 'bullmq';

/** Log a worker's failed jobs (with the attempt, so retries are visible) and its own errors. */
export function logWorkerEvents(worker: Worker, logger: Logger): void {
  worker.on('failed', (job, error) =>
    logger.warn({ queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'job failed'),
  );
  worker.on('error', (error) => logger.error({ queue: worker.name, err: error }, 'worker error'));
}
