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
