import { EnvError } from './parse-env';

/** What a transport needs to DKIM-sign: the shape of `DkimSettings` in `@alerts/email`. */
export interface DkimEnvSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** The parsed DKIM variables (see `dkimEnvShape`); DKIM_PRIVATE_KEY_FILE already holds the file's contents. */
export interface DkimEnv {
  DKIM_DOMAIN?: string | undefined;
  DKIM_SELECTOR?: string | undefined;
  DKIM_PRIVATE_KEY?: string | undefined;
  DKIM_PRIVATE_KEY_FILE?: string | undefined;
}

/**
 * The signing settings, or undefined when no DKIM variable is set. Half a configuration is refused rather than
 * ignored: an operator who set a key expects every email signed.
 *
 * @throws EnvError naming the missing or conflicting variables.
 */
export function dkimSettingsFrom(env: DkimEnv): DkimEnvSettings | undefined {
  const privateKey = env.DKIM_PRIVATE_KEY ?? env.DKIM_PRIVATE_KEY_FILE;
  if (!env.DKIM_DOMAIN && !env.DKIM_SELECTOR && !privateKey) return undefined;
  const issues: { variable: string; message: string }[] = [];
  if (env.DKIM_PRIVATE_KEY && env.DKIM_PRIVATE_KEY_FILE) {
    issues.push({
      variable: 'DKIM_PRIVATE_KEY',
      message: 'set only one of DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE',
    });
  }
  const missing = 'required when any DKIM variable is set';
  if (!env.DKIM_DOMAIN) issues.push({ variable: 'DKIM_DOMAIN', message: missing });
  if (!env.DKIM_SELECTOR) issues.push({ variable: 'DKIM_SELECTOR', message: missing });
  if (!privateKey) issues.push({ variable: 'DKIM_PRIVATE_KEY_FILE', message: `${missing} (or DKIM_PRIVATE_KEY)` });
  if (issues.length || !env.DKIM_DOMAIN || !env.DKIM_SELECTOR || !privateKey) throw new EnvError(issues);
  return { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey };
}
