import type { Db } from '@alerts/db';
import type { Logger } from '@alerts/logger';
import type { Queues, RedisConnection } from '@alerts/queue';
import type { TokenSigner } from '@alerts/tokens';

/** Limits per client IP (and per address for signups). Tests lower them to see a 429. */
export interface RateLimits {
  /** Signup form posts per IP per minute. Default 10. */
  signupPerMinute: number;
  /** Searches per IP per minute. Default 60. */
  searchPerMinute: number;
  /** Unconfirmed alerts one address may collect per hour; more are silently dropped (no enumeration). Default 5. */
  pendingPerAddressPerHour: number;
  /** Admin login attempts per IP per 15 minutes. Default 10. */
  loginPer15Minutes: number;
}

export interface WebConfig {
  /** Public address, e.g. http://localhost:3000 (links in emails and the feed). */
  baseUrl: string;
  /** The dev mailbox folder when that transport is active; null (SMTP) hides /dev/mailbox. */
  devMailboxDir: string | null;
  /** Signs admin session cookies (at least 32 characters). */
  sessionSecret: string;
  /** Mark cookies Secure (https deployments). */
  secureCookies: boolean;
  trustProxy?: boolean;
  /** Largest request body in bytes. Default 16 KiB: our forms are small. */
  bodyLimit?: number;
  rateLimits?: Partial<RateLimits>;
}

/** Everything the app needs, built by the caller (main.ts, the CLI's `start`, or a test). */
export interface AppDeps {
  db: Db;
  redis: RedisConnection;
  queues: Queues;
  signer: TokenSigner;
  logger?: Logger;
  config: WebConfig;
  /** Injectable clock for the 30-day preview and tokens. */
  now?: () => Date;
}
