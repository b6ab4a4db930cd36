import type { Db } from '@alerts/db';
import type { Logger } from '@alerts/logger';
import { LIVE_CLOCK, type ReaderClock } from '@alerts/composition';
import type { WebhookEndpointPolicy } from '@alerts/subscriptions';
import type { Queues, RedisConnection } from '@alerts/queue';
import type { TokenSigner } from '@alerts/tokens';
import type { SesWebhookConfig } from './webhooks/ses-webhook';

/** Limits per client IP (and per address for signups). Tests lower them to see a 429. */
export interface RateLimits {
  /** Signup form posts per IP per minute. Default 10. */
  signupPerMinute: number;
  /** Searches per IP per minute, and previews on /alerts/new?q= (they run the same scan). Default 60. */
  searchPerMinute: number;
  /**
   * Unconfirmed alerts one mailbox may collect per hour (plus-addresses count with their base); more are silently
   * not stored and get no email (no enumeration). Each stored one sends one confirmation email. Default 5.
   */
  pendingPerAddressPerHour: number;
  /** Admin login attempts per IP per 15 minutes. Default 10. (Per account: see admin/lockout.ts.) */
  loginPer15Minutes: number;
  /** "Email me my manage link" form posts per IP per hour, whatever the address. Default 10. */
  manageLinkPerIpPerHour: number;
  /**
   * Manage-link emails one mailbox may get per hour (plus-addresses count with their base); more requests are
   * silently not recorded and send nothing (the answer is the same). Default 3.
   */
  manageLinksPerAddressPerHour: number;
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
  /**
   * Which proxies to believe about the client's address (Fastify's `trustProxy`): a hop count, or the proxies'
   * addresses or CIDR ranges. Default false. Never `true`: every client could then choose its own address.
   */
  trustProxy?: false | number | string[];
  /** Bearer token for /metrics; null or unset: /metrics answers only direct loopback requests. */
  metricsToken?: string | null;
  /**
   * Seconds without a heartbeat after which a worker instance counts as stale (dashboard and /metrics). Default 60
   * (HEARTBEAT_STALE_AFTER_SECONDS); tests shorten it.
   */
  workerStaleAfterSeconds?: number;
  /** Largest request body in bytes. Default 16 KiB: our forms are small. */
  bodyLimit?: number;
  rateLimits?: Partial<RateLimits>;
  /**
   * Where a subscriber's alert webhook may point (sign-up and manage forms): the hosts WEBHOOK_ALLOW_HOSTS allows
   * despite being private or loopback. Unset: none (public HTTPS endpoints only).
   */
  webhooks?: WebhookEndpointPolicy;
  /** The Amazon SES webhook (/webhooks/ses…). Unset: its routes answer 404. */
  ses?: SesWebhookConfig;
}

/** Everything the app needs, built by the caller (main.ts, the CLI's `start`, or a test). */
export interface AppDeps {
  db: Db;
  redis: RedisConnection;
  queues: Queues;
  signer: TokenSigner;
  logger?: Logger;
  config: WebConfig;
  /** Injectable machine clock: tokens and admin sessions. */
  now?: () => Date;
  /**
   * What "now" means on pages: the alert preview's window, whether a question is overdue, and (demo mode) the banner
   * stating the demo's clock. Default LIVE_CLOCK; `alerts start` passes demo mode's stated clock.
   */
  clock?: ReaderClock;
}

/** The reader's clock of these dependencies (see AppDeps.clock). */
export const readerClock = (deps: Pick<AppDeps, 'clock'>): ReaderClock => deps.clock ?? LIVE_CLOCK;

/** The alert-webhook policy of these dependencies (see WebConfig.webhooks). */
export const webhookPolicy = (deps: Pick<AppDeps, 'config'>): WebhookEndpointPolicy =>
  deps.config.webhooks ?? { allowHosts: new Set() };
