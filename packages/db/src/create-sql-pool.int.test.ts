import { createDb } from './create-db';
import { createSqlPool, unappliedSessionSettings } from './create-sql-pool';
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

// A pooler that drops startup options, or an `options` in the URL, leaves a connection without them: the check says
// which, in words a warning can carry.
it('says which settings its connections asked for and did not get', async () => {
  const withOptions = (options: string) => {
    const url = new URL(testServerUrl());
    url.searchParams.set('options', options);
    return url.toString();
  };
  const pools = {
    plain: createSqlPool({ url: testServerUrl(), poolSize: 1 }),
    generic: createSqlPool({ url: testServerUrl(), poolSize: 1, genericPlans: true }),
    jitOn: createSqlPool({ url: withOptions('-c jit=on'), poolSize: 1 }),
    replaced: createSqlPool({ url: withOptions('-c plan_cache_mode=auto -c jit=on'), poolSize: 1, genericPlans: true }),
  };
  try {
    expect(await unappliedSessionSettings(pools.plain)).toEqual([]);
    expect(await unappliedSessionSettings(pools.generic, { genericPlans: true })).toEqual([]);
    // A pool without genericPlans is not judged by it.
    expect(await unappliedSessionSettings(pools.generic)).toEqual([]);
    expect(await unappliedSessionSettings(pools.jitOn)).toEqual(['jit is on, not off']);
    expect(await unappliedSessionSettings(pools.replaced, { genericPlans: true })).toEqual([
      'jit is on, not off',
      'plan_cache_mode is auto, not force_generic_plan',
    ]);
  } finally {
    await Promise.all(Object.values(pools).map((pool) => pool.end()));
  }
});
