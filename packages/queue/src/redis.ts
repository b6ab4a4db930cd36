import IORedis, { Cluster, type Redis, type RedisOptions } from 'ioredis';

/** What BullMQ queues and workers are given: one Redis server, or a Redis Cluster. */
export type RedisConnection = Redis | Cluster;

export interface RedisSettings {
  /** `redis://[:password@]host:port`: the one server, and where credentials and TLS come from for a cluster too. */
  url: string;
  /** Seed nodes of a Redis Cluster (`host:port` or `redis://host:port`); when given, the connection is a Cluster. */
  clusterNodes?: readonly string[] | undefined;
}

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands must wait through a
 * Redis restart rather than fail); producers in request paths may prefer to fail fast (`forProducer`).
 *
 * With `clusterNodes`, a Redis Cluster client: the same per-node options, reads and Lua scripts only on masters
 * (`scaleReads: 'master'`: a replica may lag behind the job state a script just wrote), and queue keys that must
 * share a slot, which `createQueues` checks (the prefix needs a hash tag such as `{alerts}`).
 */
export function createRedis(url: string, options?: { forProducer?: boolean }): Redis;
export function createRedis(settings: RedisSettings, options?: { forProducer?: boolean }): RedisConnection;
export function createRedis(
  settings: string | RedisSettings,
  options: { forProducer?: boolean } = {},
): RedisConnection {
  const { url, clusterNodes } = typeof settings === 'string' ? { url: settings, clusterNodes: undefined } : settings;
  const base: RedisOptions = {
    maxRetriesPerRequest: options.forProducer ? 3 : null,
    enableReadyCheck: true,
    lazyConnect: false,
  };
  if (!clusterNodes?.length) return new IORedis(url, base);
  const credentials = new URL(url);
  return new Cluster(clusterNodes.map(clusterNode), {
    scaleReads: 'master',
    enableReadyCheck: true,
    redisOptions: {
      ...base,
      ...(credentials.username ? { username: decodeURIComponent(credentials.username) } : {}),
      ...(credentials.password ? { password: decodeURIComponent(credentials.password) } : {}),
      ...(credentials.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  });
}

/** `host:port` or `redis://host:port` → ioredis's `{ host, port }`. */
function clusterNode(node: string): { host: string; port: number } {
  const url = new URL(/^rediss?:\/\//.test(node) ? node : `redis://${node}`);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

/** Does `prefix` carry a Redis Cluster hash tag (`{…}` with something inside), so a queue's keys share one slot? */
export function hasHashTag(prefix: string): boolean {
  return /\{[^}]+\}/.test(prefix);
}
