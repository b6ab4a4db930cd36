import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { ActionableError, describeUrl, explainDatabaseError } from './errors';
import { MIGRATIONS_DIR } from './paths';

/**
 * Fail fast, with a message a person can act on, when PostgreSQL is down or the database is not migrated to this
 * code's schema. Commands and processes call it once at start-up rather than failing deep inside a query.
 */
export async function assertDatabaseReady(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    const explained = explainDatabaseError(error, databaseUrl);
    if ((error as { code?: string }).code === '3D000') {
      throw new ActionableError(
        'DB_MISSING',
        `database ${describeUrl(databaseUrl)} does not exist`,
        'create and migrate it with `npx alerts db migrate`',
      );
    }
    throw explained;
  }
  try {
    const expected = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const table = await client.query<{ t: string | null }>(`SELECT to_regclass('public._prisma_migrations') AS t`);
    const applied = table.rows[0]?.t
      ? new Set(
          (
            await client.query<{ migration_name: string }>(
              'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
            )
          ).rows.map((r) => r.migration_name),
        )
      : new Set<string>();
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length) {
      throw new ActionableError(
        'DB_NOT_MIGRATED',
        `database ${describeUrl(databaseUrl)} has ${pending.length} pending migration(s): ${pending.join(', ')}`,
        'apply them with `npx alerts db migrate`',
      );
    }
  } finally {
    await client.end().catch(() => {});
  }
}
