import type { PipelineEnv } from '@alerts/config';
import type { Runtime } from '@alerts/runtime';
import { startMatcher } from './start-matcher';

/** The matcher role on a process's runtime: what `npm start -w @alerts/matcher` and `alerts start` both run. */
export function startMatcherRole(
  runtime: Runtime,
  env: Pick<PipelineEnv, 'MATCHER_LOCK_MS' | 'RECONCILE_LEASE_SECONDS'>,
) {
  return startMatcher({
    ...runtime,
    connection: runtime.redis,
    lockMs: env.MATCHER_LOCK_MS,
    leaseMs: env.RECONCILE_LEASE_SECONDS * 1000,
  });
}
