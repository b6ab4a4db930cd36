import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface CreateDbOptions {
  /** postgresql://user[:password]@host:port/database */
  url: string;
  /** Pool size per process; workers rarely need more than their concurrency plus one. Default 5. */
  poolSize?: number;
}

/** The one way to get a Prisma client: the pure-JS query engine over node-postgres, no native binaries. */
export function createDb({ url, poolSize = 5 }: CreateDbOptions): Db {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}
