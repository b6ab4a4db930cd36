import { createMailerDelivery } from '@alerts/mailer';
import { runCycle } from '@alerts/demo';
import { type Command, Option } from 'commander';
import { loadEnv } from '../env';
import { withDb } from '../with-db';
import { createSource, defaultSourceName, SOURCE_NAMES, type SourceName } from '../sources';
import { stderrLogger } from '../stderr-logger';
import { formatSummary } from './ingest';

export function register(program: Command): void {
  program
    .command('run-once')
    .description('Run one full cycle in the foreground: ingest, match, send immediate alerts')
    .addOption(new Option('--source <name>', 'where questions come from').choices(SOURCE_NAMES))
    .option('--no-ingest', 'skip ingestion; match and send what is stored')
    .option('--flush', 'also send every pending daily and weekly digest now')
    .action(async (opts: { source?: SourceName; ingest: boolean; flush?: boolean }) => {
      const env = loadEnv();
      await withDb(env.DATABASE_URL, async (db) => {
        // Sends as the mailer does, from its sender thread.
        const sending = await createMailerDelivery(db, env);
        for (const warning of sending.warnings) process.stderr.write(`warning: ${warning}\n`);
        try {
          const report = await runCycle({
            db,
            delivery: sending.delivery,
            source: opts.ingest
              ? createSource(opts.source ?? defaultSourceName(env), env, (m) => process.stderr.write(`${m}\n`))
              : null,
            partitions: env.MATCH_PARTITIONS,
            flush: opts.flush === true,
            timeZone: env.SCHEDULE_TIME_ZONE,
            logger: stderrLogger,
            onStep: (step) => process.stderr.write(`… ${step}\n`),
          });
          if (report.ingest) process.stdout.write(`${formatSummary(report.ingest)}\n`);
          process.stdout.write(
            `Matched: ${report.matchesInserted} new matches from ${report.matchJobs} match job(s). ` +
              `Emails: ${report.sent} sent, ${report.nothingToSend} with nothing to send, ${report.skipped} skipped, ${report.failed.length} failed.\n`,
          );
          for (const failure of report.failed)
            process.stderr.write(`failed: ${failure.job.kind} for ${failure.job.subscriberId}: ${failure.error}\n`);
          if (!env.SMTP_URL)
            process.stdout.write(
              `No SMTP_URL: emails are in the dev mailbox (${env.DEV_MAILBOX_DIR}), shown by the web app at /dev/mailbox.\n`,
            );
          if (report.failed.length) process.exitCode = 1;
        } finally {
          await sending.close();
        }
      });
    });
}
