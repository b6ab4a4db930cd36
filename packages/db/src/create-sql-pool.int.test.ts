import { createDb } from './create-db';
import { createSqlPool } from './create-sql-pool';
import { testServerUrl } from './testing/template-name';

// Our statements are short; JIT compiling one costs 100x running it (see create-sql-pool.ts). Both ways we open
// connections, node-postgres directly and Prisma over it, must start with JIT off.
it('opens every connection with JIT off, for node-postgres and Prisma alike', async () => {
  const pool = createSqlPool({ url: testServerUrl(), poolSize: 1 });
  const db = createDb({ url: testServerUrl(), poolSize: 1 });
  try {
    expect((await pool.query<{ jit: string }>('SHOW jit')).rows).toEqual([{ jit: 'off' }]);
    expect(await db.$queryRawUnsafe('SHOW jit')).toEqual([{ jit: 'off' }]);
  } finally {
    await pool.end();
    await db.$disconnect();
  }
});

// Each worker's pools name their connections (alerts-matcher, alerts-mailer-sender, …) so pg_stat_activity says whose
// a connection is; a name the operator put in DATABASE_URL is theirs to keep.
it('names its connections as told, for node-postgres and Prisma alike, unless the URL names them', async () => {
  const pool = createSqlPool({ url: testServerUrl(), poolSize: 1, applicationName: 'alerts-test-pool' });
  const db = createDb({ url: testServerUrl(), poolSize: 1, applicationName: 'alerts-test-db' });
  const url = new URL(testServerUrl());
  url.searchParams.set('application_name', 'from-the-url');
  const overridden = createSqlPool({ url: url.toString(), poolSize: 1, applicationName: 'alerts-test-pool' });
  const unnamed = createSqlPool({ url: testServerUrl(), poolSize: 1 });
  const name = 'SELECT current_setting($$application_name$$) AS name';
  try {
    expect((await pool.query(name)).rows).toEqual([{ name: 'alerts-test-pool' }]);
    expect(await db.$queryRawUnsafe(name)).toEqual([{ name: 'alerts-test-db' }]);
    expect((await overridden.query(name)).rows).toEqual([{ name: 'from-the-url' }]);
    expect((await unnamed.query(name)).rows).toEqual([{ name: '' }]);
  } finally {
    await Promise.all([pool.end(), overridden.end(), unnamed.end(), db.$disconnect()]);
  }
});
