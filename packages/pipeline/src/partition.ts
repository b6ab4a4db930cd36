import { createHash } from 'node:crypto';

/**
 * Subscriptions are spread over a fixed 1,024 partitions by a hash of their id; a match job for "partition p of N"
 * takes those with partition % N == p. N can change between deployments without moving any row.
 * WARNING: changing PARTITION_COUNT or the hash reshuffles every subscription between match workers' caches.
 */
export const PARTITION_COUNT = 1024;

export function partitionOf(subscriptionId: string): number {
  return createHash('sha1').update(subscriptionId).digest().readUInt16BE(0) % PARTITION_COUNT;
}
