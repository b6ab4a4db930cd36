import { PipelineError } from './errors';

// Deliberately simple: one @, no spaces or control characters, a dotted domain. Anything stranger is refused,
// which also keeps CR/LF out of headers.
const ADDRESS = /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Trimmed and lower-cased, or a PipelineError('INVALID_EMAIL'). */
export function normaliseEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !ADDRESS.test(email)) throw new PipelineError('INVALID_EMAIL', `"${input.slice(0, 80)}" is not an email address`, true);
  return email;
}
