import { Queue, type JobsOptions } from 'bullmq';
import { Cluster } from 'ioredis';
import {
  jobIds,
  type DeliveryDispatch,
  type DigestJob,
  type IngestJob,
  type MatchJob,
  type ReconcileJob,
} from './jobs';
import { QUEUES } from './queue-names';
import { hasHashTag, type RedisConnection } from './redis';
import { DEFAULT_JOB_OPTIONS, DELIVERY_JOB_OPTIONS, RECONCILE_JOB_OPTIONS } from './retry-policy';

export interface QueueOptions {
  connection: RedisConnection;
  /**
   * Redis key prefix; tests use a fresh one each so they never see each other's jobs. Default 'bull'. On a Redis
   * Cluster it must carry a hash tag (`{alerts}`): BullMQ's scripts touch many keys of a queue at once, and Redis
   * Cluster runs a script only when all its keys hash to one slot.
   */
  prefix?: string;
  /** Overrides of DEFAULT_JOB_OPTIONS (tests shorten the backoff). */
  jobOptions?: JobsOptions;
}

/** The producers: typed `enqueue*` functions that always set the deterministic job id. */
export function createQueues({ connection, prefix, jobOptions }: QueueOptions) {
  if (connection instanceof Cluster && !hasHashTag(prefix ?? '')) {
    throw new Error(
      `QUEUE_PREFIX: on a Redis Cluster it needs a hash tag, such as {alerts} (got "${prefix ?? ''}"), so each queue's keys share one slot`,
    );
  }
  // Typed by the job each carries, so a test or the admin board that reads `job.data` gets the payload's type.
  const make = <Data>(name: string) =>
    new Queue<Data>(name, { connection, prefix, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...jobOptions } });
  const ingest = make<IngestJob>(QUEUES.ingest);
  const match = make<MatchJob>(QUEUES.match);
  const digest = make<DigestJob>(QUEUES.digest);
  const deliver = make<DeliveryDispatch>(QUEUES.deliver);
  const reconcile = make<ReconcileJob>(QUEUES.reconcile);
  return {
    ingest,
    match,
    digest,
    deliver,
    reconcile,
    all: [ingest, match, digest, deliver, reconcile],
    enqueueIngest: (job: IngestJob) => ingest.add('ingest', job, { jobId: jobIds.ingest(job) }),
    enqueueMatch: (jobs: MatchJob[]) =>
      match.addBulk(jobs.map((data) => ({ name: 'match', data, opts: { jobId: jobIds.match(data) } }))),
    enqueueDigest: (job: DigestJob) => digest.add('digest', job, { jobId: jobIds.digest(job) }),
    enqueueReconcile: (job: ReconcileJob) =>
      reconcile.add('reconcile', job, { jobId: jobIds.reconcile(job), ...RECONCILE_JOB_OPTIONS }),
    enqueueDeliveries: (jobs: DeliveryDispatch[]) =>
      deliver.addBulk(
        jobs.map((data) => ({
          name: 'deliver',
          data,
          opts: { jobId: jobIds.delivery(data), ...DELIVERY_JOB_OPTIONS },
        })),
      ),
    /**
     * Which of these jobs are still to run or running (waiting, delayed, active): one pipelined read of each job's
     * hash. A job Redis lost, or one that finished or failed, is not in flight.
     */
    inFlight: async (queue: Pick<Queue, 'toKey'>, jobIds: readonly string[]): Promise<boolean[]> => {
      if (!jobIds.length) return [];
      // Read on the producers' connection: on a Cluster the queue's keys share one slot (its hash tag), so one
      // pipeline goes to one node.
      const pipeline = connection.pipeline();
      for (const id of jobIds) pipeline.hmget(queue.toKey(id), 'timestamp', 'finishedOn');
      const replies = (await pipeline.exec()) ?? [];
      return replies.map(([error, value]: [Error | null, unknown]) => {
        if (error) throw error;
        const [created, finished] = value as [string | null, string | null];
        return created !== null && finished === null;
      });
    },
    close: async () => {
      await Promise.all([ingest, match, digest, deliver, reconcile].map((q) => q.close()));
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;
