// Test helpers: a real, throw-away Redis Cluster, and a single Redis a test can restart empty.
export { hasRedisServer, startRedisCluster, type RedisCluster } from './start-redis-cluster';
export { startRedisServer, type RedisServer } from './start-redis-server';
