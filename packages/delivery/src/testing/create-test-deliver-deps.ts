import { DEFAULT_RETRY_POLICY } from '../delivery-ledger';
import { sqlPoolOf, type Db } from '@alerts/db';
import { createRenderer, type MailTransport } from '@alerts/email';
import { createTokenSigner } from '@alerts/tokens';
import type { DeliverDeps } from '../deliver';
import type { DeliveryConfig } from '../delivery-config';
import { createQuestionCardsCache } from '@alerts/composition';
import { createSendAndRecord } from '@alerts/send-and-record';
import { createSubscriberLocks } from '../subscriber-locks';

/**
 * What `deliver` needs, for tests: the real renderer, cards cache, subscriber locks and send-then-record over
 * `transport` (a real SMTP server's, or the dev mailbox), on the test's database. `close()` releases the locks'
 * connections and the transport.
 */
export async function createTestDeliverDeps(options: {
  db: Db;
  databaseUrl: string;
  transport: MailTransport;
  config?: Partial<DeliveryConfig>;
  /** The renderer's cards per alert (default: its own, 10); tests that read every card back raise it. */
  maxCardsPerAlert?: number;
  /** The renderer's HTML size budget (default HTML_BUDGET_BYTES); tests that read every card back raise it. */
  htmlBudgetBytes?: number;
}): Promise<DeliverDeps & { close(): Promise<void> }> {
  const config: DeliveryConfig = {
    baseUrl: 'http://alerts.test',
    from: { name: 'Parliament Alerts', address: 'alerts@alerts.test' },
    messageIdDomain: 'alerts.test',
    signer: createTokenSigner('test-delivery-secret-0123456789abcdef'),
    retry: DEFAULT_RETRY_POLICY,
    ...options.config,
  };
  const locks = createSubscriberLocks({ databaseUrl: options.databaseUrl, connections: 4 });
  return {
    db: options.db,
    sendAndRecord: createSendAndRecord(options.transport, sqlPoolOf(options.db)),
    renderer: await createRenderer({
      ...(options.maxCardsPerAlert ? { maxCardsPerAlert: options.maxCardsPerAlert } : {}),
      ...(options.htmlBudgetBytes ? { htmlBudgetBytes: options.htmlBudgetBytes } : {}),
    }),
    config,
    cards: createQuestionCardsCache(options.db),
    locks,
    close: async () => {
      await locks.close();
      await options.transport.close();
    },
  };
}
