import { z } from 'zod';

/** Thrown when the environment does not satisfy a process's schema; the message names every bad variable. */
export class EnvError extends Error {
  readonly code = 'ENV_INVALID';
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n` + issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n'));
    this.name = 'EnvError';
  }
}

/**
 * Parse `source` (normally `process.env`) with a zod object schema. Call it once at a process's edge and pass the
 * result down; library code never reads `process.env`.
 */
export function parseEnv<T extends z.ZodObject>(
  schema: T,
  source: Record<string, string | undefined> = process.env,
): z.infer<T> {
  // Empty strings mean "unset" in shell-land (`FOO= npm start`), so let defaults apply to them.
  const cleaned: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== ''),
  );
  // Links in emails must reach the web app: without PUBLIC_BASE_URL, it is the local app on PORT (default 3000).
  if ('PUBLIC_BASE_URL' in schema.shape && !cleaned.PUBLIC_BASE_URL && cleaned.PORT && /^\d+$/.test(cleaned.PORT)) {
    cleaned.PUBLIC_BASE_URL = `http://localhost:${cleaned.PORT}`;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(root)'),
      message: issue.message,
    })),
  );
}
