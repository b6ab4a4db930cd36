import type { PipelineEnv } from '@alerts/config';
import type { Runtime } from '@alerts/runtime';
import { startMatcher } from './start-matcher';

/** The matcher role on a process's runtime: what `npm start -w @alerts/matcher` and `alerts start` both run. */
export function startMatcherRole(
  runtime: Runtime,
  env: Pick<PipelineEnv, 'MATCHER_LOCK_MS' | 'RECONCILE_LEASE_SECONDS' | 'MATCH_PARTITIONS'> & {
    /** MATCHER_PARTITIONS (the matcher's env.ts); unset, every partition, as `alerts start` runs it. */
    MATCHER_PARTITIONS?: number[];
  },
) {
  return startMatcher({
    ...runtime,
    connection: runtime.redis,
    partitions: env.MATCHER_PARTITIONS ?? Array.from({ length: env.MATCH_PARTITIONS }, (_, p) => p),
    lockMs: env.MATCHER_LOCK_MS,
    leaseMs: env.RECONCILE_LEASE_SECONDS * 1000,
  });
}
