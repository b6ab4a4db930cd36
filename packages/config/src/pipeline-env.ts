import { z } from 'zod';
import { dkimEnvShape } from './dkim-env';
import { databaseUrl, redisUrl } from './schemas';

/** Used only outside production, so a fresh clone works; production must set TOKEN_SECRET. */
const DEV_TOKEN_SECRET = 'dev-only-insecure-token-secret-change-me-in-production';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The variables of every process that runs part of the pipeline (workers, scheduler, CLI, web app). Each process's
 * env.ts spreads the shape it needs and adds its own.
 */
export const pipelineEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  /**
   * Seed nodes of a Redis Cluster, comma-separated `host:port` (credentials and TLS come from REDIS_URL). Unset: the
   * one Redis at REDIS_URL. With it, QUEUE_PREFIX needs a hash tag such as `{alerts}`.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((node) => node.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(rediss?:\/\/)?[\w.-]+:\d{1,5}$/, 'must be comma-separated host:port pairs'))),
  /** Public address of the web app: links in emails point here. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://alerts.example.org' })
    .default('http://localhost:3000')
    .transform((url) => url.replace(/\/+$/, '')),
  MAIL_FROM_ADDRESS: z.email({ error: 'must be an email address' }).default('alerts@localhost.localdomain'),
  MAIL_FROM_NAME: z.string().default('Parliament Alerts'),
  /** Bounce address; `{recipient}` becomes the VERP-encoded recipient, e.g. bounces+{recipient}@example.org. */
  MAIL_ENVELOPE_FROM: z.string().optional(),
  UNSUBSCRIBE_MAILTO: z.string().optional(),
  MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name')
    .default('localhost.localdomain'),
  /**
   * For a local rehearsal of the production topology only (infra/docker-compose.scale.yml): lets a production mailer
   * start with a local From, Message-ID domain and base URL, which it otherwise refuses (assertProductionMailSettings).
   */
  ALLOW_LOCAL_MAIL_SETTINGS: z.stringbool().default(false),
  /** smtp://user:pass@host:587. Unset: the dev mailbox (DEV_MAILBOX_DIR), which the web app shows at /dev/mailbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  DEV_MAILBOX_DIR: z.string().default('.dev-mailbox'),
  /** At least 32 characters of randomness; signs the links in emails. */
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Cards per alert in a digest before "See all N on the web"; unset: the renderer's own (createRenderer of @alerts/email, 10). */
  MAX_CARDS_PER_ALERT: z.coerce.number().int().positive().optional(),
  /**
   * Most bytes of HTML in one email; unset: HTML_BUDGET_BYTES of @alerts/email (100,000, under Gmail's clipping at
   * about 102 KB). A digest over it shows as many cards as fit and links to the rest. Tests that read every match
   * back from the emails raise it; a deployment has no reason to.
   */
  EMAIL_HTML_BUDGET_BYTES: z.coerce.number().int().min(20_000).optional(),
  /** Match jobs per event range: one per partition of the subscriptions, shared by however many match workers run. */
  MATCH_PARTITIONS: positiveInt(4),
  MAILER_CONCURRENCY: positiveInt(5),
  /** Emails per second across all mailer workers (BullMQ limiter). */
  MAILER_RATE_PER_SECOND: positiveInt(50),
  /**
   * How long a mailer's claim on a job lasts without renewal. A worker that dies (SIGKILL, lost machine) leaves its
   * jobs to others after this long. Default 30 s.
   */
  MAILER_LOCK_MS: positiveInt(30_000),
  /** The same for a match worker: a dead matcher's job goes to another about this long after it died. Default 30 s. */
  MATCHER_LOCK_MS: positiveInt(30_000),
  /**
   * The ingester's sweep, on every tick, enqueues a delivery for IMMEDIATE matches still unsent this long after they
   * were inserted (a matcher that died before announcing them, a delivery that failed for good). Default 60 s.
   */
  IMMEDIATE_SWEEP_GRACE_SECONDS: positiveInt(60),
  /**
   * How long the reconciler trusts a job it (or anyone) queued to still be in Redis before it looks again: owed work
   * whose job is gone (Redis restarted empty) is handed out again at most this long after it was queued. Default 2 min.
   */
  RECONCILE_LEASE_SECONDS: positiveInt(120),
  /** The wait before retrying a failed send; doubled after each further failure, up to DELIVERY_RETRY_MAX_SECONDS. */
  DELIVERY_RETRY_FIRST_SECONDS: positiveInt(60),
  DELIVERY_RETRY_MAX_SECONDS: positiveInt(1800),
  /** A delivery still failing this long after it was owed is marked FAILED and shown to admins. Default 72 h. */
  DELIVERY_GIVE_UP_HOURS: z.coerce.number().positive().default(72),
  /**
   * Hosts a webhook may reach although they are private or loopback, and over plain http: comma-separated names or
   * addresses (an operator's own receiver). Empty by default: webhooks go to public HTTPS endpoints only.
   */
  WEBHOOK_ALLOW_HOSTS: z.string().default(''),
  /** How long one webhook POST may take, connection to last byte. Default 10 s. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  /** A webhook failing this long (every POST since) is disabled and its subscriber told by email. Default 24 h. */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().positive().default(24),
  /**
   * Seconds between a worker role's heartbeats (its WorkerHeartbeat row in PostgreSQL). Default 15; at most 20, so a
   * live instance beats at least three times within the 60 s after which the admin dashboard calls it stale.
   * Fractions are allowed (tests beat every quarter second).
   */
  HEARTBEAT_INTERVAL_SECONDS: z.coerce
    .number()
    .positive()
    .max(20, 'at most 20: the dashboard calls an instance stale after 60 s without a beat')
    .default(15),
  /**
   * Redis key prefix of every queue; separate deployments (or tests) sharing a Redis use different ones. WARNING:
   * changing it strands the jobs queued under the old one. On a Redis Cluster it needs a hash tag: `{alerts}`.
   */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w{}-]+$/, 'letters, digits, -, _ and a {hash tag} only')
    .default('bull'),
  /** DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY(_FILE): see dkim-env.ts; combined by `dkimSettingsFrom`. */
  ...dkimEnvShape,
};

/** The token secret to use: TOKEN_SECRET, or the dev default outside production. */
export function tokenSecretFrom(env: { NODE_ENV: string; TOKEN_SECRET?: string | undefined }): string {
  if (env.TOKEN_SECRET) return env.TOKEN_SECRET;
  if (env.NODE_ENV === 'production')
    throw new Error('TOKEN_SECRET: required in production (at least 32 random characters)');
  return DEV_TOKEN_SECRET;
}

export type PipelineEnv = z.infer<z.ZodObject<typeof pipelineEnvShape>>;
