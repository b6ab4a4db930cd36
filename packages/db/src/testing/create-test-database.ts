import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDb, type Db } from '../create-db';
import { templateDatabaseName, testServerUrl, withDatabase } from './template-name';

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  /** Disconnect and drop the database. */
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, fully migrated database for one test file, cloned from the template that Jest's global setup builds.
 * Isolated from every other test file, so suites can run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `alerts_t_${randomBytes(6).toString('hex')}`;
  const template = templateDatabaseName();
  await withAdmin(async (client) => {
    // Two clones of one template at the same instant can collide ("being accessed by other users"): retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  const url = withDatabase(testServerUrl(), name);
  const db = createDb({ url, poolSize: 3 });
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
