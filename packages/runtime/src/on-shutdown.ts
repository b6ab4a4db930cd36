import type { Logger } from '@alerts/logger';

/**
 * On SIGTERM or SIGINT run `stop` once (workers finish or release their jobs, then queues, Redis and the database
 * close) and exit. A second signal, or `stop` taking longer than `graceMs`, exits at once: the jobs left are
 * retried elsewhere when their locks expire.
 */
export function onShutdown(stop: () => Promise<void>, logger: Logger, graceMs = 30_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.warn({ graceMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
