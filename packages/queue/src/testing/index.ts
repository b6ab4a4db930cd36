// Test helpers: a real, throw-away Redis Cluster.
export { hasRedisServer, startRedisCluster, type RedisCluster } from './start-redis-cluster';
