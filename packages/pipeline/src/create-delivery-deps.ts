import { parseAllowHosts } from './webhooks/endpoint';
import { dkimSettingsFrom, tokenSecretFrom, type PipelineEnv } from '@alerts/config';
import { sqlPoolOf, type Db } from '@alerts/db';
import { createMailTransport, createRenderer, type MailTransport, type MailTransportOptions } from '@alerts/email';
import { createTokenSigner } from '@alerts/tokens';
import type { DeliverDeps } from './deliver';
import type { DeliveryConfig } from './pipeline-config';
import type { DeliveryRetryPolicy } from './delivery-ledger';
import type { ReaderClock } from './demo-clock';
import { createQuestionCardsCache } from './question-cards-cache';
import { createSendAndRecord, type SendAndRecord } from './send-and-record';
import { createSubscriberLocks } from './subscriber-locks';

/** What `deliver` needs, and how to release what was opened for it. */
export interface DeliveryDeps extends DeliverDeps {
  /** Close the subscriber locks' connections and the mail transport it sends through (none when `sendAndRecord` was given: its owner closes that). */
  close(): Promise<void>;
}

/** Delivery settings from a parsed pipeline environment. */
export function deliveryConfigFrom(env: PipelineEnv): DeliveryConfig {
  return {
    baseUrl: env.PUBLIC_BASE_URL,
    from: { name: env.MAIL_FROM_NAME, address: env.MAIL_FROM_ADDRESS },
    ...(env.MAIL_ENVELOPE_FROM ? { envelopeFrom: env.MAIL_ENVELOPE_FROM } : {}),
    ...(env.UNSUBSCRIBE_MAILTO ? { unsubscribeMailto: env.UNSUBSCRIBE_MAILTO.startsWith('mailto:') ? env.UNSUBSCRIBE_MAILTO : `mailto:${env.UNSUBSCRIBE_MAILTO}` } : {}),
    messageIdDomain: env.MESSAGE_ID_DOMAIN,
    signer: createTokenSigner(tokenSecretFrom(env)),
    retry: retryPolicyFrom(env),
    webhooks: { allowHosts: parseAllowHosts(env.WEBHOOK_ALLOW_HOSTS), timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000, disableAfterMs: env.WEBHOOK_DISABLE_AFTER_HOURS * 3600_000 },
  };
}

/** When failed sends are retried and given up, from a parsed pipeline environment. */
export function retryPolicyFrom(env: PipelineEnv): DeliveryRetryPolicy {
  return {
    firstDelayMs: env.DELIVERY_RETRY_FIRST_SECONDS * 1000,
    maxDelayMs: env.DELIVERY_RETRY_MAX_SECONDS * 1000,
    giveUpAfterMs: env.DELIVERY_GIVE_UP_HOURS * 3600_000,
  };
}

/**
 * SMTP when SMTP_URL is set, otherwise the dev mailbox; one connection per concurrent job; DKIM-signed when the
 * DKIM variables are set.
 *
 * @throws EnvError when only some of the DKIM variables are set.
 */
export function mailTransportOptionsFrom(env: PipelineEnv): MailTransportOptions {
  const dkim = dkimSettingsFrom(env);
  return {
    ...(dkim ? { dkim } : {}),
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    devMailboxDir: env.DEV_MAILBOX_DIR,
    // The send rate is governed by the queue's limiter (MAILER_RATE_PER_SECOND, global across mailers), so the
    // transport's own per-process cap matches it.
    maxConnections: env.MAILER_CONCURRENCY,
    maxMessagesPerSecond: env.MAILER_RATE_PER_SECOND,
  };
}

/**
 * Everything `deliver` needs. Sending: `sendAndRecord` when given (the mailer's sender thread); otherwise `transport`,
 * or one made from the environment (SMTP when SMTP_URL is set, else the dev mailbox), recording on `db`'s pool.
 * `clock`: demo mode's stated clock (`alerts start`); default the live one.
 */
export async function createDeliveryDeps(
  db: Db,
  env: PipelineEnv,
  sending: { transport?: MailTransport; sendAndRecord?: SendAndRecord; clock?: ReaderClock } = {},
): Promise<DeliveryDeps> {
  let transport: MailTransport | undefined;
  let sendAndRecord = sending.sendAndRecord;
  if (!sendAndRecord) {
    transport = sending.transport ?? createMailTransport(mailTransportOptionsFrom(env));
    sendAndRecord = createSendAndRecord(transport, sqlPoolOf(db));
  }
  const locks = createSubscriberLocks({ databaseUrl: env.DATABASE_URL, connections: env.MAILER_CONCURRENCY });
  return {
    db,
    sendAndRecord,
    locks,
    // Compiles every MJML template once, here; each email after that is a fill.
    renderer: await createRenderer({ ...(env.MAX_CARDS_PER_ALERT ? { maxCardsPerAlert: env.MAX_CARDS_PER_ALERT } : {}), ...(env.EMAIL_HTML_BUDGET_BYTES ? { htmlBudgetBytes: env.EMAIL_HTML_BUDGET_BYTES } : {}) }),
    config: { ...deliveryConfigFrom(env), ...(sending.clock ? { clock: sending.clock } : {}) },
    cards: createQuestionCardsCache(db),
    close: async () => {
      await locks.close();
      await transport?.close();
    },
  };
}
