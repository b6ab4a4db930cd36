/**
 * Print an error a person can act on and return the exit code. Errors with a `hint` (see `ActionableError`) print it
 * on its own line; unknown errors print their stack only with DEBUG set, so users see one clear line.
 */
export function reportFatal(error: unknown): number {
  if (error instanceof Error) {
    process.stderr.write(`alerts: ${error.message}\n`);
    const hint = (error as { hint?: unknown }).hint;
    if (typeof hint === 'string') process.stderr.write(`  ${hint}\n`);
    if (process.env.DEBUG) process.stderr.write(`${error.stack}\n`);
  } else {
    process.stderr.write(`alerts: ${String(error)}\n`);
  }
  return 1;
}
