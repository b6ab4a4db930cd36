import { readFileSync } from 'node:fs';
import { SCHEMA_PATH } from './paths';
import { SCHEMA_FILTER, startSchemaEngine } from './schema-engine';
import { STORAGE_SETTINGS_SQL } from './storage-settings';

/**
 * The SQL that creates schema.prisma's whole database from nothing, then the storage settings the schema cannot
 * express (STORAGE_SETTINGS_SQL). Used by the drift test and by
 * `alerts db diff`, which developers use to write the next migration (the engine's migrations-to-schema diff
 * needs a shadow database, which the wasm engine cannot use with the pg adapter).
 */
export async function schemaToSql(options: { databaseUrl: string; schemaPath?: string }): Promise<string> {
  const schema = readFileSync(options.schemaPath ?? SCHEMA_PATH, 'utf8');
  const engine = await startSchemaEngine({ databaseUrl: options.databaseUrl, schema });
  try {
    const result = await engine.diff({
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: SCHEMA_FILTER,
    });
    const settings = STORAGE_SETTINGS_SQL.join('\n');
    return `${result.stdout ?? ''}\n-- Settings the Prisma schema cannot express (packages/db/src/storage-settings.ts)\n${settings}\n`;
  } finally {
    engine.free();
  }
}
