import { tokenSecretFrom, type PipelineEnv } from '@alerts/config';
import type { Db } from '@alerts/db';
import { createMailTransport, createRenderer, type MailTransport, type MailTransportOptions } from '@alerts/email';
import { createTokenSigner } from '@alerts/tokens';
import type { DeliverDeps } from './deliver';
import type { DeliveryConfig } from './pipeline-config';
import { createQuestionCardsCache } from './question-cards-cache';

/** Delivery settings from a parsed pipeline environment. */
export function deliveryConfigFrom(env: PipelineEnv): DeliveryConfig {
  return {
    baseUrl: env.PUBLIC_BASE_URL,
    from: { name: env.MAIL_FROM_NAME, address: env.MAIL_FROM_ADDRESS },
    ...(env.MAIL_ENVELOPE_FROM ? { envelopeFrom: env.MAIL_ENVELOPE_FROM } : {}),
    ...(env.UNSUBSCRIBE_MAILTO ? { unsubscribeMailto: env.UNSUBSCRIBE_MAILTO.startsWith('mailto:') ? env.UNSUBSCRIBE_MAILTO : `mailto:${env.UNSUBSCRIBE_MAILTO}` } : {}),
    messageIdDomain: env.MESSAGE_ID_DOMAIN,
    maxCardsPerAlert: env.MAX_CARDS_PER_ALERT,
    signer: createTokenSigner(tokenSecretFrom(env)),
  };
}

/** SMTP when SMTP_URL is set, otherwise the dev mailbox; one connection per concurrent job. */
export function mailTransportOptionsFrom(env: PipelineEnv): MailTransportOptions {
  return {
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    devMailboxDir: env.DEV_MAILBOX_DIR,
    // The send rate is governed by the queue's limiter (MAILER_RATE_PER_SECOND, global across mailers), so the
    // transport's own per-process cap matches it.
    maxConnections: env.MAILER_CONCURRENCY,
    maxMessagesPerSecond: env.MAILER_RATE_PER_SECOND,
  };
}

/** Everything `deliver` needs: SMTP when SMTP_URL is set, otherwise the dev mailbox. */
export async function createDeliveryDeps(db: Db, env: PipelineEnv, transport?: MailTransport): Promise<DeliverDeps> {
  return {
    db,
    transport: transport ?? createMailTransport(mailTransportOptionsFrom(env)),
    // Compiles every MJML template once, here; each email after that is a fill.
    renderer: await createRenderer({ maxCardsPerAlert: env.MAX_CARDS_PER_ALERT }),
    config: deliveryConfigFrom(env),
    cards: createQuestionCardsCache(db),
  };
}
