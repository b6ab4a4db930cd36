import { readFileSync } from 'node:fs';
import { ensureDatabase } from './ensure-database';
import { explainDatabaseError } from './errors';
import { loadMigrations } from './migrations';
import { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';
import { SCHEMA_FILTER, startSchemaEngine } from './schema-engine';

export interface MigrateResult {
  createdDatabase: boolean;
  applied: string[];
}

/**
 * Apply every pending SQL migration in prisma/migrations, recording them in `_prisma_migrations` exactly as
 * `prisma migrate deploy` would. Works with no network and is safe to run any number of times (and from two
 * processes at once: the engine takes an advisory lock).
 */
export async function migrate(options: { databaseUrl: string; migrationsDir?: string }): Promise<MigrateResult> {
  const createdDatabase = await ensureDatabase(options.databaseUrl);
  const engine = await startSchemaEngine({
    databaseUrl: options.databaseUrl,
    schema: readFileSync(SCHEMA_PATH, 'utf8'),
  });
  try {
    const result = await engine.applyMigrations({
      migrationsList: loadMigrations(options.migrationsDir ?? MIGRATIONS_DIR),
      filters: SCHEMA_FILTER,
    });
    return { createdDatabase, applied: result.appliedMigrationNames };
  } catch (error) {
    throw explainDatabaseError(error, options.databaseUrl);
  } finally {
    engine.free();
  }
}
