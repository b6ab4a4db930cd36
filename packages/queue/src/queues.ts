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
import { matchQueueName, QUEUES } from './queue-names';
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
  /**
   * MATCH_PARTITIONS: one match queue per partition, made up front so `all` (the dashboard, /metrics) lists each
   * before a job goes to it. A job dispatched under another number (MATCH_PARTITIONS was changed meanwhile) goes to
   * the queue of its partition modulo this one, so some matcher always takes it. Unset: a queue per partition number
   * met, made on first use (tests that pass their jobs straight through).
   */
  matchPartitions?: number;
}

/** The producers: typed `enqueue*` functions that always set the deterministic job id. */
export function createQueues({ connection, prefix, jobOptions, matchPartitions = 0 }: QueueOptions) {
  if (connection instanceof Cluster && !hasHashTag(prefix ?? '')) {
    throw new Error(
      `QUEUE_PREFIX: on a Redis Cluster it needs a hash tag, such as {alerts} (got "${prefix ?? ''}"), so each queue's keys share one slot`,
    );
  }
  // Typed by the job each carries, so a test or the admin board that reads `job.data` gets the payload's type.
  const make = <Data>(name: string) =>
    new Queue<Data>(name, { connection, prefix, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...jobOptions } });
  const ingest = make<IngestJob>(QUEUES.ingest);
  const matchQueues = new Map<number, Queue<MatchJob>>();
  /** The queue of one partition's match jobs (matchQueueName), made on first use. */
  const match = (partition: number) => {
    let queue = matchQueues.get(partition);
    if (!queue) matchQueues.set(partition, (queue = make<MatchJob>(matchQueueName(partition))));
    return queue;
  };
  for (let partition = 0; partition < matchPartitions; partition++) match(partition);
  const digest = make<DigestJob>(QUEUES.digest);
  const deliver = make<DeliveryDispatch>(QUEUES.deliver);
  const reconcile = make<ReconcileJob>(QUEUES.reconcile);
  const matchQueueOf = (job: Pick<MatchJob, 'partition'>) =>
    match(matchPartitions ? job.partition % matchPartitions : job.partition);
  /** Match jobs (or rows naming them) grouped by the queue each goes to. */
  const byMatchQueue = <T extends Pick<MatchJob, 'partition'>>(items: readonly T[]) => {
    const groups = new Map<Queue<MatchJob>, T[]>();
    for (const item of items) {
      const queue = matchQueueOf(item);
      const group = groups.get(queue);
      if (group) group.push(item);
      else groups.set(queue, [item]);
    }
    return groups;
  };
  const matchQueuesMade = () => [...matchQueues.entries()].sort(([a], [b]) => a - b).map(([, queue]) => queue);
  return {
    ingest,
    match,
    /** The queue a match job goes to: its partition's (see `matchPartitions`). */
    matchQueueOf,
    byMatchQueue,
    /** Every match queue made so far, by partition: those of `matchPartitions`, and any other used since. */
    matchQueues: matchQueuesMade,
    digest,
    deliver,
    reconcile,
    /** Every queue made so far (a getter: a match queue used for the first time joins it). */
    get all(): Queue[] {
      return [ingest, ...matchQueuesMade(), digest, deliver, reconcile];
    },
    enqueueIngest: (job: IngestJob) => ingest.add('ingest', job, { jobId: jobIds.ingest(job) }),
    /** Each job to its partition's queue. */
    enqueueMatch: async (jobs: MatchJob[]) => {
      const added = await Promise.all(
        [...byMatchQueue(jobs)].map(([queue, batch]) =>
          queue.addBulk(batch.map((data) => ({ name: 'match', data, opts: { jobId: jobIds.match(data) } }))),
        ),
      );
      return added.flat();
    },
    enqueueDigest: (job: DigestJob) => digest.add('digest', job, { jobId: jobIds.digest(job) }),
    enqueueReconcile: (job: ReconcileJob) =>
      reconcile.add('reconcile', job, { jobId: jobIds.reconcile(job), ...RECONCILE_JOB_OPTIONS }),
    /** In bulks of 5,000: a match job at a million alerts hands over some 135,000, too many to hold as one. */
    enqueueDeliveries: async (jobs: DeliveryDispatch[]) => {
      const added = [];
      for (let i = 0; i < jobs.length; i += 5_000)
        added.push(
          ...(await deliver.addBulk(
            jobs.slice(i, i + 5_000).map((data) => ({
              name: 'deliver',
              data,
              opts: { jobId: jobIds.delivery(data), ...DELIVERY_JOB_OPTIONS },
            })),
          )),
        );
      return added;
    },
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
      await Promise.all([ingest, ...matchQueues.values(), digest, deliver, reconcile].map((q) => q.close()));
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;
