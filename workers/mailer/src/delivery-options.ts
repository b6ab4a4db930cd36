import { dkimSettingsFrom, tokenSecretFrom, type PipelineEnv } from '@alerts/config';
import type { DeliveryConfig, DeliveryRetryPolicy } from '@alerts/delivery';
import type { MailTransportOptions, RendererOptions } from '@alerts/email';
import { parseAllowHosts } from '@alerts/subscriptions';
import { createTokenSigner } from '@alerts/tokens';

// The mailer's edge: the parsed environment mapped to the options @alerts/delivery and @alerts/email take. Library
// packages never see the environment.

/** Delivery settings from a parsed pipeline environment. */
export function deliveryConfigFrom(env: PipelineEnv): DeliveryConfig {
  return {
    baseUrl: env.PUBLIC_BASE_URL,
    from: { name: env.MAIL_FROM_NAME, address: env.MAIL_FROM_ADDRESS },
    ...(env.MAIL_ENVELOPE_FROM ? { envelopeFrom: env.MAIL_ENVELOPE_FROM } : {}),
    ...(env.UNSUBSCRIBE_MAILTO
      ? {
          unsubscribeMailto: env.UNSUBSCRIBE_MAILTO.startsWith('mailto:')
            ? env.UNSUBSCRIBE_MAILTO
            : `mailto:${env.UNSUBSCRIBE_MAILTO}`,
        }
      : {}),
    messageIdDomain: env.MESSAGE_ID_DOMAIN,
    signer: createTokenSigner(tokenSecretFrom(env)),
    retry: retryPolicyFrom(env),
    webhooks: {
      allowHosts: parseAllowHosts(env.WEBHOOK_ALLOW_HOSTS),
      timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
      disableAfterMs: env.WEBHOOK_DISABLE_AFTER_HOURS * 3600_000,
    },
  };
}

/** When failed sends are retried and given up, from a parsed pipeline environment. */
function retryPolicyFrom(env: PipelineEnv): DeliveryRetryPolicy {
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

/** The renderer's limits, when the environment sets them. */
export function rendererOptionsFrom(env: PipelineEnv): RendererOptions {
  return {
    ...(env.MAX_CARDS_PER_ALERT ? { maxCardsPerAlert: env.MAX_CARDS_PER_ALERT } : {}),
    ...(env.EMAIL_HTML_BUDGET_BYTES ? { htmlBudgetBytes: env.EMAIL_HTML_BUDGET_BYTES } : {}),
  };
}
