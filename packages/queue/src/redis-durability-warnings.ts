import type { RedisDurability } from './read-redis-durability';

export type RedisWarningCode = 'REDIS_EVICTION_POLICY' | 'REDIS_NO_PERSISTENCE' | 'REDIS_PERSISTENCE_UNKNOWN';

export interface RedisWarning {
  code: RedisWarningCode;
  /** The servers concerned (`host:port`), all masters of a cluster that share the problem. */
  nodes: string[];
  /** One line: what is wrong, what it costs, how to fix it. */
  message: string;
}

type Persistence = 'aof' | 'rdb' | 'none' | 'unknown';

/** AOF or RDB save rules from CONFIG GET when allowed, else what INFO shows: AOF on, or a snapshot since start. */
function persistenceOf({ config, info }: RedisDurability): Persistence {
  const appendonly =
    config?.appendonly ?? (info.aof_enabled === undefined ? undefined : info.aof_enabled === '1' ? 'yes' : 'no');
  if (appendonly === 'yes') return 'aof';
  if (config?.save !== undefined) return config.save.trim() ? 'rdb' : appendonly === 'no' ? 'none' : 'unknown';
  // INFO has no save rules; a snapshot taken since start shows RDB is on (or someone ran BGSAVE by hand).
  if (Number(info.rdb_saves ?? 0) > 0 || (info.rdb_last_bgsave_time_sec ?? '-1') !== '-1') return 'rdb';
  return 'unknown';
}

/** "Redis at a:1 has", or "Redis Cluster masters a:1, b:2 have": the subject of a warning and its verb. */
const subject = (nodes: string[], one: string, many: string) =>
  nodes.length === 1 ? `Redis at ${nodes[0]} ${one}` : `Redis Cluster masters ${nodes.join(', ')} ${many}`;

/**
 * What BullMQ needs of Redis ("going to production"): `maxmemory-policy noeviction`, since evicted keys break
 * queues, and persistence, since a restart without it empties them. One warning per problem, naming every server
 * that has it; none when all is well.
 */
export function redisDurabilityWarnings(nodes: RedisDurability[]): RedisWarning[] {
  const warnings: RedisWarning[] = [];
  const evicting = nodes
    .map((n) => ({ node: n.node, policy: n.config?.maxmemoryPolicy ?? n.info.maxmemory_policy }))
    .filter((n) => n.policy !== undefined && n.policy !== 'noeviction');
  if (evicting.length) {
    const policies = [...new Set(evicting.map((n) => n.policy))].join(', ');
    warnings.push({
      code: 'REDIS_EVICTION_POLICY',
      nodes: evicting.map((n) => n.node),
      message:
        `${subject(
          evicting.map((n) => n.node),
          'has',
          'have',
        )} maxmemory-policy ${policies}, not noeviction: when it reaches maxmemory it deletes keys, ` +
        `and BullMQ's queue keys can vanish mid-job (jobs lost or left inconsistent). Fix: set maxmemory-policy noeviction ` +
        `(redis.conf, CONFIG SET, or your provider's parameter group) and give maxmemory room for the queues.`,
    });
  }
  const byPersistence = (kind: Persistence) => nodes.filter((n) => persistenceOf(n) === kind).map((n) => n.node);
  const consequence =
    'a Redis restart empties the queues and loses the jobs in them. PostgreSQL is the ledger, so every piece of work they carried (match ranges, emails owed, digest runs) ' +
    'is handed out again by the reconciler, but late: up to RECONCILE_LEASE_SECONDS after it was queued.';
  const none = byPersistence('none');
  if (none.length) {
    warnings.push({
      code: 'REDIS_NO_PERSISTENCE',
      nodes: none,
      message: `${subject(none, 'has', 'have')} no persistence (appendonly no, no save rules): ${consequence} Fix: appendonly yes with appendfsync everysec (BullMQ's advice), or at least RDB save rules, in redis.conf or your provider's settings.`,
    });
  }
  const unknown = byPersistence('unknown');
  if (unknown.length) {
    warnings.push({
      code: 'REDIS_PERSISTENCE_UNKNOWN',
      nodes: unknown,
      message: `${subject(unknown, 'refuses', 'refuse')} CONFIG GET and INFO shows neither AOF nor an RDB snapshot since it started, so its persistence could not be confirmed; without persistence ${consequence} Fix: make sure AOF (appendonly yes) or snapshots are enabled in your provider's settings.`,
    });
  }
  return warnings;
}
