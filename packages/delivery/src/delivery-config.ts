import type { TokenSigner } from '@alerts/tokens';
import type { DeliveryRetryPolicy } from './delivery-ledger';
import type { ReaderClock } from '@alerts/composition';

/** What delivering email needs to know about the deployment; built from env at each process's edge. */
export interface DeliveryConfig {
  /** The web app, e.g. http://localhost:3000: question pages and token links point here. */
  baseUrl: string;
  from: { name: string; address: string };
  /** Envelope sender; `{recipient}` becomes the VERP-encoded recipient. Default: the From address. */
  envelopeFrom?: string;
  unsubscribeMailto?: string;
  messageIdDomain: string;
  signer: TokenSigner;
  /** When a failed send is tried again, and when it is given up (DELIVERY_RETRY_*, DELIVERY_GIVE_UP_HOURS). */
  retry: DeliveryRetryPolicy;
  /** Webhook alerts' endpoints: which private hosts are allowed, how long a POST may take, when to disable one. */
  webhooks?: WebhookConfig;
  /** What "now" means in emails (the still-waiting note, "new" or "replayed" answers). Default: LIVE_CLOCK. */
  clock?: ReaderClock;
}

export interface WebhookConfig {
  /** WEBHOOK_ALLOW_HOSTS, lower case. */
  allowHosts: ReadonlySet<string>;
  timeoutMs: number;
  disableAfterMs: number;
}

/** The environment's defaults: public HTTPS endpoints only, 10 s a POST, disabled after 24 hours of failures. */
export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  allowHosts: new Set(),
  timeoutMs: 10_000,
  disableAfterMs: 24 * 3600_000,
};

/**
 * A subscriber's links. Manage and unsubscribe tokens name the subscriber; a confirm token names a confirmation
 * request (see prepareConfirmation), so it confirms exactly what its email listed. All carry tokenVersion.
 */
export function tokenLinks(config: DeliveryConfig, subscriber: { id: string; tokenVersion: number }) {
  const token = (purpose: 'manage' | 'unsubscribe' | 'confirm', subject = subscriber.id) =>
    config.signer.sign({ purpose, subject, version: subscriber.tokenVersion });
  return {
    manageUrl: `${config.baseUrl}/manage/${token('manage')}`,
    unsubscribeUrl: `${config.baseUrl}/unsubscribe/${token('unsubscribe')}`,
    confirmUrl: (confirmationRequestId: string) =>
      `${config.baseUrl}/confirm/${token('confirm', confirmationRequestId)}`,
  };
}
