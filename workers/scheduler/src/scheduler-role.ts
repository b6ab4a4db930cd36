import type { PipelineEnv } from '@alerts/config';
import { recordDigestRun } from '@alerts/delivery';
import type { Runtime } from '@alerts/runtime';
import { scheduleOptionsFrom, type ScheduleEnv } from './schedule-env';
import { startScheduler } from './start-scheduler';

/** The scheduler role on a process's runtime: what `npm start -w @alerts/scheduler` and `alerts start` both run. */
export function startSchedulerRole(
  runtime: Pick<Runtime, 'queues' | 'logger' | 'db'>,
  env: ScheduleEnv & Pick<PipelineEnv, 'RECONCILE_LEASE_SECONDS'> & { PARLIAMENT_API_URL?: string | undefined },
) {
  return startScheduler({
    queues: runtime.queues,
    logger: runtime.logger,
    ...scheduleOptionsFrom(env),
    recordDigestRun: (frequency, runKey) =>
      recordDigestRun(runtime.db, { frequency, runKey, leaseMs: env.RECONCILE_LEASE_SECONDS * 1000 }),
  });
}
