import { EnvError } from './parse-env';

const LOCAL_HOST = /^(?:localhost|localhost\.localdomain|[^.]+\.localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|0\.0\.0\.0)$/i;
const LOCAL_DOMAIN = /(?:^|\.)(?:localhost|localdomain|local|test|example|invalid)$/i;

/** Whether mail to or from this host name could never work on the internet. */
function isLocalHost(host: string): boolean {
  return LOCAL_HOST.test(host) || LOCAL_DOMAIN.test(host);
}

/** The mail settings a production process must set for itself (their defaults are localhost). */
export interface ProductionMailEnv {
  NODE_ENV: string;
  MAIL_FROM_ADDRESS: string;
  MESSAGE_ID_DOMAIN: string;
  PUBLIC_BASE_URL: string;
  /** The explicit opt-out for a local rehearsal of production (see pipeline-env.ts). */
  ALLOW_LOCAL_MAIL_SETTINGS?: boolean;
}

/**
 * Refuse, in production, the localhost defaults that would otherwise go out in every email: a From address no
 * receiver can verify, Message-IDs of `localhost.localdomain`, and links that lead nowhere. Outside production
 * the defaults stand, so a fresh clone works; `ALLOW_LOCAL_MAIL_SETTINGS=true` lets a local rehearsal of production
 * through.
 *
 * @throws EnvError naming each variable still at a local value.
 */
export function assertProductionMailSettings(env: ProductionMailEnv): void {
  if (env.NODE_ENV !== 'production' || env.ALLOW_LOCAL_MAIL_SETTINGS) return;
  const issues: { variable: string; message: string }[] = [];
  const fromDomain = env.MAIL_FROM_ADDRESS.slice(env.MAIL_FROM_ADDRESS.lastIndexOf('@') + 1);
  if (isLocalHost(fromDomain)) {
    issues.push({
      variable: 'MAIL_FROM_ADDRESS',
      message: `is ${env.MAIL_FROM_ADDRESS}; in production set an address on your own domain`,
    });
  }
  if (isLocalHost(env.MESSAGE_ID_DOMAIN)) {
    issues.push({
      variable: 'MESSAGE_ID_DOMAIN',
      message: `is ${env.MESSAGE_ID_DOMAIN}; in production set your own domain`,
    });
  }
  const baseHost = new URL(env.PUBLIC_BASE_URL).hostname;
  if (isLocalHost(baseHost)) {
    issues.push({
      variable: 'PUBLIC_BASE_URL',
      message: `is ${env.PUBLIC_BASE_URL}; in production set the public address of the web app (links in emails point there)`,
    });
  }
  if (issues.length) throw new EnvError(issues);
}
