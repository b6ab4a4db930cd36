import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, spawnRedisServer } from './spawn-redis-server';

export interface RedisCluster {
  /** `127.0.0.1:port` of each master, for REDIS_CLUSTER_NODES. */
  nodes: string[];
  /** Stop every node and delete its files. */
  stop(): Promise<void>;
}

/** Is `redis-server` installed? Cluster tests skip (saying so) where it is not. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * A throw-away Redis Cluster of `masters` nodes (no replicas) on free local ports, as an operator would build one:
 * `redis-server --cluster-enabled yes` per node, then `redis-cli --cluster create`. Resolves once every node
 * reports the cluster healthy. Nothing is persisted; `stop()` removes the nodes' files.
 */
export async function startRedisCluster(options: { masters?: number } = {}): Promise<RedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'alerts-redis-cluster-'));
  const servers: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => stopProcess(server)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports = await freeClusterPorts(options.masters ?? 3);
    for (const port of ports) servers.push(await startNode(port, dir));
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (create.status !== 0 || !create.stdout.includes('All 16384 slots covered'))
      throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    await waitForClusterOk(ports);
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startNode(port: number, dir: string): Promise<ChildProcess> {
  return spawnRedisServer(port, [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    `nodes-${port}.conf`,
    '--cluster-node-timeout',
    '5000',
    '--dir',
    dir,
  ]);
}

// `redis-cli --cluster create` returns once slots are assigned; the nodes agree on it a moment later (gossip).
async function waitForClusterOk(ports: number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = ports.every((port) =>
      spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes(
        'cluster_state:ok',
      ),
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error('the Redis Cluster did not reach cluster_state:ok');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Free ports p whose cluster bus port p + 10000 is free too. */
async function freeClusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort(0);
    if (
      port < 55_000 &&
      !ports.includes(port) &&
      (await freePort(port + 10_000).then(
        () => true,
        () => false,
      ))
    )
      ports.push(port);
  }
  return ports;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
