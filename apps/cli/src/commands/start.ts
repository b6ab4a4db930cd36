import { startBouncerRole } from '@alerts/bouncer';
import { describeUrl, migrate } from '@alerts/db';
import { indexSearchTerms, ingest } from '@alerts/ingest';
import { startIngesterRole } from '@alerts/ingester';
import { mailerDbPoolSize, startMailerRole } from '@alerts/mailer';
import { startMatcherRole } from '@alerts/matcher';
import { demoBanner, loadDemoClock } from '@alerts/composition';
import { findDemoFirstDigests, oweDeliveries } from '@alerts/delivery';
import { replayAsNew } from '@alerts/demo';
import { dispatchMatchJobs } from '@alerts/match-work';
import {
  createRuntime,
  onShutdown,
  OPTIONAL_WORKER_ROLES,
  startHeartbeat,
  warnAboutRedis,
  WORKER_ROLES,
} from '@alerts/runtime';
import { startSchedulerRole } from '@alerts/scheduler';
import { loadWebEnv, startWeb } from '@alerts/web';
import type { Command } from 'commander';
import { createAnswerDemo, type AnswerDemo } from '../demo/answer-demo';
import { loadEnv } from '../env';
import { createSource, defaultSourceName } from '../sources';
import { formatSummary } from './ingest';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `npm start`: the whole system in one process for a newcomer: migrate, load the sample if the database is empty,
 * then run the scheduler, ingester, matcher, mailer and bouncer together (in production each runs as its own process:
 * `npm start -w @alerts/<name>`). Demo mode replays stored real questions as if answered now, every
 * --demo-interval seconds, so alerts arrive within a minute (a daily or weekly alert's first digest too); and with
 * the sample, it holds back a few real answers until someone follows their question, so following shows an answer
 * arriving too, and states its clock (loadDemoClock): pages and emails say the answers are replayed, and count due
 * dates from the day after the newest stored record, not from today.
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('Run the whole system in one process (what `npm start` runs)')
    .option('--no-demo', 'do not replay sample questions as newly answered')
    .option('--demo-interval <seconds>', 'seconds between demo replays', (v) => Number(v), 30)
    .option('--demo-batch <count>', 'questions replayed each time', (v) => Number(v), 10)
    .action(async (opts: { demo: boolean; demoInterval: number; demoBatch: number }) => {
      const env = loadEnv();
      // The web app's own variables (PORT, HOST, ADMIN_SESSION_SECRET…), parsed here too so a bad value fails fast.
      const webEnv = loadWebEnv();
      const where = describeUrl(env.DATABASE_URL);
      const migrated = await migrate({ databaseUrl: env.DATABASE_URL });
      say(
        migrated.applied.length
          ? `Migrated ${where}: ${migrated.applied.join(', ')}`
          : `Database ${where} is up to date.`,
      );
      // One pool for every role in this process: the mailer's share, and five for the others and the web app.
      const runtime = await createRuntime({
        name: 'alerts',
        env,
        logLevel: env.LOG_LEVEL,
        dbPoolSize: mailerDbPoolSize(env) + 5,
      });
      void warnAboutRedis(runtime.redis, runtime.logger);
      const sourceName = defaultSourceName(env);
      const answerDemo: AnswerDemo | undefined =
        opts.demo && sourceName === 'sample' ? await createAnswerDemo(runtime.db) : undefined;
      if ((await runtime.db.question.count()) === 0) {
        say(
          formatSummary(await ingest({ db: runtime.db, source: answerDemo?.source ?? createSource(sourceName, env) })),
        );
      } else if (answerDemo) {
        // Questions answered at an earlier start are shown as tabled again, so there is always one to follow.
        await ingest({ db: runtime.db, source: answerDemo.source });
      }
      // As `alerts db migrate` does: questions stored before the search index existed get their search terms.
      const indexed = await indexSearchTerms(runtime.db);
      if (indexed) say(`Indexed ${indexed} question(s) for search.`);
      // With the sample, demo mode's pages and emails go by a stated clock (the live source keeps the real one).
      const clock = answerDemo ? await loadDemoClock(runtime.db) : null;
      const demoClock = clock ? { clock } : {};
      // The same role functions each worker's main.ts starts, so this process behaves as the deployed ones do.
      const parts = [
        startSchedulerRole(runtime, env),
        startIngesterRole(runtime, env, answerDemo ? { sampleSource: answerDemo.source, ...demoClock } : {}),
        startMatcherRole(runtime, env),
        await startMailerRole(runtime, env, demoClock),
        await startBouncerRole(runtime, env),
      ];
      // One heartbeat per role, as if each ran alone: the dashboard shows five instances sharing this pid.
      const heartbeats = [...WORKER_ROLES, ...OPTIONAL_WORKER_ROLES].map((role) =>
        startHeartbeat({
          db: runtime.db,
          role,
          logger: runtime.logger,
          intervalMs: env.HEARTBEAT_INTERVAL_SECONDS * 1000,
        }),
      );

      const web = await startWeb({ runtime, env: webEnv, ...demoClock });

      let demoTimer: NodeJS.Timeout | undefined;
      if (opts.demo) {
        const replay = async () => {
          try {
            const replayed = await replayAsNew(runtime.db, opts.demoBatch);
            await dispatchMatchJobs({
              db: runtime.db,
              partitions: env.MATCH_PARTITIONS,
              enqueue: (jobs) => runtime.queues.enqueueMatch(jobs),
            });
            runtime.logger.info({ replayed }, 'demo: replayed questions as newly answered');
            const released = (await answerDemo?.releaseFollowed()) ?? [];
            if (released.length) {
              // The ingester stores the real answers (and tells the followers) as on any scheduled tick.
              await runtime.queues.enqueueIngest({ source: 'sample', slot: `demo-${Date.now()}` });
              runtime.logger.info({ released }, 'demo: answers of followed questions released');
            }
            // Matches the previous replay found for a daily or weekly alert just confirmed: its first digest, now.
            const firstDigests = await oweDeliveries(
              { db: runtime.db, queue: runtime.queues },
              await findDemoFirstDigests(runtime.db),
            );
            if (firstDigests.length)
              runtime.logger.info(
                { digests: firstDigests.length },
                'demo: first digests of new daily and weekly alerts',
              );
          } catch (error) {
            runtime.logger.error({ err: error }, 'demo replay failed');
          }
        };
        demoTimer = setInterval(() => void replay(), opts.demoInterval * 1000); // replay logs its own failures
      }

      say('');
      say(
        'Parliament Alerts is running: web app, scheduler, ingester, matcher, mailer and bouncer (Ctrl-C stops them).',
      );
      say(`  Web       ${web.address}    (links in emails use ${env.PUBLIC_BASE_URL})`);
      say(`  Database  ${where}    Redis  ${env.REDIS_URL}`);
      say(
        `  Bounces   smtp://${env.BOUNCE_SMTP_HOST}:${env.BOUNCE_SMTP_PORT} takes bounces for ${env.MAIL_ENVELOPE_FROM ?? env.MAIL_FROM_ADDRESS}`,
      );
      say(
        `  Email     ${env.SMTP_URL ? 'SMTP' : `dev mailbox: ${env.DEV_MAILBOX_DIR}/ (one .eml and .json per message)`}`,
      );
      if (opts.demo)
        say(
          `  Demo      every ${opts.demoInterval} s, ${opts.demoBatch} stored questions are replayed as newly answered`,
        );
      if (clock) say(`  Clock     ${demoBanner(clock)}`);
      if (answerDemo?.held().length) {
        say(`  Follow    these questions are shown as tabled, their real answers held back until someone follows one:`);
        for (const id of answerDemo.held()) say(`              ${env.PUBLIC_BASE_URL}/questions/${id}`);
      }
      say(`Try it: open ${env.PUBLIC_BASE_URL}/answers, pick a question and click "Alert me about debates like this";`);
      say(
        `  the confirmation email appears at ${env.PUBLIC_BASE_URL}/dev/mailbox (admin: npx alerts admin create you@example.org).`,
      );
      say('Or, in another terminal:');
      say(
        `  npx alerts subscriptions add --email you@example.org --query 'schools OR "mental health"' --frequency immediate --confirmed`,
      );
      say(`  ls ${env.DEV_MAILBOX_DIR}    # an email arrives within a minute or so`);
      say('  npx alerts run-once --no-ingest --flush    # send pending daily and weekly digests now');

      onShutdown(async () => {
        if (demoTimer) clearInterval(demoTimer);
        for (const heartbeat of heartbeats) await heartbeat.stop();
        await web.close();
        for (const part of parts) await part.close();
        await runtime.close();
      }, runtime.logger);
    });
}
