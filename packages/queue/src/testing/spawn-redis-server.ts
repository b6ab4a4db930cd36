import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Start `redis-server --port PORT` with `args` added; resolves once it accepts connections. */
export function spawnRedisServer(port: number, args: string[]): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Ready to accept connections')) resolve(server);
    });
    server.once('exit', (code) =>
      reject(new Error(`redis-server on port ${port} exited with ${code}: ${seen.slice(-500)}`)),
    );
  });
}

/** `port` if it is free on 127.0.0.1 (0: any free port), as the port found. */
export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : port));
    });
  });
}
