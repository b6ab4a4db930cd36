import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A DNS label or dotted name, as DKIM's `d=` and `s=` tags allow (RFC 6376 §3.5). */
const DNS_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Why `pem` cannot sign DKIM, or null when it can: an RSA private key of at least 1024 bits (RFC 8301 forbids less;
 * 2048 is what providers ask for). Ed25519 DKIM (RFC 8463) is still not verified by several large receivers, so a
 * key of that kind is refused rather than silently producing signatures they ignore.
 */
function dkimKeyProblem(pem: string): string | null {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    return `does not parse as a PEM private key (${(error as Error).message})`;
  }
  if (key.asymmetricKeyType !== 'rsa')
    return `is a ${key.asymmetricKeyType ?? 'unknown'} key; DKIM signing here needs RSA`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024) return `is a ${bits}-bit RSA key; DKIM needs at least 1024 bits (2048 recommended)`;
  return null;
}

const pemKey = z.string().superRefine((pem, ctx) => {
  const problem = dkimKeyProblem(pem);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * DKIM variables, spread into `pipelineEnvShape`. Each is checked on its own here (a key that does not parse stops
 * the process at start-up, naming the variable); `dkimSettingsFrom` checks that they come together.
 */
export const dkimEnvShape = {
  /** Signing domain (`d=`), normally the From address's domain or a parent of it (DMARC alignment). */
  DKIM_DOMAIN: z.string().regex(DNS_NAME, 'must be a domain name such as example.org').optional(),
  /** Selector (`s=`): the public key is published at SELECTOR._domainkey.DKIM_DOMAIN. */
  DKIM_SELECTOR: z.string().regex(DNS_NAME, 'must be a DNS label such as alerts2026').optional(),
  /** The PEM private key itself (newlines may be written as `\n`). Prefer DKIM_PRIVATE_KEY_FILE. */
  DKIM_PRIVATE_KEY: z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n'))
    .pipe(pemKey)
    .optional(),
  /** A file holding the PEM private key; read once, at start-up. */
  DKIM_PRIVATE_KEY_FILE: z
    .string()
    .transform((file, ctx) => {
      try {
        return readFileSync(file, 'utf8');
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        });
        return z.NEVER;
      }
    })
    .pipe(pemKey)
    .optional(),
};
