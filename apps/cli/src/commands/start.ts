import { assertDatabaseReady, createDb, describeUrl, migrate } from '@alerts/db';
import { ingest } from '@alerts/ingest';
import type { Command } from 'commander';
import { loadEnv } from '../env';
import { createSource, defaultSourceName } from '../sources';
import { formatSummary } from './ingest';

/**
 * `npm start`: get a fresh clone to a working database with real questions in it. Migrates, then loads the
 * bundled sample if the database holds no questions yet. The scheduler, workers and web app join here as they land
 * (issues #5 and #6).
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('Migrate the database and load the sample data if it is empty (what `npm start` runs)')
    .action(async () => {
      const env = loadEnv();
      const where = describeUrl(env.DATABASE_URL);
      const migrated = await migrate({ databaseUrl: env.DATABASE_URL });
      process.stdout.write(migrated.applied.length ? `Migrated ${where}: ${migrated.applied.join(', ')}\n` : `Database ${where} is up to date.\n`);
      await assertDatabaseReady(env.DATABASE_URL);
      const db = createDb({ url: env.DATABASE_URL });
      try {
        if ((await db.question.count()) === 0) {
          const summary = await ingest({ db, source: createSource(defaultSourceName(env), env) });
          process.stdout.write(`${formatSummary(summary)}\n`);
        } else {
          process.stdout.write(`${await db.question.count()} questions already stored; run \`npx alerts ingest\` to fetch more.\n`);
        }
      } finally {
        await db.$disconnect();
      }
    });
}
