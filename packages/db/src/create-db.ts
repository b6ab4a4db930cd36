import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { createSqlPool } from './create-sql-pool';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface CreateDbOptions {
  /** postgresql://user[:password]@host:port/database */
  url: string;
  /** Pool size per process; workers rarely need more than their concurrency plus one. Default 5. */
  poolSize?: number;
  /** Its connections' application_name (see createSqlPool), e.g. "alerts-matcher". */
  applicationName?: string | undefined;
}

const pools = new WeakMap<Db, pg.Pool>();

/** The one way to get a Prisma client: the pure-JS query engine over node-postgres, no native binaries. */
export function createDb({ url, poolSize = 5, applicationName }: CreateDbOptions): Db {
  const pool = createSqlPool({ url, poolSize, applicationName });
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  // The pool is ours, so we end it, also when only sqlPoolOf used it and Prisma never connected.
  const disconnect = db.$disconnect.bind(db);
  db.$disconnect = async () => {
    await disconnect();
    if (!pool.ended) await pool.end();
  };
  pools.set(db, pool);
  return db;
}

/**
 * The node-postgres pool under a client made by {@link createDb}, for the few statements that run once per email or
 * per batch of matches, where Prisma's per-query work was a tenth of the mailer's CPU and a named prepared statement
 * spares PostgreSQL the planning. Everything else goes through Prisma. `$disconnect()` closes the pool.
 */
export function sqlPoolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('sqlPoolOf: this client was not made by createDb');
  return pool;
}
