import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './testing';

// Match's alert is checked by triggers once per statement instead of by a foreign key once per row (migration
// 20261210000000_match_subscription_check). These are the key's guarantees, shown on the migrated database, with
// concurrent transactions on connections of their own as the matcher and the web app are.

let t: TestDatabase;
const clients: Client[] = [];

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: t.url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeEach(async () => {
  t = await createTestDatabase();
  const sql = await connect();
  await sql.query(`
    INSERT INTO "Subscriber" (id, email, "updatedAt") VALUES ('ann', 'ann@example.com', now()), ('bob', 'bob@example.com', now());
    INSERT INTO "Subscription" (id, "subscriberId", query, "updatedAt")
    VALUES ('ann-schools', 'ann', 'schools', now()), ('ann-nhs', 'ann', 'nhs', now()), ('bob-roads', 'bob', 'roads', now());`);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end()));
  await t.drop();
});

/** As a match job stores a flush: a row of several questions for each of several alerts, in one statement. */
const insertMatches = (sql: Client, alerts: string[], questions = 3) =>
  sql.query(
    `INSERT INTO "Match" ("subscriptionId", "questionIds")
     SELECT a, ARRAY(SELECT generate_series(1, $2)) FROM unnest($1::text[]) a`,
    [alerts, questions],
  );

const matchesOf = async (sql: Client) =>
  (
    await sql.query<{ alert: string; n: number }>(
      `SELECT "subscriptionId" AS alert, sum(cardinality("questionIds"))::int AS n FROM "Match" GROUP BY 1 ORDER BY 1`,
    )
  ).rows;

/** Waits until backend `pid` waits for a lock: how a test knows a statement has blocked, rather than sleeping. */
async function waitUntilBlocked(pid: number): Promise<void> {
  const sql = await connect();
  for (let i = 0; i < 500; i++) {
    const { rows } = await sql.query<{ waiting: boolean }>(
      `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`,
      [pid],
    );
    if (rows[0]?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`backend ${pid} never waited for a lock`);
}

const pidOf = async (sql: Client) => (await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

it('has no foreign key on Match, and stores matches of alerts that exist', async () => {
  const sql = await connect();
  const { rows } = await sql.query(
    `SELECT conname FROM pg_constraint WHERE conrelid = '"Match"'::regclass AND contype = 'f'`,
  );
  expect(rows).toEqual([]);
  await insertMatches(sql, ['ann-schools', 'bob-roads']);
  expect(await matchesOf(sql)).toEqual([
    { alert: 'ann-schools', n: 3 },
    { alert: 'bob-roads', n: 3 },
  ]);
});

it('refuses a statement naming an alert that does not exist, storing none of its rows', async () => {
  const sql = await connect();
  await expect(insertMatches(sql, ['ann-schools', 'gone', 'bob-roads'])).rejects.toMatchObject({ code: '23503' });
  expect(await matchesOf(sql)).toEqual([]);
});

it('deletes an alert’s matches with the alert, and every alert’s with its subscriber', async () => {
  const sql = await connect();
  await insertMatches(sql, ['ann-schools', 'ann-nhs', 'bob-roads']);
  await sql.query(`DELETE FROM "Subscription" WHERE id = 'ann-schools'`);
  expect(await matchesOf(sql)).toEqual([
    { alert: 'ann-nhs', n: 3 },
    { alert: 'bob-roads', n: 3 },
  ]);
  // The subscriber's alerts go by the key Subscription keeps; their matches by the trigger.
  await sql.query(`DELETE FROM "Subscriber" WHERE id = 'ann'`);
  expect(await matchesOf(sql)).toEqual([{ alert: 'bob-roads', n: 3 }]);
});

it('makes a delete wait for an insert still open, then deletes what it inserted: no orphan', async () => {
  const matcher = await connect();
  const web = await connect();
  const webPid = await pidOf(web);
  await matcher.query('BEGIN');
  await insertMatches(matcher, ['ann-schools', 'bob-roads']);
  const deleting = web.query(`DELETE FROM "Subscription" WHERE id = 'ann-schools'`);
  await waitUntilBlocked(webPid);
  await matcher.query('COMMIT');
  await deleting;
  expect(await matchesOf(web)).toEqual([{ alert: 'bob-roads', n: 3 }]);
});

it('makes an insert wait for a delete still open, then refuses it', async () => {
  const matcher = await connect();
  const web = await connect();
  const matcherPid = await pidOf(matcher);
  await web.query('BEGIN');
  await web.query(`DELETE FROM "Subscription" WHERE id = 'ann-schools'`);
  const inserting = insertMatches(matcher, ['ann-schools', 'bob-roads']);
  // Keep the rejection observed while the insert is blocked (it settles only after COMMIT).
  const outcome = inserting.then(
    () => 'stored',
    (error: { code?: string }) => error.code,
  );
  await waitUntilBlocked(matcherPid);
  await web.query('COMMIT');
  expect(await outcome).toBe('23503');
  expect(await matchesOf(web)).toEqual([]);
});

it('refuses to move a match to another alert, or to change an alert’s id', async () => {
  const sql = await connect();
  await insertMatches(sql, ['ann-schools'], 1);
  await expect(sql.query(`UPDATE "Match" SET "subscriptionId" = 'bob-roads'`)).rejects.toMatchObject({
    code: '23503',
  });
  await expect(sql.query(`UPDATE "Subscription" SET id = 'renamed' WHERE id = 'ann-schools'`)).rejects.toMatchObject({
    code: '23503',
  });
  // Writing the same value, as an update listing the column may, is allowed.
  await sql.query(`UPDATE "Match" SET "subscriptionId" = "subscriptionId", "deliveredAt" = now()`);
  expect(await matchesOf(sql)).toEqual([{ alert: 'ann-schools', n: 1 }]);
});
