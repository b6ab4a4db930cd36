import type { Db } from '@alerts/db';

/** At most this many quarantined records are fetched again per run (each is one detail request). */
const MAX_QUARANTINE_RETRIES_PER_RUN = 200;

const FIRST_RETRY_MS = 10 * 60_000;
const LONGEST_RETRY_MS = 24 * 3600_000;

/**
 * When a record that has now failed `attempts` times is tried again: 10 minutes after the first failure, doubling
 * with each further failure (20 min, 40 min … about 21 h), never more than a day.
 */
export function nextRetryAt(attempts: number, now: Date): Date {
  const wait = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
  return new Date(now.getTime() + wait);
}

export interface Rejection {
  recordId: string;
  reason: string;
}

export interface QuarantineOutcome extends Rejection {
  attempts: number;
  nextRetryAt: Date;
}

/**
 * Record each rejected record in quarantine, or count one more failure on its row. A row resolved earlier reopens
 * with its count started again. Rows are read then written one by one: a run rejects few records, and two runs of
 * one source racing here would at worst miscount an attempt.
 */
export async function quarantineRecords(
  db: Db,
  source: string,
  rejections: Rejection[],
  now: Date,
): Promise<QuarantineOutcome[]> {
  const outcomes: QuarantineOutcome[] = [];
  for (const { recordId, reason } of rejections) {
    const key = { source_recordId: { source, recordId } };
    const existing = await db.quarantinedRecord.findUnique({
      where: key,
      select: { attempts: true, resolvedAt: true },
    });
    const reopened = !existing || existing.resolvedAt !== null;
    const attempts = reopened ? 1 : existing.attempts + 1;
    const retryAt = nextRetryAt(attempts, now);
    const data = { reason: reason.slice(0, 2000), attempts, lastFailedAt: now, nextRetryAt: retryAt, resolvedAt: null };
    await db.quarantinedRecord.upsert({
      where: key,
      create: { source, recordId, firstFailedAt: now, ...data },
      update: reopened ? { firstFailedAt: now, ...data } : data,
    });
    outcomes.push({ recordId, reason, attempts, nextRetryAt: retryAt });
  }
  return outcomes;
}

/** Ids of this source's unresolved quarantined records whose retry is due, longest waiting first. */
export async function dueQuarantinedIds(
  db: Db,
  source: string,
  now: Date,
  limit = MAX_QUARANTINE_RETRIES_PER_RUN,
): Promise<string[]> {
  const rows = await db.quarantinedRecord.findMany({
    where: { source, resolvedAt: null, nextRetryAt: { lte: now } },
    orderBy: { nextRetryAt: 'asc' },
    select: { recordId: true },
    take: limit,
  });
  return rows.map((r) => r.recordId);
}

/**
 * Mark resolved the unresolved quarantine rows among `storedIds` (records this run stored), whether they came back
 * through a retry, a later window or the sample. Returns the ids resolved.
 */
export async function resolveQuarantined(db: Db, source: string, storedIds: string[], now: Date): Promise<string[]> {
  const resolved: string[] = [];
  // Chunked: a backfill week stores a few thousand records, and each id is one bind parameter.
  for (let i = 0; i < storedIds.length; i += 5000) {
    const chunk = storedIds.slice(i, i + 5000);
    const open = await db.quarantinedRecord.findMany({
      where: { source, resolvedAt: null, recordId: { in: chunk } },
      select: { recordId: true },
    });
    if (!open.length) continue;
    const ids = open.map((r) => r.recordId);
    await db.quarantinedRecord.updateMany({
      where: { source, resolvedAt: null, recordId: { in: ids } },
      data: { resolvedAt: now },
    });
    resolved.push(...ids);
  }
  return resolved;
}
