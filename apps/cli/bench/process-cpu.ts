// What the benchmarks read of other processes from /proc (Linux): peak memory and CPU time. PostgreSQL and Redis run
// outside the benches, so their CPU can only be read this way.
import { readdirSync, readFileSync } from 'node:fs';

/** Peak resident memory (VmHWM) of a process in MB, or NaN once it has gone. */
export const peakRssMb = (pid: number | undefined) => {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
};

/**
 * A process's or thread's name and CPU clock ticks (100/s on Linux) from its stat file (/proc/PID/stat or
 * /proc/PID/task/TID/stat, one format), or null once it has gone.
 */
function readStat(file: string) {
  try {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const ticks = (i: number) => Number(fields[i]);
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      user: ticks(11),
      system: ticks(12),
      own: ticks(11) + ticks(12),
      reapedChildren: ticks(13) + ticks(14),
    };
  } catch {
    return null;
  }
}

const processStat = (pid: number | string | undefined) => readStat(`/proc/${pid}/stat`);

/** CPU seconds (user + system) used so far by a process; NaN once it has gone. */
export const cpuSeconds = (pid: number | undefined) => (processStat(pid)?.own ?? NaN) / 100;

/**
 * The same for a process that must be named `name`: NaN when the pid is another program's, as a PostgreSQL backend's
 * pid is when the server runs on another machine.
 */
export const cpuSecondsIfNamed = (pid: number, name: string) => {
  const stat = processStat(pid);
  return stat?.name === name ? stat.own / 100 : NaN;
};

/**
 * CPU seconds of every process named `name`, including children they have reaped: a PostgreSQL backend that exits
 * takes its CPU time into the postmaster's cutime/cstime.
 */
export const cpuSecondsOf = (name: string) => {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry) ? processStat(entry) : null;
    if (stat?.name === name) ticks += stat.own + stat.reapedChildren;
  }
  return ticks / 100;
};

/** One thread's CPU seconds, user and system. */
interface ThreadCpu {
  tid: number;
  user: number;
  system: number;
}

const cpuOf = (thread: ThreadCpu) => thread.user + thread.system;

/**
 * The CPU of each thread of a process, busiest first (empty once it has gone). Node names no threads, so the caller
 * tells them apart by id: the main thread's is the process's; a worker thread (the mailer's sender) is usually the
 * busiest of the rest; the others are V8's helpers (parallel garbage collection, compilers) and libuv's pool.
 */
function threadCpu(pid: number | undefined): ThreadCpu[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids
    .flatMap((tid) => {
      // A thread that ended between the listing and the read has no stat any more.
      const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
      return stat ? [{ tid: Number(tid), user: stat.user / 100, system: stat.system / 100 }] : [];
    })
    .sort((a, b) => cpuOf(b) - cpuOf(a));
}

/** "main 19.6 s (2.1 system), busiest other 11.3 s, 10 more 7.8 s": where a process's CPU went, by thread. */
export function describeThreads(pid: number | undefined): string {
  const threads = threadCpu(pid);
  const main = threads.find((t) => t.tid === pid);
  if (!main) return 'gone';
  const [busiest, ...rest] = threads.filter((t) => t !== main);
  const described = (t: ThreadCpu) => `${cpuOf(t).toFixed(1)} s (${t.system.toFixed(1)} system)`;
  return [
    `main ${described(main)}`,
    ...(busiest ? [`busiest other ${described(busiest)}`] : []),
    ...(rest.length ? [`${rest.length} more ${rest.reduce((sum, t) => sum + cpuOf(t), 0).toFixed(1)} s`] : []),
  ].join(', ');
}
