import { assertDatabaseReady, createDb, type Db } from '@alerts/db';

/**
 * Run a command's work with a database client: checked first (a clear message when PostgreSQL is down or not
 * migrated), disconnected after, whatever happens.
 */
export async function withDb<T>(databaseUrl: string, work: (db: Db) => Promise<T>): Promise<T> {
  await assertDatabaseReady(databaseUrl);
  const db = createDb({ url: databaseUrl, applicationName: 'alerts-cli' });
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}
