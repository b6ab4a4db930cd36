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
