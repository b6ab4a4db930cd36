import type { Logger } from '@alerts/logger';

/**
 * A signal this soon after the first is the same one delivered again, not a second request: a terminal's Ctrl-C,
 * systemd and `kill -- -pgid` signal the whole process group, and npm and tsx forward what they receive to their
 * child as well, so `npm start` gets each signal two or three times within milliseconds.
 */
const REPEAT_WINDOW_MS = 1_000;

/**
 * On SIGTERM or SIGINT run `stop` once (workers finish or release their jobs, then queues, Redis and the database
 * close) and exit. A second signal (more than a second after the first), or `stop` taking longer than `graceMs`,
 * exits at once: the jobs left are retried elsewhere when their locks expire.
 */
export function onShutdown(stop: () => Promise<void>, logger: Logger, graceMs = 30_000): void {
  let stoppingSince: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < REPEAT_WINDOW_MS) return;
      process.exit(1);
    }
    stoppingSince = Date.now();
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
