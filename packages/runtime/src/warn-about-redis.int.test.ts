import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createRedis } from '@alerts/queue';
import { hasRedisServer, startRedisCluster } from '@alerts/queue/testing';
import { capturedLogger } from '../test/captured-logger';
import { warnAboutRedis } from './warn-about-redis';

const warnCodes = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => line.level === 'warn').map((line) => line.code);

it('warns about the local Redis, which runs with --save "" --appendonly no: no persistence, one line', async () => {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const { logger, lines } = capturedLogger();
  try {
    const warnings = await warnAboutRedis(redis, logger);
    expect(warnings.map((w) => w.code)).toEqual(['REDIS_NO_PERSISTENCE']);
    expect(warnCodes(lines)).toEqual(['REDIS_NO_PERSISTENCE']);
    expect(lines[0]!.msg).toMatch(
      /has no persistence \(appendonly no, no save rules\): a Redis restart empties the queues/,
    );
  } finally {
    await redis.quit();
  }
});

const describeWithServer = hasRedisServer() ? describe : describe.skip;
if (!hasRedisServer())
  process.stderr.write(
    'warn-about-redis.int.test.ts: redis-server is not installed; the managed-Redis and cluster cases are skipped\n',
  );

describeWithServer('Redis started here', () => {
  it('falls back to INFO where CONFIG is disabled, as on managed Redis, and warns of an evicting policy', async () => {
    const server = await startRedisServer([
      '--rename-command',
      'CONFIG',
      '',
      '--maxmemory-policy',
      'allkeys-lru',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    const redis = createRedis(`redis://127.0.0.1:${server.port}`);
    const { logger, lines } = capturedLogger();
    try {
      await expect(redis.config('GET', 'save')).rejects.toThrow(/unknown command/i);
      const warnings = await warnAboutRedis(redis, logger);
      expect(warnings.map((w) => w.code)).toEqual(['REDIS_EVICTION_POLICY', 'REDIS_PERSISTENCE_UNKNOWN']);
      expect(warnCodes(lines)).toEqual(['REDIS_EVICTION_POLICY', 'REDIS_PERSISTENCE_UNKNOWN']);
      expect(warnings[0]!.message).toContain('maxmemory-policy allkeys-lru, not noeviction');
    } finally {
      await redis.quit();
      await server.stop();
    }
  });

  it('checks every master of a Redis Cluster', async () => {
    const cluster = await startRedisCluster({ masters: 3 });
    const redis = createRedis({ url: 'redis://127.0.0.1:6379', clusterNodes: cluster.nodes });
    const { logger, lines } = capturedLogger();
    try {
      const warnings = await warnAboutRedis(redis, logger);
      expect(warnings.map((w) => w.code)).toEqual(['REDIS_NO_PERSISTENCE']);
      expect([...warnings[0]!.nodes].sort()).toEqual([...cluster.nodes].sort());
      expect(warnCodes(lines)).toEqual(['REDIS_NO_PERSISTENCE']);
    } finally {
      await redis.quit();
      await cluster.stop();
    }
  });
});

/** A throw-away standalone redis-server on a free port, with `args` as its configuration. */
async function startRedisServer(args: string[]): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${seen.slice(-500)}`)));
  });
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
