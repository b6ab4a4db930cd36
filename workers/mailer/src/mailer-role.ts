import { assertProductionMailSettings, type PipelineEnv } from '@alerts/config';
import type { Db } from '@alerts/db';
import type { ReaderClock } from '@alerts/composition';
import { createDeliveryDeps, type DeliverDeps } from '@alerts/delivery';
import type { Runtime } from '@alerts/runtime';
import { deliveryConfigFrom, mailTransportOptionsFrom, rendererOptionsFrom } from './delivery-options';
import { startSenderThread } from './sender-thread/start-sender-thread';
import { startMailer } from './start-mailer';

/**
 * Database connections of a mailer's main thread: one per concurrent delivery plus one for digest fan-out. The
 * subscriber locks (one per concurrent delivery) and the sender thread (likewise) have pools of their own.
 */
export const mailerDbPoolSize = (env: Pick<PipelineEnv, 'MAILER_CONCURRENCY'>) => env.MAILER_CONCURRENCY + 1;

/**
 * What the mailer's own pools call their connections (application_name); its main thread's Prisma pool is the
 * process's ("alerts-mailer", from its runtime). In pg_stat_activity, and in bench:pipeline's PostgreSQL CPU by pool.
 */
const MAILER_CONNECTIONS = { sender: 'alerts-mailer-sender', locks: 'alerts-mailer-locks' } as const;

/**
 * What `deliver` needs, sending from the sender thread (see sender-thread-main.ts): rendering on this thread can
 * then never delay the commit after the SMTP server has accepted a message. The mailer and `alerts run-once` use it.
 * `clock`: demo mode's stated clock (`alerts start`); default the live one.
 */
export async function createMailerDelivery(
  db: Db,
  env: PipelineEnv,
  options: { clock?: ReaderClock } = {},
): Promise<{
  delivery: DeliverDeps;
  /** Sentences to warn with: settings the sender thread's connections asked for and did not get. */
  warnings: string[];
  close(): Promise<void>;
}> {
  // The dev mailbox writes every email, manage links included, to a local folder: never what production wants.
  if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
    throw new Error(
      'SMTP_URL is not set: in production the mailer sends through a real SMTP server (the dev mailbox is for development only).',
    );
  }
  // Likewise localhost From, Message-IDs and links: every email would carry them.
  assertProductionMailSettings(env);
  const sender = await startSenderThread({
    transport: mailTransportOptionsFrom(env),
    databaseUrl: env.DATABASE_URL,
    poolSize: env.MAILER_CONCURRENCY,
    applicationName: MAILER_CONNECTIONS.sender,
  });
  const delivery = await createDeliveryDeps(db, {
    config: { ...deliveryConfigFrom(env), ...(options.clock ? { clock: options.clock } : {}) },
    locks: {
      databaseUrl: env.DATABASE_URL,
      connections: env.MAILER_CONCURRENCY,
      applicationName: MAILER_CONNECTIONS.locks,
    },
    render: rendererOptionsFrom(env),
    sending: { sendAndRecord: sender.sendAndRecord },
  });
  return {
    delivery,
    warnings: sender.warnings,
    close: async () => {
      await delivery.close();
      await sender.close();
    },
  };
}

/** The mailer role on a process's runtime: what `npm start -w @alerts/mailer` and `alerts start` both run. */
export async function startMailerRole(runtime: Runtime, env: PipelineEnv, options: { clock?: ReaderClock } = {}) {
  const sending = await createMailerDelivery(runtime.db, env, options);
  for (const warning of sending.warnings) runtime.logger.warn(warning);
  const mailer = startMailer({
    ...runtime,
    connection: runtime.redis,
    delivery: sending.delivery,
    concurrency: env.MAILER_CONCURRENCY,
    ratePerSecond: env.MAILER_RATE_PER_SECOND,
    lockMs: env.MAILER_LOCK_MS,
    leaseMs: env.RECONCILE_LEASE_SECONDS * 1000,
  });
  return {
    close: async () => {
      await mailer.close();
      await sending.close();
    },
  };
}
