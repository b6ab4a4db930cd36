import { readFileSync } from 'node:fs';
import { SCHEMA_PATH } from './paths';
import { SCHEMA_FILTER, startSchemaEngine } from './schema-engine';

/**
 * The SQL that creates schema.prisma's whole database from nothing. Used by the drift test and by
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
    return result.stdout ?? '';
  } finally {
    engine.free();
  }
}
