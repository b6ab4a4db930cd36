import type { Db } from '@alerts/db';
import type { EmailRenderer } from '@alerts/email';
import { deliverJobSchema, deliveryKey, type DeliverJob } from '@alerts/queue';
import { frequencyOf, kindOf, type PlannedRow, type Prepared } from './delivery-kinds';
import type { SqlClient } from './delivery-store';
import { deliveryIdFor, planDeliveries, recordDeliveryFailure, recordDeliverySkipped } from './delivery-ledger';
import { PipelineError } from '@alerts/subscriptions';
import { notifiers, type Channel, type MessageOf, type NotifyOutcome, type SentRecordDraft } from './notifiers';
import type { SendAndRecord } from '@alerts/send-and-record';
import type { DeliveryConfig } from './delivery-config';
import type { QuestionCardsCache } from '@alerts/composition';
import type { SubscriberLocks } from './subscriber-locks';

export interface DeliverDeps {
  db: Db;
  renderer: EmailRenderer;
  config: DeliveryConfig;
  /** Question details shared by the emails of a process (see createQuestionCardsCache). */
  cards: QuestionCardsCache;
  /**
   * How a message is sent and its delivery recorded: `createSendAndRecord` on this thread, or in the mailer process
   * its sender thread's (see workers/mailer), whose event loop does nothing else.
   */
  sendAndRecord: SendAndRecord;
  /** Held while a delivery is loaded, composed, sent and recorded (createSubscriberLocks). */
  locks: SubscriberLocks;
}

export type DeliverOutcome =
  | { status: 'sent'; deliveryId: string; items: number; messageId: string }
  | { status: 'already-sent'; deliveryId: string }
  /** The send failed for now (SMTP down, a 4xx): the delivery is still owed, and due again at `retryAt`. */
  | { status: 'deferred'; deliveryId: string; retryAt: Date; error: string }
  /** It failed for too long (DELIVERY_GIVE_UP_HOURS) and is marked FAILED, for an admin to see. */
  | { status: 'gave-up'; deliveryId: string; error: string }
  | { status: 'nothing-to-send' }
  | { status: 'skipped'; reason: string };

/**
 * Plan and send one email in this process: the Delivery row is written if it is not there yet, then sent as a job
 * would send it. For in-process callers (`alerts run-once`, tests) and for jobs queued before the ledger existed.
 */
export async function deliver(deps: DeliverDeps, job: DeliverJob): Promise<DeliverOutcome> {
  await planDeliveries(deps.db, [job], { leaseMs: 0 });
  return deliverPlanned(deps, deliveryIdFor(deliveryKey(job)));
}

/**
 * Send one planned delivery (a Delivery row), exactly once as far as SMTP allows:
 * - a row already SENT (a retried or repeated job) stops here; a final one (skipped, failed, suppressed) too;
 * - an email that carries matches claims them on its first attempt and notes them on its row: every retry sends
 *   exactly those, under the same Message-ID (the row's id), so a duplicate is always recognisable;
 * - the matches are marked delivered in the statement that records the row SENT; the only window for a duplicate is
 *   a crash between the server's acceptance and that statement;
 * - everything is done holding the subscriber's lock (deps.locks), so two deliveries of one subscriber never claim
 *   at once, and two jobs of one row never both send.
 * A failed send is recorded on the row: due again after a backoff, or given up after DELIVERY_GIVE_UP_HOURS.
 * A digest is never empty: with nothing to carry, the row is marked SKIPPED and nothing is sent.
 */
export async function deliverPlanned(deps: DeliverDeps, deliveryId: string): Promise<DeliverOutcome> {
  // The row is read, and its subscriber locked when it is still owed, in one statement on the locks' own pool.
  const held = await deps.locks.holdDelivery(deliveryId, async (row, client): Promise<DeliverOutcome> => {
    const parsed = deliverJobSchema.safeParse(row.job);
    if (!parsed.success) return { status: 'skipped', reason: NO_WORK };
    const job = parsed.data;
    const planned: PlannedRow = { deliveryId, dedupeKey: row.dedupeKey, email: row.email, frequency: frequencyOf(job) };
    // The job's kind loads and composes it (./delivery-kinds).
    const prepared = await kindOf(job).prepare(deps, client, job, planned);
    if (prepared.status === 'send') return sendAndRecord(deps, client, prepared);
    return prepared.status === 'already-sent' ? { status: 'already-sent' as const, deliveryId } : prepared;
  });
  if (!held.held) {
    const { row } = held;
    if (!row) return { status: 'skipped', reason: 'no such delivery' };
    if (row.status === 'SENT') return { status: 'already-sent', deliveryId };
    if (row.status !== 'PENDING') return { status: 'skipped', reason: `delivery is ${row.status.toLowerCase()}` };
  }
  // Owed but naming no subscriber to lock for (so no lock was taken): its job cannot be done either.
  const outcome: DeliverOutcome = held.held ? held.result : { status: 'skipped', reason: NO_WORK };
  if (outcome.status === 'nothing-to-send' || outcome.status === 'skipped') {
    await recordDeliverySkipped(deps.db, deliveryId, outcome.status === 'skipped' ? outcome.reason : 'nothing to send');
  }
  return outcome;
}

const NO_WORK = 'the delivery names no work it can do';

/** The message's channel sends it and records it SENT (./notifiers). */
function notify<C extends Channel>(
  deps: DeliverDeps,
  client: SqlClient,
  message: MessageOf<C>,
  record: SentRecordDraft,
): Promise<NotifyOutcome> {
  const notifier: (typeof notifiers)[C] = notifiers[message.channel];
  return notifier.send(deps, client, message, record);
}

/**
 * The ledger's half, the same for every kind and channel: send through the message's channel, which records the row
 * SENT with its matches in one statement, or record the failure: due again after the backoff (given up after
 * DELIVERY_GIVE_UP_HOURS); a refused address suppressed and the delivery ended; an endpoint given up ended now and
 * its owner told.
 */
async function sendAndRecord(
  deps: DeliverDeps,
  client: SqlClient,
  prepared: Extract<Prepared, { status: 'send' }>,
): Promise<DeliverOutcome> {
  const { db, config } = deps;
  const { record } = prepared;
  const { deliveryId, email } = record;
  const sent = await notify(deps, client, prepared.message, record);
  switch (sent.status) {
    case 'sent':
      return { status: 'sent', deliveryId, items: record.items, messageId: sent.messageId };
    case 'retry-later': {
      const failure = await recordDeliveryFailure(db, {
        deliveryId,
        email,
        error: sent.error,
        permanent: false,
        policy: config.retry,
      });
      return failure.status === 'PENDING'
        ? { status: 'deferred', deliveryId, retryAt: failure.retryAt, error: sent.error }
        : { status: 'gave-up', deliveryId, error: sent.error };
    }
    case 'recipient-refused':
      await recordDeliveryFailure(db, { deliveryId, email, error: sent.error, permanent: true, policy: config.retry });
      throw new PipelineError('SEND_PERMANENT', `permanent failure; address suppressed: ${sent.error}`, true);
    case 'endpoint-given-up':
      await recordDeliveryFailure(db, {
        deliveryId,
        email,
        error: sent.recordedError,
        permanent: false,
        policy: { ...config.retry, giveUpAfterMs: 0 },
      });
      await planDeliveries(db, sent.owed);
      return { status: 'gave-up', deliveryId, error: sent.error };
  }
}
