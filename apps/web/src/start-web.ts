import type { Runtime } from '@alerts/runtime';
import type { ReaderClock } from '@alerts/composition';
import { expireUnconfirmedSignups, parseAllowHosts } from '@alerts/subscriptions';
import { createTokenSigner } from '@alerts/tokens';
import { softBouncePolicyFrom, tokenSecretFrom } from '@alerts/config';
import { buildApp } from './app';
import { adminSessionSecretFrom, devMailboxDirFrom, type WebEnv } from './env';
import { createSnsCertificates } from './webhooks/sns-certificates';

export type StartWebEnv = Pick<
  WebEnv,
  | 'NODE_ENV'
  | 'PUBLIC_BASE_URL'
  | 'TOKEN_SECRET'
  | 'SMTP_URL'
  | 'DEV_MAILBOX_DIR'
  | 'DEV_MAILBOX_WEB'
  | 'ADMIN_SESSION_SECRET'
  | 'PORT'
  | 'HOST'
  | 'TRUST_PROXY'
  | 'METRICS_TOKEN'
  | 'SES_SNS_TOPIC_ARNS'
  | 'SES_SNS_CERT_FILE'
  | 'SES_SNS_AUTO_CONFIRM'
  | 'SES_WEBHOOK_SECRET'
  | 'SOFT_BOUNCE_LIMIT'
  | 'SOFT_BOUNCE_MIN_SPAN_HOURS'
  | 'SOFT_BOUNCE_WINDOW_DAYS'
  | 'WEBHOOK_ALLOW_HOSTS'
>;

/** How often the web app deletes expired unconfirmed sign-ups (also once at start). */
const EXPIRY_SWEEP_MS = 3600 * 1000;

/**
 * Build the app on an existing runtime's connections and listen on env.PORT. Used by main.ts and by
 * `alerts start`, which runs the web app beside the workers (and in demo mode passes its stated `clock`).
 * `close()` stops listening and the expiry sweep; the runtime is the caller's.
 */
export async function startWeb(options: {
  runtime: Pick<Runtime, 'db' | 'redis' | 'queues' | 'logger'>;
  env: StartWebEnv;
  clock?: ReaderClock;
}) {
  const { runtime, env } = options;
  const app = await buildApp({
    ...(options.clock ? { clock: options.clock } : {}),
    db: runtime.db,
    redis: runtime.redis,
    queues: runtime.queues,
    logger: runtime.logger,
    signer: createTokenSigner(tokenSecretFrom(env)),
    config: {
      baseUrl: env.PUBLIC_BASE_URL,
      devMailboxDir: devMailboxDirFrom(env),
      sessionSecret: adminSessionSecretFrom(env),
      secureCookies: env.PUBLIC_BASE_URL.startsWith('https://'),
      trustProxy: env.TRUST_PROXY,
      metricsToken: env.METRICS_TOKEN ?? null,
      webhooks: { allowHosts: parseAllowHosts(env.WEBHOOK_ALLOW_HOSTS) },
      ses: {
        topicArns: env.SES_SNS_TOPIC_ARNS,
        secret: env.SES_WEBHOOK_SECRET ?? null,
        autoConfirm: env.SES_SNS_AUTO_CONFIRM,
        // One cache for the process's life: SNS signs with a handful of certificates.
        certificateFor: createSnsCertificates({ trustedFile: env.SES_SNS_CERT_FILE ?? null, cache: new Map() }),
        softBouncePolicy: softBouncePolicyFrom(env),
      },
    },
  });
  // The web app takes the sign-ups, so it also removes the ones never confirmed. Idempotent: several web processes
  // sweeping at once delete each row once.
  const sweep = async () => {
    try {
      const expired = await expireUnconfirmedSignups(runtime.db);
      if (expired.subscriptions || expired.subscribers) runtime.logger.info(expired, 'expired unconfirmed sign-ups');
    } catch (error) {
      runtime.logger.error({ err: error }, 'could not expire unconfirmed sign-ups');
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep(), EXPIRY_SWEEP_MS);
  timer.unref();
  const address = await app.listen({ port: env.PORT, host: env.HOST });
  return {
    app,
    address,
    close: async () => {
      clearInterval(timer);
      await app.close();
    },
  };
}
