import type { Db } from '@alerts/db';
import { BadRecordError, normaliseQuestion, recordIdOf, type NormalisedQuestion, type QuestionSource, type SourceProgress } from '@alerts/sources';
import { fromDbDate, nextWindow, toDbDate, ukToday } from './dates';
import { followedOpenQuestionIds } from './followed-open-questions';
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
  logger?: IngestLogger;
  onProgress?: (progress: SourceProgress & { stored: number }) => void;
  /** For tests: "today" in the UK. */
  today?: string;
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
  skipped: number;
  newlyAnswered: number;
  corrected: number;
  /** Questions first stored unanswered (just asked): a TABLED event each. */
  tabled: number;
  /** QuestionEvent ids written by this run (first..last), for the pipeline to match. Null when none. */
  eventRange: { first: bigint; last: bigint } | null;
}

const silent: IngestLogger = { info: () => {}, warn: () => {} };

/**
 * Fetch from a source, normalise, and store: one ingest run, recorded in IngestRun. A bad record is logged with
 * its id, counted and skipped; anything else that fails marks the run FAILED (the watermark stays put, so the
 * next run fetches the same window again) and is rethrown.
 */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const { db, source, batchSize = 250, logger = silent, onProgress } = options;
  const isBackfill = options.window !== undefined;
  const sourceRow = await db.ingestSource.upsert({ where: { name: source.name }, create: { name: source.name }, update: {} });
  const window = options.window ?? (source.name === 'sample' ? null : nextWindow(fromDbDate(sourceRow.watermark), options.today ?? ukToday()));
  const run = await db.ingestRun.create({
    data: { source: source.name, isBackfill, fromDate: toDbDate(window?.from ?? null), toDate: toDbDate(window?.to ?? null) },
  });
  const summary: IngestSummary = {
    runId: run.id, source: source.name, window, isBackfill,
    fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, newlyAnswered: 0, corrected: 0, tabled: 0, eventRange: null,
  };
  const skip = (recordId: string, reason: string) => {
    summary.skipped++;
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
    summary.created += counts.created;
    summary.updated += counts.updated;
    summary.unchanged += counts.unchanged;
    summary.newlyAnswered += counts.newlyAnswered;
    summary.corrected += counts.corrected;
    summary.tabled += counts.tabled;
  };

  try {
    let lastProgress: SourceProgress = { phase: 'read', done: 0, total: 0 };
    const refreshIds = isBackfill ? [] : await followedOpenQuestionIds(db);
    for await (const item of source.fetch({ window: window ?? undefined, refreshIds, onProgress: (p) => { lastProgress = p; onProgress?.({ ...p, stored: summary.fetched }); } })) {
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

    const events = await db.questionEvent.aggregate({ where: { ingestRunId: run.id }, _min: { id: true }, _max: { id: true } });
    if (events._min.id !== null && events._max.id !== null) summary.eventRange = { first: events._min.id, last: events._max.id };

    await db.$transaction([
      db.ingestRun.update({
        where: { id: run.id },
        data: {
          status: 'SUCCEEDED', finishedAt: new Date(), fetched: summary.fetched, created: summary.created, updated: summary.updated,
          unchanged: summary.unchanged, skipped: summary.skipped, newlyAnswered: summary.newlyAnswered,
        },
      }),
      ...(window && !isBackfill ? [db.ingestSource.update({ where: { name: source.name }, data: { watermark: toDbDate(window.to) } })] : []),
    ]);
    logger.info({ ...summary, eventRange: undefined }, 'ingest run finished');
    return summary;
  } catch (error) {
    await writing.catch(() => {}); // let an in-flight batch settle before recording the failure
    await db.ingestRun
      .update({ where: { id: run.id }, data: { status: 'FAILED', finishedAt: new Date(), error: String((error as Error)?.message ?? error).slice(0, 2000), fetched: summary.fetched, skipped: summary.skipped } })
      .catch(() => {});
    throw error;
  }
}
