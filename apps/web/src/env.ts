import { bounceEnvShape, logLevel, parseEnv, pipelineEnvShape, port } from '@alerts/config';
import { z } from 'zod';

/** Used only outside production so a fresh clone works; production must set ADMIN_SESSION_SECRET. */
const DEV_ADMIN_SESSION_SECRET = 'dev-only-insecure-admin-session-secret-change-me';

const schema = z.object({
  ...pipelineEnvShape,
  ...bounceEnvShape,
  PORT: port.default(3000),
  /** 0.0.0.0 in containers; the default keeps a dev machine's app off the network. */
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: logLevel,
  /** Signs admin session cookies; at least 32 characters of randomness. */
  ADMIN_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Behind a reverse proxy: how many proxy hops to trust (`1` for one proxy in front), or the proxies' addresses or
   * CIDR ranges, comma-separated. Rate limits then see the client's address from X-Forwarded-For, read from the
   * right so a client cannot choose it. `true` (trust every hop) is refused: any client could then pick its address.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx): false | number | string[] => {
      const text = value.trim().toLowerCase();
      if (text === '' || text === 'false' || text === '0') return false;
      if (/^\d+$/.test(text)) return Number(text);
      if (text === 'true') {
        ctx.addIssue({
          code: 'custom',
          message: "give the number of proxy hops to trust (e.g. 1) or the proxies' addresses, not true",
        });
        return z.NEVER;
      }
      const list = text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      if (
        !list.every(
          (part) =>
            /^[0-9a-f.:]+(\/\d{1,3})?$/.test(part) ||
            part === 'loopback' ||
            part === 'linklocal' ||
            part === 'uniquelocal',
        )
      ) {
        ctx.addIssue({ code: 'custom', message: 'a hop count, or comma-separated IP addresses or CIDR ranges' });
        return z.NEVER;
      }
      return list;
    }),
  /** Serve /dev/mailbox in production too (only for a demo: it shows every email, manage links included). */
  DEV_MAILBOX_WEB: z.stringbool().default(false),
  /** Bearer token for /metrics. Unset: /metrics answers only direct requests from this machine (loopback). */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * The SES webhook's signed route, POST /webhooks/ses: the SNS topics (ARNs, comma-separated) whose messages it
   * takes, each verified against SNS's signing certificate. Unset: that route is off.
   */
  SES_SNS_TOPIC_ARNS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((arn) => arn.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/,
            'must be SNS topic ARNs such as arn:aws:sns:eu-west-2:123456789012:ses-feedback',
          ),
      ),
    ),
  /** A PEM certificate trusted for every SigningCertURL instead of fetching SNS's (tests; pinning). */
  SES_SNS_CERT_FILE: z.string().optional(),
  /** Fetch an SNS SubscribeURL when a verified SubscriptionConfirmation arrives; off: an admin opens it. */
  SES_SNS_AUTO_CONFIRM: z.stringbool().default(false),
  /** The secret of POST /webhooks/ses/<secret>, for senders that cannot sign (raw SES events). Unset: that route is off. */
  SES_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,}$/, 'at least 32 letters, digits, - or _ (it goes in a URL)')
    .optional(),
});

export type WebEnv = z.infer<typeof schema>;

/** Parse the web app's environment once, at the edge (STYLE.md §7). */
export function loadWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  return parseEnv(schema, source);
}

/**
 * The dev mailbox folder the web app may show, or null. Never with SMTP; in production only when DEV_MAILBOX_WEB is
 * set, because the mailbox holds every subscriber's manage links.
 */
export function devMailboxDirFrom(
  env: Pick<WebEnv, 'NODE_ENV' | 'SMTP_URL' | 'DEV_MAILBOX_DIR' | 'DEV_MAILBOX_WEB'>,
): string | null {
  if (env.SMTP_URL) return null;
  if (env.NODE_ENV === 'production' && !env.DEV_MAILBOX_WEB) return null;
  return env.DEV_MAILBOX_DIR;
}

export function adminSessionSecretFrom(env: Pick<WebEnv, 'NODE_ENV' | 'ADMIN_SESSION_SECRET'>): string {
  if (env.ADMIN_SESSION_SECRET) return env.ADMIN_SESSION_SECRET;
  if (env.NODE_ENV === 'production')
    throw new Error('ADMIN_SESSION_SECRET: required in production (at least 32 random characters)');
  return DEV_ADMIN_SESSION_SECRET;
}
