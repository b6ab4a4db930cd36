import type { Db } from '@alerts/db';

// PostgreSQL's write-ahead log since the cluster's statistics were last reset (pg_stat_wal, PostgreSQL 14+). Beside a
// long history, a batch's index entries land on pages all over each index, and the first change to a page after a
// checkpoint logs the whole 8 KB page: the full-page images show what a batch's inserts cost beside that history.
export interface WalSoFar {
  bytes: number;
  fullPageImages: number;
  /** Checkpoints started because max_wal_size was reached, not by checkpoint_timeout: each starts the images over. */
  requestedCheckpoints: number;
}

export async function walSoFar(db: Db): Promise<WalSoFar> {
  const [row] = await db.$queryRawUnsafe<{ bytes: string; fpi: string; requested: string }[]>(
    `SELECT wal_bytes::text AS bytes, wal_fpi::text AS fpi, checkpoints_req::text AS requested
     FROM pg_stat_wal, pg_stat_bgwriter`,
  );
  return { bytes: Number(row!.bytes), fullPageImages: Number(row!.fpi), requestedCheckpoints: Number(row!.requested) };
}

/** What was logged between two readings, for a report line. */
export function describeWal(before: WalSoFar, after: WalSoFar): string {
  const mb = (after.bytes - before.bytes) / 1024 / 1024;
  const images = after.fullPageImages - before.fullPageImages;
  const checkpoints = after.requestedCheckpoints - before.requestedCheckpoints;
  return `${mb.toFixed(0)} MB of WAL, ${images} full-page images (${((images * 8192) / 1024 / 1024).toFixed(0)} MB before compression), ${checkpoints} checkpoints forced by max_wal_size`;
}
