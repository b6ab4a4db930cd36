import pg from 'pg';

export interface CreateSqlPoolOptions {
  /** postgresql://user[:password]@host:port/database */
  url: string;
  /** Most connections open at once. */
  poolSize: number;
  /**
   * Plan each named statement once per connection (plan_cache_mode = force_generic_plan). For a pool that runs a few
   * statements many times whose every plan is the same lookup by key: the mailer's sender thread, whose record
   * statement PostgreSQL otherwise planned afresh on nearly every call (record-sent-plan.int.test.ts).
   */
  genericPlans?: boolean;
  /**
   * What its connections call themselves (PostgreSQL's application_name), such as "alerts-mailer": shown in
   * pg_stat_activity and the server's logs, so an operator sees which worker holds which connection, and
   * bench:pipeline reads each worker's share of PostgreSQL's CPU by it. An `application_name` in the URL still wins.
   */
  applicationName?: string | undefined;
}

/**
 * A node-postgres pool of its own, for work that must not share connections with Prisma's (the mailer's subscriber
 * locks hold one connection per delivery). An idle connection the server closes (a restart, a database dropped in
 * tests) is removed from the pool, and the next query opens a new one; unhandled, the pool's 'error' event would
 * crash the process instead. The caller ends it.
 *
 * JIT compilation is off for its sessions. Our statements are short lookups and writes, but PostgreSQL estimates
 * their cost from statistics, and on a Match table grown by millions of rows since it was last analysed a delivery's
 * one-subscriber read was costed above jit_above_cost: each email's state query then spent about 140–210 ms compiling
 * 80 functions to run for 1 ms, and mail at 1,000,000 alerts fell to 40 emails/s. An `options` parameter in the URL
 * still wins over this one.
 */
export function createSqlPool({ url, poolSize, genericPlans = false, applicationName }: CreateSqlPoolOptions): pg.Pool {
  const options = Object.entries(sessionSettings(genericPlans))
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options,
    ...(applicationName ? { application_name: applicationName } : {}),
  });
  pool.on('error', () => {});
  return pool;
}

/** The settings a pool's connections ask for in their startup packet (see createSqlPool). */
function sessionSettings(genericPlans: boolean): Record<string, string> {
  return genericPlans ? { jit: 'off', plan_cache_mode: 'force_generic_plan' } : { jit: 'off' };
}

/**
 * The settings a pool made by {@link createSqlPool} asked for that its connection did not get, in words ("jit is on,
 * not off"); empty when all were applied. A connection pooler such as PgBouncer drops (or refuses) startup options
 * unless told to ignore them, and an `options` parameter in the URL replaces ours: then the cost of each email
 * silently returns (JIT compiling a statement for every email at a million alerts; a record statement planned afresh
 * on each call). Workers check one connection at start and warn (sessionSettingsWarnings).
 */
export async function unappliedSessionSettings(pool: pg.Pool, { genericPlans = false } = {}): Promise<string[]> {
  const wanted = sessionSettings(genericPlans);
  const { rows } = await pool.query<{ name: string; setting: string }>(
    'SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])',
    [Object.keys(wanted)],
  );
  const applied = new Map(rows.map((row) => [row.name, row.setting]));
  return Object.entries(wanted)
    .filter(([name, value]) => applied.get(name) !== value)
    .map(([name, value]) => `${name} is ${applied.get(name) ?? 'unknown'}, not ${value}`);
}

/**
 * What a worker logs at start about the settings of `pool`'s connections, `whose` naming them ("the sender thread"):
 * one warning when some were not applied (unappliedSessionSettings), with where to set them instead; one when they
 * could not be checked; none when all is well.
 */
export async function sessionSettingsWarnings(
  pool: pg.Pool,
  { whose, genericPlans = false }: { whose: string; genericPlans?: boolean },
): Promise<string[]> {
  let unapplied: string[];
  try {
    unapplied = await unappliedSessionSettings(pool, { genericPlans });
  } catch (error) {
    return [`could not check the settings of the database connections of ${whose}: ${(error as Error).message}`];
  }
  if (!unapplied.length) return [];
  return [
    `database connections of ${whose} did not get the settings they asked for (${unapplied.join('; ')}): a connection ` +
      'pooler such as PgBouncer drops startup options, and an options parameter in DATABASE_URL replaces them. Set ' +
      'them for the database instead (README, Configuration: DATABASE_URL); without them each email costs PostgreSQL more.',
  ];
}
