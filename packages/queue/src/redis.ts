import IORedis, { type Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands must wait through a
 * Redis restart rather than fail); producers in request paths may prefer to fail fast (`forProducer`).
 */
export function createRedis(url: string, options: { forProducer?: boolean } = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: options.forProducer ? 3 : null,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}
