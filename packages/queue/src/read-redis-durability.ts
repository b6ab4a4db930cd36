import { Cluster, type Redis } from 'ioredis';
import type { RedisConnection } from './redis';

/** What one Redis server says about eviction and persistence, as read; `redisDurabilityWarnings` judges it. */
export interface RedisDurability {
  /** `host:port`. */
  node: string;
  /** CONFIG GET answers, or null where CONFIG is disabled or renamed (managed Redis often does that). */
  config: { maxmemoryPolicy?: string | undefined; appendonly?: string | undefined; save?: string | undefined } | null;
  /** `INFO memory` and `INFO persistence` fields (maxmemory_policy, aof_enabled, rdb_saves, …). */
  info: Record<string, string>;
}

/**
 * Read eviction policy and persistence from the one Redis, or from every master of a Redis Cluster (each holds its
 * own data and its own settings). Waits for a cluster to be ready, as only then does it know its masters.
 */
export async function readRedisDurability(connection: RedisConnection): Promise<RedisDurability[]> {
  if (!(connection instanceof Cluster)) return [await readNode(connection)];
  if (connection.status !== 'ready') await new Promise((resolve) => connection.once('ready', resolve));
  return Promise.all(connection.nodes('master').map(readNode));
}

async function readNode(redis: Redis): Promise<RedisDurability> {
  const node = `${redis.options.host ?? 'localhost'}:${redis.options.port ?? 6379}`;
  const [memory, persistence] = await Promise.all([redis.info('memory'), redis.info('persistence')]);
  return { node, config: await readConfig(redis), info: { ...parseRedisInfo(memory), ...parseRedisInfo(persistence) } };
}

async function readConfig(redis: Redis): Promise<RedisDurability['config']> {
  try {
    const pairs = (await redis.config('GET', 'maxmemory-policy', 'appendonly', 'save')) as string[];
    const values = new Map<string, string>();
    for (let i = 0; i + 1 < pairs.length; i += 2) values.set(pairs[i]!, pairs[i + 1]!);
    return {
      maxmemoryPolicy: values.get('maxmemory-policy'),
      appendonly: values.get('appendonly'),
      save: values.get('save'),
    };
  } catch {
    // CONFIG refused (ERR unknown command, NOPERM): INFO is all there is.
    return null;
  }
}

/** `INFO` text (`# Section` headers, `key:value` lines, CRLF) as a record. */
export function parseRedisInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return fields;
}
