import {
  backfill,
  checkDate,
  ingest,
  IngestRejectedError,
  type BackfillSummary,
  type IngestSummary,
} from '@alerts/ingest';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadEnv } from '../env';
import { withDb } from '../with-db';
import { createProgress } from '../progress';
import { createSource, defaultSourceName, SOURCE_NAMES, type SourceName } from '../sources';
import { stderrLogger } from '../stderr-logger';

const date = (value: string) => {
  const problem = checkDate(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
};

export function formatSummary(s: IngestSummary): string {
  const window = s.window ? ` ${s.window.from}..${s.window.to}${s.isBackfill ? ' (backfill)' : ''}` : '';
  return (
    `Ingested from ${s.source}${window}: fetched ${s.fetched}, new ${s.created}, updated ${s.updated}, ` +
    `unchanged ${s.unchanged}, skipped as bad ${s.skipped} (quarantined ${s.quarantined}); retried from quarantine ${s.retried}, resolved ${s.resolved}; ` +
    `newly answered ${s.newlyAnswered}, corrected ${s.corrected}, newly tabled ${s.tabled} (run ${s.runId})`
  );
}

export function formatBackfill(s: BackfillSummary, source: string, window: { from: string; to: string }): string {
  const rate = s.seconds > 0 ? Math.round(s.fetched / s.seconds) : 0;
  return (
    `Backfilled ${source} ${window.from}..${window.to}: ${s.chunks} chunk(s), ${s.skippedChunks} already done; fetched ${s.fetched}, ` +
    `new ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, skipped as bad ${s.skipped} (quarantined ${s.quarantined}) in ${s.seconds.toFixed(1)} s (${rate} records/s)`
  );
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('Fetch answered written questions and store them (default source: sample when offline)')
    .addOption(new Option('--source <name>', 'where questions come from').choices(SOURCE_NAMES))
    .option('--from <YYYY-MM-DD>', 'backfill: answered or corrected on or after this date', date)
    .option('--to <YYYY-MM-DD>', 'backfill: answered or corrected on or before this date', date)
    .option('--no-resume', 'backfill: fetch again the weeks an earlier backfill finished')
    .action(async (opts: { source?: SourceName; from?: string; to?: string; resume: boolean }) => {
      if ((opts.from === undefined) !== (opts.to === undefined))
        throw new InvalidArgumentError('--from and --to go together');
      if (opts.from && opts.to && opts.from > opts.to)
        throw new InvalidArgumentError(`--from ${opts.from} is after --to ${opts.to}`);
      const env = loadEnv();
      const progress = createProgress();
      const source = createSource(opts.source ?? defaultSourceName(env), env, (message) =>
        process.stderr.write(`${message}\n`),
      );
      try {
        if (opts.from && opts.to) {
          // A backfill goes a week at a time and skips the weeks already done, so it resumes after Ctrl-C or a crash.
          const window = { from: opts.from, to: opts.to };
          let chunk = '';
          const done = await withDb(env.DATABASE_URL, (db) =>
            backfill({
              db,
              source,
              window,
              resume: opts.resume,
              logger: stderrLogger,
              onChunk: (c) =>
                (chunk = `week ${c.index + 1}/${c.chunks}${c.skipped ? ' (done before)' : ''} ${c.chunk.from}`),
              onProgress: (p) => progress.update(`${chunk} ${p.phase}`, p.done, p.total),
            }),
          );
          progress.stop();
          process.stdout.write(`${formatBackfill(done, source.name, window)}\n`);
          return;
        }
        const summary = await withDb(env.DATABASE_URL, (db) =>
          ingest({
            db,
            source,
            window: opts.from && opts.to ? { from: opts.from, to: opts.to } : undefined,
            logger: stderrLogger,
            onProgress: (p) => progress.update(p.phase, p.done, p.total),
          }),
        ).catch((error: unknown) => {
          // The run failed on too many bad records but did store the good ones: say what it did, then fail (exit 1).
          if (error instanceof IngestRejectedError) {
            progress.stop();
            process.stdout.write(`${formatSummary(error.summary).replace(/^Ingested/, 'Failed run ingested')}\n`);
          }
          throw error;
        });
        progress.stop(); // before the summary, so the bar's last frame does not overwrite it
        process.stdout.write(`${formatSummary(summary)}\n`);
      } finally {
        progress.stop();
      }
    });
}
