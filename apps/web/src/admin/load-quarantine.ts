import type { Db } from '@alerts/db';

const PARLIAMENT_QUESTION = 'https://questions-statements.parliament.uk/written-questions/detail';
/** The record as the Written Questions API serves it: what ingestion failed to fetch or to accept. */
const PARLIAMENT_API_QUESTION = 'https://questions-statements-api.parliament.uk/api/writtenquestions/questions';

export interface QuarantinedRow {
  source: string;
  recordId: string;
  reason: string;
  attempts: number;
  firstFailedAt: Date;
  nextRetryAt: Date;
  /** The record on the Written Questions API (Parliament source only). */
  apiUrl: string | null;
  /** Its page on questions-statements.parliament.uk, when an earlier version of it is stored (so its date and UIN are known). */
  pageUrl: string | null;
}

/**
 * Records ingestion could not store and is still retrying (QuarantinedRecord, unresolved): how many, and the
 * `limit` that have waited longest.
 */
export async function loadQuarantine(db: Db, limit = 50): Promise<{ unresolved: number; records: QuarantinedRow[] }> {
  const [unresolved, rows] = await Promise.all([
    db.quarantinedRecord.count({ where: { resolvedAt: null } }),
    db.quarantinedRecord.findMany({
      where: { resolvedAt: null },
      orderBy: [{ firstFailedAt: 'asc' }, { recordId: 'asc' }],
      take: limit,
    }),
  ]);
  const numericIds = rows
    .filter((r) => r.source === 'parliament' && /^\d+$/.test(r.recordId))
    .map((r) => Number(r.recordId));
  const stored = await db.question.findMany({
    where: { id: { in: numericIds } },
    select: { id: true, dateTabled: true, uin: true },
  });
  const pages = new Map(
    stored.map((q) => [String(q.id), `${PARLIAMENT_QUESTION}/${q.dateTabled.toISOString().slice(0, 10)}/${q.uin}`]),
  );
  return {
    unresolved,
    records: rows.map((r) => ({
      source: r.source,
      recordId: r.recordId,
      reason: r.reason,
      attempts: r.attempts,
      firstFailedAt: r.firstFailedAt,
      nextRetryAt: r.nextRetryAt,
      apiUrl: r.source === 'parliament' && /^\d+$/.test(r.recordId) ? `${PARLIAMENT_API_QUESTION}/${r.recordId}` : null,
      pageUrl: pages.get(r.recordId) ?? null,
    })),
  };
}
