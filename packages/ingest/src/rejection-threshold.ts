import type { IngestSummary } from './ingest';

/**
 * When a run has rejected too much of what it fetched to trust its window: more than `share` of the records fetched
 * and at least `min` records. A record or two failing is a bad record (quarantined, retried later); a large share
 * failing means something changed upstream (a field's format, the detail route down), and moving the watermark
 * past such a window would skip it silently.
 */
export interface RejectThreshold {
  /** Fraction of the records fetched, 0..1. Default 0.05. */
  share: number;
  /** Fewest rejections that can fail a run, so one bad record in a small window does not. Default 3. */
  min: number;
}

export const DEFAULT_REJECT_THRESHOLD: RejectThreshold = { share: 0.05, min: 3 };

export function exceedsThreshold(
  rejected: number,
  fetched: number,
  threshold: RejectThreshold = DEFAULT_REJECT_THRESHOLD,
): boolean {
  return rejected >= threshold.min && rejected > threshold.share * fetched;
}

/**
 * A run that stored its good records but rejected too many others: it is recorded FAILED and the watermark stays,
 * so the next run fetches the window again. `summary` is what the run did do (the good records it stored, their
 * events), for callers that still hand those on.
 */
export class IngestRejectedError extends Error {
  readonly code = 'INGEST_TOO_MANY_REJECTED';
  constructor(
    message: string,
    readonly summary: IngestSummary,
  ) {
    super(message);
    this.name = 'IngestRejectedError';
  }
}

/** The error's message: how many, of how many, the first few reasons, and `then`: what happens to the window next. */
export function describeRejections(options: {
  rejected: { recordId: string; reason: string }[];
  fetched: number;
  threshold: RejectThreshold;
  then: string;
}): string {
  const { rejected, fetched, threshold } = options;
  const first = rejected
    .slice(0, 3)
    .map((r) => `${r.recordId}: ${r.reason}`)
    .join('; ');
  const more = rejected.length > 3 ? `; and ${rejected.length - 3} more` : '';
  return (
    `rejected ${rejected.length} of ${fetched} records fetched (the limit is ${Math.round(threshold.share * 1000) / 10}% and at least ${threshold.min}): ` +
    `${first}${more}. The good records are stored, the rejected ones quarantined for retry; ${options.then}`
  );
}
