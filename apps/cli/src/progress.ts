import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(phase: string, done: number, total: number): void;
  stop(): void;
}

/** A progress bar on a terminal; nothing when output is piped (logs and CI stay clean). */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { stream, format: ' {phase} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(phase, done, total) {
      if (!started) {
        bar.start(total, done, { phase });
        started = true;
      }
      bar.setTotal(Math.max(total, done));
      bar.update(done, { phase });
    },
    stop: () => {
      if (started) bar.stop();
      started = false; // idempotent: the command stops it before printing and again in `finally`
    },
  };
}
