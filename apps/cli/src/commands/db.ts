import { describeUrl, migrate, schemaToSql } from '@alerts/db';
import { indexSearchTerms } from '@alerts/ingest';
import type { Command } from 'commander';
import { loadEnv } from '../env';
import { withDb } from '../with-db';

export function register(program: Command): void {
  const db = program.command('db').description('Database schema: apply migrations, print the schema as SQL');

  db.command('migrate')
    .description('Create the database if needed and apply pending migrations (offline; safe to run twice)')
    .action(async () => {
      const env = loadEnv();
      const result = await migrate({ databaseUrl: env.DATABASE_URL });
      const where = describeUrl(env.DATABASE_URL);
      if (result.createdDatabase) process.stdout.write(`Created database ${where}\n`);
      process.stdout.write(
        result.applied.length
          ? `Applied ${result.applied.length} migration(s) to ${where}: ${result.applied.join(', ')}\n`
          : `Database ${where} is up to date; nothing to apply.\n`,
      );
      // Questions stored before the search index existed (or changed by hand) get their search terms now.
      const indexed = await withDb(env.DATABASE_URL, (db) => indexSearchTerms(db));
      if (indexed) process.stdout.write(`Indexed ${indexed} question(s) for search.\n`);
    });

  db.command('diff')
    .description('Print the SQL that builds schema.prisma from an empty database (to write the next migration)')
    .action(async () => {
      const env = loadEnv();
      process.stdout.write(await schemaToSql({ databaseUrl: env.DATABASE_URL }));
    });
}
