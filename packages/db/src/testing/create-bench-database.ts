import { Client } from 'pg';
import { createDb, type Db } from '../create-db';
import { ensureDatabase } from '../ensure-database';
import { migrate } from '../migrate';

export interface BenchDatabase {
  url: string;
  db: Db;
  /** Disconnect and drop the database. */
  drop: () => Promise<void>;
}

/**
 * A migrated database of its own for one benchmark run, on the server `serverUrl` names: `<name>_<pid>`. Benchmarks
 * run outside Jest, so there is no template to clone (createTestDatabase); they migrate a fresh one instead.
 */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<BenchDatabase> {
  const target = new URL(serverUrl);
  target.pathname = `/${name}_${process.pid}`;
  const url = target.toString();
  await ensureDatabase(url);
  await migrate({ databaseUrl: url });
  const db = createDb({ url, applicationName: 'alerts-bench' });
  return {
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${target.pathname.slice(1)}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
