// PostgreSQL's CPU by whose connection used it. PostgreSQL runs one process per connection, and each worker's pools
// name their connections (application_name: "alerts-matcher", "alerts-mailer-sender", …; see createSqlPool), so
// sampling pg_stat_activity for which backend serves whom, and /proc for each backend's CPU, splits the server's CPU
// between the workers: what storing matches costs apart from what the mail costs.
import pg from 'pg';
import { cpuSecondsIfNamed } from './process-cpu';

interface Backend {
  /** application_name, or the process's kind for PostgreSQL's own (walwriter, checkpointer, autovacuum worker). */
  name: string;
  /** CPU seconds when first seen: what it had used before sampling began, for a backend already there then. */
  from: number;
  /** CPU seconds at the last sample it was seen in. */
  last: number;
}

export interface PostgresCpuSampler {
  /** CPU seconds by connection name since sampling began, busiest first. */
  byName(): [string, number][];
  stop(): Promise<void>;
}

/**
 * Sample every `everyMs` until stopped: the connections to `serverUrl`'s database and PostgreSQL's own processes. A
 * backend that ends between two samples loses what it used after the last one, and one that lives less than `everyMs`
 * may be missed: the caller compares the sum with the server's total.
 * Reads /proc, so PostgreSQL must run on this machine: a server elsewhere shows no backend here.
 */
export async function samplePostgresCpu(serverUrl: string, everyMs = 200): Promise<PostgresCpuSampler> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'alerts-bench-sampler' });
  await client.connect();
  // Keyed by pid and start time: a pid the kernel hands to a later backend is another backend.
  const backends = new Map<string, Backend>();
  let first = true;
  const sample = async () => {
    const { rows } = await client.query<{ pid: number; started: string; name: string }>(
      `SELECT pid, backend_start::text AS started,
              CASE WHEN backend_type = 'client backend' THEN coalesce(nullif(application_name, ''), 'unnamed client')
                   ELSE backend_type END AS name
       FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL`,
    );
    for (const { pid, started, name } of rows) {
      // Only a backend of this machine's server: elsewhere the pid names nothing of PostgreSQL's here.
      const cpu = cpuSecondsIfNamed(pid, 'postgres');
      if (Number.isNaN(cpu)) continue;
      const key = `${pid} ${started}`;
      const known = backends.get(key);
      if (known) known.last = cpu;
      // Already there when sampling began: only what it uses from now counts. Started since: all of it.
      else backends.set(key, { name, from: first ? cpu : 0, last: cpu });
    }
    first = false;
  };
  await sample();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      await sample().catch(() => {});
    }
  })();
  return {
    byName() {
      const totals = new Map<string, number>();
      for (const b of backends.values()) totals.set(b.name, (totals.get(b.name) ?? 0) + b.last - b.from);
      return [...totals].sort((a, b) => b[1] - a[1]);
    },
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}

/** "alerts-matcher 30.1 s, alerts-mailer 20.4 s, …, the rest 1.2 s" of `total` CPU seconds. */
export function describePostgresCpu(byName: [string, number][], total: number): string {
  const shown = byName.filter(([, seconds]) => seconds >= 0.05);
  const seen = byName.reduce((sum, [, seconds]) => sum + seconds, 0);
  return [
    ...shown.map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`),
    // Other databases' connections, and backends that ended between two samples.
    `the rest ${(total - seen).toFixed(1)} s`,
  ].join(', ');
}
