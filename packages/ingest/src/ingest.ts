import type { Db } from '@alerts/db';
import {
  BadRecordError,
  normaliseQuestion,
  recordIdOf,
  type NormalisedQuestion,
  type QuestionSource,
  type SourceProgress,
  ukToday,
} from '@alerts/sources';
import { fromDbDate, nextWindow, toDbDate } from './dates';
import { followedOpenQuestionIds } from './followed-open-questions';
import { dueQuarantinedIds, quarantineRecords, resolveQuarantined, type Rejection } from './quarantine';
import {
  DEFAULT_REJECT_THRESHOLD,
  describeRejections,
  exceedsThreshold,
  IngestRejectedError,
  type RejectThreshold,
} from './rejection-threshold';
import { storeBatch } from './store-batch';
import { storeMembers } from './store-members';

/** pino-compatible: `logger.warn({ recordId }, 'message')`. */
export interface IngestLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface IngestOptions {
  db: Db;
  source: QuestionSource;
  /**
   * An explicit window (YYYY-MM-DD, inclusive) is a backfill: it leaves the source's watermark alone and marks its
   * events as backfill. Without one, a scheduled run: the window comes from the watermark, which moves on success.
   * The sample source without a window reads everything it has.
   */
  window?: { from: string; to: string };
  /** Questions per transaction. Default 250: small enough that writing starts early and overlaps normalising. */
  batchSize?: number;
  /**
   * How many new rejections (records that failed to fetch or validate, not counting quarantined ones retried) fail
   * the run and keep the watermark. Default: more than 5% of the records fetched and at least 3.
   */
  rejectThreshold?: RejectThreshold;
  logger?: IngestLogger;
  onProgress?: (progress: SourceProgress & { stored: number }) => void;
  /** For tests: "today" in the UK. */
  today?: string;
  /** For tests: the clock quarantine retries are timed by. */
  now?: Date;
}

export interface IngestSummary {
  runId: number;
  source: string;
  window: { from: string; to: string } | null;
  isBackfill: boolean;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Records rejected (detail fetch failed, or the normaliser refused them): logged, counted, not stored. */
  skipped: number;
  /** Rejected records put in (or kept in) quarantine, to be fetched again by later runs. */
  quarantined: number;
  /** Quarantined records fetched again by this run because their retry was due. */
  retried: number;
  /** Quarantined records this run stored, so no longer quarantined. */
  resolved: number;
  newlyAnswered: number;
  corrected: number;
  /** Questions first stored unanswered (just asked): a TABLED event each. */
  tabled: number;
  /** QuestionEvent ids written by this run (first..last), for the pipeline to match. Null when none. */
  eventRange: { first: bigint; last: bigint } | null;
}

const silent: IngestLogger = { info: () => {}, warn: () => {} };
/** Only a record with a numeric id can be fetched again by id. */
const canRetry = (recordId: string) => /^\d+$/.test(recordId);

/**
 * Fetch from a source, normalise, and store: one ingest run, recorded in IngestRun. A bad record is logged with its
 * id, counted, skipped and quarantined; scheduled runs fetch the quarantined records again once their retry is due,
 * whatever the window, and storing one resolves it. If the run rejects too many new records (`rejectThreshold`) it
 * still stores the good ones, but is marked FAILED and throws IngestRejectedError; anything else that fails marks
 * the run FAILED too and is rethrown. A failed run leaves the watermark, so the next run fetches the same window.
 */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const {
    db,
    source,
    batchSize = 250,
    logger = silent,
    onProgress,
    rejectThreshold = DEFAULT_REJECT_THRESHOLD,
  } = options;
  const now = options.now ?? new Date();
  const isBackfill = options.window !== undefined;
  const sourceRow = await db.ingestSource.upsert({
    where: { name: source.name },
    create: { name: source.name },
    update: {},
  });
  const watermark = fromDbDate(sourceRow.watermark);
  const window =
    options.window ?? (source.name === 'sample' ? null : nextWindow(watermark, options.today ?? ukToday()));
  const run = await db.ingestRun.create({
    data: {
      source: source.name,
      isBackfill,
      fromDate: toDbDate(window?.from ?? null),
      toDate: toDbDate(window?.to ?? null),
    },
  });
  const summary: IngestSummary = {
    runId: run.id,
    source: source.name,
    window,
    isBackfill,
    fetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    quarantined: 0,
    retried: 0,
    resolved: 0,
    newlyAnswered: 0,
    corrected: 0,
    tabled: 0,
    eventRange: null,
  };
  const rejections: Rejection[] = [];
  const storedIds: string[] = [];
  const skip = (recordId: string, reason: string) => {
    summary.skipped++;
    rejections.push({ recordId, reason });
    logger.warn({ recordId, source: source.name, reason }, `skipped bad record ${recordId}: ${reason}`);
  };

  let batch: NormalisedQuestion[] = [];
  // One batch is written while the next is fetched and normalised: the database works while Node computes.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    const toWrite = batch;
    batch = [];
    writing = store(toWrite);
    // Handled at the next flush or at the end; without this, a failure while we are still fetching would be an
    // unhandled rejection and kill the process before the run is marked FAILED.
    writing.catch(() => {});
  };
  const store = async (toWrite: NormalisedQuestion[]) => {
    const counts = await storeBatch(db, toWrite, { ingestRunId: run.id, isBackfill });
    for (const q of toWrite) storedIds.push(String(q.id));
    summary.created += counts.created;
    summary.updated += counts.updated;
    summary.unchanged += counts.unchanged;
    summary.newlyAnswered += counts.newlyAnswered;
    summary.corrected += counts.corrected;
    summary.tabled += counts.tabled;
  };

  // Quarantine what was rejected and resolve what was stored: on success and on failure alike, once.
  let settled = false;
  const settleQuarantine = async () => {
    if (settled) return;
    settled = true;
    const outcomes = await quarantineRecords(
      db,
      source.name,
      rejections.filter((r) => canRetry(r.recordId)),
      now,
    );
    summary.quarantined = outcomes.length;
    for (const o of outcomes) {
      logger.warn(
        { recordId: o.recordId, source: source.name, attempts: o.attempts, nextRetryAt: o.nextRetryAt.toISOString() },
        `quarantined record ${o.recordId} after ${o.attempts} failed attempt(s); next retry at ${o.nextRetryAt.toISOString()}`,
      );
    }
    const resolved = await resolveQuarantined(db, source.name, storedIds, now);
    summary.resolved = resolved.length;
    for (const recordId of resolved)
      logger.info({ recordId, source: source.name }, `stored quarantined record ${recordId}: resolved`);
  };

  try {
    let lastProgress: SourceProgress = { phase: 'read', done: 0, total: 0 };
    const due = isBackfill ? [] : await dueQuarantinedIds(db, source.name, now);
    summary.retried = due.length;
    const refreshIds = isBackfill ? [] : [...new Set([...(await followedOpenQuestionIds(db)), ...due.map(Number)])];
    if (due.length)
      logger.info({ source: source.name, records: due.length }, `fetching ${due.length} quarantined record(s) again`);
    for await (const item of source.fetch({
      window: window ?? undefined,
      refreshIds,
      onProgress: (p) => {
        lastProgress = p;
        onProgress?.({ ...p, stored: summary.fetched });
      },
    })) {
      summary.fetched++;
      if (item.kind === 'bad') {
        skip(item.recordId, item.reason);
        continue;
      }
      try {
        batch.push(normaliseQuestion(item.record));
      } catch (error) {
        if (!(error instanceof BadRecordError)) throw error;
        skip(recordIdOf(item.record), error.message.replace(/^record [^:]+: /, ''));
        continue;
      }
      if (batch.length >= batchSize) {
        await flush();
        onProgress?.({ ...lastProgress, stored: summary.fetched });
      }
    }
    await flush();
    await writing;
    await storeMembers(db, await source.knownMembers());
    if (source.fallbackMembers) await storeMembers(db, await source.fallbackMembers(), { fallback: true });
    await settleQuarantine();

    const events = await db.questionEvent.aggregate({
      where: { ingestRunId: run.id },
      _min: { id: true },
      _max: { id: true },
    });
    if (events._min.id !== null && events._max.id !== null)
      summary.eventRange = { first: events._min.id, last: events._max.id };

    // Records retried from quarantine that fail again are known already: only new rejections judge the window.
    const retried = new Set(due);
    const fresh = rejections.filter((r) => !retried.has(r.recordId));
    if (exceedsThreshold(fresh.length, summary.fetched, rejectThreshold)) {
      const then = isBackfill
        ? 'this backfill window is not marked done, so running the backfill again fetches it again'
        : window
          ? `the watermark stays at ${watermark ?? '(unset)'}, so the next run fetches this window again`
          : 'the next run reads everything again';
      throw new IngestRejectedError(
        describeRejections({ rejected: fresh, fetched: summary.fetched, threshold: rejectThreshold, then }),
        summary,
      );
    }

    await db.$transaction([
      db.ingestRun.update({
        where: { id: run.id },
        data: { status: 'SUCCEEDED', finishedAt: new Date(), ...runCounts(summary) },
      }),
      ...(window && !isBackfill
        ? [db.ingestSource.update({ where: { name: source.name }, data: { watermark: toDbDate(window.to) } })]
        : []),
    ]);
    logger.info({ ...summary, eventRange: undefined }, 'ingest run finished');
    return summary;
  } catch (error) {
    await writing.catch(() => {}); // let an in-flight batch settle before recording the failure
    await settleQuarantine().catch(() => {});
    const message = String((error as Error)?.message ?? error);
    await db.ingestRun
      .update({
        where: { id: run.id },
        data: { status: 'FAILED', finishedAt: new Date(), error: message.slice(0, 2000), ...runCounts(summary) },
      })
      .catch(() => {});
    logger.warn(
      { ...summary, eventRange: undefined, error: message },
      `ingest run ${run.id} failed; the watermark did not move`,
    );
    throw error;
  }
}

const runCounts = (s: IngestSummary) => ({
  fetched: s.fetched,
  created: s.created,
  updated: s.updated,
  unchanged: s.unchanged,
  skipped: s.skipped,
  newlyAnswered: s.newlyAnswered,
});
