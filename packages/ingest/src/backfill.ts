import type { Db } from '@alerts/db';
import type { QuestionSource } from '@alerts/sources';
import { splitWindow } from './dates';
import { ingest, type IngestLogger, type IngestOptions, type IngestSummary } from './ingest';

export interface BackfillProgress {
  chunk: { from: string; to: string };
  /** 0-based index of the chunk and how many there are. */
  index: number;
  chunks: number;
  /** The chunk was done by an earlier backfill and is skipped. */
  skipped: boolean;
  /** Records fetched so far by this call (skipped chunks count nothing). */
  fetched: number;
}

export interface BackfillSummary {
  chunks: number;
  skippedChunks: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Bad records put in quarantine; scheduled runs fetch them again. */
  quarantined: number;
  seconds: number;
}

/**
 * A backfill of a long window, resumable: it runs one ingest per chunk of `chunkDays` (default 7) days, each
 * recorded as its own IngestRun, and skips every chunk an earlier backfill of this source already finished
 * (a SUCCEEDED backfill run with exactly that window). So after Ctrl-C or a crash the same command carries on from
 * the first unfinished chunk; a chunk cut off half-way is fetched again, which is harmless (unchanged records write
 * nothing). `resume: false` fetches every chunk again.
 */
export async function backfill(options: {
  db: Db;
  source: QuestionSource;
  window: { from: string; to: string };
  chunkDays?: number;
  resume?: boolean;
  logger?: IngestLogger;
  onChunk?: (progress: BackfillProgress) => void;
  onProgress?: IngestOptions['onProgress'];
}): Promise<BackfillSummary> {
  const started = Date.now();
  const chunks = splitWindow(options.window, options.chunkDays ?? 7);
  const done = options.resume === false ? new Set<string>() : await finishedChunks(options.db, options.source.name);
  const total: BackfillSummary = {
    chunks: chunks.length,
    skippedChunks: 0,
    fetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    quarantined: 0,
    seconds: 0,
  };
  for (const [index, chunk] of chunks.entries()) {
    const skipped = done.has(`${chunk.from}..${chunk.to}`);
    options.onChunk?.({ chunk, index, chunks: chunks.length, skipped, fetched: total.fetched });
    if (skipped) {
      total.skippedChunks++;
      continue;
    }
    const summary: IngestSummary = await ingest({
      db: options.db,
      source: options.source,
      window: chunk,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    for (const key of ['fetched', 'created', 'updated', 'unchanged', 'skipped', 'quarantined'] as const)
      total[key] += summary[key];
  }
  total.seconds = (Date.now() - started) / 1000;
  return total;
}

async function finishedChunks(db: Db, source: string): Promise<Set<string>> {
  const runs = await db.ingestRun.findMany({
    where: { source, isBackfill: true, status: 'SUCCEEDED', fromDate: { not: null }, toDate: { not: null } },
    select: { fromDate: true, toDate: true },
  });
  const day = (date: Date | null) => date?.toISOString().slice(0, 10) ?? '';
  return new Set(runs.map((run) => `${day(run.fromDate)}..${day(run.toDate)}`));
}
