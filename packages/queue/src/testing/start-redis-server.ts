import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, spawnRedisServer } from './spawn-redis-server';

/** A throw-away Redis on a free local port, that a test can kill and start again (empty) on the same port. */
export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT`, for REDIS_URL. */
  url: string;
  /** SIGKILL the server: every job it held is gone, as after a crash of a Redis without persistence. */
  kill(): Promise<void>;
  /** Start it again on the same port, empty. */
  start(): Promise<void>;
  /** Kill it and delete its folder. */
  stop(): Promise<void>;
}

/**
 * Start `redis-server` as operators run it without persistence (`--save "" --appendonly no`), on a free port, so a
 * test can restart it empty while the system under test keeps running. Resolves once it accepts connections.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'alerts-redis-'));
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async () => {
    server = await spawnRedisServer(port, ['--dir', dir]);
  };
  const kill = async () => {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
