import { EnvError } from '@alerts/config';

/**
 * A process's configuration, parsed once at its edge. A bad value is the operator's to fix, not a crash: print which
 * variables are wrong and why, under the process's name, without a stack trace, and exit 1.
 */
export function loadEnvOrExit<T>(name: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(1);
  }
}
