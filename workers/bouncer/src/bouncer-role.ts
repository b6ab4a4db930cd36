import { softBouncePolicyFrom } from '@alerts/config';
import { recordBounceReports } from '@alerts/delivery';
import type { Runtime } from '@alerts/runtime';
import type { BouncerEnv } from './env';
import { startBouncer } from './start-bouncer';

export type BouncerRoleEnv = Pick<
  BouncerEnv,
  | 'MAIL_ENVELOPE_FROM'
  | 'MAIL_FROM_ADDRESS'
  | 'BOUNCE_SMTP_HOST'
  | 'BOUNCE_SMTP_PORT'
  | 'BOUNCE_SMTP_MAX_BYTES'
  | 'SOFT_BOUNCE_LIMIT'
  | 'SOFT_BOUNCE_MIN_SPAN_HOURS'
  | 'SOFT_BOUNCE_WINDOW_DAYS'
>;

/** The bouncer role on a process's runtime: what `npm start -w @alerts/bouncer` and `alerts start` both run. */
export async function startBouncerRole(runtime: Pick<Runtime, 'db' | 'logger'>, env: BouncerRoleEnv) {
  const policy = softBouncePolicyFrom(env);
  const bouncer = await startBouncer({
    // The address the mailer puts in MAIL FROM: bounces come back to it.
    returnAddress: env.MAIL_ENVELOPE_FROM ?? env.MAIL_FROM_ADDRESS,
    host: env.BOUNCE_SMTP_HOST,
    port: env.BOUNCE_SMTP_PORT,
    maxBytes: env.BOUNCE_SMTP_MAX_BYTES,
    record: (reports) => recordBounceReports(runtime.db, reports, { policy }),
    logger: runtime.logger,
  });
  runtime.logger.info({ address: bouncer.address }, 'bouncer listening');
  return bouncer;
}
