import { sqlPoolOf, type Db } from '@alerts/db';
import { createRenderer, type MailTransport, type RendererOptions } from '@alerts/email';
import type { DeliverDeps } from './deliver';
import type { DeliveryConfig } from './delivery-config';
import { createQuestionCardsCache } from '@alerts/composition';
import { createSendAndRecord, type SendAndRecord } from '@alerts/send-and-record';
import { createSubscriberLocks } from './subscriber-locks';

/** What `deliver` needs, and how to release what was opened for it. */
export interface DeliveryDeps extends DeliverDeps {
  /** Close the subscriber locks' connections and the mail transport it sends through (none when `sendAndRecord` was given: its owner closes that). */
  close(): Promise<void>;
}

/** What {@link createDeliveryDeps} is given: settings already parsed at the process's edge (the mailer's env.ts). */
export interface DeliveryDepsOptions {
  /** Links, From, Message-IDs, token signer, retry policy, webhooks; `clock` is demo mode's stated clock. */
  config: DeliveryConfig;
  /** The subscriber locks' own pool: this database, one connection per concurrent delivery (MAILER_CONCURRENCY). */
  locks: Parameters<typeof createSubscriberLocks>[0];
  /** The renderer's limits (MAX_CARDS_PER_ALERT, EMAIL_HTML_BUDGET_BYTES); default its own. */
  render?: RendererOptions;
  /**
   * How a message leaves: `sendAndRecord` (the mailer's sender thread), or a `transport` this sends through and
   * records on `db`'s pool (closed by `close()`).
   */
  sending: { sendAndRecord: SendAndRecord } | { transport: MailTransport };
}

/** Everything `deliver` needs, from explicit options. */
export async function createDeliveryDeps(db: Db, options: DeliveryDepsOptions): Promise<DeliveryDeps> {
  let transport: MailTransport | undefined;
  let sendAndRecord: SendAndRecord;
  if ('sendAndRecord' in options.sending) sendAndRecord = options.sending.sendAndRecord;
  else {
    transport = options.sending.transport;
    sendAndRecord = createSendAndRecord(transport, sqlPoolOf(db));
  }
  const locks = createSubscriberLocks(options.locks);
  return {
    db,
    sendAndRecord,
    locks,
    // Compiles every MJML template once, here; each email after that is a fill.
    renderer: await createRenderer(options.render ?? {}),
    config: options.config,
    cards: createQuestionCardsCache(db),
    close: async () => {
      await locks.close();
      await transport?.close();
    },
  };
}
