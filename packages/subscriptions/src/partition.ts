import { createHash } from 'node:crypto';

/**
 * Alerts are spread over a fixed 1,024 partitions by a hash of their *subscriber's* id, so all of one person's alerts
 * are matched by the same match job: one ingest batch gives a subscriber at most one immediate email, however many
 * alerts they have (issue #21). A match job for "partition p of N" takes those with partition % N == p; N can change
 * between deployments without moving any row.
 * The hash is the first 16 bits of MD5, which SQL can compute too: the migration that moved alerts from per-alert to
 * per-subscriber partitions does (partition.int.test.ts checks that the two agree).
 * WARNING: changing PARTITION_COUNT or the hash reshuffles every subscription between match workers' caches.
 */
export const PARTITION_COUNT = 1024;

export function partitionOf(subscriberId: string): number {
  return createHash('md5').update(subscriberId).digest().readUInt16BE(0) % PARTITION_COUNT;
}

/** The partitions a match job for "partition p of N" takes: every one with partition % N == p. */
export function partitionShares(partition: number, partitions: number): number[] {
  return Array.from({ length: Math.ceil(PARTITION_COUNT / partitions) }, (_, i) => partition + i * partitions).filter(
    (p) => p < PARTITION_COUNT,
  );
}
