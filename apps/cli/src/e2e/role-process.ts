import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

export type Role = 'scheduler' | 'ingester' | 'matcher' | 'mailer' | 'bouncer';

/** The repository root, where an operator runs `npm start -w @alerts/<role>`. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** One worker as deployed: its own OS process, started the way the README tells operators to. */
export interface RoleProcess {
  name: string;
  pid: number;
  /** Where its stdout and stderr go (pino JSON lines). */
  logFile: string;
  /** Resolves when its "<role> started" line appears; rejects if it exits first. */
  started: Promise<void>;
  /** SIGTERM (graceful) or SIGKILL (a crash) to the whole process group: npm, its shell and node. */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
  exited: Promise<number | null>;
}

/**
 * Start `npm start -w @alerts/<role>` in its own process group with `env` on top of this process's environment.
 * Logs go to `logDir/<name>.log`, which a failing test leaves behind for reading.
 */
export function startRoleProcess(options: {
  role: Role;
  name?: string;
  env: Record<string, string>;
  logDir: string;
}): RoleProcess {
  return startNpmProcess({
    name: options.name ?? options.role,
    args: ['start', '--silent', '-w', `@alerts/${options.role}`],
    startedMarker: `"msg":"${options.role} started"`,
    env: options.env,
    logDir: options.logDir,
  });
}

/**
 * Start `npm <args>` in the repository root, in its own process group, as an operator would; `started` resolves
 * when `startedMarker` appears in its output (stdout and stderr, both in `logDir/<name>.log`).
 */
export function startNpmProcess(options: {
  name: string;
  args: string[];
  startedMarker: string;
  env: Record<string, string>;
  logDir: string;
}): RoleProcess {
  const { name } = options;
  fs.mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn('npm', options.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const started = (async () => {
    let ended = false;
    void exited.then(() => (ended = true));
    for (;;) {
      if (fs.readFileSync(logFile, 'utf8').includes(options.startedMarker)) return;
      if (ended) throw new Error(`${name} exited before starting:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    name,
    pid: child.pid!,
    logFile,
    started,
    signal: (signal) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    },
    exited,
  };
}

/** Stop processes gracefully, and kill any that has not exited within `graceMs`. */
export async function stopAll(processes: RoleProcess[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      p.signal('SIGTERM');
      const timer = setTimeout(() => p.signal('SIGKILL'), graceMs);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

/** Poll `check` until it returns a value other than undefined, or fail after `timeoutMs` with `describe()`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe: () => Promise<string> | string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms: ${await options.describe()}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
