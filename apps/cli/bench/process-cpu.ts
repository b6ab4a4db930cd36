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

/** A process's name and CPU clock ticks (100/s on Linux) from /proc/PID/stat, or null once it has gone. */
function processStat(pid: number | string | undefined) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const ticks = (i: number) => Number(fields[i]);
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      own: ticks(11) + ticks(12),
      reapedChildren: ticks(13) + ticks(14),
    };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) used so far by a process; NaN once it has gone. */
export const cpuSeconds = (pid: number | undefined) => (processStat(pid)?.own ?? NaN) / 100;

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

/** One thread's CPU seconds, user and system, from /proc/PID/task/TID/stat. */
interface ThreadCpu {
  tid: number;
  user: number;
  system: number;
}

/**
 * The CPU of each thread of a process, busiest first (empty once it has gone). Node names no threads, so the caller
 * tells them apart by id: the main thread's is the process's; a worker thread (the mailer's sender) is usually the
 * busiest of the rest; the others are V8's helpers (parallel garbage collection, compilers) and libuv's pool.
 */
function threadCpu(pid: number | undefined): ThreadCpu[] {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
          return [{ tid: Number(tid), user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 }];
        } catch {
          return []; // a thread that ended between the listing and the read
        }
      })
      .sort((a, b) => b.user + b.system - (a.user + a.system));
  } catch {
    return [];
  }
}

/** "main 19.6 s (2.1 system), busiest other 11.3 s, 10 more 7.8 s": where a process's CPU went, by thread. */
export function describeThreads(pid: number | undefined): string {
  const threads = threadCpu(pid);
  const main = threads.find((t) => t.tid === pid);
  if (!main) return 'gone';
  const others = threads.filter((t) => t !== main);
  const total = (list: ThreadCpu[]) => list.reduce((sum, t) => sum + t.user + t.system, 0);
  const [busiest, ...rest] = others;
  return [
    `main ${total([main]).toFixed(1)} s (${main.system.toFixed(1)} system)`,
    ...(busiest ? [`busiest other ${total([busiest]).toFixed(1)} s (${busiest.system.toFixed(1)} system)`] : []),
    ...(rest.length ? [`${rest.length} more ${total(rest).toFixed(1)} s`] : []),
  ].join(', ');
}
