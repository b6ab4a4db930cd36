import { Client } from 'pg';
import { explainDatabaseError } from './errors';

/**
 * Create the database named in `databaseUrl` if it does not exist, so `alerts db migrate` works on a fresh
 * PostgreSQL. Returns true when it created it.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) return false;
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    // Another process creating it at the same moment is fine.
    if ((error as { code?: string }).code === '42P04') return false;
    throw explainDatabaseError(error, databaseUrl);
  } finally {
    await client.end().catch(() => {});
  }
}
