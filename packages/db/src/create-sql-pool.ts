import pg from 'pg';

export interface CreateSqlPoolOptions {
  /** postgresql://user[:password]@host:port/database */
  url: string;
  /** Most connections open at once. */
  poolSize: number;
}

/**
 * A node-postgres pool of its own, for work that must not share connections with Prisma's (the mailer's subscriber
 * locks hold one connection per delivery). An idle connection the server closes (a restart, a database dropped in
 * tests) is removed from the pool, and the next query opens a new one; unhandled, the pool's 'error' event would
 * crash the process instead. The caller ends it.
 */
export function createSqlPool({ url, poolSize }: CreateSqlPoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {});
  return pool;
}
