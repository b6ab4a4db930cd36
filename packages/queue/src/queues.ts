import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobIds, type DeliverJob, type DigestJob, type IngestJob, type MatchJob } from './jobs';
import { QUEUES } from './queue-names';
import { DEFAULT_JOB_OPTIONS } from './retry-policy';

export interface QueueOptions {
  connection: Redis;
  /** Redis key prefix; tests use a fresh one each so they never see each other's jobs. Default 'bull'. */
  prefix?: string;
  /** Overrides of DEFAULT_JOB_OPTIONS (tests shorten the backoff). */
  jobOptions?: JobsOptions;
}

/** The producers: typed `enqueue*` functions that always set the deterministic job id. */
export function createQueues({ connection, prefix, jobOptions }: QueueOptions) {
  const make = (name: string) => new Queue(name, { connection, prefix, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...jobOptions } });
  const ingest = make(QUEUES.ingest);
  const match = make(QUEUES.match);
  const digest = make(QUEUES.digest);
  const deliver = make(QUEUES.deliver);
  return {
    ingest,
    match,
    digest,
    deliver,
    all: [ingest, match, digest, deliver],
    enqueueIngest: (job: IngestJob) => ingest.add('ingest', job, { jobId: jobIds.ingest(job) }),
    enqueueMatch: (jobs: MatchJob[]) => match.addBulk(jobs.map((data) => ({ name: 'match', data, opts: { jobId: jobIds.match(data) } }))),
    enqueueDigest: (job: DigestJob) => digest.add('digest', job, { jobId: jobIds.digest(job) }),
    // A finished immediate job is not kept: its Delivery row is what stops a resend, and an id that stayed behind
    // after a job found nothing to send (its alert paused meanwhile) would stop the sweep from enqueueing it again.
    enqueueDeliver: (jobs: DeliverJob[]) =>
      deliver.addBulk(jobs.map((data) => ({ name: data.kind, data, opts: { jobId: jobIds.deliver(data), ...(data.kind === 'IMMEDIATE' ? { removeOnComplete: true } : {}) } }))),
    close: async () => {
      await Promise.all([ingest, match, digest, deliver].map((q) => q.close()));
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;
