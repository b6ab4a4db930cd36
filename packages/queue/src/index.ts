export { matchQueueName, QUEUES } from './queue-names';
export {
  deliverJobSchema,
  deliveryDispatchSchema,
  deliveryKey,
  digestJobSchema,
  FOLLOW_OVERDUE,
  ingestJobSchema,
  jobIds,
  matchJobSchema,
  reconcileJobSchema,
} from './jobs';
export { deliverJobs, digestRunKey, flushRunKey } from './run-keys';
export type { DeliverJob, DeliveryDispatch, DigestJob, IngestJob, MatchJob, ReconcileJob } from './jobs';
export { DEFAULT_JOB_OPTIONS, DELIVERY_JOB_OPTIONS } from './retry-policy';
export { createRedis, hasHashTag } from './redis';
export type { RedisConnection, RedisSettings } from './redis';
export { createQueues } from './queues';
export type { QueueOptions, Queues } from './queues';
export { parseRedisInfo, readRedisDurability } from './read-redis-durability';
export type { RedisDurability } from './read-redis-durability';
export { redisDurabilityWarnings } from './redis-durability-warnings';
export type { RedisWarning, RedisWarningCode } from './redis-durability-warnings';
