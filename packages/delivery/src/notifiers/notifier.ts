import type { DeliverJob } from '@alerts/queue';
import type { DeliverDeps } from '../deliver';
import type { SentRecord, SqlClient } from '../delivery-store';

/** What the ledger records once a message is accepted; the notifier adds the message's id and when it went. */
export type SentRecordDraft = Omit<SentRecord, 'messageId' | 'sentAt'>;

/**
 * How one attempt ended, in the classes the ledger (deliver.ts) acts on. Every detail is fit for the Delivery row
 * and for Redis: no recipient address, at most 1000 characters.
 */
export type NotifyOutcome =
  /** Accepted, and recorded SENT (with its matches delivered) in one statement. */
  | { status: 'sent'; messageId: string }
  /** Failed for now (server or endpoint down, a 4xx, a 5xx from a webhook): retried with the ledger's backoff. */
  | { status: 'retry-later'; error: string }
  /** The recipient's address refuses for good (an SMTP 5xx): the address is suppressed and the delivery ends. */
  | { status: 'recipient-refused'; error: string }
  /**
   * The endpoint has failed for too long and is now disabled: the delivery is given up now, with `recordedError` on
   * its row, and the deliveries in `owed` (telling its owner) are planned.
   */
  | { status: 'endpoint-given-up'; error: string; recordedError: string; owed: DeliverJob[] };

/**
 * One channel: sends a prepared message and, once it is accepted, records it SENT (`record`, in the one statement
 * that also marks its matches delivered). Called holding the subscriber's lock, with `client` the lock's
 * connection. It never writes the ledger's failure columns: it says what happened, and deliver.ts records it.
 *
 * @throws SentNotRecordedError when the message was accepted but recording it failed.
 */
export interface Notifier<Message> {
  send(deps: DeliverDeps, client: SqlClient, message: Message, record: SentRecordDraft): Promise<NotifyOutcome>;
}
