import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './testing';

// The drift check Prisma's `migrate diff --from-migrations` would do, without the shadow database the wasm engine
// cannot use: build one database from the migrations (the test template) and one from schema.prisma's full SQL,
// then compare their schema dumps.
const CLI = path.join(__dirname, '..', '..', '..', 'apps', 'cli', 'bin', 'alerts.js');

function schemaDump(url: string): string {
  const dump = execFileSync(
    'pg_dump',
    ['--schema-only', '--no-owner', '--no-privileges', '--exclude-table=_prisma_migrations', url],
    {
      encoding: 'utf8',
    },
  );
  // Drop comments, SET lines and blank lines: they carry dump metadata, not schema. Re-creating `public` below
  // also loses its built-in comment, which is not ours to compare.
  return dump
    .split('\n')
    .filter(
      (line) =>
        line.trim() &&
        !line.startsWith('--') &&
        !line.startsWith('SET ') &&
        !line.startsWith('SELECT pg_catalog') &&
        !line.startsWith('\\') &&
        !line.startsWith('COMMENT ON SCHEMA public'),
    )
    .join('\n');
}

describe('schema.prisma and prisma/migrations', () => {
  let fromMigrations: TestDatabase;
  let fromSchema: TestDatabase;

  beforeAll(async () => {
    fromMigrations = await createTestDatabase();
    fromSchema = await createTestDatabase();
    // Empty the clone, then build it from the schema's own SQL.
    const client = new Client({ connectionString: fromSchema.url });
    await client.connect();
    try {
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      const sql = execFileSync(process.execPath, [CLI, 'db', 'diff'], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: fromSchema.url },
      });
      expect(sql).toContain('CREATE TABLE "Question"');
      await client.query(sql);
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    await fromMigrations?.drop();
    await fromSchema?.drop();
  });

  it('have not drifted apart (add a migration: see packages/db/README.md)', () => {
    const migrated = schemaDump(fromMigrations.url);
    expect(migrated).toContain('CREATE TABLE public."Question"');
    expect(schemaDump(fromSchema.url)).toEqual(migrated);
  });
});
