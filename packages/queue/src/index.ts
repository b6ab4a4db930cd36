export { QUEUES } from './queue-names';
export type { QueueName } from './queue-names';
export { deliverJobSchema, digestJobSchema, ingestJobSchema, jobIds, JOB_SCHEMAS, matchJobSchema } from './jobs';
export { deliverJobs, digestRunKey, flushRunKey } from './run-keys';
export type { DeliverJob, DigestJob, IngestJob, MatchJob } from './jobs';
export { DEFAULT_JOB_OPTIONS } from './retry-policy';
export { createRedis } from './redis';
export { createQueues } from './queues';
export type { QueueOptions, Queues } from './queues';
