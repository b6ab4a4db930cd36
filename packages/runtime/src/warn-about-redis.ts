import type { Logger } from '@alerts/logger';
import { readRedisDurability, redisDurabilityWarnings, type RedisConnection, type RedisWarning } from '@alerts/queue';

/**
 * Log one warn line per way Redis falls short of what BullMQ needs (an eviction policy other than noeviction, no
 * persistence), each saying what it costs and how to fix it. Never throws: a Redis that cannot be read is itself
 * logged. Callers do not await it before starting, as with Redis down it waits as the workers do.
 */
export async function warnAboutRedis(redis: RedisConnection, logger: Logger): Promise<RedisWarning[]> {
  try {
    const warnings = redisDurabilityWarnings(await readRedisDurability(redis));
    for (const warning of warnings) logger.warn({ code: warning.code, nodes: warning.nodes }, warning.message);
    return warnings;
  } catch (error) {
    logger.warn({ err: error }, 'could not read Redis settings to check its eviction policy and persistence');
    return [];
  }
}
