import type { PipelineEnv } from '@alerts/config';
import type { ReaderClock } from '@alerts/composition';
import type { Runtime } from '@alerts/runtime';
import type { QuestionSource } from '@alerts/sources';
import { startIngester } from './start-ingester';

export type IngesterRoleEnv = Pick<
  PipelineEnv,
  'MATCH_PARTITIONS' | 'IMMEDIATE_SWEEP_GRACE_SECONDS' | 'RECONCILE_LEASE_SECONDS' | 'DELIVERY_GIVE_UP_HOURS'
> & {
  PARLIAMENT_API_URL?: string | undefined;
  MEMBERS_API_URL?: string | undefined;
};

/** The ingester role on a process's runtime: what `npm start -w @alerts/ingester` and `alerts start` both run. */
export function startIngesterRole(
  runtime: Runtime,
  env: IngesterRoleEnv,
  options: { sampleSource?: QuestionSource; clock?: ReaderClock } = {},
) {
  return startIngester({
    ...runtime,
    ...options,
    connection: runtime.redis,
    sources: { parliamentApiUrl: env.PARLIAMENT_API_URL, membersApiUrl: env.MEMBERS_API_URL },
    partitions: env.MATCH_PARTITIONS,
    sweepGraceMs: env.IMMEDIATE_SWEEP_GRACE_SECONDS * 1000,
    leaseMs: env.RECONCILE_LEASE_SECONDS * 1000,
    giveUpAfterMs: env.DELIVERY_GIVE_UP_HOURS * 3600_000,
  });
}
